import Kernel

/// A built plant: the technologies it is made of, each a component in its own folder with
/// its own state in flat arrays and its own event kinds, and the frames that cross them.
///
/// The plant owns the hand-over between technologies: a component that is done with a
/// frame schedules its arrival at the next node (or returns it, when it leaves at once),
/// and the plant passes it to the technology of its next hop, or delivers it at the end
/// of its route. The run loop is generic over the plant, and the plant over its sink, so
/// every call is static; nothing allocates per event. `Sink` receives the probes.
public struct Plant<Sink: ProbeSink>: EventHandler {
    @usableFromInline var shared: Shared<Sink>
    @usableFromInline let relay: Relay
    @usableFromInline var traffic: Traffic
    @usableFromInline var ethernet: Ethernet
    @usableFromInline var links: ExternalLinks
    @usableFromInline var compute: Compute
    @usableFromInline var cells: Cells
    @usableFromInline var faults: Faults
    @usableFromInline var replication: Replication
    /// Hold and forward at the translators of 5G TSN bridges.
    @usableFromInline var bridges: BridgeHold
    /// IEEE 802.1Qci at edge bridges and 802.1Qcr at bridge egress ports (see `Plant+Streams`).
    @usableFromInline var policing: StreamPolicing
    @usableFromInline var shaping: AsynchronousShaping
    /// Per source: the node it sends from.
    @usableFromInline let sourceNode: ContiguousArray<Int32>
    /// Per terminal: its gNB.
    @usableFromInline let ueGNB: ContiguousArray<Int32>
    /// The plant as specified: what new routes are made from.
    let spec: PlantSpec
    /// Per source that changed route: every route it has had (its first is its index).
    var alternates: [Int32: [Int32]] = [:]
    /// Nodes whose relay delay is a UPF's processing (core time).
    @usableFromInline let isUPF: ContiguousArray<Bool>
    /// Frames in flight at most; past it the run stops (see `overflowed`) rather than
    /// exhaust memory, as unbounded buffers fed above their rate would.
    public var maxFramesInFlight = 20_000_000
    /// Set when a source found `maxFramesInFlight` frames in flight and stopped the run.
    public var overflowed: Bool { _overflowed }
    @usableFromInline var _overflowed = false

    /// Builds the plant. Random streams are named after nodes and flows (not indices), so a
    /// device keeps its random numbers when others are added or removed.
    public init(spec: PlantSpec, seed: UInt64, replication: Int, sink: Sink) {
        relay = Relay(spec: spec, seed: seed, replication: replication)
        shared = Shared(routes: RouteTable(spec), constantRelay: relay.constantDelays, copies: CopyLedger(spec: spec),
                        sink: sink)
        traffic = Traffic(spec: spec, seed: seed, replication: replication)
        ethernet = Ethernet(spec: spec, seed: seed, replication: replication)
        links = ExternalLinks(spec: spec, seed: seed, replication: replication)
        compute = Compute(spec: spec, seed: seed, replication: replication)
        cells = Cells(spec: spec, routes: shared.routes, seed: seed, replication: replication)
        isUPF = ContiguousArray(spec.nodes.map { $0.role == .upf })
        faults = Faults(spec: spec, seed: seed, replication: replication)
        self.replication = Replication(spec: spec)
        bridges = BridgeHold(spec: spec, routes: shared.routes)
        policing = StreamPolicing(spec: spec, routes: shared.routes)
        shaping = AsynchronousShaping(spec: spec, routes: shared.routes)
        sourceNode = ContiguousArray(spec.flows.flatMap { $0.sources.map { Int32($0.node) } })
        ueGNB = ContiguousArray(spec.ues.map { Int32($0.gnb) })
        self.spec = spec
    }

    public var sink: Sink { shared.sink }
    public var frames: FramePool { shared.frames }
    public var ports: ContiguousArray<EgressPort> { ethernet.ports }

    /// Schedules every source's first send.
    public mutating func start(_ queue: inout EventQueue) {
        traffic.start(&queue)
        ethernet.start(&queue)
        cells.start(&queue)
        faults.start(&queue)
    }

    public mutating func warmupEnded(at time: SimTime) { shared.sink.warmupEnded(at: time) }

