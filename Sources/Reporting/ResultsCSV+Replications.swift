import Analysis

extension ResultsCSV {
    /// A result table of many replications: `variant`, `replication`, then the table's
    /// columns (as `ResultTables.all` declares them), design by design, replication by
    /// replication. `runs[d][k]` is design d's replication `first + k`.
    public static func replications(_ table: ResultTable, _ runs: [[RunResult]], first: Int) -> String {
        var out = CSV.record(["variant", "replication"] + table.columns)
        for design in runs {
            for (k, run) in design.enumerated() {
                let prefix = [run.variant, String(first + k)]
                for cells in table.rows(run) { out += CSV.record(prefix + cells.map(\.csv)) }
            }
        }
        return out
    }
}
