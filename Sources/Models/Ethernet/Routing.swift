/// Path finding over a `NetworkSpec`, done once when the network is built: the running
/// network only follows port indices.
public struct Topology: Sendable {
    public let spec: NetworkSpec
    /// Egress ports of each node, in declaration order (the tie-break order).
    public let portsOfNode: [[Int]]
    /// Ports leading into each node (whose peer it is), in declaration order.
    public let portsIntoNode: [[Int]]

    public init(_ spec: NetworkSpec) {
        self.spec = spec
        var out = Array(repeating: [Int](), count: spec.nodes.count)
        var into = Array(repeating: [Int](), count: spec.nodes.count)
        for (i, p) in spec.ports.enumerated() {
            if out.indices.contains(p.node) { out[p.node].append(i) }
            if into.indices.contains(p.peerNode) { into[p.peerNode].append(i) }
        }
        portsOfNode = out
        portsIntoNode = into
    }

    /// The route with the fewest hops from `source` to `destination`, as egress ports.
    /// Only switches forward: end stations are never crossed. Ties go to the path whose
    /// ports were declared first (breadth-first search in port order), so the result is
    /// deterministic.
    public func shortestRoute(from source: Int, to destination: Int) -> Result<[Int], RouteError> {
        guard source != destination else { return .failure(.sameNode(source)) }
        var via = Array(repeating: -1, count: spec.nodes.count)  // port that first reached the node
        var seen = Array(repeating: false, count: spec.nodes.count)
        seen[source] = true
        var frontier = [source]
        while !frontier.isEmpty {
            var next: [Int] = []
            for n in frontier {
                if n != source && spec.nodes[n].kind != .switch { continue }
                for p in portsOfNode[n] {
                    let peer = spec.ports[p].peerNode
                    guard !seen[peer] else { continue }
                    seen[peer] = true
                    via[peer] = p
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
    public func route(through nodes: [Int]) -> Result<[Int], RouteError> {
        var route: [Int] = []
        for (a, b) in zip(nodes, nodes.dropFirst()) {
            if a == b { return .failure(.sameNode(a)) }
            guard let p = portsOfNode[a].first(where: { spec.ports[$0].peerNode == b }) else {
                return .failure(.noLink(from: a, to: b))
            }
            if route.count > 0 && spec.nodes[a].kind != .switch { return .failure(.notASwitch(a)) }
            route.append(p)
        }
        return .success(route)
    }

    private func path(to destination: Int, via: [Int]) -> [Int] {
        var route: [Int] = []
        var n = destination
        while via[n] >= 0 {
            route.append(via[n])
            n = spec.ports[via[n]].node
        }
        return route.reversed()
    }
}

/// Finds the shortest routes from many sources to one destination with a breadth-first
/// search backwards from the destination, level by level, that stops as soon as every
/// source is reached. Before a level is expanded, each source checks its own ports for a
/// link into that level, so a station next to a switch with thousands of ports is found
/// without scanning them. Scratch arrays are reused and reset sparsely: routing a plant of
/// many point-to-point flows costs about the size of their neighbourhoods, not the
/// network's size per flow.
///
/// Among routes of equal hop count a node takes the first port (in declaration order) into
/// the first node of the previous level (in discovery order): always the same route. Only
/// switches forward.
public struct RouteFinder {
    public let topology: Topology
    private var next: [Int]       // egress port towards the destination, -1 when undiscovered
    private var level: [Int]      // position in the current level, -1 when not in it
    private var touched: [Int] = []

    public init(_ topology: Topology) {
        self.topology = topology
        next = Array(repeating: -1, count: topology.spec.nodes.count)
        level = Array(repeating: -1, count: topology.spec.nodes.count)
    }

    /// One result per source, in order: its egress ports to `destination`, or why not.
    public mutating func routes(from sources: [Int], to destination: Int) -> [Result<[Int], RouteError>] {
        let spec = topology.spec
        defer {
            for n in touched { next[n] = -1; level[n] = -1 }
            touched.removeAll(keepingCapacity: true)
        }
        func forwards(_ n: Int) -> Bool { n == destination || spec.nodes[n].kind == .switch }
        var pending = Set(sources.filter { $0 != destination })
        var frontier = [destination]
        next[destination] = Int.max  // discovered (the destination has no next port)
        touched.append(destination)
        while !frontier.isEmpty && !pending.isEmpty {
            for (i, n) in frontier.enumerated() { level[n] = i }
            // If every source is one hop from this level, finish here. Each takes the
            // earliest node of the level it links to, then its first port to it: what the
            // full expansion below would give it.
            var found: [(source: Int, port: Int)] = []
            for s in pending.sorted() {
                var best: (position: Int, port: Int)?
                for p in topology.portsOfNode[s] {
                    let peer = spec.ports[p].peerNode
                    let position = level[peer]
                    guard position >= 0, forwards(peer) else { continue }
                    if let b = best, b.position <= position { continue }
                    best = (position, p)
                }
                guard let best else { break }
                found.append((s, best.port))
            }
            if found.count == pending.count {
                for (s, p) in found { next[s] = p; touched.append(s) }
                for n in frontier { level[n] = -1 }
                break
            }
            var following: [Int] = []
            for n in frontier where forwards(n) {
                for p in topology.portsIntoNode[n] {
                    let m = spec.ports[p].node
                    guard next[m] == -1 else { continue }
                    next[m] = p
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
            var route: [Int] = []
            var n = source
            while n != destination {
                let p = next[n]
                route.append(p)
                n = spec.ports[p].peerNode
            }
            return .success(route)
        }
    }
}

/// Why a flow cannot be routed; node indices refer to `NetworkSpec.nodes`.
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
