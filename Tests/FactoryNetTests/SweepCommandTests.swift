import Foundation
import Testing

/// `fnsim sweep`, `merge` and `export` end to end: resume after SIGKILL, shards merged
/// through the generated Slurm scripts, progress lines.
@Suite("fnsim sweep", .serialized)
struct SweepCommandTests {
    /// 4 camera rates × 3 designs × 8 replications = 96 short quickstart runs.
    static let sweep = [Repo.scenario("quickstart.yaml"), "--duration", "200ms", "--warmup", "0s",
                        "--param", "flows.camera.rate=20Mbps..80Mbps+20Mbps", "--replications", "8"]

    static func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fnsim-sweep-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Every CSV file of an export, by name.
    static func export(_ store: URL, into dir: URL) throws -> [String: String] {
        let x = try Invocation(["export", store.path, "--csv", dir.path])
        #expect(x.status == 0, "\(x.stderr)")
        var out: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: dir.path) where name.hasSuffix(".csv") {
            out[name] = try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)
        }
        return out
    }

    /// The uninterrupted sweep's export, made once.
    static let reference: Result<[String: String], Error> = Result {
        let dir = try temporaryDirectory()
        let store = dir.appendingPathComponent("all.db")
        let x = try Invocation(["sweep"] + sweep + ["--store", store.path, "--jobs", "2"])
        guard x.status == 0 else { throw CocoaError(.fileWriteUnknown, userInfo: ["stderr": x.stderr]) }
        return try export(store, into: dir.appendingPathComponent("csv"))
    }

    @Test func everyRunOnceInPlanOrder() throws {
        let csv = try Self.reference.get()
        let runs = try #require(csv["runs.csv"]).split(separator: "\n")
        #expect(runs.count == 1 + 96)
        #expect(runs[0].hasPrefix("point,flows.camera.rate,design,replication,seed"))
        #expect(runs[1].hasPrefix("0,20Mbps,base,0,42"))
        #expect(runs[96].hasPrefix("3,80Mbps,gigabit-uplink,7,42"))
        #expect(Set(runs.dropFirst()).count == 96)
        let flows = try #require(csv["flows.csv"])
        #expect(flows.hasPrefix("point,flows.camera.rate,design,replication,flow,"))
    }

    /// Killed with SIGKILL after a few runs (committed one by one), then started again:
    /// every run exactly once, and the same bytes as the sweep that ran through.
    @Test func resumesAfterSIGKILL() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("killed.db")
        let log = dir.appendingPathComponent("stderr.txt")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let p = Process()
        p.executableURL = Repo.fnsim
        p.arguments = ["sweep"] + Self.sweep + ["--store", store.path, "--jobs", "1", "--progress-interval", "0",
                                                "--commit-interval", "0"]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = try FileHandle(forWritingTo: log)
        try p.run()
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline {
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            let done = text.matches(of: /sweep: (\d+)\/96 done/).compactMap { Int($0.1) }.max() ?? 0
            if done >= 2 { break }
            Thread.sleep(forTimeInterval: 0.005)
        }
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        #expect(p.terminationReason == .uncaughtSignal)

        let again = try Invocation(["sweep"] + Self.sweep + ["--store", store.path, "--jobs", "2"])
        #expect(again.status == 0, "\(again.stderr)")
        let kept = again.stderr.firstMatch(of: /(\d+) already in/).flatMap { Int($0.1) } ?? 0
        #expect(kept >= 2 && kept < 96, "\(again.stderr)")
        #expect(again.stdout.contains("\(96 - kept) runs in") && again.stdout.contains("96 of 96"))

        let resumed = try Self.export(store, into: dir.appendingPathComponent("csv"))
        let reference = try Self.reference.get()
        #expect(resumed.keys.sorted() == reference.keys.sorted())
        for (name, text) in reference { #expect(resumed[name] == text, "\(name) differs") }

        // A third start finds nothing to do.
        let idle = try Invocation(["sweep"] + Self.sweep + ["--store", store.path])
        #expect(idle.status == 0 && idle.stderr.contains("96 already in") && idle.stdout.contains("0 runs in"))
    }

    /// `--slurm` writes the job array; its three tasks (run here with bash, as Slurm would,
    /// each with its SLURM_ARRAY_TASK_ID) and the merge script give the same CSV bytes as
    /// the sweep run in one piece.
    @Test func shardsThroughTheSlurmScriptsMergeByteIdentical() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let cluster = dir.appendingPathComponent("cluster")
        let w = try Invocation(["sweep"] + Self.sweep + ["--slurm", cluster.path, "--shards", "3", "--slurm-cpus", "1",
                                                         "--slurm-option=--time=00:10:00"])
        #expect(w.status == 0, "\(w.stderr)")
        let array = try String(contentsOf: cluster.appendingPathComponent("sweep.sbatch"), encoding: .utf8)
        #expect(array.contains("#SBATCH --array=1-3") && array.contains("#SBATCH --time=00:10:00"))
        let submit = try String(contentsOf: cluster.appendingPathComponent("submit.sh"), encoding: .utf8)
        #expect(submit.contains("--dependency=afterok:"))
        for task in 1...3 {
            let r = try Self.bash(cluster.appendingPathComponent("sweep.sbatch"),
                                  environment: ["SLURM_ARRAY_TASK_ID": "\(task)", "SLURM_CPUS_PER_TASK": "1"])
            #expect(r.status == 0, "shard \(task): \(r.stderr)")
            #expect(r.stderr.contains("(shard \(task)/3: 32 runs)"), "\(r.stderr)")
        }
        let m = try Self.bash(cluster.appendingPathComponent("merge.sbatch"), environment: [:])
        #expect(m.status == 0, "\(m.stderr)")
        let reference = try Self.reference.get()
        for (name, text) in reference {
            let merged = try String(contentsOf: cluster.appendingPathComponent("csv/\(name)"), encoding: .utf8)
            #expect(merged == text, "\(name) differs")
        }
    }

    @Test func progressLinesOnStderr() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let x = try Invocation(["sweep", Repo.scenario("quickstart.yaml"), "--duration", "50ms", "--replications", "4",
                                "--variant", "base", "--store", dir.appendingPathComponent("p.db").path,
                                "--progress-interval", "0", "--jobs", "1"])
        #expect(x.status == 0, "\(x.stderr)")
        let lines = x.stderr.split(separator: "\n").filter { $0.hasPrefix("sweep: ") && $0.contains("done") }
        // The file sweeps 4 camera rates: 4 points × 1 design × 4 replications.
        #expect(lines.contains { $0.hasPrefix("sweep: 16/16 done, 0 running, 0 remaining") })
        #expect(lines.contains { $0.contains("ETA") })
    }

    @Test func badSweepInputs() throws {
        let q = Repo.scenario("quickstart.yaml")
        let cases: [([String], String)] = [
            (["sweep", q, "--param", "parameters.N=4ms..1ms*3"], "backwards"),
            (["sweep", q, "--param", "parameters.N"], "PATH=V1,V2"),
            (["sweep", q, "--shard", "4/3"], "between 1 and N"),
            (["sweep", q, "--param", "flows.nosuch.rate=1Mbps,2Mbps", "--duration", "20ms", "--store", "/tmp/fnsim-bad-\(UUID().uuidString).db"],
             "nosuch"),
        ]
        for (args, expected) in cases {
            let x = try Invocation(args)
            #expect(x.status != 0, "\(args) exited 0")
            #expect(x.stderr.contains(expected), "\(args): \(x.stderr)")
            #expect(!x.stderr.contains("Fatal error"))
        }
    }

    static func bash(_ script: URL, environment: [String: String]) throws -> (status: Int32, stderr: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/bash")
        p.arguments = [script.path]
        p.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: e, as: UTF8.self))
    }
}
