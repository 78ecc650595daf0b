import Analysis
import Kernel

/// The terminal summary of a run: designs side by side, one column per variant.
///
/// ```
/// metric              base          tsn
/// -------------------------------------------
/// run
///   events        1,204,311     1,198,774
///   ...
/// flow sensor-to-plc
///   sent             10,000        10,000
///   p99 latency    41.23 us      12.05 us
/// ```
/// followed (with `perPort`) by the busiest egress ports of each design, and by the
/// external links, compute nodes, cells and faults when a design has them. A request flow
/// shows its request leg, response leg and round trip. Only pooled flow figures appear
/// here; per-source figures are in the CSV and JSON outputs.
///
/// The flows shown are those `flows` chooses: every flow of a small plant in the file's
/// order, else the most urgent (`FlowRank`), under a heading that says so and above a
/// line that says how many were left out and where they are (`outDirectory`'s flows.csv).
///
/// Rows that only some runs need appear only then, so a plain run reads as before: drops
/// by reason (run totals, and per flow) when anything was dropped for a reason other than
/// a full buffer; frames still in flight at the end, and those of them already past the
/// deadline; availability, service failures and the longest outage for a flow with a
/// deadline and a survival time; merge-point counts for a replicated flow; the 5G bridge
/// delay and late frames for a flow that crosses a 5G TSN bridge.
public enum ConsoleTable {
    public static func render(_ results: [RunResult], perPort: Bool, topPorts: Int = 10,
                              flows: FlowSelection = FlowSelection(), outDirectory: String? = nil) -> String {
        var out = flowsTable(results, flows, outDirectory: outDirectory).render()
        if perPort {
            out += "\n"
            out += portsTable(results, top: topPorts).render()
        }
        if results.contains(where: { $0.ports.contains { $0.tsn != nil } }) {
            out += "\n" + tsnPortsTable(results, top: topPorts).render()
        }
        if results.contains(where: { !$0.links.isEmpty }) { out += "\n" + linksTable(results).render() }
        if results.contains(where: { !$0.compute.isEmpty }) { out += "\n" + computeTable(results).render() }
        if results.contains(where: { !$0.cells.isEmpty }) { out += "\n" + cellsTable(results).render() }
        if results.contains(where: { !$0.faults.isEmpty }) { out += "\n" + faultsTable(results, top: topPorts).render() }
        return out
    }

    /// The faults of each design, the `top` longest down first (ties in declaration order).
    static func faultsTable(_ results: [RunResult], top: Int) -> TextTable {
        var table = TextTable(alignments: [.left, .left, .right, .right, .right, .left])
        let all = results.allSatisfy { $0.faults.count <= top }
        table.heading(all ? "faults" : "faults (top \(max(0, top)) by downtime per design)")
        table.add(["design", "fault", "failures", "downtime", "longest", "at end"])
        table.rule()
        for run in results where !run.faults.isEmpty {
            let shown = run.faults.enumerated().sorted { a, b in
                a.element.downtime != b.element.downtime ? a.element.downtime > b.element.downtime : a.offset < b.offset
            }.prefix(max(0, top))
            for (i, f) in shown.map(\.element).enumerated() {
                table.add([i == 0 ? run.variant : "", f.fault, Format.count(f.failures),
                           Format.time(picoseconds: f.downtime), Format.time(picoseconds: f.longestDowntime),
                           f.downAtEnd ? "down" : "up"])
            }
        }
        return table
    }

    static func cellsTable(_ results: [RunResult]) -> TextTable {
        var table = TextTable(alignments: [.left, .left, .left] + Array(repeating: .right, count: 7))
        table.heading("NR cells")
        table.add(["design", "cell", "dir", "PRB util", "throughput", "blocks", "BLER 1st", "retx", "lost", "MCS mean"])
        table.rule()
        for run in results where !run.cells.isEmpty {
            for (i, c) in run.cells.enumerated() {
                table.add([
                    i == 0 ? run.variant : "", c.cell, c.direction == "downlink" ? "DL" : "UL",
                    Format.percent(c.prbUtilization), Format.rate(bitsPerSecond: c.throughputBitsPerSecond),
                    Format.count(c.transportBlocks), c.blerFirst.map { Format.percent($0) } ?? Format.missing,
                    Format.count(c.retransmissions), Format.count(c.residualLosses),
                    c.meanMCS.map { Format.number($0) } ?? Format.missing,
                ])
            }
        }
        return table
    }

