/// One hop of a route as reports name it: the technology that carries it (`kind`), the
/// nodes it joins, and what it crosses: the sender's egress port ("to-sw1"), the link
/// direction ("gateway→cloud"), the terminal's radio direction ("uplink", "downlink"), or
/// the service (its name; `from` and `to` are then its node).
public struct RouteStep: Sendable, Equatable {
    public var kind: Hop.Kind
    public var from: String
    public var to: String
    public var via: String

    public init(kind: Hop.Kind, from: String, to: String, via: String) {
        self.kind = kind
        self.from = from
        self.to = to
        self.via = via
    }
}

/// A route a source's frames take, as built: its own (`path` 0; for a request flow, to
/// the service and the response's way on), or a replicated flow's other member paths
/// (1, 2, …).
public struct SourceRoute: Sendable, Equatable {
    public var flow: String
    public var source: String
    public var path: Int
    public var steps: [RouteStep]

    public init(flow: String, source: String, path: Int, steps: [RouteStep]) {
        self.flow = flow
        self.source = source
        self.path = path
        self.steps = steps
    }
}

extension PlantSpec {
    /// The hops of a route from `node`, named (see `RouteStep`).
    public func steps(from node: Int, along route: [Hop]) -> [RouteStep] {
        var at = node
        return route.map { h in
            let next: Int, via: String
            switch h.kind {
            case .port: (next, via) = (ports[h.index].peerNode, ports[h.index].name)
            case .link: (next, via) = (links[h.index].peerNode, links[h.index].name)
            case .radio:
                let ue = ues[h.index >> 1], up = h.index & 1 == 1
                (next, via) = (up ? ue.gnb : ue.node, up ? "uplink" : "downlink")
            case .service: (next, via) = (at, services[h.index].name)
            }
            defer { at = next }
            return RouteStep(kind: h.kind, from: nodes[at].name, to: nodes[next].name, via: via)
        }
    }

    /// The nodes a route from `node` visits, in order (a service stays at its node).
    public func nodes(from node: Int, along route: [Hop]) -> [String] {
        [nodes[node].name] + steps(from: node, along: route).filter { $0.kind != .service }.map(\.to)
    }

    /// The routes of `flow`'s sources in order, each source's own first and then its
    /// member paths if the flow is replicated.
    public func sourceRoutes(of flow: FlowSpec, sources limit: Int = .max) -> [SourceRoute] {
        flow.sources.prefix(limit).flatMap { s in
            ([s.route] + s.replicas).enumerated().map { path, route in
                SourceRoute(flow: flow.name, source: nodes[s.node].name, path: path,
                            steps: steps(from: s.node, along: route))
            }
        }
    }

    /// The routes of every flow's sources (at most `limit` per flow: results.json keeps a
    /// plant of a million sources readable), flows in order (see `sourceRoutes(of:)`).
    public func sourceRoutes(sourcesPerFlow limit: Int = .max) -> [SourceRoute] {
        flows.flatMap { sourceRoutes(of: $0, sources: limit) }
    }
}
