import Foundation
import GRDB

/// Opening, recognising and creating store files.
enum StoreFile {
    enum Kind { case absent, empty, store }

    /// What is at `path`: nothing, an empty file, or an SQLite database (whether it is an
    /// fnsim store is read from its `meta`). Anything else is refused before SQLite sees it.
    static func kind(_ path: String) throws -> Kind {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return .absent }
        if isDirectory.boolValue { throw StoreError.notAStore(path: path, why: "it is a directory") }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw StoreError.database(path: path, message: "cannot read the file (permissions?)")
        }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 16)) ?? Data()
        if head.isEmpty { return .empty }
        // The header string of every SQLite 3 database file (sqlite.org/fileformat.html, 1.3).
        guard head == Data("SQLite format 3\0".utf8) else {
            throw StoreError.notAStore(path: path, why: "not an SQLite database")
        }
        return .store
    }

    static func open(_ path: String, readOnly: Bool) throws -> DatabaseQueue {
        var config = Configuration()
        config.readonly = readOnly
        config.label = "fnsim results store"
        // A reader during a sweep, or two shards on one file, wait for each other's commits.
        config.busyMode = .timeout(60)
        if !readOnly {
            config.journalMode = .wal
            // FULL: each commit is synced to disk, so a recorded run survives a power loss.
            config.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        }
        return try guarded(path) { try DatabaseQueue(path: path, configuration: config) }
    }

    /// The plan and fingerprint of the store at `path`, read without writing to the file.
    static func readMeta(_ path: String) throws -> (plan: Plan, fingerprint: String) {
        let reader = try open(path, readOnly: true)
        defer { try? reader.close() }
        return try guarded(path) { try reader.read { try meta($0, path: path) } }
    }

    /// Checks that `db` is an fnsim store this fnsim reads, and returns its plan.
    static func meta(_ db: Database, path: String) throws -> (plan: Plan, fingerprint: String) {
        let applicationID = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
        guard try db.tableExists("meta") else {
            throw StoreError.notAStore(path: path, why: applicationID == StoreSchema.applicationID
                ? "its meta table is missing" : "an SQLite database without fnsim's tables")
        }
        var pairs: [String: String] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT key, value FROM meta") {
            if let key = row[0] as String?, let value = row[1] as String? { pairs[key] = value }
        }
        guard let text = pairs["schema_version"], let version = Int(text), version >= 1 else {
            throw StoreError.notAStore(path: path, why: "its meta table has no valid schema_version")
        }
        if version > StoreSchema.version { throw StoreError.newerSchema(path: path, version: version) }
        guard applicationID == StoreSchema.applicationID else {
            throw StoreError.notAStore(path: path, why: "its application_id is not fnsim's")
        }
        guard let json = pairs["plan"], let plan = try? JSONDecoder().decode(Plan.self, from: Data(json.utf8)) else {
            throw StoreError.notAStore(path: path, why: "the plan in its meta table cannot be read")
        }
        return (plan, pairs["plan_fingerprint"] ?? plan.fingerprint)
    }

    /// Writes the schema, the plan, its designs and points into an empty database.
    static func create(_ db: Database, plan: Plan) throws {
        for sql in StoreSchema.createStatements(parameters: plan.parameters) { try db.execute(sql: sql) }
        try db.execute(sql: "PRAGMA application_id = \(StoreSchema.applicationID)")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(plan), as: UTF8.self)
        let meta: [(String, String)] = [
            ("schema_version", String(StoreSchema.version)), ("fnsim_version", FnsimVersion.string),
            ("plan", json), ("plan_fingerprint", plan.fingerprint), ("scenario", plan.scenario),
            ("scenario_hash", plan.scenarioHash), ("created", timestamp()),
        ]
        for (key, value) in meta {
            try db.execute(sql: "INSERT INTO meta (key, value) VALUES (?, ?)", arguments: [key, value])
        }
        for (i, design) in plan.designs.enumerated() {
            try db.execute(sql: "INSERT INTO designs (design_index, design) VALUES (?, ?)", arguments: [i, design])
        }
        let insertPoint = StoreSchema.insert(into: "points", columns: ["point"] + plan.parameters)
        for (i, point) in plan.points.enumerated() {
            // A point's settings by the plan's parameter order (a point may list them in another).
            let values = plan.parameters.map { p in point.settings.first { $0.path == p }?.value.databaseValue ?? .null }
            try db.execute(sql: insertPoint, arguments: StatementArguments([i.databaseValue] + values))
        }
    }

    /// Now in UTC, ISO 8601 to the second ("2025-06-01T12:00:00Z"), for `created` and
    /// `finished_at` (cheaper than a date formatter, which each record would pay for).
    static func timestamp() -> String {
        var now = time(nil)
        var parts = tm()
        gmtime_r(&now, &parts)
        func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T"
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
    }

    /// Runs `body`, turning SQLite's errors into `StoreError`s that name the file.
    static func guarded<T>(_ path: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as StoreError {
            throw error
        } catch let error as DatabaseError {
            if error.resultCode == .SQLITE_NOTADB {
                throw StoreError.notAStore(path: path, why: "not an SQLite database")
            }
            throw StoreError.database(path: path, message: error.message ?? error.description)
        }
    }
}
