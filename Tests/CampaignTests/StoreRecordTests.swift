import FactoryNet
import Foundation
import Testing

@Suite("Results store: recording and reading runs")
struct StoreRecordTests {
    /// The quickstart plant's base design, run for 0.2 s, recorded and read back: every row
    /// of every result table equals the run's own cells (text as text; counts and flags as
    /// integers; measures and times as the SI value `Cell.value` gives), in the run's order.
    @Test func roundTrip() throws {
        let plan = try StoreFixture.plan(replications: 1)
        let file = try ScenarioLoader.load(path: StoreFixture.quickstart, overrides: ["parameters.N=3"],
                                           duration: "0.2s", variants: ["base"], resolvedYAML: false)
        let design = file.designs[0]
        let result = Runner.run(RunRequest(variant: "base", plant: design.plant, seed: design.seed,
                                           duration: design.duration, warmup: design.warmup))
        let key = RunKey(point: 1, design: 0, replication: 0)
        let dir = try StoreFixture.directory()
        defer { StoreFixture.remove(dir) }
        let store = try ResultsStore(path: dir.appendingPathComponent("s.sqlite").path, plan: plan)
        try store.record(RunRecord(key: key, seed: design.seed, result: result), wallSeconds: 0.5)

        var checked = 0
        for table in ResultTables.all {
            let expected = table.rows(result)
            let stored = try store.rows(table: table.name)
            #expect(stored.count == expected.count, "\(table.name)")
            for (i, (row, cells)) in zip(stored, expected).enumerated() {
                #expect(row["point"] == .integer(1) && row["design"] == .text("base")
                    && row["replication"] == .integer(0) && row["row"] == .integer(Int64(i)))
                for (column, cell) in zip(table.columns, cells) {
                    let value = row[column]
                    switch cell {
                    case let .text(s):
                        #expect(value == (s.map(StoreValue.text) ?? .null), "\(table.name).\(column)")
                    case .count, .unsigned, .flag:
                        if let n = cell.value {
                            #expect(value == .integer(Int64(n)), "\(table.name).\(column)")
                        } else {
                            #expect(value == .null, "\(table.name).\(column)")
                        }
                    case .number, .seconds, .meanSeconds:
                        #expect(value == (cell.value.map(StoreValue.real) ?? .null), "\(table.name).\(column)")
                    }
                    checked += 1
                }
            }
        }
        // Quickstart: 8 flows and a dozen ports at N = 3; every column of both compared.
        #expect(try store.rows(table: "flows").count == result.flows.count && result.flows.count >= 8)
        #expect(try store.rows(table: "ports").count == result.ports.count && result.ports.count >= 10)
        #expect(checked > 400)

