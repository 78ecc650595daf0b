import Kernel

/// Latency summary of a flow: exact min, mean, max and standard deviation; percentiles
/// of nearest rank from a `LatencyHistogram` (exact up to 32 values, then the top of a
/// bucket of 3 significant digits). All in picoseconds.
public struct LatencySummary: Sendable, Equatable, Codable {
    public var min: SimTime
    public var mean: Double
    public var p50: SimTime
    public var p90: SimTime
    public var p99: SimTime
    public var p999: SimTime
    /// The 99.99th percentile (TS 22.104 reliability targets are often "four nines").
    public var p9999: SimTime
    public var p99999: SimTime
    public var max: SimTime
    /// Standard deviation of latency (one of the two jitter figures).
    public var stddev: Double

    public init(min: SimTime, mean: Double, p50: SimTime, p90: SimTime, p99: SimTime, p999: SimTime,
                p9999: SimTime, p99999: SimTime, max: SimTime, stddev: Double) {
        self.min = min
        self.mean = mean
        self.p50 = p50
        self.p90 = p90
        self.p99 = p99
        self.p999 = p999
        self.p9999 = p9999
        self.p99999 = p99999
        self.max = max
        self.stddev = stddev
    }
}

/// The part of a flow's journey a result row describes.
public enum Leg: String, Sendable, Equatable, Codable, CaseIterable {
    /// A plain flow: from its sources to its destination.
    case oneWay = "one-way"
    /// A request flow, from the requester to the service (arrival at the compute node).
    case request
    /// A request flow, from the end of service to the response's destination.
    case response
    /// A request flow, from the request's creation to the response's delivery.
    case roundTrip = "round-trip"

    /// The rows a flow reports: one for a plain flow, three for a request flow.
    public static func rows(request: Bool) -> [Leg] { request ? [.request, .response, .roundTrip] : [.oneWay] }
}

/// What one flow (its sources pooled) or one source of a flow saw after the warm-up, over
/// one leg of the journey.
public struct FlowResult: Sendable, Equatable, Codable {
    public var flow: String
    /// The sending node, for per-source rows; nil for the pooled flow row.
    public var source: String?
    public var leg: Leg
    /// Frames (or requests, or responses) created after the warm-up.
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
    /// Deliveries later than the flow's deadline (on the round trip of a request flow), and
    /// units still in flight at the end of the run that were already older than it.
    public var deadlineMisses: UInt64
    /// The flow's deadline on this row (its one-way or round-trip row); nil elsewhere, and
    /// for a flow without one.
    public var deadline: SimTime?
    /// Of `deadlineMisses`, the units still in flight at the end (older than the deadline).
    public var lateInFlight: UInt64
    /// On a row with a deadline: the age at the end of the run of the oldest unit still in
    /// flight, in picoseconds; nil when none was.
    public var oldestInFlight: SimTime?
    /// Where the mean latency went; nil when nothing was delivered.
    public var split: LatencySplit?
    /// `dropped` by reason (they add up to it).
    public var drops: DropCounts
    /// TS 22.104 availability of the flow (of the source, on a per-source row), on its
    /// one-way or round-trip row; nil unless the flow has a deadline and a survival time.
    public var availability: AvailabilityResult?
    /// What the merge points of a replicated flow saw (FRER, PRP); nil for other flows.
    public var replication: ReplicationResult?
    /// What the 5G TSN bridges on its path did (delay, late frames); nil for a flow that
    /// crosses none.
    public var bridge: BridgeDelayResult?

