import Kernel

/// A plant ready to build: every reference is an index, every quantity in base units
/// (picoseconds, bits per second, bytes, cycles, hertz). The Scenario layer produces it
/// from a file; Swift code can write it directly.
public struct PlantSpec: Sendable, Equatable {
    public var nodes: [NodeSpec] = []
    /// Ethernet egress ports; a full-duplex Ethernet link is two ports, one at each end.
    public var ports: [PortSpec] = []
    /// Directions of external-network links; a link is two, one each way.
    public var links: [LinkSpec] = []
    /// Services offered by compute nodes.
    public var services: [ServiceSpec] = []
    /// The hall the cells radiate in (nil when the plant has no cells).
    public var radio: RadioEnvironment?
    /// NR cells and the terminals they serve.
    public var cells: [CellSpec] = []
    public var ues: [UESpec] = []
    public var flows: [FlowSpec] = []
    /// How bridges choose paths and recover from failures.
    public var forwarding = ForwardingProtocol.staticRoutes
    /// Links and nodes that fail during the run.
    public var faults: [FaultSpec] = []
    /// IEEE 802.1AS clocks of the nodes; nil = perfect clocks (every node on the grandmaster's time).
    public var timeSync: TimeSyncSpec?
    /// Changes of ports' TSN settings during the run, in time order.
    public var tsnChanges: [TSNChange] = []
    public init() {}

    /// Nodes with `compute`, in node order: the order of the compute sites.
    public var computeNodes: [Int] { nodes.indices.filter { nodes[$0].compute != nil } }

    /// How many sites the plant reports on: ports, then link directions, then compute nodes.
    public var siteCount: Int { ports.count + links.count + computeNodes.count }
    /// The site of a link direction (ports are sites 0..<ports.count; see `ProbeSink`).
    public func linkSite(_ i: Int) -> Int32 { Int32(ports.count + i) }
    public var firstComputeSite: Int { ports.count + links.count }
}

public enum NodeKind: String, Sendable, Equatable, CaseIterable {
    /// An end station: a device, controller or server. Originates and terminates frames.
    case station
    /// A bridge that forwards frames between its ports.
    case `switch`
}

/// What a forwarding node is, beyond a bridge: the plant core tells radio, core and wired
/// parts of a path apart by it.
public enum NodeRole: String, Sendable, Equatable, CaseIterable {
    case bridge
    /// A gNB: its cells' terminals reach the wired plant through it.
    case gnb
    /// A user plane function (TS 23.501 §6.2.3): its relay delay is its processing time.
    case upf
}

public struct NodeSpec: Sendable, Equatable {
    public var name: String
    public var kind: NodeKind
    /// How a switch relays frames (Ethernet).
    public var forwarding: ForwardingMode
    /// Time from the frame's reception (or header, in cut-through) to its arrival in the
    /// egress queue, in picoseconds. Drawn per frame.
    public var switchingDelay: Distribution
    /// Servers that run tasks, when the node computes.
    public var compute: ComputeSpec?
    public var role: NodeRole
    /// Bridge priority for the spanning tree (0…61440 in steps of 4096, see
    /// `BridgedNetwork.Node`; lower wins the root election).
    public var bridgePriority: Int
    /// A UPF only: the 5G system acts as a TSN bridge with its NW-TT here (nil: it does not).
    public var tsnBridge: FiveGBridgeSpec? {
        get { _tsnBridge?.value }
        set { _tsnBridge = newValue.map(Boxed.init) }
    }
    /// A bridge's IEEE 802.1Qci filter for streams without their own policing that enter
    /// the network at it.
    public var unknownStreams: UnknownStreams {
        get { _unknownStreams?.value ?? .pass }
        set { _unknownStreams = newValue == .pass ? nil : Boxed(newValue) }
    }
    /// Boxed: a plant of a million nodes has few UPFs and filtering bridges (see `Boxed`).
    var _tsnBridge: Boxed<FiveGBridgeSpec>?
    var _unknownStreams: Boxed<UnknownStreams>?

