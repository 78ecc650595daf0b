import Kernel

/// The worst-case end-to-end latency bound of a flow (`PlantBounds`).
public struct FlowBound: Sendable, Equatable {
    public enum Outcome: Sendable, Equatable {
        /// Picoseconds from a frame's creation to its last bit at the destination, at most.
        case bounded(SimTime)
        /// Some traffic on its path, or its own, has no finite bound: why.
        case unbounded(String)
        /// Its path crosses a radio, an external link or a service (or it is a request
        /// flow): the wired analysis does not cover it.
        case leavesWired
    }

    public var flow: String
    public var outcome: Outcome
    /// The source whose path gives the bound (node index), and that path's hops.
    public var source: Int?
    public var hops: [HopBound]

    public var bound: SimTime? { if case let .bounded(b) = outcome { b } else { nil } }
}

/// One Ethernet hop of a bounded path, its contributions in picoseconds (rounded up).
public struct HopBound: Sendable, Equatable {
    public var port: Int
    public var trafficClass: Int
    /// The switching delay at most of the node the frame leaves from (0 at the source).
    public var switching: SimTime
    /// Waiting and transmission at the port, at most.
    public var queueing: SimTime
    public var propagation: SimTime

    public init(port: Int, trafficClass: Int, switching: SimTime, queueing: SimTime, propagation: SimTime) {
        self.port = port
        self.trafficClass = trafficClass
        self.switching = switching
        self.queueing = queueing
        self.propagation = propagation
    }
}

/// Worst-case end-to-end latency bounds of every flow of a wired plant, by network
/// calculus: token-bucket arrival curves per source (`SourceCurves`), per egress port and
/// traffic class a rate-latency service curve and the FIFO delay bound of the class's
/// aggregate (`QueueBounds`), bursts growing by rate × delay variation from hop to hop
/// (Le Boudec & Thiran Thm 1.4.3). Hop bounds depend on the bursts upstream and bursts on
/// the hop bounds upstream, which may loop around a ring; the bounds are the smallest
/// fixed point, found by iterating from zero (Le Boudec & Thiran §6.4, time stopping): in
/// a feed-forward network that ends after as many rounds as the longest path has hops.
///
/// Store-and-forward is assumed: a cut-through switch offers a frame to its next port
/// earlier than its last bit, by a time that depends on the frame's size, but never later
/// and with no more variation than the store-and-forward delay bound, so these bounds hold
/// for it too (they are not tight for it).
public struct PlantBounds: Sendable {
    public var flows: [FlowBound]
    /// Rounds of the fixed-point iteration, and whether it settled.
    public var rounds: Int
    public var converged: Bool
    /// Per port, per traffic class: the delay bound there (infinite where there is none).
    public var queues: [[QueueBound]]

    public init(_ spec: PlantSpec, maxRounds: Int = 1000) {
        let model = Model(spec)
        var delays = [[QueueBound]](repeating: [QueueBound](repeating: QueueBound(delay: 0), count: 8),
                                    count: spec.ports.count)
        var round = 0, settled = false
        while round < maxRounds && !settled {
            round += 1
            let next = model.queueBounds(delays)
            settled = zip(next, delays).allSatisfy { a, b in
                zip(a, b).allSatisfy { x, y in
                    x.delay == y.delay || (x.delay - y.delay).magnitude <= 1e-6 * Swift.max(1, y.delay.magnitude)
                }
            }
            delays = next
        }
        if !settled {
            // A loop of bursts that keeps growing: no finite fixed point in sight.
            for p in delays.indices {
                for c in 0..<8 where delays[p][c].delay.isFinite && delays[p][c].delay > 0 {
                    delays[p][c] = .none("the bounds around a loop through \(model.portName(p)) did not settle")
                }
            }
        }
        queues = delays
        rounds = round
        converged = settled
        flows = model.flowBounds(delays)
    }
}

/// The streams of a plant, hop by hop, as the fixed-point iteration walks them.
struct Model {
    /// One path of one source: its route, or a replica's.
    struct Stream {
        var flow: Int
        var source: Int
        var node: Int
        /// Frames arriving at its first hop, or why they have no curve.
        var frames: Result<ArrivalCurve, Unbounded>
        var hops: [StreamHop]
        /// Its path leaves the wired network (radio, external link, service).
        var leaves: Bool
    }

    struct StreamHop {
        var port: Int
        var trafficClass: Int
        /// Set when the traffic arrives here after a hop outside the wired network.
        var after: String?
        /// The entry of (port, class, source) it adds to.
        var entry: Int
    }

    /// What one source brings to one class of one port (the copies of a replicated frame
    /// that share a port count once).
    struct Entry {
        var port: Int
        var trafficClass: Int
        var rate: Double
        /// Bits on the wire of its largest and its smallest frame.
        var wireBits: Double
        var smallestBits: Double
    }

