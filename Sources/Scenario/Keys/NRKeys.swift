import Kernel
import Models

/// The keys of the hall the cells radiate in (`radio:` at the top level).
enum RadioKeys {
    static let scenario = Field("scenario", .names(PropagationScenario.allCases.map(\.rawValue), noun: "radio scenario"),
                                required: true,
                                "3GPP TR 38.901 scenario: InF-SL, InF-DL, InF-SH, InF-DH, InF-HH (indoor factory) or InH (office)")
    static let hall = Field("hall", .position(dimensions: 3),
                            "Length, width and height of the hall, such as [120m, 60m, 10m] (default: the scenario's)")
    static let clutter = Field("clutter", .record(clutterRecord),
                               "Machines and racks (TR 38.901 Table 7.2-4); default: the scenario's typical values")
    static let blockFading = Field("block_fading", .boolean,
                                   "Rayleigh block fading of each transmission's wanted signal (default false)")
    static let mobilityStep = Field("mobility_step", .time(positive: true),
                                    "How often moving terminals update position, channel and cell (default 100ms)")
    static let implementationLoss = Field("implementation_loss", .quantity(.gain, positive: false),
                                          "LDPC decoding loss against the finite-blocklength bound (default 1dB)")
    static let record = Record("The radio environment of the cells", [
        scenario.key, hall.key, clutter.key, blockFading.key, mobilityStep.key, implementationLoss.key,
    ])

    static let density = Field("density", .probability(.belowOne), required: true,
                              "Share of the floor covered, below 100%, such as 40%")
    static let size = Field("size", .quantity(.length, positive: true), required: true, "Typical clutter size, such as 2m")
    static let height = Field("height", .quantity(.length, positive: true), required: true, "Clutter height, such as 6m")
    static let clutterRecord = Record("Clutter of the hall", [density.key, size.key, height.key])
}

/// The keys of an NR cell (`cells:`).
enum CellKeys {
    static let id = Field("id", .text, required: true, "Unique cell id; may contain {variables}")
    static let gnb = Field("gnb", .text, required: true, "The gNB node (type gnb) the cell belongs to")
    static let position = Field("position", .position(dimensions: 2), required: true,
                                "Where its antenna stands in the hall, such as [30m, 20m]")
    static let height = Field("height", .quantity(.length, positive: true), "Antenna height (default: the scenario's)")
    static let carrier = Field("carrier", .quantity(.frequency, positive: true), required: true,
                               "Carrier frequency, such as 3.7GHz")
    static let bandwidth = Field("bandwidth", .quantity(.frequency, positive: true), required: true,
                                 "Channel bandwidth, such as 100MHz (TS 38.101 Table 5.3.2-1 gives the PRBs)")
    static let scs = Field("scs", .quantity(.frequency, positive: true),
                           "Subcarrier spacing: 15kHz, 30kHz (default), 60kHz or 120kHz")
    static let tdd = Field("tdd", .text,
                           "Frame structure: FDD, letters such as DDDSU or DDDSUDDSUU, or a TS 38.521-4 name such as FR1.30-1 (default DDDSU)")
    static let special = Field("special", .text, "Symbols of the special slot, such as 10D2G2U (DS1S2U: two, comma-separated)")
    static let miniSlot = Field("mini_slot", .integer(2...7),
                                "Non-slot transmissions of 2, 4 or 7 symbols (PDSCH/PUSCH mapping type B); default: slots")
    static let txPower = Field("tx_power", .quantity(.power, positive: false), "Transmit power (default 24dBm)")
    static let antennaGain = Field("antenna_gain", .quantity(.gain, positive: false), "Antenna gain (default 5dBi)")
    static let noiseFigure = Field("noise_figure", .quantity(.gain, positive: false), "Receiver noise figure (default 7dB)")
    static let scheduler = Field("scheduler", .choice(noun: "scheduler") as ValueType<RadioScheduler>,
                                 "rr (round robin), pf (proportional fair, default) or edf (earliest deadline first)")
    static let mcsTable = Field("mcs_table", .choice(noun: "MCS table") as ValueType<MCSTable>,
                                "qam64, qam256 (default) or qam64lowse (TS 38.214 Tables 5.1.3.1-1/-2/-3)")
    static let cqiTable = Field("cqi_table", .choice(noun: "CQI table") as ValueType<CQITable>,
                                "table1, table2 (default) or table3 (TS 38.214 Tables 5.2.2.1-2/-3/-4)")
    static let blerTarget = Field("bler_target", .probability(.open), "Target BLER of first transmissions (default 10%)")
    static let harqProcesses = Field("harq_processes", .integer(1...16), "HARQ processes per terminal and direction (default 16)")
    static let maxRetransmissions = Field("max_retransmissions", .integer(0...7),
                                          "HARQ retransmissions before a block is lost (default 3)")
    static let ueCapability = Field("ue_capability", .integer(1...2),
                                    "Processing capability 1 (default) or 2 (TS 38.214 §5.3, §6.4)")
    static let srPeriod = Field("sr_period", .integer(1...1280), "Scheduling-request period in symbols (default: every uplink symbol)")
    static let srGrant = Field("sr_grant", .bytes(positive: true, max: 1 << 20),
                               "First uplink grant after a scheduling request (default 256B)")
    static let dmrs = Field("dmrs", .integer(0...48), "DM-RS resource elements per PRB (default 12: one symbol)")
    static let overhead = Field("overhead", .integer(0...18), "Other overhead per PRB: 0 (default), 6, 12 or 18")
    static let layers = Field("layers", .integer(1...4), "MIMO layers (default 1)")
    static let handoverInterruption = Field("handover_interruption", .time(positive: false),
                                            "Time a terminal can neither send nor receive when it changes cell (default 30ms)")
    static let hysteresis = Field("hysteresis", .quantity(.gain, positive: false),
                                  "How much stronger another cell must be for a handover (default 3dB)")
    static let ulP0 = Field("ul_p0", .quantity(.power, positive: false),
                            "Uplink power control: target received power per PRB, P0 (default -95dBm; TS 38.213 §7.1.1)")
    static let ulAlpha = Field("ul_alpha", .number(min: 0),
                               "Uplink power control: share of the path loss compensated, 0…1 (default 1)")
    static let slices = Field("slices", .raw(.obj(("type", .string("array")), ("items", slice.schema)), words: slice.words),
                              "Slices with a reserved share of the PRBs, named by flows")
    static let description = Field("description", .text, "Free text")

