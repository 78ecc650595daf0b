import Kernel

/// Latency summary of a flow: exact min, mean, max and standard deviation; percentiles
/// from an HdrHistogram with 3 significant digits. All in picoseconds.
public struct LatencySummary: Sendable, Equatable, Codable {
    public var min: SimTime
    public var mean: Double
    public var p50: SimTime
    public var p90: SimTime
    public var p99: SimTime
    public var p999: SimTime
    public var p99999: SimTime
    public var max: SimTime
    /// Standard deviation of latency (one of the two jitter figures).
    public var stddev: Double

    public init(min: SimTime, mean: Double, p50: SimTime, p90: SimTime, p99: SimTime, p999: SimTime,
                p99999: SimTime, max: SimTime, stddev: Double) {
        self.min = min
        self.mean = mean
        self.p50 = p50
        self.p90 = p90
        self.p99 = p99
        self.p999 = p999
        self.p99999 = p99999
        self.max = max
        self.stddev = stddev
    }
}

/// What one flow (its sources pooled) or one source of a flow saw after the warm-up.
public struct FlowResult: Sendable, Equatable, Codable {
    public var flow: String
    /// The sending node, for per-source rows; nil for the pooled flow row.
    public var source: String?
    /// Frames created after the warm-up.
    public var sent: UInt64
    /// Of those, delivered and dropped (the rest were still in flight at the end).
    public var delivered: UInt64
    public var dropped: UInt64
    /// Delivered frame bytes × 8 over the measured time.
    public var throughputBitsPerSecond: Double
    /// Nil when nothing was delivered.
    public var latency: LatencySummary?
    /// Mean |IPDV| between consecutive deliveries of the same source (RFC 3393), in ps.
    public var meanAbsIPDV: Double?
    public var deadlineMisses: UInt64

    public init(flow: String, source: String? = nil, sent: UInt64, delivered: UInt64, dropped: UInt64,
                throughputBitsPerSecond: Double, latency: LatencySummary?, meanAbsIPDV: Double?,
                deadlineMisses: UInt64) {
        self.flow = flow
        self.source = source
        self.sent = sent
        self.delivered = delivered
        self.dropped = dropped
        self.throughputBitsPerSecond = throughputBitsPerSecond
        self.latency = latency
        self.meanAbsIPDV = meanAbsIPDV
        self.deadlineMisses = deadlineMisses
    }
}

/// What one egress port saw after the warm-up.
public struct PortResult: Sendable, Equatable, Codable {
    public var node: String
    public var port: String
    /// Fraction of time transmitting.
    public var utilization: Double
    public var framesSent: UInt64
    /// Time-average and maximum of the frames (and bytes) waiting, excluding the frame on the wire.
    public var queueMeanFrames: Double
    public var queueMaxFrames: Int
    public var queueMeanBytes: Double
    public var queueMaxBytes: Int64
    public var drops: UInt64

    public init(node: String, port: String, utilization: Double, framesSent: UInt64, queueMeanFrames: Double,
                queueMaxFrames: Int, queueMeanBytes: Double, queueMaxBytes: Int64, drops: UInt64) {
        self.node = node
        self.port = port
        self.utilization = utilization
        self.framesSent = framesSent
        self.queueMeanFrames = queueMeanFrames
        self.queueMaxFrames = queueMaxFrames
        self.queueMeanBytes = queueMeanBytes
        self.queueMaxBytes = queueMaxBytes
        self.drops = drops
    }
}

/// What one run produced: plain Sendable values.
public struct RunResult: Sendable {
    public var variant: String
    public var flows: [FlowResult]
    public var ports: [PortResult]
    /// Events the kernel handled.
    public var events: UInt64
    public var simulated: SimTime
    public var wallSeconds: Double
    public var stopReason: StopReason
    /// The seed and warm-up the design ran with (a variant may set its own).
    public var seed: UInt64
    public var warmup: SimTime

    public init(variant: String, flows: [FlowResult], ports: [PortResult], events: UInt64, simulated: SimTime,
                wallSeconds: Double, stopReason: StopReason, seed: UInt64 = 0, warmup: SimTime = 0) {
        self.seed = seed
        self.warmup = warmup
        self.variant = variant
        self.flows = flows
        self.ports = ports
        self.events = events
        self.simulated = simulated
        self.wallSeconds = wallSeconds
        self.stopReason = stopReason
    }
}
