/// Disjoint paths from a talker to a listener, for IEEE 802.1CB frame replication and
/// elimination (FRER): a stream sent over each survives any single failure that touches
/// only one of them.
///
/// The paths have the least total hop count of any such set, found as a minimum-cost flow
/// by successive shortest paths (Suurballe, Bhandari): each new path may run back along
/// an earlier one, and the two then swap tails. Taking the shortest path first and
/// routing around it is not enough: on a "trap" topology the shortest path uses the only
/// links that could start or finish a second path. Only bridges forward; end stations
/// are only endpoints. Links that are down are not used.
///
/// Among paths of equal cost the searches settle lower-numbered nodes first and take
/// their links in link order, keeping the first best, so the result is always the same.
public struct DisjointPaths: Sendable, Equatable {
    /// What two paths may not share.
    public enum Disjointness: Sendable, Equatable {
        /// No link (they may cross at a bridge).
        case link
        /// No node other than the talker and the listener (hence no link either).
        case node
    }

    /// Each path as its links from talker to listener, shortest first, then by link order.
    public let paths: [[BridgedNetwork.DirectedLink]]

    /// The sum of the paths' hop counts, the quantity minimised.
    public var totalHops: Int { paths.reduce(0) { $0 + $1.count } }

    /// `count` paths from `talker` to `listener` that share no link or no intermediate
    /// node, with the least total hop count; or why not.
    public static func find(in network: BridgedNetwork, from talker: Int, to listener: Int, count: Int,
                            disjointness: Disjointness) -> Result<DisjointPaths, DisjointPathError> {
        let n = network.nodes.count
        for v in [talker, listener] where !(0..<n).contains(v) { return .failure(.nodeOutOfRange(v)) }
        guard talker != listener else { return .failure(.sameNode(talker)) }
        guard count >= 1 else { return .failure(.invalidCount(count)) }

        var graph = FlowGraph(network: network, talker: talker, listener: listener, disjointness: disjointness)
        var found = 0
        while found < count && graph.augment() { found += 1 }
        if found == 0 { return .failure(.unreachable(from: talker, to: listener)) }
        if found < count { return .failure(.notEnoughDisjointPaths(requested: count, available: found)) }

        let paths = graph.decompose(paths: found).sorted {
            $0.count != $1.count ? $0.count < $1.count
                : $0.map(\.link).lexicographicallyPrecedes($1.map(\.link))
        }
        return .success(DisjointPaths(paths: paths))
    }
}

/// Why no set of disjoint paths was found; node indices refer to the network.
public enum DisjointPathError: Error, Equatable, Sendable {
    case nodeOutOfRange(Int)
    case sameNode(Int)
    /// Fewer than one path asked for.
    case invalidCount(Int)
    /// No path at all joins the two over up links and bridges.
    case unreachable(from: Int, to: Int)
    /// Only `available` disjoint paths exist.
    case notEnoughDisjointPaths(requested: Int, available: Int)
}

/// The residual graph of the minimum-cost flow. Each usable direction of a link is an arc
/// of capacity 1 and cost 1 (one hop); for node-disjoint paths each intermediate bridge is
/// split into an entry and an exit joined by an arc of capacity 1 and cost 0. Arcs are
/// created in link order, and each has its reverse at the next index.
private struct FlowGraph {
    struct Arc {
        var to: Int
        var capacity: Int
        let cost: Int
        /// The link direction it carries (nil for a bridge's entry-to-exit arc).
        let hop: BridgedNetwork.DirectedLink?
        /// False for the residual arc that undoes another.
        let isForward: Bool
    }

    private var arcs: [Arc] = []
    private var arcsOf: [[Int]]
    /// Node potentials that keep reduced arc costs non-negative, so each search is Dijkstra's.
    private var potential: [Int]
    private let source: Int, sink: Int
    private let talker: Int, listener: Int
    private let nodeCount: Int

