import Kernel

/// The keys of a flow: common ones, a request flow's service and response, and each
/// kind's traffic pattern.
enum FlowKeys {
    static let id = Field("id", .text, required: true, "Unique flow id")
    static let from = Field("from", .raw(.anyOf([.type("string"), .obj(("type", .string("array")),
                                                                         ("items", .type("string")))])),
                            "Senders: a node id, a group name, a glob pattern such as dev*, or a list of these "
                                + "(every kind but trace)")
    static let to = Field("to", .text, required: true, "Destination node id (the compute node, for a request flow)")
    static let priority = Field("priority", .integer(0...7), "IEEE 802.1Q priority code point 0-7 (default 0)")
    static let deadline = Field("deadline", .time(positive: true),
                                "Latency budget (the round trip, for a request flow)")
    static let size = Field("size", .distribution(.size, positive: true),
                            "Frame size: a size or a distribution (every kind but trace)")
    static let offset = Field("offset", .distribution(.time, positive: false),
                              "Time of the first send (for periodic flows, the phase)")
    static let stop = Field("stop", .time(positive: true), "Stop sending at this time")
    static let path = Field("path", .raw(.obj(("type", .string("array")), ("items", .type("string")))),
                            "Explicit route: node ids from the source to 'to'")
    static let service = Field("service", .text,
                               "A service of the compute node 'to': each frame is a request, each finished task "
                                   + "sends a response")
    static let response = Field("response", .record(ResponseKeys.record),
                                "The responses of a request flow (all keys optional)")
    static let radio = Field("radio", .record(FlowRadioKeys.record),
                             "How frames use a 5G radio hop: uplink access, 5QI or priority level, slice")
    static let tsnBridge = Field("tsn_bridge", .record(FiveGBridgeKeys.flowRecord),
                                 "The flow's own residence time or late policy at the 5G TSN bridges it crosses: "
                                     + "{residence: 2ms, late: drop}")
    static let survivalTime = Field("survival_time", .survivalTime,
                                    "TS 22.104 survival time: a time such as 2ms, or transfer intervals such as 3 "
                                        + "(periodic and cbr flows); needs 'deadline'")
    static let replication = Field("replication", .raw(ReplicationKeys.family.schema, words: ReplicationKeys.family.words),
                                   "Copies of every frame over disjoint paths: {mode: frer|prp, paths, disjoint, ...}")
    static let policing = Field("policing", .policing,
                                "IEEE 802.1Qci filter and meter at the first bridge on the way: {max_sdu, rate, burst, "
                                    + "excess_rate, excess_burst, drop_yellow}")
    static let ats = Field("ats", .ats,
                           "IEEE 802.1Qcr asynchronous traffic shaping at every bridge egress port on the way: "
                               + "{rate, burst, max_residence}")
    static let description = Field("description", .text, "Free text")

    // Traffic patterns.
    static let period = Field("period", .time(positive: true), required: true, "Time between sends")
    static let jitter = Field("jitter", .distribution(.time, positive: false),
                              "Delay of each send from its nominal time (clipped below one period)")
    static let rate = Field("rate", .rate, "Mean bit rate (the gap follows from the mean frame size)")
    static let gap = Field("gap", .time(positive: true), "Time between frames (instead of rate)")
    static let onTime = Field("on_time", .distribution(.time, positive: true), required: true,
                              "Duration of an on period")
    static let offTime = Field("off_time", .distribution(.time, positive: false), required: true,
                               "Duration of an off period")
    static let every = Field("every", .distribution(.time, positive: false), required: true,
                             "Time from one burst to the next")
    static let count = Field("count", .integer(1...1_000_000), required: true, "Frames per burst")
    static let spacing = Field("spacing", .time(positive: false), "Time between the frames of a burst (default 0s)")
    static let file = Field("file", .text, required: true,
                            "Trace CSV (header time_s,source,size_bytes), relative to the scenario file")

    /// Keys renamed, still read under their former names with a warning: YAML 1.1 readers
    /// (PyYAML, and JSON Schema checks built on them) take a bare `on` or `off` key for a
    /// boolean.
    static let formerNames = [FormerName(old: "on", new: onTime.name), FormerName(old: "off", new: offTime.name)]

    static let family = Family(
        noun: "flow", help: "A flow of frames from one or more sources to one destination", tag: "kind",
        tagNoun: "flow kind", tagHelp: "How the sources send",
        common: [id.key, from.key, to.key, priority.key, deadline.key, size.key, offset.key, stop.key, path.key,
                 service.key, response.key, radio.key, tsnBridge.key, survivalTime.key, replication.key, policing.key,
                 ats.key, description.key], tagIndex: 1,
        cases: FlowKind.allCases.map { .init(name: $0.rawValue, keys: $0.keys) },
        templates: TemplateKeys.forOnly)
}

/// How a flow's sources send (`kind:`); the reader switches over these.
enum FlowKind: String, CaseIterable, Sendable {
    case periodic, poisson, cbr, onoff, burst, trace

    /// The keys of the kind, besides the common ones.
    var keys: [Key] {
        let K = FlowKeys.self
        switch self {
        case .periodic: return [K.period.key, K.jitter.key]
        case .poisson, .cbr: return [K.rate.key, K.gap.key]
        case .onoff: return [K.onTime.key, K.offTime.key, K.rate.key, K.gap.key]
        case .burst: return [K.every.key, K.count.key, K.spacing.key]
        case .trace: return [K.file.key]
        }
    }
}

/// The keys of a request flow's `response`.
enum ResponseKeys {
    static let size = Field("size", .distribution(.size, positive: true),
                            "Response frame size: a size or a distribution (default 64B)")
    static let to = Field("to", .text, "Where responses go, an end station (default: back to each requester)")
    static let priority = Field("priority", .integer(0...7), "Priority code point of the responses (default: the flow's)")

    static let record = Record("What each finished task sends back", [size.key, to.key, priority.key])
}
