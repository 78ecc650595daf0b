import Experiments
import Foundation
import Kernel
import Models
import Testing
@testable import Scenario

/// The 5G TSN bridge keys: `tsn_bridge` on a UPF and on a flow, read into the plant, run,
/// checked against the routes, refused with file:line:column when wrong, and fuzzed.
@Suite struct FiveGBridgeKeyTests {
    static let ms = Time.millisecond

    /// Two terminals behind a gNB, a UPF acting as a 5G TSN bridge, a switch and a PLC.
    static let plant = """
    name: bridge
    duration: 1s
    defaults:
      link: {rate: 1Gbps, delay: 1us}
    radio: {scenario: InF-DH}
    nodes:
      - {id: gnb, type: gnb}
      - {id: upf, type: upf, processing: 20us, tsn_bridge: {residence: 10ms}}
      - {id: sw, type: switch}
      - {id: plc, type: controller}
      - {id: agv1, type: agv, radio: {position: [10m, 10m]}}
      - {id: agv2, type: agv, radio: {position: [30m, 15m]}}
    links:
      - {from: gnb, to: upf}
      - {from: upf, to: sw}
      - {from: sw, to: plc}
    cells:
      - {id: c1, gnb: gnb, position: [20m, 20m], carrier: 3.7GHz, bandwidth: 100MHz}
    flows:
      - {id: up, kind: periodic, from: agv1, to: plc, size: 40B, period: 4ms}
      - {id: down, kind: periodic, from: plc, to: agv2, size: 40B, period: 4ms, tsn_bridge: {residence: 12ms, late: drop}}
    variants:
      - name: tight
        change: {nodes: [{id: upf, tsn_bridge: {residence: 2ms, late: drop}}]}

    """

    @Test func keysAreReadAndRun() throws {
        let file = try ScenarioLoader.load(yaml: Self.plant)
        #expect(file.warnings.isEmpty, "\(file.warningText)")
        let base = file.designs[0].plant, tight = file.designs[1].plant
        let upf = try #require(base.nodes.firstIndex { $0.name == "upf" })
        #expect(base.nodes[upf].tsnBridge == FiveGBridgeSpec(residence: 10 * Self.ms, late: .forward))
        #expect(tight.nodes[upf].tsnBridge == FiveGBridgeSpec(residence: 2 * Self.ms, late: .drop))
        #expect(base.flows.map(\.tsnBridge) == [nil, FiveGBridgeOverride(residence: 12 * Self.ms, late: .drop)])
        // Run: each flow's bridge delay is its residence, exactly.
        let r = Runner.run(RunRequest(variant: "base", plant: base, seed: 1, duration: 400 * Self.ms))
        let up = try #require(r.flows.first { $0.flow == "up" }?.bridge)
        let down = try #require(r.flows.first { $0.flow == "down" }?.bridge)
        #expect(up.frames > 50 && up.late == 0 && up.min == 10 * Self.ms && up.max == 10 * Self.ms, "\(up)")
        #expect(down.frames > 50 && down.late == 0 && down.min == 12 * Self.ms && down.max == 12 * Self.ms, "\(down)")
        // `--set` reaches the keys like any other.
        let set = try ScenarioLoader.load(yaml: Self.plant, overrides: ["nodes.upf.tsn_bridge.residence=3ms"],
                                          variants: ["base"])
        #expect(set.designs[0].plant.nodes[upf].tsnBridge?.residence == 3 * Self.ms)
    }

    /// (the text replaced, its replacement, line, column, the message expected)
    static let bad: [(String, String, Int, Int, String)] = [
        ("tsn_bridge: {residence: 10ms}", "tsn_bridge: {late: drop}", 8, 56,
         "missing required key 'residence' in 'tsn_bridge' of UPF 'upf'"),
        ("{residence: 10ms}", "{residence: 4}", 8, 68,
         "expected a time with a unit such as 250us for 'residence' of 'tsn_bridge' of UPF 'upf', found 4"),
        ("{residence: 10ms}", "{residence: 0ms}", 8, 68, "'residence' of 'tsn_bridge' of UPF 'upf' must be greater than zero, found 0ms"),
        ("{residence: 10ms}", "{residence: 10ms, late: dorp}", 8, 80,
         "unknown late-frame policy 'dorp'; expected forward or drop; did you mean 'drop'?"),
        ("{residence: 10ms}", "{residense: 10ms}", 8, 57,
         "unknown key 'residense' in 'tsn_bridge' of UPF 'upf'; did you mean 'residence'?"),
        ("{residence: 10ms}", "4ms", 8, 56, "expected a mapping for 'tsn_bridge' of UPF 'upf'"),
        ("{id: sw, type: switch}", "{id: sw, type: switch, tsn_bridge: {residence: 10ms}}", 9, 28,
         "'tsn_bridge' applies only to upf nodes, and 'sw' is a switch"),
        ("{residence: 12ms, late: drop}", "{}", 21, 89,
         "'tsn_bridge' of flow 'down' sets nothing; give 'residence' (such as 2ms) or 'late' (forward or drop)"),
        ("{residence: 12ms, late: drop}", "{residence: 12ms, late: never}", 21, 113,
         "unknown late-frame policy 'never'; expected forward or drop"),
        (", tsn_bridge: {residence: 10ms}}", "}", 21, 89,
         "flow 'down' sets 'tsn_bridge', but none of its paths crosses a 5G TSN bridge"),
    ]