    @inlinable
    public mutating func handle(_ event: Event, queue: inout EventQueue) {
        switch Technology.of(kind: event.kind) {
        case Technology.plant.rawValue:
            guard event.generation == shared.frames[event.arg].generation else { return }  // cancelled
            if faults.enabled, let reason = faultLoses(event) {
                return shared.lose(event.arg, site: -1, reason, at: queue.now)
            }
            switch event.kind {
            case Shared<Sink>.relayedKind: dispatch(event.arg, &queue)
            case Shared<Sink>.heldKind: released(event.arg, at: event.target, &queue)
            case Shared<Sink>.eligibleKind: eligible(event.arg, &queue)
            case Shared<Sink>.passedKind:
                // It reached the switch the relay's delay ago.
                if bridges.enabled { stampOnArrival(event.arg, at: queue.now &- shared.constantRelay[Int(event.target)]) }
                shared.frames[event.arg].hop &+= 1
                relayed(event.arg, at: event.target, delay: shared.constantRelay[Int(event.target)])
                dispatch(event.arg, &queue)
            default: advance(event.arg, at: event.target, &queue)
            }
        case Technology.traffic.rawValue: emit(source: event.target, &queue)
        case Technology.ethernet.rawValue: ethernet.handleEvent(event, &shared, &queue)
        case Technology.external.rawValue: links.handle(event, &shared, &queue)
        case Technology.compute.rawValue:
            let response = compute.handle(event, &shared, &queue)
            shared.frames[response].parts = LatencyParts()
            shared.frames[response].mark = queue.now
            advance(response, at: nil, &queue)
        case Technology.nr.rawValue: cells.handle(event, &shared, &queue)
        case Technology.faults.rawValue:
            if event.kind == Faults.Kind.change { change(fault: Int(event.target), down: event.arg == 1, &queue) } else {
                reconverge()
            }
        default: preconditionFailure("unknown event kind \(event.kind)")
        }
    }

    @inlinable
    mutating func emit(source s: Int32, _ queue: inout EventQueue) {
        let now = queue.now
        var frame = traffic.frame(s, at: now)
        if let demand = compute.demand(of: s) { frame.demand = demand }
        if shared.frames.live >= maxFramesInFlight {
            _overflowed = true
            queue.stopRequested = true
            return
        }
        shared.sink.sent(flow: frame.flow, source: s, leg: 0, bytes: frame.bytes, created: now, at: now)
        defer { traffic.scheduleNext(s, after: now, &queue) }
        frame.route = shared.routes.current(s)
        let f = shared.frames.allocate(frame)
        if faults.nodeDown(Int(sourceNode[Int(s)])) { return shared.lose(f, site: -1, .nodeDown, at: now) }
        if frame.route < 0 { return shared.lose(f, site: -1, .noRoute, at: now) }
        if shared.copies.replicates(s) {
            // Numbered once; the copies, which carry the number, split off on the way.
            shared.frames[f].sequence = replication.number(source: s)
            shared.copies.sent(source: s, sequence: shared.frames[f].sequence, copies: 1)
        }
        dispatch(f, &queue)
    }

    /// A copy reaches its merge point (IEEE 802.1CB 7.4.3 at a bridge or the listener; PRP's
    /// duplicate discard): the first of its frame goes on as the frame, later ones are
    /// discarded. Returns whether it goes on.
    @inlinable
    mutating func merge(_ f: Int32, at now: SimTime) -> Bool {
        let frame = shared.frames[f]
        let m = replication.merge(flow: frame.flow, source: frame.source, sequence: frame.sequence, at: now)
        shared.sink.merged(flow: frame.flow, source: frame.source, leg: Int32(frame.leg), passed: m.passed,
                           outOfOrder: m.outOfOrder, at: now)
        _ = shared.copies.resolve(source: frame.source, sequence: frame.sequence, delivered: m.passed)
        if m.passed { shared.frames[f].merged = true } else { shared.frames.release(f) }
        return m.passed
    }

    /// Whether a plant event finds its frame lost to a fault: a frame reaching (or leaving
    /// the relay of) a node that is down, at the end of a wire or external link that failed
    /// while it was on it, or at the end of a radio hop whose gNB failed meanwhile.
    @inlinable
    func faultLoses(_ event: Event) -> DropReason? {
        if faults.nodeDown(Int(event.target)) { return .nodeDown }
        // In a relay or held at a bridge's egress, the hop before ended already.
        guard event.kind != Shared<Sink>.relayedKind && event.kind != Shared<Sink>.heldKind else { return nil }
        let frame = shared.frames[event.arg]
        let h = shared.routes.hop(route: frame.route, frame.hop)
        switch h.kind {
        case .port: return faults.portDown(h.index) ? .linkDown : nil
        case .link: return faults.linkDown(h.index) ? .linkDown : nil
        case .radio: return faults.nodeDown(Int(ueGNB[h.index >> 1])) ? .nodeDown : nil  // its gNB failed meanwhile
        case .service: return nil
        }
    }

