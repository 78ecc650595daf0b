import GRDB
import GRDBSQLite

/// Binds values to a prepared INSERT and runs it through SQLite's C API. GRDB's own
/// argument path (`StatementArguments` built from a generic sequence) cost ~10 µs per
/// 55-column row in generic metadata and key-path lookups: half of recording a run.
/// Used only for the store's own statements, whose placeholders match the values.
struct StoreBinding {
    let statement: Statement
    private var index: Int32 = 1

    init(_ statement: Statement) { self.statement = statement }

    /// The destructor constant that makes SQLite copy a bound string (SQLITE_TRANSIENT).
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    mutating func bind(_ value: StoreValue) {
        let s = statement.sqliteStatement
        switch value {
        case .null: sqlite3_bind_null(s, index)
        case let .integer(n): sqlite3_bind_int64(s, index, n)
        case let .real(x): sqlite3_bind_double(s, index, x)
        case let .text(t): sqlite3_bind_text(s, index, t, -1, Self.transient)
        }
        index += 1
    }

    /// Runs the statement with the values bound since the last run.
    mutating func run(_ db: Database) throws {
        let s = statement.sqliteStatement
        let code = sqlite3_step(s)
        sqlite3_reset(s)
        index = 1
        guard code == SQLITE_DONE else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code),
                                message: String(cString: sqlite3_errmsg(db.sqliteConnection)), sql: statement.sql)
        }
    }
}
