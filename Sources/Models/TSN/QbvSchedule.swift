import Kernel

/// What `ScheduleSynthesis` is asked for.
public struct ScheduleOptions: Sendable, Equatable {
    /// The priority code point of the scheduled streams: every periodic flow at it is one
    /// stream per source.
    public var priority: Int
    /// The gate cycle; nil = the hyperperiod (least common multiple of the streams' periods).
    public var cycle: SimTime?
    /// The most gate control list entries a port holds (802.1Qbv SupportedListMax, 12.29.1.5).
    public var gclLimit: Int
    /// The longest hyperperiod taken; beyond it the longest period is the cycle.
    public var maxCycle: SimTime
    /// Whether refused streams get suggestions (each costs a few more syntheses).
    public var diagnose: Bool

    public init(priority: Int = 7, cycle: SimTime? = nil, gclLimit: Int = 1024, maxCycle: SimTime = Time.second,
                diagnose: Bool = true) {
        self.priority = priority
        self.cycle = cycle
        self.gclLimit = gclLimit
        self.maxCycle = maxCycle
        self.diagnose = diagnose
    }
}

/// A scheduled stream: one source of a periodic flow.
public struct StreamID: Sendable, Hashable, Comparable {
    public var flow: Int
    /// Index into the flow's `sources`.
    public var source: Int
    public init(flow: Int, source: Int) {
        self.flow = flow
        self.source = source
    }
    public static func < (a: Self, b: Self) -> Bool { (a.flow, a.source) < (b.flow, b.source) }
}

/// A stream's frame on one egress port of its route, in time after the frame's send.
public struct StreamHop: Sendable, Equatable {
    public var port: Int
    /// Earliest and latest start of its transmission (they differ only after a switch whose
    /// relay delay varies).
    public var earliest: SimTime
    public var latest: SimTime
    /// The port's window for it, [open, close): earliest start to latest start plus the
    /// whole wire time (inter-frame gap included), widened by the clocks' margin each side.
    public var open: SimTime
    public var close: SimTime

    public init(port: Int, earliest: SimTime, latest: SimTime, open: SimTime, close: SimTime) {
        self.port = port
        self.earliest = earliest
        self.latest = latest
        self.open = open
        self.close = close
    }

    public var length: SimTime { close &- open }
}

/// A stream the synthesis placed.
public struct ScheduledStream: Sendable, Equatable {
    public var id: StreamID
    public var period: SimTime
    /// The largest frame it sends (bytes, before padding).
    public var bytes: Int32
    public var hops: [StreamHop]
    /// Send to delivery without queueing: the largest and the smallest (equal unless a
    /// relay delay varies).
    public var latency: SimTime
    public var minLatency: SimTime
    public var deadline: SimTime?
    /// The talker's phase: its frames leave at offset + k × period.
    public var offset: SimTime

    public var slack: SimTime? { deadline.map { $0 &- latency } }
}

/// A scheduled window on a port, within the cycle: [start, end).
public struct PortWindow: Sendable, Equatable {
    public var start: SimTime
    public var end: SimTime
    public init(start: SimTime, end: SimTime) {
        self.start = start
        self.end = end
    }
}

/// The gates the synthesis gives one egress port.
public struct PortSchedule: Sendable, Equatable {
    public var port: Int
    /// The traffic class of the scheduled priority on this port (IEEE 802.1Q Table 8-5).
    public var trafficClass: Int
    /// Merged windows in cycle order (a window that wraps past the cycle's end is two).
    public var windows: [PortWindow]
    public var gates: GateControlList
    /// Share of the cycle in scheduled windows.
    public var utilisation: Double
    /// Other priorities of flows crossing the port that share the scheduled class (their
    /// frames may use the windows).
    public var sharedPriorities: [Int]
}

