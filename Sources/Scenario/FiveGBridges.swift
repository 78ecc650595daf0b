import Kernel
import Models

/// Reads the 5G TSN bridge keys: a UPF's `tsn_bridge` and a flow's own settings, and checks
/// them against the routes once those are final (after the forwarding protocol's).
extension DesignBuilder {
    /// A UPF's `tsn_bridge`: its residence time (required) and late policy.
    func buildFiveGBridge(_ n: YNode, upf id: String) -> FiveGBridgeSpec? {
        let K = FiveGBridgeKeys.self
        let owner = "'tsn_bridge' of UPF '\(id)'"
        guard let x = NodeKeys.tsnBridge.read(n, r, owner) else { return nil }
        var ok = true
        let residence = K.residence.read(in: x, r, owner: owner, ok: &ok)
        let late = K.late.read(in: x, r, owner: owner, ok: &ok)
        guard ok, let residence else { return nil }
        return FiveGBridgeSpec(residence: residence, late: late ?? .forward)
    }

    /// A flow's `tsn_bridge`: its own residence time or late policy, at least one of them.
    func buildFlowBridge(_ n: YNode, owner: String) -> FiveGBridgeOverride? {
        let K = FiveGBridgeKeys.self
        let o = "'tsn_bridge' of \(owner)"
        guard let x = FlowKeys.tsnBridge.read(n, r, o) else { return nil }
        var ok = true
        let residence = K.flowResidence.read(in: x, r, owner: o, ok: &ok)
        let late = K.flowLate.read(in: x, r, owner: o, ok: &ok)
        guard ok else { return nil }
        if residence == nil && late == nil {
            d.error(n.pos, "\(o) sets nothing; give 'residence' (such as 2ms) or 'late' (forward or drop), or remove it")
            return nil
        }
        return FiveGBridgeOverride(residence: residence, late: late)
    }

    /// A flow's own bridge settings need a 5G TSN bridge on one of its paths; a bridge that
    /// no flow crosses is worth a warning (its residence changes nothing).
    func checkFiveGBridges(_ net: PlantSpec, flows: [YNode], nodes: [YNode], at fallback: Pos) {
        let upfs = net.nodes.indices.filter { net.nodes[$0].tsnBridge != nil }
        var crossed = Set<Int>()
        for flow in net.flows {
            let crossings = flow.sources.flatMap { s in
                ([s.route] + s.replicas).flatMap { net.bridgeCrossings(along: $0) }
            }
            crossed.formUnion(crossings.map(\.upf))
            guard flow.tsnBridge != nil, crossings.isEmpty else { continue }
            let entry = flows.first { id($0) == flow.name }
            let hint = upfs.isEmpty
                ? "; no UPF has one: give the UPF on its path one, such as tsn_bridge: {residence: 4ms}"
                : "; the UPFs with one are " + upfs.map { "'\(net.nodes[$0].name)'" }.joined(separator: ", ")
                    + ", and its paths reach none of them from a terminal's radio"
            d.error(entry?[FlowKeys.tsnBridge.name]?.pos ?? entry?.pos ?? fallback,
                    "flow '\(flow.name)' sets 'tsn_bridge', but none of its paths crosses a 5G TSN bridge (a terminal's "
                        + "radio, the N3 path and a UPF with 'tsn_bridge', or the way back)" + hint)
        }
        for u in upfs where !crossed.contains(u) {
            let entry = nodes.first { id($0) == net.nodes[u].name }
            d.warning(entry?[NodeKeys.tsnBridge.name]?.pos ?? entry?.pos ?? fallback,
                      "UPF '\(net.nodes[u].name)' acts as a 5G TSN bridge, but no flow crosses it between a terminal's "
                          + "radio and it: its residence time changes nothing")
        }
    }
}
