import Analysis
import Experiments
import Reporting

/// One row of a result table (a flow leg, a port, a cell direction…) over replications:
/// the values of the table's key columns, and each replication's value of every metric.
public struct ReplicatedRow: Sendable {
    /// The key columns' values in the table's key order; "" for an empty one (the source
    /// of a pooled flow row).
    public let key: [String]
    let metricCount: Int
    /// Replication-major (`samples[r * metricCount + m]`); NaN where the figure is undefined
    /// in that replication or the row is absent from it.
    var samples: [Double]

    /// Replications held (those without the row count, as undefined).
    public var replications: Int { metricCount == 0 ? 0 : samples.count / metricCount }

    /// Replication `r`'s value of metric `m` (0-based within the run); nil when undefined.
    public func value(_ m: Int, replication r: Int) -> Double? {
        let x = samples[r * metricCount + m]
        return x.isNaN ? nil : x
    }

    /// Metric `m` in each of the first `prefix` replications (all without it), nil where undefined.
    public func values(_ m: Int, prefix: Int? = nil) -> [Double?] {
        (0..<min(prefix ?? replications, replications)).map { value(m, replication: $0) }
    }

    /// The estimate of metric `m` over the replications that have the figure (its `count`
    /// says how many did); mean NaN when none did.
    public func estimate(_ m: Int, level: Double, prefix: Int? = nil) -> Estimate {
        Estimate(values(m, prefix: prefix).compactMap { $0 }, level: level)
    }
}

/// A result table (one of `ResultTables.all`) over replications, design by design. Rows
/// are matched across replications by their key; they keep the order of first appearance.
/// Every column that is not a key is a metric: percentiles, availability and flags (1 or
/// 0, so their mean is a share of replications) alike.
public struct ReplicatedTable: Sendable {
    public let name: String
    public let keys: [String]
    public let metrics: [String]
    let keyColumns: [Int]
    let metricColumns: [Int]
    let table: ResultTable
    /// Each design's rows.
    public private(set) var designs: [[ReplicatedRow]]
    /// Row positions by key, per design (looked up only; never iterated).
    private var index: [[[String]: Int]]
    public private(set) var replications = 0

    init(_ table: ResultTable, designs: Int) {
        self.table = table
        name = table.name
        keys = table.keys
        keyColumns = table.keys.map { k in table.columns.firstIndex(of: k)! }
        metricColumns = table.columns.indices.filter { !table.keys.contains(table.columns[$0]) }
        metrics = metricColumns.map { table.columns[$0] }
        self.designs = Array(repeating: [], count: designs)
        index = Array(repeating: [:], count: designs)
    }

    /// The position of a metric column, or nil.
    public func metric(_ name: String) -> Int? { metrics.firstIndex(of: name) }

    /// A design's row with this key.
    public func row(design: Int, key: [String]) -> ReplicatedRow? {
        index[design][key].map { designs[design][$0] }
    }

    /// Adds one replication: `runs[d]` is design d's result.
    mutating func append(_ runs: [RunResult]) {
        let m = metricColumns.count
        let missing = [Double](repeating: .nan, count: m)
        for (d, run) in runs.enumerated() {
            var seen = [Bool](repeating: false, count: designs[d].count)
            for cells in table.rows(run) {
                let key = keyColumns.map { cells[$0].keyText }
                let values = metricColumns.map { cells[$0].value ?? .nan }
                if let i = index[d][key] {
                    // A key twice in one run (it should not happen) keeps its first row.
                    guard !seen[i] else { continue }
                    seen[i] = true
                    designs[d][i].samples += values
                } else {
                    index[d][key] = designs[d].count
                    seen.append(true)
                    let before = [Double](repeating: .nan, count: m * replications)
                    designs[d].append(ReplicatedRow(key: key, metricCount: m, samples: before + values))
                }
            }
            for i in seen.indices where !seen[i] { designs[d][i].samples += missing }
        }
        replications += 1
    }
}

extension Cell {
    /// The text of a key cell; "" when empty.
    var keyText: String { if case let .text(s) = self { return s ?? "" } else { return "" } }
}

/// Every result table of every design over replications (replication order): what
/// `fnsim run --replications` summarises and `fnsim compare` pairs.
public struct Replicated: Sendable {
    public let designs: [String]
    public private(set) var tables: [ReplicatedTable]
    public private(set) var replications = 0

    /// Empty, for designs named `designs` (in run order); `append` adds replications.
    public init(designs: [String]) {
        self.designs = designs
        tables = ResultTables.all.map { ReplicatedTable($0, designs: designs.count) }
    }

    /// From each design's results over replications: `runs[d][r]`, replication order.
    public init(_ runs: [[RunResult]]) {
        self.init(designs: runs.map { $0.first?.variant ?? "" })
        let count = runs.map(\.count).min() ?? 0
        for r in 0..<count { append(runs.map { $0[r] }) }
    }

    /// Adds the next replication: one result per design, in design order.
    public mutating func append(_ replication: [RunResult]) {
        precondition(replication.count == designs.count, "one result per design")
        for t in tables.indices { tables[t].append(replication) }
        replications += 1
    }

    public func table(_ name: String) -> ReplicatedTable? { tables.first { $0.name == name } }

    /// The flows table (pooled rows have source "").
    public var flows: ReplicatedTable { table("flows")! }
}

extension ReplicatedTable {
    /// A flows-table key: flow, leg, and source ("" for the pooled row).
    public static func flowKey(_ flow: String, leg: String, source: String = "") -> [String] { [flow, leg, source] }
}
