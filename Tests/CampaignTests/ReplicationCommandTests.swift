import FactoryNet
import Foundation
import Testing

/// `fnsim run --replications` and `fnsim compare` as a user meets them.
@Suite struct ReplicationCommandTests {
    static func temporaryDirectory() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("fnsim-replicate-\(UUID().uuidString)")
    }

    /// summary.csv reads as a table: the header, rows of as many fields, one per (table,
    /// design, key, metric), n at most the replications; the per-replication flows.csv has
    /// a replication column.
    @Test func runWritesSummaryCSV() throws {
        let dir = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try FnsimRun(["run", "Scenarios/quickstart.yaml", "--duration", "100ms", "--replications", "3",
                              "--out", dir.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("latency p99") && r.stdout.contains(" ± "), "\(r.stdout)")
        #expect(r.stdout.contains("replications"))
        let text = try String(contentsOf: dir.appendingPathComponent("summary.csv"), encoding: .utf8)
        let records = ReplicationFixtures.parseCSV(text)
        let header = try #require(records.first)
        #expect(header == SummaryCSV.header)
        let column = Dictionary(uniqueKeysWithValues: header.enumerated().map { ($1, $0) })
        let rows = records.dropFirst()
        #expect(rows.count > 100)
        var seen = Set<[String]>()
        for row in rows {
            #expect(row.count == header.count)
            let identity = Array(row[0..<column["metric"]! + 1])
            #expect(seen.insert(identity).inserted, "duplicate \(identity)")
            let n = try #require(Int(row[column["n"]!]))
            #expect((1...3).contains(n))
            #expect(Double(row[column["mean"]!]) != nil)
            #expect(row[column["level"]!] == "0.95")
        }
        #expect(Set(rows.map { $0[1] }) == ["base", "prioritized", "gigabit-uplink"])
        #expect(rows.contains { $0[0] == "flows" && $0[2] == "camera" && $0[column["metric"]!] == "latency_p99_s" })
        #expect(rows.contains { $0[0] == "ports" && $0[column["metric"]!] == "utilization" })
        let flows = try String(contentsOf: dir.appendingPathComponent("flows.csv"), encoding: .utf8)
        #expect(flows.hasPrefix("variant,replication,flow,sent,"))
        #expect(flows.contains("\nbase,2,camera,"))
        // --format csv prints the same summary.
        let csv = try FnsimRun(["run", "Scenarios/quickstart.yaml", "--duration", "100ms", "--replications", "3",
                                "--format", "csv"])
        #expect(csv.status == 0 && csv.stdout == text)
    }

    @Test func compareGivesVerdicts() throws {
        let r = try FnsimRun(["compare", "Scenarios/quickstart.yaml", "--duration", "100ms", "--replications", "4"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("ranking by latency_p99_s"))
        #expect(r.stdout.contains("better") || r.stdout.contains("worse"), "\(r.stdout)")
        let csv = try FnsimRun(["compare", "Scenarios/quickstart.yaml", "--duration", "100ms", "--replications", "4",
                                "--format", "csv", "--metric", "latency_p99_s,loss_ratio"])
        #expect(csv.status == 0, "\(csv.stderr)")
        let records = ReplicationFixtures.parseCSV(csv.stdout)
        #expect(records.first == ComparisonReport.csvHeader)
        let verdicts = Set(records.dropFirst().map { $0[11] })
        #expect(verdicts.isSubset(of: ["better", "worse", "no significant difference", "same", "n/a", "higher", "lower"]))
        #expect(Set(records.dropFirst().map { $0[3] }) == ["latency_p99_s", "loss_ratio"])
        #expect(Set(records.dropFirst().map { $0[0] }) == ["prioritized", "gigabit-uplink"])
    }

    /// Bad values: one clear line on stderr, exit status 1, nothing on stdout.
    @Test(arguments: [
        (["run", "--replications", "0"], "--replications 0"),
        (["run", "--replications", "3", "--confidence", "1.5"], "--confidence 1.5"),
        (["run", "--precision", "-1"], "--precision -1"),
        (["run", "--precision", "5%", "--precision-metric", "latncy_p99_s"], "did you mean 'latency_p99_s'"),
        (["compare", "--metric", "los_ratio"], "did you mean 'loss_ratio'"),
        (["compare", "--replications", "1"], "--replications 1"),
        (["compare", "--objective", "latency_p99:io-*"], "did you mean"),
        (["compare", "--availability", "120%"], "--availability 120%"),
    ])
    func badOptions(arguments: [String], message: String) throws {
        let r = try FnsimRun([arguments[0], "Scenarios/quickstart.yaml", "--duration", "50ms"] + arguments.dropFirst())
        #expect(r.status == 1, "\(arguments): \(r.stderr)")
        #expect(r.stderr.hasPrefix("error: ") && r.stderr.contains(message), "\(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
        #expect(r.stdout.isEmpty)
    }
}
