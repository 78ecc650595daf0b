import GRDB
import Reporting

/// The results store's SQLite schema, version 1. One file holds the runs of one `Plan`.
///
/// | table | columns | one row per |
/// |---|---|---|
/// | `meta` | `key`, `value` (text) | fact: `schema_version`, `fnsim_version` (that created the file), `plan` (the plan's canonical JSON), `plan_fingerprint`, `scenario`, `scenario_hash`, `created` (ISO 8601) |
/// | `designs` | `design_index`, `design` | design of the plan, in plan order |
/// | `points` | `point`, then one text column per swept parameter, named by its path (`"parameters.N"`) | point of the plan |
/// | `runs` | `point`, `design`, `design_index`, `replication`, `seed`, `scenario_hash`, `fnsim_version`, `simulated_s`, `events`, `wall_s`, `stop_reason`, `finished_at` | finished run |
/// | `flows`, `ports`, `links`, `compute`, `cells`, `terminals`, `faults` | `point`, `design`, `replication`, `row` (position in the run), then the columns of the table's CSV (`ResultTables.all`) | row of a run's result table |
///
/// Keys: `runs` (point, design_index, replication); each result table (point, design,
/// replication, row). Result values keep their kind: counts and flags (1/0) are INTEGER,
/// measures and times REAL in SI units (seconds), names TEXT, undefined NULL. The value
/// columns of result tables are declared without a type so that SQLite stores each value
/// as written (a declared affinity would turn the text "3" into a number).
/// `PRAGMA application_id` marks the file as an fnsim store.
public enum StoreSchema {
    /// The version this fnsim writes and reads; a store of a newer version is refused.
    public static let version = 1
    /// "fnsi": tells an fnsim store from another SQLite file (`PRAGMA application_id`).
    static let applicationID: Int32 = 0x666E_7369

    /// The columns that place a row of a result table: the run, and the row's position in it.
    static let rowKeys = ["point", "design", "replication", "row"]

    /// The columns of `runs`, in table order, with their declarations.
    static let runColumns: [(name: String, type: String)] = [
        ("point", "INTEGER NOT NULL"), ("design", "TEXT NOT NULL"), ("design_index", "INTEGER NOT NULL"),
        ("replication", "INTEGER NOT NULL"),
        // Untyped: a seed above 2^63 − 1 is kept as its decimal text (INTEGER affinity would round it).
        ("seed", "NOT NULL"),
        ("scenario_hash", "TEXT NOT NULL"), ("fnsim_version", "TEXT NOT NULL"),
        ("simulated_s", "REAL NOT NULL"), ("events", "INTEGER NOT NULL"), ("wall_s", "REAL NOT NULL"),
        ("stop_reason", "TEXT NOT NULL"), ("finished_at", "TEXT NOT NULL"),
    ]

    /// The columns of `runs` that a run's results determine (what a merge compares):
    /// not where, when, how fast or by which fnsim it ran.
    static let runResultColumns = ["seed", "scenario_hash", "simulated_s", "events", "stop_reason"]

    /// Every column of a result table's SQL table: the row keys, then the table's own.
    static func columns(of table: ResultTable) -> [String] { rowKeys + table.columns }

    static func quoted(_ name: String) -> String { name.quotedDatabaseIdentifier }

    static func quotedList(_ names: [String]) -> String { names.map(quoted).joined(separator: ", ") }

    /// The statements that create an empty store for plans sweeping `parameters`.
    static func createStatements(parameters: [String]) -> [String] {
        var sql = [
            "CREATE TABLE meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL)",
            "CREATE TABLE designs (design_index INTEGER PRIMARY KEY, design TEXT NOT NULL UNIQUE)",
            "CREATE TABLE points (" + (["point INTEGER PRIMARY KEY"] + parameters.map { "\(quoted($0)) TEXT" })
                .joined(separator: ", ") + ")",
            "CREATE TABLE runs (" + runColumns.map { "\($0.name) \($0.type)" }.joined(separator: ", ")
                + ", PRIMARY KEY (point, design_index, replication))",
        ]
        for table in ResultTables.all {
            // Key columns of the table (flow, node, …) are text; the rest keep their kind.
            let own = table.columns.map { table.keys.contains($0) ? "\(quoted($0)) TEXT" : quoted($0) }
            sql.append("CREATE TABLE \(quoted(table.name)) (point INTEGER NOT NULL, design TEXT NOT NULL, "
                + "replication INTEGER NOT NULL, row INTEGER NOT NULL, " + own.joined(separator: ", ")
                + ", PRIMARY KEY (point, design, replication, row)) WITHOUT ROWID")
        }
        return sql
    }

    /// The INSERT of one row of `table`, with a placeholder per column.
    static func insert(into table: String, columns: [String]) -> String {
        "INSERT INTO \(quoted(table)) (\(quotedList(columns))) VALUES ("
            + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
    }
}
