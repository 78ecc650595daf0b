import Kernel
import Models
import Testing

@Suite struct RoutingTests {
    /// The one-search-per-destination table gives the same routes as a search per source
    /// where there is a single shortest path (a tree).
    @Test func routeTableMatchesPerSourceSearchOnATree() throws {
        let spec = Fixtures.factoryTree(cells: 3, devices: 4)
        let topology = Topology(spec)
        let table = topology.routeTable(toward: 1)
        for n in spec.nodes.indices where n != 1 {
            #expect(try table.route(from: n).get() == topology.shortestRoute(from: n, to: 1).get())
        }
    }

    /// With two equal paths (a diamond a–s1–b and a–s2–b), both searches pick a shortest
    /// route, always the same one.
    @Test func tiesAreBrokenDeterministically() throws {
        var spec = NetworkSpec()
        spec.nodes = [NodeSpec(name: "a", kind: .station), NodeSpec(name: "s1", kind: .switch),
                      NodeSpec(name: "s2", kind: .switch), NodeSpec(name: "b", kind: .station)]
        for (x, y) in [(0, 1), (0, 2), (1, 3), (2, 3)] {
            spec.ports.append(PortSpec(name: "p", node: x, peerNode: y, rateBitsPerSecond: 1_000_000, propagation: 0))
            spec.ports.append(PortSpec(name: "p", node: y, peerNode: x, rateBitsPerSecond: 1_000_000, propagation: 0))
        }
        let t = Topology(spec)
        let r1 = try t.routeTable(toward: 3).route(from: 0).get()
        #expect(r1.count == 2)
        #expect(r1 == (try Topology(spec).routeTable(toward: 3).route(from: 0).get()))
        #expect(try t.shortestRoute(from: 0, to: 3).get().count == 2)
    }

    /// Stations do not forward: a path through one is no path.
    @Test func stationsDoNotForward() {
        var spec = NetworkSpec()
        spec.nodes = [NodeSpec(name: "a", kind: .station), NodeSpec(name: "m", kind: .station),
                      NodeSpec(name: "b", kind: .station)]
        for (x, y) in [(0, 1), (1, 2)] {
            spec.ports.append(PortSpec(name: "p", node: x, peerNode: y, rateBitsPerSecond: 1_000_000, propagation: 0))
            spec.ports.append(PortSpec(name: "p", node: y, peerNode: x, rateBitsPerSecond: 1_000_000, propagation: 0))
        }
        let t = Topology(spec)
        #expect(t.routeTable(toward: 2).route(from: 0) == .failure(.unreachable(from: 0, to: 2, reached: [1])))
        #expect(t.route(through: [0, 1, 2]) == .failure(.notASwitch(1)))
    }
}