/// Why a stream has no place in the schedule.
public enum RefusalReason: Sendable, Equatable {
    /// The flow is not periodic (its kind's name).
    case notPeriodic(String)
    /// Its sends are jittered off the period grid.
    case jitter
    /// A request flow (its responses' timing depends on a service).
    case request
    /// A replicated flow (802.1CB or PRP copies).
    case replicated
    /// Its frame size has no largest value.
    case unboundedSize
    /// Its route crosses something other than Ethernet (a WAN link, a radio, a service).
    case notEthernet(Hop.Kind)
    /// A relay on the route has a switching delay without a largest value (node index).
    case unboundedRelay(node: Int)
    /// A port on the route has one traffic class: gates cannot set scheduled frames apart.
    case singleClass(port: Int)
    /// Its period does not divide the cycle.
    case period(SimTime, cycle: SimTime)
    /// Its window on a port is longer than its period (frames would overlap themselves).
    case windowLongerThanPeriod(port: Int, window: SimTime, period: SimTime)
    /// Even without queueing it is late; `rate` is the standard line rate at which its
    /// path's slower links would bring it within the deadline, if any.
    case deadline(latency: SimTime, deadline: SimTime, rate: Int64?)
    /// No phase gives free windows on every port of its route.
    case noRoom(Bottleneck)
}

/// The port that kept a stream out, and what would let it in.
public struct Bottleneck: Sendable, Equatable {
    public var port: Int
    /// Whether this port alone leaves no phase (else only the ports together do).
    public var alone: Bool
    /// Share of the cycle the port's scheduled windows took before this stream.
    public var utilisation: Double
    /// The stream's window on the port and how many it needs per cycle.
    public var window: SimTime
    public var windowsPerCycle: Int
    /// The longest free stretch of the port's cycle.
    public var largestGap: SimTime
    /// The streams whose windows the port held, in stream order.
    public var streams: [StreamID]
    /// The slowest standard line rate of the port's link at which the stream fits (every
    /// other stream still placed); nil when none up to 400 Gbit/s does.
    public var rate: Int64?
    /// A longer period of the stream's flow with which it fits, and the cycle then.
    public var period: SimTime?
    public var periodCycle: SimTime?
    /// The shortest path avoiding the port (nil when there is none), and whether the
    /// stream fits on it.
    public var path: [Hop]?
    public var pathFits: Bool

    public init(port: Int, alone: Bool, utilisation: Double, window: SimTime, windowsPerCycle: Int,
                largestGap: SimTime, streams: [StreamID]) {
        self.port = port
        self.alone = alone
        self.utilisation = utilisation
        self.window = window
        self.windowsPerCycle = windowsPerCycle
        self.largestGap = largestGap
        self.streams = streams
        rate = nil
        period = nil
        periodCycle = nil
        path = nil
        pathFits = false
    }
}

/// A stream the synthesis refused.
public struct Refusal: Sendable, Equatable {
    public var id: StreamID
    public var reason: RefusalReason
}

/// How the cycle was chosen.
public enum CycleChoice: Sendable, Equatable {
    /// The least common multiple of the streams' periods.
    case hyperperiod
    /// Given by the caller.
    case given
    /// The hyperperiod (nil: beyond 64 bits) exceeded `ScheduleOptions.maxCycle`; the
    /// longest period was taken.
    case longestPeriod(hyperperiod: SimTime?)
}

/// A Qbv schedule: per-port gate control lists and per-stream talker offsets.
public struct QbvSchedule: Sendable, Equatable {
    public var priority: Int
    public var cycle: SimTime
    public var cycleChoice: CycleChoice
    /// How much each window is widened on each side for the clocks' error (0 with perfect clocks).
    public var clockMargin: SimTime
    public var gclLimit: Int
    /// Placed streams, in stream order.
    public var streams: [ScheduledStream]
    /// Refused streams, in stream order.
    public var refused: [Refusal]
    /// Ports with windows, in port order.
    public var ports: [PortSchedule]

    /// Ports whose gate control list is longer than the limit.
    public var overLimit: [PortSchedule] { ports.filter { $0.gates.entries.count > gclLimit } }
    /// Every stream placed within its deadline and every list within the limit.
    public var isComplete: Bool { refused.isEmpty && overLimit.isEmpty }
    public func stream(_ id: StreamID) -> ScheduledStream? { streams.first { $0.id == id } }
}
