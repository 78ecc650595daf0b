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
            do {
                _ = try ScenarioLoader.load(yaml: text, path: "fuzz-\(seed).yaml")
                loaded += 1
            } catch let e as ScenarioErrors {
                #expect(!e.diagnostics.isEmpty, "seed \(seed): empty error list")
                rejected += 1
            } catch {
                Issue.record("seed \(seed): unexpected error type \(error)")
            }
        }
        print("fuzz: \(loaded) loaded, \(rejected) rejected")
        #expect(loaded + rejected > 50)
    }
}