        let run = try #require(store.rows(table: "runs").first)
        #expect(run["seed"] == .integer(Int64(design.seed)) && run["design_index"] == .integer(0))
        #expect(run["events"] == .integer(Int64(result.events)) && run["stop_reason"] == .text("end-time"))
        #expect(run["simulated_s"] == .real(0.2) && run["wall_s"] == .real(0.5))
        #expect(run["scenario_hash"] == .text(plan.scenarioHash) && run["fnsim_version"] == .text(FnsimVersion.string))
    }

    /// completed() lists exactly the runs recorded, across reopening; recording one again
    /// is refused and leaves it counted once; runs outside the plan are refused.
    @Test func completedAndDuplicates() throws {
        let plan = try StoreFixture.plan()
        let runs = try StoreFixture.records(plan)
        let scratch = try StoreFixture.directory()
        defer { StoreFixture.remove(scratch) }
        let path = scratch.appendingPathComponent("s.sqlite").path
        let store = try ResultsStore(path: path, plan: plan)
        #expect(try store.completed().isEmpty)
        let some = [runs[5], runs[0], runs[3]]
        for run in some { try store.record(run, wallSeconds: 0.01) }
        #expect(try store.completed() == Set(some.map(\.key)))

        #expect(throws: StoreError.alreadyRecorded(runs[0].key)) { try store.record(runs[0], wallSeconds: 0.01) }
        #expect(try store.count() == 3)
        // A group commit is all or nothing: a duplicate in it keeps the others out too.
        #expect(throws: StoreError.alreadyRecorded(runs[6].key)) {
            try store.record([(runs[6], 0.01), (runs[7], 0.01), (runs[6], 0.01)])
        }
        #expect(try store.completed() == Set(some.map(\.key)))
        #expect(try store.rows(table: "flows", point: 0, design: "base").count
            == runs[0].result.flows.count)

        var stray = runs[1]
        stray.key.replication = 2
        #expect(throws: StoreError.self) { try store.record(stray, wallSeconds: 0) }
        var mislabelled = runs[2]
        mislabelled.key.design = 0  // a prioritized result filed as base
        #expect(throws: StoreError.self) { try store.record(mislabelled, wallSeconds: 0) }

        let again = try ResultsStore(path: path, plan: plan)
        #expect(try again.completed() == Set(some.map(\.key)))
        let reader = try ResultsStore(readingFrom: path)
        #expect(try reader.plan == plan && reader.completed() == Set(some.map(\.key)))
    }

    /// rows() returns plan order (point, design by plan index, replication, row) whatever
    /// order the runs were recorded in, and filters by point and design.
    @Test func rowsInPlanOrder() throws {
        let plan = try StoreFixture.plan()
        let runs = try StoreFixture.records(plan)
        let scratch = try StoreFixture.directory()
        defer { StoreFixture.remove(scratch) }
        let path = scratch.appendingPathComponent("s.sqlite").path
        let store = try StoreFixture.store(path, plan, runs.reversed())
        let order = try store.rows(table: "runs").map { row -> [StoreValue?] in
            [row["point"], row["design_index"], row["replication"]]
        }
        #expect(order == plan.runs.map { [.integer(Int64($0.point)), .integer(Int64($0.design)), .integer(Int64($0.replication))] })
        let ports = try store.rows(table: "ports", point: 1, design: "prioritized")
        #expect(ports.count == runs[6].result.ports.count * 2)
        #expect(ports.allSatisfy { $0["point"] == .integer(1) && $0["design"] == .text("prioritized") })
        #expect(ports.map { $0["replication"] } == ports.map { $0["replication"] }.sorted { a, b in
            (a?.number ?? 0) < (b?.number ?? 0)
        })
        #expect(try store.rows(table: "points").map { $0["parameters.N"] } == [.text("2"), .text("3")])
        #expect(throws: StoreError.self) { _ = try store.rows(table: "nonsense") }
    }

    /// The SQL tables follow `ResultTables.all`: one per result table, its columns after
    /// the row keys, none named like a key; a store opened by SQLite alone shows them.
    @Test func schemaDerivesFromTheResultTables() throws {
        let plan = try StoreFixture.plan()
        let scratch = try StoreFixture.directory()
        defer { StoreFixture.remove(scratch) }
        let path = scratch.appendingPathComponent("s.sqlite").path
        _ = try ResultsStore(path: path, plan: plan)
        for table in ResultTables.all {
            #expect(Set(table.columns).isDisjoint(with: ["point", "design", "replication", "row", "design_index"]))
        }
        let output = try StoreShell.sqlite(path, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name;")
        #expect(output.split(separator: "\n").map(String.init)
            == (["designs", "meta", "points", "runs"] + ResultTables.all.map(\.name)).sorted())
        let flows = try StoreShell.sqlite(path, "SELECT name FROM pragma_table_info('flows');")
        #expect(flows.split(separator: "\n").map(String.init)
            == ["point", "design", "replication", "row"] + ResultTables.table(named: "flows")!.columns)
        #expect(try StoreShell.sqlite(path, "PRAGMA journal_mode;") == "wal\n")
        #expect(try StoreShell.sqlite(path, "SELECT value FROM meta WHERE key = 'schema_version';") == "1\n")
    }
}

/// The sqlite3 command-line shell, an independent reader of the store's files.
enum StoreShell {
    static let path = "/usr/bin/sqlite3"

    static func sqlite(_ database: String, _ sql: String) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = [database, sql]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
