import ArgumentParser
import CHoldModel
import Foundation
import Analysis
import Campaign
import Experiments
import Kernel
import Scenario

struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure the kernel and the reference factory network.",
        discussion: """
            (a) The hold model: N pending events, each handled event schedules one
            successor an exponential time later; events per second of the Swift kernel
            and of the same loop in plain C, and their ratio. (b) The reference network,
            Scenarios/factory-tree.yaml: wall time, events, events per second and peak
            memory. (c) With --sweep: a 1,000-run sweep of Scenarios/quickstart.yaml
            (5 camera rates × 200 replications) on one thread and on every core, into
            a results store and without one. Build in release mode first:

              swift build -c release && .build/release/fnsim bench
              .build/release/fnsim bench --hold-only --pending 100000 --repeat 5
              .build/release/fnsim bench --sweep --hold-only --repeat 3
            """)

    @Option(name: .long, help: "Pending-event counts for the hold model.")
    var pending: [Int] = [1_000, 100_000, 1_000_000]

    @Option(name: .long, help: "Events handled per hold-model measurement.")
    var events: Int = 10_000_000

    @Option(name: .long, help: "Measurements per case; the median is printed.")
    var `repeat`: Int = 3

    @Flag(name: .long, help: "Run only the hold model (and the sweep with --sweep).")
    var holdOnly = false

    @Flag(name: .long, help: "Also time a 1,000-run sweep of the quickstart plant.")
    var sweep = false

    @Option(name: .long, help: "Scenario for part (b).")
    var scenario = "Scenarios/factory-tree.yaml"

    @Option(name: .customLong("set"), help: ArgumentHelp("Override in the scenario, e.g. parameters.C=16.",
                                                         valueName: "path=value"))
    var overrides: [String] = []

    func validate() throws {
        guard pending.allSatisfy({ $0 > 0 && $0 <= 50_000_000 }) else {
            throw ValidationError("--pending must be between 1 and 50000000")
        }
        guard events > 0, `repeat` > 0 else { throw ValidationError("--events and --repeat must be positive") }
    }

    func run() async throws {
        // The network runs first, so the peak memory it reports is its own (the hold
        // model's heaps come after).
        let networkReport = holdOnly ? nil : try network()
        print("hold model (\(events) events per measurement, median of \(`repeat`))")
        print(pad("pending", 10) + pad("swift Mev/s", 14) + pad("C Mev/s", 10) + "swift/C")
        for n in pending {
            var swiftRates: [Double] = [], cRates: [Double] = []
            for _ in 0..<`repeat` {
                swiftRates.append(Double(events) / swiftHold(pending: n) / 1e6)
                var seconds = 0.0
                _ = fnsim_c_hold_model(Int64(n), Int64(events), 12345, 1_000_000, &seconds)
                cRates.append(Double(events) / seconds / 1e6)
            }
            let s = median(swiftRates), c = median(cRates)
            print(pad(String(n), 10) + pad(fixed(s, 2), 14) + pad(fixed(c, 2), 10) + fixed(s / c, 2))
        }
        if let networkReport { print("\n" + networkReport) }
        if sweep { print("\n" + (try sweepReport())) }
    }

    /// Part (c): the same 1,000 runs with `--jobs 1` and with every core, with the store and
    /// with the finished runs dropped instead; medians of `repeat`, taken in turn.
    func sweepReport() throws -> String {
        let axis = try SweepAxis.parse("flows.camera.rate=10Mbps..90Mbps+20Mbps").get()
        let campaign = try Campaign.make(path: "Scenarios/quickstart.yaml", parameters: [axis], designs: ["base"],
                                         replications: 200).0
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("fnsim-bench-\(getpid()).db").path
        func remove() { for s in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + s) } }
        defer { remove() }
        func time(jobs: Int, store: Bool) throws -> (wall: Double, simulation: Double) {
            remove()
            let s = store ? try ResultsStore(path: path, plan: campaign.plan) : nil
            var simulation = 0.0
            let start = ContinuousClock.now
            try WorkerPool(campaign: campaign, keys: campaign.plan.runs, jobs: jobs).run(handle: { batch in
                simulation += batch.reduce(0) { $0 + $1.wallSeconds }
                try s?.record(batch.map { (RunRecord(key: $0.key, seed: $0.seed, result: $0.result), $0.wallSeconds) })
            }, batchInterval: SweepCommand.commitInterval)
            try s?.checkpoint()
            let d = start.duration(to: .now)
            return (Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18, simulation)
        }
        var one: [Double] = [], all: [Double] = [], bare: [Double] = [], cpu: [Double] = []
        for _ in 0..<`repeat` {
            let a = try time(jobs: cores, store: true)
            all.append(a.wall)
            cpu.append(a.simulation)
            bare.append(try time(jobs: cores, store: false).wall)
            one.append(try time(jobs: 1, store: true).wall)
        }
        let (w1, wn, wb) = (median(one), median(all), median(bare))
        return "quickstart sweep (1,000 runs of 1 s simulated, median of \(`repeat`))\n"
            + "--jobs 1: \(fixed(w1, 2)) s   --jobs \(cores): \(fixed(wn, 2)) s (\(fixed(w1 / wn, 2))× faster; the runs' own "
            + "time / cores = \(fixed(median(cpu) / Double(cores), 2)) s)\n"
            + "without the store: \(fixed(wb, 2)) s, so the store costs \(fixed(100 * (wn - wb) / wn, 1)) % of the sweep"
    }

    /// Part (b): the base design of a scenario, run `repeat` times; median wall time.
    func network() throws -> String {
        let file: ScenarioFile
        do {
            file = try ScenarioLoader.load(path: scenario, overrides: overrides, variants: ["base"])
        } catch let e as ScenarioErrors {
            Console.error(e.description)
            throw ExitCode(1)
        }
        let d = file.designs[0]
        let request = RunRequest(variant: d.variant, plant: d.plant, seed: d.seed, duration: d.duration,
                                 warmup: d.warmup)
        var walls: [Double] = []
        var last: RunResult?
        for _ in 0..<`repeat` {
            let r = Runner.run(request)
            walls.append(r.wallSeconds)
            last = r
        }
        guard let r = last else { return "" }
        let frames = r.flows.reduce(UInt64(0)) { $0 + $1.sent }
        let wall = median(walls)
        return "\(file.name) (\(d.plant.nodes.count) nodes, \(frames) frames, "
            + "\(fixed(Time.seconds(d.duration), 1)) s simulated, median of \(`repeat`))\n"
            + "wall \(fixed(wall, 3)) s   events \(r.events)   \(fixed(Double(r.events) / wall / 1e6, 2)) M events/s   "
            + "peak memory \(peakResidentMegabytes()) MB"
    }

    /// Wall seconds for `events` events of the Swift hold model.
    func swiftHold(pending n: Int) -> Double {
        var queue = EventQueue(capacity: n + 1)
        var model = HoldModel(seed: 12345, events: events)
        model.prime(&queue, pending: n)
        let start = ContinuousClock.now
        _ = Kernel.run(&model, queue: &queue, until: Time.maximum)
        let d = start.duration(to: .now)
        precondition(model.checksum != 0)
        return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }
}

/// Peak resident set size of this process so far (getrusage reports kilobytes on Linux).
func peakResidentMegabytes() -> Int {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Int(usage.ru_maxrss) / 1024
}

func median(_ xs: [Double]) -> Double {
    let s = xs.sorted()
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

func pad(_ s: String, _ width: Int) -> String { s.count >= width ? s + " " : s + String(repeating: " ", count: width - s.count) }

func fixed(_ x: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", x) }
