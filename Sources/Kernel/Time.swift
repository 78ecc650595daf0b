/// Simulated time in integer picoseconds (about 106 days of range). The engine never
/// uses floating-point seconds; conversion happens only at the edges.
public typealias SimTime = Int64

public enum Time {
    public static let picosecond: SimTime = 1
    public static let nanosecond: SimTime = 1_000
    public static let microsecond: SimTime = 1_000_000
    public static let millisecond: SimTime = 1_000_000_000
    public static let second: SimTime = 1_000_000_000_000
    /// The largest time the engine accepts (~106 days), so sums never overflow.
    public static let maximum: SimTime = Int64.max / 1_000

    /// Seconds as a decimal, for reports.
    @inlinable public static func seconds(_ t: SimTime) -> Double { Double(t) / 1e12 }

    /// Nearest picosecond to a number of seconds, or nil when out of range or not finite.
    public static func fromSeconds(_ s: Double) -> SimTime? {
        let ps = (s * 1e12).rounded()
        guard ps.isFinite, abs(ps) <= Double(maximum) else { return nil }
        return SimTime(ps)
    }
}