    // MARK: - Flows

    static func flowsTable(_ results: [RunResult], _ selection: FlowSelection = FlowSelection(),
                           outDirectory: String? = nil) -> TextTable {
        var table = TextTable(alignments: [.left] + Array(repeating: .right, count: results.count))
        table.add(["metric"] + results.map(\.variant))
        table.rule()

        table.heading("run")
        table.add(["  events"] + results.map { Format.count($0.events) })
        table.add(["  simulated"] + results.map { Format.time(picoseconds: $0.simulated) })
        table.add(["  wall time"] + results.map { Format.time(seconds: $0.wallSeconds) })
        table.add(["  stop reason"] + results.map { $0.stopReason.rawValue })
        // Drops of all flows by reason (one-way and round-trip rows: each unit once).
        let totals = results.map { run in
            run.flows.filter { $0.source == nil && ($0.leg == .oneWay || $0.leg == .roundTrip) }
                .reduce(into: DropCounts()) { $0.merge($1.drops) }
        }
        addDropRows(&table, totals, label: "dropped (all flows)", indent: "  ")
        let failures = results.map { run in
            run.flows.filter { $0.source == nil }.compactMap(\.availability).map(\.serviceFailures)
        }
        if failures.contains(where: { !$0.isEmpty }) {
            table.add(["  service failures (all flows)"] + failures.map { $0.isEmpty ? Format.missing : Format.count($0.reduce(0, +)) })
        }

        // The chosen flows, each flow's legs in order of first appearance; pooled entries only.
        let chosen = selection.choose(results)
        if chosen.ranked {
            table.heading("flows" + (selection.pattern.map { " matching '\($0)'" } ?? "") + ": top "
                          + Format.count(chosen.shown.count) + " of " + Format.count(chosen.matching)
                          + ", least deadline slack first, then highest p99")
        }
        let rows = FlowLeg.rows(results)
        for key in FlowLeg.legs(results, of: chosen.shown) {
            let flows: [FlowResult?] = rows.map { $0[key] }
            table.heading("flow " + key.label)
            for metric in metrics {
                table.add(["  " + metric.label] + flows.map { $0.map(metric.value) ?? Format.missing })
                if metric.label == "dropped" {
                    addDropRows(&table, flows.map { $0?.drops }, label: "dropped", indent: "    ")
                    addInFlightRows(&table, flows)
                }
            }
            if flows.contains(where: { $0?.availability != nil }) {
                for metric in availabilityMetrics {
                    table.add(["  " + metric.label] + flows.map { f in
                        (f?.availability).map(metric.value) ?? Format.missing
                    })
                }
            }
            if flows.contains(where: { $0?.replication != nil }) {
                for metric in replicationMetrics {
                    table.add(["  " + metric.label] + flows.map { f in
                        (f?.replication).map(metric.value) ?? Format.missing
                    })
                }
            }
            // Where the mean went, when a design's path crosses a radio or a core.
            if flows.contains(where: { ($0?.split).map { $0.radio != 0 || $0.core != 0 } ?? false }) {
                for part in splitParts {
                    table.add(["  " + part.label] + flows.map { f in
                        (f?.split).map { Format.time(picoseconds: part.value($0)) } ?? Format.missing
                    })
                }
            }
            // What the 5G TSN bridges on its path did, when a design's path crosses one.
            if flows.contains(where: { $0?.bridge != nil }) {
                for metric in bridgeMetrics {
                    table.add(["  " + metric.label] + flows.map { f in (f?.bridge).map(metric.value) ?? Format.missing })
                }
            }
        }
        if let hidden = chosen.leftOut(pattern: selection.pattern) {
            table.heading(leftOutLine(hidden, outDirectory: outDirectory))
        }
        return table
    }

    /// How many flows the table leaves out and where to find them.
    static func leftOutLine(_ hidden: String, outDirectory: String?) -> String {
        let whereAll = outDirectory.map { "all flows are in " + flowsFile(in: $0) }
            ?? "--out DIR writes all of them to flows.csv"
        return "(" + hidden + " not shown: " + whereAll + "; --top all or --flows GLOB shows them here)"
    }

    static func flowsFile(in directory: String) -> String {
        directory.hasSuffix("/") ? directory + "flows.csv" : directory + "/flows.csv"
    }

