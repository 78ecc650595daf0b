import FactoryNet
import Foundation
import Testing

/// A small real sweep of the quickstart plant for the store's tests: N (PLC/I-O pairs) at 2
/// and 3, designs base, prioritized and gigabit-uplink (plan order differs from name order),
/// two replications, 0.2 s each.
enum StoreFixture {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let quickstart = root.appendingPathComponent("Scenarios/quickstart.yaml").path
    static let values = ["2", "3"]
    static let designs = ["base", "prioritized", "gigabit-uplink"]

    static func plan(replications: Int = 2, scenarioHash: String? = nil) throws -> Plan {
        let hash = try scenarioHash ?? ScenarioLoader.load(path: quickstart, duration: "0.2s", resolvedYAML: false).hash
        return Plan(parameters: ["parameters.N"],
                    points: values.enumerated().map { i, v in
                        Point(index: i, settings: [Setting(path: "parameters.N", value: v)])
                    },
                    designs: designs, replications: replications, scenario: "quickstart", scenarioHash: hash)
    }

    /// Every run of `plan`, run for real, in plan order.
    static func records(_ plan: Plan, duration: String = "0.2s") throws -> [RunRecord] {
        var out: [RunRecord] = []
        for (p, point) in plan.points.enumerated() {
            let file = try ScenarioLoader.load(path: quickstart, overrides: point.settings.map(\.override),
                                               duration: duration, variants: plan.designs, resolvedYAML: false)
            for (d, design) in file.designs.enumerated() {
                for r in 0..<plan.replications {
                    let result = Runner.run(RunRequest(variant: design.variant, plant: design.plant, seed: design.seed,
                                                       replication: r, duration: design.duration, warmup: design.warmup))
                    out.append(RunRecord(key: RunKey(point: p, design: d, replication: r), seed: design.seed,
                                         result: result))
                }
            }
        }
        return out
    }

    /// A new empty directory for one test.
    static func directory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fnsim-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Removes a directory made by `directory()`.
    static func remove(_ dir: URL) { try? FileManager.default.removeItem(at: dir) }

    /// Records `runs` into a new store at `path` in the order given.
    @discardableResult
    static func store(_ path: String, _ plan: Plan, _ runs: [RunRecord]) throws -> ResultsStore {
        let store = try ResultsStore(path: path, plan: plan)
        for run in runs { try store.record(run, wallSeconds: run.result.wallSeconds) }
        return store
    }

    /// The bytes of every file an export writes, by file name.
    static func export(_ store: ResultsStore, into dir: URL) throws -> [String: Data] {
        var out: [String: Data] = [:]
        for path in try StoreExport.csv(store: store, directory: dir.path) {
            out[URL(fileURLWithPath: path).lastPathComponent] = try Data(contentsOf: URL(fileURLWithPath: path))
        }
        return out
    }
}
