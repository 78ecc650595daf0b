import Kernel

/// What the 5G TSN bridges on a flow's path did to its frames over one leg (3GPP TS 23.501
/// §5.27.4 hold and forward): the delay from ingress translator to egress translator of each
/// frame that left a bridge, and the frames that reached the egress after their residence
/// time. A leg that crosses two bridges counts each crossing. In picoseconds.
public struct BridgeDelayResult: Sendable, Equatable, Codable {
    /// Crossings that left a bridge (held to the residence time, or late and sent on).
    public var frames: UInt64
    /// Frames that reached the egress after their residence time (sent on or dropped).
    public var late: UInt64
    /// Bridge delay of the crossings that left: exact minimum, mean, maximum and standard
    /// deviation; nil when none did.
    public var min: SimTime?
    public var mean: Double?
    public var max: SimTime?
    public var stddev: Double?

    public init(frames: UInt64 = 0, late: UInt64 = 0, min: SimTime? = nil, mean: Double? = nil, max: SimTime? = nil,
                stddev: Double? = nil) {
        self.frames = frames
        self.late = late
        self.min = min
        self.mean = mean
        self.max = max
        self.stddev = stddev
    }
}

/// Running bridge-delay statistics of one flow row (see `BridgeDelayResult`).
struct BridgeDelayAccumulator {
    var frames: UInt64 = 0
    var late: UInt64 = 0
    var minimum: SimTime = .max
    var maximum: SimTime = 0
    /// Welford's running mean and sum of squared deviations.
    var mean: Double = 0
    var m2: Double = 0

    mutating func record(delay: SimTime, late isLate: Bool, dropped: Bool) {
        if isLate { late &+= 1 }
        guard !dropped else { return }
        frames &+= 1
        if delay < minimum { minimum = delay }
        if delay > maximum { maximum = delay }
        let x = Double(delay)
        let d = x - mean
        mean += d / Double(frames)
        m2 += d * (x - mean)
    }

    var result: BridgeDelayResult {
        guard frames > 0 else { return BridgeDelayResult(late: late) }
        return BridgeDelayResult(frames: frames, late: late, min: minimum, mean: mean, max: maximum,
                                 stddev: frames > 1 ? (m2 / Double(frames - 1)).squareRoot() : 0)
    }
}
