import Analysis
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

    /// Runs every design of `file` (for at most `duration`, when given) with at most
    /// `maxFrames` in flight, checking each flow's accounting; returns the results.
    static func runChecked(_ file: ScenarioFile, seed: UInt64, duration: SimTime? = nil, warmup: SimTime? = nil,
                           maxFrames: Int) -> [RunResult] {
        file.designs.map { d in
            var request = RunRequest(variant: d.variant, plant: d.plant, seed: d.seed,
                                     duration: duration.map { min(d.duration, $0) } ?? d.duration,
                                     warmup: warmup ?? d.warmup)
            request.maxFramesInFlight = maxFrames
            let r = Runner.run(request)
            for f in r.flows {
                #expect(f.delivered + f.dropped <= f.sent, "seed \(seed): \(f.flow) accounts for more than it sent")
            }
            return r
        }
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
            ran += Self.runChecked(file, seed: seed, duration: 5 * Time.millisecond, warmup: 0, maxFrames: 200_000).count
        }
        #expect(ran > 20)
    }

    /// Choices of the radio sections a mutant may swap for another valid one, so runs
    /// cover other scenarios, patterns, numerologies, schedulers and accesses.
    static let radioChoices: [[String]] = [
        ["InF-DH", "InF-SL", "InF-DL", "InF-SH", "InF-HH", "InH"],
        ["DDDSU", "FDD", "DS1S2U", "DDDSUDDSUU", "DSUU", "DDDDDDDSUU"],
        ["30kHz", "15kHz", "60kHz"],
        ["pf", "rr", "edf"],
        ["5qi: 82", "5qi: 9", "5qi: 83", "5qi: 7", "5qi: 1"],
        ["mini_slot: 2", "mini_slot: 4", "mini_slot: 7"],
        ["2m/s", "0m/s", "20m/s", "0.5m/s"],
    ]

    static func swapChoice(_ text: String, rng: RandomStream, among choices: [[String]] = radioChoices) -> String {
        guard let group = pick(choices, rng), let word = pick(group.filter { text.contains($0) }, rng),
              let other = pick(group, rng), let r = text.range(of: word) else { return text }
        return text.replacingCharacters(in: r, with: other)
    }

    /// The shipped 5G hall (shrunk to 6 AGVs, 6 robots and 3 cameras), its numbers and radio
    /// choices mutated; every mutant that loads runs for 50 ms without warm-up, every design.
    @Test func loadableFiveGMutantsRun() throws {
        let source = try String(contentsOfFile: Repo.scenario("agv-fleet-5g.yaml"), encoding: .utf8)
        let start = Date()
        var ran = 0, cellsRun = 0
        for seed in UInt64(1)...UInt64(400) {
            if Date().timeIntervalSince(start) > 25 { break }
            let rng = RandomStream(seed: seed, replication: 0, name: "fuzz-5g")
            var text = source
            for _ in 0..<(1 + Int(rng.uniform() * 3)) {
                text = rng.uniform() < 0.5 ? Self.mutateNumber(text, rng: rng) : Self.swapChoice(text, rng: rng)
            }
            guard let file = try? ScenarioLoader.load(
                yaml: text, path: "fuzz-5g-\(seed).yaml",
                overrides: ["parameters.AGVS=6", "parameters.ROBOTS=6", "parameters.CAMERAS=3"],
                duration: "50ms", warmup: "0s") else { continue }
            for r in Self.runChecked(file, seed: seed, maxFrames: 200_000) {
                ran += 1
                cellsRun += r.cells.count
            }
        }
        print("fuzz run (5G): \(ran) designs, \(cellsRun) cells")
        #expect(ran > 20 && cellsRun > 0)
    }

    /// A random valid radio design: one to three cells of random numerology, bandwidth,
    /// pattern, special split, mini-slots, scheduler, tables, HARQ, DM-RS, layers, slices and
    /// power control; terminals anywhere in the hall, some moving; uplink and downlink flows
    /// with random access, 5QI and slice. The loader may still refuse a combination (then
    /// with diagnostics); what it accepts must run.
    static func radioScenario(_ rng: RandomStream) -> String {
        func one<T>(_ xs: [T]) -> T { pick(xs, rng)! }
        func chance(_ p: Double) -> Bool { rng.uniform() < p }
        func coordinate(_ limit: Double) -> String { "\(Int(rng.uniform() * limit))m" }
        let scenario = one(["InF-SL", "InF-DL", "InF-SH", "InF-DH", "InF-HH", "InH"])
        let high = scenario == "InF-SH" || scenario == "InF-DH"
        var y = """
            name: gen
            seed: \(Int(rng.uniform() * 1000))
            duration: \(one(["20ms", "40ms", "60ms"]))
            defaults:
              link: {rate: 1Gbps, delay: 1us}
            radio:
              scenario: \(scenario)
              hall: [80m, 40m, 10m]
              mobility_step: \(one(["1ms", "5ms", "100ms"]))
              block_fading: \(chance(0.3))

            """
        if chance(0.3) { y += "  implementation_loss: \(one(["0dB", "3dB", "-1dB"]))\n" }
        if chance(0.4) { y += "  clutter: {density: \(one(["0%", "10%", "60%", "95%"])), size: \(one(["0.5m", "2m", "10m"])), height: \(one(["2m", "6m", "9m"]))}\n" }
        y += "nodes:\n  - {id: gnb, type: gnb}\n  - {id: gnb2, type: gnb}\n  - {id: sw, type: switch}\n  - {id: plc, type: controller}\n"
        let terminals = 1 + Int(rng.uniform() * 6)
        for t in 0..<terminals {
            var radio = "position: [\(coordinate(80)), \(coordinate(40))]"
            if chance(0.4) { radio += ", path: [[\(coordinate(80)), \(coordinate(40))], [\(coordinate(80)), \(coordinate(40))]], speed: \(one(["1m/s", "3m/s", "30m/s", "0m/s"]))" }
            if chance(0.3) { radio += ", height: \(one(["0.5m", "1.5m", "3m"]))" }
            if chance(0.3) { radio += ", tx_power: \(one(["-40dBm", "0dBm", "23dBm", "40dBm"]))" }
            if chance(0.2) { radio += ", gnb: gnb" }
            y += "  - {id: ue\(t), type: \(one(["agv", "robot", "sensor", "camera"])), radio: {\(radio)}}\n"
        }
        y += "links:\n  - {from: gnb, to: sw}\n  - {from: gnb2, to: sw}\n  - {from: sw, to: plc}\ncells:\n"
        let slices = ["a", "b"]
        let sliced = chance(0.4)  // every cell of a gNB has the same slices
        for c in 0..<(1 + Int(rng.uniform() * 3)) {
            let scs = one([15, 30, 60]), fr2 = scs == 60 && chance(0.3)
            let bandwidth = fr2 ? one(["50MHz", "100MHz", "200MHz"])
                : one(scs == 15 ? ["5MHz", "10MHz", "20MHz", "50MHz"] : scs == 30 ? ["10MHz", "40MHz", "100MHz"] : ["10MHz", "40MHz", "100MHz"])
            var cell = "id: c\(c), gnb: \(c == 2 ? "gnb2" : "gnb"), position: [\(coordinate(80)), \(coordinate(40))]"
            cell += ", carrier: \(fr2 ? one(["28GHz", "39GHz"]) : one(["700MHz", "3.5GHz", "3.7GHz", "4.9GHz"]))"
            cell += ", bandwidth: \(bandwidth), scs: \(scs)kHz"
            if high { cell += ", height: \(one(["4m", "8m", "9.5m"]))" }
            let tdd = one(["FDD", "DDDSU", "DDDSUDDSUU", "DSUU", "DDDDDDDSUU", "DS1S2U", "DU", "DSUUU", "DDDDDDDDDU"])
            cell += ", tdd: \(tdd)"
            if tdd.contains("S") && !tdd.contains("S1") && chance(0.5) { cell += ", special: \(one(["10D2G2U", "12D2G", "2D2G10U", "0D1G13U", "13D1G"]))" }
            if chance(0.4) { cell += ", mini_slot: \(one([2, 4, 7]))" }
            if chance(0.5) { cell += ", scheduler: \(one(["rr", "pf", "edf"]))" }
            if chance(0.3) { cell += ", mcs_table: \(one(["qam64", "qam256", "qam64lowse"]))" }
            if chance(0.3) { cell += ", cqi_table: \(one(["table1", "table2", "table3"]))" }
            if chance(0.3) { cell += ", bler_target: \(one(["0.1%", "1%", "10%", "50%"]))" }
            if chance(0.3) { cell += ", harq_processes: \(one([1, 2, 16]))" }
            if chance(0.3) { cell += ", max_retransmissions: \(one([0, 1, 7]))" }
            if chance(0.3) { cell += ", ue_capability: \(one([1, 2]))" }
            if chance(0.3) { cell += ", sr_period: \(one([1, 7, 40, 1280]))" }
            if chance(0.3) { cell += ", sr_grant: \(one(["8B", "64B", "256B", "10KB"]))" }
            if chance(0.3) { cell += ", dmrs: \(one([0, 6, 12, 24, 48]))" }
            if chance(0.2) { cell += ", overhead: \(one([0, 6, 12, 18]))" }
            if chance(0.3) { cell += ", layers: \(one([1, 2, 4]))" }
            if chance(0.3) { cell += ", tx_power: \(one(["-30dBm", "10dBm", "24dBm", "46dBm"]))" }
            if chance(0.2) { cell += ", handover_interruption: \(one(["0ms", "30ms", "1s"])), hysteresis: \(one(["0dB", "3dB", "-3dB"]))" }
            if chance(0.3) { cell += ", ul_p0: \(one(["-120dBm", "-95dBm", "-60dBm"])), ul_alpha: \(one(["0", "0.5", "1"]))" }
            if sliced { cell += ", slices: [{id: a, share: \(one(["1%", "20%", "50%"]))}, {id: b, share: \(one(["10%", "50%"]))}]" }
            y += "  - {\(cell)}\n"
        }
        y += "flows:\n"
        for t in 0..<terminals {
            var radio = "5qi: \(one([82, 83, 9, 7, 1]))"
            if chance(0.3) { radio += ", access: configured, period: \(one(["0s", "1ms", "5ms"])), repetitions: \(one([1, 2, 8]))" }
            if chance(0.2) { radio += ", slice: \(one(slices))" }
            let kind = one(["periodic", "poisson"])
            let load = kind == "periodic" ? "period: \(one(["1ms", "4ms", "20ms"]))" : "rate: \(one(["100kbps", "2Mbps", "20Mbps"]))"
            let size = one(["40B", "200B", "1400B"])
            y += "  - {id: up\(t), kind: \(kind), from: ue\(t), to: plc, size: \(size), \(load), radio: {\(radio)}}\n"
            if chance(0.7) {
                y += "  - {id: down\(t), kind: \(kind), from: plc, to: ue\(t), size: \(size), \(load), radio: {5qi: \(one([82, 9]))\(chance(0.2) ? ", slice: a" : "")}}\n"
            }
        }
        return y
    }

    /// Random valid radio designs (see `radioScenario`) load or are refused with diagnostics,
    /// and those that load run without trapping.
    @Test func generatedRadioDesignsRun() throws {
        let start = Date()
        var ran = 0, refused = 0
        for seed in UInt64(1)...UInt64(2000) {
            if Date().timeIntervalSince(start) > 20 { break }
            let text = Self.radioScenario(RandomStream(seed: seed, replication: 0, name: "radio-design"))
            let file: ScenarioFile
            do { file = try ScenarioLoader.load(yaml: text, path: "radio-\(seed).yaml") } catch let e as ScenarioErrors {
                #expect(!e.diagnostics.isEmpty, "seed \(seed)")
                refused += 1
                continue
            }
            ran += Self.runChecked(file, seed: seed, maxFrames: 100_000).count
        }
        print("generated radio designs: \(ran) ran, \(refused) refused")
        #expect(ran > 20 && ran > refused)
    }

    /// Choices of the redundancy sections a mutant may swap for another valid one.
    static let redundancyChoices: [[String]] = [
        ["protocol: mrp", "protocol: rstp", "protocol: static"],
        ["recovery: 10ms", "recovery: 30ms", "recovery: 200ms", "recovery: 500ms"],
        ["mode: prp", "mode: frer"],
        ["mtbf: 30s", "mtbf: 1s", "mtbf: 100ms"],
        ["mttr: 200ms", "mttr: 1s", "mttr: 5ms"],
        ["link: l4", "node: sw3", "link: l1", "node: sw0"],
    ]

    /// The shipped redundancy line (cut at 100 ms, 300 ms of each design) with its numbers
    /// and redundancy choices mutated: faults, rerouting, replication and availability
    /// must run whatever the loader accepts.
    @Test func loadableRedundancyMutantsRun() throws {
        let source = try String(contentsOfFile: Repo.scenario("line-redundancy.yaml"), encoding: .utf8)
        let start = Date()
        var ran = 0
        for seed in UInt64(1)...UInt64(400) {
            if Date().timeIntervalSince(start) > 20 { break }
            let rng = RandomStream(seed: seed, replication: 0, name: "fuzz-redundancy")
            var text = source
            for _ in 0..<(1 + Int(rng.uniform() * 3)) {
                text = rng.uniform() < 0.5 ? Self.mutateNumber(text, rng: rng)
                    : Self.swapChoice(text, rng: rng, among: Self.redundancyChoices)
            }
            guard let file = try? ScenarioLoader.load(yaml: text, path: "fuzz-redundancy-\(seed).yaml",
                                                      overrides: ["faults.cut.down=100ms", "faults.cut.up=200ms"],
                                                      duration: "300ms", warmup: "0s") else { continue }
            ran += Self.runChecked(file, seed: seed, maxFrames: 200_000).count
        }
        print("fuzz run (redundancy): \(ran) designs")
        #expect(ran > 20)
    }
}
