import Models
import Testing

@Suite struct SpanningTreeTests {
    typealias Port = BridgedNetwork.Port

    static let names = ["sw0", "sw1", "sw2", "sw3", "sw4", "h5"]

    /// Five bridges and a dual-homed station. sw2 has priority 4096, the others 32768, so
    /// sw2 is root although sw0 has the lowest MAC. All links 1 Gb/s (cost 20 000) but
    /// L3, 100 Mb/s (cost 200 000); L5 and L6 are parallel; L10 is a loop cable.
    ///
    ///     L0 sw2–sw0   L1 sw2–sw1   L2 sw0–sw1   L3 sw2–sw3 (100M)   L4 sw0–sw3
    ///     L5 sw1–sw4   L6 sw1–sw4   L7 sw3–sw4   L8 h5–sw3   L9 h5–sw4   L10 sw0–sw0
    ///
    /// Ports in link order: sw0 L0 p1, L2 p2, L4 p3, L10 p4 (end a), p5 (end b);
    /// sw1 L1 p1, L2 p2, L5 p3, L6 p4; sw2 L0 p1, L1 p2, L3 p3;
    /// sw3 L3 p1, L4 p2, L7 p3, L8 p4; sw4 L5 p1, L6 p2, L7 p3, L9 p4; h5 L8 p1, L9 p2.
    static func mesh() throws -> BridgedNetwork {
        let g: Int64 = 1_000_000_000
        return try BridgedNetwork(
            nodes: [.bridge(), .bridge(), .bridge(priority: 4096), .bridge(), .bridge(), .station],
            links: [
                .init(2, 0, rateBitsPerSecond: g), .init(2, 1, rateBitsPerSecond: g),
                .init(0, 1, rateBitsPerSecond: g), .init(2, 3, rateBitsPerSecond: 100_000_000),
                .init(0, 3, rateBitsPerSecond: g), .init(1, 4, rateBitsPerSecond: g),
                .init(1, 4, rateBitsPerSecond: g), .init(3, 4, rateBitsPerSecond: g),
                .init(5, 3, rateBitsPerSecond: g), .init(5, 4, rateBitsPerSecond: g),
                .init(0, 0, rateBitsPerSecond: g),
            ])
    }

