import Kernel

/// A network ready to build: every reference is an index, every quantity in base units
/// (picoseconds, bits per second, bytes). The Scenario layer produces it from a file;
/// Swift code can write it directly.
public struct NetworkSpec: Sendable, Equatable {
    public var nodes: [NodeSpec] = []
    /// Egress ports; a full-duplex link is two ports, one at each end.
    public var ports: [PortSpec] = []
    public var flows: [FlowSpec] = []
    public init() {}
}

public enum NodeKind: String, Sendable, Equatable, CaseIterable {
    /// An end station: a device, controller or server. Originates and terminates frames.
    case station
    /// A bridge that forwards frames between its ports.
    case `switch`
}

/// How a switch forwards a frame (IEEE 802.1Q 8.6: the relay's forwarding process).
public enum ForwardingMode: String, Sendable, Equatable, CaseIterable {
    /// The whole frame is received before it is queued on the egress port.
    case storeAndForward = "store-and-forward"
    /// Forwarding starts once the header is in, when the egress port is no faster than the
    /// ingress port (otherwise the frame is stored and forwarded).
    case cutThrough = "cut-through"
}

public struct NodeSpec: Sendable, Equatable {
    public var name: String
    public var kind: NodeKind
    public var forwarding: ForwardingMode
    /// Time from the frame's reception (or header, in cut-through) to its arrival in the
    /// egress queue, in picoseconds. Drawn per frame.
    public var switchingDelay: Distribution

    public init(name: String, kind: NodeKind, forwarding: ForwardingMode = .storeAndForward,
                switchingDelay: Distribution = .constant(0)) {
        self.name = name
        self.kind = kind
        self.forwarding = forwarding
        self.switchingDelay = switchingDelay
    }
}

/// One direction of a full-duplex point-to-point Ethernet link, seen from its sender.
public struct PortSpec: Sendable, Equatable {
    /// Name for reports, e.g. "eth0" or the peer's name.
    public var name: String
    public var node: Int
    public var peerNode: Int
    /// Line rate in bits per second.
    public var rateBitsPerSecond: Int64
    /// Propagation delay in picoseconds (cable length × 5 ns/m when given as a length).
    public var propagation: SimTime
    /// Bytes on the wire per frame besides the frame itself: preamble 7 + SFD 1 +
    /// inter-packet gap 12 = 20 B (IEEE 802.3 clause 3.1, 4.4.2).
    public var overheadBytes: Int32
    /// Frames shorter than this are padded (IEEE 802.3 minFrameSize, 64 B).
    public var minFrameBytes: Int32
    /// Largest frame accepted (1522 B: a VLAN-tagged maximum frame, IEEE 802.3 3.5).
    public var maxFrameBytes: Int32
    /// Waiting room per port, shared by its traffic classes; nil = unbounded.
    public var bufferBytes: Int64?
    public var bufferFrames: Int32?

    public init(name: String, node: Int, peerNode: Int, rateBitsPerSecond: Int64, propagation: SimTime,
                overheadBytes: Int32 = 20, minFrameBytes: Int32 = 64, maxFrameBytes: Int32 = 1522,
                bufferBytes: Int64? = nil, bufferFrames: Int32? = nil) {
        self.name = name
        self.node = node
        self.peerNode = peerNode
        self.rateBitsPerSecond = rateBitsPerSecond
        self.propagation = propagation
        self.overheadBytes = overheadBytes
        self.minFrameBytes = minFrameBytes
        self.maxFrameBytes = maxFrameBytes
        self.bufferBytes = bufferBytes
        self.bufferFrames = bufferFrames
    }
}

/// A stream of frames from one or more sources to one destination.
public struct FlowSpec: Sendable, Equatable {
    public var name: String
    public var destination: Int
    /// IEEE 802.1Q priority code point 0...7 (7 highest); selects the traffic class.
    public var priority: Int
    /// Latency budget in picoseconds; nil when the flow has none.
    public var deadline: SimTime?
    public var sources: [SourceSpec]

    public init(name: String, destination: Int, priority: Int = 0, deadline: SimTime? = nil,
                sources: [SourceSpec]) {
        self.name = name
        self.destination = destination
        self.priority = priority
        self.deadline = deadline
        self.sources = sources
    }
}

/// One sender of a flow and the path its frames take.
public struct SourceSpec: Sendable, Equatable {
    public var node: Int
    /// Egress ports from the source to the destination, in order.
    public var route: [Int]
    public var traffic: TrafficSpec

    public init(node: Int, route: [Int], traffic: TrafficSpec) {
        self.node = node
        self.route = route
        self.traffic = traffic
    }
}
