import Kernel

/// When a source sends and how large its frames are. Times in picoseconds, sizes in
/// bytes (the Ethernet frame, without preamble and inter-frame gap).
public struct TrafficSpec: Sendable, Equatable {
    public var pattern: TrafficPattern
    /// Frame size, drawn per frame (ignored by trace replay, which carries its sizes).
    public var size: Distribution
    /// Time of the first send (for periodic flows, the phase), drawn once per source.
    public var offset: Distribution
    /// Stop sending at this time; nil = until the end of the run.
    public var stop: SimTime?

    public init(pattern: TrafficPattern, size: Distribution, offset: Distribution = .constant(0),
                stop: SimTime? = nil) {
        self.pattern = pattern
        self.size = size
        self.offset = offset
        self.stop = stop
    }
}

public enum TrafficPattern: Sendable, Equatable {
    /// Every `period`; each send is delayed from its nominal time by a draw of `jitter`
    /// (not accumulated: the nominal grid stays fixed; draws are clipped to [0, period)
    /// so frames stay in order).
    case periodic(period: SimTime, jitter: Distribution?)
    /// Exponential gaps with the given mean (a Poisson stream starting at the offset).
    case poisson(meanGap: Double)
    /// Constant gaps of `gap` (constant bit rate: gap = size × 8 / rate).
    case constantRate(gap: Double)
    /// Alternating on and off periods (durations drawn from `on` and `off`); during an on
    /// period frames leave every `gap`.
    case onOff(on: Distribution, off: Distribution, gap: Double)
    /// Every `every` (drawn), a burst of `count` frames `spacing` apart.
    case burst(every: Distribution, count: Int, spacing: SimTime)
    /// Replay of a capture: send times (picoseconds, ascending) and frame sizes.
    case trace(times: [SimTime], sizes: [Int32])
}
