import GRDB
import GRDBSQLite

/// The store's hot statements through SQLite's C API, fenced here.
///
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

/// Reads the rows of a query through SQLite's C API (GRDB's `Row` decodes each value
/// through generic conversions: a tenth of an export's time).
enum StoreReading {
    /// Calls `body` with the statement positioned on each row in turn.
    static func forEachRow(_ db: Database, _ sql: String, _ body: (OpaquePointer) throws -> Void) throws {
        let statement = try db.makeStatement(sql: sql)
        let s = statement.sqliteStatement
        defer { sqlite3_reset(s) }
        while true {
            switch sqlite3_step(s) {
            case SQLITE_ROW: try body(s)
            case SQLITE_DONE: return
            case let code:
                throw DatabaseError(resultCode: ResultCode(rawValue: code),
                                    message: String(cString: sqlite3_errmsg(db.sqliteConnection)), sql: sql)
            }
        }
    }

    /// Column `i` of the current row.
    static func value(_ s: OpaquePointer, _ i: Int32) -> StoreValue {
        switch sqlite3_column_type(s, i) {
        case SQLITE_NULL: return .null
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(s, i))
        case SQLITE_FLOAT: return .real(sqlite3_column_double(s, i))
        default:
            // Text (the store writes no blobs; another tool's read as their bytes).
            guard let p = sqlite3_column_text(s, i) else { return .null }
            return .text(String(decoding: UnsafeBufferPointer(start: p, count: Int(sqlite3_column_bytes(s, i))),
                                as: UTF8.self))
        }
    }
}
