import FactoryNet
import Foundation
import Testing

@Suite("Results store: CSV export")
struct StoreExportTests {
    /// The same runs recorded in plan order, in reverse and in a seeded random order export
    /// to byte-identical files.
    @Test func exportIgnoresRecordingOrder() throws {
        let plan = try StoreFixture.plan()
        let runs = try StoreFixture.records(plan)
        let seed = UInt64.random(in: 1...UInt64.max)
        var rng = SplitMix(seed)
        let orders = [runs, runs.reversed(), runs.shuffled(using: &rng)]
        var exports: [[String: Data]] = []
        for order in orders {
            let dir = try StoreFixture.directory()
            defer { StoreFixture.remove(dir) }
            let store = try StoreFixture.store(dir.appendingPathComponent("s.sqlite").path, plan, order)
            exports.append(try StoreFixture.export(store, into: dir.appendingPathComponent("csv")))
        }
        #expect(exports[0] == exports[1], "reverse order")
        #expect(exports[0] == exports[2], "shuffled with seed \(seed)")
        #expect(Set(exports[0].keys) == Set(["points.csv", "runs.csv"] + ResultTables.all.map { $0.name + ".csv" }))
    }

    /// What the files hold: headers, order, numbers written as their kind, no wall time.
    @Test func exportContents() throws {
        let plan = try StoreFixture.plan()
        let runs = try StoreFixture.records(plan)
        let dir = try StoreFixture.directory()
        defer { StoreFixture.remove(dir) }
        let store = try StoreFixture.store(dir.appendingPathComponent("s.sqlite").path, plan, runs.reversed())
        let files = try StoreFixture.export(store, into: dir.appendingPathComponent("csv"))
        let text = { (name: String) in String(decoding: files[name] ?? Data(), as: UTF8.self) }

        #expect(text("points.csv") == "point,parameters.N\n0,2\n1,3\n")
        let runLines = text("runs.csv").split(separator: "\n").map(String.init)
        #expect(runLines[0] == "point,parameters.N,design,replication,seed,simulated_s,events,stop_reason")
        #expect(runLines.count == 1 + runs.count)
        #expect(runLines[1] == "0,2,base,0,42,0.2,\(runs[0].result.events),end-time")
        #expect(runLines[3].hasPrefix("0,2,prioritized,0,42,0.2,"))
        #expect(runLines[5].hasPrefix("0,2,gigabit-uplink,0,42,0.2,"), "designs in plan order, not by name")
        #expect(runLines[12].hasPrefix("1,3,gigabit-uplink,1,42,0.2,"))

        let flowLines = text("flows.csv").split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(flowLines[0] == (["point", "parameters.N", "design", "replication"]
            + ResultTables.table(named: "flows")!.columns).joined(separator: ","))
        #expect(flowLines.count == 2 + runs.reduce(0) { $0 + $1.result.flows.count })
        // The first run's first flow row: its sent count as an integer, its mean latency as
        // the shortest decimal of the stored Double, empty fields where undefined.
        let first = runs[0].result.flows[0]
        let fields = flowLines[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let columns = ResultTables.table(named: "flows")!.columns
        #expect(fields[0...3] == ["0", "2", "base", "0"])
        #expect(fields[4 + columns.firstIndex(of: "flow")!] == first.flow)
        #expect(fields[4 + columns.firstIndex(of: "sent")!] == String(first.sent))
        let mean = try #require(first.latency?.mean)
        #expect(fields[4 + columns.firstIndex(of: "latency_mean_s")!] == (mean / 1e12).description)
        #expect(fields[4 + columns.firstIndex(of: "availability")!] == "")
        #expect(!text("runs.csv").contains("wall") && !text("runs.csv").contains("finished"))
        // No run of quickstart has NR cells or faults: header only.
        #expect(text("cells.csv").split(separator: "\n").count == 1)
        #expect(text("faults.csv") == "point,parameters.N,design,replication,fault,failures,downtime_s,longest_downtime_s,down_at_end\n")
    }
}

/// A small seeded generator, so a shuffled order can be replayed from the printed seed.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(_ seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
