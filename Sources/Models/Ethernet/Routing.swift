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

    /// Shortest routes from every node to `destination`, found by one breadth-first search
    /// backwards from it: linear in the network's size, however many sources a flow has.
    /// Among routes of equal hop count, each node takes the first port (in declaration
    /// order) of the first neighbour reached from the destination. Only switches forward.
    public func routeTable(toward destination: Int) -> RouteTable {
        var next = Array(repeating: -1, count: spec.nodes.count)  // egress port towards the destination
        var frontier = [destination]
        var seen = Array(repeating: false, count: spec.nodes.count)
        seen[destination] = true
        while !frontier.isEmpty {
            var following: [Int] = []
            for n in frontier {
                if n != destination && spec.nodes[n].kind != .switch { continue }
                for p in portsIntoNode[n] {
                    let m = spec.ports[p].node
                    guard !seen[m] else { continue }
                    seen[m] = true
                    next[m] = p
                    following.append(m)
                }
            }
            frontier = following
        }
        return RouteTable(topology: self, destination: destination, next: next)
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

/// Shortest routes to one destination (see `Topology.routeTable(toward:)`).
public struct RouteTable: Sendable {
    let topology: Topology
    public let destination: Int
    let next: [Int]

    /// The egress ports from `source` to the destination.
    public func route(from source: Int) -> Result<[Int], RouteError> {
        guard source != destination else { return .failure(.sameNode(source)) }
        guard next[source] >= 0 else { return topology.shortestRoute(from: source, to: destination) }
        var route: [Int] = []
        var n = source
        while n != destination {
            let p = next[n]
            route.append(p)
            n = topology.spec.ports[p].peerNode
        }
        return .success(route)
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
