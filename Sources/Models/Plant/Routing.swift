/// Path finding over a `PlantSpec`, done once when the plant is built: the running plant
/// only follows hop indices.
///
/// The graph's directed edges are the Ethernet egress ports, then the directions of the
/// external-network links, then each terminal's uplink to its gNB and downlink from it,
/// each in declaration order (the tie-break order).
public struct Topology: Sendable {
    public let spec: PlantSpec
    /// Per edge: the node it leaves, the node it reaches, and the hop that carries it.
    public let edgeNode: [Int]
    public let edgePeer: [Int]
    public let edgeHop: [Hop]
    /// Edges leaving each node, and edges reaching it, in edge order.
    public let edgesOfNode: [[Int]]
    public let edgesIntoNode: [[Int]]

    /// The plant's graph; with `usable` (one flag per edge), only the usable edges join
    /// nodes (edge numbers stay the same): the active topology of a redundancy protocol.
    public init(_ spec: PlantSpec, usable: [Bool]? = nil) {
        self.spec = spec
        var node: [Int] = [], peer: [Int] = [], hop: [Hop] = []
        for (i, p) in spec.ports.enumerated() { node.append(p.node); peer.append(p.peerNode); hop.append(.port(i)) }
        for (i, l) in spec.links.enumerated() { node.append(l.node); peer.append(l.peerNode); hop.append(.link(i)) }
        for (u, ue) in spec.ues.enumerated() {
            node.append(ue.node); peer.append(ue.gnb); hop.append(.radio(ue: u, uplink: true))
            node.append(ue.gnb); peer.append(ue.node); hop.append(.radio(ue: u, uplink: false))
        }
        var out = Array(repeating: [Int](), count: spec.nodes.count)
        var into = Array(repeating: [Int](), count: spec.nodes.count)
        for e in node.indices where usable?[e] ?? true {
            if out.indices.contains(node[e]) { out[node[e]].append(e) }
            if into.indices.contains(peer[e]) { into[peer[e]].append(e) }
        }
        edgeNode = node
        edgePeer = peer
        edgeHop = hop
        edgesOfNode = out
        edgesIntoNode = into
    }

    /// The edge that carries hop `h` in this numbering (nil for a service, which is no edge).
    public static func edge(of h: Hop, in spec: PlantSpec) -> Int? {
        switch h.kind {
        case .port: h.index
        case .link: spec.ports.count + h.index
        case .radio: spec.ports.count + spec.links.count + 2 * (h.index >> 1) + (h.index & 1 == 1 ? 0 : 1)
        case .service: nil
        }
    }

    /// The route with the fewest hops from `source` to `destination`. Only switches
    /// forward: end stations are never crossed. Ties go to the path whose edges come first
    /// (breadth-first search in edge order), so the result is deterministic.
    public func shortestRoute(from source: Int, to destination: Int) -> Result<[Hop], RouteError> {
        guard source != destination else { return .failure(.sameNode(source)) }
        var via = Array(repeating: -1, count: spec.nodes.count)  // edge that first reached the node
        var seen = Array(repeating: false, count: spec.nodes.count)
        seen[source] = true
        var frontier = [source]
        while !frontier.isEmpty {
            var next: [Int] = []
            for n in frontier {
                if n != source && spec.nodes[n].kind != .switch { continue }
                for e in edgesOfNode[n] {
                    let peer = edgePeer[e]
                    guard !seen[peer] else { continue }
                    seen[peer] = true
                    via[peer] = e
                    if peer == destination { return .success(path(to: destination, via: via)) }
                    next.append(peer)
                }
            }
            frontier = next
        }
        let reached = seen.indices.filter { seen[$0] && $0 != source }
        return .failure(.unreachable(from: source, to: destination, reached: reached))
    }

    /// The route through the given nodes in order (first the source, last the destination).
    public func route(through nodes: [Int]) -> Result<[Hop], RouteError> {
        var route: [Hop] = []
        for (a, b) in zip(nodes, nodes.dropFirst()) {
            if a == b { return .failure(.sameNode(a)) }
            guard let e = edgesOfNode[a].first(where: { edgePeer[$0] == b }) else {
                return .failure(.noLink(from: a, to: b))
            }
            if route.count > 0 && spec.nodes[a].kind != .switch { return .failure(.notASwitch(a)) }
            route.append(edgeHop[e])
        }
        return .success(route)
    }

    private func path(to destination: Int, via: [Int]) -> [Hop] {
        var route: [Hop] = []
        var n = destination
        while via[n] >= 0 {
            route.append(edgeHop[via[n]])
            n = edgeNode[via[n]]
        }
        return route.reversed()
    }
}

