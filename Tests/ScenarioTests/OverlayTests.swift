import Foundation
import Kernel
import Models
import Testing
@testable import Scenario

@Suite struct OverlayTests {
    let plant = """
    name: plant
    duration: 1s
    parameters: {N: 2, R: 100Mbps}
    defaults:
      link: {rate: $R}
    nodes:
      - {id: core, type: switch}
      - {id: edge, type: server}
      - {id: "sw{c}", type: switch, for: {c: 1..$N}, group: cells}
      - {id: "dev{c}-{i}", type: device, for: {c: 1..$N, i: [1, 2, 3]}, group: devices}
      - {id: "n{(c-1)*3+i}", type: io, for: {c: 1..$N, i: 1..3}}
    links:
      - {from: edge, to: core, rate: 1Gbps}
      - {from: "sw{c}", to: core, for: {c: 1..$N}}
      - {from: "dev{c}-{i}", to: "sw{c}", for: {c: 1..$N, i: 1..3}}
      - {id: "io{c}", from: "n{c}", to: core, for: {c: "1..{N*3}"}}
    flows:
      - {id: control, kind: periodic, from: devices, to: edge, size: 128B, period: 1ms, priority: 5}
      - {id: bulk, kind: cbr, from: [dev1-1, "n*"], to: edge, size: 1500B, rate: 10Mbps}
    variants:
      - name: big
        set: {parameters.N: 3, flows.control.period: 2ms}
      - name: trimmed
        remove: {nodes: ["dev*-3"], flows: [bulk]}
      - name: fast
        change:
          links: [{from: "sw*", to: core, rate: 1Gbps}]
          flows: [{id: control, priority: 7, deadline: 500us}]
      - name: extra
        add:
          nodes: [{id: cam, type: camera}]
          links: [{from: cam, to: core}]
          flows: [{id: video, kind: poisson, from: cam, to: edge, size: 1000B, gap: 1ms}]
    """

