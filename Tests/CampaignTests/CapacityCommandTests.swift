import FactoryNet
import Foundation
import Testing

/// `fnsim capacity` end to end: exit codes, a bad --sla, the CSV header.
@Suite("Capacity: command line")
struct CapacityCommandTests {
    /// The fnsim executable built next to the test bundle.
    static var fnsim: URL {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<3 {
            let candidate = dir.appendingPathComponent("fnsim")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/debug/fnsim")
    }

    static func fnsim(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let p = Process()
        p.executableURL = fnsim
        p.arguments = arguments
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }

    /// The M/D/1 plant, short, with a variant on a faster link (more headroom).
    static func scenario() throws -> String {
        let yaml = CapacityMD1Tests.yaml.replacingOccurrences(of: "duration: 1600ms", with: "duration: 50ms")
            + """

            variants:
              - name: fast
                change:
                  links:
                    - {from: src, to: sw, rate: 2Gbps}
                    - {from: sw, to: sink, rate: 2Gbps}

            """
        #expect(yaml.contains("duration: 50ms"))
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fnsim-capacity-cli-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("md1.yaml").path
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func csvCurveAndTable() throws {
        let path = try Self.scenario()
        let csv = try Self.fnsim(["capacity", path, "--scale", "parameters.R", "--sla", "stream: mean < 40us",
                                  "--tolerance", "10%", "--replications", "3", "--format", "csv"])
        #expect(csv.status == 0, "\(csv.stderr)")
        let lines = csv.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "design,scale,flow,metric,mean,ci_low,ci_high,limit,holds")
        #expect(lines.dropFirst().allSatisfy { $0.hasPrefix("base,") || $0.hasPrefix("fast,") })
        #expect(lines.contains { $0.hasPrefix("base,400,stream,latency_mean_s,") && $0.hasSuffix(",0.00004,true") })
        #expect(csv.stderr.contains("capacity: base R=400 holds (stream mean up to "))

        let table = try Self.fnsim(["capacity", path, "--scale", "parameters.R", "--sla", "stream: mean < 40us",
                                    "--tolerance", "10%", "--replications", "3"])
        #expect(table.status == 0, "\(table.stderr)")
        let rows = table.stdout.split(separator: "\n").map(String.init)
        let header = try #require(rows.firstIndex { $0.hasPrefix("design") })
        // The faster design carries about twice the load: ranked first.
        #expect(rows[header + 2].hasPrefix("fast") && rows[header + 3].hasPrefix("base"), "\(table.stdout)")
        #expect(table.stdout.contains("stream mean up to"))

        let json = try Self.fnsim(["capacity", path, "--scale", "parameters.R", "--sla", "stream: mean < 40us",
                                   "--tolerance", "10%", "--replications", "3", "--variant", "base",
                                   "--format", "json"])
        #expect(json.status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let designs = object?["designs"] as? [[String: Any]]
        #expect(designs?.count == 1 && designs?.first?["design"] as? String == "base")
        #expect((designs?.first?["limit"] as? Double).map { $0 > 400 && $0 < 1000 } == true)
    }

    @Test func badInputsExitWithOne() throws {
        let path = try Self.scenario()
        let badSLA = try Self.fnsim(["capacity", path, "--scale", "parameters.R", "--sla", "stream: p99.9x < 1ms"])
        #expect(badSLA.status == 1)
        #expect(badSLA.stderr.contains("--sla: column 9: unknown metric 'p99.9x'; expected mean"), "\(badSLA.stderr)")
        #expect(badSLA.stdout.isEmpty)

        let noFlow = try Self.fnsim(["capacity", path, "--scale", "parameters.R", "--sla", "strem: mean < 1ms"])
        #expect(noFlow.status == 1)
        #expect(noFlow.stderr.contains("--sla: column 1: no flow matches 'strem'"), "\(noFlow.stderr)")

        // A path the scenario never reads: --set would add it, and nothing would change.
        let unused = try Self.fnsim(["capacity", path, "--scale", "parameters.Q", "--sla", "stream: mean < 1ms"])
        #expect(unused.status == 1)
        #expect(unused.stderr.contains("gives the same plant"), "\(unused.stderr)")

        let badPath = try Self.fnsim(["capacity", path, "--scale", "flows.strem.size", "--sla", "stream: mean < 1ms"])
        #expect(badPath.status == 1)
        #expect(badPath.stderr.contains("did you mean 'stream'?"), "\(badPath.stderr)")

        let badFrom = try Self.fnsim(["capacity", path, "--scale", "parameters.R", "--sla", "stream: mean < 1ms",
                                      "--from", "lots"])
        #expect(badFrom.status == 1)
        #expect(badFrom.stderr.contains("--from: expected a positive number"))

        let oneReplication = try Self.fnsim(["capacity", path, "--scale", "parameters.R", "--sla",
                                             "stream: mean < 1ms", "--replications", "1"])
        #expect(oneReplication.status == 64)
    }
}
