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

/// Tidy CSV of a result table: a `variant` column, then the table's columns, one row per
/// design and entry, in the order given. Times are seconds as plain decimals (integer
/// picoseconds exactly; means and deviations to 12 significant digits); a cell is empty
/// when its value is undefined (no deliveries, no capacity).
public enum ResultsCSV {
    public static func render<Row>(_ columns: [Column<Row>], _ results: [RunResult],
                                   rows: (RunResult) -> [Row]) -> String {
        var out = CSV.record(["variant"] + columns.map(\.name))
        for run in results {
            for row in rows(run) { out += CSV.record([run.variant] + columns.map { $0.cell(row).csv }) }
        }
        return out
    }

    /// flows.csv: per (design, flow, leg), pooled rows first, then per-source rows; the
    /// 5G-bridge columns when a design has a 5G TSN bridge (`ResultTables.flowColumns`).
    public static func flows(_ results: [RunResult]) -> String {
        render(ResultTables.flowColumns(results), results, rows: ResultTables.flowRows)
    }

    /// ports.csv: per (design, Ethernet egress port).
    public static func ports(_ results: [RunResult]) -> String { render(ResultTables.ports, results) { $0.ports } }

    /// links.csv: per (design, direction of an external link).
    public static func links(_ results: [RunResult]) -> String { render(ResultTables.links, results) { $0.links } }

    /// cells.csv: per (design, NR cell, direction).
    public static func cells(_ results: [RunResult]) -> String { render(ResultTables.cells, results) { $0.cells } }

    /// terminals.csv: per (design, NR terminal, direction).
    public static func terminals(_ results: [RunResult]) -> String {
        render(ResultTables.terminals, results) { $0.terminals }
    }

    /// faults.csv: per (design, fault); only the header when no design has faults.
    public static func faults(_ results: [RunResult]) -> String { render(ResultTables.faults, results) { $0.faults } }

    /// compute.csv: per (design, compute node).
    public static func compute(_ results: [RunResult]) -> String {
        render(ResultTables.compute, results) { $0.compute }
    }
}
