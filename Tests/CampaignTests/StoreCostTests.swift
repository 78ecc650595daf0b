import FactoryNet
import Foundation
import Testing

@Suite("Results store: cost of recording")
struct StoreCostTests {
    /// Recording a quickstart run (1 s simulated; 8 flow rows, 20 port rows). Each commit
    /// waits for the disk (synchronous = FULL: 0.2 to 4 ms on this machine's virtual disk,
    /// with the machine's load), so the figure that must stay under 5 % of the run is the
    /// processor time per run when the runs that finished meanwhile are committed together
    /// (8 at a time); one commit per run is measured and printed too.
    @Test func recordCostIsSmallAgainstTheRun() throws {
        let file = try ScenarioLoader.load(path: StoreFixture.quickstart, variants: ["base"], resolvedYAML: false)
        let design = file.designs[0]
        let request = RunRequest(variant: "base", plant: design.plant, seed: design.seed, duration: design.duration,
                                 warmup: design.warmup)
        var result = Runner.run(request)
        var run = Cost(wall: .infinity, cpu: .infinity)
        for _ in 0..<3 {
            let (cost, r) = Cost.of { Runner.run(request) }
            result = r
            run = Cost(wall: min(run.wall, cost.wall), cpu: min(run.cpu, cost.cpu))
        }
        let count = 200
        let plan = Plan(parameters: [], points: [Point(index: 0, settings: [])], designs: ["base"],
                        replications: 2 * count, scenario: file.name, scenarioHash: file.hash)
        let scratch = try StoreFixture.directory()
        defer { StoreFixture.remove(scratch) }
        let store = try ResultsStore(path: scratch.appendingPathComponent("s.sqlite").path, plan: plan)
        let record = { (r: Int) in RunRecord(key: RunKey(point: 0, design: 0, replication: r), seed: design.seed, result: result) }
        let (single, _) = try Cost.of {
            for r in 0..<count { try store.record(record(r), wallSeconds: 0.01) }
        }
        let (grouped, _) = try Cost.of {
            for g in stride(from: count, to: 2 * count, by: 8) {
                try store.record((g..<g + 8).map { (record($0), 0.01) })
            }
        }
        let each = single / Double(count), eachGrouped = grouped / Double(count)
        print("store: a quickstart run (\(result.flows.count) flow rows, \(result.ports.count) port rows) takes "
            + "\(Int(run.wall * 1e3)) ms; recording it in a commit of its own takes \(Int(each.wall * 1e6)) µs "
            + "(\(Cost.percent(each.wall, run.wall)) %), of which \(Int(each.cpu * 1e6)) µs processor time "
            + "(\(Cost.percent(each.cpu, run.cpu)) %); committed 8 at a time \(Int(eachGrouped.wall * 1e6)) µs per run "
            + "(\(Cost.percent(eachGrouped.wall, run.wall)) %), \(Int(eachGrouped.cpu * 1e6)) µs processor time "
            + "(\(Cost.percent(eachGrouped.cpu, run.cpu)) %)")
        #expect(try store.count() == 2 * count)
        #expect(each.cpu > 1e-6, "the store's work runs on the calling thread and is measured")
        #expect(eachGrouped.cpu < 0.05 * run.cpu)
    }
}

/// Wall-clock and processor time (of the calling thread) of some work, in seconds.
struct Cost {
    var wall: Double
    var cpu: Double

    static func of<T>(_ work: () throws -> T) rethrows -> (Cost, T) {
        let clock = ContinuousClock(), start = clock.now, cpuStart = threadCPU()
        let value = try work()
        let d = start.duration(to: clock.now)
        let wall = Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
        return (Cost(wall: wall, cpu: threadCPU() - cpuStart), value)
    }

    static func / (c: Cost, n: Double) -> Cost { Cost(wall: c.wall / n, cpu: c.cpu / n) }

    static func percent(_ a: Double, _ b: Double) -> Double { Double(Int(a / b * 10_000)) / 100 }

    private static func threadCPU() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
    }
}
