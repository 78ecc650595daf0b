import Foundation
import Kernel
import Models

extension DesignBuilder {
    /// `forwarding:` at the top level: the protocol, and for MRP its rings, each checked to be
    /// a cycle of Ethernet links through switches with its manager on it. Runs after the links.
    func buildForwarding(_ tree: YNode, sub: Substituter, index: NodeIndex, sites: SiteLabels,
                         into net: inout PlantSpec) {
        let K = ForwardingKeys.self, family = K.family
        guard let raw = tree[ScenarioKeys.forwarding.name], raw.scalar != "", let fn = substitute(raw, sub),
              r.map(fn, "'forwarding' (such as {protocol: rstp})") != nil else { return }
        let owner = "'forwarding'"
        guard let kindName = family.readCase(fn, r, owner: owner, label: "'forwarding.protocol'"),
              let kind = ForwardingKind(rawValue: kindName) else {
            family.checkKeys(fn, case: nil, r, owner)
            return
        }
        family.checkKeys(fn, case: kindName, r, owner) { e, owners in
            self.d.error(e.keyPos, "'\(e.key)' applies only to protocol \(owners.joined(separator: " or ")), and "
                + "'forwarding' has protocol \(kindName)")
        }
        switch kind {
        case .staticRoutes:
            net.forwarding = .staticRoutes
        case .rstp:
            let t = K.reconvergence.read(in: fn, r, owner: owner, label: "'forwarding.reconvergence'")
            net.forwarding = .spanningTree(reconvergence: t ?? K.defaultReconvergence)
        case .mrp:
            guard let rn = K.rings.node(in: fn, r, owner: owner), let items = r.list(rn, "'forwarding.rings'") else { return }
            if items.isEmpty {
                d.error(rn.pos, "'forwarding.rings' needs at least one ring, such as "
                    + "{id: ring1, manager: sw1, nodes: [sw1, sw2, sw3, sw1]}")
                return
            }
            var rings: [RingSpec] = []
            var ringNodes: [[Int]] = []
            var seen: [String: Pos] = [:]
            var ok = true
            for item in items {
                guard let (spec, nodes) = readRing(item, seen: &seen, index: index, sites: sites, net: net) else {
                    ok = false
                    continue
                }
                rings.append(spec)
                ringNodes.append(nodes)
            }
            guard ok else { return }
            net.forwarding = .rings(rings)
            checkRingLoops(at: fn.pos, index: index, sites: sites, net: net)
        }
    }

