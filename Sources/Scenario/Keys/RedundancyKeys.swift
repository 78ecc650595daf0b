import Kernel
import Models

/// The keys of a flow's `replication:` (IEEE 802.1CB FRER or IEC 62439-3 PRP): how many
/// disjoint paths its copies take and how the destination merges them.
enum ReplicationKeys {
    static let paths = Field("paths", .integer(2...4), "Member paths, each a copy of every frame (2-4, default 2)")
    static let disjoint = Field("disjoint", .names(["link", "node"], noun: "disjointness"),
                                "What the paths may not share: link, or node (also no intermediate node); "
                                    + "default node for prp, link for frer")
    static let pathList = Field("path_list", .raw(.obj(("type", .string("array")), ("items", .obj(
        ("type", .string("array")), ("items", .type("string")), ("minItems", .int(2)))), ("minItems", .int(2)))),
                                "Explicit member paths, each node ids from the source to 'to' (default: computed)")
    static let algorithm = Field("algorithm", .choice(noun: "recovery algorithm") as ValueType<SequenceRecovery.Algorithm>,
                                 "FRER sequence recovery: vector (default) or match (IEEE 802.1CB 7.4.3.4, 7.4.3.5)")
    static let history = Field("history", .integer(2...Int64(SequenceRecovery.maximumHistoryLength)),
                               "FRER: sequence history length, 2 (default, IEEE 802.1CB 10.4.1.6) to 1024")
    static let reset = Field("reset", .time(positive: true),
                             "FRER: reset timeout of sequence recovery (default 100ms, an assumption: "
                                 + "802.1CB gives none)")
    static let window = Field("window", .integer(2...16_384),
                              "PRP: duplicate discard window in frames, a power of two from 2 to 16384 (default 256)")
    static let forget = Field("forget", .time(positive: true),
                              "PRP: entry forget time of duplicate discard (default 400ms, IEC 62439-3)")

    static let family = Family(
        noun: "replication", help: "Copies of every frame over disjoint paths, merged at the destination", tag: "mode",
        tagNoun: "replication mode",
        tagHelp: "frer (IEEE 802.1CB: sequence recovery) or prp (IEC 62439-3: duplicate discard over two LANs)",
        common: [paths.key, disjoint.key, pathList.key],
        cases: ReplicationMode.allCases.map { .init(name: $0.rawValue, keys: $0.keys) })

    static let defaultReset: SimTime = 100 * Time.millisecond
}

enum ReplicationMode: String, CaseIterable, Sendable {
    case frer, prp

    var keys: [Key] {
        let K = ReplicationKeys.self
        switch self {
        case .frer: return [K.algorithm.key, K.history.key, K.reset.key]
        case .prp: return [K.window.key, K.forget.key]
        }
    }
}

/// A survival time as written: a time, or a number of transfer intervals (periods).
enum SurvivalSetting: Sendable, Equatable {
    case time(SimTime)
    case intervals(Int64)
}

extension ValueType where Value == SurvivalSetting {
    /// `2ms`, or a whole number of transfer intervals such as `3`.
    static var survivalTime: ValueType {
        ValueType(schema: .anyOf([.ref("time"), .obj(("type", .string("integer")), ("minimum", .int(0))),
                                  .ref("expression")])) { r, n, w in
            if let s = n.scalar?.trimmingCharacters(in: .whitespaces), let k = Int64(s.replacingOccurrences(of: "_", with: "")) {
                guard (0...1_000_000).contains(k) else {
                    r.d.error(n.pos, "\(w) in transfer intervals must be between 0 and 1000000, found \(k)")
                    return nil
                }
                return .intervals(k)
            }
            if let s = n.scalar, Double(s) != nil {
                r.d.error(n.pos, "expected a time such as 2ms or a whole number of transfer intervals such as 3 "
                    + "for \(w), found \(s)")
                return nil
            }
            return r.time(n, w, positive: false).map { .time($0) }
        }
    }
}
