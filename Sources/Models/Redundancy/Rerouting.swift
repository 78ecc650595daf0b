import Kernel

/// The routes a forwarding protocol gives the plant's sources on its active topology
/// (`ActiveTopology.usableEdges`): the shortest path over the edges it forwards on, which
/// on a tree is the only one. A request flow's route is found in parts: to its compute
/// node, the service, and the response's way back (or on). Pinned sources keep theirs.
public struct Rerouting: Sendable {
    public let spec: PlantSpec

    public init(spec: PlantSpec) { self.spec = spec }

    /// Per source, in the plant's source order: its route on the usable edges, its own
    /// route when pinned, or nil when it has no path.
    public func routes(usable: [Bool]) -> [[Hop]?] {
        let topology = Topology(spec, usable: usable)
        var finder = RouteFinder(topology)
        var forward = ForwardRouteFinder(topology)
        var out: [[Hop]?] = []
        for flow in spec.flows {
            let nodes = flow.sources.map(\.node)
            let found: [[Hop]?]
            if let request = flow.request {
                let server = spec.services[request.service].node
                let there = finder.routes(from: nodes, to: server)
                let targets = nodes.map { request.responseDestination ?? $0 }
                let back = forward.routes(from: server, to: targets)
                found = nodes.indices.map { i in
                    guard case let .success(a) = there[i], case let .success(b) = back[i] else { return nil }
                    return a + [.service(request.service)] + b
                }
            } else {
                found = finder.routes(from: nodes, to: flow.destination).map { try? $0.get() }
            }
            for (s, source) in flow.sources.enumerated() { out.append(source.pinned ? source.route : found[s]) }
        }
        return out
    }
}

extension PlantSpec {
    /// This plant with its sources routed on the active topology of its forwarding
    /// protocol, nothing down (static routes: unchanged).
    public func routedByForwarding() throws(ForwardingError) -> PlantSpec {
        guard forwarding != .staticRoutes else { return self }
        let active = try ActiveTopology(spec: self)
        let routes = Rerouting(spec: self).routes(usable: active.usableEdges(ActiveTopology.Down(self)))
        var out = self
        var k = 0
        for f in flows.indices {
            for s in flows[f].sources.indices {
                guard let r = routes[k] else { throw .noPath(flow: f, source: s) }
                out.flows[f].sources[s].route = r
                k += 1
            }
        }
        return out
    }
}