    static let record = Record("An NR cell of a gNB", [
        id.key, gnb.key, position.key, height.key, carrier.key, bandwidth.key, scs.key, tdd.key, special.key,
        miniSlot.key, txPower.key, antennaGain.key, noiseFigure.key, scheduler.key, mcsTable.key, cqiTable.key,
        blerTarget.key, harqProcesses.key, maxRetransmissions.key, ueCapability.key, srPeriod.key, srGrant.key,
        dmrs.key, overhead.key, layers.key, handoverInterruption.key, hysteresis.key, ulP0.key, ulAlpha.key, slices.key,
        description.key,
    ], templates: TemplateKeys.forAndCount)

    // A slice.
    static let sliceID = Field("id", .text, required: true, "Slice name, as flows give it")
    static let share = Field("share", .probability(.aboveZero), required: true, "Share of the cell's PRBs reserved, such as 20%")
    static let sliceBLER = Field("bler_target", .probability(.open), "Target BLER of the slice's blocks (default: the cell's)")
    static let slice = Record("A slice of the cell", [sliceID.key, share.key, sliceBLER.key])
}

/// The keys of an end station's radio (`radio:` on a node): it is then a 5G terminal.
enum TerminalKeys {
    static let position = Field("position", .position(dimensions: 2), required: true,
                                "Where it is (or starts) in the hall, such as [10m, 5m]")
    static let height = Field("height", .quantity(.length, positive: true), "Antenna height (default: the scenario's)")
    static let path = Field("path", .raw(.obj(("type", .string("array")), ("items", ValueType<Position>.position(dimensions: 2).schema))),
                            "Waypoints it drives through in a loop, starting from its position")
    static let speed = Field("speed", .quantity(.speed, positive: false), "Speed along its path, such as 2m/s (default 0)")
    static let txPower = Field("tx_power", .quantity(.power, positive: false), "Transmit power (default 23dBm)")
    static let antennaGain = Field("antenna_gain", .quantity(.gain, positive: false), "Antenna gain (default 0dBi)")
    static let noiseFigure = Field("noise_figure", .quantity(.gain, positive: false), "Receiver noise figure (default 9dB)")
    static let gnb = Field("gnb", .text, "Its gNB node (default: the gNB of the nearest cell)")
    static let record = Record("A 5G terminal's radio", [
        position.key, height.key, path.key, speed.key, txPower.key, antennaGain.key, noiseFigure.key, gnb.key,
    ])
}

/// How a flow uses the radio (`radio:` on a flow).
enum FlowRadioKeys {
    static let access = Field("access", .names(["dynamic", "configured"], noun: "uplink access"),
                              "Uplink: dynamic (scheduling request, grant; default) or configured (grant type 1)")
    static let period = Field("period", .time(positive: false),
                              "Configured grant period (default 0s: every uplink occasion)")
    static let repetitions = Field("repetitions", .integer(1...8), "Configured grant repetitions (default 1)")
    static let fiveQI = Field("5qi", .integer(1...255), "5QI; gives the priority level of TS 23.501 Table 5.7.4-1")
    static let priorityLevel = Field("priority_level", .integer(1...127),
                                     "Scheduling priority level, lower first (default: the 5QI's, else 90)")
    static let slice = Field("slice", .text, "The slice of its cells it uses")
    static let record = Record("How the flow's frames use a 5G radio", [
        access.key, period.key, repetitions.key, fiveQI.key, priorityLevel.key, slice.key,
    ])
}

extension ValueType where Value == Position {
    /// A point as a list of 2 (x, y) or 3 (x, y, z) lengths, such as [30m, 20m].
    static func position(dimensions n: Int) -> ValueType {
        let item = JSON.ref(Quantity.length.rawValue)
        return ValueType(schema: .templatable(.obj(("type", .string("array")), ("items", item),
                                                   ("minItems", .int(Int64(n))), ("maxItems", .int(Int64(n)))))) {
            r, node, w in
            guard let items = r.list(node, w) else { return nil }
            guard items.count == n else {
                r.d.error(node.pos, "expected \(n) lengths for \(w), such as " + (n == 2 ? "[30m, 20m]" : "[120m, 60m, 10m]")
                    + ", found \(items.count)")
                return nil
            }
            var v: [Double] = []
            for (i, item) in items.enumerated() {
                guard let x = r.quantity(item, .length, "coordinate \(i + 1) of \(w)", positive: false) else { return nil }
                v.append(x)
            }
            return Position(x: v[0], y: v[1], z: n == 3 ? v[2] : 0)
        }
    }
}
