import Kernel
import Models

extension Design {
    /// What `fnsim validate` prints about redundancy: the forwarding protocol; for RSTP the
    /// root bridge and blocked ports of each tree, for MRP each ring's blocked port; then each
    /// fault, and for a scheduled one the flows whose paths cross what fails and, once the
    /// protocol has reconverged, which move to new paths and which are left without one.
    public func redundancyLines() -> [String] {
        let net = plant
        let names = net.nodes.map(\.name)
        var out: [String] = []
        func wired() -> WiredGraph? {
            if case let .success(g) = WiredGraph.make(net, WiredGraph.builtLinks(of: net), includeWAN: false) { return g }
            return nil
        }
        switch net.forwarding {
        case .staticRoutes:
            var line = "forwarding: static routes (shortest paths; a failure breaks the flows over it until it returns)"
            if let g = wired(), let l = g.network.firstLoop(among: g.network.links.indices) {
                let loop = g.network.links[l]
                line += "; the switches form a loop (closed by link \(names[loop.a])–\(names[loop.b])), whose "
                    + "redundant links only carry what shortest paths give them: choose rstp or mrp for it to act"
            }
            out.append(line)
        case let .spanningTree(reconvergence):
            out.append("forwarding: RSTP, reconvergence \(Format.time(Double(reconvergence)))")
            if let active = try? ActiveTopology(spec: net) {
                out += active.blockedPorts(ActiveTopology.Down(net)).map { "  " + $0 }
            }
        case let .rings(rings):
            out.append("forwarding: MRP, \(rings.count) ring\(rings.count == 1 ? "" : "s")")
            let blocked = (try? ActiveTopology(spec: net)).map { $0.blockedPorts(ActiveTopology.Down(net)) }
            for (i, ring) in rings.enumerated() {
                let head = "  ring \(ring.name) (manager \(names[ring.manager]), recovery \(ring.recoveryTime.rawValue)ms, "
                    + (ring.worstCase ? "worst-case outage" : "random outage") + ")"
                out.append(head + (blocked.map { ": " + $0[i] } ?? ""))
            }
        }
        for fault in net.faults {
            let what = fault.targets.map { describe($0, names: names) }.joined(separator: ", ")
            switch fault.timing {
            case let .scheduled(down, up):
                let when = "down \(Format.time(Double(down)))" + (up.map { ", up \(Format.time(Double($0)))" } ?? ", not back")
                let hit = net.flows.filter { crosses($0, fault.targets) }.map(\.name)
                out.append("fault \(fault.name) (\(what)): \(when); "
                    + (hit.isEmpty ? "no flow crosses it" : "paths crossing it: " + Self.list(hit) + after(fault)))
            case let .random(ttf, ttr):
                out.append("fault \(fault.name) (\(what)): random, mean time to failure \(Format.time(ttf.mean)), "
                    + "to repair \(Format.time(ttr.mean))")
            }
        }
        return out
    }

    /// What the protocol makes of a fault once reconverged: the flows that move to new
    /// paths and those left with none.
    private func after(_ fault: FaultSpec) -> String {
        guard plant.forwarding != .staticRoutes, let active = try? ActiveTopology(spec: plant) else {
            // Replicated flows with a member path clear of the fault lose nothing.
            let hit = plant.flows.filter { crosses($0, fault.targets) }
            let covered = hit.filter { f in
                f.replication != nil && f.sources.allSatisfy { s in
                    ([s.route] + s.replicas).contains { r in !crosses(FlowSpec(name: "", destination: 0, sources: [
                        SourceSpec(node: s.node, route: r, traffic: s.traffic)]), fault.targets) }
                }
            }.map(\.name)
            if covered.isEmpty { return "; they break until it returns" }
            let broken = hit.map(\.name).filter { !covered.contains($0) }
            return "; " + (broken.isEmpty ? "" : Self.list(broken) + " break until it returns, ")
                + Self.list(covered) + " keep a copy on a path clear of it"
        }
        var down = ActiveTopology.Down(plant)
        down.set(fault.targets, down: true)
        let routes = Rerouting(spec: plant).routes(usable: active.usableEdges(down))
        var moved: [String] = [], stranded: [String] = [], k = 0
        for flow in plant.flows {
            var move = false, none = false
            for source in flow.sources {
                if let r = routes[k] { move = move || r != source.route } else { none = true }
                k += 1
            }
            if none { stranded.append(flow.name) } else if move { moved.append(flow.name) }
        }
        var text = "; after reconvergence "
        text += moved.isEmpty ? "none moves" : Self.list(moved) + (moved.count == 1 ? " moves" : " move") + " to new paths"
        if !stranded.isEmpty { text += ", " + Self.list(stranded) + " left without a path until it returns" }
        return text
    }

    /// Names for a line: the first five, then how many more.
    static func list(_ names: [String]) -> String {
        names.count <= 5 ? names.joined(separator: ", ") : names.prefix(5).joined(separator: ", ") + " and \(names.count - 5) more"
    }

    private func describe(_ t: FaultTarget, names: [String]) -> String {
        switch t {
        case let .ethernet(port, _): return "link \(names[plant.ports[port].node])–\(names[plant.ports[port].peerNode])"
        case let .external(direction, _):
            return "wan link \(names[plant.links[direction].node])–\(names[plant.links[direction].peerNode])"
        case let .node(v): return "node \(names[v])"
        }
    }

    /// Whether a route or replica of the flow crosses one of the targets.
    private func crosses(_ flow: FlowSpec, _ targets: [FaultTarget]) -> Bool {
        func hit(_ h: Hop) -> Bool {
            targets.contains { t in
                switch (t, h.kind) {
                case let (.ethernet(a, b), .port): return h.index == a || h.index == b
                case let (.external(a, b), .link): return h.index == a || h.index == b
                case let (.node(v), .port): return plant.ports[h.index].node == v || plant.ports[h.index].peerNode == v
                case let (.node(v), .link): return plant.links[h.index].node == v || plant.links[h.index].peerNode == v
                default: return false
                }
            }
        }
        return flow.sources.contains { s in s.route.contains(where: hit) || s.replicas.contains { $0.contains(where: hit) } }
    }
}
