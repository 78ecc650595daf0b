import Kernel

/// The wired Ethernet of a plant: egress ports and the relay of each switch.
///
/// Events per frame and hop: one arrival at the next node when the port was idle; one
/// more (a transmission end) only when the frame had to wait, and one (a relay) when the
/// switch has a switching delay.
public struct Ethernet {
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

    @inlinable
    mutating func handle<S>(_ event: Event, _ shared: inout Shared<S>, _ queue: inout EventQueue) {
        switch event.kind {
        case Kind.relay: enqueue(event.arg, port: Int(event.target), &shared, &queue)
        case Kind.transmissionEnd:
            let port = Int(event.target)
            if event.generation == ports[port].generation { transmissionEnded(port: port, &shared, &queue) }
        default: preconditionFailure("unknown Ethernet event kind \(event.kind)")
        }
    }

    /// A frame received by the port's node goes through its relay: after the switching
    /// delay it is queued on egress port `port`.
    @inlinable
    mutating func relay<S>(_ f: Int32, port: Int, _ shared: inout Shared<S>, _ queue: inout EventQueue) {
        let node = Int(ports[port].node)
        if let rng = delayStreams[node] {
            let d = Time.duration(switchingDelay[node].sample(rng))
            queue.schedule(at: queue.now &+ d, kind: Kind.relay, target: Int32(port), arg: f)
        } else if case let .constant(d) = switchingDelay[node], d > 0 {
            queue.schedule(at: queue.now &+ SimTime(d), kind: Kind.relay, target: Int32(port), arg: f)
        } else {
            enqueue(f, port: port, &shared, &queue)
        }
    }

    /// Offers a frame to egress port `port`: send now if idle, else wait in its traffic
    /// class, else drop (buffer full).
    @inlinable
    mutating func enqueue<S>(_ f: Int32, port: Int, _ shared: inout Shared<S>, _ queue: inout EventQueue) {
        let now = queue.now
        if ports[port].isIdle(at: now) {
            transmit(f, port: port, &shared, &queue)
            return
        }
        let frame = shared.frames[f]
        guard ports[port].admits(bytes: frame.bytes) else {
            shared.sink.dropped(site: Int32(port), flow: frame.flow, source: frame.source, leg: Int32(frame.leg),
                                created: frame.created, reason: .bufferFull, at: now)
            shared.frames.release(f)
            return
        }
        shared.frames[f].entered = now
        ports[port].push(f, priority: frame.priority, bytes: frame.bytes, queues: &queues,
                         base: port &* EgressPort.queuesPerPort)
        shared.sink.enqueued(site: Int32(port), frames: ports[port].waitingFrames, bytes: ports[port].waitingBytes,
                             at: now)
        if ports[port].waitingFrames == 1 { scheduleTransmissionEnd(port: port, &queue) }
    }

    @inlinable
    mutating func transmissionEnded<S>(port: Int, _ shared: inout Shared<S>, _ queue: inout EventQueue) {
        guard let f = ports[port].pop(queues: &queues, base: port &* EgressPort.queuesPerPort, shared.frames)
        else { return }
        shared.sink.dequeued(site: Int32(port), frames: ports[port].waitingFrames, bytes: ports[port].waitingBytes,
                             at: queue.now)
        transmit(f, port: port, &shared, &queue)
        if ports[port].waitingFrames > 0 { scheduleTransmissionEnd(port: port, &queue) }
    }

    /// A frame waits on the busy `port`: learn when the transmission ends. The event takes
    /// the sequence number reserved when the transmission started, so a frame arriving at
    /// that very picosecond finds the port as ns-3 would: the ending frame gone, the next
    /// one on the wire (counts and latencies then match ns-3's even in overload).
    @inlinable
    mutating func scheduleTransmissionEnd(port: Int, _ queue: inout EventQueue) {
        queue.schedule(at: ports[port].busyUntil, sequence: ports[port].endSequence, kind: Kind.transmissionEnd,
                       target: Int32(port), generation: ports[port].generation)
    }

    /// Puts a frame on the wire now and schedules its arrival at the far end: at its last
    /// bit, or at its header when the next switch cuts through to a port no faster.
    @inlinable
    mutating func transmit<S>(_ f: Int32, port: Int, _ shared: inout Shared<S>, _ queue: inout EventQueue) {
        let frame = shared.frames[f]
        let now = queue.now
        let tx = ports[port].transmissionTime(bytes: frame.bytes)
        let waited = frame.entered < now ? now &- frame.entered : 0
        ports[port].startTransmission(f, duration: tx, at: now, sequence: queue.reserveSequence())
        shared.sink.serviceStarted(site: Int32(port), duration: tx, waited: waited, at: now)
        var arrival = now &+ ports[port].lastBitTime(bytes: frame.bytes) &+ ports[port].propagation
        let peer = ports[port].peerNode
        if forwarding[Int(peer)] == .cutThrough, let next = shared.nextHop(of: f), next.kind == .port,
           ports[next.index].rateBitsPerSecond <= ports[port].rateBitsPerSecond {
            arrival = now &+ ports[port].headerTime() &+ ports[port].propagation
        }
        shared.scheduleArrival(f, at: arrival, node: peer, &queue)
    }

    /// Cuts short the transmission in progress on `port` (preemption, a failing link):
    /// its end event and the frame's arrival are cancelled, the port is free now, and the
    /// next waiting frame, if any, starts. Returns the frame that was cut, for the caller
    /// to drop or queue again; nil when the port was not transmitting.
    public mutating func cancelTransmission<S>(port: Int, _ shared: inout Shared<S>,
                                               _ queue: inout EventQueue) -> Int32? {
        guard let f = ports[port].abortTransmission(at: queue.now) else { return nil }
        shared.frames[f].generation &+= 1
        if ports[port].waitingFrames > 0 { transmissionEnded(port: port, &shared, &queue) }
        return f
    }
}
