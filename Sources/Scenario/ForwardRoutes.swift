import Models

/// Routes from one node to many (a compute node's responses to its requesters): one
/// breadth-first search forwards from the origin, in edge order, that stops once every
/// target is reached. Each route is the one `Topology.shortestRoute(from:to:)` gives, since
/// a node is first reached by the same edge whatever the target. Scratch state is reused
/// and reset sparsely, like `RouteFinder`'s.
struct ForwardRouteFinder {
    let topology: Topology
    private var via: [Int]  // edge that first reached the node; -1 undiscovered
    private var touched: [Int] = []

    init(_ topology: Topology) {
        self.topology = topology
        via = Array(repeating: -1, count: topology.spec.nodes.count)
    }

    /// One result per target, in order: its hops from `origin` (none for the origin
    /// itself), or why it cannot be reached. Only switches forward.
    mutating func routes(from origin: Int, to targets: [Int]) -> [Result<[Hop], RouteError>] {
        let spec = topology.spec
        defer {
            for n in touched { via[n] = -1 }
            touched.removeAll(keepingCapacity: true)
        }
        via[origin] = Int.max
        touched.append(origin)
        var pending = Set(targets.filter { $0 != origin })
        var frontier = [origin]
        while !frontier.isEmpty && !pending.isEmpty {
            var next: [Int] = []
            for n in frontier where n == origin || spec.nodes[n].kind == .switch {
                for e in topology.edgesOfNode[n] {
                    let peer = topology.edgePeer[e]
                    guard via[peer] == -1 else { continue }
                    via[peer] = e
                    touched.append(peer)
                    next.append(peer)
                    pending.remove(peer)
                }
            }
            frontier = next
        }
        var reached: [Int]?
        return targets.map { t in
            if t == origin { return .success([]) }
            guard via[t] >= 0 else {
                // Unreachable: the search ran to its end, so it reached all it could.
                if reached == nil { reached = touched.filter { $0 != origin }.sorted() }
                return .failure(.unreachable(from: origin, to: t, reached: reached ?? []))
            }
            var route: [Hop] = []
            var n = t
            while n != origin {
                let e = via[n]
                route.append(topology.edgeHop[e])
                n = topology.edgeNode[e]
            }
            return .success(route.reversed())
        }
    }
}
