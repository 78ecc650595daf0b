import Kernel

/// The hops of every route, concatenated. Routes 0..<sources are the sources' routes as
/// built; a redundancy protocol that finds new paths after a failure appends routes, and
/// each source sends on its `current` one (frames in flight keep theirs). A replicated
/// flow's sources also send copies on their replica routes.
public struct RouteTable: Sendable {
    @usableFromInline var hops: ContiguousArray<Hop> = []
    @usableFromInline var start: ContiguousArray<Int32> = []
    @usableFromInline var count: ContiguousArray<Int32> = []
    /// Per hop: which part of the latency its time (and the relay at its end) is.
    @usableFromInline var part: ContiguousArray<HopPart> = []
    /// Per route: the source it was made for.
    @usableFromInline var owner: ContiguousArray<Int32> = []
    /// Per source: the route its frames take now, or -1 when it has none (no path).
    @usableFromInline var current: ContiguousArray<Int32> = []
    /// Per source: its replica routes, `replicas[replicaStart[s]..<replicaStart[s + 1]]`.
    @usableFromInline var replicas: ContiguousArray<Int32> = []
    @usableFromInline var replicaStart: ContiguousArray<Int32> = [0]
    /// Per source of a replicated flow: how many hops its member routes share from the
    /// start (the copies split where the next hop begins: at the talker, or at the bridge
    /// where the paths part); -1 otherwise.
    @usableFromInline var splitAt: ContiguousArray<Int32> = []
    /// Per route of a replicated flow: the hop at whose start its copies merge (where the
    /// member routes join for the rest of the way; the route's length when they merge at
    /// the listener); -1 otherwise.
    @usableFromInline var mergeAt: ContiguousArray<Int32> = []

    /// Routes of the sources of all flows, in flow order, then source order.
    public init(_ spec: PlantSpec) {
        var s: Int32 = 0
        for flow in spec.flows {
            for source in flow.sources {
                _ = add(source.route, source: s, spec)
                current.append(s)
                s += 1
            }
        }
        s = 0
        for flow in spec.flows {
            for source in flow.sources {
                for r in source.replicas { replicas.append(add(r, source: s, spec)) }
                replicaStart.append(Int32(replicas.count))
                // IEEE 802.1CB 7.4.1/7.4.3: replicate where the paths part, eliminate where
                // they join: the members' shared first and last hops carry one frame.
                let members = [source.route] + source.replicas
                if flow.replication != nil, members.count > 1 {
                    let shortest = members.map(\.count).min()!
                    let prefix = (0..<shortest).first { i in members.contains { $0[i] != source.route[i] } } ?? shortest
                    let suffix = (0..<(shortest - prefix)).first { i in
                        members.contains { $0[$0.count - 1 - i] != source.route[source.route.count - 1 - i] }
                    } ?? (shortest - prefix)
                    splitAt.append(Int32(prefix))
                    let routes = [s] + Array(replicas[Int(replicaStart[Int(s)])..<Int(replicaStart[Int(s) + 1])])
                    for (r, m) in zip(routes, members) { mergeAt[Int(r)] = Int32(m.count - suffix) }
                } else {
                    splitAt.append(-1)
                }
                s += 1
            }
        }
    }

    /// Appends a route for `source`; returns its index.
    public mutating func add(_ route: [Hop], source: Int32, _ spec: PlantSpec) -> Int32 {
        start.append(Int32(hops.count))
        count.append(Int32(route.count))
        owner.append(source)
        mergeAt.append(-1)
        hops.append(contentsOf: route)
        part.append(contentsOf: HopPart.parts(of: route, spec))
        return Int32(start.count - 1)
    }

    public var routeCount: Int { start.count }
    /// The part of the latency that hop `h` of route `r` counts in.
    @inlinable public func part(route r: Int32, _ h: Int32) -> HopPart { part[Int(start[Int(r)] &+ h)] }
    /// Hop `h` of route `r`.
    @inlinable public func hop(route r: Int32, _ h: Int32) -> Hop { hops[Int(start[Int(r)] &+ h)] }
    /// How many hops route `r` has.
    @inlinable public func length(route r: Int32) -> Int32 { count[Int(r)] }
    /// The hops of route `r`.
    public func route(_ r: Int32) -> [Hop] { Array(hops[Int(start[Int(r)])..<Int(start[Int(r)] + count[Int(r)])]) }
    /// The source route `r` was made for.
    public func owner(of r: Int32) -> Int32 { owner[Int(r)] }
    /// The route source `s` sends on now (-1: none).
    @inlinable public func current(_ s: Int32) -> Int32 { current[Int(s)] }
    public mutating func setCurrent(_ s: Int32, _ r: Int32) { current[Int(s)] = r }
    /// The replica routes of source `s`.
    @inlinable public func replicaRange(_ s: Int32) -> Range<Int> {
        Int(replicaStart[Int(s)])..<Int(replicaStart[Int(s) &+ 1])
    }
    @inlinable public func replica(_ i: Int) -> Int32 { replicas[i] }
    @inlinable public func splitAt(_ s: Int32) -> Int32 { splitAt[Int(s)] }
    @inlinable public func mergeAt(route r: Int32) -> Int32 { mergeAt[Int(r)] }
}

/// Which part of a frame's latency the time on a hop counts in (see `LatencyParts`).
public enum HopPart: UInt8, Sendable {
    case wired, radio, core

