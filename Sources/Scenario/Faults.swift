import Foundation
import Kernel
import Models

extension DesignBuilder {
    /// `faults:`: links, nodes and groups that fail (at given times or at random), and
    /// babbling devices, read as an extra flow named after the fault. Runs after the flows.
    func buildFaults(_ items: [YNode], index: NodeIndex, sites: SiteLabels, duration: SimTime, into net: inout PlantSpec) {
        let K = FaultKeys.self
        var firstPos: [String: Pos] = [:]
        for item in items {
            guard r.map(item, "a fault") != nil else { continue }
            K.record.checkKeys(item, r, "a fault")
            guard let idNode = K.id.node(in: item, r, owner: "a fault"), let id = K.id.read(idNode, r, "the fault's 'id'") else {
                continue
            }
            if let p = firstPos[id] {
                d.error(idNode.pos, "duplicate fault id '\(id)' (first defined at \(p.line):\(p.column))")
                continue
            }
            firstPos[id] = idNode.pos
            let what = "fault '\(id)'"
            let given = K.targets.compactMap { item.entry($0.name) }
            guard let target = given.first else {
                d.error(item.pos, "\(what) needs what fails: 'link', 'node' or 'group' (with 'down' or 'mtbf'), or "
                    + "'babbling' for a device that floods")
                continue
            }
            if given.count > 1 {
                d.error(given[1].keyPos, "\(what) gives both '\(given[0].key)' and '\(given[1].key)'; give one "
                    + "('group' fails several parts together)")
                continue
            }
            if target.key == K.babbling.name {
                for k in K.timingKeys {
                    if let e = item.entry(k.name) {
                        d.error(e.keyPos, "'\(k.name)' does not apply to a babbling fault: it floods from 'from' until 'until'")
                    }
                }
                if let flow = babblingFlow(item, id: id, index: index, duration: duration, net: net) {
                    if net.flows.contains(where: { $0.name == id }) {
                        d.error(idNode.pos, "\(what) has the id of a flow; a babbling device's frames are reported as a "
                            + "flow named after its fault, so choose another id")
                        continue
                    }
                    net.flows.append(flow.spec)
                    flowLoads.append(flow.load)
                }
                continue
            }
            for k in K.babblingKeys {
                if let e = item.entry(k.name) {
                    d.error(e.keyPos, "'\(k.name)' applies only to a babbling fault (one with 'babbling: <device>')")
                }
            }
            let targets = faultTargets(target, what: what, index: index, sites: sites)
            guard let timing = faultTiming(item, what: what, duration: duration), let targets else { continue }
            net.faults.append(FaultSpec(name: id, targets: targets, timing: timing))
        }
    }

    /// The link, node or group of a fault as targets.
    private func faultTargets(_ e: YEntry, what: String, index: NodeIndex, sites: SiteLabels) -> [FaultTarget]? {
        let K = FaultKeys.self
        func linkTarget(_ k: Int) -> FaultTarget {
            let l = sites.built[k]
            return l.ethernet ? .ethernet(port: l.first, reverse: l.first + 1) : .external(direction: l.first, reverse: l.first + 1)
        }
        switch e.key {
        case K.link.name:
            return linkReference(e.value, "'link' of \(what)", index: index, sites: sites).map { [linkTarget($0)] }
        case K.node.name:
            return lookup(e.value, index, "'node' of \(what)").map { [.node($0)] }
        default:
            guard let xs = r.list(e.value, "'group' of \(what)") else { return nil }
            if xs.isEmpty {
                d.error(e.value.pos, "'group' of \(what) is empty; list the nodes and links that fail together")
                return nil
            }
            var out: [FaultTarget] = []
            for x in xs {
                var t: FaultTarget?
                if x.entries != nil {
                    t = linkReference(x, "'group' of \(what)", index: index, sites: sites).map(linkTarget)
                } else if let s = r.string(x, "'group' of \(what)") {
                    let node = index.byId[s], link = sites.byID[s]
                    switch (node, link) {
                    case let (v?, nil): t = .node(v)
                    case let (nil, k?): t = linkTarget(k)
                    case (.some, .some):
                        d.error(x.pos, "'\(s)' in 'group' of \(what) is both a node and a link id; write {from, to} for "
                            + "the link, or rename one")
                    case (nil, nil):
                        // A group of nodes (their `group`) fails as a whole.
                        if let members = index.groups[s] {
                            for v in members where !out.contains(.node(v)) { out.append(.node(v)) }
                            continue
                        }
                        unknown(x.pos, "unknown node, link or node group '\(s)' in 'group' of \(what)"
                            + didYouMean(s, in: index.ids + sites.built.compactMap(\.id) + index.groupNames))
                    }
                }
                guard let t else { return nil }
                if !out.contains(t) { out.append(t) }
            }
            return out
        }
    }

