import Analysis
import Experiments
import Reporting

/// summary.csv: every figure of every result table over replications, tidy and long. One
/// record per (table, design, row, metric) that at least one replication had:
///
///     table,design,flow,leg,source,node,port,…,metric,n,mean,stddev,half_width,ci_low,ci_high,level
///
/// The key columns are those of every table (`ResultTables.all`, in order, each once); a
/// record fills those of its own table and leaves the others empty (a pooled flow row
/// leaves `source` empty). `n` counts the replications that had the figure (a latency is
/// undefined in a replication that delivered nothing); `half_width`, `ci_low` and
/// `ci_high` are empty when n < 2. Values are SI (seconds, bit/s, fractions), 12 significant digits.
public enum SummaryCSV {
    /// The key columns of every table, each once, in table order.
    public static let keyColumns: [String] = {
        var out: [String] = []
        for t in ResultTables.all { for k in t.keys where !out.contains(k) { out.append(k) } }
        return out
    }()

    public static let header = ["table", "design"] + keyColumns
        + ["metric", "n", "mean", "stddev", "half_width", "ci_low", "ci_high", "level"]

    public static func render(_ replicated: Replicated, level: Double) -> String {
        var out = CSV.record(header)
        let levelText = Numbers.decimal(level) ?? ""
        for table in replicated.tables {
            let positions = table.keys.map { keyColumns.firstIndex(of: $0)! }
            for (d, rows) in table.designs.enumerated() {
                for row in rows {
                    var keys = [String](repeating: "", count: keyColumns.count)
                    for (i, p) in positions.enumerated() { keys[p] = row.key[i] }
                    let prefix = [table.name, replicated.designs[d]] + keys
                    for (m, metric) in table.metrics.enumerated() {
                        let e = row.estimate(m, level: level)
                        guard e.count > 0 else { continue }
                        out += CSV.record(prefix + [
                            metric, String(e.count), number(e.mean), number(e.stddev), number(e.halfWidth),
                            number(e.low), number(e.high), levelText,
                        ])
                    }
                }
            }
        }
        return out
    }

    static func number(_ x: Double?) -> String { x.flatMap { Numbers.decimal($0) } ?? "" }
}
