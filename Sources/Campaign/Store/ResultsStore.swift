import Analysis
import Foundation
import GRDB
import Kernel
import Reporting

/// The results of a campaign in one SQLite file (schema: `StoreSchema`): each finished run,
/// its inputs and every row of its result tables, committed as it finishes. A run is
/// recorded in one transaction, with the write-ahead log and `synchronous = FULL`: a
/// committed run survives a crash or a power loss, and a run killed half-way leaves no
/// trace, so a sweep started again resumes from `completed()`.
///
/// Safe to share between tasks: writes are serialized. Several processes may read a store
/// while one writes it (`fnsim export` during a sweep sees the runs finished so far).
public final class ResultsStore: Sendable {
    let queue: DatabaseQueue
    /// The file, as given.
    public let path: String
    /// The plan whose runs the store holds.
    public let plan: Plan
    let runStatement: String
    let readOnly: Bool
    let tableStatements: [(table: ResultTable, sql: String)]

    /// Opens or creates the store at `path` for `plan`. A new (or empty) file gets the schema
    /// and the plan; an existing store must hold the same plan (`Plan.fingerprint`).
    ///
    /// - Throws: `StoreError`: `.otherPlan` (the store is another sweep's: what differs, and
    ///   to give a new `--store` path), `.notAStore`, `.newerSchema`, `.database`.
    public init(path: String, plan: Plan) throws {
        self.path = path
        self.plan = plan
        readOnly = false
        (runStatement, tableStatements) = Self.statements()
        if plan.parameters.contains("point") {
            throw StoreError.invalidPlan(why: "a swept parameter is named 'point', the name of the points' "
                + "key column; sweep the scenario path instead (such as parameters.point)")
        }
        if try StoreFile.kind(path) == .store {
            // Checked before opening for writing: a foreign SQLite file is left untouched
            // (opening it for writing would switch it to the write-ahead log).
            let found = try StoreFile.readMeta(path)
            if found.fingerprint != plan.fingerprint {
                throw Self.otherPlan(path, stored: found.plan, wanted: plan)
            }
        }
        queue = try StoreFile.open(path, readOnly: false)
        try StoreFile.guarded(path) {
            try queue.inTransaction(.immediate) { db in
                // Another process may have created it meanwhile: then it is checked again.
                if try db.tableExists("meta") {
                    let found = try StoreFile.meta(db, path: path)
                    if found.fingerprint != plan.fingerprint {
                        throw Self.otherPlan(path, stored: found.plan, wanted: plan)
                    }
                } else {
                    try StoreFile.create(db, plan: plan)
                }
                return .commit
            }
        }
    }

    /// Opens an existing store read-only (to export, merge or read it from Swift); its plan
    /// is read back from the file.
    public init(readingFrom path: String) throws {
        self.path = path
        readOnly = true
        (runStatement, tableStatements) = Self.statements()
        switch try StoreFile.kind(path) {
        case .absent: throw StoreError.missing(path: path)
        case .empty: throw StoreError.notAStore(path: path, why: "the file is empty")
        case .store: break
        }
        plan = try StoreFile.readMeta(path).plan
        queue = try StoreFile.open(path, readOnly: true)
    }

    private static func otherPlan(_ path: String, stored: Plan, wanted: Plan) -> StoreError {
        .otherPlan(path: path, differences: PlanDifference.describe(stored: stored, wanted: wanted),
                   suggestion: "Give --store a new file for this sweep, or delete '\(path)' to start over")
    }

    private static func statements() -> (String, [(table: ResultTable, sql: String)]) {
        (StoreSchema.insert(into: "runs", columns: StoreSchema.runColumns.map(\.name)),
         ResultTables.all.map { ($0, StoreSchema.insert(into: $0.name, columns: StoreSchema.columns(of: $0))) })
    }

    /// The keys of the runs recorded (a run is recorded only once it has finished).
    public func completed() throws -> Set<RunKey> {
        try StoreFile.guarded(path) {
            try queue.read { db in
                var keys = Set<RunKey>()
                let rows = try Row.fetchCursor(db, sql: "SELECT point, design_index, replication FROM runs")
                while let row = try rows.next() {
                    keys.insert(RunKey(point: row[0], design: row[1], replication: row[2]))
                }
                return keys
            }
        }
    }

    /// Folds the write-ahead log into the file: afterwards the file alone holds every run
    /// recorded so far and can be copied by itself. SQLite does the same when the last
    /// connection to the store is released; a store left open (a killed sweep) keeps its
    /// last committed runs in `PATH-wal` beside it until it is next opened: copy both
    /// files, or open it first. A read-only store has nothing to fold.
    public func checkpoint() throws {
        guard !readOnly else { return }
        try StoreFile.guarded(path) { _ = try queue.writeWithoutTransaction { try $0.checkpoint(.truncate) } }
    }

