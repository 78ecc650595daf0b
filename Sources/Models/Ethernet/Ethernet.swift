import Kernel

/// The wired Ethernet of a plant: egress ports with their queues, and the relay of each
/// switch.
///
/// Events per frame and hop: one arrival at the next node when the port was idle; one
/// more (a transmission end) only when the frame had to wait, and one (a relay) when the
/// switch has a switching delay.
public struct Ethernet: EgressQueues {
    public enum Kind {
        /// A frame leaves a switch's relay for its egress queue after the switching delay.
        /// target: port, arg: frame.
        public static var relay: Int32 { Technology.ethernet.kind(0) }
        /// The transmission on a port ends and a waiting frame may start. target: port.
        public static var transmissionEnd: Int32 { Technology.ethernet.kind(1) }
    }

    public var ports: ContiguousArray<EgressPort>
    /// The FIFOs of every port's traffic classes, `EgressPort.queuesPerPort` per port.
    @usableFromInline var queues: ContiguousArray<IndexRing>
    @usableFromInline let forwarding: ContiguousArray<ForwardingMode>
    @usableFromInline let switchingDelay: ContiguousArray<Distribution>
    /// One stream per node with a random switching delay (nil otherwise).
    @usableFromInline let delayStreams: [RandomStream?]

    /// Streams are named after nodes, so a switch keeps its random numbers when others are
    /// added or removed.
    public init(spec: PlantSpec, seed: UInt64, replication: Int) {
        ports = ContiguousArray(spec.ports.map(EgressPort.init))
        queues = ContiguousArray(repeating: IndexRing(), count: spec.ports.count * EgressPort.queuesPerPort)
        forwarding = ContiguousArray(spec.nodes.map(\.forwarding))
        switchingDelay = ContiguousArray(spec.nodes.map(\.switchingDelay))
        delayStreams = spec.nodes.map { n in
            n.switchingDelay.isConstant ? nil
                : RandomStream(seed: seed, replication: replication, name: "node/\(n.name)/switching-delay")
        }
    }

    @usableFromInline static var transmissionEndKind: Int32 { Kind.transmissionEnd }

    /// Ports are the plant's first sites.
    @inlinable func site(_ port: Int) -> Int32 { Int32(port) }

    @inlinable
    mutating func handle<S>(_ event: Event, _ shared: inout Shared<S>, _ queue: inout EventQueue) {
        switch event.kind {
        case Kind.relay: offer(event.arg, port: Int(event.target), &shared, &queue)
        case Kind.transmissionEnd: transmissionEnd(event, &shared, &queue)
        default: preconditionFailure("unknown Ethernet event kind \(event.kind)")
        }
    }

    /// A frame received by the port's node goes through its relay: after the switching
    /// delay it is offered to egress port `port`.
    @inlinable
    mutating func relay<S>(_ f: Int32, port: Int, _ shared: inout Shared<S>, _ queue: inout EventQueue) {
        let node = Int(ports[port].node)
        if let rng = delayStreams[node] {
            let d = Time.duration(switchingDelay[node].sample(rng))
            queue.schedule(at: queue.now &+ d, kind: Kind.relay, target: Int32(port), arg: f)
        } else if case let .constant(d) = switchingDelay[node], d > 0 {
            queue.schedule(at: queue.now &+ SimTime(d), kind: Kind.relay, target: Int32(port), arg: f)
        } else {
            offer(f, port: port, &shared, &queue)
        }
    }

    /// Puts a frame on the wire now and schedules its arrival at the far end: at its last
    /// bit, or at its header when the next switch cuts through to a port no faster.
    @inlinable
    mutating func transmit<S>(_ f: Int32, port: Int, _ shared: inout Shared<S>, _ queue: inout EventQueue) {
        let frame = shared.frames[f]
        let now = queue.now
        let tx = ports[port].transmissionTime(bytes: frame.bytes)
        let waited = frame.entered < now ? now &- frame.entered : 0
        let sequence = queue.reserveSequence()
        shared.sink.serviceStarted(site: Int32(port), duration: tx, waited: waited, at: now)
        var arrival = now &+ ports[port].lastBitTime(bytes: frame.bytes) &+ ports[port].propagation
        let peer = ports[port].peerNode
        if forwarding[Int(peer)] == .cutThrough, let next = shared.nextHop(of: f), next.kind == .port,
           ports[next.index].rateBitsPerSecond <= ports[port].rateBitsPerSecond {
            arrival = now &+ ports[port].headerTime() &+ ports[port].propagation
        }
        ports[port].startTransmission(f, duration: tx, arrival: arrival, at: now, sequence: sequence)
        shared.scheduleArrival(f, at: arrival, node: peer, &queue)
    }
}
