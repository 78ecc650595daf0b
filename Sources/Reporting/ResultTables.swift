import Analysis
import Kernel

/// One value of a result table, typed so that CSV and JSON write it the same way.
public enum Cell: Sendable {
    case text(String?)
    case count(Int64?)
    case unsigned(UInt64)
    /// A measured value such as a ratio or a rate: 12 significant digits; nil or not finite: empty/null.
    case number(Double?)
    /// Picoseconds as exact seconds; nil: empty/null.
    case seconds(SimTime?)
    /// Picoseconds held as a Double (a mean, a deviation) as seconds, 12 significant digits.
    case meanSeconds(Double?)
    /// Yes or no: `true`/`false` in both CSV and JSON.
    case flag(Bool)

    /// The CSV field (before quoting).
    var csv: String {
        switch self {
        case let .text(s): return s ?? ""
        case let .count(n): return n.map { String($0) } ?? ""
        case let .unsigned(n): return String(n)
        case let .number(x): return x.flatMap { Numbers.decimal($0) } ?? ""
        case let .seconds(t): return t.map { Numbers.seconds(picoseconds: $0) } ?? ""
        case let .meanSeconds(t): return t.flatMap { Numbers.seconds(picoseconds: $0) } ?? ""
        case let .flag(b): return b ? "true" : "false"
        }
    }

    /// The JSON value.
    var json: JSONValue {
        switch self {
        case let .text(s): return .text(s)
        case let .count(n): return n.map { .int($0) } ?? .null
        case let .unsigned(n): return .uint(n)
        case let .number(x): return x.flatMap { Numbers.decimal($0) }.map { .numberText($0) } ?? .null
        case let .seconds(t): return t.map { .seconds(picoseconds: $0) } ?? .null
        case let .meanSeconds(t): return t.flatMap { Numbers.seconds(picoseconds: $0) }.map { .numberText($0) } ?? .null
        case let .flag(b): return .bool(b)
        }
    }
}

/// A named column of a result table.
public struct Column<Row>: Sendable {
    public let name: String
    public let cell: @Sendable (Row) -> Cell
    init(_ name: String, _ cell: @escaping @Sendable (Row) -> Cell) {
        self.name = name
        self.cell = cell
    }
}

/// The result tables, each declared once: flows.csv, ports.csv, links.csv, compute.csv,
/// cells.csv, terminals.csv and faults.csv, and the matching arrays of each design in
/// results.json, come from these columns. Column order is fixed; new columns are only ever
/// appended.
public enum ResultTables {
    /// Per flow and leg (pooled), then per source: see `FlowResult`.
    public static let flows: [Column<FlowResult>] = [
        Column("flow") { .text($0.flow) },
        Column("sent") { .unsigned($0.sent) },
        Column("delivered") { .unsigned($0.delivered) },
        Column("dropped") { .unsigned($0.dropped) },
        Column("throughput_bps") { .number($0.throughputBitsPerSecond) },
        Column("latency_min_s") { .seconds($0.latency?.min) },
        Column("latency_mean_s") { .meanSeconds($0.latency?.mean) },
        Column("latency_p50_s") { .seconds($0.latency?.p50) },
        Column("latency_p90_s") { .seconds($0.latency?.p90) },
        Column("latency_p99_s") { .seconds($0.latency?.p99) },
        Column("latency_p999_s") { .seconds($0.latency?.p999) },
        Column("latency_p99999_s") { .seconds($0.latency?.p99999) },
        Column("latency_max_s") { .seconds($0.latency?.max) },
        Column("jitter_s") { .meanSeconds($0.latency?.stddev) },
        Column("deadline_misses") { .unsigned($0.deadlineMisses) },
        Column("source") { .text($0.source) },
        Column("in_flight") { .unsigned($0.inFlight) },
        Column("ipdv_mean_s") { .meanSeconds($0.meanAbsIPDV) },
        Column("loss_ratio") { .number($0.lossRatio) },
        Column("leg") { .text($0.leg.rawValue) },
        Column("queueing_mean_s") { .meanSeconds($0.split?.queueing) },
        Column("radio_mean_s") { .meanSeconds($0.split?.radio) },
        Column("harq_mean_s") { .meanSeconds($0.split?.harq) },
        Column("core_mean_s") { .meanSeconds($0.split?.core) },
        Column("wired_mean_s") { .meanSeconds($0.split?.wired) },
        Column("compute_mean_s") { .meanSeconds($0.split?.compute) },
        // `dropped` by reason (they add up to it).
        Column("dropped_buffer_full") { .unsigned($0.drops.bufferFull) },
        Column("dropped_lost") { .unsigned($0.drops.lost) },
        Column("dropped_rejected") { .unsigned($0.drops.rejected) },
        Column("dropped_link_down") { .unsigned($0.drops.linkDown) },
        Column("dropped_node_down") { .unsigned($0.drops.nodeDown) },
        Column("dropped_no_route") { .unsigned($0.drops.noRoute) },
        // TS 22.104 availability: empty unless the flow has a deadline and a survival time,
        // and on request and response rows (it is the round trip's).
        Column("availability") { .number($0.availability?.availability) },
        Column("service_failures") { .count($0.availability.map { Int64($0.serviceFailures) }) },
        Column("mtbf_s") { .meanSeconds($0.availability?.meanTimeBetweenFailures) },
        Column("longest_outage_s") { .seconds($0.availability?.longestOutage) },
        Column("max_consecutive_failed") { .count($0.availability.map { Int64($0.mostConsecutiveFailures) }) },
        // Merge points of a replicated flow: empty for other flows.
        Column("duplicates_discarded") { .count($0.replication.map { Int64($0.duplicatesDiscarded) }) },
        Column("out_of_order") { .count($0.replication.map { Int64($0.outOfOrder) }) },
        Column("longest_gap_s") { .seconds($0.replication?.longestGap) },
        // The margin left: deadline − max latency (negative: late); empty without a deadline.
        Column("worst_slack_s") { row in .seconds(row.deadline.flatMap { d in row.latency.map { d - $0.max } }) },
        // `dropped` by IEEE 802.1Qci filters and meters and 802.1Qcr schedulers.
        Column("dropped_policed") { .unsigned($0.drops.policed) },
        Column("dropped_oversize") { .unsigned($0.drops.oversize) },
        Column("dropped_max_residence") { .unsigned($0.drops.maxResidence) },
        Column("latency_p9999_s") { .seconds($0.latency?.p9999) },
    ]

