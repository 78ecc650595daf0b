import GRDB
import Reporting

/// One value of the results store, as SQLite holds it: counts stay integers, measures and
/// times are reals (seconds), names are text, and an undefined value is NULL.
public enum StoreValue: Sendable, Equatable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)

    /// The value as a number (integers widened); nil for text and NULL.
    public var number: Double? {
        switch self {
        case let .integer(n): return Double(n)
        case let .real(x): return x
        case .null, .text: return nil
        }
    }

    /// The text of a text value; nil otherwise.
    public var text: String? { if case let .text(s) = self { return s } else { return nil } }

    /// A result cell as stored: text as TEXT, counts and flags (1/0) as INTEGER, measures
    /// and times as REAL in SI units (`Cell.value`: seconds), undefined as NULL.
    public init(_ cell: Cell) {
        switch cell {
        case let .text(s): self = s.map(StoreValue.text) ?? .null
        case let .count(n): self = n.map(StoreValue.integer) ?? .null
        case let .unsigned(n): self = StoreValue(unsigned: n)
        case let .flag(b): self = .integer(b ? 1 : 0)
        case .number, .seconds, .meanSeconds: self = cell.value.map(StoreValue.real) ?? .null
        }
    }

    /// An unsigned count or a seed: an integer when it fits SQLite's signed 64 bits, else its
    /// decimal text (never wrapped to a negative number); both export as the same digits.
    public init(unsigned n: UInt64) {
        self = Int64(exactly: n).map(StoreValue.integer) ?? .text(String(n))
    }

    /// The CSV field of the export (before quoting): integers in decimal, reals in Swift's
    /// shortest form that reads back to the same Double, empty for NULL. The same value
    /// always gives the same text, on any machine.
    public var csvField: String {
        switch self {
        case .null: return ""
        case let .integer(n): return String(n)
        case let .real(x): return x.description
        case let .text(s): return s
        }
    }

    init(_ value: DatabaseValue) {
        switch value.storage {
        case .null: self = .null
        case let .int64(n): self = .integer(n)
        case let .double(x): self = .real(x)
        case let .string(s): self = .text(s)
        // The store writes no blobs; one written by another tool reads as its bytes in hex.
        case let .blob(data):
            self = .text(data.map { b in (b < 16 ? "0" : "") + String(b, radix: 16) }.joined())
        }
    }

    var databaseValue: DatabaseValue {
        switch self {
        case .null: return .null
        case let .integer(n): return n.databaseValue
        case let .real(x): return x.databaseValue
        case let .text(s): return s.databaseValue
        }
    }
}