    /// Hops between a radio hop and a UPF are the core (the N3 path): on the way up, from
    /// the gNB to the UPF; on the way down, from the UPF to the gNB.
    static func parts(of route: [Hop], _ spec: PlantSpec) -> [HopPart] {
        func ends(_ h: Hop) -> (from: Int, to: Int)? {
            switch h.kind {
            case .port: (spec.ports[h.index].node, spec.ports[h.index].peerNode)
            case .link: (spec.links[h.index].node, spec.links[h.index].peerNode)
            case .radio, .service: nil
            }
        }
        var parts = route.map { $0.kind == .radio ? HopPart.radio : .wired }
        for (i, h) in route.enumerated() where h.kind == .radio {
            // Walk away from the radio hop (up: forward, down: backward) over links until a
            // UPF; only a walk that reaches one is the core.
            let up = h.index & 1 == 1
            var j = up ? i + 1 : i - 1
            var walked: [Int] = []
            while route.indices.contains(j), let e = ends(route[j]) {
                walked.append(j)
                if spec.nodes[up ? e.to : e.from].role == .upf {
                    for k in walked { parts[k] = .core }
                    break
                }
                j += up ? 1 : -1
            }
        }
        return parts
    }
}

/// What every technology of a plant shares: the frames in flight, the routes they follow
/// and the sink that hears of them. Components receive it `inout` with the event queue.
public struct Shared<Sink: ProbeSink> {
    public var frames = FramePool()
    public var routes: RouteTable
    public var sink: Sink
    /// Per node: its switching delay when constant and not zero, else 0 (see `scheduleArrival`).
    @usableFromInline let constantRelay: ContiguousArray<SimTime>
    /// The copies of replicated frames still out.
    @usableFromInline var copies: CopyLedger

    init(routes: RouteTable, constantRelay: ContiguousArray<SimTime>, copies: CopyLedger, sink: Sink) {
        self.routes = routes
        self.constantRelay = constantRelay
        self.copies = copies
        self.sink = sink
    }

    /// Frame `f` is lost at `site` (-1: not at a site) for `reason`, and its slot freed. A
    /// copy of a replicated frame (before its merge point) counts at its site; the frame is
    /// lost when its last copy is and none got through.
    @inlinable
    public mutating func lose(_ f: Int32, site: Int32, _ reason: DropReason, at now: SimTime) {
        let frame = frames[f]
        if copies.replicates(frame.source) && !frame.merged {
            sink.copyDropped(site: site, flow: frame.flow, reason: reason, at: now)
            if copies.resolve(source: frame.source, sequence: frame.sequence, delivered: false) {
                sink.dropped(site: -1, flow: frame.flow, source: frame.source, leg: Int32(frame.leg),
                             created: frame.created, reason: reason, at: now)
            }
        } else {
            sink.dropped(site: site, flow: frame.flow, source: frame.source, leg: Int32(frame.leg),
                         created: frame.created, reason: reason, at: now)
        }
        frames.release(f)
    }

    /// The plant's events: a frame reaches the end of its current hop (target: the node it
    /// reaches), or leaves a switch's relay for its next hop (target: the switch), or both
    /// at once (`passedKind`: it reached the switch the relay's constant delay ago). arg:
    /// frame; all are cancelled by bumping the frame's generation.
    public static var arriveKind: Int32 { Technology.plant.kind(0) }
    public static var relayedKind: Int32 { Technology.plant.kind(1) }
    public static var passedKind: Int32 { Technology.plant.kind(2) }
    /// The egress translator of a 5G TSN bridge lets a frame go, its residence time after it
    /// entered (target: the node holding it; arg: frame).
    public static var heldKind: Int32 { Technology.plant.kind(3) }
    /// A frame held by an IEEE 802.1Qcr ATS scheduler becomes eligible (target: the node of
    /// the egress port it enters now; see `AsynchronousShaping`).
    public static var eligibleKind: Int32 { Technology.plant.kind(4) }

    /// Schedules the end of frame `f`'s current hop: at `time` it reaches `node` and moves
    /// on to its next hop (or is delivered). A switch with a constant delay that relays it
    /// costs no event of its own: one event at the end of the relay does both.
    @inlinable @inline(__always)
    public func scheduleArrival(_ f: Int32, at time: SimTime, node: Int32, _ queue: inout EventQueue) {
        let frame = frames[f]
        let d = constantRelay[Int(node)]
        if d > 0 && frame.hop &+ 1 < routes.length(route: frame.route) {
            queue.schedule(at: time &+ d, kind: Self.passedKind, target: node, arg: f, generation: frame.generation)
        } else {
            queue.schedule(at: time, kind: Self.arriveKind, target: node, arg: f, generation: frame.generation)
        }
    }

    /// Frame `f` waited `waited` in a queue of its current hop: queueing, unless the hop is
    /// in the core (whose part includes its queues).
    @inlinable
    public mutating func noteWait(_ f: Int32, _ waited: SimTime) {
        let frame = frames[f]
        if routes.part(route: frame.route, frame.hop) == .wired { frames[f].parts.queueing &+= waited }
    }

    /// The hop after frame `f`'s current one, or nil when the current one is its last.
    @inlinable @inline(__always)
    public func nextHop(of f: Int32) -> Hop? {
        let frame = frames[f]
        let next = frame.hop &+ 1
        return next < routes.length(route: frame.route) ? routes.hop(route: frame.route, next) : nil
    }
}
