import Foundation

/// JSON Schema (draft 2020-12) of the scenario format, for editors (`fnsim schema`).
public enum ScenarioSchema {
    public static func jsonSchema() -> String {
        var out = ""
        write(schema, indent: 0, into: &out)
        return out + "\n"
    }

    // MARK: A tiny ordered JSON value

    indirect enum J {
        case s(String)
        case n(Int)
        case b(Bool)
        case a([J])
        case o([(String, J)])
    }

    static func write(_ j: J, indent: Int, into out: inout String) {
        let pad = String(repeating: "  ", count: indent + 1), end = String(repeating: "  ", count: indent)
        switch j {
        case let .s(s): out += quote(s)
        case let .n(n): out += String(n)
        case let .b(b): out += b ? "true" : "false"
        case let .a(xs):
            if xs.isEmpty { out += "[]"; return }
            if xs.allSatisfy({ if case .s = $0 { return true } else { return false } }) {
                out += "[" + xs.map { x -> String in var t = ""; write(x, indent: 0, into: &t); return t }
                    .joined(separator: ", ") + "]"
                return
            }
            out += "[\n"
            for (i, x) in xs.enumerated() {
                out += pad
                write(x, indent: indent + 1, into: &out)
                out += i + 1 < xs.count ? ",\n" : "\n"
            }
            out += end + "]"
        case let .o(kv):
            if kv.isEmpty { out += "{}"; return }
            out += "{\n"
            for (i, (k, v)) in kv.enumerated() {
                out += pad + quote(k) + ": "
                write(v, indent: indent + 1, into: &out)
                out += i + 1 < kv.count ? ",\n" : "\n"
            }
            out += end + "}"
        }
    }

    static func quote(_ s: String) -> String { doubleQuoted(s) }

    // MARK: The schema

    static func ref(_ name: String) -> J { .o([("$ref", .s("#/$defs/\(name)"))]) }
    static func str(_ d: String) -> J { .o([("type", .s("string")), ("description", .s(d))]) }
    static func obj(_ d: String, _ props: [(String, J)], required: [String] = []) -> J {
        var kv: [(String, J)] = [("type", .s("object")), ("description", .s(d)), ("properties", .o(props))]
        if !required.isEmpty { kv.append(("required", .a(required.map { .s($0) }))) }
        kv.append(("additionalProperties", .b(false)))
        return .o(kv)
    }
    static func listOf(_ item: J, _ d: String) -> J { .o([("type", .s("array")), ("description", .s(d)), ("items", item)]) }
    static func quantity(_ units: String, _ example: String) -> J {
        .o([("type", .s("string")),
            ("description", .s("A number with a unit (\(units)), such as \(example); or a $PARAMETER / {expression}")),
            ("pattern", .s("^(\\s*[-+]?[0-9]*\\.?[0-9]+([eE][-+]?[0-9]+)?\\s*(\(units.replacingOccurrences(of: ", ", with: "|")))\\s*|.*[$].*|.*[{].*[}].*)$"))])
    }
    static let template: [(String, J)] = [
        ("for", .o([("type", .s("object")),
                    ("description", .s("Repeat this entry for every combination of the variables, first outermost: {c: 1..$C, i: 1..$D}; a value is a range a..b or a list")),
                    ("additionalProperties", .o([("oneOf", .a([.o([("type", .s("string"))]), .o([("type", .s("integer"))]),
                                                                  .o([("type", .s("array"))])]))]))])),
    ]
    static let countTemplate: (String, J) = ("count", .o([("description", .s("Repeat this entry N times with {i} = 1..N (0 makes none); not together with for")),
                                                           ("oneOf", .a([.o([("type", .s("integer")), ("minimum", .n(0))]),
                                                                         .o([("type", .s("string"))])]))]))

    static func distribution(_ q: String) -> J {
        let v = ref(q)
        func dist(_ name: String, _ props: [(String, J)], _ req: [String]) -> J {
            .o([("type", .s("object")),
                ("properties", .o([("dist", .o([("const", .s(name))]))] + props)),
                ("required", .a((["dist"] + req).map { .s($0) })),
                ("additionalProperties", .b(false))])
        }
        let num: J = .o([("type", .s("number"))])
        return .o([("description", .s("A fixed \(q) or a distribution of it")), ("oneOf", .a([
            v,
            dist("constant", [("value", v)], ["value"]),
            dist("uniform", [("min", v), ("max", v)], ["min", "max"]),
            dist("exponential", [("mean", v)], ["mean"]),
            dist("normal", [("mean", v), ("sd", v)], ["mean", "sd"]),
            dist("lognormal", [("mean", v), ("cv", num)], ["mean", "cv"]),
            dist("pareto", [("shape", num), ("scale", v), ("mean", v)], ["shape"]),
            dist("weibull", [("shape", num), ("scale", v)], ["shape", "scale"]),
            dist("gamma", [("shape", num), ("scale", v), ("mean", v)], ["shape"]),
            dist("empirical", [("points", .o([("type", .s("array")), ("items", .o([
                ("type", .s("array")), ("prefixItems", .a([v, num])), ("minItems", .n(2)), ("maxItems", .n(2))]))]))],
                 ["points"]),
        ]))])
    }

