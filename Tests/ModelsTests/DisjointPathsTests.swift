import Models
import Testing

@Suite struct DisjointPathsTests {
    typealias Hop = BridgedNetwork.DirectedLink
    static let g: Int64 = 1_000_000_000

    static func network(stations: Set<Int>, count: Int, _ pairs: [(Int, Int)]) throws -> BridgedNetwork {
        try BridgedNetwork(nodes: (0..<count).map { stations.contains($0) ? .station : .bridge() },
                           links: pairs.map { .init($0.0, $0.1, rateBitsPerSecond: g) })
    }

    /// The trap: talker s = 0 and listener t = 7 (stations), a top path s-1-2-3-t and a
    /// bottom path s-4-5-6-t (4 hops each), and a cross link 1–6 that makes s-1-6-t the
    /// unique shortest path (3 hops).
    ///
    ///     L0 s–1  L1 1–2  L2 2–3  L3 3–t  L4 s–4  L5 4–5  L6 5–6  L7 6–t  L8 1–6
    ///
    /// Shortest-then-remove takes s-1-6-t and deletes L0, L8, L7: s then reaches only
    /// 4, 5, 6, a dead end. Bhandari's second search runs s-4-5-6, back along L8 to 1
    /// (cost −1), then 1-2-3-t: 5 hops, 3 + 5 = 8. L8 cancels, leaving top and bottom.
    static func trap() throws -> BridgedNetwork {
        try network(stations: [0, 7], count: 8,
                    [(0, 1), (1, 2), (2, 3), (3, 7), (0, 4), (4, 5), (5, 6), (6, 7), (1, 6)])
    }

