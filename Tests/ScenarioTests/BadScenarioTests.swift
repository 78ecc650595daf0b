import Foundation
import Testing
@testable import Scenario

/// One file in Tests/ScenarioTests/Bad and the first error it must produce.
struct BadCase: Sendable, CustomStringConvertible {
    var file: String
    var line: Int
    var column: Int
    var message: String
    var overrides: [String] = []
    /// Basename of the file the error is in, when not the scenario itself.
    var inFile: String?
    var description: String { file }
}

let badCases: [BadCase] = [
    BadCase(file: "not-yaml.yaml", line: 3, column: 6, message: "not valid YAML: did not find expected ',' or ']'"),
    BadCase(file: "unknown-key.yaml", line: 2, column: 1, message: "unknown key 'durration' in the scenario; did you mean 'duration'?"),
    BadCase(file: "wrong-type.yaml", line: 4, column: 3, message: "expected a list for 'nodes', found a mapping"),
    BadCase(file: "bare-number.yaml", line: 13, column: 78, message: "expected a time with a unit such as 250us for 'period' of flow 'control', found 5"),
    BadCase(file: "bad-unit.yaml", line: 4, column: 16, message: "unknown rate unit 'Gbit' in '1Gbit' for 'defaults.link.rate'"),
    BadCase(file: "zero-rate.yaml", line: 11, column: 39, message: "'rate' of link server→switch1 must be greater than zero, found 0Mbps"),
    BadCase(file: "negative-time.yaml", line: 10, column: 38, message: "must not be negative, found -1us"),
    BadCase(file: "dangling-link.yaml", line: 11, column: 24, message: "unknown node 'swtch1' in the link's 'to'; did you mean 'switch1'?"),
    BadCase(file: "duplicate-id.yaml", line: 9, column: 10, message: "duplicate node id 'plc1' (first defined at 7:10)"),
    BadCase(file: "unroutable.yaml", line: 14, column: 41, message: "flow 'control' cannot go from 'plc1' to 'server': the path breaks after 'sw1'"),
    BadCase(file: "unknown-variant-key.yaml", line: 16, column: 5, message: "unknown key 'chnage' in a variant; did you mean 'change'?"),
    BadCase(file: "bad-distribution.yaml", line: 19, column: 20, message: "unknown distribution 'exponentail'"),
    BadCase(file: "priority-9.yaml", line: 13, column: 93, message: "'priority' of flow 'control' must be between 0 and 7, found 9"),
    BadCase(file: "frame-too-large.yaml", line: 13, column: 62, message: "sends frames of up to 9000B, larger than the maximum frame 1522B of link plc1→switch1"),
    BadCase(file: "alias-bomb.yaml", line: 1, column: 35, message: "alias bomb"),
    BadCase(file: "huge-template.yaml", line: 5, column: 42, message: "this template makes 10000000 entries of 3 YAML nodes each; with the entries before it the design would take about 9.6 GB of memory, more than the limit of"),
    BadCase(file: "empty.yaml", line: 1, column: 1, message: "the file is empty"),
    BadCase(file: "trace-bad-header.yaml", line: 1, column: 1, message: "expected the header 'time_s,source,size_bytes' in the trace file, found 'time,src,bytes'", inFile: "bad-header.csv"),
    BadCase(file: "trace-bad-source.yaml", line: 3, column: 7, message: "unknown node 'plc2' in 'source'; did you mean 'plc1'?", inFile: "bad-source.csv"),
    BadCase(file: "unknown-flow-kind.yaml", line: 13, column: 25, message: "unknown flow kind 'periodc'; expected one of periodic, poisson, cbr, onoff, burst, trace; did you mean 'periodic'?"),
    BadCase(file: "bad-override.yaml", line: 1, column: 7, message: "no entry with id or name 'contrl' in 'flows'; did you mean 'control'?",
            overrides: ["flows.contrl.period=2ms"], inFile: "<--set>"),
    BadCase(file: "missing-duration.yaml", line: 1, column: 1, message: "missing required key 'duration'"),
    BadCase(file: "unknown-parameter.yaml", line: 7, column: 41, message: "unknown parameter '$CUONT'; did you mean 'COUNT'?"),
    BadCase(file: "warmup-too-long.yaml", line: 3, column: 9, message: "'warmup' (2s) must be shorter than 'duration' (1s)"),
    BadCase(file: "unknown-node-type.yaml", line: 7, column: 22, message: "unknown node type 'plcc'"),
    BadCase(file: "glob-matches-nothing.yaml", line: 13, column: 41, message: "the pattern 'dev*' in 'from' of flow 'control' matches no end station"),
    BadCase(file: "time-too-large.yaml", line: 13, column: 78, message: "exceeds the largest time fnsim handles"),
    BadCase(file: "count-and-for.yaml", line: 5, column: 50, message: "use either 'count' or 'for' in one entry of 'nodes', not both"),
    BadCase(file: "burst-every-tiny.yaml", line: 13, column: 61, message: "'every' of flow 'f' is 1e-06ps: a burst every 1e-06ps would send without end; expected at least 1ns"),
    BadCase(file: "rate-too-fast.yaml", line: 13, column: 57, message: "'rate' of flow 'f' (1000Tbps) with frames of 64B on average means a frame every 0.512ps, which would send without end"),
    BadCase(file: "from-empty.yaml", line: 13, column: 35, message: "'from' of flow 'f' is an empty list"),
    BadCase(file: "path-twice.yaml", line: 13, column: 84, message: "flow 'f': its 'path' visits 'sw' twice in a row; list each node once"),
    BadCase(file: "path-loop.yaml", line: 15, column: 90, message: "flow 'f': its 'path' visits 'sw1' twice (first at 15:80): frames would go round a loop; list each node once"),
    BadCase(file: "path-list-loop.yaml", line: 23, column: 80, message: "flow 'f': its path 2 of 'replication.path_list' visits 'sw1' twice (first at 23:70): frames would go round a loop"),
    BadCase(file: "link-delay-and-length.yaml", line: 11, column: 36, message: "give either 'delay' or 'length' for link b→sw, not both (each sets the propagation delay)"),
    BadCase(file: "defaults-delay-and-length.yaml", line: 5, column: 10, message: "give either 'delay' or 'length' for 'defaults.link', not both"),
    BadCase(file: "onoff-on-and-on-time.yaml", line: 13, column: 83, message: "flow 'f' gives both 'on' and 'on_time', its new name; keep 'on_time'"),
    BadCase(file: "alias-template-bomb.yaml", line: 4, column: 36, message: "this template makes 100000 entries of 111114 YAML nodes each"),
    BadCase(file: "duplicate-key.yaml", line: 7, column: 5, message: "duplicate key 'id' in one mapping"),
    BadCase(file: "variant-remove-unknown.yaml", line: 17, column: 15, message: "no node 'plc2' to remove; did you mean 'plc1'? (in variant 'smaller')"),
    // External-network links.
    BadCase(file: "wan-unknown-type.yaml", line: 11, column: 34, message: "unknown link type 'WAN'; expected ethernet or wan; did you mean 'wan'?"),
    BadCase(file: "wan-ethernet-key.yaml", line: 11, column: 51, message: "'length' does not apply to a wan link (it is for ethernet links)"),
    BadCase(file: "wan-without-delay.yaml", line: 11, column: 5, message: "missing 'delay' for the uplink of link sw1→cloud (set it on the link or in its 'uplink')"),
    BadCase(file: "wan-unknown-loss-model.yaml", line: 11, column: 65, message: "unknown loss model 'gilbert-eliott'; expected gilbert-elliott; did you mean 'gilbert-elliott'?"),
    BadCase(file: "wan-loss-above-one.yaml", line: 11, column: 57, message: "'loss' of link sw1→cloud must be at least 0 and below 1 (100%), found 150%"),
    BadCase(file: "delay-trace-bad-header.yaml", line: 1, column: 1, message: "expected a header naming one delay column (delay_s, delay_ms or delay_us) in the delay trace, found 'time_s,latency_ms'", inFile: "delay-bad-header.csv"),
    BadCase(file: "delay-trace-bad-row.yaml", line: 3, column: 5, message: "expected a delay in milliseconds (a number, 0 or more) in 'delay_ms', found '-2'", inFile: "delay-bad-row.csv"),
    // Ethernet ports.
    BadCase(file: "traffic-classes-9.yaml", line: 11, column: 45, message: "'traffic_classes' of link sw1→cloud must be between 1 and 8, found 9"),
    BadCase(file: "unknown-selection.yaml", line: 11, column: 39, message: "unknown transmission selection 'strict-priorty'; expected strict-priority; did you mean 'strict-priority'?"),
    // Compute nodes and request flows.
    BadCase(file: "compute-on-switch.yaml", line: 4, column: 29, message: "'compute' applies only to end stations, and 'sw1' is a switch"),
    BadCase(file: "service-without-demand.yaml", line: 8, column: 11, message: "service 'control' of node 'edge' needs 'time' (such as 200us) or 'work' (such as 40Mcycles)"),
    BadCase(file: "work-without-speed.yaml", line: 9, column: 27, message: "service 'inference' of node 'edge' is given as work, which needs the node's speed: add 'speed' (such as 2.5GHz) to its 'compute'"),
    BadCase(file: "bad-frequency-unit.yaml", line: 7, column: 14, message: "unknown frequency unit 'Ghz' in '2.5Ghz' for 'compute.speed' of node 'edge'; expected one of Hz, kHz, MHz, GHz; did you mean 'GHz'?"),
    BadCase(file: "unknown-service.yaml", line: 18, column: 65, message: "unknown service 'inferense' on node 'edge'; expected control or inference; did you mean 'inference'?"),
    BadCase(file: "response-without-service.yaml", line: 13, column: 84, message: "'response' applies only to a request flow: add 'service' (a service of the compute node 'to')"),
    // Private 5G: the hall, cells, terminals and flows' radio.
    BadCase(file: "nr-unknown-radio-scenario.yaml", line: 5, column: 19, message: "unknown radio scenario 'InF_DH'; expected one of InF-SL, InF-DL, InF-SH, InF-DH, InF-HH, InH; did you mean 'InF-DH'?"),
    BadCase(file: "nr-cells-without-radio.yaml", line: 14, column: 5, message: "cells need a 'radio' section naming the hall's scenario, such as radio: {scenario: InF-DH}"),
    BadCase(file: "nr-cell-gnb-not-gnb.yaml", line: 15, column: 19, message: "'gnb' of cell 'c1' must be a node of type gnb, and 'sw' is not"),
    BadCase(file: "nr-cell-gnb-unknown.yaml", line: 15, column: 19, message: "unknown node 'gnb2' in 'gnb' of cell 'c1'; did you mean 'gnb'?"),
    BadCase(file: "nr-bandwidth-for-scs.yaml", line: 15, column: 74, message: "cell 'c1': no FR1 channel of 100MHz at 15 kHz (TS 38.101 Table 5.3.2-1); valid bandwidths are 5MHz, 10MHz, 15MHz, 20MHz, 25MHz, 30MHz, 35MHz, 40MHz, 45MHz, 50MHz"),
    BadCase(file: "nr-bandwidth-huge.yaml", line: 15, column: 74, message: "cell 'c1': no FR1 channel of 1e+27GHz at 30 kHz (TS 38.101 Table 5.3.2-1); valid bandwidths are 5MHz,"),
    BadCase(file: "nr-scs-45khz.yaml", line: 15, column: 87, message: "'scs' of cell 'c1' must be 15kHz, 30kHz, 60kHz or 120kHz, found 45kHz"),
    BadCase(file: "nr-carrier-450mhz.yaml", line: 15, column: 55, message: "'carrier' of cell 'c1' must be at least 500MHz, the lowest carrier of the TR 38.901 channel (0.5–100 GHz), found 450MHz"),
    BadCase(file: "nr-tdd-letters.yaml", line: 15, column: 87, message: "cell 'c1': unexpected 'X' at position 3 of \"DDXSU\": a pattern is \"FDD\", a TS 38.521-4 name"),
    BadCase(file: "nr-special-split.yaml", line: 15, column: 103, message: "cell 'c1': \"10D2G3U\" has 15 symbols, not 14; a split is symbols of D, G and U in that order summing to 14"),
    BadCase(file: "nr-conformance-with-special.yaml", line: 15, column: 106, message: "cell 'c1': FR1.30-2 fixes its special slots (10D2G2U); leave out the split \"10D2G2U\" or write the slot letters DDDSU instead"),
    BadCase(file: "nr-tdd-without-uplink.yaml", line: 15, column: 87, message: "cell 'c1': pattern DDDDD has no slot-based (mapping type A) uplink occasion; a cell needs downlink occasions (data, grants) and uplink symbols (data, HARQ feedback, scheduling requests)"),
    BadCase(file: "nr-sr-period-misses-uplink.yaml", line: 15, column: 110, message: "cell 'c1': pattern DDDDDDDDDU has no uplink symbol at a multiple of the SR period of 40 symbols"),
    BadCase(file: "nr-mini-slot-3.yaml", line: 15, column: 93, message: "cell 'c1': a mini-slot of 3 symbols is not supported; valid lengths are 2, 4 and 7 symbols"),
    BadCase(file: "nr-slices-over-100.yaml", line: 21, column: 7, message: "the slices of cell 'c1' reserve 110% of its PRBs; at most 100%"),
    BadCase(file: "nr-slices-differ-within-gnb.yaml", line: 16, column: 10, message: "cell 'c2' has no slices, but cell 'c1' of the same gNB 'gnb' has slices urllc; every cell of a gNB declares the same slices in the same order"),
    BadCase(file: "nr-duplicate-cell-id.yaml", line: 17, column: 10, message: "duplicate cell id 'c1' (first defined at 15:10)"),
    BadCase(file: "nr-terminal-3-coordinates.yaml", line: 10, column: 45, message: "expected 2 lengths for 'position' of 'radio' of node 'agv1', such as [30m, 20m], found 3"),
    BadCase(file: "nr-cell-tx-power-db.yaml", line: 15, column: 92, message: "unknown power unit 'dB' in '23dB' for 'tx_power' of cell 'c1'; expected one of dBm; did you mean 'dBm'?"),
    BadCase(file: "nr-terminal-speed-m.yaml", line: 10, column: 84, message: "unknown speed unit 'm' in '2m' for 'speed' of 'radio' of node 'agv1'; expected one of m/s, km/h"),
    BadCase(file: "nr-terminal-above-cell.yaml", line: 10, column: 65, message: "'radio' of node 'agv1' is 9m high, but in InF-DH every cell stands above the terminals (TR 38.901 §7.2), and cell 'c1' is at 8m"),
    BadCase(file: "nr-clutter-density-100.yaml", line: 5, column: 46, message: "must be at least 0 and below 1 (100%), found 100%"),
    BadCase(file: "nr-unknown-5qi.yaml", line: 17, column: 87, message: "'radio' of flow 'f': 5QI 200 is not a standardized 5QI this table knows (1, 2, 3, 4, 5, 6, 7, 8, 9, 65, 66, 67, 69, 70, 71, 72, 73, 74, 76, 79, 80, 82, 83); give 'priority_level' instead"),
    BadCase(file: "nr-configured-keys-without-access.yaml", line: 17, column: 99, message: "'radio' of flow 'f': 'period' and 'repetitions' belong to a configured grant; add access: configured"),
    BadCase(file: "nr-ul-alpha-2.yaml", line: 15, column: 92, message: "'ul_alpha' of cell 'c1' must be within 0…1 (TS 38.213 §7.1.1), found 2"),
    BadCase(file: "nr-variant-unknown-cell.yaml", line: 21, column: 15, message: "no cell 'c2' to change; did you mean 'c1'? (in variant 'wider')"),
    // Faults, forwarding, survival time and replication.
    BadCase(file: "fault-up-before-down.yaml", line: 16, column: 39, message: "'up' of fault 'cut' (1s) must be after its 'down' (2s)"),
    BadCase(file: "fault-two-targets.yaml", line: 16, column: 25, message: "fault 'cut' gives both 'link' and 'node'; give one ('group' fails several parts together)"),
    BadCase(file: "fault-unknown-link.yaml", line: 16, column: 21, message: "unknown link 'r9' in 'link' of fault 'cut'; did you mean 'r1'?"),
    BadCase(file: "fault-mtbf-without-mttr.yaml", line: 16, column: 5, message: "missing 'mttr' in fault 'wear': random failures need both 'mtbf' and 'mttr'"),
    BadCase(file: "fault-without-times.yaml", line: 16, column: 5, message: "fault 'cut' needs its times: down: 2s (and up: 3s), or mtbf: 1000h with mttr: 4h, or time_to_failure and time_to_repair distributions"),
    BadCase(file: "fault-babbling-switch.yaml", line: 16, column: 28, message: "the babbling device 'sw2' of fault 'babble' is a switch; a babbling device is an end station (to fail a switch, use 'node')"),
    BadCase(file: "fault-variant-change-unknown.yaml", line: 19, column: 23, message: "no fault 'cutt' to change; did you mean 'cut'? (in variant 'later')"),
    BadCase(file: "ring-not-closed.yaml", line: 17, column: 30, message: "'nodes' of ring 'ring1' must list at least three switches in ring order and end where it starts, such as [sw1, sw2, sw3, sw1]; add 'sw1' at the end"),
    BadCase(file: "ring-too-short.yaml", line: 17, column: 30, message: "'nodes' of ring 'ring1' must list at least three switches in ring order and end where it starts, such as [sw1, sw2, sw3, sw1]; a ring needs at least three switches (2 given)"),
    BadCase(file: "ring-without-link.yaml", line: 17, column: 41, message: "ring 'ring1' steps from 'sw2' to 'sw4', but no link joins them"),
    BadCase(file: "ring-manager-off-ring.yaml", line: 17, column: 32, message: "the manager 'plc' of ring 'ring1' is not on the ring; expected one of sw1, sw2, sw3, sw4"),
    BadCase(file: "ring-recovery-50ms.yaml", line: 17, column: 58, message: "'recovery' of ring 'ring1' must be an IEC 62439-2 recovery class, one of 10ms, 30ms, 200ms, 500ms, found 50ms; did you mean '30ms'?"),
    BadCase(file: "ring-loop-outside.yaml", line: 13, column: 5, message: "with protocol mrp the switches still form a loop through link sw2–sw4 once each ring blocks its port; make that loop a ring or use protocol rstp"),
    BadCase(file: "forwarding-unknown-protocol.yaml", line: 15, column: 24, message: "unknown forwarding protocol 'mpr'; expected one of static, rstp, mrp"),
    BadCase(file: "forwarding-rings-on-rstp.yaml", line: 15, column: 30, message: "'rings' applies only to protocol mrp, and 'forwarding' has protocol rstp"),
    BadCase(file: "bridge-priority-5000.yaml", line: 6, column: 53, message: "'priority' of switch 'sw1' must be a multiple of 4096 from 0 to 61440 (IEEE 802.1D bridge priority steps), found 5000; did you mean 4096?"),
    BadCase(file: "survival-intervals-poisson.yaml", line: 14, column: 106, message: "'survival_time' of flow 'cam' is 3 transfer intervals, but a poisson flow has no fixed interval; give a time such as 10ms"),
    BadCase(file: "survival-without-deadline.yaml", line: 14, column: 74, message: "'survival_time' of flow 'cyc' needs a 'deadline'"),
    BadCase(file: "replication-not-enough-paths.yaml", line: 14, column: 74, message: "flow 'cyc' asks for 3 link-disjoint paths from 'sw1' to 'sw3', but only 2 exist; lower 'paths' or add links"),
    BadCase(file: "replication-prp-window-300.yaml", line: 14, column: 107, message: "'replication.window' of flow 'cyc' must be a power of two (IEC 62439-3 duplicate discard), found 300; did you mean 256?"),
    BadCase(file: "replication-history-on-prp.yaml", line: 14, column: 99, message: "'history' applies only to mode frer, and 'replication' of flow 'cyc' has mode prp"),
    BadCase(file: "replication-prp-single-homed.yaml", line: 14, column: 74, message: "PRP sends over two LANs, but only 1 node-disjoint path joins 'plc' and 'io'"),
    // IEEE 802.1Qci and 802.1Qcr.
    BadCase(file: "qci-rate-without-burst.yaml", line: 13, column: 81, message: "'rate' of 'policing' of flow 'f' needs 'burst' too (a size such as 3000B)"),
    BadCase(file: "qci-filters-nothing.yaml", line: 13, column: 80, message: "'policing' of flow 'f' filters nothing: give 'max_sdu' (such as 128B), or 'rate' and 'burst'"),
    BadCase(file: "qci-bare-max-sdu.yaml", line: 13, column: 90, message: "for 'max_sdu' of 'policing' of flow 'f', found 128"),
    BadCase(file: "qci-unknown-key.yaml", line: 13, column: 94, message: "unknown key 'brust' in 'policing' of flow 'f'; did you mean 'burst'?"),
    BadCase(file: "qci-unknown-streams-word.yaml", line: 6, column: 45, message: "unknown value 'block' for 'unknown_streams' of switch 'sw'; expected pass, drop or a mapping such as {rate: 1Mbps, burst: 3000B}"),
    BadCase(file: "qci-babbler-excess-without-burst.yaml", line: 15, column: 86, message: "'excess_rate' of 'policing' of fault 'babble' needs 'excess_burst' too"),
    BadCase(file: "qci-policing-on-link-fault.yaml", line: 15, column: 50, message: "'policing' applies only to a babbling fault"),
    BadCase(file: "ats-burst-below-frame.yaml", line: 13, column: 98, message: "'burst' of 'ats' of flow 'f' is 1000B, below the flow's largest frame (1500B); expected at least 1500B"),
    BadCase(file: "ats-missing-burst.yaml", line: 13, column: 75, message: "missing required key 'burst' in 'ats' of flow 'f'"),
    BadCase(file: "ats-zero-residence.yaml", line: 13, column: 119, message: "'max_residence' of 'ats' of flow 'f'"),
    // Time-sensitive networking.
    BadCase(file: "tsn-cbs-over-rate.yaml", line: 11, column: 29, message: "the idle slopes of 'cbs' of link sw1→b add up to 1.1Gbps, not below the port's rate (1Gbps"),
    BadCase(file: "tsn-change-without-at.yaml", line: 12, column: 17, message: "missing required key 'at' in a 'tsn.changes' entry"),
    BadCase(file: "tsn-drift-unit.yaml", line: 12, column: 37, message: "expected parts per million such as 10ppm (0 to 1000ppm) for 'drift' of 'tsn.sync', found '"),
    BadCase(file: "tsn-express-not-list.yaml", line: 11, column: 46, message: "expected a list of traffic classes such as [7, 6], all or none for 'express' of 'preemptio"),
    BadCase(file: "tsn-gates-unknown-key.yaml", line: 11, column: 31, message: "missing required key 'cycle' in 'gates' of link sw1→b"),
    BadCase(file: "tsn-gates-without-entries.yaml", line: 11, column: 31, message: "'gates' of link sw1→b needs 'entries' (such as [{open: [7], duration: 100us}, {open: all, "),
    BadCase(file: "tsn-gcl-limit.yaml", line: 11, column: 5, message: "the gate control list of port sw1→b has 3 entries, more than a port holds (tsn.gcl_limit 2"),
    BadCase(file: "tsn-open-class-9.yaml", line: 11, column: 65, message: "a traffic class of 'open' of entry 1 of 'gates' of link sw1→b must be between 0 and 7, fou"),
    BadCase(file: "tsn-port-no-link.yaml", line: 12, column: 15, message: "no Ethernet link joins 'a' and 'b' for a 'tsn.ports' entry"),
    BadCase(file: "tsn-port-unknown-node.yaml", line: 12, column: 31, message: "unknown node 'a2' in 'to' of a 'tsn.ports' entry; did you mean 'a'?"),
    BadCase(file: "tsn-window-past-cycle.yaml", line: 11, column: 52, message: "the window of 'gates' of link sw1→b ends at 1.005ms, after the cycle (1ms); shorten it or "),
]