    /// A link by its id, or by its ends `{from, to}` (either direction): its index in `sites.built`.
    func linkReference(_ n: YNode, _ what: String, index: NodeIndex, sites: SiteLabels) -> Int? {
        if n.entries != nil {
            r.checkKeys(n, [LinkKeys.from.name, LinkKeys.to.name], what)
            guard let fn = n[LinkKeys.from.name], let tn = n[LinkKeys.to.name] else {
                d.error(n.pos, "a link in \(what) is given by its id or by 'from' and 'to'")
                return nil
            }
            guard let a = lookup(fn, index, what), let b = lookup(tn, index, what) else { return nil }
            guard let k = sites.link(between: a, and: b) else {
                d.error(n.pos, "no link joins '\(index.ids[a])' and '\(index.ids[b])' (\(what))")
                return nil
            }
            return k
        }
        guard let s = r.string(n, what) else { return nil }
        if let k = sites.byID[s] { return k }
        unknown(n.pos, "unknown link '\(s)' in \(what)" + {
            let suggestion = didYouMean(s, in: sites.built.compactMap(\.id))
            return suggestion.isEmpty ? "; a link is named by its 'id', or by {from: a, to: b}" : suggestion
        }())
        return nil
    }

    /// Scheduled (`down`, `up`), exponential (`mtbf`, `mttr`) or drawn (`time_to_failure`,
    /// `time_to_repair`): exactly one of the three.
    private func faultTiming(_ item: YNode, what: String, duration: SimTime) -> FaultTiming? {
        let K = FaultKeys.self
        let scheduled = [K.down, K.up].compactMap { item.entry($0.name) }
        let exponential = [K.mtbf, K.mttr].compactMap { item.entry($0.name) }
        let drawn = [K.timeToFailure, K.timeToRepair].compactMap { item.entry($0.name) }
        let present = [scheduled, exponential, drawn].filter { !$0.isEmpty }
        if present.isEmpty {
            d.error(item.pos, "\(what) needs its times: down: 2s (and up: 3s), or mtbf: 1000h with mttr: 4h, or "
                + "time_to_failure and time_to_repair distributions")
            return nil
        }
        if present.count > 1 {
            d.error(present[1][0].keyPos, "\(what) mixes '\(present[0][0].key)' with '\(present[1][0].key)'; give "
                + "either 'down' (and 'up'), or 'mtbf' and 'mttr', or 'time_to_failure' and 'time_to_repair'")
            return nil
        }
        var ok = true
        if !scheduled.isEmpty {
            guard let downEntry = item.entry(K.down.name) else {
                d.error(scheduled[0].keyPos, "\(what) gives 'up' without 'down'; add the time it fails, such as down: 2s")
                return nil
            }
            let down = K.down.read(downEntry.value, r, "'down' of \(what)")
            let up = K.up.read(in: item, r, owner: what, ok: &ok)
            guard let down, ok else { return nil }
            if let up, up <= down, let un = item[K.up.name] {
                d.error(un.pos, "'up' of \(what) (\(un.scalar ?? "")) must be after its 'down' "
                    + "(\(Format.time(Double(down))))")
                return nil
            }
            if duration > 0 && down >= duration {
                d.warning(downEntry.value.pos, "\(what) fails at \(Format.time(Double(down))), after the run ends "
                    + "(\(Format.time(Double(duration)))) (variant '\(variantName)')")
            }
            return .scheduled(down: down, up: up)
        }
        if !exponential.isEmpty {
            for f in [K.mtbf, K.mttr] where item[f.name] == nil {
                d.error(item.pos, "missing '\(f.name)' in \(what): random failures need both 'mtbf' and 'mttr'")
                ok = false
            }
            let mtbf = K.mtbf.read(in: item, r, owner: what, ok: &ok), mttr = K.mttr.read(in: item, r, owner: what, ok: &ok)
            guard ok, let mtbf, let mttr else { return nil }
            for (mean, f) in [(mtbf, K.mtbf), (mttr, K.mttr)] where mean < Double(minimumCycle) {
                d.error(item[f.name]?.pos ?? item.pos, "'\(f.name)' of \(what) is \(Format.time(mean)); expected at least "
                    + "\(Format.time(Double(minimumCycle))), or the part would fail and return without end")
                return nil
            }
            return .random(timeToFailure: .exponential(mean: mtbf), timeToRepair: .exponential(mean: mttr))
        }
        for f in [K.timeToFailure, K.timeToRepair] where item[f.name] == nil {
            d.error(item.pos, "missing '\(f.name)' in \(what): random failures need both 'time_to_failure' and "
                + "'time_to_repair'")
            ok = false
        }
        let ttf = K.timeToFailure.read(in: item, r, owner: what, ok: &ok)
        let ttr = K.timeToRepair.read(in: item, r, owner: what, ok: &ok)
        guard ok, let ttf, let ttr else { return nil }
        for (dist, f) in [(ttf, K.timeToFailure), (ttr, K.timeToRepair)] where !(dist.mean >= Double(minimumCycle)) {
            d.error(item[f.name]?.pos ?? item.pos, "'\(f.name)' of \(what) is on average \(Format.time(dist.mean)); "
                + "expected at least \(Format.time(Double(minimumCycle))), or the part would fail and return without end")
            return nil
        }
        return .random(timeToFailure: ttf, timeToRepair: ttr)
    }

