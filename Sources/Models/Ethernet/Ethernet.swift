import Kernel

/// The wired Ethernet of a plant: egress ports with their queues, and how each switch
/// forwards (store-and-forward or cut-through; its switching delay is the plant's `Relay`).
///
/// Events per frame and hop: one arrival at the next node when the port was idle, and one
/// more (a transmission end) only when the frame had to wait.
public struct Ethernet: EgressQueues {
    public enum Kind {
        /// The transmission on a port ends and a waiting frame may start. target: port.
        public static var transmissionEnd: Int32 { Technology.ethernet.kind(0) }
        /// A shaped port may send again: a gate opens, a credit reaches 0, an express frame
        /// may preempt (see `ShapedPort.swift`). target: port.
        public static var gateWake: Int32 { Technology.ethernet.kind(1) }
        /// A TSN change is asked for (target: port, arg: change), and takes effect.
        public static var reconfigure: Int32 { Technology.ethernet.kind(2) }
        public static var reconfigured: Int32 { Technology.ethernet.kind(3) }
    }

    public var ports: ContiguousArray<EgressPort>
    /// The FIFOs of every port's traffic classes, `EgressPort.queuesPerPort` per port.
    @usableFromInline var queues: ContiguousArray<IndexRing>
    @usableFromInline let forwarding: ContiguousArray<ForwardingMode>
    /// The ports with time-sensitive networking (`PortSpec.tsn`), and the nodes' clocks
    /// their gates run on.
    @usableFromInline var shaping = PortShaping()
    @usableFromInline let clocks: Clocks
    /// Changes of ports' TSN settings during the run.
    @usableFromInline let changes: [TSNChange]

    public init(spec: PlantSpec, seed: UInt64 = 1, replication: Int = 0) {
        ports = ContiguousArray(spec.ports.map(EgressPort.init))
        queues = ContiguousArray(repeating: IndexRing(), count: spec.ports.count * EgressPort.queuesPerPort)
        forwarding = ContiguousArray(spec.nodes.map(\.forwarding))
        clocks = Clocks(spec: spec, seed: seed, replication: replication)
        changes = spec.tsnChanges
        let changed = Set(spec.tsnChanges.map(\.port))
        for (p, port) in spec.ports.enumerated() where port.tsn != nil || changed.contains(p) {
            ports[p].shaper = shaping.add(port: p, spec: port,
                                          maxFrameTime: ports[p].transmissionTime(bytes: port.maxFrameBytes))
        }
    }

    /// Offers frame `f` to `port`, shaped or plain.
    @inlinable
    mutating func send<S>(_ f: Int32, port: Int, _ shared: inout Shared<S>, _ queue: inout EventQueue) {
        let s = ports[port].shaper
        if s < 0 { offer(f, port: port, &shared, &queue) } else { offerShaped(f, port: port, shaper: Int(s), &shared, &queue) }
    }

    /// Handles the Ethernet's events: transmission ends, and a shaped port's wake-ups.
    @inlinable
    mutating func handleEvent<S>(_ event: Event, _ shared: inout Shared<S>, _ queue: inout EventQueue) {
        switch event.kind {
        case Kind.reconfigure: reconfigure(event, &queue)
        case Kind.reconfigured: reconfigured(event, &shared, &queue)
        default:
            let s = ports[Int(event.target)].shaper
            if s < 0 { handle(event, &shared, &queue) } else { shapedEvent(event, shaper: Int(s), &shared, &queue) }
        }
    }

    @usableFromInline static var transmissionEndKind: Int32 { Kind.transmissionEnd }

    /// Ports are the plant's first sites.
    @inlinable func site(_ port: Int) -> Int32 { Int32(port) }

    /// Puts a frame on the wire now and schedules its arrival at the far end: at its last
    /// bit, or at its header when the next switch cuts through to a port no faster.
    @inlinable
    mutating func transmit<S>(_ f: Int32, port: Int, _ shared: inout Shared<S>, _ queue: inout EventQueue) {
        transmit(f, port: port, cutThrough: true, &shared, &queue)
    }

    /// The same, with cut-through forwarding at the far end allowed or not (a preemptable
    /// frame may arrive in fragments: it is stored and forwarded).
    @inlinable
    mutating func transmit<S>(_ f: Int32, port: Int, cutThrough: Bool, _ shared: inout Shared<S>,
                              _ queue: inout EventQueue) {
        let frame = shared.frames[f]
        let now = queue.now
        let tx = ports[port].transmissionTime(bytes: frame.bytes)
        let waited = now &- frame.entered
        let sequence = queue.reserveSequence()
        shared.sink.serviceStarted(site: site(port), duration: tx, waited: waited, at: now)
        shared.noteWait(f, waited)
        var arrival = now &+ ports[port].lastBitTime(bytes: frame.bytes) &+ ports[port].propagation
        let peer = ports[port].peerNode
        if cutThrough, forwarding[Int(peer)] == .cutThrough, let next = shared.nextHop(of: f), next.kind == .port,
           ports[next.index].rateBitsPerSecond <= ports[port].rateBitsPerSecond {
            arrival = now &+ ports[port].headerTime() &+ ports[port].propagation
        }
        ports[port].startTransmission(f, duration: tx, arrival: arrival, at: now, sequence: sequence)
        shared.scheduleArrival(f, at: arrival, node: peer, &queue)
    }
}