    /// Frames still on their way at the end, when any design has some, and those of them
    /// already older than the deadline, when any design has some.
    static func addInFlightRows(_ table: inout TextTable, _ flows: [FlowResult?]) {
        guard flows.contains(where: { ($0?.inFlight ?? 0) > 0 }) else { return }
        table.add(["  in flight at end"] + flows.map { $0.map { Format.count($0.inFlight) } ?? Format.missing })
        if flows.contains(where: { ($0?.lateInFlight ?? 0) > 0 }) {
            table.add(["    in flight: past deadline"]
                      + flows.map { $0.map { Format.count($0.lateInFlight) } ?? Format.missing })
        }
    }

    /// One row per reason that any design saw, when any design dropped for a reason other
    /// than a full buffer; nothing otherwise.
    static func addDropRows(_ table: inout TextTable, _ counts: [DropCounts?], label: String, indent: String) {
        guard counts.contains(where: { ($0?.total ?? 0) > ($0?.bufferFull ?? 0) }) else { return }
        for (reason, name) in dropReasonNames where counts.contains(where: { ($0?[reason] ?? 0) > 0 }) {
            table.add([indent + label + ": " + name] + counts.map { $0.map { Format.count($0[reason]) } ?? Format.missing })
        }
    }

    static let dropReasonNames: [(DropReason, String)] = [
        (.bufferFull, "buffer full"), (.lost, "lost in transit"), (.rejected, "rejected"), (.linkDown, "link down"),
        (.nodeDown, "node down"), (.noRoute, "no route"), (.late, "late at a 5G bridge"), (.policed, "policed"),
        (.oversize, "oversize"), (.maxResidence, "max residence"),
    ]

    static let availabilityMetrics: [(label: String, value: @Sendable (AvailabilityResult) -> String)] = [
        ("availability", { $0.availability.map { Format.availability($0) } ?? Format.missing }),
        ("service failures", { Format.count($0.serviceFailures) }),
        ("longest outage", { Format.time(picoseconds: $0.longestOutage) }),
    ]

    static let replicationMetrics: [(label: String, value: @Sendable (ReplicationResult) -> String)] = [
        ("duplicates discarded", { Format.count($0.duplicatesDiscarded) }),
        ("out of order", { Format.count($0.outOfOrder) }),
        ("longest gap", { $0.longestGap.map { Format.time(picoseconds: $0) } ?? Format.missing }),
    ]

    static let bridgeMetrics: [(label: String, value: @Sendable (BridgeDelayResult) -> String)] = [
        ("5G bridge delay min", { $0.min.map { Format.time(picoseconds: $0) } ?? Format.missing }),
        ("5G bridge delay mean", { $0.mean.map { Format.time(picoseconds: $0) } ?? Format.missing }),
        ("5G bridge delay max", { $0.max.map { Format.time(picoseconds: $0) } ?? Format.missing }),
        ("5G bridge late frames", { Format.count($0.late) }),
    ]

    static let splitParts: [(label: String, value: @Sendable (LatencySplit) -> Double)] = [
        ("mean: queueing", { $0.queueing }), ("mean: radio access", { $0.radio }), ("mean: HARQ", { $0.harq }),
        ("mean: core", { $0.core }), ("mean: wired", { $0.wired }),
    ]

    struct Metric {
        let label: String
        let value: @Sendable (FlowResult) -> String
    }

    static let metrics: [Metric] = [
        Metric(label: "sent") { Format.count($0.sent) },
        Metric(label: "delivered") { Format.count($0.delivered) },
        Metric(label: "dropped") { f in
            guard f.dropped > 0, let loss = f.lossRatio else { return Format.count(f.dropped) }
            return Format.count(f.dropped) + " (" + Format.percent(loss) + ")"
        },
        Metric(label: "throughput") { Format.rate(bitsPerSecond: $0.throughputBitsPerSecond) },
        Metric(label: "latency min") { latency($0) { Format.time(picoseconds: $0.min) } },
        Metric(label: "latency mean") { latency($0) { Format.time(picoseconds: $0.mean) } },
        Metric(label: "latency p50") { latency($0) { Format.time(picoseconds: $0.p50) } },
        Metric(label: "latency p99") { latency($0) { Format.time(picoseconds: $0.p99) } },
        Metric(label: "latency p99.999") { latency($0) { Format.time(picoseconds: $0.p99999) } },
        Metric(label: "latency max") { latency($0) { Format.time(picoseconds: $0.max) } },
        Metric(label: "jitter (std dev)") { latency($0) { Format.time(picoseconds: $0.stddev) } },
        Metric(label: "mean |IPDV|") { f in f.meanAbsIPDV.map { Format.time(picoseconds: $0) } ?? Format.missing },
        Metric(label: "deadline misses") { Format.count($0.deadlineMisses) },
    ]

