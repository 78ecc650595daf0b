import Kernel
import Models

/// The time-sensitive networking keys of an Ethernet link (and `defaults.link`, and a port
/// of `tsn.ports`), and of `tsn:` at the top level.
enum TSNKeys {
    // On a link or port.
    static let gates = Field("gates", .record(gateRecord),
                             "IEEE 802.1Qbv gate control list: {cycle, base, entries: [{open, duration}]}, or "
                                 + "{cycle, window: {class, offset, length}} for a protected window")
    static let guardBand = Field("guard_band", .choice(noun: "guard band") as ValueType<GuardBand>,
                                 "length-aware (default: a frame starts if it ends before its gate closes) or "
                                     + "max-frame (nothing starts within one largest frame of the closing)")
    static let cbs = Field("cbs", .raw(.obj(("type", .string("array")), ("items", cbsRecord.schema)), words: cbsRecord.words),
                           "IEEE 802.1Qav credit-based shapers: [{class: 3, idle_slope: 100Mbps}, ...]")
    static let preemption = Field("preemption", .record(preemptionRecord),
                                  "IEEE 802.1Qbu frame preemption: {express: [7, 6], add_frag_size: 0}")
    static let portKeys = [gates.key, guardBand.key, cbs.key, preemption.key]

    // A gate control list.
    static let cycle = Field("cycle", .time(positive: true), required: true, "Cycle time (OperCycleTime)")
    static let base = Field("base", .time(positive: false), "Base time: when cycles start (default 0s)")
    static let entries = Field("entries", .raw(.obj(("type", .string("array")), ("items", entryRecord.schema)),
                                               words: entryRecord.words),
                               "Gate control list entries in order, each {open: [classes], duration}")
    static let window = Field("window", .record(windowRecord),
                              "Shorthand: class alone in [offset, offset + length) of every cycle, the others the rest")
    static let gateRecord = Record("A gate control list (IEEE 802.1Q 8.6.9)", [cycle.key, base.key, entries.key, window.key])

    static let open = Field("open", .raw(.anyOf([.obj(("enum", .strings(["all", "none"]))),
                                                 .obj(("type", .string("array")), ("items", .type("integer")))]),
                                         words: ["all", "none"]),
                            required: true, "Traffic classes whose gates are open: a list such as [7], or all, or none")
    static let duration = Field("duration", .time(positive: true), required: true, "How long the entry lasts")
    static let entryRecord = Record("A gate control list entry (SetGateStates)", [open.key, duration.key])

    static let trafficClass = Field("class", .integer(0...7), required: true, "Traffic class 0-7")
    static let offset = Field("offset", .time(positive: false), "Start of the window in the cycle (default 0s)")
    static let length = Field("length", .time(positive: true), required: true, "Length of the window")
    static let windowRecord = Record("A protected window", [trafficClass.key, offset.key, length.key])

    static let idleSlope = Field("idle_slope", .rate, required: true, "Bandwidth reserved for the class (idleSlope)")
    static let cbsRecord = Record("A credit-based shaper", [trafficClass.key, idleSlope.key])

    static let express = Field("express", .raw(.obj(("type", .string("array")), ("items", .type("integer")))),
                               required: true, "Express traffic classes; the others are preemptable")
    static let addFragSize = Field("add_frag_size", .integer(0...3),
                                   "IEEE 802.3br addFragSize 0-3: smallest first fragment 64·(1+n) bytes (default 0)")
    static let preemptionRecord = Record("Express and preemptable classes", [express.key, addFragSize.key])

    // At the top level.
    static let sync = Field("sync", .record(syncRecord), "IEEE 802.1AS clocks: {precision, interval, drift}; "
                                + "absent: perfect clocks")
    static let gclLimit = Field("gcl_limit", .integer(1...1_000_000),
                                "Largest gate control list a port holds (default 1024)")
    static let ports = Field("ports", .raw(.obj(("type", .string("array")), ("items", portRecord.schema)),
                                           words: portRecord.words),
                             "Settings of single egress ports, overriding their link's: [{from, to, gates, ...}]")
    static let changes = Field("changes", .raw(.obj(("type", .string("array")), ("items", changeRecord.schema)),
                                               words: changeRecord.words),
                               "Changes of single ports during the run, each at the port's next cycle boundary after "
                                   + "'at': [{at, from, to, gates, ...}]")
    static let record = Record("Time-sensitive networking", [sync.key, gclLimit.key, ports.key, changes.key])

    static let precision = Field("precision", .time(positive: false), required: true,
                                 "Largest clock offset from the grandmaster after a correction, such as 1us")
    static let interval = Field("interval", .time(positive: true), "Time between corrections (default 125ms)")
    static let drift = Field("drift", .ppm, "Largest frequency offset of a clock, such as 10ppm (default 0ppm)")
    static let syncRecord = Record("IEEE 802.1AS time synchronisation", [precision.key, interval.key, drift.key])

    static let from = Field("from", .text, required: true, "The node whose egress port this is")
    static let to = Field("to", .text, required: true, "The node at the other end of the port's link")
    static let portRecord = Record("One egress port's TSN settings", [from.key, to.key] + portKeys)
    static let at = Field("at", .time(positive: false), required: true,
                          "When the change is asked for (it applies at the port's next cycle boundary)")
    static let changeRecord = Record("A change of one egress port's TSN settings", [at.key, from.key, to.key] + portKeys)

    static let defaultGCLLimit = 1024
}

extension ValueType where Value == Double {
    /// Parts per million, written `10ppm`, from 0 to 1000.
    static var ppm: ValueType {
        ValueType(schema: .templatable(.obj(("type", .string("string")), ("pattern", .string("^[0-9.]+ ?ppm$"))))) {
            r, n, w in
            guard let s = r.string(n, w) else { return nil }
            let t = s.hasSuffix("ppm") ? String(s.dropLast(3).filter { $0 != " " }) : ""
            guard let v = Double(t), v >= 0, v <= 1000 else {
                r.d.error(n.pos, "expected parts per million such as 10ppm (0 to 1000ppm) for \(w), found \(n.describe)")
                return nil
            }
            return v
        }
    }
}