    /// Appended to `flows` when a design has a 5G TSN bridge (`flowColumns`): what the
    /// bridges on a flow's path did (empty for a flow that crosses none), and its frames
    /// dropped late at one (part of `dropped`).
    public static let bridgeFlows: [Column<FlowResult>] = [
        Column("bridge_frames") { .count($0.bridge.map { Int64($0.frames) }) },
        Column("bridge_delay_min_s") { .seconds($0.bridge?.min) },
        Column("bridge_delay_mean_s") { .meanSeconds($0.bridge?.mean) },
        Column("bridge_delay_max_s") { .seconds($0.bridge?.max) },
        Column("bridge_delay_jitter_s") { .meanSeconds($0.bridge?.stddev) },
        Column("bridge_late") { .count($0.bridge.map { Int64($0.late) }) },
        Column("dropped_late") { .unsigned($0.drops.late) },
    ]

    /// The flow columns of `results`: `flows`, and `bridgeFlows` when some flow of some
    /// design crosses a 5G TSN bridge (so other plants' files read as before).
    public static func flowColumns(_ results: [RunResult]) -> [Column<FlowResult>] {
        results.contains { $0.flows.contains { $0.bridge != nil } } ? flows + bridgeFlows : flows
    }

    /// Per Ethernet egress port.
    public static let ports: [Column<PortResult>] = [
        Column("node") { .text($0.node) },
        Column("port") { .text($0.port) },
        Column("utilization") { .number($0.utilization) },
        Column("frames_sent") { .unsigned($0.framesSent) },
        Column("queue_mean_frames") { .number($0.queueMeanFrames) },
        Column("queue_max_frames") { .count(Int64($0.queueMaxFrames)) },
        Column("queue_mean_bytes") { .number($0.queueMeanBytes) },
        Column("queue_max_bytes") { .count($0.queueMaxBytes) },
        Column("drops") { .unsigned($0.drops) },
        Column("drops_link_down") { .unsigned($0.faultDrops.linkDown) },
        Column("drops_node_down") { .unsigned($0.faultDrops.nodeDown) },
        Column("drops_no_route") { .unsigned($0.faultDrops.noRoute) },
        // Time-sensitive networking: empty for a port without it.
        Column("gate_held_s") { .seconds($0.tsn?.gateHeld) },
        Column("preemptions") { .count($0.tsn.map { Int64($0.preemptions) }) },
        Column("express_blocked_max_s") { .seconds($0.tsn?.expressBlockedMax) },
        Column("express_blocked_mean_s") { .meanSeconds($0.tsn?.expressBlockedMean) },
        Column("cbs_a_class") { .count($0.tsn?.classA.map { Int64($0.trafficClass) }) },
        Column("cbs_a_credit_min_bits") { .number($0.tsn?.classA?.least) },
        Column("cbs_a_credit_max_bits") { .number($0.tsn?.classA?.most) },
        Column("cbs_b_class") { .count($0.tsn?.classB.map { Int64($0.trafficClass) }) },
        Column("cbs_b_credit_min_bits") { .number($0.tsn?.classB?.least) },
        Column("cbs_b_credit_max_bits") { .number($0.tsn?.classB?.most) },
        // IEEE 802.1Qci (on the port whose link brought the frame to the edge bridge) and
        // 802.1Qcr (on the port whose ATS scheduler discarded it).
        Column("drops_policed") { .unsigned($0.streamDrops.policed) },
        Column("drops_oversize") { .unsigned($0.streamDrops.oversize) },
        Column("drops_max_residence") { .unsigned($0.streamDrops.maxResidence) },
    ]

