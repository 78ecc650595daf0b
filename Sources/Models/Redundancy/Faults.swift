import Kernel

/// Links and nodes failing and returning during a run, and the forwarding protocol's
/// answer: after a failure or repair, the new paths hold once it has reconverged (RSTP's
/// reconvergence time; an MRP ring's recovery time after a ring failure; at once where
/// nothing is left to choose). Static routes never move.
///
/// Down parts are counted (two faults may hold one part down), and the plant asks
/// `portDown`, `linkDown` and `nodeDown` on its way: O(1), nothing allocated. Finding new
/// routes happens only at a reconvergence, and may allocate.
public struct Faults {
    public enum Kind {
        /// Fault `target` strikes (arg 1) or is repaired (arg 0).
        public static var change: Int32 { Technology.faults.kind(0) }
        /// The forwarding protocol has reconverged: routes follow the parts down now.
        public static var reconverge: Int32 { Technology.faults.kind(1) }
    }

    let specs: [FaultSpec]
    /// Random faults' streams of times to failure and repair; MRP outage draws.
    let streams: [RandomStream?]
    let ringStream: RandomStream
    /// Whether any fault exists: a plant without skips every check.
    @usableFromInline let enabled: Bool
    @usableFromInline var portDownCount: ContiguousArray<Int32>
    @usableFromInline var linkDownCount: ContiguousArray<Int32>
    @usableFromInline var nodeDownCount: ContiguousArray<Int32>
    let active: ActiveTopology?
    let rerouting: Rerouting

    public init(spec: PlantSpec, seed: UInt64, replication: Int) {
        specs = spec.faults
        streams = spec.faults.map { f in
            if case .random = f.timing { return RandomStream(seed: seed, replication: replication, name: "fault/\(f.name)") }
            return nil
        }
        ringStream = RandomStream(seed: seed, replication: replication, name: "forwarding/ring-recovery")
        enabled = !spec.faults.isEmpty
        portDownCount = ContiguousArray(repeating: 0, count: spec.ports.count)
        linkDownCount = ContiguousArray(repeating: 0, count: spec.links.count)
        nodeDownCount = ContiguousArray(repeating: 0, count: spec.nodes.count)
        active = enabled && spec.forwarding != .staticRoutes ? try? ActiveTopology(spec: spec) : nil
        rerouting = Rerouting(spec: spec)
    }

    @inlinable func portDown(_ p: Int) -> Bool { enabled && portDownCount[p] > 0 }
    @inlinable func linkDown(_ l: Int) -> Bool { enabled && linkDownCount[l] > 0 }
    @inlinable func nodeDown(_ n: Int) -> Bool { enabled && nodeDownCount[Int(n)] > 0 }

    /// Schedules every fault's first failure.
    mutating func start(_ queue: inout EventQueue) {
        for (i, f) in specs.enumerated() {
            switch f.timing {
            case let .scheduled(down, _): queue.schedule(at: down, kind: Kind.change, target: Int32(i), arg: 1)
            case let .random(ttf, _):
                queue.schedule(at: Time.duration(ttf.sample(streams[i]!)), kind: Kind.change, target: Int32(i), arg: 1)
            }
        }
    }

    /// Fault `i` strikes (`down`) or is repaired now: counts its parts, schedules its next
    /// change and the protocol's reconvergence. The caller then empties the parts that
    /// went down now (`wentDown`).
    mutating func change(_ i: Int, down: Bool, _ queue: inout EventQueue) {
        let now = queue.now
        let step: Int32 = down ? 1 : -1
        for t in specs[i].targets {
            switch t {
            case let .ethernet(p, r): portDownCount[p] &+= step; portDownCount[r] &+= step
            case let .external(l, r): linkDownCount[l] &+= step; linkDownCount[r] &+= step
            case let .node(n): nodeDownCount[n] &+= step
            }
        }
        // The next change.
        switch specs[i].timing {
        case let .scheduled(_, up):
            if down, let up { queue.schedule(at: Swift.max(up, now), kind: Kind.change, target: Int32(i), arg: 0) }
        case let .random(ttf, ttr):
            let gap = Time.duration((down ? ttr : ttf).sample(streams[i]!))
            if gap < Time.maximum &- now {
                queue.schedule(at: now &+ gap, kind: Kind.change, target: Int32(i), arg: down ? 0 : 1)
            }
        }
        if let delay = reconvergenceDelay(after: specs[i].targets, down: down) {
            queue.schedule(at: now &+ delay, kind: Kind.reconverge, target: 0)
        }
    }

    /// Target `k` of fault `i`, and whether it went down with the change just made (no
    /// other fault held it down already).
    func target(_ i: Int, _ k: Int) -> (FaultTarget, wentDown: Bool) {
        let t = specs[i].targets[k]
        switch t {
        case let .ethernet(p, _): return (t, portDownCount[p] == 1)
        case let .external(l, _): return (t, linkDownCount[l] == 1)
        case let .node(n): return (t, nodeDownCount[n] == 1)
        }
    }

    func targetCount(_ i: Int) -> Int { specs[i].targets.count }

    /// How long the protocol takes to settle after `targets` change (nil: paths never move).
    func reconvergenceDelay(after targets: [FaultTarget], down: Bool) -> SimTime? {
        guard let active else { return nil }
        switch active.spec.forwarding {
        case .staticRoutes: return nil
        case let .spanningTree(reconvergence): return reconvergence
        case let .rings(specs):
            // A failure in a closed ring waits out its recovery; anything else settles at once.
            guard down else { return 0 }
            let links = Set(targets.flatMap { t -> [Int] in
                switch t {
                case let .ethernet(p, _): return [active.linkOfPort[p]]
                case let .node(n): return active.linkPorts.indices.filter {
                    active.spec.ports[active.linkPorts[$0].0].node == n || active.spec.ports[active.linkPorts[$0].1].node == n
                }
                case .external: return []
                }
            })
            var delay: SimTime = 0
            for (ring, spec) in zip(active.rings, specs) where ring.links.contains(where: links.contains) {
                let outage = ring.recoveryTime.outagePicoseconds(spec.worstCase ? .worstCase : .uniform(ringStream.uniform()))
                delay = Swift.max(delay, outage)
            }
            return delay
        }
    }

    /// The parts down now, as the active topology takes them.
    func down(_ spec: PlantSpec) -> ActiveTopology.Down {
        var d = ActiveTopology.Down(spec)
        for p in portDownCount.indices where portDownCount[p] > 0 { d.ports[p] = true }
        for l in linkDownCount.indices where linkDownCount[l] > 0 { d.links[l] = true }
        for n in nodeDownCount.indices where nodeDownCount[n] > 0 { d.nodes[n] = true }
        return d
    }

    /// The routes every source takes once the protocol has settled on the parts down now
    /// (nil for a source without a path); nil when paths never move.
    func settledRoutes() -> [[Hop]?]? {
        guard let active else { return nil }
        return rerouting.routes(usable: active.usableEdges(down(active.spec)))
    }
}
