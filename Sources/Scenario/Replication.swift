import Foundation
import Kernel
import Models

extension DesignBuilder {
    /// `survival_time` in picoseconds: a time, or transfer intervals times the flow's period
    /// (periodic flows, and cbr flows by their gap). Needs a deadline. `ok` is false after an
    /// error.
    func survivalTime(_ f: YNode, pattern: TrafficPattern?, deadline: SimTime?, what: String) -> (ok: Bool, value: SimTime?) {
        let K = FlowKeys.self
        guard let sn = f[K.survivalTime.name] else { return (true, nil) }
        guard let setting = K.survivalTime.read(sn, r, "'survival_time' of \(what)") else { return (false, nil) }
        if deadline == nil {
            d.error(f.entry(K.survivalTime.name)?.keyPos ?? sn.pos, "'survival_time' of \(what) needs a 'deadline': a "
                + "message counts as failed when it is lost or later than its deadline; add one, such as deadline: 2ms")
            return (false, nil)
        }
        switch setting {
        case let .time(t): return (true, t)
        case let .intervals(k):
            let interval: Double
            switch pattern {
            case let .periodic(period, _)?: interval = Double(period)
            case let .constantRate(gap)?: interval = gap.rounded()
            default:
                let kind = f[K.family.tag]?.scalar ?? "this"
                d.error(sn.pos, "'survival_time' of \(what) is \(k) transfer intervals, but \(article(kind)) \(kind) flow "
                    + "has no fixed interval; give a time such as 10ms (intervals suit periodic and cbr flows)")
                return (false, nil)
            }
            guard let t = Reader.simTime(interval * Double(k)) else {
                d.error(sn.pos, "'survival_time' of \(what) (\(k) intervals) is too long")
                return (false, nil)
            }
            return (true, t)
        }
    }

