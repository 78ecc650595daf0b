import Foundation
import Kernel
import Models

/// Where each link direction came from, for messages.
struct PortInfo {
    var pos: Pos
    var label: String
}

/// A link as built: its id, its ends, and the first of its two ports (Ethernet) or
/// directions (wan); the second follows it, leaving `b`.
struct BuiltLink {
    var id: String?
    var a: Int
    var b: Int
    var ethernet: Bool
    var first: Int
    var pos: Pos
}

/// The origin of every Ethernet port and external link direction of a design.
struct SiteLabels {
    var ports: [PortInfo] = []
    var links: [PortInfo] = []
    /// Every link built, in declaration order.
    var built: [BuiltLink] = []
    /// Built links by id (the first of a duplicated id).
    var byID: [String: Int] = [:]
    /// Built links by their ends, the lower node first.
    var byEnds: [Ends: Int] = [:]
    /// Per Ethernet port, its built link.
    var linkOfPort: [Int] = []

    struct Ends: Hashable {
        var low: Int
        var high: Int
        init(_ a: Int, _ b: Int) { (low, high) = (Swift.min(a, b), Swift.max(a, b)) }
    }

    /// The built link joining `a` and `b`, if any.
    func link(between a: Int, and b: Int) -> Int? { byEnds[Ends(a, b)] }

    /// The site a hop crosses (nil for a service).
    func info(_ hop: Hop) -> PortInfo? {
        switch hop.kind {
        case .port: return ports[hop.index]
        case .link: return links[hop.index]
        case .service, .radio: return nil
        }
    }
}

extension DesignBuilder {
    /// Links of every type, in declaration order: an Ethernet link makes two ports, a wan
    /// link two directions.
    func buildLinks(_ items: [YNode], defaults: YNode, index: NodeIndex, into net: inout PlantSpec) -> SiteLabels {
        let K = LinkKeys.self
        var sites = SiteLabels()
        var pairs: [Int: Pos] = [:]
        for l in items {
            let typeName = K.family.readCase(l, r, owner: "a link", label: "the link's 'type'")
            K.family.checkKeys(l, case: typeName, r, "a link")
            let fromNode = K.from.node(in: l, r, owner: "a link"), toNode = K.to.node(in: l, r, owner: "a link")
            let a = fromNode.flatMap { lookup($0, index, "the link's 'from'") }
            let b = toNode.flatMap { lookup($0, index, "the link's 'to'") }
            let label: String
            if let a, let b { label = "\(index.ids[a])→\(index.ids[b])" } else { label = "link" }
            // A link with bad properties still joins its nodes, so that flows over it are checked.
            var ethernet: EthernetLink?
            var wan: WANLink?
            switch typeName.flatMap(LinkType.init(rawValue:)) {
            case .ethernet: ethernet = readEthernetLink(l, defaults: defaults, label: label)
            case .wan: wan = readWANLink(l, label: label)
            case nil: ethernet = EthernetLink(rate: 1)  // an unknown type (reported) joins its nodes too
            }
            guard let a, let b else {
                if let known = a ?? b { incomplete.insert(known) }
                continue
            }
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
            let linkID = l[K.id.name]?.scalar
            if let linkID, !linkID.isEmpty {
                if let k = sites.byID[linkID] {
                    let p = sites.built[k].pos
                    d.error(l[K.id.name]?.pos ?? l.pos, "duplicate link id '\(linkID)' (first defined at \(p.line):\(p.column))")
                } else {
                    sites.byID[linkID] = sites.built.count
                }
            }
            if ethernet != nil || wan != nil {
                sites.byEnds[SiteLabels.Ends(a, b)] = sites.built.count
                if ethernet != nil { sites.linkOfPort += [sites.built.count, sites.built.count] }
                sites.built.append(BuiltLink(id: linkID, a: a, b: b, ethernet: ethernet != nil,
                                             first: ethernet != nil ? net.ports.count : net.links.count, pos: l.pos))
            }
            for (x, y) in [(a, b), (b, a)] {
                let info = PortInfo(pos: l.pos, label: "\(index.ids[x])→\(index.ids[y])")
                if let ethernet {
                    net.ports.append(ethernet.port(name: "to-\(index.ids[y])", node: x, peer: y))
                    sites.ports.append(info)
                } else if let wan {
                    let direction: LinkDirection = x == a ? .uplink : .downlink
                    net.links.append(wan.direction(direction, name: info.label, node: x, peer: y))
                    sites.links.append(info)
                }
            }
        }
        return sites
    }
}