/// Finds the shortest routes from many sources to one destination with a breadth-first
/// search backwards from the destination, level by level, that stops as soon as every
/// source is reached. Before a level is expanded, each source checks its own edges for a
/// link into that level, so a station next to a switch with thousands of ports is found
/// without scanning them. Scratch arrays are reused and reset sparsely: routing a plant of
/// many point-to-point flows costs about the size of their neighbourhoods, not the
/// network's size per flow.
///
/// Among routes of equal hop count a node takes the first edge (in edge order) into
/// the first node of the previous level (in discovery order): always the same route. Only
/// switches forward.
public struct RouteFinder {
    public let topology: Topology
    private var next: [Int]       // edge towards the destination, -1 when undiscovered
    private var level: [Int]      // position in the current level, -1 when not in it
    private var touched: [Int] = []

    public init(_ topology: Topology) {
        self.topology = topology
        next = Array(repeating: -1, count: topology.spec.nodes.count)
        level = Array(repeating: -1, count: topology.spec.nodes.count)
    }

    /// One result per source, in order: its hops to `destination`, or why not.
    public mutating func routes(from sources: [Int], to destination: Int) -> [Result<[Hop], RouteError>] {
        let spec = topology.spec
        defer {
            for n in touched { next[n] = -1; level[n] = -1 }
            touched.removeAll(keepingCapacity: true)
        }
        func forwards(_ n: Int) -> Bool { n == destination || spec.nodes[n].kind == .switch }
        var pending = Set(sources.filter { $0 != destination })
        var frontier = [destination]
        next[destination] = Int.max  // discovered (the destination has no next edge)
        touched.append(destination)
        while !frontier.isEmpty && !pending.isEmpty {
            for (i, n) in frontier.enumerated() { level[n] = i }
            // If every source is one hop from this level, finish here. Each takes the
            // earliest node of the level it links to, then its first edge to it: what the
            // full expansion below would give it.
            var found: [(source: Int, edge: Int)] = []
            for s in pending.sorted() {
                var best: (position: Int, edge: Int)?
                for e in topology.edgesOfNode[s] {
                    let peer = topology.edgePeer[e]
                    let position = level[peer]
                    guard position >= 0, forwards(peer) else { continue }
                    if let b = best, b.position <= position { continue }
                    best = (position, e)
                }
                guard let best else { break }
                found.append((s, best.edge))
            }
            if found.count == pending.count {
                for (s, p) in found { next[s] = p; touched.append(s) }
                for n in frontier { level[n] = -1 }
                break
            }
            var following: [Int] = []
            for n in frontier where forwards(n) {
                for e in topology.edgesIntoNode[n] {
                    let m = topology.edgeNode[e]
                    guard next[m] == -1 else { continue }
                    next[m] = e
                    touched.append(m)
                    following.append(m)
                    pending.remove(m)
                }
            }
            for n in frontier { level[n] = -1 }
            frontier = following
        }
        return sources.map { source in
            if source == destination { return .failure(.sameNode(source)) }
            guard next[source] >= 0 else { return topology.shortestRoute(from: source, to: destination) }
            var route: [Hop] = []
            var n = source
            while n != destination {
                let e = next[n]
                route.append(topology.edgeHop[e])
                n = topology.edgePeer[e]
            }
            return .success(route)
        }
    }
}

/// Routes from one node to many (a compute node's responses to its requesters): one
/// breadth-first search forwards from the origin, in edge order, that stops once every
/// target is reached. Each route is the one `Topology.shortestRoute(from:to:)` gives, since
/// a node is first reached by the same edge whatever the target. Scratch state is reused
/// and reset sparsely, like `RouteFinder`'s.
public struct ForwardRouteFinder {
    public let topology: Topology
    private var via: [Int]  // edge that first reached the node; -1 undiscovered
    private var touched: [Int] = []

    public init(_ topology: Topology) {
        self.topology = topology
        via = Array(repeating: -1, count: topology.spec.nodes.count)
    }

    /// One result per target, in order: its hops from `origin` (none for the origin
    /// itself), or why it cannot be reached. Only switches forward.
    public mutating func routes(from origin: Int, to targets: [Int]) -> [Result<[Hop], RouteError>] {
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

/// Why a flow cannot be routed; node indices refer to `PlantSpec.nodes`.
public enum RouteError: Error, Equatable, Sendable {
    /// No chain of links and switches joins the two; `reached` lists what the source
    /// can reach (so a message can say where the path breaks).
    case unreachable(from: Int, to: Int, reached: [Int])
    /// An explicit path names two consecutive nodes with no link between them.
    case noLink(from: Int, to: Int)
    /// An explicit path passes through an end station, which does not forward.
    case notASwitch(Int)
    /// Source and destination (or two consecutive path nodes) are the same node.
    case sameNode(Int)
}
