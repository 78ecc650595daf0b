/// Simulated time in integer picoseconds (Int64: about 106 days of range). The engine never
/// uses floating-point seconds; conversion happens only at the edges.
public typealias SimTime = Int64

public enum Time {
    public static let picosecond: SimTime = 1
    public static let nanosecond: SimTime = 1_000
    public static let microsecond: SimTime = 1_000_000
    public static let millisecond: SimTime = 1_000_000_000
    public static let second: SimTime = 1_000_000_000_000
    /// The largest time the engine accepts (about 26.7 days): a quarter of the range, so
    /// an event time plus a transmission time plus a propagation delay never overflows.
    public static let maximum: SimTime = Int64.max / 4

    /// Seconds as a decimal, for reports.
    @inlinable public static func seconds(_ t: SimTime) -> Double { Double(t) / 1e12 }

    /// Nearest picosecond to a number of seconds, or nil when out of range or not finite.
    public static func fromSeconds(_ s: Double) -> SimTime? { fromPicoseconds(s * 1e12) }

    /// Nearest picosecond, or nil when not finite or beyond ±`maximum`.
    public static func fromPicoseconds(_ ps: Double) -> SimTime? {
        let r = ps.rounded()
        // Double(maximum) rounds up to 2^61, so compare strictly below it.
        guard r.isFinite, abs(r) < Double(maximum) else { return nil }
        return SimTime(r)
    }

    /// A drawn duration in picoseconds as a time: negative draws become 0, and draws beyond
    /// `maximum` (or not finite, as heavy-tailed distributions can give) become `maximum`.
    @inlinable
    public static func duration(_ ps: Double) -> SimTime {
        guard ps > 0 else { return 0 }
        return ps < Double(maximum) ? SimTime(ps.rounded()) : maximum
    }
}
