import Kernel

/// Token-bucket arrival curves of the sources, counted in frames (burst in frames, rate in
/// frames per second), so one curve serves every port of a route whatever its overhead and
/// padding: at a port, bits = frames × the largest frame's size on that wire. A source's
/// send times are rounded to the picosecond (`Source.clamp`), so a curve allows one
/// picosecond more than the exact schedule where that rounding can move a send.
public enum SourceCurves {
    /// The curve of a source's frames as it sends them, or why it has none.
    public static func frames(_ traffic: TrafficSpec) -> Result<ArrivalCurve, Unbounded> {
        let ps = NetworkCalculus.second
        switch traffic.pattern {
        case let .periodic(period, jitter):
            // Frame k leaves in [kP, kP + J] (J clipped below a period): a window of length
            // t holds at most ⌊(t + J)/P⌋ + 1 ≤ 1 + J/P + t/P frames. Without jitter the
            // grid is exact: a whole period apart after rounding.
            let p = Double(period)
            let j = jitter.map { Swift.min(Swift.max(0, $0.upperBound), p - 1) + 1 } ?? 0
            return .success(ArrivalCurve(burst: 1 + j / p, rate: ps / p))
        case let .constantRate(gap):
            guard gap > 0 else { return .failure(.init("a constant rate without a gap")) }
            return .success(ArrivalCurve(burst: 1 + 1 / gap, rate: ps / gap))
        case let .onOff(_, _, gap):
            // Sending time accrues only while on: consecutive frames are at least a gap apart
            // (the peak rate bounds the long-term one).
            guard gap > 0 else { return .failure(.init("on/off frames without a gap")) }
            return .success(ArrivalCurve(burst: 1 + 1 / gap, rate: ps / gap))
        case let .burst(every, count, spacing):
            return burst(every: every.minimum, count: count, spacing: Double(spacing))
        case .poisson:
            return .failure(.init("Poisson arrivals have no finite burst"))
        case .trace:
            return .failure(.init("a trace has no arrival curve"))
        }
    }

    /// Bursts of k frames s apart, starting at least E apart (nominally; a burst starts
    /// no earlier than the last frame of the one before).
    /// - E ≥ (k − 1)s: bursts never overlap, and a window of length t holds at most
    ///   m + k(t + (k − m)s)/E frames when it catches the last m of a first burst, so at
    ///   most max(k, 1 + k(k − 1)s/E) + k·t/E.
    /// - otherwise bursts follow each other back to back: frames are s apart within a burst
    ///   and bursts start at least (k − 1)s apart, so a window holds at most
    ///   2 + t/s + t/((k − 1)s).
    static func burst(every e: Double, count k: Int, spacing s: Double) -> Result<ArrivalCurve, Unbounded> {
        let ps = NetworkCalculus.second, kk = Double(k)
        if e > 0 && e >= (kk - 1) * s {
            let b = Swift.max(kk, 1 + kk * (kk - 1) * s / e), r = kk / e
            return .success(ArrivalCurve(burst: b + r, rate: r * ps))  // + r: one picosecond of rounding
        }
        guard k > 1, s > 0 else { return .failure(.init("bursts may follow each other without a gap")) }
        let r = (1 + 1 / (kk - 1)) / s
        return .success(ArrivalCurve(burst: 2 + r, rate: r * ps))
    }
}

/// Why a stream, a queue or a flow has no finite bound.
public struct Unbounded: Error, Sendable, Equatable {
    public var reason: String
    public init(_ reason: String) { self.reason = reason }
}

extension Distribution {
    /// The largest value the distribution can produce (infinity when it has no maximum).
    public var upperBound: Double {
        switch self {
        case let .constant(v): return v
        case let .uniform(_, h): return h
        case let .empirical(values, _): return values.last ?? .infinity
        case let .shifted(base, offset): return base.upperBound + offset
        default: return .infinity
        }
    }
}