@Suite struct BadScenarioTests {
    static let dir: URL? = Bundle.module.url(forResource: "Bad", withExtension: nil)

    @Test(arguments: badCases)
    func reportsTheErrorWhereItIs(_ c: BadCase) throws {
        let dir = try #require(Self.dir)
        let path = dir.appendingPathComponent(c.file).path
        let ds = loadErrors({ try ScenarioLoader.load(path: path, overrides: c.overrides) })
        #expect(!ds.isEmpty, "no diagnostics for \(c.file)")
        let hit = ds.first { $0.message.contains(c.message) }
        let first = try #require(hit, "no '\(c.message)' among:\n\(ScenarioErrors(diagnostics: ds))")
        #expect(first.line == c.line && first.column == c.column, "\(first)")
        #expect(first.severity == .error)
        let expectedFile = c.inFile ?? c.file
        #expect(first.file.hasSuffix(expectedFile), "\(first.file)")
        #expect(first.description.hasPrefix("\(first.file):\(c.line):\(c.column): error: "))
    }

    /// A refused cell or hall is reported once: its terminals do not add "no cells to serve
    /// it", and a misspelt scenario does not add "cells need a 'radio' section".
    @Test(arguments: badCases.filter { $0.file.hasPrefix("nr-") && $0.file != "nr-cells-without-radio.yaml" })
    func radioErrorsDoNotCascade(_ c: BadCase) throws {
        let dir = try #require(Self.dir)
        let ds = loadErrors({ try ScenarioLoader.load(path: dir.appendingPathComponent(c.file).path) })
        for cascade in ["no cells to serve it", "cells need a 'radio' section"] {
            #expect(!ds.contains { $0.message.contains(cascade) }, "\(ScenarioErrors(diagnostics: ds))")
        }
    }

    @Test func everyBadFileIsCovered() throws {
        let dir = try #require(Self.dir)
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".yaml") }
        #expect(Set(files) == Set(badCases.map(\.file)))
        #expect(files.count >= 20)
    }
}
