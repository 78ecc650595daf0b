import Analysis
import Experiments
import Reporting

/// The terminal table of a replicated run: each flow leg's figures as mean ± half-width,
/// designs side by side, for the flows a `FlowSelection` chooses (ranked on the means).
public enum ReplicatedFlowsTable {
    /// The figures shown, in order (every figure of every table is in summary.csv).
    static let shown: [(label: String, column: String)] = [
        ("sent", "sent"), ("delivered", "delivered"), ("dropped", "dropped"), ("loss", "loss_ratio"),
        ("throughput", "throughput_bps"), ("latency mean", "latency_mean_s"), ("latency p50", "latency_p50_s"),
        ("latency p99", "latency_p99_s"), ("latency p99.99", "latency_p9999_s"), ("latency max", "latency_max_s"),
        ("jitter (std dev)", "jitter_s"), ("deadline misses", "deadline_misses"), ("availability", "availability"),
        ("service failures", "service_failures"),
    ]

    public static func render(_ replicated: Replicated, level: Double, selection: FlowSelection = FlowSelection(),
                              outDirectory: String? = nil, stopped: String? = nil) -> String {
        let flows = replicated.flows
        var table = TextTable(alignments: [.left] + Array(repeating: .right, count: replicated.designs.count))
        table.add(["metric"] + replicated.designs)
        table.rule()
        table.heading("run")
        table.add(["  replications"] + replicated.designs.map { _ in String(replicated.replications) })
        table.add(["  confidence"] + replicated.designs.map { _ in Format.percent(level, digits: 3) })
        if let stopped { table.heading("  " + stopped) }

        let chosen = selection.choose(flowNames(flows)) { rank($0, flows, level: level) }
        if chosen.ranked {
            table.heading("flows" + (selection.pattern.map { " matching '\($0)'" } ?? "") + ": top "
                          + Format.count(chosen.shown.count) + " of " + Format.count(chosen.matching)
                          + ", least mean deadline slack first, then highest mean p99")
        }
        for key in legs(flows, of: chosen.shown) {
            let rows = flows.designs.indices.map { flows.row(design: $0, key: key) }
            table.heading("flow " + (key[1] == Leg.oneWay.rawValue ? key[0] : key[0] + " · " + key[1]))
            for (label, column) in shown {
                guard let m = flows.metric(column) else { continue }
                let estimates = rows.map { $0?.estimate(m, level: level) }
                // Figures no design has on this row (availability without a survival time) are left out.
                guard estimates.contains(where: { ($0?.count ?? 0) > 0 }) else { continue }
                let measure = Format.Measure(column: column)
                table.add(["  " + label] + estimates.map { e in
                    guard let e, e.count > 0 else { return Format.missing }
                    let text = Format.interval(e.mean, e.halfWidth, measure)
                    return e.count < replicated.replications ? text + " (n=\(e.count))" : text
                })
            }
        }
        if let hidden = chosen.leftOut(pattern: selection.pattern) {
            let whereAll = outDirectory.map { "all flows are in " + ($0.hasSuffix("/") ? $0 : $0 + "/") + "summary.csv" }
                ?? "--out DIR writes all of them to summary.csv"
            table.heading("(" + hidden + " not shown: " + whereAll + "; --top all or --flows GLOB shows them here)")
        }
        return table.render()
    }

    /// Flow names of the pooled rows, in order of first appearance, base design first.
    static func flowNames(_ flows: ReplicatedTable) -> [String] {
        var seen = Set<String>(), out: [String] = []
        for rows in flows.designs {
            for row in rows where row.key[2].isEmpty && seen.insert(row.key[0]).inserted { out.append(row.key[0]) }
        }
        return out
    }

    /// The pooled row keys of `names`, flow by flow, each flow's legs in order of first appearance.
    static func legs(_ flows: ReplicatedTable, of names: [String]) -> [[String]] {
        var legs: [String: [String]] = [:]
        for rows in flows.designs {
            for row in rows where row.key[2].isEmpty && !(legs[row.key[0]]?.contains(row.key[1]) ?? false) {
                legs[row.key[0], default: []].append(row.key[1])
            }
        }
        return names.flatMap { name in (legs[name] ?? []).map { [name, $0, ""] } }
    }

    /// `FlowRank`'s order on the means: flows with a deadline first, least mean slack
    /// (deadline − max latency) over designs and legs first; then the highest mean p99;
    /// then the file's order.
    public static func rank(_ names: [String], _ flows: ReplicatedTable, level: Double) -> [String] {
        struct Key { var slack: Double?; var p99: Double?; var position: Int }
        var keys: [String: Key] = [:]
        for (i, n) in names.enumerated() { keys[n] = Key(position: i) }
        let slack = flows.metric("worst_slack_s"), p99 = flows.metric("latency_p99_s")
        for rows in flows.designs {
            for row in rows where row.key[2].isEmpty && keys[row.key[0]] != nil {
                if let slack {
                    let e = row.estimate(slack, level: level)
                    if e.count > 0, e.mean < (keys[row.key[0]]!.slack ?? .infinity) { keys[row.key[0]]!.slack = e.mean }
                }
                if let p99 {
                    let e = row.estimate(p99, level: level)
                    if e.count > 0, e.mean > (keys[row.key[0]]!.p99 ?? -1) { keys[row.key[0]]!.p99 = e.mean }
                }
            }
        }
        return names.sorted { x, y in
            let a = keys[x]!, b = keys[y]!
            if a.slack != b.slack {
                guard let sa = a.slack else { return false }
                guard let sb = b.slack else { return true }
                return sa < sb
            }
            if a.p99 != b.p99 { return (a.p99 ?? -1) > (b.p99 ?? -1) }
            return a.position < b.position
        }
    }
}
