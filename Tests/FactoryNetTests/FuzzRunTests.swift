import Experiments
import Foundation
import Kernel
import Scenario
import Testing

/// Seeded mutations of the shipped scenarios, as in ScenarioTests' fuzz test, but every
/// mutant that loads is also simulated briefly: the models must accept whatever the
/// loader accepts, without trapping. A failure names the seed.
@Suite struct FuzzRunTests {
    /// Replaces one number in the text by another drawn from a wide range of magnitudes,
    /// keeping its unit: the mutations that reach the models are mostly numeric.
    static func pick<T>(_ xs: [T], _ rng: RandomStream) -> T? {
        xs.isEmpty ? nil : xs[min(xs.count - 1, Int(rng.uniform() * Double(xs.count)))]
    }

    static func mutateNumber(_ text: String, rng: RandomStream) -> String {
        var chars = Array(text)
        let digits = chars.indices.filter { chars[$0].isNumber && ($0 == 0 || !chars[$0 - 1].isLetter) }
        guard let at = pick(digits, rng) else { return text }
        var end = at
        while end < chars.count && (chars[end].isNumber || chars[end] == ".") { end += 1 }
        // (No huge numbers: as a device count they make plants too large for a unit test.)
        let choices = ["0", "1", "0.5", "3", "17", "1000", "1e3", "0.001", "2.5", "64", "1e-9", "7"]
        chars.replaceSubrange(at..<end, with: Array(pick(choices, rng) ?? "1"))
        return String(chars)
    }

    @Test func loadableMutantsRun() throws {
        let sources = try ["quickstart.yaml", "factory-tree.yaml", "cloud-vs-edge.yaml"].map {
            try String(contentsOfFile: Repo.scenario($0), encoding: .utf8)
        }
        let start = Date()
        var ran = 0
        for seed in UInt64(1)...UInt64(400) {
            if Date().timeIntervalSince(start) > 20 { break }
            let rng = RandomStream(seed: seed, replication: 0, name: "fuzz")
            var text = sources[Int(seed % UInt64(sources.count))]
            for _ in 0..<(1 + Int(rng.uniform() * 3)) { text = Self.mutateNumber(text, rng: rng) }
            guard let file = try? ScenarioLoader.load(yaml: text, path: "fuzz-\(seed).yaml",
                                                      overrides: ["parameters.C=2", "parameters.D=3"]) else { continue }
            for d in file.designs {
                var request = RunRequest(variant: d.variant, plant: d.plant, seed: d.seed,
                                         duration: min(d.duration, 5 * Time.millisecond), warmup: 0)
                request.maxFramesInFlight = 200_000
                let r = Runner.run(request)
                for f in r.flows {
                    #expect(f.delivered + f.dropped <= f.sent, "seed \(seed): \(f.flow) accounts for more than it sent")
                }
                ran += 1
            }
        }
        #expect(ran > 20)
    }
}