    /// A babbling device as a flow: constant-rate frames from `from` until `until`, at `rate`
    /// or back to back at the line rate of its first hop.
    private func babblingFlow(_ item: YNode, id: String, index: NodeIndex, duration: SimTime,
                              net: PlantSpec) -> (spec: FlowSpec, load: FlowLoad)? {
        let K = FaultKeys.self
        let what = "fault '\(id)'"
        var ok = true
        guard let bn = item[K.babbling.name], let source = lookup(bn, index, "'babbling' of \(what)") else { return nil }
        if net.nodes[source].kind == .switch {
            d.error(bn.pos, "the babbling device '\(index.ids[source])' of \(what) is a switch; a babbling device is an "
                + "end station (to fail a switch, use 'node')")
            ok = false
        }
        guard let tn = item[K.to.name] else {
            d.error(item.pos, "missing 'to' in \(what): the end station the babbling device floods")
            return nil
        }
        guard let dest = lookup(tn, index, "'to' of \(what)") else { return nil }
        if net.nodes[dest].kind == .switch {
            d.error(tn.pos, "'to' of \(what) is switch '\(index.ids[dest])'; frames go to an end station")
            ok = false
        } else if dest == source {
            d.error(tn.pos, "\(what) floods its own node '\(index.ids[dest])'; 'to' is another end station")
            ok = false
        }
        let from = K.from.read(in: item, r, owner: what, ok: &ok) ?? 0
        let until = K.until.read(in: item, r, owner: what, ok: &ok)
        if let until, until <= from, let un = item[K.until.name] {
            d.error(un.pos, "'until' of \(what) (\(un.scalar ?? "")) must be after its 'from' (\(Format.time(Double(from)))))")
            ok = false
        }
        let priority = K.priority.read(in: item, r, owner: what, ok: &ok) ?? 0
        let size = K.size.read(in: item, r, owner: what, ok: &ok) ?? K.defaultBabblingSize
        let rate = K.rate.read(in: item, r, owner: what, ok: &ok)
        let policing = K.policing.read(in: item, r, owner: what, ok: &ok)
        guard ok else { return nil }
        let route: [Hop]
        switch Topology(net).shortestRoute(from: source, to: dest) {
        case let .success(x): route = x
        case let .failure(e):
            d.error(bn.pos, routeMessage(e, what: what, index: index, net: net))
            return nil
        }
        let largest = net.maxFrameBytes(on: route)
        if size > Int64(largest) {
            d.error(item[K.size.name]?.pos ?? item.pos, "\(what) sends frames of \(size)B, larger than the maximum frame "
                + "\(largest)B on its way to '\(index.ids[dest])'" + (item[K.size.name] == nil ? "; give a smaller 'size'" : ""))
            return nil
        }
        // The gap: at the rate given, or back to back on the wire of its first hop.
        var gap: Double
        if let rate {
            gap = Double(size) * 8 / Double(rate) * 1e12
        } else {
            let first = route[0]
            switch first.kind {
            case .port:
                let p = net.ports[first.index]
                gap = Double(Swift.max(size, Int64(p.minFrameBytes)) + Int64(p.overheadBytes)) * 8
                    / Double(p.rateBitsPerSecond) * 1e12
            case .link where net.links[first.index].rateBitsPerSecond != nil:
                let l = net.links[first.index]
                gap = Double(size + Int64(l.overheadBytes)) * 8 / Double(l.rateBitsPerSecond!) * 1e12
            default:
                d.error(bn.pos, "the first link of the babbling device '\(index.ids[source])' has no line rate; give "
                    + "\(what) a 'rate', such as 100Mbps")
                return nil
            }
        }
        guard gap.isFinite, gap >= Double(minimumCycle) else {
            d.error(item[K.rate.name]?.pos ?? item.pos, "\(what) would send a frame every \(Format.time(gap)); expected "
                + "at least \(Format.time(Double(minimumCycle))) (lower its 'rate' or send larger frames)")
            return nil
        }
        gap = gap.rounded()
        let traffic = TrafficSpec(pattern: .constantRate(gap: gap), size: .constant(Double(size)), offset: .constant(Double(from)),
                                  stop: until)
        let end = Double(Swift.min(until ?? duration, duration)), start = Double(from)
        let share = duration > 0 ? Swift.max(0, end - start) / Double(duration) : 0
        var spec = FlowSpec(name: id, destination: dest, priority: Int(priority),
                            sources: [SourceSpec(node: source, route: route, traffic: traffic)])
        spec.policing = policing
        return (spec, FlowLoad(framesPerSecond: 1e12 / gap * share, meanSize: Double(size)))
    }
}