    /// Moves frame `f` past its current hop: delivered at the end of its route, else
    /// offered to the technology of its next hop. `node` is where it arrived from a link;
    /// a switch there relays it after its switching delay. nil when it leaves a node's own
    /// stack (a finished task's response).
    @inlinable
    mutating func advance(_ f: Int32, at node: Int32?, _ queue: inout EventQueue) {
        if bridges.enabled, let node {
            stampOnArrival(f, at: queue.now)
            if holdsOnArrival(f, at: node, &queue) { return }
        }
        proceed(f, at: node, &queue)
    }

    /// `advance` past the bridges: frame `f` is delivered or offered to its next hop.
    @inlinable
    mutating func proceed(_ f: Int32, at node: Int32?, _ queue: inout EventQueue) {
        let frame = shared.frames[f]
        let hop = frame.hop &+ 1
        if hop == shared.routes.length(route: frame.route) {
            if shared.copies.replicates(frame.source) && !frame.merged && !merge(f, at: queue.now) { return }
            endSegment(f, hop: frame.hop, at: queue.now)
            emitParts(f, at: queue.now)
            shared.sink.arrived(flow: frame.flow, source: frame.source, leg: Int32(frame.leg), bytes: frame.bytes,
                                created: frame.created, legStarted: frame.legStarted, final: true, at: queue.now)
            shared.frames.release(f)
            return
        }
        shared.frames[f].hop = hop
        if let node, let d = relay.delay(at: Int(node)) {
            relayed(f, at: node, delay: d)
            queue.schedule(at: queue.now &+ d, kind: Shared<Sink>.relayedKind, target: node, arg: f,
                           generation: frame.generation)
        } else {
            dispatch(f, &queue)
        }
    }

    /// Frame `f` spends `d` in the relay of `node`: a UPF's processing is core time,
    /// whatever the hop before.
    @inlinable
    mutating func relayed(_ f: Int32, at node: Int32, delay d: SimTime) {
        guard isUPF[Int(node)] else { return }
        shared.frames[f].parts.core &+= d
        shared.frames[f].mark &+= d
    }

    /// Offers frame `f` to the technology of its current hop. A replicated frame splits
    /// into its copies where its member routes part, and a copy merges where they join.
    @inlinable
    mutating func dispatch(_ f: Int32, _ queue: inout EventQueue) {
        var frame = shared.frames[f]
        if policing.enabled && policed(f, frame, &queue) { return }  // before it splits into copies
        if shared.copies.replicates(frame.source) && !frame.merged {
            if frame.hop == shared.routes.mergeAt(route: frame.route) {
                guard merge(f, at: queue.now) else { return }
                frame.merged = true
            } else if frame.route == frame.source && frame.hop == shared.routes.splitAt(frame.source) {
                // The copies count from now, so that the frame going first and being lost
                // does not count as the frame lost; they leave after it.
                let range = shared.routes.replicaRange(frame.source)
                shared.copies.add(source: frame.source, sequence: frame.sequence, copies: range.count)
                dispatchHop(f, frame, &queue)
                for i in range {
                    let c = shared.frames.allocate(frame)
                    if bridges.enabled { bridges.copy(f, to: c) }
                    shared.frames[c].route = shared.routes.replica(i)
                    dispatch(c, &queue)
                }
                return
            }
        }
        dispatchHop(f, frame, &queue)
    }

    /// Offers frame `f` (whose state is `frame`) to the technology of its current hop, unless
    /// the egress of a 5G TSN bridge holds it first.
    @inlinable
    mutating func dispatchHop(_ f: Int32, _ frame: Frame, _ queue: inout EventQueue) {
        if bridges.enabled && holdsBeforeHop(f, frame, &queue) { return }
        startHop(f, frame, &queue)
    }

    /// Offers frame `f` (whose state is `frame`) to the technology of its current hop.
    @inlinable
    mutating func startHop(_ f: Int32, _ frame: Frame, _ queue: inout EventQueue) {
        let hop = shared.routes.hop(route: frame.route, frame.hop)
        if frame.hop > 0 && shared.routes.hop(route: frame.route, frame.hop &- 1).kind != .service {
            endSegment(f, hop: frame.hop &- 1, at: queue.now)
        }
        shared.frames[f].mark = queue.now
        switch hop.kind {
        case .port:
            if faults.portDown(hop.index) { return shared.lose(f, site: Int32(hop.index), .linkDown, at: queue.now) }
            if faults.nodeDown(Int(ethernet.ports[hop.index].node)) {  // a down node sends nothing (a task's response)
                return shared.lose(f, site: Int32(hop.index), .nodeDown, at: queue.now)
            }
            if shaping.enabled && held(f, frame, port: hop.index, &queue) { return }
            ethernet.send(f, port: hop.index, &shared, &queue)
        case .link:
            if faults.linkDown(hop.index) { return shared.lose(f, site: links.site(hop.index), .linkDown, at: queue.now) }
            links.accept(f, direction: hop.index, &shared, &queue)
        case .service:
            emitParts(f, at: queue.now)
            compute.accept(f, service: hop.index, &shared, &queue)
        case .radio: cells.accept(f, hop: hop.index, &shared, &queue)
        }
    }

