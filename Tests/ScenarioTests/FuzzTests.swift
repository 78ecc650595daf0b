import Foundation
import Testing
@testable import Scenario

/// SplitMix64: a small, seeded generator so a failing case can be replayed.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite struct FuzzTests {
    static func mutate(_ text: String, rng: inout SplitMix) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let steps = Int.random(in: 1...4, using: &rng)
        let alphabet = Array("abc{}[]:,-*&$.#0123456789 \t\"'|>!%@`?\u{0}é")
        for _ in 0..<steps {
            guard !lines.isEmpty else { break }
            let i = Int.random(in: 0..<lines.count, using: &rng)
            switch Int.random(in: 0..<6, using: &rng) {
            case 0: lines.remove(at: i)
            case 1: lines.insert(lines[i], at: i)
            case 2:
                var chars = Array(lines[i])
                if !chars.isEmpty {
                    chars[Int.random(in: 0..<chars.count, using: &rng)] = alphabet.randomElement(using: &rng) ?? "x"
                }
                lines[i] = String(chars)
            case 3:
                let all = lines.joined(separator: "\n")
                let cut = Int.random(in: 0...all.count, using: &rng)
                lines = String(all.prefix(cut)).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            case 4:
                let j = Int.random(in: 0..<lines.count, using: &rng)
                lines.swapAt(i, j)
            default:
                var chars = Array(lines[i])
                if !chars.isEmpty { chars.remove(at: Int.random(in: 0..<chars.count, using: &rng)) }
                lines[i] = String(chars)
            }
        }
        return lines.joined(separator: "\n")
    }

    /// Loads one mutant: true when it loads, false when it is refused with diagnostics, nil
    /// (and a recorded issue) when anything else is thrown.
    static func load(seed: UInt64, _ body: () throws -> Void) -> Bool? {
        do {
            try body()
            return true
        } catch let e as ScenarioErrors {
            #expect(!e.diagnostics.isEmpty, "seed \(seed): empty error list")
            return false
        } catch {
            Issue.record("seed \(seed): unexpected error type \(error)")
            return nil
        }
    }

    @Test func mutatedScenariosNeverTrap() throws {
        let sources = try ["quickstart.yaml", "factory-tree.yaml", "agv-fleet-5g.yaml", "tsn-motion-cell.yaml"].map {
            try String(contentsOfFile: scenarioPath($0), encoding: .utf8)
        }
        let start = Date()
        var loaded = 0, rejected = 0
        for seed in UInt64(1)...UInt64(600) {
            if Date().timeIntervalSince(start) > 8 { break }
            var rng = SplitMix(state: seed)
            let text = Self.mutate(sources[Int(seed % 4)], rng: &rng)
            // The 5G hall with fewer terminals, so a load stays quick.
            let overrides = seed % 4 == 2 ? Self.smallFleet : []
            if let ok = Self.load(seed: seed, {
                _ = try ScenarioLoader.load(yaml: text, path: "fuzz-\(seed).yaml", overrides: overrides)
            }) {
                if ok { loaded += 1 } else { rejected += 1 }
            }
        }
        print("fuzz: \(loaded) loaded, \(rejected) rejected")
        #expect(loaded + rejected > 50)
    }

    /// A plant with every plant-core section: wan links (distribution with shift, trace,
    /// Gilbert-Elliott loss, per-direction settings, capacity), Ethernet classes and
    /// selection, compute nodes with services, request flows with responses, a variant.
    static let plantCore = ComputeTests.plant.replacingOccurrences(
        of: "  - {from: line, to: cloud, type: wan, delay: 10ms}\n",
        with: """
              - {from: line, to: cloud, type: wan, delay: {dist: lognormal, mean: 5ms, cv: 1.1, shift: 3ms}, loss: 0.1%}
              - {from: ejector, to: line, type: wan, delay: {trace: d.csv, replay: sample}, loss: {model: gilbert-elliott, p: 0.1, r: 0.5}, in_order: false}
              - {from: cam2, to: line, type: wan, uplink: {delay: {trace: d.csv}, loss: {model: gilbert-elliott, rate: 1%, burst: 3}}, downlink: {delay: 6ms}, rate: 50Mbps, buffer: 64KB}

            """) + """
        variants:
          - name: v
            change:
              nodes: [{id: edge, compute: {servers: 2, discipline: priority, services: [{id: inference, time: 1ms}, {id: control, work: 1Mcycles}], speed: 1GHz}}]
              links: [{from: cell, to: line, traffic_classes: 3, selection: strict-priority}]

        """

    @Test func mutatedPlantCoreScenariosNeverTrap() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fnsim-fuzz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let trace = "time_s,delay_ms\n0,5.5\n0.1,6\n0.2,7.25\n"
        // The unmutated plant loads, so mutants exercise the new sections' readers.
        try trace.write(to: dir.appendingPathComponent("d.csv"), atomically: true, encoding: .utf8)
        let good = try ScenarioLoader.load(yaml: Self.plantCore, path: dir.appendingPathComponent("plant.yaml").path)
        #expect(good.designs.count == 2 && good.designs[0].plant.links.count == 6)
        let start = Date()
        var loaded = 0, rejected = 0
        for seed in UInt64(1)...UInt64(600) {
            if Date().timeIntervalSince(start) > 8 { break }
            var rng = SplitMix(state: seed)
            let text = Self.mutate(Self.plantCore, rng: &rng)
            // Every third seed mutates the delay trace too.
            let csv = seed % 3 == 0 ? Self.mutate(trace, rng: &rng) : trace
            try csv.write(to: dir.appendingPathComponent("d.csv"), atomically: true, encoding: .utf8)
            let path = dir.appendingPathComponent("fuzz-\(seed).yaml").path
            if let ok = Self.load(seed: seed, { _ = try ScenarioLoader.load(yaml: text, path: path) }) {
                if ok { loaded += 1 } else { rejected += 1 }
            }
        }
        print("fuzz (plant core): \(loaded) loaded, \(rejected) rejected")
        #expect(loaded + rejected > 50)
        #expect(loaded > 0)
    }

    /// The 5G hall shrunk: 6 AGVs, 6 robots, 3 cameras.
    static let smallFleet = ["parameters.AGVS=6", "parameters.ROBOTS=6", "parameters.CAMERAS=3"]

    /// Words of the radio sections and their alternatives, valid and not: a mutant swaps one
    /// occurrence for another, so the NR readers see every choice and its neighbours.
    static let radioWords: [[String]] = [
        ["InF-DH", "InF-SL", "InF-DL", "InF-SH", "InF-HH", "InH", "InF-XX"],
        ["DDDSU", "FDD", "DS1S2U", "DDDSUDDSUU", "FR1.30-6", "FR1.15-1", "DSUU", "UUUUU", "DDDDD", "S", "DXU"],
        ["10D2G2U", "12D2G", "14D", "0D14G", "10D,12D2G", "7D7U", "2G12U"],
        ["30kHz", "15kHz", "60kHz", "120kHz", "45kHz", "0kHz"],
        ["100MHz", "40MHz", "20MHz", "5MHz", "400MHz", "1e30MHz", "7MHz"],
        ["3.7GHz", "450MHz", "28GHz", "700MHz", "8GHz", "100GHz"],
        ["pf", "rr", "edf", "fifo"],
        ["configured", "dynamic", "grant"],
        ["5qi: 82", "5qi: 9", "5qi: 200", "priority_level: 1", "5qi: 0"],
        ["8m", "1m", "0.5m", "20m", "1.5m"],
        ["2m/s", "0m/s", "1e9m/s", "2m"],
        ["40%", "0%", "100%", "99.9%", "150%"],
        ["mini_slot: 2", "mini_slot: 7", "mini_slot: 3", "mini_slot: 14"],
        ["share: 20%", "share: 100%", "share: 0%", "share: 60%"],
    ]

    /// Replaces one occurrence of a radio word by another of its group.
    static func mutateRadioWord(_ text: String, rng: inout SplitMix) -> String {
        mutateWord(text, groups: radioWords, rng: &rng)
    }

    /// Replaces one occurrence of a word of one of `groups` by another of its group.
    static func mutateWord(_ text: String, groups: [[String]], rng: inout SplitMix) -> String {
        let group = groups[Int.random(in: 0..<groups.count, using: &rng)]
        let present = group.filter { text.contains($0) }
        guard let word = present.randomElement(using: &rng), let other = group.randomElement(using: &rng) else { return text }
        var ranges: [Range<String.Index>] = []
        var from = text.startIndex
        while let r = text.range(of: word, range: from..<text.endIndex) {
            ranges.append(r)
            from = r.upperBound
        }
        guard let r = ranges.randomElement(using: &rng) else { return text }
        return text.replacingCharacters(in: r, with: other)
    }

    /// The shipped 5G scenario, mutated line by line and word by word in its radio sections:
    /// every mutant loads or is refused with diagnostics, never a trap.
    @Test func mutatedFiveGScenariosNeverTrap() throws {
        let source = try String(contentsOfFile: scenarioPath("agv-fleet-5g.yaml"), encoding: .utf8)
        let good = try ScenarioLoader.load(yaml: source, path: "agv.yaml", overrides: Self.smallFleet)
        #expect(good.designs.count == 6 && good.designs[0].plant.cells.count == 3)
        let start = Date()
        var loaded = 0, rejected = 0
        for seed in UInt64(1)...UInt64(800) {
            if Date().timeIntervalSince(start) > 10 { break }
            var rng = SplitMix(state: seed)
            var text = source
            for _ in 0..<Int.random(in: 1...3, using: &rng) { text = Self.mutateRadioWord(text, rng: &rng) }
            if seed % 2 == 0 { text = Self.mutate(text, rng: &rng) }
            if let ok = Self.load(seed: seed, {
                _ = try ScenarioLoader.load(yaml: text, path: "fuzz-5g-\(seed).yaml", overrides: Self.smallFleet)
            }) {
                if ok { loaded += 1 } else { rejected += 1 }
            }
        }
        print("fuzz (5G): \(loaded) loaded, \(rejected) rejected")
        #expect(loaded + rejected > 50)
        #expect(loaded > 10 && rejected > 10)
    }

    /// A ring plant with every redundancy section: MRP rings (and RSTP with priorities in a
    /// variant), faults of each kind with templates, survival times and replication.
    static let redundancy = RedundancyTests.ring.replacingOccurrences(
        of: "deadline: 2ms}",
        with: "deadline: 2ms, survival_time: 3, replication: {mode: frer, paths: 2, disjoint: link, algorithm: vector}}")
        + """
          - {id: p, kind: periodic, from: plc2, to: io2, size: 64B, period: 1ms, deadline: 1ms, survival_time: 2ms, replication: {mode: prp, window: 256}}
        forwarding:
          protocol: mrp
          rings: [{id: ring1, manager: sw1, links: [r1, r2, r3, r4], recovery: 10ms, outage: worst}]
        faults:
          - {id: cut, link: r2, down: 2s, up: 3s}
          - {id: "wear{i}", for: {i: 1..4}, link: "r{i}", mtbf: 1000h, mttr: 4h}
          - {id: cabinet, group: [sw4, {from: plc, to: sw1}], time_to_failure: {dist: weibull, shape: 1.5, scale: 200h}, time_to_repair: 4h}
          - {id: babble, babbling: plc, to: io, from: 1s, until: 2s, priority: 7}
        variants:
          - name: rstp
            set: {forwarding: {protocol: rstp, reconvergence: 50ms}}
            change: {nodes: [{id: sw2, priority: 4096}], faults: [{id: cut, node: sw2}]}

        """

    static let redundancyWords: [[String]] = [
        ["mrp", "rstp", "static", "mpr"],
        ["10ms", "30ms", "200ms", "500ms", "50ms", "0ms"],
        ["worst", "random", "best"],
        ["frer", "prp", "fre"],
        ["vector", "match", "vectr"],
        ["paths: 2", "paths: 3", "paths: 1", "paths: 5"],
        ["disjoint: link", "disjoint: node", "disjoint: edge"],
        ["survival_time: 3", "survival_time: 0", "survival_time: 2ms", "survival_time: -1", "survival_time: 1.5"],
        ["down: 2s", "down: 0s", "down: -1s", "down: 10s"],
        ["up: 3s", "up: 1s", "up: 2s"],
        ["mtbf: 1000h", "mtbf: 0h", "mtbf: 1e30h", "mtbf: 1ns"],
        ["mttr: 4h", "mttr: 0s", "time_to_repair: 4h"],
        ["link: r2", "node: sw2", "link: r9", "node: io", "link: {from: sw1, to: sw3}", "babbling: sw2"],
        ["priority: 4096", "priority: 0", "priority: 61440", "priority: 5000", "priority: 7"],
        ["window: 256", "window: 300", "window: 2", "history: 4"],
        ["sw1", "sw2", "sw3", "sw4", "plc", "io"],
        ["r1", "r2", "r3", "r4"],
    ]

    /// The redundancy sections mutated word by word and line by line: every mutant loads
    /// or is refused with diagnostics, never a trap.
    @Test func mutatedRedundancyScenariosNeverTrap() throws {
        let good = try ScenarioLoader.load(yaml: Self.redundancy, path: "ring.yaml")
        #expect(good.designs.count == 2 && good.designs[0].plant.faults.count == 6)
        #expect(good.designs[0].plant.flows.map(\.name) == ["cyc", "p", "babble"])
        let start = Date()
        var loaded = 0, rejected = 0
        for seed in UInt64(1)...UInt64(800) {
            if Date().timeIntervalSince(start) > 8 { break }
            var rng = SplitMix(state: seed)
            var text = Self.redundancy
            for _ in 0..<Int.random(in: 1...3, using: &rng) {
                text = Self.mutateWord(text, groups: Self.redundancyWords, rng: &rng)
            }
            if seed % 2 == 0 { text = Self.mutate(text, rng: &rng) }
            if let ok = Self.load(seed: seed, {
                let f = try ScenarioLoader.load(yaml: text, path: "fuzz-ring-\(seed).yaml")
                for d in f.designs { _ = d.redundancyLines() }
            }) {
                if ok { loaded += 1 } else { rejected += 1 }
            }
        }
        print("fuzz (redundancy): \(loaded) loaded, \(rejected) rejected")
        #expect(loaded + rejected > 50)
        #expect(loaded > 10 && rejected > 10)
    }

    /// Words of the IEEE 802.1Qci and 802.1Qcr keys and their neighbours, valid and not.
    static let streamWords: [[String]] = [
        ["unknown_streams: drop", "unknown_streams: pass", "unknown_streams: block", "unknown_streams: {}",
         "unknown_streams: {rate: 1Mbps}", "unknown_streams: 3"],
        ["max_sdu: 128B", "max_sdu: 0B", "max_sdu: 128", "max_sdu: 1e12B", "max_sdu: -1B", "max_sdu: 12.5B"],
        ["rate: 2Mbps", "rate: 0Mbps", "rate: 2", "rate: 1e30Mbps", "rate: 2MB"],
        ["burst: 3000B", "burst: 0B", "burst: 10B", "burst: 3000", "brust: 3000B", "burst: 1e20B"],
        ["excess_rate: 1Mbps", "excess_rate: 0bps", "excess_burst: 1500B"],
        ["excess_burst: 1500B", "excess_burst: 1B", "excess_rate: 1Mbps"],
        ["drop_yellow: true", "drop_yellow: false", "drop_yellow: yes", "drop_yellow: 1"],
        ["max_residence: 500us", "max_residence: 0s", "max_residence: 1ns", "max_residence: 1e30s", "max_residence: 5"],
        ["ats:", "policing:", "atts:"],
    ]

    /// The stream keys mutated word by word and line by line: every mutant loads or is
    /// refused with diagnostics (file:line:column), never a trap.
    @Test func mutatedStreamScenariosNeverTrap() throws {
        let good = try ScenarioLoader.load(yaml: StreamKeysTests.plant, path: "streams.yaml")
        #expect(good.designs.count == 2 && good.designs[0].plant.flows.count == 3)
        let start = Date()
        var loaded = 0, rejected = 0
        for seed in UInt64(1)...UInt64(800) {
            if Date().timeIntervalSince(start) > 8 { break }
            var rng = SplitMix(state: seed)
            var text = StreamKeysTests.plant
            for _ in 0..<Int.random(in: 1...3, using: &rng) {
                text = Self.mutateWord(text, groups: Self.streamWords, rng: &rng)
            }
            if seed % 2 == 0 { text = Self.mutate(text, rng: &rng) }
            do {
                _ = try ScenarioLoader.load(yaml: text, path: "fuzz-streams-\(seed).yaml")
                loaded += 1
            } catch let e as ScenarioErrors {
                rejected += 1
                #expect(!e.diagnostics.isEmpty, "seed \(seed): empty error list")
                // Every message names a place in the file (or the text as a whole at 1:1).
                #expect(e.diagnostics.allSatisfy { $0.line >= 1 && $0.column >= 1 && !$0.message.isEmpty },
                        "seed \(seed)")
            } catch {
                Issue.record("seed \(seed): unexpected error type \(error)")
            }
        }
        print("fuzz (streams): \(loaded) loaded, \(rejected) rejected")
        #expect(loaded + rejected > 50)
        #expect(loaded > 10 && rejected > 10)
    }

    /// A plant with a `sweep:` section using every form of value.
    static let sweepPlant = """
        name: sweep
        duration: 10ms
        parameters: {N: 2}
        nodes:
          - {id: sw, type: switch}
          - {id: "d{i}", type: device, count: $N}
          - {id: c, type: controller}
        links:
          - {from: sw, to: c, rate: 100Mbps}
          - {from: sw, to: "d{i}", count: $N, rate: 100Mbps}
        flows:
          - {id: f, kind: periodic, from: d1, to: c, size: 100B, period: 1ms}
        variants:
          - {name: fast, change: {links: [{from: sw, to: c, rate: 1Gbps}]}}
        sweep:
          grid:
            parameters.N: [1, 2..4]
            flows.f.period: 100us..1ms*4
            defaults.link.rate: 10Mbps..100Mbps+30Mbps
          zip:
            flows.f.size: [100B, 200B]
            flows.f.priority: [1, 2]
          replications: 3
          designs: [base, fast]

        """

    static let sweepWords: [[String]] = [
        ["100us..1ms*4", "1ms..100us*4", "100us..1ms*1", "100us..1ms", "0us..1ms*4", "100us..1Gbps*4", "100us..1ms*1e9",
         "100us..1ms*", "..", "1..", "..1", "100us..1ms+0us", "100us..1ms+1Mbps"],
        ["2..4", "4..2", "2..4*2", "2..4+0.5", "2.5..4", "-2..4", "2..99999999"],
        ["replications: 3", "replications: 0", "replications: -1", "replications: x", "replications: 1e9"],
        ["designs: [base, fast]", "designs: [fats]", "designs: base", "designs: []", "designs: {a: 1}"],
        ["[100B, 200B]", "[100B]", "[]", "100B", "[100B, 200B, 300B]"],
        ["parameters.N:", "parameters..N:", "[0]:", "flows[f.period:", "links[].rate:"],
        ["grid:", "zip:", "gird:", "sweep:"],
    ]

    /// The sweep section mutated word by word and line by line: every mutant loads or is
    /// refused with diagnostics, never a trap, and a loaded sweep's points are all made.
    @Test func mutatedSweepSectionsNeverTrap() throws {
        let good = try ScenarioLoader.load(yaml: Self.sweepPlant, path: "sweep.yaml")
        #expect(good.sweep?.points.count == 4 * 4 * 4 * 2)
        let start = Date()
        var loaded = 0, rejected = 0
        for seed in UInt64(1)...UInt64(800) {
            if Date().timeIntervalSince(start) > 8 { break }
            var rng = SplitMix(state: seed)
            var text = Self.sweepPlant
            for _ in 0..<Int.random(in: 1...3, using: &rng) {
                text = Self.mutateWord(text, groups: Self.sweepWords, rng: &rng)
            }
            if seed % 2 == 0 { text = Self.mutate(text, rng: &rng) }
            if let ok = Self.load(seed: seed, {
                let f = try ScenarioLoader.load(yaml: text, path: "fuzz-sweep-\(seed).yaml")
                _ = f.sweep?.points.count
            }) {
                if ok { loaded += 1 } else { rejected += 1 }
            }
        }
        print("fuzz (sweep): \(loaded) loaded, \(rejected) rejected")
        #expect(loaded + rejected > 50)
        #expect(loaded > 10 && rejected > 10)
    }
}