    /// Per direction of an external-network link.
    public static let links: [Column<LinkResult>] = [
        Column("link") { .text($0.link) },
        Column("node") { .text($0.node) },
        Column("peer") { .text($0.peer) },
        Column("direction") { .text($0.direction) },
        Column("frames") { .unsigned($0.frames) },
        Column("lost") { .unsigned($0.lost) },
        Column("loss_ratio") { .number($0.lossRatio) },
        Column("drops") { .unsigned($0.drops) },
        Column("utilization") { .number($0.utilization) },
        Column("queue_mean_frames") { .number($0.queueMeanFrames) },
        Column("queue_max_frames") { .count($0.queueMaxFrames.map(Int64.init)) },
        Column("transit_mean_s") { .meanSeconds($0.transitMean) },
        Column("transit_max_s") { .seconds($0.transitMax) },
        Column("drops_link_down") { .unsigned($0.faultDrops.linkDown) },
        Column("drops_node_down") { .unsigned($0.faultDrops.nodeDown) },
        Column("drops_no_route") { .unsigned($0.faultDrops.noRoute) },
    ]

    /// Per compute node.
    public static let compute: [Column<ComputeResult>] = [
        Column("node") { .text($0.node) },
        Column("servers") { .count(Int64($0.servers)) },
        Column("utilization") { .number($0.utilization) },
        Column("tasks") { .unsigned($0.tasks) },
        Column("queue_mean") { .number($0.queueMean) },
        Column("queue_max") { .count(Int64($0.queueMax)) },
        Column("wait_mean_s") { .meanSeconds($0.waitMean) },
        Column("wait_max_s") { .seconds($0.waitMax) },
        Column("sojourn_mean_s") { .meanSeconds($0.sojournMean) },
        Column("sojourn_max_s") { .seconds($0.sojournMax) },
        Column("rejections") { .unsigned($0.rejections) },
        Column("rejection_ratio") { .number($0.rejectionRatio) },
        Column("drops_link_down") { .unsigned($0.faultDrops.linkDown) },
        Column("drops_node_down") { .unsigned($0.faultDrops.nodeDown) },
        Column("drops_no_route") { .unsigned($0.faultDrops.noRoute) },
    ]

    /// Per NR cell and direction.
    public static let cells: [Column<CellResult>] = [
        Column("cell") { .text($0.cell) },
        Column("direction") { .text($0.direction) },
        Column("prb_utilization") { .number($0.prbUtilization) },
        Column("throughput_bps") { .number($0.throughputBitsPerSecond) },
        Column("transport_blocks") { .unsigned($0.transportBlocks) },
        Column("retransmissions") { .unsigned($0.retransmissions) },
        Column("bler_first") { .number($0.blerFirst) },
        Column("bler_retransmissions") { .number($0.blerRetransmissions) },
        Column("residual_losses") { .unsigned($0.residualLosses) },
        Column("mcs_mean") { .number($0.meanMCS) },
        Column("handovers_in") { .unsigned($0.handoversIn) },
    ] + (0..<29).map { i in Column("mcs_\(i)") { .unsigned($0.mcsHistogram[i]) } }

    /// Per terminal and direction.
    public static let terminals: [Column<TerminalResult>] = [
        Column("terminal") { .text($0.terminal) },
        Column("direction") { .text($0.direction) },
        Column("transmissions") { .unsigned($0.transmissions) },
        Column("sinr_mean_db") { .number($0.sinrMeanDB) },
        Column("sinr_min_db") { .number($0.sinrMinDB) },
        Column("sinr_p5_db") { .number($0.sinrP5DB) },
        Column("sinr_p50_db") { .number($0.sinrP50DB) },
        Column("sinr_p95_db") { .number($0.sinrP95DB) },
        Column("sinr_max_db") { .number($0.sinrMaxDB) },
        Column("handovers") { .unsigned($0.handovers) },
    ]

    /// Per fault of the plant.
    public static let faults: [Column<FaultResult>] = [
        Column("fault") { .text($0.fault) },
        Column("failures") { .unsigned($0.failures) },
        Column("downtime_s") { .seconds($0.downtime) },
        Column("longest_downtime_s") { .seconds($0.longestDowntime) },
        Column("down_at_end") { .flag($0.downAtEnd) },
    ]

    /// A design's rows of a table: flows pooled first, then per source.
    static func flowRows(_ run: RunResult) -> [FlowResult] {
        run.flows.filter { $0.source == nil } + run.flows.filter { $0.source != nil }
    }
}
