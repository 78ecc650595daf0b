import Kernel

/// A built wired network: switches, end stations, egress ports and traffic sources, all
/// in flat arrays addressed by index, and the event handler that runs them.
///
/// Events per frame and hop: one arrival at the next node when the port was idle; one
/// more (a completion) only when the frame had to wait. `Sink` receives the probes.
public struct Network<Sink: ProbeSink>: EventHandler {
    /// Event kinds of this model.
    public enum Kind: Int32 {
        /// A source sends its next frame. target: source.
        case emit = 0
        /// A frame reaches a node (fully, or its header for cut-through). arg: packet.
        case arrive = 1
        /// A frame leaves a switch's relay for its egress queue after the switching
        /// delay. arg: packet.
        case forward = 2
        /// The transmission on a port ends and a waiting frame may start. target: port.
        case transmissionEnd = 3
    }

    public var sink: Sink
    /// Frames in flight at most; past it the run stops (see `overflowed`) rather than
    /// exhaust memory, as unbounded buffers fed above their rate would.
    public var maxFramesInFlight = 20_000_000
    /// Set when a source found `maxFramesInFlight` frames in flight and stopped the run.
    public internal(set) var overflowed = false
    public internal(set) var ports: ContiguousArray<EgressPort>
    public internal(set) var sources: ContiguousArray<Source>
    public internal(set) var packets = PacketPool()
    var queues: ContiguousArray<IndexRing>
    /// All routes, concatenated: port indices.
    let routes: ContiguousArray<Int32>
    let forwarding: ContiguousArray<ForwardingMode>
    let switchingDelay: ContiguousArray<Distribution>
    /// One stream per node with a random switching delay (nil otherwise).
    let delayStreams: [RandomStream?]
    /// Per source: send times (with offsets, jitter, gaps) and frame sizes draw from two
    /// separate streams, so changing a size leaves the timing untouched.
    let timingStreams: [RandomStream]
    let sizeStreams: [RandomStream]

    /// Builds the network. Streams are named after nodes and flows (not indices), so a
    /// device keeps its random numbers when others are added or removed.
    public init(spec: NetworkSpec, seed: UInt64, replication: Int, sink: Sink) {
        self.sink = sink
        ports = ContiguousArray(spec.ports.map(EgressPort.init))
        queues = ContiguousArray(repeating: IndexRing(), count: spec.ports.count * 8)
        forwarding = ContiguousArray(spec.nodes.map(\.forwarding))
        switchingDelay = ContiguousArray(spec.nodes.map(\.switchingDelay))
        delayStreams = spec.nodes.map { n in
            n.switchingDelay.isConstant ? nil
                : RandomStream(seed: seed, replication: replication, name: "node/\(n.name)/switching-delay")
        }
        var routes = ContiguousArray<Int32>()
        var sources = ContiguousArray<Source>()
        var timing: [RandomStream] = []
        var sizes: [RandomStream] = []
        for (f, flow) in spec.flows.enumerated() {
            for s in flow.sources {
                let maxFrame = s.route.map { spec.ports[$0].maxFrameBytes }.min() ?? .max
                sources.append(Source(flow: Int32(f), node: Int32(s.node), routeStart: Int32(routes.count),
                                      routeLength: Int32(s.route.count),
                                      trafficClass: Int32(EgressPort.trafficClass(priority: flow.priority)),
                                      maxFrameBytes: maxFrame, traffic: s.traffic))
                routes.append(contentsOf: s.route.map { Int32($0) })
                let stem = "flow/\(flow.name)/source/\(spec.nodes[s.node].name)"
                timing.append(RandomStream(seed: seed, replication: replication, name: stem + "/timing"))
                sizes.append(RandomStream(seed: seed, replication: replication, name: stem + "/size"))
            }
        }
        self.routes = routes
        self.sources = sources
        timingStreams = timing
        sizeStreams = sizes
    }

    /// Schedules every source's first send.
    public mutating func start(_ queue: inout EventQueue) {
        for i in sources.indices {
            if let t = sources[i].firstSend(timingStreams[i]) {
                queue.schedule(at: t, kind: Kind.emit.rawValue, target: Int32(i))
            }
        }
    }

    public mutating func warmupEnded(at time: SimTime) { sink.warmupEnded(at: time) }

    public mutating func handle(_ event: Event, queue: inout EventQueue) {
        switch event.kind {
        case Kind.emit.rawValue: emit(source: event.target, &queue)
        case Kind.arrive.rawValue: arrive(packet: event.arg, &queue)
        case Kind.forward.rawValue: enqueue(packet: event.arg, &queue)
        case Kind.transmissionEnd.rawValue: transmissionEnded(port: Int(event.target), &queue)
        default: preconditionFailure("unknown event kind \(event.kind)")
        }
    }

    mutating func emit(source s: Int32, _ queue: inout EventQueue) {
        let i = Int(s)
        let now = queue.now
        let bytes = sources[i].frameSize(sizeStreams[i])
        let flow = sources[i].flow
        if packets.live >= maxFramesInFlight {
            overflowed = true
            queue.stopRequested = true
            return
        }
        sink.sent(flow: flow, source: s, bytes: bytes, at: now)
        let p = packets.allocate(Packet(created: now, flow: flow, source: s, bytes: bytes, hop: 0))
        enqueue(packet: p, &queue)
        if let next = sources[i].nextSend(after: now, timingStreams[i]) {
            queue.schedule(at: next, kind: Kind.emit.rawValue, target: s)
        }
    }

