import FactoryNet
import Foundation
import Testing

@Suite("Results store: a 10,000-run store")
struct StoreScaleTests {
    /// One recorded quickstart run copied by SQL into 10,000 (as many replications): the
    /// store answers completed() and exports quickly (its keys are the tables' primary keys).
    @Test func tenThousandRuns() throws {
        let count = 10_000
        let plan = try StoreFixture.plan(replications: 1)
        let run = try StoreFixture.records(plan)[0]
        var big = plan
        big.points = [plan.points[0]]
        big.designs = ["base"]
        big.replications = count
        let dir = try StoreFixture.directory()
        defer { StoreFixture.remove(dir) }
        let path = dir.appendingPathComponent("s.sqlite").path
        try StoreFixture.store(path, big, [run])
        let copies = "WITH RECURSIVE c(r) AS (SELECT 1 UNION ALL SELECT r + 1 FROM c WHERE r < \(count - 1)) "
        var sql = "BEGIN;"
        let runColumns = "design, design_index, seed, scenario_hash, fnsim_version, simulated_s, events, wall_s, "
            + "stop_reason, finished_at"
        sql += "INSERT INTO runs (point, replication, \(runColumns)) \(copies) SELECT point, r, \(runColumns) FROM runs, c;"
        for table in ResultTables.all {
            let columns = (["design", "row"] + table.columns).map { "\"\($0)\"" }.joined(separator: ", ")
            sql += "INSERT INTO \(table.name) (point, replication, \(columns)) \(copies) "
                + "SELECT point, r, \(columns) FROM \(table.name), c;"
        }
        sql += "COMMIT;"
        _ = try StoreShell.sqlite(path, sql)

        let clock = ContinuousClock()
        let store = try ResultsStore(path: path, plan: big)
        var start = clock.now
        let done = try store.completed()
        let completedTime = start.duration(to: clock.now)
        #expect(done.count == count)
        start = clock.now
        let files = try StoreExport.csv(store: store, directory: dir.appendingPathComponent("csv").path)
        let exportTime = start.duration(to: clock.now)
        let flows = try String(contentsOfFile: files.first { $0.hasSuffix("/flows.csv") }!, encoding: .utf8)
        #expect(flows.split(separator: "\n").count == 1 + count * run.result.flows.count)
        print("store: 10,000 runs: completed() \(completedTime), CSV export \(exportTime)")
        #expect(completedTime < .milliseconds(500))
        #expect(exportTime < .seconds(30))
    }
}
