import Experiments
import Foundation
import Scenario
import Testing

/// `--max-memory`: a scenario too large for it is refused with an estimate, before it is
/// loaded or before it runs, and the same scenario passes under a larger limit.
@Suite struct MemoryLimitCommandTests {
    @Test func validateRefusesAPlantBeyondTheLimitWithTheEstimate() throws {
        let args = ["validate", "Scenarios/factory-tree.yaml", "--set", "parameters.D=1000"]
        let small = try Invocation(args + ["--max-memory", "10MB"])
        #expect(small.status == 1)
        #expect(small.stderr.contains("this template makes 8000 entries of 5 YAML nodes each; with the entries before it "
            + "the design would take about 21 MB of memory") && small.stderr.contains("more than the limit of 10 MB (raise it with "
            + "--max-memory"), "\(small.stderr)")
        // One mistake, one message: the flows that would have crossed the refused links are
        // not reported again.
        #expect(small.stderr.split(separator: "\n").count == 1, "\(small.stderr)")
        #expect(try Invocation(args + ["--max-memory", "1GB"]).status == 0)
        let bad = try Invocation(args + ["--max-memory", "lots"])
        #expect(bad.status == 64 && bad.stderr.contains("--max-memory"), "\(bad.stderr)")
    }

    /// The run estimate counts the loaded plant's parts; factory-tree (8 × 32 devices) needs
    /// about 41 MB by it, so 30 MB refuses the run before it starts and nothing is written.
    @Test func runRefusesADesignBeyondTheLimit() throws {
        let file = try ScenarioLoader.load(path: Repo.scenario("factory-tree.yaml"))
        let d = file.designs[0]
        let request = RunRequest(variant: d.variant, plant: d.plant, seed: d.seed, duration: d.duration)
        // 266 nodes, 2 × 265 ports, 264 sources, 2 flows.
        #expect(request.estimatedBytes == 40_000_000 + 266 * 600 + 530 * 1_800 + 264 * 1_000 + 2 * 4_000)
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("fnsim-mem-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        let r = try Invocation(["run", "Scenarios/factory-tree.yaml", "--max-memory", "30MB", "--out", out.path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("error: running the design would take about 41 MB of memory, more than the limit of "
            + "30 MB"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("flows.csv").path))
    }
}
