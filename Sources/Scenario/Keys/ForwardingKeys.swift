import Kernel
import Models

/// The keys of `forwarding:` at the top level: how the bridges of a design choose paths
/// and recover from failures (static routes, RSTP, MRP rings).
enum ForwardingKeys {
    static let reconvergence = Field("reconvergence", .time(positive: false),
                                     "RSTP: time from a failure or repair until the rebuilt tree forwards "
                                         + "(default 50ms, an assumption: RSTP converges in tens of milliseconds)")
    static let rings = Field("rings", .raw(.obj(("type", .string("array")), ("items", ring.schema), ("minItems", .int(1))),
                                           words: ring.words),
                             required: true, "MRP rings (IEC 62439-2), at least one")

    static let family = Family(
        noun: "forwarding", help: "How the bridges choose paths and recover from failures", tag: "protocol",
        tagNoun: "forwarding protocol",
        tagHelp: "static (default: shortest paths, a failure breaks the flows over it), rstp (IEEE 802.1Q "
            + "clause 13 spanning tree) or mrp (IEC 62439-2 rings)",
        defaultCase: ForwardingKind.staticRoutes.rawValue, common: [],
        cases: ForwardingKind.allCases.map { .init(name: $0.rawValue, keys: $0.keys) })

    // A ring.
    static let ringID = Field("id", .text, required: true, "Ring name, as reports give it")
    static let manager = Field("manager", .text, "The ring manager (MRM), a switch on the ring (default: its first node)")
    static let ringLinks = Field("links", .raw(.obj(("type", .string("array")), ("items", .type("string")),
                                                    ("minItems", .int(3)))),
                                 "The ring's Ethernet links by id, in ring order (or give 'nodes')")
    static let ringNodes = Field("nodes", .raw(.obj(("type", .string("array")), ("items", .type("string")),
                                                    ("minItems", .int(4)))),
                                 "The ring's switches in ring order, back to the first: [sw1, sw2, sw3, sw1] (or give 'links')")
    static let recovery = Field("recovery", .mrpRecovery,
                                "Maximum recovery time class: 10ms, 30ms, 200ms (default) or 500ms (IEC 62439-2)")
    static let outage = Field("outage", .names(["worst", "random"], noun: "outage draw"),
                              "The outage of a ring failure: worst (default: the class's maximum) or random "
                                  + "(drawn uniformly up to it)")
    static let ringDescription = Field("description", .text, "Free text")
    static let ring = Record("An MRP ring: its switches or links in ring order and its manager", [
        ringID.key, manager.key, ringLinks.key, ringNodes.key, recovery.key, outage.key, ringDescription.key,
    ])

    /// The assumed RSTP reconvergence time when none is given.
    static let defaultReconvergence: SimTime = 50 * Time.millisecond
    /// IEC 62439-2's recovery class most products default to.
    static let defaultRecovery = MRPRecoveryTime.ms200
}

/// The forwarding protocols a design may choose (`protocol:`).
enum ForwardingKind: String, CaseIterable, Sendable {
    case staticRoutes = "static"
    case rstp, mrp

    var keys: [Key] {
        switch self {
        case .staticRoutes: return []
        case .rstp: return [ForwardingKeys.reconvergence.key]
        case .mrp: return [ForwardingKeys.rings.key]
        }
    }
}

extension ValueType where Value == MRPRecoveryTime {
    /// One of the IEC 62439-2 recovery classes, written as a time: 10ms, 30ms, 200ms, 500ms.
    static var mrpRecovery: ValueType {
        let names = MRPRecoveryTime.allCases.reversed().map { "\($0.rawValue)ms" }
        return ValueType(schema: .ref("time"), words: names) { r, n, w in
            guard let t = r.time(n, w, positive: true) else { return nil }
            if let c = MRPRecoveryTime.allCases.first(where: { $0.maximumPicoseconds == t }) { return c }
            let nearest = MRPRecoveryTime.allCases.min { abs($0.maximumPicoseconds - t) < abs($1.maximumPicoseconds - t) }
            r.d.error(n.pos, "\(w) must be an IEC 62439-2 recovery class, \(alternatives(names)), found "
                + "\(n.scalar ?? "")" + (nearest.map { "; did you mean '\($0.rawValue)ms'?" } ?? ""))
            return nil
        }
    }
}

extension ValueType where Value == Int64 {
    /// A bridge priority: 0…61440 in steps of 4096 (IEEE 802.1D-2004 Table 17-2).
    static var bridgePriority: ValueType {
        ValueType(schema: .templatable(.obj(("type", .string("integer")), ("minimum", .int(0)), ("maximum", .int(61440)),
                                           ("multipleOf", .int(4096))))) { r, n, w in
            guard let v = r.int(n, w, 0...61440) else { return nil }
            guard v % 4096 == 0 else {
                let lower = v / 4096 * 4096, upper = Swift.min(61440, lower + 4096)
                let near = v - lower <= upper - v ? lower : upper
                r.d.error(n.pos, "\(w) must be a multiple of 4096 from 0 to 61440 (IEEE 802.1D bridge priority "
                    + "steps), found \(v); did you mean \(near)?")
                return nil
            }
            return v
        }
    }
}
