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
        let sources = try ["quickstart.yaml", "factory-tree.yaml"].map {
            try String(contentsOfFile: scenarioPath($0), encoding: .utf8)
        }
        let start = Date()
        var loaded = 0, rejected = 0
        for seed in UInt64(1)...UInt64(600) {
            if Date().timeIntervalSince(start) > 8 { break }
            var rng = SplitMix(state: seed)
            let text = Self.mutate(sources[Int(seed % 2)], rng: &rng)
            if let ok = Self.load(seed: seed, { _ = try ScenarioLoader.load(yaml: text, path: "fuzz-\(seed).yaml") }) {
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
}