    public init(name: String, kind: NodeKind, forwarding: ForwardingMode = .storeAndForward,
                switchingDelay: Distribution = .constant(0), compute: ComputeSpec? = nil, role: NodeRole = .bridge,
                bridgePriority: Int = 32768) {
        self.name = name
        self.bridgePriority = bridgePriority
        self.kind = kind
        self.role = role
        self.forwarding = forwarding
        self.switchingDelay = switchingDelay
        self.compute = compute
    }
}

/// A stream of frames from one or more sources to one destination, or of requests to a
/// service whose responses go back.
public struct FlowSpec: Sendable, Equatable {
    public var name: String
    /// The receiving node (the compute node, for a request flow).
    public var destination: Int
    /// IEEE 802.1Q priority code point 0...7 (7 highest); selects the traffic class.
    public var priority: Int
    /// Latency budget in picoseconds (the round trip, for a request flow); nil when none.
    public var deadline: SimTime?
    public var sources: [SourceSpec]
    /// Set for a request flow: what serves it and what answers.
    public var request: RequestSpec?
    /// How its frames use a radio hop.
    public var radio: FlowRadio
    /// TS 22.104 survival time in picoseconds: how long the application bears failed
    /// messages before the service counts as down (nil: no availability figures).
    public var survivalTime: SimTime?
    /// Set when every frame travels as copies over `SourceSpec.replicas` too.
    public var replication: ReplicationSpec?
    /// Its own residence time or late policy at the 5G TSN bridges it crosses (nil: theirs).
    public var tsnBridge: FiveGBridgeOverride?
    /// IEEE 802.1Qci filter and meter of its frames at the first bridge on their way.
    public var policing: PolicingSpec?
    /// IEEE 802.1Qcr asynchronous traffic shaping of its frames at every bridge egress port.
    public var shaping: ATSSpec?

    public init(name: String, destination: Int, priority: Int = 0, deadline: SimTime? = nil,
                sources: [SourceSpec], request: RequestSpec? = nil, radio: FlowRadio = FlowRadio()) {
        self.radio = radio
        self.name = name
        self.destination = destination
        self.priority = priority
        self.deadline = deadline
        self.sources = sources
        self.request = request
    }
}

/// One sender of a flow and the path its frames take.
public struct SourceSpec: Sendable, Equatable {
    public var node: Int
    /// Hops from the source to the destination, in order; for a request flow, to the
    /// service, the service hop, then the response's hops.
    public var route: [Hop]
    public var traffic: TrafficSpec
    /// For a replicated flow: the routes of the other copies (member streams), disjoint
    /// from `route` and from each other but for a shared first and last stretch (a
    /// station's one link): the copies split where the routes part and merge where they join.
    public var replicas: [[Hop]] = []
    /// The route was given (an explicit path, a replicated flow's member streams): no
    /// redundancy protocol moves it.
    public var pinned = false

    public init(node: Int, route: [Hop], traffic: TrafficSpec) {
        self.node = node
        self.route = route
        self.traffic = traffic
    }

    /// The hops before the service (all of them when the route has none), the service's
    /// index, and the hops of the responses after it.
    public var requestHops: ArraySlice<Hop> { Self.requestHops(route) }
    public var service: Int? { route.first { $0.kind == .service }?.index }
    public var responseHops: ArraySlice<Hop> { Self.responseHops(route) }

    public static func requestHops(_ route: [Hop]) -> ArraySlice<Hop> { route.prefix { $0.kind != .service } }
    public static func responseHops(_ route: [Hop]) -> ArraySlice<Hop> {
        route.drop { $0.kind != .service }.dropFirst()
    }
}

/// What a request flow asks of its service, and the response each finished task sends.
public struct RequestSpec: Sendable, Equatable {
    /// Index into `PlantSpec.services`.
    public var service: Int
    /// Response size in bytes, drawn per task.
    public var responseSize: Distribution
    /// Priority code point of the responses.
    public var responsePriority: Int
    /// Where responses go; nil sends each back to its requester.
    public var responseDestination: Int?

    public init(service: Int, responseSize: Distribution, responsePriority: Int, responseDestination: Int? = nil) {
        self.service = service
        self.responseSize = responseSize
        self.responsePriority = responsePriority
        self.responseDestination = responseDestination
    }
}