    /// By hand, 802.1Q-2018 13.10 (lower is better at each step):
    /// - Root: sw2, priority 4096 beats 32768.
    /// - sw0, sw1: 20 000 straight to sw2 (L0, L1): root port p1 each.
    /// - sw3: direct L3 costs 200 000 (100 Mb/s); via sw0 20 000 + 20 000 = 40 000 (L4);
    ///   via sw4 40 000 + 20 000. Root port p2 (L4); the slow direct link is blocked at p1.
    /// - sw4: L5 and L6 both give 40 000 from designated bridge sw1; sw1's designated port
    ///   ids decide: p3 (L5) beats p4 (L6). Root port p1; p2 alternate.
    /// - L2 sw0–sw1: both 20 000, bridge id sw0 < sw1: sw0 p2 designated, sw1 p2 alternate.
    /// - L7 sw3–sw4: both 40 000, sw3 < sw4: sw3 p3 designated, sw4 p3 alternate.
    /// - L10 loop at sw0: same bridge, p4 < p5: p4 designated, p5 backup.
    /// - Ports to h5 are designated edge ports; h5 does not forward, so no loop through it.
    @Test func meshConvergesToTheHandComputedTree() throws {
        let tree = SpanningTree(try Self.mesh())
        #expect(tree.components == [.init(root: 2, bridges: [0, 1, 2, 3, 4])])
        #expect(tree.rootPathCost == [20_000, 20_000, 0, 40_000, 40_000, nil])
        #expect(tree.roles(ofNode: 0) == [.root, .designated, .designated, .designated, .backup])
        #expect(tree.roles(ofNode: 1) == [.root, .alternate, .designated, .designated])
        #expect(tree.roles(ofNode: 2) == [.designated, .designated, .designated])
        #expect(tree.roles(ofNode: 3) == [.alternate, .root, .designated, .designated])
        #expect(tree.roles(ofNode: 4) == [.root, .alternate, .alternate, .designated])
        #expect(tree.roles(ofNode: 5) == [.station, .station])
        #expect(tree.rootPort == [Port(link: 0, end: .b), Port(link: 1, end: .b), nil,
                                  Port(link: 4, end: .b), Port(link: 5, end: .b), nil])
        #expect(tree.linkStates == [
            .forwarding, .forwarding, .blocked(at: Port(link: 2, end: .b)), .blocked(at: Port(link: 3, end: .b)),
            .forwarding, .forwarding, .blocked(at: Port(link: 6, end: .b)), .blocked(at: Port(link: 7, end: .b)),
            .forwarding, .forwarding, .blocked(at: Port(link: 10, end: .b)),
        ])
        #expect(tree.lines(names: Self.names) == [
            "root sw2; blocked sw1 port 2 (link sw0–sw1); blocked sw3 port 1 (link sw2–sw3); "
                + "blocked sw4 port 2 (link sw1–sw4); blocked sw4 port 3 (link sw3–sw4); "
                + "blocked sw0 port 5 (link sw0–sw0)",
        ])
    }

    /// L4 (sw0–sw3) fails. sw3 now: direct 200 000, or via sw4 40 000 + 20 000 = 60 000:
    /// root port p3 (L7), so L7 forwards with sw4 p3 designated (40 000 < 60 000). The
    /// slow L3 stays blocked at sw3 p1; L4's ports are disabled. Nothing else changes.
    @Test func treeAfterALinkFails() throws {
        let tree = SpanningTree(try Self.mesh().settingLinks([4], up: false))
        #expect(tree.rootPathCost == [20_000, 20_000, 0, 60_000, 40_000, nil])
        #expect(tree.roles(ofNode: 0) == [.root, .designated, .disabled, .designated, .backup])
        #expect(tree.roles(ofNode: 3) == [.alternate, .disabled, .root, .designated])
        #expect(tree.roles(ofNode: 4) == [.root, .alternate, .designated, .designated])
        #expect(tree.linkStates[4] == .down)
        #expect(tree.linkStates[7] == .forwarding)
        #expect(tree.lines(names: Self.names) == [
            "root sw2; blocked sw1 port 2 (link sw0–sw1); blocked sw3 port 1 (link sw2–sw3); "
                + "blocked sw4 port 2 (link sw1–sw4); blocked sw0 port 5 (link sw0–sw0)",
            "down link sw0–sw3",
        ])
    }

    /// L3, L4 and L7 fail: sw3 keeps only its links to h5, and a station does not bridge,
    /// so sw3 is a component of its own and its own root. Both links to h5 still forward.
    @Test func aPartitionedNetworkHasOneRootPerComponent() throws {
        let tree = SpanningTree(try Self.mesh().settingLinks([3, 4, 7], up: false))
        #expect(tree.components == [.init(root: 2, bridges: [0, 1, 2, 4]), .init(root: 3, bridges: [3])])
        #expect(tree.componentOfNode == [0, 0, 0, 1, 0, nil])
        #expect(tree.rootPathCost[3] == 0)
        #expect(tree.forwards(link: 8) && tree.forwards(link: 9))
        #expect(tree.lines(names: Self.names) == [
            "root sw2; blocked sw1 port 2 (link sw0–sw1); blocked sw4 port 2 (link sw1–sw4); "
                + "blocked sw0 port 5 (link sw0–sw0)",
            "root sw3",
            "down link sw2–sw3", "down link sw0–sw3", "down link sw3–sw4",
        ])
    }

    /// An explicit cost on L3 (30 000 < 40 000 via sw0) makes it sw3's root port; then L4
    /// is blocked at sw3 p2 (sw0's 20 000 beats sw3's 30 000 for designated).
    @Test func explicitPathCostOverridesSpeed() throws {
        let base = try Self.mesh()
        var links = base.links
        links[3].pathCost = 30_000
        let tree = SpanningTree(try BridgedNetwork(nodes: base.nodes, links: links))
        #expect(tree.rootPathCost[3] == 30_000)
        #expect(tree.roles(ofNode: 3) == [.root, .alternate, .designated, .designated])
        #expect(tree.linkStates[4] == .blocked(at: Port(link: 4, end: .b)))
    }

    /// With equal priorities the lowest MAC (node index) is root, and an untied lower cost
    /// decides against a lower bridge id: in the triangle sw0–sw1 (100 Mb/s), sw1–sw2,
    /// sw0–sw2 (1 Gb/s), sw1 reaches root sw0 via sw2 (40 000 < 200 000).
    @Test func lowestMACWinsAtEqualPriority() throws {
        let tree = SpanningTree(try BridgedNetwork(
            nodes: [.bridge(), .bridge(), .bridge()],
            links: [.init(0, 1, rateBitsPerSecond: 100_000_000), .init(1, 2, rateBitsPerSecond: 1_000_000_000),
                    .init(0, 2, rateBitsPerSecond: 1_000_000_000)]))
        #expect(tree.components.map(\.root) == [0])
        #expect(tree.rootPathCost == [0, 40_000, 20_000])
        #expect(tree.linkStates == [.blocked(at: Port(link: 0, end: .b)), .forwarding, .forwarding])
        #expect(tree.lines() == ["root n0; blocked n1 port 1 (link n0–n1)"])
    }

    /// IEEE 802.1Q-2018 Table 13-4 at its listed speeds, clamped beyond them.
    @Test func portPathCostsFollowTable13_4() {
        let table: [(Int64, Int)] = [
            (100_000, 200_000_000), (1_000_000, 20_000_000), (10_000_000, 2_000_000),
            (100_000_000, 200_000), (1_000_000_000, 20_000), (10_000_000_000, 2_000),
            (100_000_000_000, 200), (1_000_000_000_000, 20), (10_000_000_000_000, 2),
            (10_000, 200_000_000), (100_000_000_000_000, 1), (2_500_000_000, 8_000),
        ]
        for (rate, cost) in table { #expect(SpanningTree.portPathCost(rateBitsPerSecond: rate) == cost, "\(rate)") }
    }

    @Test func invalidNetworksAreRejected() {
        let g: Int64 = 1_000_000_000
        #expect(throws: BridgedNetworkError.nodeOutOfRange(link: 0, node: 3)) {
            try BridgedNetwork(nodes: [.bridge(), .bridge()], links: [.init(0, 3, rateBitsPerSecond: g)])
        }
        #expect(throws: BridgedNetworkError.invalidPriority(node: 1, priority: 100)) {
            try BridgedNetwork(nodes: [.bridge(), .bridge(priority: 100)], links: [])
        }
        #expect(throws: BridgedNetworkError.invalidRate(link: 0, rateBitsPerSecond: 0)) {
            try BridgedNetwork(nodes: [.bridge(), .bridge()], links: [.init(0, 1, rateBitsPerSecond: 0)])
        }
        #expect(throws: BridgedNetworkError.invalidPathCost(link: 0, cost: 0)) {
            try BridgedNetwork(nodes: [.bridge(), .bridge()], links: [.init(0, 1, rateBitsPerSecond: g, pathCost: 0)])
        }
    }

    /// Random meshes against a naive reference: every bridge repeatedly takes the best of
    /// its own vector and the vectors its neighbours offer (802.1Q-2018 13.10, compared as
    /// tuples), until nothing changes. The direct computation must agree on every root
    /// port and designated port, and the forwarding links must form one tree per component.
    @Test(arguments: UInt64(1)...40)
    func agreesWithIteratedVectorExchange(seed: UInt64) throws {
        var rng = SplitMix(seed: seed)
        let bridges = 3 + rng.below(7), stations = rng.below(4)
        var nodes: [BridgedNetwork.Node] = (0..<bridges).map { _ in .bridge(priority: 4096 * (7 + rng.below(3))) }
        nodes += Array(repeating: .station, count: stations)
        let rates: [Int64] = [100_000_000, 1_000_000_000, 10_000_000_000]
        var links: [BridgedNetwork.Link] = []
        for _ in 0..<(bridges + rng.below(2 * bridges)) {
            links.append(.init(rng.below(bridges), rng.below(bridges), rateBitsPerSecond: rates[rng.below(3)],
                               pathCost: rng.below(5) == 0 ? 1 + rng.below(50_000) : nil, isUp: rng.below(6) != 0))
        }
        for h in 0..<stations {
            for _ in 0..<(1 + rng.below(2)) {
                links.append(.init(bridges + h, rng.below(bridges), rateBitsPerSecond: rates[1]))
            }
        }
        let network = try BridgedNetwork(nodes: nodes, links: links)
        let tree = SpanningTree(network)
        let reference = IteratedSpanningTree(network)

        for v in 0..<bridges {
            #expect(tree.rootPort[v] == reference.rootPort[v], "seed \(seed) bridge \(v)")
            #expect(tree.rootPathCost[v] == reference.cost[v], "seed \(seed) bridge \(v)")
        }
        for (i, l) in links.enumerated() where l.isUp && l.a != l.b && l.a < bridges && l.b < bridges {
            let designatedA = tree.role(of: Port(link: i, end: .a)) == .designated
            #expect(designatedA == reference.designatedAtA[i], "seed \(seed) link \(i)")
        }
        // One tree per component: |bridges| - 1 forwarding bridge links that join them all.
        for c in tree.components {
            let inside = links.indices.filter {
                tree.forwards(link: $0) && links[$0].a < bridges && links[$0].b < bridges
                    && tree.componentOfNode[links[$0].a] == tree.componentOfNode[c.root]
            }
            #expect(inside.count == c.bridges.count - 1, "seed \(seed)")
            var reached: Set = [c.root], grew = true
            while grew {
                grew = false
                for i in inside where reached.contains(links[i].a) != reached.contains(links[i].b) {
                    reached.formUnion([links[i].a, links[i].b])
                    grew = true
                }
            }
            #expect(reached == Set(c.bridges), "seed \(seed)")
        }
    }
}