    public init(flow: String, source: String? = nil, leg: Leg = .oneWay, sent: UInt64, delivered: UInt64,
                dropped: UInt64, throughputBitsPerSecond: Double, latency: LatencySummary?, meanAbsIPDV: Double?,
                deadlineMisses: UInt64, split: LatencySplit? = nil, drops: DropCounts? = nil,
                availability: AvailabilityResult? = nil, replication: ReplicationResult? = nil,
                deadline: SimTime? = nil, lateInFlight: UInt64 = 0, oldestInFlight: SimTime? = nil) {
        self.deadline = deadline
        self.lateInFlight = lateInFlight
        self.oldestInFlight = oldestInFlight
        self.split = split
        self.drops = drops ?? DropCounts(bufferFull: dropped)
        self.availability = availability
        self.replication = replication
        self.flow = flow
        self.source = source
        self.leg = leg
        self.sent = sent
        self.delivered = delivered
        self.dropped = dropped
        self.throughputBitsPerSecond = throughputBitsPerSecond
        self.latency = latency
        self.meanAbsIPDV = meanAbsIPDV
        self.deadlineMisses = deadlineMisses
    }

    /// Sent but neither delivered nor dropped by the end (never negative).
    public var inFlight: UInt64 {
        let done = delivered &+ dropped
        return sent > done ? sent - done : 0
    }

    /// dropped / sent; nil when nothing was sent.
    public var lossRatio: Double? { sent == 0 ? nil : Double(dropped) / Double(sent) }
}

/// What the merge points of a replicated flow (or of one source's stream) saw over one leg:
/// IEEE 802.1CB sequence recovery or IEC 62439-3 duplicate discard.
public struct ReplicationResult: Sendable, Equatable, Codable {
    /// Copies discarded at the merge point (duplicates, or too old to tell).
    public var duplicatesDiscarded: UInt64
    /// Frames passed whose sequence number was not the one after the last passed.
    public var outOfOrder: UInt64
    /// The longest time between two consecutive frames a merge point passed of one stream,
    /// both after the warm-up, in picoseconds; nil when no stream passed two.
    public var longestGap: SimTime?

    public init(duplicatesDiscarded: UInt64 = 0, outOfOrder: UInt64 = 0, longestGap: SimTime? = nil) {
        self.duplicatesDiscarded = duplicatesDiscarded
        self.outOfOrder = outOfOrder
        self.longestGap = longestGap
    }

    /// Adds another stream (or leg): counts summed, the longer gap kept.
    public mutating func merge(_ other: ReplicationResult) {
        duplicatesDiscarded &+= other.duplicatesDiscarded
        outOfOrder &+= other.outOfOrder
        if let g = other.longestGap, g > (longestGap ?? -1) { longestGap = g }
    }
}

/// One fault of the plant (a link, node or group of `PlantSpec.faults`) over the observed
/// window, from the warm-up's end to the end of the run.
public struct FaultResult: Sendable, Equatable, Codable {
    public var fault: String
    /// Times it was down within the window: failures that struck in it, and one that was
    /// already down when it began.
    public var failures: UInt64
    /// Time down within the window, in picoseconds, and the longest single time down (both
    /// cut at the window's edges).
    public var downtime: SimTime
    public var longestDowntime: SimTime
    /// Whether it was still down at the end.
    public var downAtEnd: Bool

    public init(fault: String, failures: UInt64, downtime: SimTime, longestDowntime: SimTime, downAtEnd: Bool) {
        self.fault = fault
        self.failures = failures
        self.downtime = downtime
        self.longestDowntime = longestDowntime
        self.downAtEnd = downAtEnd
    }
}

/// The mean latency of a flow leg taken apart (picoseconds; they sum to the mean).
public struct LatencySplit: Sendable, Equatable, Codable {
    /// Waiting in queues outside the core (Ethernet, links, radio buffers beyond the first
    /// occasion a frame alone could use).
    public var queueing: Double
    /// Radio access as a frame alone sees it: processing, scheduling request and grant,
    /// alignment to the frame structure, transmission.
    public var radio: Double
    /// Extra time of HARQ retransmissions.
    public var harq: Double
    /// gNB to UPF: the N3 path and the UPF's processing.
    public var core: Double
    /// Wired transit: serialization, propagation, switching, external links.
    public var wired: Double
    /// Round trip only: time at the service (waiting and service).
    public var compute: Double

    public init(queueing: Double, radio: Double, harq: Double, core: Double, wired: Double, compute: Double) {
        self.queueing = queueing
        self.radio = radio
        self.harq = harq
        self.core = core
        self.wired = wired
        self.compute = compute
    }
}