    /// `replication`: the elimination at the destination, and each source's member paths,
    /// computed (disjoint paths of the fewest hops in all, over Ethernet and wan links) or
    /// given in `path_list`. The first path becomes the source's route, the others its
    /// replicas. `ok` is false after an error.
    func replication(_ f: YNode, specs: inout [SourceSpec], dest: Int, isRequest: Bool, index: NodeIndex,
                     sites: SiteLabels, net: PlantSpec, topology: Topology, what: String) -> (ok: Bool, value: ReplicationSpec?) {
        let K = ReplicationKeys.self, family = K.family
        guard let e = f.entry(FlowKeys.replication.name) else { return (true, nil) }
        let n = e.value, owner = "'replication' of \(what)"
        guard r.map(n, owner) != nil else { return (false, nil) }
        guard let modeName = family.readCase(n, r, owner: owner, label: "'replication.mode' of \(what)"),
              let mode = ReplicationMode(rawValue: modeName) else {
            family.checkKeys(n, case: nil, r, owner)
            return (false, nil)
        }
        let before = d.errorCount
        family.checkKeys(n, case: modeName, r, owner) { x, owners in
            self.d.error(x.keyPos, "'\(x.key)' applies only to mode \(owners.joined(separator: " or ")), and "
                + "\(owner) has mode \(modeName)")
        }
        if d.errorCount > before { return (false, nil) }
        if isRequest {
            d.error(e.keyPos, "'replication' applies to one-way flows, and \(what) is a request flow")
            return (false, nil)
        }
        if let p = f.entry(FlowKeys.path.name) {
            d.error(p.keyPos, "\(what) is replicated: give its member paths as 'replication.path_list', not 'path'")
            return (false, nil)
        }
        var ok = true
        let givenCount = K.paths.read(in: n, r, owner: owner, label: "'replication.paths' of \(what)", ok: &ok).map { Int($0) }
        let disjointName = K.disjoint.read(in: n, r, owner: owner, label: "'replication.disjoint' of \(what)", ok: &ok)
        let disjoint: DisjointPaths.Disjointness = (disjointName ?? (mode == .prp ? "node" : "link")) == "node" ? .node : .link
        let elimination: ReplicationSpec.Elimination
        switch mode {
        case .frer:
            let algorithm = K.algorithm.read(in: n, r, owner: owner, label: "'replication.algorithm' of \(what)", ok: &ok)
            let history = K.history.read(in: n, r, owner: owner, label: "'replication.history' of \(what)", ok: &ok)
            let reset = K.reset.read(in: n, r, owner: owner, label: "'replication.reset' of \(what)", ok: &ok)
            elimination = .frer(algorithm ?? .vector, historyLength: Int(history ?? 2), resetTimeout: reset ?? K.defaultReset)
        case .prp:
            let window = K.window.read(in: n, r, owner: owner, label: "'replication.window' of \(what)", ok: &ok)
            if let window, window & (window - 1) != 0, let wn = n[K.window.name] {
                var p: Int64 = 2
                while p * 2 <= window { p *= 2 }
                let near = window - p <= p * 2 - window || p * 2 > 16_384 ? p : p * 2
                d.error(wn.pos, "'replication.window' of \(what) must be a power of two (IEC 62439-3 duplicate discard), "
                    + "found \(window); did you mean \(near)?")
                ok = false
            }
            let forget = K.forget.read(in: n, r, owner: owner, label: "'replication.forget' of \(what)", ok: &ok)
            elimination = .prp(windowSize: Int(window ?? 256), entryForgetTime: forget ?? DuplicateDiscard.defaultEntryForgetTime)
            if let c = givenCount, c != 2, let cn = n[K.paths.name] {
                d.error(cn.pos, "PRP sends each frame over exactly two LANs, so \(owner) has 2 paths, not \(c); use "
                    + "mode frer for more")
                ok = false
            }
        }
        guard ok else { return (false, nil) }

        // Member paths.
        if let pe = n.entry(K.pathList.name) {
            guard let lists = r.list(pe.value, "'replication.path_list' of \(what)") else { return (false, nil) }
            guard specs.count == 1, let source = specs.first?.node else {
                d.error(pe.keyPos, "'replication.path_list' needs a flow with exactly one source, and \(what) has \(specs.count)")
                return (false, nil)
            }
            if lists.count < 2 || (givenCount != nil && lists.count != givenCount) {
                d.error(pe.value.pos, "'replication.path_list' of \(what) has \(lists.count) path"
                    + (lists.count == 1 ? "" : "s") + ", expected " + (givenCount.map { "\($0) ('paths')" } ?? "at least 2"))
                return (false, nil)
            }
            var routes: [[Hop]] = []
            var nodeLists: [[Int]] = []
            for (k, l) in lists.enumerated() {
                let member = "path \(k + 1) of 'replication.path_list'", label = "\(member) of \(what)"
                guard let xs = r.list(l, label) else { return (false, nil) }
                var ns: [Int] = []
                for x in xs {
                    guard let v = lookup(x, index, label) else { return (false, nil) }
                    ns.append(v)
                }
                guard ns.count >= 2, ns.first == source, ns.last == dest else {
                    d.error(l.pos, "\(label) must start at its source '\(index.ids[source])' and end at '\(index.ids[dest])'")
                    return (false, nil)
                }
                if repeatsANode(ns, xs, index: index, label: "\(what): its \(member)") { return (false, nil) }
                switch topology.route(through: ns) {
                case let .success(route): routes.append(route)
                case let .failure(err):
                    d.error(l.pos, routeMessage(err, what: what, index: index, net: net)
                        .replacingOccurrences(of: "its 'path'", with: "its \(member)"))
                    return (false, nil)
                }
                nodeLists.append(ns)
            }
            // The given paths must be disjoint as asked; with FRER, an end station attached by
            // one link shares it, and its switch (where the copies split or merge).
            func singlyAttached(_ v: Int) -> Bool {
                mode == .frer && net.nodes[v].kind != .switch && sites.built.filter { $0.a == v || $0.b == v }.count == 1
            }
            let head = singlyAttached(source) ? 1 : 0, tail = singlyAttached(dest) ? 1 : 0
            let cores = nodeLists.map { Array($0.dropFirst(head).dropLast(tail)) }
            for i in cores.indices {
                for j in cores.indices where j > i {
                    let shared: String?
                    if disjoint == .node {
                        let inner = Set(cores[i].dropFirst().dropLast())
                        shared = cores[j].dropFirst().dropLast().first { inner.contains($0) }.map { "node '\(index.ids[$0])'" }
                    } else {
                        let pairs = Set(zip(cores[i], cores[i].dropFirst()).map { [Swift.min($0, $1), Swift.max($0, $1)] })
                        shared = zip(cores[j], cores[j].dropFirst()).map { [Swift.min($0, $1), Swift.max($0, $1)] }
                            .first { pairs.contains($0) }.map { "link \(index.ids[$0[0]])–\(index.ids[$0[1]])" }
                    }
                    if let shared {
                        d.error(lists[j].pos, "paths \(i + 1) and \(j + 1) of 'replication.path_list' of \(what) share "
                            + "\(shared), but they must be \(disjoint == .node ? "node" : "link")-disjoint")
                        return (false, nil)
                    }
                }
            }
            specs[0].route = routes[0]
            specs[0].replicas = Array(routes.dropFirst())
            specs[0].pinned = true
            return (true, ReplicationSpec(elimination: elimination))
        }

        let count = givenCount ?? 2
        if wiredGraph == nil { wiredGraph = WiredGraph.make(net, sites.built, includeWAN: true) }
        let graph: WiredGraph
        switch wiredGraph! {
        case let .success(g): graph = g
        case let .failure(err):
            d.error(e.keyPos, "\(what) cannot be replicated: " + WiredGraph.message(err, names: index.ids))
            return (false, nil)
        }
        let noun = disjoint == .node ? "node-disjoint" : "link-disjoint"
        /// An end station with one wired link, and the bridge at its other end: FRER then
        /// replicates and merges there, and the copies share that link.
        func attachment(_ v: Int) -> (bridge: Int, link: Int)? {
            guard !graph.network.nodes[v].isBridge, graph.network.ports[v].count == 1 else { return nil }
            let l = graph.network.ports[v][0].link
            let peer = graph.network.links[l].peer(of: v)
            return graph.network.nodes[peer].isBridge ? (peer, l) : nil
        }
        let destEnd = mode == .frer ? attachment(dest) : nil
        var failures = 0
        for k in specs.indices {
            let s = specs[k].node
            let sourceEnd = mode == .frer ? attachment(s) : nil
            let talker = sourceEnd?.bridge ?? s, listener = destEnd?.bridge ?? dest
            if talker == listener {
                failures += 1
                d.error(e.keyPos, "\(what) cannot be replicated from '\(index.ids[s])' to '\(index.ids[dest])': both hang "
                    + "off '\(index.ids[talker])' by one link each, so no two paths differ")
                continue
            }
            switch DisjointPaths.find(in: graph.network, from: talker, to: listener, count: count, disjointness: disjoint) {
            case let .success(found):
                let head = sourceEnd.map { [graph.hop(BridgedNetwork.DirectedLink(link: $0.link, from: s, to: talker))] } ?? []
                let tail = destEnd.map { [graph.hop(BridgedNetwork.DirectedLink(link: $0.link, from: listener, to: dest))] } ?? []
                let routes = found.paths.map { head + $0.map(graph.hop) + tail }
                specs[k].route = routes[0]
                specs[k].replicas = Array(routes.dropFirst())
                specs[k].pinned = true
            case let .failure(err):
                failures += 1
                guard failures <= 3 else { continue }
                let from = "'\(index.ids[talker])'", to = "'\(index.ids[listener])'"
                switch err {
                case let .notEnoughDisjointPaths(_, available) where mode == .prp:
                    d.error(e.keyPos, "PRP sends over two LANs, but only \(available) node-disjoint path joins \(from) "
                        + "and \(to); attach both to two separate networks (two links each)")
                case let .notEnoughDisjointPaths(requested, available):
                    d.error(e.keyPos, "\(what) asks for \(requested) \(noun) paths from \(from) to \(to), but only "
                        + "\(available) exist\(available == 1 ? "s" : ""); lower 'paths'"
                        + (disjoint == .node ? ", use disjoint: link," : "") + " or add links")
                case .unreachable:
                    d.error(e.keyPos, "\(what) cannot be replicated from \(from) to \(to): no wired path joins them "
                        + "(member paths use Ethernet and wan links)")
                default:
                    d.error(e.keyPos, "\(what) cannot be replicated from \(from) to \(to) (\(err))")
                }
            }
        }
        if failures > 3 { d.error(e.keyPos, "\(what): \(failures - 3) more sources cannot be replicated") }
        return failures > 0 ? (false, nil) : (true, ReplicationSpec(elimination: elimination))
    }
}
