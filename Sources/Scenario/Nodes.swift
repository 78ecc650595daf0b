import Foundation
import Kernel
import Models

/// Node lookup for one design.
struct NodeIndex {
    var byId: [String: Int] = [:]
    var ids: [String] = []
    var groups: [String: [Int]] = [:]
    var groupNames: [String] = []
    /// Nodes with a `compute` entry (read or not), and the services of those read, by id.
    var computing: Set<Int> = []
    var services: [Int: [String: Int]] = [:]
    var serviceIDs: [Int: [String]] = [:]
    /// Where each node's `compute` entry is, for messages.
    var computePos: [Int: Pos] = [:]
    /// End stations with a `radio` (terminals), read once the cells are known.
    var radios: [(node: Int, entry: YNode)] = []
}

extension DesignBuilder {
    func buildNodes(_ items: [YNode], switchDefaults: YNode, into net: inout PlantSpec, types: inout [String]) -> NodeIndex {
        let K = NodeKeys.self, family = K.family
        var index = NodeIndex()
        var firstPos: [String: Pos] = [:]
        for n in items {
            guard let idNode = K.id.node(in: n, r, owner: "a node"), let id = K.id.read(idNode, r, "the node's 'id'") else {
                family.checkKeys(n, case: nil, r, "a node")
                continue
            }
            if let f = firstPos[id] {
                family.checkKeys(n, case: nil, r, "a node")
                d.error(idNode.pos, "duplicate node id '\(id)' (first defined at \(f.line):\(f.column))")
                continue
            }
            firstPos[id] = idNode.pos
            // An unknown type is reported, and the node read as a device.
            let type = family.readCase(n, r, owner: "node '\(id)'", label: "the type of node '\(id)'") ?? "device"
            family.checkKeys(n, case: type, r, "a node") { e, owners in
                let only = owners.contains(K.stationTypes[0]) ? "end stations" : owners.map { "\($0) nodes" }.joined(separator: " and ")
                self.d.error(e.keyPos, "'\(e.key)' applies only to \(only), and '\(id)' is a \(type)")
            }
            let isSwitch = type == K.switchType
            let forwards = isSwitch || type == K.gnbType || type == K.upfType
            var spec = NodeSpec(name: id, kind: forwards ? .switch : .station,
                                role: type == K.gnbType ? .gnb : type == K.upfType ? .upf : .bridge)
            if type == K.upfType, let pn = n[K.processing.name],
               let dist = K.processing.read(pn, r, "'processing' of UPF '\(id)'") {
                spec.switchingDelay = dist
            }
            if type == K.upfType, let bn = n[K.tsnBridge.name] { spec.tsnBridge = buildFiveGBridge(bn, upf: id) }
            if type == K.gnbType, let dn = n[K.delay.name], let dist = K.delay.read(dn, r, "'delay' of gNB '\(id)'") {
                spec.switchingDelay = dist
            }
            if let rn = n[K.radio.name], !forwards { index.radios.append((net.nodes.count, rn)) }
            if isSwitch {
                if let fn = n[K.forwarding.name] ?? switchDefaults[K.forwarding.name],
                   let f = K.forwarding.read(fn, r, "'forwarding' of switch '\(id)'") {
                    spec.forwarding = f
                }
                if let dn = n[K.delay.name] ?? switchDefaults[K.delay.name],
                   let dist = K.delay.read(dn, r, "'delay' of switch '\(id)'") {
                    spec.switchingDelay = dist
                }
                if let pn = n[K.priority.name] ?? switchDefaults[K.priority.name],
                   let p = K.priority.read(pn, r, "'priority' of switch '\(id)'") {
                    spec.bridgePriority = Int(p)
                }
                if let un = n[K.unknownStreams.name] ?? switchDefaults[K.unknownStreams.name],
                   let u = K.unknownStreams.read(un, r, "'unknown_streams' of switch '\(id)'") {
                    spec.unknownStreams = u
                }
            } else if let cn = n[K.compute.name] {
                index.computing.insert(net.nodes.count)
                index.computePos[net.nodes.count] = cn.pos
                spec.compute = buildCompute(cn, node: net.nodes.count, id: id, index: &index, into: &net)
            }
            if let g = n[K.group.name] {
                for gn in g.items ?? [g] {
                    guard let name = r.string(gn, "a group name of node '\(id)'") else { continue }
                    if index.groups[name] == nil { index.groupNames.append(name) }
                    index.groups[name, default: []].append(net.nodes.count)
                }
            }
            index.byId[id] = net.nodes.count
            index.ids.append(id)
            types.append(type)
            net.nodes.append(spec)
        }
        return index
    }

