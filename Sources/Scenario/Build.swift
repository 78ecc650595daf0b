import Foundation
import Kernel
import Models

/// Where each port came from, for messages.
struct PortInfo {
    var pos: Pos
    var label: String
}

/// Node lookup for one design.
struct NodeIndex {
    var byId: [String: Int] = [:]
    var ids: [String] = []
    var groups: [String: [Int]] = [:]
    var groupNames: [String] = []
}

/// Per-source facts kept for checks after routing.
extension DesignBuilder {
    // MARK: Nodes

    func buildNodes(_ items: [YNode], switchDefaults: YNode, into net: inout PlantSpec, types: inout [String]) -> NodeIndex {
        var index = NodeIndex()
        var firstPos: [String: Pos] = [:]
        for n in items {
            r.checkKeys(n, nodeKeys, "a node")
            guard let idNode = r.required(n, "id", "a node"), let id = r.string(idNode, "the node's 'id'") else { continue }
            if let f = firstPos[id] {
                d.error(idNode.pos, "duplicate node id '\(id)' (first defined at \(f.line):\(f.column))")
                continue
            }
            firstPos[id] = idNode.pos
            var type = "device"
            if let tn = r.required(n, "type", "node '\(id)'"), let t = r.string(tn, "the type of node '\(id)'") {
                if nodeTypes.contains(t) { type = t } else {
                    d.error(tn.pos, "unknown node type '\(t)'; expected one of " + nodeTypes.joined(separator: ", ")
                        + didYouMean(t, in: nodeTypes))
                }
            }
            var spec = NodeSpec(name: id, kind: type == "switch" ? .switch : .station)
            if type == "switch" {
                let fwd = n["forwarding"] ?? switchDefaults["forwarding"]
                if let fn = fwd, let f = r.string(fn, "'forwarding' of switch '\(id)'") {
                    if let m = ForwardingMode(rawValue: f) { spec.forwarding = m } else {
                        let modes = ForwardingMode.allCases.map(\.rawValue)
                        d.error(fn.pos, "unknown forwarding mode '\(f)'; expected "
                            + modes.joined(separator: " or ") + didYouMean(f, in: modes))
                    }
                }
                if let dn = n["delay"] ?? switchDefaults["delay"],
                   let dist = r.distribution(dn, .time, "'delay' of switch '\(id)'", positive: false) {
                    spec.switchingDelay = dist
                }
            } else {
                for k in ["forwarding", "delay"] {
                    if let e = n.entry(k) { d.error(e.keyPos, "'\(k)' applies only to switches, and '\(id)' is a \(type)") }
                }
            }
            if let g = n["group"] {
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
        d.error(n.pos, "unknown node '\(s)' in \(what)" + didYouMean(s, in: index.ids))
        return nil
    }

    // MARK: Links

    func checkLinkDefaults(_ l: YNode) {
        let w = { (k: String) in "'defaults.link.\(k)'" }
        if let n = l["rate"] { _ = r.rate(n, w("rate")) }
        if let n = l["delay"] { _ = r.time(n, w("delay"), positive: false) }
        if let n = l["length"] { _ = r.quantity(n, .length, w("length"), positive: false) }
        if let n = l["overhead"] { _ = r.bytes(n, w("overhead"), positive: false, max: 1 << 20) }
        if let n = l["max_frame"] { _ = r.bytes(n, w("max_frame"), positive: true, max: 1 << 24) }
        if let n = l["min_frame"] { _ = r.bytes(n, w("min_frame"), positive: false, max: 1 << 24) }
        if let n = l["buffer"], n.scalar != "unbounded" {
            _ = r.bytes(n, w("buffer") + " (a size such as 512KB, or unbounded)", positive: true, max: Int64(1) << 50)
        }
        if let n = l["buffer_frames"], n.scalar != "unbounded" { _ = r.int(n, w("buffer_frames"), 1...Int64(Int32.max)) }
    }

    func buildLinks(_ items: [YNode], defaults: YNode, index: NodeIndex, into net: inout PlantSpec) -> [PortInfo] {
        var info: [PortInfo] = []
        var pairs: [Int: Pos] = [:]
        for l in items {
            r.checkKeys(l, linkKeys, "a link")
            let fromNode = r.required(l, "from", "a link"), toNode = r.required(l, "to", "a link")
            let a = fromNode.flatMap { lookup($0, index, "the link's 'from'") }
            let b = toNode.flatMap { lookup($0, index, "the link's 'to'") }
            func prop(_ k: String) -> YNode? { l[k] ?? defaults[k] }
            // Defaults were checked once (checkLinkDefaults); do not report them per link.
            let quiet = Reader(d: Diagnostics())
            func rd(_ k: String) -> Reader { l[k] != nil ? r : quiet }
            let label: String
            if let a, let b { label = "\(index.ids[a])→\(index.ids[b])" } else { label = "link" }
            var rate: Int64?
            if let rn = prop("rate") { rate = rd("rate").rate(rn, "'rate' of link \(label)") } else {
                d.error(l.pos, "missing 'rate' for link \(label) (set it on the link or as defaults.link.rate)")
            }
            var prop_ps: SimTime = 0
            let delayNode = l["delay"], lengthNode = l["length"]
            var useLength: YNode?, useDelay: YNode?
            if delayNode != nil && lengthNode != nil {
                d.error(l.pos, "give either 'delay' or 'length' for link \(label), not both")
            } else if lengthNode != nil || delayNode != nil {
                useLength = lengthNode; useDelay = delayNode
            } else {
                useDelay = defaults["delay"]
                if useDelay == nil { useLength = defaults["length"] }
            }
            if let ln = useLength, let m = rd("length").quantity(ln, .length, "'length' of link \(label)", positive: false) {
                let ps = (m * 5_000).rounded()  // 5 ns/m in copper and fibre
                if ps > Double(Time.maximum) { d.error(ln.pos, "the link is too long") } else { prop_ps = SimTime(ps) }
            }
            if let dn = useDelay, let t = rd("delay").time(dn, "'delay' of link \(label)", positive: false) { prop_ps = t }
            var overhead: Int64 = 20, maxFrame: Int64 = 1522, minFrame: Int64 = 64
            if let n = prop("overhead"), let v = rd("overhead").bytes(n, "'overhead' of link \(label)", positive: false, max: 1 << 20) {
                overhead = v
            }
            if let n = prop("max_frame"), let v = rd("max_frame").bytes(n, "'max_frame' of link \(label)", positive: true, max: 1 << 24) {
                maxFrame = v
            }
            if let n = prop("min_frame"), let v = rd("min_frame").bytes(n, "'min_frame' of link \(label)", positive: false, max: 1 << 24) {
                minFrame = v
                if v > maxFrame { d.error(n.pos, "'min_frame' of link \(label) is above its 'max_frame'") }
            }
            var bufferBytes: Int64?, bufferFrames: Int32?
            if let n = prop("buffer"), n.scalar != "unbounded" {
                bufferBytes = rd("buffer").bytes(n, "'buffer' of link \(label) (a size such as 512KB, or unbounded)", positive: true,
                                      max: Int64(1) << 50)
            }
            if let n = prop("buffer_frames"), n.scalar != "unbounded",
               let v = rd("buffer_frames").int(n, "'buffer_frames' of link \(label)", 1...Int64(Int32.max)) {
                bufferFrames = Int32(v)
            }
            // A link with a bad rate still joins its nodes, so that flows over it are checked.
            guard let a, let b else { continue }
            let rateOrPlaceholder = rate ?? 1
            if a == b {
                d.error(l.pos, "link from '\(index.ids[a])' to itself")
                continue
            }
            let key = Swift.min(a, b) * net.nodes.count + Swift.max(a, b)
            if let f = pairs[key] {
                d.error(l.pos, "a link between '\(index.ids[a])' and '\(index.ids[b])' already exists "
                    + "(at \(f.line):\(f.column))")
                continue
            }
            pairs[key] = l.pos
            for (x, y) in [(a, b), (b, a)] {
                net.ports.append(PortSpec(
                    name: "to-\(index.ids[y])", node: x, peerNode: y, rateBitsPerSecond: rateOrPlaceholder, propagation: prop_ps,
                    overheadBytes: Int32(overhead), minFrameBytes: Int32(minFrame), maxFrameBytes: Int32(maxFrame),
                    bufferBytes: bufferBytes, bufferFrames: bufferFrames))
                info.append(PortInfo(pos: l.pos, label: "\(index.ids[x])→\(index.ids[y])"))
            }
        }
        return info
    }
}