    /// How many runs are recorded.
    public func count() throws -> Int {
        try StoreFile.guarded(path) { try queue.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM runs") ?? 0 } }
    }

    /// Records one finished run: its inputs and every row of its result tables, in one
    /// transaction (all of it is kept, or, if the process dies first, none). When it
    /// returns, the run is on disk (`synchronous = FULL`).
    ///
    /// - Parameter wallSeconds: how long the run took (kept in `runs.wall_s`, not exported).
    /// - Throws: `StoreError.alreadyRecorded` if the run is in the store already (nothing
    ///   is written: a run is never counted twice); `.notInPlan` for a run outside the plan.
    public func record(_ run: RunRecord, wallSeconds: Double) throws {
        try record([(run, wallSeconds)], beforeCommit: nil)
    }

    /// Records several finished runs in one transaction (a group commit: one disk sync for
    /// all of them, where each costs about a millisecond). Each run is still whole or
    /// absent; if one of them cannot be recorded, none is.
    public func record(_ runs: [(run: RunRecord, wallSeconds: Double)]) throws {
        try record(runs, beforeCommit: nil)
    }

    /// `record`, with a look at the transaction before it commits (tests: what a crash at
    /// that moment would leave on disk).
    func record(_ runs: [(run: RunRecord, wallSeconds: Double)], beforeCommit: ((Database) throws -> Void)?) throws {
        for (run, _) in runs { try check(run) }
        let finished = StoreFile.timestamp()
        try StoreFile.guarded(path) {
            try queue.inTransaction(.immediate) { db in
                for (run, wallSeconds) in runs { try insert(run, wallSeconds: wallSeconds, finished: finished, db) }
                try beforeCommit?(db)
                return .commit
            }
        }
    }

    /// Refuses a run that is not one of the plan's.
    private func check(_ run: RunRecord) throws {
        let key = run.key
        guard plan.points.indices.contains(key.point) else {
            throw StoreError.notInPlan(key, why: "the plan has \(plan.points.count) points")
        }
        guard plan.designs.indices.contains(key.design) else {
            throw StoreError.notInPlan(key, why: "the plan has \(plan.designs.count) designs")
        }
        guard key.replication >= 0 && key.replication < plan.replications else {
            throw StoreError.notInPlan(key, why: "the plan has \(plan.replications) replications")
        }
        let design = plan.designs[key.design]
        guard run.result.variant == design else {
            throw StoreError.notInPlan(key, why: "its result is of design '\(run.result.variant)', "
                + "the plan's design \(key.design) is '\(design)'")
        }
    }

    /// Writes the run's row and its result rows (inside the caller's transaction).
    private func insert(_ run: RunRecord, wallSeconds: Double, finished: String, _ db: Database) throws {
        let key = run.key, result = run.result, design = plan.designs[key.design]
        let exists = try Bool.fetchOne(db, sql: "SELECT 1 FROM runs WHERE point = ? AND design_index = ? "
            + "AND replication = ?", arguments: [key.point, key.design, key.replication]) ?? false
        if exists { throw StoreError.alreadyRecorded(key) }
        let runValues: [StoreValue] = [
            .integer(Int64(key.point)), .text(design), .integer(Int64(key.design)),
            .integer(Int64(key.replication)), StoreValue(unsigned: run.seed), .text(plan.scenarioHash),
            .text(FnsimVersion.string), .real(Double(result.simulated) / Double(Time.second)),
            StoreValue(unsigned: result.events), .real(wallSeconds), .text(result.stopReason.rawValue),
            .text(finished),
        ]
        var insertRun = StoreBinding(try db.cachedStatement(sql: runStatement))
        for value in runValues { insertRun.bind(value) }
        try insertRun.run(db)
        for (table, sql) in tableStatements {
            let rows = table.rows(result)
            if rows.isEmpty { continue }
            var insertRow = StoreBinding(try db.cachedStatement(sql: sql))
            for (i, cells) in rows.enumerated() {
                insertRow.bind(.integer(Int64(key.point)))
                insertRow.bind(.text(design))
                insertRow.bind(.integer(Int64(key.replication)))
                insertRow.bind(.integer(Int64(i)))
                for cell in cells { insertRow.bind(StoreValue(cell)) }
                try insertRow.run(db)
            }
        }
    }

    /// The rows of one table for the runs that match (nil: all), in plan order (point,
    /// design, replication, then the row's position in its run), each as column name →
    /// value. `table` is a result table (`flows`, `ports`, … as in `ResultTables.all`),
    /// `runs` or `points`; result rows carry `point`, `design`, `replication` and `row`.
    public func rows(table: String, point: Int? = nil, design: String? = nil) throws -> [[String: StoreValue]] {
        let known = ["runs", "points"] + ResultTables.all.map(\.name)
        guard known.contains(table) else { throw StoreError.unknownTable(table, known: known) }
        let sql: String
        var arguments: StatementArguments = [point, design]
        switch table {
        case "points":
            sql = "SELECT * FROM points WHERE (?1 IS NULL OR point = ?1) ORDER BY point"
            arguments = [point]
        case "runs":
            sql = "SELECT * FROM runs WHERE (?1 IS NULL OR point = ?1) AND (?2 IS NULL OR design = ?2) "
                + "ORDER BY point, design_index, replication"
        default:
            sql = "SELECT t.* FROM \(StoreSchema.quoted(table)) t JOIN designs d ON d.design = t.design "
                + "WHERE (?1 IS NULL OR t.point = ?1) AND (?2 IS NULL OR t.design = ?2) "
                + "ORDER BY t.point, d.design_index, t.replication, t.row"
        }
        return try StoreFile.guarded(path) {
            try queue.read { db in
                let statement = try db.makeStatement(sql: sql)
                let names = statement.columnNames
                var out: [[String: StoreValue]] = []
                let rows = try Row.fetchCursor(statement, arguments: arguments)
                while let row = try rows.next() {
                    var dict: [String: StoreValue] = [:]
                    for (i, name) in names.enumerated() { dict[name] = StoreValue(row[i] as DatabaseValue) }
                    out.append(dict)
                }
                return out
            }
        }
    }
}
