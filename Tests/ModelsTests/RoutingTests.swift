import Kernel
import Models
import Testing

@Suite struct RoutingTests {
    /// On a tree there is one shortest route: the backward search gives the same as a
    /// forward search per source.
    @Test func finderMatchesPerSourceSearchOnATree() throws {
        let spec = Fixtures.factoryTree(cells: 3, devices: 4)
        let topology = Topology(spec)
        var finder = RouteFinder(topology)
        let sources = spec.nodes.indices.filter { $0 != 1 }
        for (n, route) in zip(sources, finder.routes(from: sources, to: 1)) {
            #expect(try route.get() == topology.shortestRoute(from: n, to: 1).get())
        }
    }

    /// Random meshes of switches with stations, many equal-length routes: a source gets
    /// the same route whether it is searched alone (the search stops early) or with every
    /// other source (it runs to the end), the finder gives the same answers when reused,
    /// and every route is as short as a forward breadth-first search's.
    @Test(arguments: UInt64(1)...20)
    func earlyExitKeepsTheTieBreak(seed: UInt64) throws {
        let rng = RandomStream(seed: seed, replication: 0, name: "mesh")
        var spec = PlantSpec()
        let switches = 12, stations = 20
        for i in 0..<switches { spec.nodes.append(NodeSpec(name: "s\(i)", kind: .switch)) }
        for i in 0..<stations { spec.nodes.append(NodeSpec(name: "h\(i)", kind: .station)) }
        func link(_ a: Int, _ b: Int) {
            spec.ports.append(PortSpec(name: "p", node: a, peerNode: b, rateBitsPerSecond: 1_000_000, propagation: 0))
            spec.ports.append(PortSpec(name: "p", node: b, peerNode: a, rateBitsPerSecond: 1_000_000, propagation: 0))
        }
        for i in 1..<switches { link(i, Int(rng.uniform() * Double(i))) }  // a spanning tree
        for _ in 0..<15 { link(Int(rng.uniform() * Double(switches)), Int(rng.uniform() * Double(switches))) }
        for h in 0..<stations {
            link(switches + h, Int(rng.uniform() * Double(switches)))
            if rng.uniform() < 0.3 { link(switches + h, Int(rng.uniform() * Double(switches))) }  // dual-homed
        }
        let topology = Topology(spec)
        var finder = RouteFinder(topology)
        let hosts = Array(switches..<(switches + stations))
        for dest in hosts.prefix(5) {
            let sources = hosts.filter { $0 != dest }
            let together = finder.routes(from: sources, to: dest)
            for (s, route) in zip(sources, together) {
                let alone = try #require(finder.routes(from: [s], to: dest).first)
                #expect(try alone.get() == route.get(), "seed \(seed): \(s) → \(dest)")
                #expect(try route.get().count == topology.shortestRoute(from: s, to: dest).get().count)
            }
            // Forward from one node to many (responses): exactly the per-target forward search.
            var forward = ForwardRouteFinder(topology)
            for (t, route) in zip(sources, forward.routes(from: dest, to: sources)) {
                #expect(try route.get() == topology.shortestRoute(from: dest, to: t).get(), "seed \(seed): \(dest) → \(t)")
            }
        }
    }

    /// Stations do not forward: a path through one is no path.
    @Test func stationsDoNotForward() {
        var spec = PlantSpec()
        spec.nodes = [NodeSpec(name: "a", kind: .station), NodeSpec(name: "m", kind: .station),
                      NodeSpec(name: "b", kind: .station)]
        for (x, y) in [(0, 1), (1, 2)] {
            spec.ports.append(PortSpec(name: "p", node: x, peerNode: y, rateBitsPerSecond: 1_000_000, propagation: 0))
            spec.ports.append(PortSpec(name: "p", node: y, peerNode: x, rateBitsPerSecond: 1_000_000, propagation: 0))
        }
        let t = Topology(spec)
        var finder = RouteFinder(t)
        #expect(finder.routes(from: [0], to: 2) == [.failure(.unreachable(from: 0, to: 2, reached: [1]))])
        #expect(t.route(through: [0, 1, 2]) == .failure(.notASwitch(1)))
    }
}
