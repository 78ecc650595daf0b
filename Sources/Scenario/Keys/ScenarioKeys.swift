import Foundation
import Kernel

/// The top-level keys of a scenario file, its defaults and its variants.
enum ScenarioKeys {
    static let name = Field("name", .text, "Scenario name (default: the file's name)")
    static let description = Field("description", .text, "Free text")
    static let seed = Field("seed", .seed, "Seed of every random stream (default 1)")
    static let duration = Field("duration", .time(positive: true), required: true, "Simulated time, such as 10s")
    static let warmup = Field("warmup", .time(positive: false), "Samples before this time are discarded (default 0s)")
    static let parameters = Field("parameters", .raw(.obj(
        ("type", .string("object")),
        ("additionalProperties", .anyOf([.type("integer"), .type("string")])))),
        "Named integers or quantities, used as $NAME and in {expressions}")
    static let defaults = Field("defaults", .record(defaultsRecord), "Defaults for Ethernet links and switches")
    static let nodes = Field("nodes", .raw(list("node"), words: NodeKeys.family.words), "Switches and end stations")
    static let links = Field("links", .raw(list("link"), words: LinkKeys.family.words), "Links between nodes")
    static let flows = Field("flows", .raw(list("flow"), words: FlowKeys.family.words), "Traffic")
    static let radio = Field("radio", .record(RadioKeys.record), "The hall the 5G cells radiate in")
    static let cells = Field("cells", .raw(list("cell"), words: CellKeys.record.words), "5G NR cells of gNBs")
    static let forwarding = Field("forwarding", .raw(ForwardingKeys.family.schema, words: ForwardingKeys.family.words),
                                  "How bridges choose paths and recover: {protocol: static} (default), "
                                      + "{protocol: rstp, reconvergence}, {protocol: mrp, rings}")
    static let faults = Field("faults", .raw(list("fault"), words: FaultKeys.record.words),
                              "Links and nodes that fail during the run, and babbling devices")
    static let tsn = Field("tsn", .record(TSNKeys.record),
                           "Time-sensitive networking: 802.1AS clocks, gate control list limit, single ports' settings")
    static let sweep = Field("sweep", .record(SweepKeys.record),
                             "Parameters, designs and replications that fnsim sweep runs (other commands ignore it)")
    static let variants = Field("variants", .raw(.obj(("type", .string("array")), ("items", variant.schema)),
                                                 words: variant.words), "Candidate designs: overlays on the base")

    static let file = Record("A factory network and its candidate designs", [
        name.key, description.key, seed.key, duration.key, warmup.key, parameters.key, defaults.key, nodes.key,
        links.key, radio.key, cells.key, flows.key, forwarding.key, tsn.key, faults.key, variants.key, sweep.key,
    ])

    // Defaults.
    static let linkDefaults = Field("link", .record(EthernetLinkKeys.defaults),
                                    "Defaults for Ethernet links (not for wan links)")
    static let switchDefaults = Field("switch", .record(NodeKeys.switchDefaults), "Defaults for switches")
    static let defaultsRecord = Record("Defaults for Ethernet links and switches", [linkDefaults.key, switchDefaults.key])

    // Variants.
    static let variantName = Field("name", .text, required: true, "Variant name")
    static let variantDescription = Field("description", .text, "Free text")
    static let set = Field("set", .raw(.obj(("type", .string("object")))), "PATH: VALUE pairs, as with --set")
    static let add = Field("add", .record(overlay("Entries appended to the base", items: true)),
                           "Entries appended to the base (templates allowed)")
    static let remove = Field("remove", .record(overlay("Ids (or glob patterns) to remove", items: false)),
                              "Ids (or glob patterns) removed; removing a node removes its links")
    static let change = Field("change", .record(overlay("Entries selected by id (links by from/to)", items: false)),
                              "Entries selected by id (links by from and to) whose other keys replace the base's")
    static let variant = Record("A design: an overlay on the base", [
        variantName.key, variantDescription.key, set.key, add.key, remove.key, change.key,
    ])

    /// The sections a variant's `add`, `remove` and `change` hold.
    static var overlaySections: [String] { overlay("", items: false).names }

    static func overlay(_ help: String, items: Bool) -> Record {
        func section(_ name: String, _ def: String) -> Key {
            Key(name: name, help: "", required: false, schema: items ? list(def) : .type("array"), words: []) { _, _, _ in }
        }
        return Record(help, [section("nodes", "node"), section("links", "link"), section("cells", "cell"),
                             section("flows", "flow"), section("faults", "fault")])
    }

    static func list(_ def: String) -> JSON { .obj(("type", .string("array")), ("items", .ref(def))) }
}

extension ValueType where Value == UInt64 {
    /// A seed: any non-negative 64-bit integer.
    static var seed: ValueType {
        ValueType(schema: .templatable(.obj(("type", .string("integer")), ("minimum", .int(0))))) { r, n, w in
            if let s = n.scalar, let v = UInt64(s.replacingOccurrences(of: "_", with: "")) { return v }
            r.d.error(n.pos, "expected a non-negative integer for \(w), found \(n.describe)")
            return nil
        }
    }
}