    @Test(arguments: 0..<bad.count)
    func badKeysAreAnsweredWhereTheyAre(_ i: Int) throws {
        let (old, new, line, column, message) = Self.bad[i]
        let yaml = Self.plant.replacingOccurrences(of: old, with: new)
        #expect(yaml != Self.plant)
        let ds = errors(yaml: yaml)
        let hit = try #require(ds.first { $0.message.contains(message) }, "no '\(message)' among \(ds)")
        #expect(hit.line == line && hit.column == column, "\(hit)")
        #expect(hit.severity == .error)
    }

    /// A bridge no flow crosses from a terminal is a warning: its residence changes nothing.
    @Test func bridgeNoFlowCrossesIsAWarning() throws {
        // The gNB on the switch: the terminals' frames pass the UPF by.
        let yaml = Self.plant.replacingOccurrences(of: "{from: gnb, to: upf}", with: "{from: gnb, to: sw}")
            .replacingOccurrences(of: ", tsn_bridge: {residence: 12ms, late: drop}}", with: "}")
        // Also when no resolved design is written (validate), which lets go of the node entries early.
        for resolved in [true, false] {
            let file = try ScenarioLoader.load(yaml: yaml, variants: ["base"], resolvedYAML: resolved)
            let w = try #require(file.warnings.first)
            #expect(w.message.contains("UPF 'upf' acts as a 5G TSN bridge, but no flow crosses it"), "\(w)")
            #expect(w.line == 8 && w.column == 56, "\(w)")
        }
    }

    /// The schema knows the keys (and rejects a misspelt one), and accepts the plant.
    @Test func schemaCoversTheKeys() throws {
        let validator = KeyDeclarationTests.validator
        let good = try #require(TreeBuilder.parse(Self.plant, file: "x", diags: Diagnostics()))
        #expect(validator.errors(Instance(good)).isEmpty, "\(validator.errors(Instance(good)))")
        for (old, new, problem) in [
            ("{residence: 10ms}", "{residence: 10ms, lat: drop}", "unexpected key 'lat'"),
            ("{residence: 10ms}", "{late: drop}", "missing residence"),
            ("{residence: 12ms, late: drop}", "{residence: 12ms, late: dorp}", "not in the enum"),
            ("{id: sw, type: switch}", "{id: sw, type: switch, tsn_bridge: {residence: 10ms}}", "unexpected key 'tsn_bridge'"),
        ] {
            let tree = try #require(TreeBuilder.parse(Self.plant.replacingOccurrences(of: old, with: new), file: "x",
                                                      diags: Diagnostics()))
            let errors = validator.errors(Instance(tree))
            #expect(errors.contains { $0.contains(problem) }, "\(new): \(errors)")
        }
        let words = Set(KeyDeclarationTests.declaredWords)
        #expect(["tsn_bridge", "residence", "late", "forward", "drop"].allSatisfy(words.contains))
    }

    static let words: [[String]] = [
        ["residence: 10ms", "residence: 0ms", "residence: 4", "residence: -1ms", "residence: 1e30s", "late: drop",
         "residense: 10ms", "residence: 1ps"],
        ["late: drop", "late: forward", "late: dorp", "late: 1", "residence: 12ms", "late: []"],
        ["tsn_bridge", "tsn_brige", "radio", "processing"],
        ["type: upf", "type: switch", "type: gnb", "type: agv"],
        ["from: agv1", "from: plc", "from: agv2"],
    ]

    /// The bridge keys mutated word by word and line by line: every mutant loads or is
    /// refused with diagnostics, never a trap.
    @Test func mutatedBridgeScenariosNeverTrap() {
        let start = Date()
        var loaded = 0, rejected = 0
        for seed in UInt64(1)...UInt64(600) {
            if Date().timeIntervalSince(start) > 8 { break }
            var rng = SplitMix(state: seed)
            var text = Self.plant
            for _ in 0..<Int.random(in: 1...3, using: &rng) { text = FuzzTests.mutateWord(text, groups: Self.words, rng: &rng) }
            if seed % 2 == 0 { text = FuzzTests.mutate(text, rng: &rng) }
            if let ok = FuzzTests.load(seed: seed, { _ = try ScenarioLoader.load(yaml: text, path: "fuzz-bridge-\(seed).yaml") }) {
                if ok { loaded += 1 } else { rejected += 1 }
            }
        }
        print("fuzz (5G bridge): \(loaded) loaded, \(rejected) rejected")
        #expect(loaded + rejected > 50)
        #expect(loaded > 10 && rejected > 10)
    }
}