    func lookup(_ n: YNode, _ index: NodeIndex, _ what: String) -> Int? {
        guard let s = r.string(n, what) else { return nil }
        if let i = index.byId[s] { return i }
        unknown(n.pos, "unknown node '\(s)' in \(what)" + didYouMean(s, in: index.ids))
        return nil
    }

    /// A node's `compute`: its servers, and its services appended to `net.services`.
    func buildCompute(_ cn: YNode, node: Int, id: String, index: inout NodeIndex,
                      into net: inout PlantSpec) -> ComputeSpec? {
        let K = ComputeKeys.self
        let owner = "'compute' of node '\(id)'"
        guard let c = NodeKeys.compute.read(cn, r, owner) else { return nil }
        func label(_ f: String) -> String { "'compute.\(f)' of node '\(id)'" }
        var spec = ComputeSpec()
        var ok = true
        func read<V>(_ f: Field<V>) -> V? { f.read(in: c, r, owner: owner, label: label(f.name), ok: &ok) }
        if let v = read(K.servers) { spec.servers = Int(v) }
        if let v = read(K.discipline) { spec.discipline = v }
        if let v = read(K.queue) { spec.queueLimit = v.value.map { Int($0) } }
        if let v = read(K.speed) { spec.speedHz = v }
        guard let sn = K.services.node(in: c, r, owner: owner) else { return nil }
        guard let items = r.list(sn, label(K.services.name)) else { return nil }
        if items.isEmpty {
            d.error(sn.pos, "\(label(K.services.name)) needs at least one service, such as {id: control, time: 200us}")
            return nil
        }
        var firstPos: [String: Pos] = [:]
        for s in items {
            guard r.map(s, "a service of node '\(id)'") != nil else { ok = false; continue }
            guard let idNode = K.serviceID.node(in: s, r, owner: "a service of node '\(id)'"),
                  let name = K.serviceID.read(idNode, r, "the service's 'id'") else {
                K.service.checkKeys(s, r, "a service of node '\(id)'")
                ok = false
                continue
            }
            let what = "service '\(name)' of node '\(id)'"
            K.service.checkKeys(s, r, what)
            if let f = firstPos[name] {
                d.error(idNode.pos, "duplicate service id '\(name)' in node '\(id)' (first defined at \(f.line):\(f.column))")
                ok = false
                continue
            }
            firstPos[name] = idNode.pos
            guard let demand = serviceDemand(s, what, speed: spec.speedHz, speedGiven: c[K.speed.name] != nil) else {
                ok = false
                continue
            }
            index.services[node, default: [:]][name] = net.services.count
            index.serviceIDs[node, default: []].append(name)
            net.services.append(ServiceSpec(name: name, node: node, demand: demand))
        }
        return ok ? spec : nil
    }

    /// Exactly one of `time` and `work`; work needs the node's speed.
    private func serviceDemand(_ s: YNode, _ what: String, speed: Double?, speedGiven: Bool) -> ServiceDemand? {
        let K = ComputeKeys.self
        switch (s.entry(K.time.name), s.entry(K.work.name)) {
        case (nil, nil):
            d.error(s.pos, "\(what) needs 'time' (such as 200us) or 'work' (such as 40Mcycles)")
            return nil
        case (.some, .some(let w)):
            d.error(w.keyPos, "give either 'time' or 'work' for \(what), not both")
            return nil
        case (.some(let t), nil):
            return K.time.read(t.value, r, "'time' of \(what)").map { .time($0) }
        case (nil, .some(let w)):
            let work = K.work.read(w.value, r, "'work' of \(what)")
            if speed == nil && !speedGiven {
                d.error(w.keyPos, "\(what) is given as work, which needs the node's speed: add 'speed' (such as "
                    + "2.5GHz) to its 'compute'")
                return nil
            }
            return work.map { .work($0) }
        }
    }
}
