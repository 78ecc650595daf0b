import Foundation
import GRDB
import Reporting

/// What a merge did.
public struct MergeSummary: Sendable, Equatable {
    /// Stores read (the output itself, if also given as an input, is not counted).
    public var inputs: Int
    /// Runs copied into the output.
    public var added: Int
    /// Runs found again (in the output or an earlier input) with the same results: taken once.
    public var duplicates: Int
    /// Runs in the output afterwards, and runs in its plan.
    public var total: Int
    public var planned: Int

    public init(inputs: Int, added: Int, duplicates: Int, total: Int, planned: Int) {
        self.inputs = inputs
        self.added = added
        self.duplicates = duplicates
        self.total = total
        self.planned = planned
    }
}

/// Joins stores of one plan (the shards of a sweep, or a sweep resumed on another machine).
public enum StoreMerge {
    /// Copies the runs of `inputs` into `output`: a new store, or an existing store of the
    /// same plan (its runs are kept). A run present in several places is taken once; its
    /// results must be the same everywhere. Each input is copied in one transaction, so a
    /// merge interrupted half-way can simply be run again.
    ///
    /// - Throws: `StoreError.otherPlan` naming the first input of another plan than the
    ///   first input's (or an output of another plan); `.notAStore` for an output that
    ///   exists and is not a store (it is never overwritten); `.conflictingRun` for a run
    ///   with different results in two places.
    @discardableResult
    public static func merge(_ inputs: [String], into output: String) throws -> MergeSummary {
        guard let first = inputs.first else {
            throw StoreError.missing(path: "(no input store given)")
        }
        let stores = try inputs.map(ResultsStore.init(readingFrom:))
        let plan = stores[0].plan
        for (path, store) in zip(inputs, stores).dropFirst() where store.plan.fingerprint != plan.fingerprint {
            throw StoreError.otherPlan(
                path: path, differences: PlanDifference.describe(stored: store.plan, wanted: plan),
                suggestion: "Merge joins the stores of one sweep (its shards); '\(first)' is of another")
        }
        let target = try ResultsStore(path: output, plan: plan)
        let outputFile = FileIdentity(output)
        var summary = MergeSummary(inputs: 0, added: 0, duplicates: 0, total: 0, planned: plan.runCount)
        for path in inputs where outputFile == nil || FileIdentity(path) != outputFile {
            let (added, duplicates) = try copy(from: path, into: target, output: output)
            summary.inputs += 1
            summary.added += added
            summary.duplicates += duplicates
        }
        summary.total = try target.count()
        // The merged store as one self-contained file (shards are merged to be copied on).
        try target.checkpoint()
        return summary
    }

    /// Copies the runs of the store at `path` that `target` lacks, after checking that the
    /// runs both hold agree. Returns (copied, already there).
    private static func copy(from path: String, into target: ResultsStore, output: String) throws -> (Int, Int) {
        try StoreFile.guarded(output) {
            try target.queue.writeWithoutTransaction { db in
                try db.execute(sql: "ATTACH DATABASE ? AS source", arguments: [path])
                defer { try? db.execute(sql: "DETACH DATABASE source") }
                var counts = (0, 0)
                try db.inTransaction(.immediate) {
                    let runKey = "point, design_index, replication", rowKey = "point, design, replication"
                    try db.execute(sql: "CREATE TEMP TABLE shared AS SELECT \(rowKey), design_index FROM source.runs "
                        + "INTERSECT SELECT \(rowKey), design_index FROM main.runs")
                    try db.execute(sql: "CREATE TEMP TABLE fresh AS SELECT \(rowKey), design_index FROM source.runs "
                        + "EXCEPT SELECT \(rowKey), design_index FROM main.runs")
                    defer { try? db.execute(sql: "DROP TABLE temp.shared; DROP TABLE temp.fresh") }
                    counts.1 = try Int.fetchOne(db, sql: "SELECT count(*) FROM temp.shared") ?? 0
                    counts.0 = try Int.fetchOne(db, sql: "SELECT count(*) FROM temp.fresh") ?? 0

                    // Runs in both must agree, in the run's results and in every row.
                    var compared = [("runs", StoreSchema.runResultColumns, runKey)]
                    for table in ResultTables.all { compared.append((table.name, StoreSchema.columns(of: table), rowKey)) }
                    for (table, columns, key) in compared {
                        let cols = columns.map { "x." + StoreSchema.quoted($0) }.joined(separator: ", ")
                        let t = StoreSchema.quoted(table)
                        let side = { (schema: String) in
                            "SELECT x.point AS run_point, x.design AS run_design, x.replication AS run_replication, "
                                + "\(cols) FROM \(schema).\(t) x JOIN temp.shared s USING (\(key))"
                        }
                        let runOf = "SELECT run_point AS point, run_design AS design, run_replication AS replication"
                        let differing = "\(runOf) FROM (\(side("source")) EXCEPT \(side("main"))) "
                            + "UNION \(runOf) FROM (\(side("main")) EXCEPT \(side("source")))"
                        if let row = try Row.fetchOne(db, sql: "SELECT d.point, d.design, d.replication FROM (\(differing)) d "
                            + "JOIN designs g ON g.design = d.design ORDER BY d.point, g.design_index, d.replication LIMIT 1") {
                            let design: String = row[1]
                            let index = try Int.fetchOne(db, sql: "SELECT design_index FROM designs WHERE design = ?",
                                                         arguments: [design]) ?? 0
                            throw StoreError.conflictingRun(RunKey(point: row[0], design: index, replication: row[2]),
                                                            first: output, second: path,
                                                            table: table == "runs" ? "run facts" : "\(table) rows")
                        }
                    }

                    // Result rows first, then the runs that own them: all in this transaction.
                    let copied = ResultTables.all.map { ($0.name, StoreSchema.columns(of: $0), rowKey) }
                        + [("runs", StoreSchema.runColumns.map(\.name), runKey)]
                    for (table, columns, key) in copied {
                        let t = StoreSchema.quoted(table)
                        try db.execute(sql: "INSERT INTO main.\(t) (\(StoreSchema.quotedList(columns))) SELECT "
                            + columns.map { "x." + StoreSchema.quoted($0) }.joined(separator: ", ")
                            + " FROM source.\(t) x JOIN temp.fresh USING (\(key))")
                    }
                    return .commit
                }
                return counts
            }
        }
    }
}

/// A file's device and inode: tells whether two paths are the same file.
private struct FileIdentity: Equatable {
    var device: UInt64
    var inode: UInt64

    init?(_ path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
    }
}
