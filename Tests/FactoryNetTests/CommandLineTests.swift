import Foundation
import Testing

/// The fnsim binary as a user meets it: exit codes, files, messages.
@Suite struct CommandLineTests {
    @Test func runWritesTheDocumentedFiles() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fnsim-cli-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try Invocation(["run", "Scenarios/quickstart.yaml", "--duration", "200ms", "--out", dir.path])
        #expect(r.status == 0, "\(r.stderr)")
        let flows = try String(contentsOf: dir.appendingPathComponent("flows.csv"), encoding: .utf8)
        #expect(flows.hasPrefix("variant,flow,sent,delivered,dropped,throughput_bps,latency_min_s,latency_mean_s,"
            + "latency_p50_s,latency_p90_s,latency_p99_s,latency_p999_s,latency_p99999_s,latency_max_s,jitter_s,"
            + "deadline_misses"))
        #expect(flows.contains("\nbase,"))
        let ports = try String(contentsOf: dir.appendingPathComponent("ports.csv"), encoding: .utf8)
        #expect(ports.hasPrefix("variant,node,port,utilization"))
        let json = try Data(contentsOf: dir.appendingPathComponent("results.json"))
        let doc = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        #expect(doc["schema_version"] as? Int == 5)
        // Each source's route, hop by hop: plc1 → sw1 → io1.
        let designs = try #require(doc["designs"] as? [[String: Any]])
        let routes = try #require(designs.first?["routes"] as? [[String: Any]])
        let poll = try #require(routes.first)
        #expect(poll["flow"] as? String == "io-poll-1" && poll["source"] as? String == "plc1" && poll["path"] as? Int == 0)
        let hops = try #require(poll["hops"] as? [[String: String]])
        #expect(hops == [["technology": "ethernet", "from": "plc1", "to": "sw1", "via": "to-sw1"],
                         ["technology": "ethernet", "from": "sw1", "to": "io1", "via": "to-io1"]])
        #expect(routes.count == 10)  // 3 + 3 I/O flows, 3 PLCs reporting, the camera
        for name in ["scenario.yaml", "links.csv", "compute.csv", "cells.csv", "terminals.csv", "faults.csv"] {
            #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent(name).path), "\(name)")
        }
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("latency.svg").path))
        // A resolved design runs again on its own and gives the same rows.
        let design = dir.appendingPathComponent("design-prioritized.yaml").path
        let again = try Invocation(["run", design, "--duration", "200ms", "--format", "csv"])
        #expect(again.status == 0, "\(again.stderr)")
        let originalRows = flows.split(separator: "\n").filter { $0.hasPrefix("prioritized,") }.map { $0.dropFirst(12) }
        let againRows = again.stdout.split(separator: "\n").filter { $0.hasPrefix("base,") }.map { $0.dropFirst(5) }
        #expect(!originalRows.isEmpty && originalRows == againRows)
    }

    @Test func csvAndJSONOnStdout() throws {
        let csv = try Invocation(["run", "Scenarios/quickstart.yaml", "--duration", "100ms", "--format", "csv"])
        #expect(csv.status == 0)
        #expect(csv.stdout.hasPrefix("variant,flow,sent,"))
        let json = try Invocation(["run", "Scenarios/quickstart.yaml", "--duration", "100ms", "--format", "json",
                                   "--variant", "base"])
        #expect(json.status == 0)
        let doc = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect((doc?["designs"] as? [Any])?.count == 1)
    }

    /// A bad scenario: exit 1 and a file:line:column message on stderr, nothing on stdout.
    @Test func badScenarioExitsOneWithLocation() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID().uuidString).yaml")
        defer { try? FileManager.default.removeItem(at: file) }
        try "name: bad\nduration: 1s\nnodes:\n  - {id: a, type: swich}\n".write(to: file, atomically: true, encoding: .utf8)
        for command in ["run", "validate"] {
            let r = try Invocation([command, file.path])
            #expect(r.status == 1)
            #expect(r.stderr.contains("\(file.path):4:"), "\(r.stderr)")
            #expect(r.stdout.isEmpty)
        }
    }

    @Test func missingFileExitsOne() throws {
        let r = try Invocation(["run", "no/such/file.yaml"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("no/such/file.yaml"))
    }

    /// Bad arguments get ArgumentParser's usage status (64, EX_USAGE).
    @Test func badArgumentsExitWithUsageCode() throws {
        #expect(try Invocation(["run", "Scenarios/quickstart.yaml", "--no-such-flag"]).status == 64)
        #expect(try Invocation(["run", "Scenarios/quickstart.yaml", "--format", "xml"]).status == 64)
        #expect(try Invocation(["frobnicate"]).status == 64)
    }

    /// Every command has help with an example: an indented line that runs the command
    /// (the USAGE line does not count).
    @Test(arguments: ["run", "validate", "routes", "schema", "bench"])
    func helpHasAnExample(command: String) throws {
        let r = try Invocation([command, "--help"])
        #expect(r.status == 0)
        let examples = r.stdout.split(separator: "\n").filter { $0.hasPrefix("  ") && $0.contains("fnsim \(command) ") }
        #expect(!examples.isEmpty, "\(r.stdout)")
    }

    /// --top and --flows choose the flows of the table; the rest are counted, with where to find them.
    @Test func topAndFlowsOptions() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fnsim-top-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let top = try Invocation(["run", "Scenarios/quickstart.yaml", "--duration", "100ms", "--variant", "base",
                                  "--top", "2", "--out", dir.path])
        #expect(top.status == 0, "\(top.stderr)")
        let lines = top.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains("flows: top 2 of 8, least deadline slack first, then highest p99"))
        #expect(lines.filter { $0.hasPrefix("flow ") }.count == 2)
        #expect(lines.contains("(6 more flows not shown: all flows are in \(dir.path)/flows.csv; "
                               + "--top all or --flows GLOB shows them here)"))
        let glob = try Invocation(["run", "Scenarios/quickstart.yaml", "--duration", "100ms", "--variant", "base",
                                   "--flows", "io-*-[12]"])
        #expect(glob.stdout.split(separator: "\n").filter { $0.hasPrefix("flow ") }
                == ["flow io-poll-1", "flow io-poll-2", "flow io-reply-1", "flow io-reply-2"])
        #expect(glob.stdout.contains("(4 flows not matching 'io-*-[12]' not shown: --out DIR writes all of them"))
        let all = try Invocation(["run", "Scenarios/quickstart.yaml", "--duration", "100ms", "--variant", "base",
                                  "--top", "all"])
        #expect(all.stdout.split(separator: "\n").filter { $0.hasPrefix("flow ") }.count == 8)
        #expect(!all.stdout.contains("not shown"))
        #expect(try Invocation(["run", "Scenarios/quickstart.yaml", "--top", "0"]).status == 64)
    }

    @Test func validateAndSchema() throws {
        let v = try Invocation(["validate", "Scenarios/factory-tree.yaml"])
        #expect(v.status == 0, "\(v.stderr)")
        #expect(v.stdout.contains("valid"))
        let s = try Invocation(["schema"])
        #expect(s.status == 0)
        let doc = try JSONSerialization.jsonObject(with: Data(s.stdout.utf8)) as? [String: Any]
        #expect(doc?["$schema"] != nil)
    }
}
