import Models

/// The keys of a node: common ones, a switch's forwarding, an end station's compute.
enum NodeKeys {
    static let id = Field("id", .text, required: true,
                          "Unique node id; may contain {variables} when the entry has 'for' or 'count'")
    static let group = Field("group", .raw(.anyOf([.type("string"), .obj(("type", .string("array")),
                                                                          ("items", .type("string")))])),
                             "Group name(s), usable in a flow's 'from'")
    static let description = Field("description", .text, "Free text")

    // Switches (Ethernet bridges).
    static let forwarding = Field("forwarding", .choice(noun: "forwarding mode") as ValueType<ForwardingMode>,
                                  "store-and-forward (default) or cut-through")
    static let delay = Field("delay", .distribution(.time, positive: false),
                             "Switching delay from reception to the egress queue: a time or a distribution (default 0s)")
    static let priority = Field("priority", .bridgePriority,
                                "Bridge priority for the spanning tree: 0-61440 in steps of 4096, lower wins the root "
                                    + "election (default 32768)")

    static let unknownStreams = Field("unknown_streams", .unknownStreams,
                                      "IEEE 802.1Qci at this bridge for frames entering the network here whose flow has "
                                          + "no 'policing': pass (default), drop, or a filter and meter per ingress port "
                                          + "{max_sdu, rate, burst, ...}")

    // End stations.
    static let compute = Field("compute", .record(ComputeKeys.record),
                               "Servers that run services for request flows (end stations only)")
    static let radio = Field("radio", .record(TerminalKeys.record),
                             "A 5G radio: the station is a terminal (UE) served by the cells of a gNB")

    // 5G core.
    static let processing = Field("processing", .distribution(.time, positive: false),
                                  "A UPF's processing time per frame: a time or a distribution (default 0s)")
    static let tsnBridge = Field("tsn_bridge", .record(FiveGBridgeKeys.record),
                                 "The 5G system acts as one TSN bridge with its NW-TT here and a DS-TT at each terminal: "
                                     + "{residence: 4ms, late: forward|drop}")

    static let switchType = "switch"
    static let gnbType = "gnb"
    static let upfType = "upf"
    static let stationTypes = ["device", "plc", "io", "camera", "controller", "server", "station", "agv", "robot",
                               "sensor"]

    static let family = Family(
        noun: "node", help: "A switch, a gNB, a UPF or an end station", tag: "type", tagNoun: "node type",
        tagHelp: "switch, gnb (its cells' terminals enter the plant there), upf (user plane function), or an end station: "
            + stationTypes.joined(separator: ", "),
        common: [id.key, group.key], tagIndex: 1, trailing: [description.key],
        cases: [.init(name: switchType, keys: [forwarding.key, delay.key, priority.key, unknownStreams.key]),
                .init(name: gnbType, keys: [delay.key]), .init(name: upfType, keys: [processing.key, tsnBridge.key])]
            + stationTypes.map { .init(name: $0, keys: [compute.key, radio.key]) },
        templates: TemplateKeys.forAndCount, suggestFromAllCases: true)

    /// Defaults for switches (`defaults.switch`): a switch's own keys.
    static let switchDefaults = Record("Defaults for switches", [forwarding.key, delay.key, priority.key,
                                                                unknownStreams.key])
}