    /// The port the packet is on at its current hop.
    func port(of p: Packet) -> Int {
        Int(routes[Int(sources[Int(p.source)].routeStart &+ p.hop)])
    }

    /// A frame reaches the end of a link: deliver it, or relay it to its next port.
    mutating func arrive(packet p: Int32, _ queue: inout EventQueue) {
        var packet = packets[p]
        packet.hop &+= 1
        // Only the route fields: copying the whole Source would retain its traffic spec.
        let routeStart = sources[Int(packet.source)].routeStart
        if packet.hop == sources[Int(packet.source)].routeLength {
            sink.delivered(flow: packet.flow, source: packet.source, bytes: packet.bytes,
                           created: packet.created, at: queue.now)
            packets.release(p)
            return
        }
        packets[p] = packet
        let node = Int(ports[Int(routes[Int(routeStart &+ packet.hop)])].node)
        if let rng = delayStreams[node] {
            let d = Time.duration(switchingDelay[node].sample(rng))
            queue.schedule(at: queue.now &+ d, kind: Kind.forward.rawValue, target: Int32(node), arg: p)
        } else if case let .constant(d) = switchingDelay[node], d > 0 {
            queue.schedule(at: queue.now &+ SimTime(d), kind: Kind.forward.rawValue, target: Int32(node), arg: p)
        } else {
            enqueue(packet: p, &queue)
        }
    }

    /// Offers a frame to the egress port of its current hop: send now if idle, else wait
    /// in its traffic class, else drop (buffer full).
    mutating func enqueue(packet p: Int32, _ queue: inout EventQueue) {
        let packet = packets[p]
        let portIndex = port(of: packet)
        let now = queue.now
        if ports[portIndex].busyUntil <= now && ports[portIndex].waitingFrames == 0 {
            transmit(packet: p, port: portIndex, &queue)
            return
        }
        guard ports[portIndex].admits(bytes: packet.bytes) else {
            sink.dropped(site: Int32(portIndex), flow: packet.flow, source: packet.source,
                         created: packet.created, reason: .bufferFull, at: now)
            packets.release(p)
            return
        }
        let tc = Int(sources[Int(packet.source)].trafficClass)
        queues[portIndex &* 8 &+ tc].append(p)
        ports[portIndex].nonEmptyClasses |= UInt8(1) << UInt8(tc)
        ports[portIndex].waitingFrames &+= 1
        ports[portIndex].waitingBytes &+= Int64(packet.bytes)
        sink.enqueued(site: Int32(portIndex), frames: ports[portIndex].waitingFrames,
                      bytes: ports[portIndex].waitingBytes, at: now)
        if ports[portIndex].waitingFrames == 1 {
            // The first waiting frame: the port is busy, so learn when it frees.
            queue.schedule(at: ports[portIndex].busyUntil, kind: Kind.transmissionEnd.rawValue,
                           target: Int32(portIndex))
        }
    }

    mutating func transmissionEnded(port portIndex: Int, _ queue: inout EventQueue) {
        let tc = ports[portIndex].selectedClass
        let q = portIndex &* 8 &+ tc
        let p = queues[q].removeFirst()
        if queues[q].isEmpty { ports[portIndex].nonEmptyClasses &= ~(UInt8(1) << UInt8(tc)) }
        ports[portIndex].waitingFrames &-= 1
        ports[portIndex].waitingBytes &-= Int64(packets[p].bytes)
        sink.dequeued(site: Int32(portIndex), frames: ports[portIndex].waitingFrames,
                      bytes: ports[portIndex].waitingBytes, at: queue.now)
        transmit(packet: p, port: portIndex, &queue)
        if ports[portIndex].waitingFrames > 0 {
            queue.schedule(at: ports[portIndex].busyUntil, kind: Kind.transmissionEnd.rawValue,
                           target: Int32(portIndex))
        }
    }

    /// Puts a frame on the wire now and schedules its arrival at the far end: at its last
    /// bit, or at its header when the next switch cuts through to a port no faster.
    mutating func transmit(packet p: Int32, port portIndex: Int, _ queue: inout EventQueue) {
        let packet = packets[p]
        let now = queue.now
        let tx = ports[portIndex].transmissionTime(bytes: packet.bytes)
        ports[portIndex].busyUntil = now &+ tx
        sink.serviceStarted(site: Int32(portIndex), duration: tx, at: now)
        var arrival = now &+ ports[portIndex].lastBitTime(bytes: packet.bytes) &+ ports[portIndex].propagation
        let peer = Int(ports[portIndex].peerNode)
        if forwarding[peer] == .cutThrough && packet.hop &+ 1 < sources[Int(packet.source)].routeLength {
            let next = Int(routes[Int(sources[Int(packet.source)].routeStart &+ packet.hop &+ 1)])
            if ports[next].rateBitsPerSecond <= ports[portIndex].rateBitsPerSecond {
                arrival = now &+ ports[portIndex].headerTime() &+ ports[portIndex].propagation
            }
        }
        queue.schedule(at: arrival, kind: Kind.arrive.rawValue, target: Int32(peer), arg: p)
    }
}