    init(network: BridgedNetwork, talker: Int, listener: Int, disjointness: DisjointPaths.Disjointness) {
        let n = network.nodes.count
        let split = disjointness == .node
        let vertices = split ? 2 * n : n
        func entry(_ v: Int) -> Int { split ? 2 * v : v }
        func exit(_ v: Int) -> Int { split ? 2 * v + 1 : v }
        func forwards(_ v: Int) -> Bool { v != talker && v != listener && network.nodes[v].isBridge }
        arcsOf = Array(repeating: [], count: vertices)
        potential = Array(repeating: 0, count: vertices)
        source = exit(talker)
        sink = entry(listener)
        self.talker = talker
        self.listener = listener
        nodeCount = n
        if split {
            for v in 0..<n where forwards(v) { addArc(from: entry(v), to: exit(v), cost: 0, hop: nil) }
        }
        for (i, link) in network.links.enumerated() where link.isUp && link.a != link.b {
            for (u, v) in [(link.a, link.b), (link.b, link.a)] {
                // A path leaves the talker or a bridge, and reaches the listener or a bridge.
                guard u == talker || forwards(u), v == listener || forwards(v) else { continue }
                addArc(from: exit(u), to: entry(v), cost: 1, hop: BridgedNetwork.DirectedLink(link: i, from: u, to: v))
            }
        }
    }

    private mutating func addArc(from u: Int, to v: Int, cost: Int, hop: BridgedNetwork.DirectedLink?) {
        arcsOf[u].append(arcs.count)
        arcs.append(Arc(to: v, capacity: 1, cost: cost, hop: hop, isForward: true))
        arcsOf[v].append(arcs.count)
        arcs.append(Arc(to: u, capacity: 0, cost: -cost, hop: hop, isForward: false))
    }

    /// Sends one more unit along a shortest residual path; false when none is left.
    mutating func augment() -> Bool {
        var distance = [Int](repeating: .max, count: arcsOf.count)
        var via = [Int](repeating: -1, count: arcsOf.count)
        var heap = CostHeap()
        distance[source] = 0
        heap.push(cost: 0, node: source)
        while let (d, u) = heap.pop() {
            guard d == distance[u] else { continue }
            for e in arcsOf[u] where arcs[e].capacity > 0 {
                let v = arcs[e].to
                let nd = d + arcs[e].cost + potential[u] - potential[v]
                if nd < distance[v] {
                    distance[v] = nd
                    via[v] = e
                    heap.push(cost: nd, node: v)
                }
            }
        }
        guard distance[sink] != .max else { return false }
        // Unreached vertices take the largest distance: their arcs into reached ones stay non-negative.
        let farthest = distance.lazy.filter { $0 != .max }.max() ?? 0
        for v in potential.indices { potential[v] += distance[v] == .max ? farthest : distance[v] }
        var v = sink
        while v != source {
            let e = via[v]
            arcs[e].capacity -= 1
            arcs[e ^ 1].capacity += 1
            v = arcs[e ^ 1].to
        }
        return true
    }

    /// The flow as `paths` walks from talker to listener. At a node where paths meet (link-
    /// disjoint paths may cross at a bridge) each leaves by its first unused link in link
    /// order. An optimal flow has no cycle, since every cycle costs hops, so each walk ends.
    func decompose(paths: Int) -> [[BridgedNetwork.DirectedLink]] {
        var out = Array(repeating: [BridgedNetwork.DirectedLink](), count: nodeCount)
        for arc in arcs where arc.isForward && arc.capacity == 0 {
            if let hop = arc.hop { out[hop.from].append(hop) }
        }
        var result: [[BridgedNetwork.DirectedLink]] = []
        for _ in 0..<paths {
            var path: [BridgedNetwork.DirectedLink] = []
            var at = talker
            while at != listener {
                precondition(!out[at].isEmpty, "flow does not reach the listener")
                let hop = out[at].removeFirst()
                path.append(hop)
                at = hop.to
            }
            result.append(path)
        }
        return result
    }
}