/// The reference for the random test: vectors exchanged until they settle.
private struct IteratedSpanningTree {
    var cost: [Int?] = []
    var rootPort: [BridgedNetwork.Port?] = []
    var designatedAtA: [Bool] = []

    init(_ network: BridgedNetwork) {
        typealias BridgeID = [Int]  // [priority, MAC]
        typealias Vector = (root: BridgeID, cost: Int, bridge: BridgeID, port: Int, rx: Int)
        func less(_ x: Vector, _ y: Vector) -> Bool {
            if x.root != y.root { return x.root.lexicographicallyPrecedes(y.root) }
            if x.cost != y.cost { return x.cost < y.cost }
            if x.bridge != y.bridge { return x.bridge.lexicographicallyPrecedes(y.bridge) }
            return (x.port, x.rx) < (y.port, y.rx)
        }
        let nodes = network.nodes, links = network.links
        let bridges = nodes.indices.filter { nodes[$0].isBridge }
        func id(_ v: Int) -> BridgeID { [nodes[v].priority, v] }
        var best: [Vector?] = nodes.indices.map { nodes[$0].isBridge ? (id($0), 0, id($0), 0, 0) : nil }
        var via = [BridgedNetwork.Port?](repeating: nil, count: nodes.count)
        for _ in 0..<(4 * nodes.count + 4) {
            var next = best, nextVia = via
            for v in bridges {
                var mine: Vector = (id(v), 0, id(v), 0, 0)
                var port: BridgedNetwork.Port?
                for p in network.ports[v] {
                    let l = links[p.link], w = l.peer(of: v)
                    guard l.isUp, l.a != l.b, nodes[w].isBridge, let offer = best[w] else { continue }
                    let cost = l.pathCost ?? SpanningTree.portPathCost(rateBitsPerSecond: l.rateBitsPerSecond)
                    let message: Vector = (offer.root, offer.cost + cost, id(w),
                                           network.portNumber(of: network.peer(of: p)), network.portNumber(of: p))
                    if less(message, mine) {
                        mine = message
                        port = p
                    }
                }
                next[v] = mine
                nextVia[v] = port
            }
            let settled = zip(next, best).allSatisfy { a, b in
                guard let a, let b else { return a == nil && b == nil }
                return !less(a, b) && !less(b, a)
            }
            best = next
            via = nextVia
            if settled { break }
        }
        cost = best.map { $0?.cost }
        rootPort = via
        designatedAtA = links.indices.map { i in
            let l = links[i]
            guard l.isUp, l.a != l.b, let va = best[l.a], let vb = best[l.b] else { return false }
            let a: Vector = (va.root, va.cost, id(l.a), network.portNumber(of: .init(link: i, end: .a)), 0)
            let b: Vector = (vb.root, vb.cost, id(l.b), network.portNumber(of: .init(link: i, end: .b)), 0)
            return less(a, b)
        }
    }
}

/// A small seeded generator for the random tests (SplitMix64).
struct SplitMix {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// Uniform in 0..<n.
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}