    /// One ring: its node cycle and the port of each ring link that leaves in ring order.
    private func readRing(_ item: YNode, seen: inout [String: Pos], index: NodeIndex, sites: SiteLabels,
                          net: PlantSpec) -> (RingSpec, [Int])? {
        let K = ForwardingKeys.self
        guard r.map(item, "a ring of 'forwarding.rings'") != nil else { return nil }
        K.ring.checkKeys(item, r, "a ring")
        guard let idNode = K.ringID.node(in: item, r, owner: "a ring"), let id = K.ringID.read(idNode, r, "the ring's 'id'") else {
            return nil
        }
        if let p = seen[id] {
            d.error(idNode.pos, "duplicate ring id '\(id)' (first defined at \(p.line):\(p.column))")
            return nil
        }
        seen[id] = idNode.pos
        let what = "ring '\(id)'"
        var ok = true
        let recovery = K.recovery.read(in: item, r, owner: what, ok: &ok) ?? K.defaultRecovery
        let outage = K.outage.read(in: item, r, owner: what, ok: &ok) ?? "worst"

        // The cycle: nodes in ring order (closed: the first again at the end) and the links between.
        var cycle: [Int] = []
        var links: [Int] = []  // built links, in ring order
        switch (item.entry(K.ringLinks.name), item.entry(K.ringNodes.name)) {
        case (.some, .some(let e)):
            d.error(e.keyPos, "give either 'links' or 'nodes' for \(what), not both")
            return nil
        case (nil, nil):
            d.error(item.pos, "\(what) needs 'nodes' (its switches in ring order, back to the first, such as "
                + "[sw1, sw2, sw3, sw1]) or 'links' (its link ids in ring order)")
            return nil
        case (nil, .some(let e)):
            guard let xs = r.list(e.value, "'nodes' of \(what)") else { return nil }
            for x in xs {
                guard let v = lookup(x, index, "'nodes' of \(what)") else { return nil }
                cycle.append(v)
            }
            guard cycle.count >= 4, cycle.first == cycle.last else {
                let first = cycle.first.map { "'\(index.ids[$0])'" } ?? "its first switch"
                let fix = cycle.first != cycle.last ? "add \(first) at the end"
                    : "a ring needs at least three switches (\(Set(cycle).count) given)"
                d.error(e.value.pos, "'nodes' of \(what) must list at least three switches in ring order and end "
                    + "where it starts, such as [sw1, sw2, sw3, sw1]; " + fix)
                return nil
            }
            for (k, (a, b)) in zip(cycle, cycle.dropFirst()).enumerated() {
                guard let l = sites.link(between: a, and: b) else {
                    d.error(xs[k + 1].pos, "\(what) steps from '\(index.ids[a])' to '\(index.ids[b])', but no link joins them")
                    return nil
                }
                links.append(l)
            }
        case (.some(let e), nil):
            guard let xs = r.list(e.value, "'links' of \(what)") else { return nil }
            guard xs.count >= 3 else {
                d.error(e.value.pos, "'links' of \(what) must list at least three links in ring order, found \(xs.count)")
                return nil
            }
            let ids = sites.built.compactMap(\.id)
            for x in xs {
                guard let s = r.string(x, "'links' of \(what)") else { return nil }
                guard let l = sites.byID[s] else {
                    d.error(x.pos, "unknown link '\(s)' in 'links' of \(what)" + didYouMean(s, in: ids)
                        + (ids.isEmpty ? " (no link has an 'id'; give the ring as 'nodes' instead)" : ""))
                    return nil
                }
                links.append(l)
            }
            // Walk from the end of the first link that the second does not touch.
            let l0 = sites.built[links[0]], l1 = sites.built[links[1]]
            var at = (l0.a == l1.a || l0.a == l1.b) ? l0.b : l0.a
            cycle = [at]
            for (k, l) in links.enumerated() {
                let link = sites.built[l]
                guard link.a == at || link.b == at else {
                    d.error(xs[k].pos, "\(what): link '\(link.id ?? "")' does not continue the ring from "
                        + "'\(index.ids[at])'; list the links in ring order")
                    return nil
                }
                at = link.a == at ? link.b : link.a
                cycle.append(at)
            }
            guard at == cycle[0] else {
                d.error(e.value.pos, "\(what) does not close: its last link ends at '\(index.ids[at])', not at "
                    + "'\(index.ids[cycle[0]])' where it starts")
                return nil
            }
        }
        let nodes = Array(cycle.dropLast())
        let pos = item.entry(K.ringNodes.name)?.value.pos ?? item.entry(K.ringLinks.name)?.value.pos ?? item.pos
        var onRing = Set<Int>()
        for v in nodes {
            guard net.nodes[v].kind == .switch else {
                d.error(pos, "\(what) passes through end station '\(index.ids[v])'; only switches have ring ports")
                return nil
            }
            guard onRing.insert(v).inserted else {
                d.error(pos, "\(what) passes '\(index.ids[v])' twice; a ring switch has exactly two ring ports")
                return nil
            }
        }
        for l in links where !sites.built[l].ethernet {
            let b = sites.built[l]
            d.error(pos, "\(what): the link \(index.ids[b.a])–\(index.ids[b.b]) is a wan link; MRP rings are Ethernet links")
            return nil
        }
        var manager = nodes[0]
        if let mn = item[K.manager.name] {
            guard let m = lookup(mn, index, "'manager' of \(what)") else { return nil }
            guard onRing.contains(m) else {
                d.error(mn.pos, "the manager '\(index.ids[m])' of \(what) is not on the ring; expected one of "
                    + nodes.map { index.ids[$0] }.joined(separator: ", "))
                return nil
            }
            manager = m
        }
        guard ok else { return nil }
        // Each ring link as its port leaving in ring order.
        let ports = links.enumerated().map { k, l in
            let b = sites.built[l]
            return b.a == nodes[k] ? b.first : b.first + 1
        }
        return (RingSpec(name: id, ports: ports, manager: manager, recoveryTime: recovery, worstCase: outage == "worst"),
                nodes)
    }

    /// MRP leaves the links outside the rings as they are: with each ring's blocked port
    /// open no more, the switches must form no loop, or frames would circle.
    private func checkRingLoops(at pos: Pos, index: NodeIndex, sites: SiteLabels, net: PlantSpec) {
        do { _ = try ActiveTopology(spec: net) } catch {
            switch error {
            case let .loopOutsideRings(p):
                let (a, b) = (net.ports[p].node, net.ports[p].peerNode)
                d.error(sites.built[sites.linkOfPort[p]].pos, "with protocol mrp the switches still form a loop through "
                    + "link \(index.ids[a])–\(index.ids[b]) once each ring blocks its port; make that loop a ring "
                    + "or use protocol rstp")
            case let .ring(name, e): d.error(pos, "ring '\(name)' is not an MRP ring (\(e))")
            case .unpairedPort, .network, .noPath: break  // reported where links and flows are read
            }
        }
    }
}
