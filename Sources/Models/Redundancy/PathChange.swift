/// How a scheduled fault changes one source's path, once its design's forwarding protocol
/// has settled: the nodes before, and after (nil: no path until the part returns).
public struct PathChange: Sendable, Equatable {
    public var fault: String
    public var flow: String
    public var source: String
    public var before: [String]
    public var after: [String]?

    public init(fault: String, flow: String, source: String, before: [String], after: [String]?) {
        self.fault = fault
        self.flow = flow
        self.source = source
        self.before = before
        self.after = after
    }
}

extension PlantSpec {
    /// For each scheduled fault, the sources whose path it changes: static routes break
    /// (no path after), RSTP and MRP move them to the path on the active topology without
    /// the fault. Replicated flows keep their member paths and are left out.
    public func pathChanges() -> [PathChange] {
        guard let active = try? ActiveTopology(spec: self) else { return [] }
        let rerouting = Rerouting(spec: self)
        var out: [PathChange] = []
        for fault in faults {
            guard case .scheduled = fault.timing else { continue }
            var down = ActiveTopology.Down(self)
            down.set(fault.targets, down: true)
            let usable = active.usableEdges(down)
            let moved = forwarding == .staticRoutes ? nil : rerouting.routes(usable: usable)
            var k = 0
            for flow in flows {
                for source in flow.sources {
                    defer { k += 1 }
                    guard flow.replication == nil else { continue }
                    let before = source.route
                    // Static routes stand while every hop is usable.
                    let after = moved.map { $0[k] } ?? (before.allSatisfy { Topology.edge(of: $0, in: self).map { usable[$0] } ?? true } ? before : nil)
                    guard after != before else { continue }
                    out.append(PathChange(fault: fault.name, flow: flow.name, source: nodes[source.node].name,
                                          before: self.nodes(from: source.node, along: before),
                                          after: after.map { self.nodes(from: source.node, along: $0) }))
                }
            }
        }
        return out
    }
}