    @Test func templatesExpand() throws {
        let f = try ScenarioLoader.load(yaml: plant, variants: ["base"])
        let net = try #require(f.designs.first).plant
        #expect(net.nodes.map(\.name) == ["core", "edge", "sw1", "sw2", "dev1-1", "dev1-2", "dev1-3", "dev2-1", "dev2-2",
                                          "dev2-3", "n1", "n2", "n3", "n4", "n5", "n6"])
        #expect(net.ports.count == 2 * (1 + 2 + 6 + 6))
        #expect(net.ports.first { $0.name == "to-sw1" }?.rateBitsPerSecond == 100_000_000)
        #expect(net.flows[0].sources.count == 6)
        #expect(net.flows[1].sources.map { net.nodes[$0.node].name } == ["dev1-1", "n1", "n2", "n3", "n4", "n5", "n6"])
        #expect(net.flows[1].sources[0].traffic.pattern == .constantRate(gap: 1500 * 8 / 10e6 * 1e12))
        #expect(net.ports[0].name == "to-core" && net.ports[1].name == "to-edge")
    }

    @Test func variantsOverlayTheBase() throws {
        let f = try ScenarioLoader.load(yaml: plant)
        #expect(f.designs.map(\.variant) == ["base", "big", "trimmed", "fast", "extra"])
        let big = f.designs[1].plant
        #expect(big.nodes.filter { $0.name.hasPrefix("dev") }.count == 9)
        #expect(big.flows[0].sources[0].traffic.pattern == .periodic(period: 2 * Time.millisecond, jitter: nil))
        let trimmed = f.designs[2].plant
        #expect(!trimmed.nodes.contains { $0.name.hasSuffix("-3") && $0.name.hasPrefix("dev") })
        #expect(trimmed.ports.count == 2 * (1 + 2 + 4 + 6))
        #expect(trimmed.flows.map(\.name) == ["control"])
        #expect(trimmed.flows[0].sources.count == 4)
        let fast = f.designs[3].plant
        #expect(fast.ports.filter { $0.name == "to-core" && fast.nodes[$0.node].name.hasPrefix("sw") }
            .allSatisfy { $0.rateBitsPerSecond == 1_000_000_000 })
        #expect(fast.flows[0].priority == 7 && fast.flows[0].deadline == 500 * Time.microsecond)
        let extra = f.designs[4].plant
        #expect(extra.flows.map(\.name) == ["control", "bulk", "video"])
        // The base is untouched by the variants.
        #expect(f.designs[0].plant.flows[0].priority == 5)
    }

    @Test func selectingVariants() throws {
        let f = try ScenarioLoader.load(yaml: plant, variants: ["fast"])
        #expect(f.designs.map(\.variant) == ["fast"])
        let ds = errors(yaml: plant, variants: ["fats"])
        #expect(ds.first?.message.contains("did you mean 'fast'?") ?? false)
        #expect(ds.first?.file == "<--variant>")
    }

    @Test func overrides() throws {
        let f = try ScenarioLoader.load(yaml: plant, overrides: [
            "parameters.N=1", "defaults.link.rate=1Gbps", "flows.control.period=4ms", "flows[1].rate=20Mbps",
            "nodes[dev{c}-{i}].type=plc", "duration=2s", "flows.control.offset={dist: uniform, min: 0ms, max: 1ms}",
        ], variants: ["base"])
        let d = try #require(f.designs.first)
        #expect(d.duration == 2 * Time.second)
        #expect(d.nodeTypes.filter { $0 == "plc" }.count == 3)
        #expect(d.plant.ports.allSatisfy { $0.rateBitsPerSecond == 1_000_000_000 })
        #expect(d.plant.flows[0].sources[0].traffic.pattern == .periodic(period: 4 * Time.millisecond, jitter: nil))
        #expect(d.plant.flows[0].sources[0].traffic.offset == .uniform(low: 0, high: 1e9))
        #expect(d.plant.flows[1].sources[0].traffic.pattern == .constantRate(gap: 1500 * 8 / 20e6 * 1e12))
        let g = try ScenarioLoader.load(yaml: plant, seed: 99, duration: "3s", warmup: "1s", variants: ["base"])
        #expect(g.designs[0].seed == 99 && g.designs[0].duration == 3 * Time.second && g.designs[0].warmup == Time.second)
    }

    @Test func badOverrides() {
        var ds = errors(yaml: plant, overrides: ["parameters.N"])
        #expect(ds.first?.message.contains("expected PATH=VALUE") ?? false)
        ds = errors(yaml: plant, overrides: ["x=1", "defaults.link.rat=1Gbps"])
        #expect(ds.map { "\($0.file):\($0.line):\($0.column)" } == ["<--set>:1:1", "<--set>:2:15"])
        #expect(ds.last?.message.contains("did you mean 'rate'?") ?? false)
        ds = errors(yaml: plant, overrides: ["defaults.link.rate=fast"])
        #expect(ds.first.map { ($0.file, $0.line, $0.column) } ?? ("", 0, 0) == ("<--set>", 1, 20))
        ds = errors(yaml: plant, overrides: ["flows[7].rate=1Mbps"])
        #expect(ds.first?.message.contains("out of range") ?? false)
        ds = errors(yaml: plant, overrides: ["name.x=1"])
        #expect(ds.first?.message.contains("not a mapping") ?? false)
    }

    /// `delay` and `length` both set a link's propagation delay: a change that sets one
    /// drops the other (instead of an error for giving both).
    @Test func changingDelayDropsLength() throws {
        let y = tiny.replacingOccurrences(of: "  - {from: a, to: sw}", with: "  - {from: a, to: sw, length: 100m}")
            + "variants:\n  - {name: v, change: {links: [{from: a, to: sw, delay: 7us}]}}\n"
        let f = try ScenarioLoader.load(yaml: y)
        #expect(f.designs[0].plant.ports.map(\.propagation).prefix(2) == [500_000, 500_000])  // 100 m at 5 ns/m
        #expect(f.designs[1].plant.ports.map(\.propagation).prefix(2) == [7_000_000, 7_000_000])
        #expect(!f.designs[1].resolvedYAML.contains("length: 100m"))
    }

    @Test func loadWarning() throws {
        let y = tiny.replacingOccurrences(of: "period: 1ms", with: "period: 1us")
            .replacingOccurrences(of: "rate: 1Gbps", with: "rate: 100Mbps")
        let f = try ScenarioLoader.load(yaml: y)
        let w = try #require(f.warnings.first)
        #expect(w.severity == .warning)
        // (100 + 20) B * 8 per us = 960 Mbit/s on 100 Mbit/s.
        #expect(w.message.contains("offered load on link a→sw is 960.0% of its 100Mbps capacity (variant 'base')"), "\(w)")
    }

    @Test func traceFlows() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fnsim-trace-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "time_s,source,size_bytes\n0.002,a,200\n0.001,a,100\n0.0015,c,300\n".write(
            to: dir.appendingPathComponent("t.csv"), atomically: true, encoding: .utf8)
        let y = tiny.replacingOccurrences(of: "  - {from: b, to: sw}", with: "  - {from: b, to: sw}\n  - {from: c, to: sw}")
            .replacingOccurrences(of: "  - {id: b, type: server}", with: "  - {id: b, type: server}\n  - {id: c, type: io}")
            + "  - {id: t, kind: trace, to: b, file: t.csv}\n"
        let path = dir.appendingPathComponent("s.yaml").path
        try y.write(toFile: path, atomically: true, encoding: .utf8)
        let f = try ScenarioLoader.load(path: path)
        let flow = try #require(f.designs[0].plant.flows.last)
        #expect(flow.sources.count == 2)
        #expect(flow.sources[0].traffic.pattern == .trace(times: [Time.millisecond, 2 * Time.millisecond], sizes: [100, 200]))
        #expect(flow.sources[1].traffic.pattern == .trace(times: [1_500_000_000], sizes: [300]))
    }

    @Test func severalErrorsAtOnce() {
        let y = tiny.replacingOccurrences(of: "rate: 1Gbps", with: "rate: 0bps")
            .replacingOccurrences(of: "period: 1ms", with: "period: 1")
            .replacingOccurrences(of: "name: tiny", with: "nme: tiny")
        let ds = errors(yaml: y)
        #expect(ds.count == 3)
        #expect(ds.map(\.line) == ds.map(\.line).sorted())
    }
}
