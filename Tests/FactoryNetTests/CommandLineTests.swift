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
        // `run --help` names every file a run writes.
        let help = try Invocation(["run", "--help"]).stdout
        for name in try FileManager.default.contentsOfDirectory(atPath: dir.path) {
            let documented = name.hasPrefix("design-") ? "design-NAME.yaml" : name
            #expect(help.contains(documented), "\(name) is not in run --help")
        }
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

    /// A negative number or time is answered with what is wrong with it, in either form
    /// (`--seed -1`, `--seed=-1`), as bad arguments (64).
    @Test(arguments: [
        (["--seed", "-1"], "The value '-1' is invalid for '--seed <n>': it is negative; give a whole number of 0 or more"),
        (["--seed=-1"], "The value '-1' is invalid for '--seed <n>': it is negative"),
        (["--replication", "-1"], "The value '-1' is invalid for '--replication <n>': it is negative"),
        (["--duration", "-1s"], "The value '-1s' is invalid for '--duration <time>': it is negative; give a positive time such as 2s"),
        (["--duration=-1s"], "'--duration <time>': it is negative; give a positive time such as 2s"),
        (["--warmup", "-5ms"], "'--warmup <time>': it is negative; give a time of 0s or more, such as 100ms"),
        (["--seed", "--out", "x"], "The value '--out' is invalid for '--seed <n>': it looks like an option"),
        (["--seed", "18446744073709551616"], "it is above 18446744073709551615"),
        (["--max-in-flight", "0"], "it is below 1; give a whole number of 1 or more"),
    ])
    func negativeValuesSayWhatIsWrong(arguments: [String], message: String) throws {
        let r = try Invocation(["run", "Scenarios/quickstart.yaml"] + arguments)
        #expect(r.status == 64)
        #expect(r.stderr.contains(message), "\(r.stderr)")
    }

    /// A mistyped command gets ArgumentParser's message and status, and the command meant.
    @Test(arguments: [(["rn", "Scenarios/quickstart.yaml"], "Did you mean 'fnsim run'?"),
                      (["valdate"], "Did you mean 'fnsim validate'?"),
                      (["nr", "tbss"], "Did you mean 'fnsim nr tbs'?"),
                      (["Scenarios/quickstart.yaml"], "Did you mean 'fnsim run Scenarios/quickstart.yaml'?"),
                      (["frobnicate"], "'frobnicate' is not a command of fnsim; expected one of run, validate")])
    func mistypedCommandGetsASuggestion(arguments: [String], hint: String) throws {
        let r = try Invocation(arguments)
        #expect(r.status == 64)
        #expect(r.stderr.hasPrefix("Error: "), "\(r.stderr)")
        #expect(r.stderr.contains(hint), "\(r.stderr)")
    }

    /// A design cut short (stop reason memory-limit) writes its results but exits 3,
    /// unless early stops are allowed.
    @Test func earlyStopExitsThree() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fnsim-cli-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let args = ["run", "Scenarios/quickstart.yaml", "--duration", "100ms", "--variant", "base", "--max-in-flight", "3"]
        let r = try Invocation(args + ["--out", dir.path])
        #expect(r.status == 3)
        #expect(r.stderr.contains("warning: design 'base' stopped at"), "\(r.stderr)")
        #expect(r.stderr.contains("error: 1 design stopped early; exit status 3"), "\(r.stderr)")
        #expect(r.stdout.contains("memory-limit"))
        let json = try String(contentsOf: dir.appendingPathComponent("results.json"), encoding: .utf8)
        #expect(json.contains("\"stop_reason\": \"memory-limit\""))
        let allowed = try Invocation(args + ["--allow-early-stop"])
        #expect(allowed.status == 0, "\(allowed.stderr)")
        #expect(allowed.stderr.contains("stopped at") && !allowed.stderr.contains("error:"))
        #expect(try Invocation(["run", "Scenarios/quickstart.yaml", "--duration", "100ms", "--variant", "base"]).status == 0)
    }

    /// Help reads well at 80 columns: prose is laid out by hand (ArgumentParser does not
    /// re-wrap it: it reads the same at 200 columns), and an option's help that runs onto
    /// a second line breaks between phrases (after , ; . : or before a parenthesis).
    /// Every command is checked, found from the SUBCOMMANDS lists.
    @Test func helpBreaksBetweenPhrasesAt80Columns() throws {
        var commands: [[String]] = [[]], k = 0
        while k < commands.count {
            let c = commands[k]
            k += 1
            let narrow = try Invocation(c + ["--help"], environment: ["COLUMNS": "80"]).stdout
            let wide = try Invocation(c + ["--help"], environment: ["COLUMNS": "200"]).stdout
            let name = (["fnsim"] + c).joined(separator: " ")
            #expect(narrow.components(separatedBy: "USAGE:")[0] == wide.components(separatedBy: "USAGE:")[0],
                    "\(name): prose re-wrapped at 80 columns:\n\(narrow)")
            let lines = narrow.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            for (line, next) in zip(lines, lines.dropFirst()) where !line.hasPrefix("USAGE:") {
                #expect(line.count <= 80, "\(name): \(line)")
                let continues = next.hasPrefix(String(repeating: " ", count: 26)) && next.trimmingCharacters(in: .whitespaces) != ""
                let hasHelp = line.count > 26 && line.prefix(26).last == " " && line.dropFirst(26).first != " "
                guard continues && hasHelp else { continue }
                let ok = ".,;:)".contains(line.last ?? " ") || next.trimmingCharacters(in: .whitespaces).hasPrefix("(")
                #expect(ok, "\(name): help breaks mid-phrase:\n\(line)\n\(next)")
            }
            var inList = false
            for line in lines {
                if line == "SUBCOMMANDS:" { inList = true; continue }
                if inList, line.hasPrefix("  "), line.count > 2, line.dropFirst(2).first != " " {
                    commands.append(c + [String(line.dropFirst(2).prefix { $0 != " " })])
                } else if line.isEmpty { inList = false }
            }
        }
        #expect(commands.count >= 10)
    }

    /// Every command has help with an example: an indented line that runs the command
    /// (the USAGE line does not count).
    @Test(arguments: ["run", "validate", "routes", "bound", "schema", "bench"])
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
