import Experiments

/// Which way a flow metric improves: what turns a significant difference into "better"
/// or "worse".
public enum MetricDirection: Sendable, Equatable {
    case lowerIsBetter, higherIsBetter
    /// Neither (frames sent): a difference is only "higher" or "lower".
    case neutral

    /// Higher is better for availability, throughput, deliveries, the time between
    /// failures and the deadline slack; `sent` is neutral; every other flow figure
    /// (latencies, jitter, losses, drops, misses, failures, outages, gaps) is better lower.
    public init(metric: String) {
        switch metric {
        case "availability", "throughput_bps", "delivered", "mtbf_s", "worst_slack_s": self = .higherIsBetter
        case "sent", "bridge_frames": self = .neutral
        default: self = .lowerIsBetter
        }
    }

    /// Whether `a` is better than `b` (for ranking; neutral metrics rank lower first).
    public func prefers(_ a: Double, over b: Double) -> Bool { self == .higherIsBetter ? a > b : a < b }
}

/// The verdict on a difference between a design and the base.
public enum Verdict: String, Sendable, Equatable, Codable {
    case better, worse
    /// For a neutral metric.
    case higher, lower
    case noSignificantDifference = "no significant difference"
    /// The paired interval has zero width and zero mean: the designs gave identical figures.
    case same
    /// Fewer than two replications have the figure in both designs: no interval.
    case unknown = "n/a"

    /// The verdict on a paired estimate of design − base.
    public init(_ difference: Estimate, direction: MetricDirection) {
        guard let low = difference.low, let high = difference.high else {
            self = .unknown
            return
        }
        if difference.halfWidth == 0 && difference.mean == 0 {
            self = .same
        } else if low > 0 || high < 0 {
            let up = low > 0
            switch direction {
            case .lowerIsBetter: self = up ? .worse : .better
            case .higherIsBetter: self = up ? .better : .worse
            case .neutral: self = up ? .higher : .lower
            }
        } else {
            self = .noSignificantDifference
        }
    }

    /// A difference worth showing: the interval excludes 0.
    public var isSignificant: Bool { [.better, .worse, .higher, .lower].contains(self) }
}
