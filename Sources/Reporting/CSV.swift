import Analysis
import Kernel

/// RFC 4180 fields and records. Lines end in "\n" (what pandas, R and Unix tools expect;
/// RFC 4180 readers accept it too); the last record ends in "\n" as well.
public enum CSV {
    /// A field, quoted when it holds a comma, a double quote, CR or LF (quotes doubled),
    /// or leading/trailing spaces that a reader might trim.
    public static func field(_ text: String) -> String {
        let needsQuotes = text.contains { ch in
            ch == "," || ch == "\"" || ch == "\n" || ch == "\r" || ch == "\r\n"
        } || text.first == " " || text.last == " "
        guard needsQuotes else { return text }
        var out = "\""
        for ch in text {
            if ch == "\"" { out.append("\"\"") } else { out.append(ch) }
        }
        out.append("\"")
        return out
    }

    /// One record: the fields quoted as needed, joined by commas, ending in "\n".
    public static func record(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",") + "\n"
    }
}

/// Tidy per-flow CSV: one row per (variant, flow), then per-source rows.
///
/// Column order is fixed; new columns are only ever appended. Times are seconds as plain
/// decimals (integer picoseconds exactly; means and deviations to 12 significant digits);
/// a cell is empty when its value is undefined (no deliveries, no IPDV samples).
///
/// Extra columns after the fixed ones: `source` (empty on the pooled row of a flow, the
/// sending node on a per-source row), `in_flight` (sent − delivered − dropped),
/// `ipdv_mean_s` (mean |IPDV|, RFC 3393), `loss_ratio` (dropped / sent, empty when nothing
/// was sent).
public enum FlowsCSV {
    public static let columns = [
        "variant", "flow", "sent", "delivered", "dropped", "throughput_bps",
        "latency_min_s", "latency_mean_s", "latency_p50_s", "latency_p90_s", "latency_p99_s",
        "latency_p999_s", "latency_p99999_s", "latency_max_s", "jitter_s", "deadline_misses",
        "source", "in_flight", "ipdv_mean_s", "loss_ratio",
    ]

    public static func render(_ results: [RunResult]) -> String {
        var out = CSV.record(columns)
        for run in results {
            // Pooled rows first, then per-source rows, each in the order given.
            for flow in run.flows where flow.source == nil {
                out += CSV.record(row(variant: run.variant, flow))
            }
            for flow in run.flows where flow.source != nil {
                out += CSV.record(row(variant: run.variant, flow))
            }
        }
        return out
    }

    static func row(variant: String, _ f: FlowResult) -> [String] {
        let l = f.latency
        var cells = [variant, f.flow, String(f.sent), String(f.delivered), String(f.dropped),
                     Numbers.decimal(f.throughputBitsPerSecond) ?? ""]
        if let l {
            cells += [Numbers.seconds(picoseconds: l.min),
                      Numbers.seconds(picoseconds: l.mean) ?? "",
                      Numbers.seconds(picoseconds: l.p50),
                      Numbers.seconds(picoseconds: l.p90),
                      Numbers.seconds(picoseconds: l.p99),
                      Numbers.seconds(picoseconds: l.p999),
                      Numbers.seconds(picoseconds: l.p99999),
                      Numbers.seconds(picoseconds: l.max),
                      Numbers.seconds(picoseconds: l.stddev) ?? ""]
        } else {
            cells += Array(repeating: "", count: 9)
        }
        cells.append(String(f.deadlineMisses))
        cells.append(f.source ?? "")
        cells.append(String(f.inFlight))
        cells.append(f.meanAbsIPDV.flatMap { Numbers.seconds(picoseconds: $0) } ?? "")
        cells.append(f.lossRatio.flatMap { Numbers.decimal($0) } ?? "")
        return cells
    }
}

/// Tidy per-port CSV: one row per (variant, egress port), in the order given.
/// `utilization` is a fraction (0...1); queue figures exclude the frame on the wire.
public enum PortsCSV {
    public static let columns = [
        "variant", "node", "port", "utilization", "frames_sent", "queue_mean_frames", "queue_max_frames",
        "queue_mean_bytes", "queue_max_bytes", "drops",
    ]

    public static func render(_ results: [RunResult]) -> String {
        var out = CSV.record(columns)
        for run in results {
            for p in run.ports {
                out += CSV.record([
                    run.variant, p.node, p.port,
                    Numbers.decimal(p.utilization) ?? "",
                    String(p.framesSent),
                    Numbers.decimal(p.queueMeanFrames) ?? "",
                    String(p.queueMaxFrames),
                    Numbers.decimal(p.queueMeanBytes) ?? "",
                    String(p.queueMaxBytes),
                    String(p.drops),
                ])
            }
        }
        return out
    }
}
