import Kernel

/// The keys of an entry of `faults:`: what fails (a link, a node, a group of them) and when
/// (scheduled, or at random), or a babbling device that floods a destination.
enum FaultKeys {
    static let id = Field("id", .text, required: true, "Unique fault id; may contain {variables} with 'for' or 'count'")
    static let link = Field("link", .raw(linkRef), "The link that fails: its id, or {from, to}")
    static let node = Field("node", .text, "The node that fails (every link of it carries nothing)")
    static let group = Field("group", .raw(.obj(("type", .string("array")), ("items", .anyOf([.type("string"), linkRef])),
                                                ("minItems", .int(1)))),
                             "Links and nodes that fail and return together: node ids, link ids, {from, to} or node group names")
    static let down = Field("down", .time(positive: false), "Scheduled: the time it fails")
    static let up = Field("up", .time(positive: false), "Scheduled: the time it returns (default: never, within the run)")
    static let mtbf = Field("mtbf", .quantity(.time, positive: true),
                            "Random: mean time between failures (exponential times to failure), with 'mttr'")
    static let mttr = Field("mttr", .quantity(.time, positive: true),
                            "Random: mean time to repair (exponential repair times), with 'mtbf'")
    static let timeToFailure = Field("time_to_failure", .distribution(.time, positive: true),
                                     "Random: the time from a repair (or the start) to the next failure, a distribution")
    static let timeToRepair = Field("time_to_repair", .distribution(.time, positive: true),
                                    "Random: the time from a failure to its repair, a distribution")
    static let babbling = Field("babbling", .text,
                                "A babbling device: this end station floods 'to' with frames from 'from' until 'until'")
    static let to = Field("to", .text, "Babbling: the end station its frames go to")
    static let from = Field("from", .time(positive: false), "Babbling: when it starts")
    static let until = Field("until", .time(positive: true), "Babbling: when it stops (default: the end of the run)")
    static let priority = Field("priority", .integer(0...7), "Babbling: priority code point of its frames (default 0)")
    static let size = Field("size", .bytes(positive: true, max: Int64(Int32.max)), "Babbling: frame size (default 1500B)")
    static let rate = Field("rate", .rate,
                            "Babbling: its bit rate (default: back to back at the line rate of its first link)")
    static let policing = Field("policing", .policing,
                                "Babbling: the IEEE 802.1Qci filter and meter its stream meets at the first bridge "
                                    + "(as a flow's 'policing')")
    static let description = Field("description", .text, "Free text")

    static let record = Record("A fault: a link, node or group that fails and returns, or a babbling device", [
        id.key, link.key, node.key, group.key, babbling.key, down.key, up.key, mtbf.key, mttr.key, timeToFailure.key,
        timeToRepair.key, to.key, from.key, until.key, priority.key, size.key, rate.key, policing.key, description.key,
    ], templates: TemplateKeys.forAndCount)

    /// A link named by its id or by its ends.
    static var linkRef: JSON {
        .anyOf([.type("string"), .obj(("type", .string("object")),
                                      ("properties", .obj(("from", .type("string")), ("to", .type("string")))),
                                      ("required", .strings(["from", "to"])), ("additionalProperties", .bool(false)))])
    }

    /// What fails: exactly one of these.
    static let targets = [link.key, node.key, group.key, babbling.key]
    /// The keys of a link, node or group fault's timing, and those of a babbling fault.
    static let timingKeys = [down.key, up.key, mtbf.key, mttr.key, timeToFailure.key, timeToRepair.key]
    static let babblingKeys = [to.key, from.key, until.key, priority.key, size.key, rate.key, policing.key]

    static let defaultBabblingSize: Int64 = 1500
}