    static var linkProps: [(String, J)] {
        [("rate", ref("rate")), ("delay", ref("time")), ("length", ref("length")), ("overhead", ref("size")),
         ("max_frame", ref("size")), ("min_frame", ref("size")),
         ("buffer", .o([("description", .s("Bytes of queue per port, or 'unbounded' (the default)")),
                        ("oneOf", .a([ref("size"), .o([("const", .s("unbounded"))])]))])),
         ("buffer_frames", .o([("description", .s("Frames of queue per port, or 'unbounded'")),
                               ("oneOf", .a([.o([("type", .s("integer")), ("minimum", .n(1))]), .o([("type", .s("string"))])]))]))]
    }

    static var node: J {
        obj("A node; ids may contain {variables} when the entry has 'for' or 'count'",
            [("id", str("Unique node id")),
             ("type", .o([("enum", .a(nodeTypes.map { .s($0) }))])),
             ("group", .o([("description", .s("Group name(s) usable in a flow's 'from'")),
                           ("oneOf", .a([.o([("type", .s("string"))]), .o([("type", .s("array")), ("items", .o([("type", .s("string"))]))])]))])),
             ("forwarding", .o([("enum", .a([.s("store-and-forward"), .s("cut-through")]))])),
             ("delay", distribution("time")), ("description", str("Free text"))] + template + [countTemplate],
            required: ["id", "type"])
    }

    static var link: J {
        obj("A full-duplex link (two ports, one per direction)",
            [("id", str("Optional id, to address the link in --set and variants")), ("from", str("Node id")),
             ("to", str("Node id"))] + linkProps + [("description", str("Free text"))] + template + [countTemplate],
            required: ["from", "to"])
    }

    static var flow: J {
        let endpoints: J = .o([("description", .s("Node id, group name, glob pattern such as dev*, or a list of these")),
                               ("oneOf", .a([.o([("type", .s("string"))]), .o([("type", .s("array")), ("items", .o([("type", .s("string"))]))])]))])
        return obj("A flow of frames from one or more sources to one destination",
            [("id", str("Unique flow id")), ("kind", .o([("enum", .a(flowKinds.map { .s($0) }))])),
             ("from", endpoints), ("to", str("Destination node id")),
             ("priority", .o([("type", .s("integer")), ("minimum", .n(0)), ("maximum", .n(7))])),
             ("deadline", ref("time")), ("size", distribution("size")), ("offset", distribution("time")),
             ("stop", ref("time")),
             ("path", .o([("type", .s("array")), ("description", .s("Explicit route: node ids from source to destination")),
                          ("items", .o([("type", .s("string"))]))])),
             ("period", ref("time")), ("jitter", distribution("time")), ("rate", ref("rate")), ("gap", ref("time")),
             ("on", distribution("time")), ("off", distribution("time")), ("every", distribution("time")),
             ("count", .o([("description", .s("Frames per burst")), ("type", .s("integer")), ("minimum", .n(1))])),
             ("spacing", ref("time")),
             ("file", str("Trace CSV (header time_s,source,size_bytes), relative to the scenario file")),
             ("description", str("Free text"))] + template,
            required: ["id", "kind", "to"])
    }

    static var overlayLists: [(String, J)] {
        [("nodes", .o([("type", .s("array"))])), ("links", .o([("type", .s("array"))])), ("flows", .o([("type", .s("array"))]))]
    }

    static var schema: J {
        .o([
            ("$schema", .s("https://json-schema.org/draft/2020-12/schema")),
            ("$id", .s("https://fnsim.dev/schema/scenario.json")),
            ("title", .s("fnsim scenario")),
            ("description", .s("A factory network and its candidate designs")),
            ("type", .s("object")),
            ("properties", .o([
                ("name", str("Scenario name")),
                ("description", str("Free text")),
                ("seed", .o([("type", .s("integer")), ("minimum", .n(0))])),
                ("duration", ref("time")),
                ("warmup", ref("time")),
                ("parameters", .o([("type", .s("object")), ("description", .s("Named integers or quantities, used as $NAME and in {expressions}")),
                                   ("additionalProperties", .o([("oneOf", .a([.o([("type", .s("integer"))]), .o([("type", .s("string"))])]))]))])),
                ("defaults", obj("Defaults for links and switches", [
                    ("link", obj("Link defaults", linkProps)),
                    ("switch", obj("Switch defaults", [("forwarding", .o([("enum", .a([.s("store-and-forward"), .s("cut-through")]))])),
                                                        ("delay", distribution("time"))])),
                ])),
                ("nodes", listOf(ref("node"), "Switches and end stations")),
                ("links", listOf(ref("link"), "Full-duplex links")),
                ("flows", listOf(ref("flow"), "Traffic")),
                ("variants", listOf(obj("A design: an overlay on the base", [
                    ("name", str("Variant name")), ("description", str("Free text")),
                    ("set", .o([("type", .s("object")), ("description", .s("PATH: VALUE, as with --set"))])),
                    ("add", obj("Entries appended to the base", overlayLists)),
                    ("remove", obj("Ids (or glob patterns) removed; removing a node removes its links", overlayLists)),
                    ("change", obj("Entries selected by id (links by from/to) whose other keys replace the base's", overlayLists)),
                ], required: ["name"]), "Candidate designs")),
            ])),
            ("required", .a([.s("duration")])),
            ("additionalProperties", .b(false)),
            ("$defs", .o([
                ("time", quantity("ps, ns, us, µs, ms, s, min, h", "250us")),
                ("rate", quantity("bps, kbps, Kbps, Mbps, Gbps, Tbps", "100Mbps")),
                ("size", quantity("B, kB, KB, MB, GB, KiB, MiB, GiB", "1500B")),
                ("length", quantity("m, km, cm", "20m")),
                ("node", node),
                ("link", link),
                ("flow", flow),
            ])),
        ])
    }
}