    private static func latency(_ f: FlowResult, _ text: (LatencySummary) -> String) -> String {
        f.latency.map(text) ?? Format.missing
    }

    // MARK: - Ports

    static func portsTable(_ results: [RunResult], top: Int) -> TextTable {
        var table = TextTable(alignments: [.left, .left, .right, .right, .right, .right, .right, .right])
        let all = results.allSatisfy { $0.ports.count <= top }
        table.heading(all ? "ports by utilization" : "busiest ports (top \(max(0, top)) by utilization per design)")
        table.add(["design", "port", "util", "frames", "queue mean", "queue max", "max bytes", "drops"])
        table.rule()
        for run in results {
            let busiest = busiestPorts(run.ports, top: top)
            if busiest.isEmpty {
                table.add([run.variant, "(no ports)"])
                continue
            }
            for (i, p) in busiest.enumerated() {
                table.add([
                    i == 0 ? run.variant : "",
                    p.node + ":" + p.port,
                    Format.percent(p.utilization),
                    Format.count(p.framesSent),
                    Format.number(p.queueMeanFrames, digits: 3),
                    Format.count(p.queueMaxFrames),
                    Format.count(p.queueMaxBytes),
                    Format.count(p.drops),
                ])
            }
        }
        return table
    }

    // MARK: - External links and compute nodes

    static func linksTable(_ results: [RunResult]) -> TextTable {
        var table = TextTable(alignments: [.left, .left, .right, .right, .right, .right, .right, .right])
        table.heading("external links")
        table.add(["design", "direction", "frames", "lost", "util", "queue max", "transit mean", "transit max"])
        table.rule()
        for run in results where !run.links.isEmpty {
            for (i, l) in run.links.enumerated() {
                table.add([
                    i == 0 ? run.variant : "", l.link,
                    Format.count(l.frames),
                    l.lost > 0 ? Format.count(l.lost) + " (" + Format.percent(l.lossRatio ?? 0) + ")" : "0",
                    l.utilization.map { Format.percent($0) } ?? Format.missing,
                    l.queueMaxFrames.map { Format.count($0) } ?? Format.missing,
                    l.transitMean.map { Format.time(picoseconds: $0) } ?? Format.missing,
                    l.transitMax.map { Format.time(picoseconds: $0) } ?? Format.missing,
                ])
            }
        }
        return table
    }

    static func computeTable(_ results: [RunResult]) -> TextTable {
        var table = TextTable(alignments: [.left, .left, .right, .right, .right, .right, .right, .right, .right])
        table.heading("compute nodes")
        table.add(["design", "node", "servers", "util", "tasks", "queue max", "wait mean", "wait max", "rejected"])
        table.rule()
        for run in results where !run.compute.isEmpty {
            for (i, c) in run.compute.enumerated() {
                table.add([
                    i == 0 ? run.variant : "", c.node, String(c.servers),
                    Format.percent(c.utilization),
                    Format.count(c.tasks),
                    Format.count(c.queueMax),
                    c.waitMean.map { Format.time(picoseconds: $0) } ?? Format.missing,
                    c.waitMax.map { Format.time(picoseconds: $0) } ?? Format.missing,
                    Format.count(c.rejections),
                ])
            }
        }
        return table
    }

    /// The `top` ports with the highest utilization (NaN counts as lowest), ties broken by
    /// node and port name so the order is deterministic.
    static func busiestPorts(_ ports: [PortResult], top: Int) -> [PortResult] {
        func key(_ u: Double) -> Double { u.isNaN ? -Double.infinity : u }
        let sorted = ports.sorted { a, b in
            let ka = key(a.utilization), kb = key(b.utilization)
            if ka != kb { return ka > kb }
            if a.node != b.node { return a.node < b.node }
            return a.port < b.port
        }
        return Array(sorted.prefix(max(0, top)))
    }
}