    @Test func trapTopologyDefeatsGreedyButNotSuurballe() throws {
        let trap = try Self.trap()
        let shortest = try DisjointPaths.find(in: trap, from: 0, to: 7, count: 1, disjointness: .link).get()
        #expect(shortest.paths == [[Hop(link: 0, from: 0, to: 1), Hop(link: 8, from: 1, to: 6), Hop(link: 7, from: 6, to: 7)]])
        // Greedy: remove the shortest path's links and search again: nothing.
        let greedy = DisjointPaths.find(in: trap.settingLinks([0, 8, 7], up: false), from: 0, to: 7, count: 1,
                                        disjointness: .link)
        #expect(greedy == .failure(.unreachable(from: 0, to: 7)))

        let top = [Hop(link: 0, from: 0, to: 1), Hop(link: 1, from: 1, to: 2), Hop(link: 2, from: 2, to: 3),
                   Hop(link: 3, from: 3, to: 7)]
        let bottom = [Hop(link: 4, from: 0, to: 4), Hop(link: 5, from: 4, to: 5), Hop(link: 6, from: 5, to: 6),
                      Hop(link: 7, from: 6, to: 7)]
        for mode in [DisjointPaths.Disjointness.link, .node] {
            let pair = try DisjointPaths.find(in: trap, from: 0, to: 7, count: 2, disjointness: mode).get()
            #expect(pair.paths == [top, bottom])
            #expect(pair.totalHops == 8)
        }
        // The talker has two links: no third path.
        #expect(DisjointPaths.find(in: trap, from: 0, to: 7, count: 3, disjointness: .link)
            == .failure(.notEnoughDisjointPaths(requested: 3, available: 2)))
    }

    /// A bow tie through bridge 3 and a long bypass:
    ///
    ///     L0 s–1  L1 s–2  L2 1–3  L3 2–3  L4 3–4  L5 3–5  L6 4–t  L7 5–t
    ///     L8 s–7  L9 7–8  L10 8–9  L11 9–10  L12 10–t        (s = 0, t = 6)
    ///
    /// Link-disjoint: s-1-3-4-t and s-2-3-5-t share bridge 3 but no link: 4 + 4 = 8.
    /// Node-disjoint: only one path may cross 3, the other takes the bypass (5 hops):
    /// 4 + 5 = 9. The first search settles bridge 1 before 2 (same distance), so its path
    /// is s-1-3-4-t; at node 3 the link-disjoint walk leaves by L4 before L5.
    @Test func nodeDisjointCostsMoreThanLinkDisjoint() throws {
        let bowtie = try Self.network(stations: [0, 6], count: 11, [
            (0, 1), (0, 2), (1, 3), (2, 3), (3, 4), (3, 5), (4, 6), (5, 6),
            (0, 7), (7, 8), (8, 9), (9, 10), (10, 6),
        ])
        let byLink = try DisjointPaths.find(in: bowtie, from: 0, to: 6, count: 2, disjointness: .link).get()
        #expect(byLink.paths.map { $0.map(\.link) } == [[0, 2, 4, 6], [1, 3, 5, 7]])
        #expect(byLink.totalHops == 8)
        let byNode = try DisjointPaths.find(in: bowtie, from: 0, to: 6, count: 2, disjointness: .node).get()
        #expect(byNode.paths.map { $0.map(\.link) } == [[0, 2, 4, 6], [8, 9, 10, 11, 12]])
        #expect(byNode.totalHops == 9)
        // Without the bypass, bridge 3 is a cut node: one node-disjoint path only.
        let cut = bowtie.settingLinks([8], up: false)
        #expect(DisjointPaths.find(in: cut, from: 0, to: 6, count: 2, disjointness: .node)
            == .failure(.notEnoughDisjointPaths(requested: 2, available: 1)))
    }

    /// s-1-h-3-t where h is an end station: stations do not forward, so t is unreachable.
    @Test func unreachableThroughAStation() throws {
        let net = try Self.network(stations: [0, 2, 4], count: 5, [(0, 1), (1, 2), (2, 3), (3, 4)])
        #expect(DisjointPaths.find(in: net, from: 0, to: 4, count: 1, disjointness: .link)
            == .failure(.unreachable(from: 0, to: 4)))
        #expect(DisjointPaths.find(in: net, from: 0, to: 9, count: 1, disjointness: .link) == .failure(.nodeOutOfRange(9)))
        #expect(DisjointPaths.find(in: net, from: 1, to: 1, count: 1, disjointness: .link) == .failure(.sameNode(1)))
        #expect(DisjointPaths.find(in: net, from: 0, to: 1, count: 0, disjointness: .link) == .failure(.invalidCount(0)))
    }

    /// Random small networks against exhaustive search: every simple path from talker to
    /// listener is listed, and the best set of k pairwise disjoint ones found by trying
    /// them all. The result must be valid, disjoint and as short in total.
    @Test(arguments: UInt64(1)...100)
    func matchesExhaustiveSearch(seed: UInt64) throws {
        var rng = SplitMix(seed: seed)
        let n = 4 + rng.below(4)
        let stations = Set((0..<n).filter { _ in rng.below(4) == 0 })
        var links: [BridgedNetwork.Link] = []
        for _ in 0..<(n + 2 + rng.below(2 * n)) {
            links.append(.init(rng.below(n), rng.below(n), rateBitsPerSecond: Self.g, isUp: rng.below(8) != 0))
        }
        let net = try BridgedNetwork(nodes: (0..<n).map { stations.contains($0) ? .station : .bridge() }, links: links)
        let talker = rng.below(n)
        var listener = rng.below(n - 1)
        if listener >= talker { listener += 1 }
        let all = Self.simplePaths(net, from: talker, to: listener)

        for mode in [DisjointPaths.Disjointness.link, .node] {
            for k in 1...3 {
                let best = Self.bestDisjoint(all, k: k, mode: mode, talker: talker, listener: listener)
                let result = DisjointPaths.find(in: net, from: talker, to: listener, count: k, disjointness: mode)
                switch (result, best.total) {
                case (.success(let found), let total?):
                    #expect(found.totalHops == total, "seed \(seed) \(mode) k \(k)")
                    #expect(found.paths.count == k)
                    #expect(Self.pairwiseDisjoint(found.paths, mode: mode, talker: talker, listener: listener),
                            "seed \(seed) \(mode) k \(k)")
                    for path in found.paths { #expect(Self.isValid(path, net, from: talker, to: listener), "seed \(seed)") }
                case (.failure(let error), nil):
                    let expected: DisjointPathError = best.most == 0
                        ? .unreachable(from: talker, to: listener)
                        : .notEnoughDisjointPaths(requested: k, available: best.most)
                    #expect(error == expected, "seed \(seed) \(mode) k \(k)")
                default:
                    Issue.record("seed \(seed) \(mode) k \(k): \(result) but exhaustive total \(String(describing: best.total))")
                }
            }
        }
    }

    // MARK: - Exhaustive reference

    static func simplePaths(_ net: BridgedNetwork, from s: Int, to t: Int) -> [[Hop]] {
        var result: [[Hop]] = []
        var path: [Hop] = []
        var visited: Set = [s]
        func extend(_ at: Int) {
            if at == t { result.append(path); return }
            if at != s && !net.nodes[at].isBridge { return }
            for p in net.ports[at] {
                let l = net.links[p.link], next = l.peer(of: at)
                guard l.isUp, l.a != l.b, !visited.contains(next) else { continue }
                visited.insert(next)
                path.append(Hop(link: p.link, from: at, to: next))
                extend(next)
                path.removeLast()
                visited.remove(next)
            }
        }
        extend(s)
        return result
    }

    static func pairwiseDisjoint(_ paths: [[Hop]], mode: DisjointPaths.Disjointness, talker: Int, listener: Int) -> Bool {
        var links = Set<Int>(), nodes = Set<Int>()
        for path in paths {
            for hop in path {
                guard links.insert(hop.link).inserted else { return false }
                if mode == .node && hop.to != listener && !nodes.insert(hop.to).inserted { return false }
            }
        }
        return true
    }

    /// The least total over sets of k disjoint paths, and the most disjoint paths (up to k).
    static func bestDisjoint(_ all: [[Hop]], k: Int, mode: DisjointPaths.Disjointness, talker: Int,
                             listener: Int) -> (total: Int?, most: Int) {
        var best: Int?, most = 0
        var chosen: [[Hop]] = []
        func choose(from start: Int) {
            most = max(most, chosen.count)
            if chosen.count == k {
                let total = chosen.reduce(0) { $0 + $1.count }
                best = min(best ?? .max, total)
                return
            }
            for i in start..<all.count {
                chosen.append(all[i])
                if pairwiseDisjoint(chosen, mode: mode, talker: talker, listener: listener) { choose(from: i + 1) }
                chosen.removeLast()
            }
        }
        choose(from: 0)
        return (best, most)
    }

    static func isValid(_ path: [Hop], _ net: BridgedNetwork, from s: Int, to t: Int) -> Bool {
        guard path.first?.from == s, path.last?.to == t else { return false }
        var seen: Set = [s]
        for (i, hop) in path.enumerated() {
            let l = net.links[hop.link]
            guard l.isUp, (l.a, l.b) == (hop.from, hop.to) || (l.b, l.a) == (hop.from, hop.to) else { return false }
            if i > 0 && (path[i - 1].to != hop.from || !net.nodes[hop.from].isBridge) { return false }
            guard seen.insert(hop.to).inserted else { return false }
        }
        return true
    }
}