/// Units lost at a site (port, link direction, compute node) to failures, by reason.
public struct FaultDrops: Sendable, Equatable, Codable {
    /// On a failed link, or offered to one that was down.
    public var linkDown: UInt64
    /// In a failed node, or arriving at one that was down.
    public var nodeDown: UInt64
    /// With no path to the destination.
    public var noRoute: UInt64

    public init(linkDown: UInt64 = 0, nodeDown: UInt64 = 0, noRoute: UInt64 = 0) {
        self.linkDown = linkDown
        self.nodeDown = nodeDown
        self.noRoute = noRoute
    }

    public init(_ counts: DropCounts) {
        self.init(linkDown: counts.linkDown, nodeDown: counts.nodeDown, noRoute: counts.noRoute)
    }

    public var total: UInt64 { linkDown &+ nodeDown &+ noRoute }
}

/// Frames the stream functions of IEEE 802.1Qci and 802.1Qcr dropped at a port (see `DropReason`).
public struct StreamDrops: Sendable, Equatable, Codable {
    /// Refused by the stream filter or flow meter of the bridge this port's link enters.
    public var policed: UInt64
    /// Above the maximum SDU size of that stream filter.
    public var oversize: UInt64
    /// Discarded by an ATS scheduler of this port (past its group's MaxResidenceTime).
    public var maxResidence: UInt64

    public init(policed: UInt64 = 0, oversize: UInt64 = 0, maxResidence: UInt64 = 0) {
        self.policed = policed
        self.oversize = oversize
        self.maxResidence = maxResidence
    }

    public init(_ counts: DropCounts) {
        self.init(policed: counts.policed, oversize: counts.oversize, maxResidence: counts.maxResidence)
    }

    public var total: UInt64 { policed &+ oversize &+ maxResidence }
}

