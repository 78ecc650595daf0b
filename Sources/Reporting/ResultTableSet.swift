import Analysis
import Kernel

extension Cell {
    /// The value as a number in SI units (seconds for times; 1 or 0 for a flag); nil for
    /// text and for an undefined value. What statistics over replications average.
    public var value: Double? {
        switch self {
        case .text: return nil
        case let .count(n): return n.map(Double.init)
        case let .unsigned(n): return Double(n)
        case let .number(x): return x.flatMap { $0.isFinite ? $0 : nil }
        case let .seconds(t): return t.map { Double($0) / Double(Time.second) }
        case let .meanSeconds(t): return t.flatMap { $0.isFinite ? $0 / Double(Time.second) : nil }
        case let .flag(b): return b ? 1 : 0
        }
    }

    /// Whether the column names its row (a flow, a port, a direction) rather than measures it.
    public var isKey: Bool { if case .text = self { return true } else { return false } }
}

/// A result table with its row type erased: its name (the CSV file's stem), its columns,
/// and each design's rows as cells. Everything that treats the tables alike (the store,
/// statistics over replications) walks `ResultTables.all`.
public struct ResultTable: Sendable {
    public let name: String
    public let columns: [String]
    /// The text columns that identify a row (flow, leg, source; node, port; …), in order.
    public let keys: [String]
    public let rows: @Sendable (RunResult) -> [[Cell]]

    init<Row>(_ name: String, _ columns: [Column<Row>], keys: [String], rows: @escaping @Sendable (RunResult) -> [Row]) {
        self.name = name
        self.columns = columns.map(\.name)
        self.keys = keys
        self.rows = { run in rows(run).map { row in columns.map { $0.cell(row) } } }
    }
}

extension ResultTables {
    /// Every table, in file order; flows with the 5G-bridge columns (empty without a bridge).
    public static let all: [ResultTable] = [
        ResultTable("flows", flows + bridgeFlows, keys: ["flow", "leg", "source"], rows: flowRows),
        ResultTable("ports", ports, keys: ["node", "port"]) { $0.ports },
        ResultTable("links", links, keys: ["link", "node", "peer", "direction"]) { $0.links },
        ResultTable("compute", compute, keys: ["node"]) { $0.compute },
        ResultTable("cells", cells, keys: ["cell", "direction"]) { $0.cells },
        ResultTable("terminals", terminals, keys: ["terminal", "direction"]) { $0.terminals },
        ResultTable("faults", faults, keys: ["fault"]) { $0.faults },
    ]

    public static func table(named name: String) -> ResultTable? { all.first { $0.name == name } }
}