    /// The frame's time since it began hop `h` counts in that hop's part of the latency
    /// (wired time is what the parts leave over, so it needs no sum).
    @inlinable
    mutating func endSegment(_ f: Int32, hop h: Int32, at now: SimTime) {
        let frame = shared.frames[f]
        let elapsed = now &- frame.mark
        switch shared.routes.part(route: frame.route, h) {
        case .wired: break
        case .radio: shared.frames[f].parts.radio &+= elapsed
        case .core: shared.frames[f].parts.core &+= elapsed
        }
    }

    @inlinable
    mutating func emitParts(_ f: Int32, at now: SimTime) {
        let frame = shared.frames[f]
        let p = frame.parts
        shared.sink.latencyParts(flow: frame.flow, source: frame.source, leg: Int32(frame.leg), created: frame.created,
                                 queueing: p.queueing, radio: p.radio, harq: p.harq, core: p.core)
    }
}

// MARK: Faults

extension Plant {
    /// Fault `i` strikes or is repaired: what the parts that went down held is lost.
    @usableFromInline
    mutating func change(fault i: Int, down: Bool, _ queue: inout EventQueue) {
        shared.sink.fault(Int32(i), down: down, at: queue.now)
        faults.change(i, down: down, &queue)
        guard down else { return }
        for k in 0..<faults.targetCount(i) {
            let (t, wentDown) = faults.target(i, k)
            guard wentDown else { continue }
            switch t {
            case let .ethernet(p, r):
                ethernet.failPort(p, .linkDown, &shared, &queue)
                ethernet.failPort(r, .linkDown, &shared, &queue)
            case let .external(l, r):
                links.fail(port: l, .linkDown, &shared, &queue)
                links.fail(port: r, .linkDown, &shared, &queue)
            case let .node(n):
                for p in spec.ports.indices where spec.ports[p].node == n { ethernet.failPort(p, .nodeDown, &shared, &queue) }
                for d in spec.links.indices where spec.links[d].node == n { links.fail(port: d, .nodeDown, &shared, &queue) }
            }
        }
    }

    /// The forwarding protocol has settled on the parts down now: sources move to their new
    /// routes (frames in flight keep theirs; those that meet a part down are lost).
    @usableFromInline
    mutating func reconverge() {
        guard let routes = faults.settledRoutes() else { return }
        let first = shared.routes.routeCount
        for (s, route) in routes.enumerated() {
            guard let route else {
                shared.routes.setCurrent(Int32(s), -1)
                continue
            }
            // Keep the current route, or go back to one this source had, or add one.
            let current = shared.routes.current(Int32(s))
            if current >= 0 && shared.routes.route(current) == route { continue }
            let had = alternates[Int32(s), default: [Int32(s)]]
            if let known = had.first(where: { shared.routes.route($0) == route }) {
                shared.routes.setCurrent(Int32(s), known)
            } else {
                let r = shared.routes.add(route, source: Int32(s), spec)
                alternates[Int32(s)] = had + [r]
                shared.routes.setCurrent(Int32(s), r)
            }
        }
        if shared.routes.routeCount > first {
            cells.routesAdded(shared.routes, from: first)
            bridges.routesAdded(shared.routes, spec, from: first)
            policing.routesAdded(shared.routes, from: first)
            shaping.routesAdded(shared.routes, from: first)
        }
    }
}

// MARK: End of run

extension Plant {
    /// Tells the sink of every unit of work still on its way at `time`, the end of the run
    /// (`ProbeSink.inFlight`): each frame once; a replicated frame not yet through its
    /// merge point once for all its copies, and not at all when a copy already got through.
    public mutating func reportInFlight(at time: SimTime) {
        ethernet.reportCredits(at: time, &shared)
        var counted = Set<Int64>()  // replicated frames already reported: source, sequence
        for frame in shared.frames.liveFrames() {
            if shared.copies.replicates(frame.source) && !frame.merged {
                guard shared.copies.isOut(source: frame.source, sequence: frame.sequence),
                      counted.insert(Int64(frame.source) << 16 | Int64(frame.sequence)).inserted else { continue }
            }
            shared.sink.inFlight(flow: frame.flow, source: frame.source, leg: Int32(frame.leg), created: frame.created,
                                 at: time)
        }
    }
}