    let spec: PlantSpec
    var streams: [Stream] = []
    var entries: [Entry] = []
    /// Entries by port, in order of creation.
    var byPort: [[Int]]
    let relayMax: [Double]
    let relayJitter: [Double]
    let clock: (bound: Double, driftPPM: Double)?

    init(_ spec: PlantSpec) {
        self.spec = spec
        byPort = Array(repeating: [], count: spec.ports.count)
        relayMax = spec.nodes.map { $0.switchingDelay.upperBound }
        relayJitter = spec.nodes.map { $0.switchingDelay.upperBound - $0.switchingDelay.minimum }
        clock = spec.timeSync.map { (Double($0.bound), $0.driftPPM) }
        var entryOf: [Int64: Int] = [:]  // (source, port, class) → entry; lookups only
        var sourceIndex = 0
        for (f, flow) in spec.flows.enumerated() {
            for s in flow.sources {
                defer { sourceIndex += 1 }
                // 802.1Qcr shapers hold frames to their committed curve at every bridge:
                // the regulators' own delays are not modelled, so their streams (and the
                // classes they share and sit above) get no bound.
                let frames = flow.shaping == nil ? SourceCurves.frames(s.traffic)
                    : .failure(Unbounded("IEEE 802.1Qcr shaping is outside the model"))
                let requestLimit = spec.maxFrameBytes(on: s.requestHops)
                let requestBytes = Self.largest(s.traffic, limit: requestLimit)
                let requestSmallest = Self.smallest(s.traffic, limit: requestLimit)
                for path in [s.route] + s.replicas {
                    var hops: [StreamHop] = [], after: String? = nil, leaves = flow.request != nil
                    var priority = flow.priority, bytes = requestBytes, smallest = requestSmallest
                    for h in path {
                        switch h.kind {
                        case .port:
                            let port = spec.ports[h.index]
                            let tc = TrafficClassMap.trafficClass(priority: priority, classes: port.trafficClasses)
                            let key = Int64(sourceIndex) << 32 | Int64(h.index) << 3 | Int64(tc)
                            func wire(_ b: Int32) -> Double {
                                Double(Swift.max(Swift.min(b, port.maxFrameBytes), port.minFrameBytes)
                                       + port.overheadBytes) * 8
                            }
                            let e: Int
                            if let known = entryOf[key] {
                                e = known
                                entries[e].wireBits = Swift.max(entries[e].wireBits, wire(bytes))
                                entries[e].smallestBits = Swift.min(entries[e].smallestBits, wire(smallest))
                            } else {
                                e = entries.count
                                entryOf[key] = e
                                entries.append(Entry(port: h.index, trafficClass: tc,
                                                     rate: (try? frames.get().rate) ?? .infinity,
                                                     wireBits: wire(bytes), smallestBits: wire(smallest)))
                                byPort[h.index].append(e)
                            }
                            hops.append(StreamHop(port: h.index, trafficClass: tc, after: after, entry: e))
                        case .service:
                            leaves = true
                            after = after ?? "flow \(flow.name): responses of a service have no bound here"
                            if let r = flow.request {
                                priority = r.responsePriority
                                bytes = Self.clip(r.responseSize.upperBound, Int32.max)
                                smallest = Source.clip(r.responseSize.minimum, to: bytes)
                            }
                        case .link:
                            leaves = true
                            after = after ?? "flow \(flow.name): traffic after an external link has no bound here"
                        case .radio:
                            leaves = true
                            after = after ?? "flow \(flow.name): traffic after a radio hop has no bound here"
                        }
                    }
                    streams.append(Stream(flow: f, source: sourceIndex, node: s.node, frames: frames, hops: hops,
                                          leaves: leaves))
                }
            }
        }
    }

    /// The largest frame a source sends, bytes (`Source.frameSize`).
    static func largest(_ traffic: TrafficSpec, limit: Int32) -> Int32 {
        if case let .trace(_, sizes) = traffic.pattern { return Swift.min(sizes.max() ?? 1, limit) }
        return clip(traffic.size.upperBound, limit)
    }

    /// The smallest frame a source sends, bytes.
    static func smallest(_ traffic: TrafficSpec, limit: Int32) -> Int32 {
        if case let .trace(_, sizes) = traffic.pattern { return Swift.min(sizes.min() ?? 1, limit) }
        return Source.clip(traffic.size.minimum, to: limit)
    }

    static func clip(_ size: Double, _ limit: Int32) -> Int32 {
        size.isFinite ? Source.clip(size, to: limit) : limit
    }

    func portName(_ p: Int) -> String {
        let port = spec.ports[p]
        return spec.nodes[port.node].name + "→" + spec.nodes[port.peerNode].name
    }

