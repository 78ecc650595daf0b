import Foundation
import GRDB
import GRDBSQLite
import Reporting

/// Tidy CSV of a results store, for pandas, R or a spreadsheet.
///
/// Files (RFC 4180, `CSV.record`):
/// - `points.csv`: `point`, then one column per swept parameter named by its path; every
///   point of the plan.
/// - `runs.csv`: `point`, the parameters, `design`, `replication`, `seed`, `simulated_s`,
///   `events`, `stop_reason`: one row per recorded run.
/// - `flows.csv`, `ports.csv`, `links.csv`, `compute.csv`, `cells.csv`, `terminals.csv`,
///   `faults.csv`: `point`, the parameters, `design`, `replication`, then the table's
///   columns (as in `fnsim run --out`). Every table is written, with only its header when
///   no run has rows for it (as `fnsim run --out` does), so a script finds the same files.
///
/// Rows are ordered by point, design (in plan order), replication and the row's position
/// in its run. Integers are written as integers, reals in Swift's shortest round-trip form,
/// NULL as an empty field; wall time and finish time are left out (they differ between
/// machines). So the same runs give byte-identical files, whatever order they were
/// recorded in and whichever stores they were merged through.
public enum StoreExport {
    /// Writes the CSV files into `directory` (created if need be) and returns their paths,
    /// in the order above. Each file is written under a temporary name and renamed when
    /// complete. The export reads one snapshot: runs recorded meanwhile are left out.
    @discardableResult
    public static func csv(store: ResultsStore, directory: String) throws -> [String] {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw StoreError.database(path: directory, message: "cannot create the export directory: \(error.localizedDescription)")
        }
        let parameters = store.plan.parameters
        let dir = URL(fileURLWithPath: directory)
        var written: [String] = []
        try StoreFile.guarded(store.path) {
            try store.queue.read { db in
                // Each point's parameter fields, by point (looked up, never iterated).
                var settings: [Int: String] = [:]
                let pointsSQL = "SELECT point" + parameters.map { ", " + StoreSchema.quoted($0) }.joined()
                    + " FROM points ORDER BY point"
                try write(dir.appendingPathComponent("points.csv"), header: ["point"] + parameters) { line in
                    try StoreReading.forEachRow(db, pointsSQL) { s in
                        var fields = ""
                        for i in 0..<parameters.count { append(StoreReading.value(s, Int32(i + 1)), to: &fields) }
                        settings[Int(sqlite3_column_int64(s, 0))] = fields
                        line(String(sqlite3_column_int64(s, 0)) + fields)
                    }
                }
                written.append(dir.appendingPathComponent("points.csv").path)

                let runColumns = ["seed", "simulated_s", "events", "stop_reason"]
                let runsSQL = "SELECT point, design, replication, " + StoreSchema.quotedList(runColumns)
                    + " FROM runs ORDER BY point, design_index, replication"
                try export(db, sql: runsSQL, own: runColumns, to: dir.appendingPathComponent("runs.csv"),
                           parameters: parameters, settings: settings)
                written.append(dir.appendingPathComponent("runs.csv").path)

                for table in ResultTables.all {
                    let sql = "SELECT t.point, t.design, t.replication, "
                        + table.columns.map { "t." + StoreSchema.quoted($0) }.joined(separator: ", ")
                        + " FROM \(StoreSchema.quoted(table.name)) t JOIN designs d ON d.design = t.design "
                        + "ORDER BY t.point, d.design_index, t.replication, t.row"
                    let file = dir.appendingPathComponent(table.name + ".csv")
                    try export(db, sql: sql, own: table.columns, to: file, parameters: parameters, settings: settings)
                    written.append(file.path)
                }
            }
        }
        return written
    }

    /// Writes the rows of `sql` (point, design, replication, then `own`) with the point's
    /// parameter values after `point`.
    private static func export(_ db: Database, sql: String, own: [String], to file: URL, parameters: [String],
                               settings: [Int: String]) throws {
        let blank = String(repeating: ",", count: parameters.count)
        let columns = Int32(3 + own.count)
        try write(file, header: ["point"] + parameters + ["design", "replication"] + own) { line in
            var text = ""
            try StoreReading.forEachRow(db, sql) { s in
                let point = Int(sqlite3_column_int64(s, 0))
                text.removeAll(keepingCapacity: true)
                text += String(point)
                text += settings[point] ?? blank
                for i in 1..<columns { append(StoreReading.value(s, i), to: &text) }
                line(text)
            }
        }
    }

    /// Appends "," and the value's CSV field (numbers never need quotes; text is quoted
    /// as RFC 4180 wants, by `CSV.field`).
    private static func append(_ value: StoreValue, to line: inout String) {
        line += ","
        if case let .text(s) = value { line += CSV.field(s) } else { line += value.csvField }
    }

    /// Streams records into `file` through a temporary file renamed at the end, so that a
    /// reader never sees half a file.
    private static func write(_ file: URL, header: [String], body: (((String) -> Void)) throws -> Void) throws {
        let temporary = file.deletingLastPathComponent().appendingPathComponent("." + file.lastPathComponent + ".partial")
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil),
              let handle = FileHandle(forWritingAtPath: temporary.path) else {
            throw StoreError.database(path: file.path, message: "cannot write the file")
        }
        var buffer = CSV.record(header)
        var failure: Error?
        func flush() {
            guard failure == nil, !buffer.isEmpty else { return }
            do { try handle.write(contentsOf: Data(buffer.utf8)) } catch { failure = error }
            buffer.removeAll(keepingCapacity: true)
        }
        do {
            try body { line in
                buffer += line
                buffer += "\n"
                if buffer.utf8.count >= 1 << 20 { flush() }
            }
            flush()
            try handle.close()
        } catch {
            try? handle.close()
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
        if let failure {
            try? FileManager.default.removeItem(at: temporary)
            throw StoreError.database(path: file.path, message: "cannot write the file: \(failure.localizedDescription)")
        }
        if rename(temporary.path, file.path) != 0 {
            throw StoreError.database(path: file.path, message: "cannot rename the written file into place")
        }
    }
}