/// What one Ethernet egress port saw after the warm-up.
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
    /// Frames refused by a full queue (tail drops).
    public var drops: UInt64
    /// Frames lost here to failures: a link or node down, no route (see `DropReason`).
    public var faultDrops: FaultDrops
    /// Frames of streams policed where this port's link enters a bridge, or discarded by
    /// this port's ATS schedulers.
    public var streamDrops: StreamDrops
    /// Gates, preemption and shapers, for a port that uses them (nil otherwise).
    public var tsn: PortTSNResult?

    public init(node: String, port: String, utilization: Double, framesSent: UInt64, queueMeanFrames: Double,
                queueMaxFrames: Int, queueMeanBytes: Double, queueMaxBytes: Int64, drops: UInt64,
                faultDrops: FaultDrops = FaultDrops(), streamDrops: StreamDrops = StreamDrops(),
                tsn: PortTSNResult? = nil) {
        self.tsn = tsn
        self.faultDrops = faultDrops
        self.streamDrops = streamDrops
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

/// What one direction of an external-network link saw after the warm-up.
public struct LinkResult: Sendable, Equatable, Codable {
    /// The link's name, such as "gateway→cloud".
    public var link: String
    public var node: String
    public var peer: String
    public var direction: String
    /// Frames the link carried (lost ones excluded) and lost in transit.
    public var frames: UInt64
    public var lost: UInt64
    /// Frames refused by a full buffer in front of the capacity.
    public var drops: UInt64
    /// Fraction of time the capacity was busy, and the frames waiting for it (time average
    /// and maximum); nil for a link without capacity.
    public var utilization: Double?
    public var queueMeanFrames: Double?
    public var queueMaxFrames: Int?
    /// Time from entering the link to arriving at its far end (queue, serialization,
    /// delay): mean and maximum in picoseconds, nil when nothing crossed.
    public var transitMean: Double?
    public var transitMax: SimTime?
    /// Frames lost here to failures (see `DropReason`).
    public var faultDrops: FaultDrops

    public init(link: String, node: String, peer: String, direction: String, frames: UInt64, lost: UInt64,
                drops: UInt64, utilization: Double?, queueMeanFrames: Double?, queueMaxFrames: Int?,
                transitMean: Double?, transitMax: SimTime?, faultDrops: FaultDrops = FaultDrops()) {
        self.faultDrops = faultDrops
        self.link = link
        self.node = node
        self.peer = peer
        self.direction = direction
        self.frames = frames
        self.lost = lost
        self.drops = drops
        self.utilization = utilization
        self.queueMeanFrames = queueMeanFrames
        self.queueMaxFrames = queueMaxFrames
        self.transitMean = transitMean
        self.transitMax = transitMax
    }

    /// lost / (carried + lost): the share lost in transit of the frames that entered
    /// (buffer drops excluded); nil when none did.
    public var lossRatio: Double? { frames + lost == 0 ? nil : Double(lost) / Double(frames + lost) }
}

/// What one compute node saw after the warm-up.
public struct ComputeResult: Sendable, Equatable, Codable {
    public var node: String
    public var servers: Int
    /// Fraction of server time busy (all servers together).
    public var utilization: Double
    /// Tasks whose service started.
    public var tasks: UInt64
    /// Time-average and maximum of the tasks waiting (not those in service).
    public var queueMean: Double
    public var queueMax: Int
    /// Time from arrival to the start of service, and to its end: mean and maximum in
    /// picoseconds, nil when no task started.
    public var waitMean: Double?
    public var waitMax: SimTime?
    public var sojournMean: Double?
    public var sojournMax: SimTime?
    /// Requests refused because the waiting room was full.
    public var rejections: UInt64
    /// Tasks lost here to failures (see `DropReason`).
    public var faultDrops: FaultDrops

    public init(node: String, servers: Int, utilization: Double, tasks: UInt64, queueMean: Double, queueMax: Int,
                waitMean: Double?, waitMax: SimTime?, sojournMean: Double?, sojournMax: SimTime?, rejections: UInt64,
                faultDrops: FaultDrops = FaultDrops()) {
        self.faultDrops = faultDrops
        self.node = node
        self.servers = servers
        self.utilization = utilization
        self.tasks = tasks
        self.queueMean = queueMean
        self.queueMax = queueMax
        self.waitMean = waitMean
        self.waitMax = waitMax
        self.sojournMean = sojournMean
        self.sojournMax = sojournMax
        self.rejections = rejections
    }

    /// rejections / (tasks + rejections); nil when no request arrived.
    public var rejectionRatio: Double? {
        tasks + rejections == 0 ? nil : Double(rejections) / Double(tasks + rejections)
    }
}

/// What one run produced: plain Sendable values.
public struct RunResult: Sendable {
    public var variant: String
    public var flows: [FlowResult]
    public var ports: [PortResult]
    public var links: [LinkResult]
    public var compute: [ComputeResult]
    /// Per NR cell and direction, and per terminal and direction.
    public var cells: [CellResult] = []
    public var terminals: [TerminalResult] = []
    /// Per fault of the plant (empty when it has none).
    public var faults: [FaultResult] = []
    /// Events the kernel handled.
    public var events: UInt64
    public var simulated: SimTime
    public var wallSeconds: Double
    public var stopReason: StopReason
    /// The seed and warm-up the design ran with (a variant may set its own).
    public var seed: UInt64
    public var warmup: SimTime

    public init(variant: String, flows: [FlowResult], ports: [PortResult], links: [LinkResult] = [],
                compute: [ComputeResult] = [], cells: [CellResult] = [], terminals: [TerminalResult] = [],
                faults: [FaultResult] = [], events: UInt64, simulated: SimTime, wallSeconds: Double,
                stopReason: StopReason, seed: UInt64 = 0, warmup: SimTime = 0) {
        self.faults = faults
        self.cells = cells
        self.terminals = terminals
        self.seed = seed
        self.warmup = warmup
        self.variant = variant
        self.flows = flows
        self.ports = ports
        self.links = links
        self.compute = compute
        self.events = events
        self.simulated = simulated
        self.wallSeconds = wallSeconds
        self.stopReason = stopReason
    }
}