    /// One round: the bursts each stream brings to each hop under the hop bounds `d`, then
    /// the bounds these bursts give.
    func queueBounds(_ d: [[QueueBound]]) -> [[QueueBound]] {
        // Per entry: its burst in frames (the largest over the copies) and why it is
        // unbounded, if it is.
        var burst = [Double](repeating: 0, count: entries.count)
        var cause = [String?](repeating: nil, count: entries.count)
        for s in streams {
            var jitter = 0.0, why: String? = nil
            let curve: ArrivalCurve
            switch s.frames {
            case let .success(c): curve = c
            case let .failure(u):
                curve = .unbounded
                why = "flow \(spec.flows[s.flow].name): \(u.reason)"
            }
            for (k, h) in s.hops.enumerated() {
                if k > 0 {
                    let prev = s.hops[k - 1], q = d[prev.port][prev.trafficClass]
                    jitter += q.delay + relayJitter[spec.ports[h.port].node]
                    if why == nil && !q.delay.isFinite { why = q.cause }
                    if why == nil && !jitter.isFinite {
                        why = "the switching delay of \(spec.nodes[spec.ports[h.port].node].name) has no maximum"
                    }
                }
                if why == nil, let after = h.after { why = after }
                let b = why == nil ? curve.burst + curve.rate * jitter / NetworkCalculus.second : .infinity
                if b > burst[h.entry] || (b.isInfinite && cause[h.entry] == nil) {
                    burst[h.entry] = b
                    if b.isInfinite { cause[h.entry] = why }
                }
            }
        }
        var out = d
        for p in spec.ports.indices {
            var load = [ClassLoad](repeating: .empty, count: 8)
            for e in byPort[p] {
                let x = entries[e], c = x.trafficClass
                load[c].frames = load[c].frames + ArrivalCurve(burst: burst[e], rate: x.rate)
                load[c].bits = load[c].bits + ArrivalCurve(burst: burst[e] * x.wireBits, rate: x.rate * x.wireBits)
                load[c].largest = Swift.max(load[c].largest, x.wireBits)
                load[c].smallest = load[c].smallest == 0 ? x.smallestBits : Swift.min(load[c].smallest, x.smallestBits)
                if !burst[e].isFinite && load[c].cause == nil { load[c].cause = cause[e] }
            }
            out[p] = QueueBounds.analyse(port: spec.ports[p], name: portName(p), load: load, clock: clock)
        }
        return out
    }

    /// Each flow's bound under the hop bounds `d`: the largest over its sources and their
    /// paths of the hop bounds, propagation and switching delays along the path.
    func flowBounds(_ d: [[QueueBound]]) -> [FlowBound] {
        var out = spec.flows.map { FlowBound(flow: $0.name, outcome: .bounded(0), source: nil, hops: []) }
        var worst = [Double](repeating: -1, count: spec.flows.count)
        for s in streams {
            let f = s.flow
            if case .leavesWired = out[f].outcome { continue }
            if s.leaves {
                out[f] = FlowBound(flow: out[f].flow, outcome: .leavesWired, source: nil, hops: [])
                continue
            }
            if case .unbounded = out[f].outcome { continue }
            if case let .failure(u) = s.frames {
                out[f].outcome = .unbounded(u.reason)
                out[f].hops = []
                continue
            }
            var total = 0.0, hops: [HopBound] = [], why: String? = nil
            for (k, h) in s.hops.enumerated() {
                let port = spec.ports[h.port], q = d[h.port][h.trafficClass]
                let relay = k > 0 ? relayMax[port.node] : 0
                if !relay.isFinite {
                    why = why ?? "the switching delay of \(spec.nodes[port.node].name) has no maximum"
                }
                if !q.delay.isFinite { why = why ?? q.reason }
                total += relay + q.delay + Double(port.propagation)
                hops.append(HopBound(port: h.port, trafficClass: h.trafficClass, switching: Self.ceil(relay),
                                     queueing: Self.ceil(q.delay), propagation: port.propagation))
            }
            if let why {
                out[f].outcome = .unbounded(why)
                out[f].hops = []
            } else if total > worst[f] {
                worst[f] = total
                out[f].outcome = .bounded(Self.ceil(total))
                out[f].source = s.node
                out[f].hops = hops
            }
        }
        for f in out.indices where worst[f] < 0 {
            if case .bounded = out[f].outcome { out[f].outcome = .unbounded("it has no source") }
        }
        return out
    }

    /// Picoseconds rounded up, forgiving the last bits of floating-point error.
    static func ceil(_ ps: Double) -> SimTime {
        guard ps.isFinite else { return Time.maximum }
        return SimTime(Swift.max(0, (ps - 1e-6).rounded(.up)))
    }
}
