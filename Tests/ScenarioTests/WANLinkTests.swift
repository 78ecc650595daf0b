import Foundation
import Kernel
import Models
import Testing
@testable import Scenario

/// External-network links (`type: wan`) read into `PlantSpec.links`.
@Suite struct WANLinkTests {
    /// A plant with a gateway to a cloud and a 5G link from a camera, in a fresh directory
    /// (for trace files); returns the scenario's path.
    static func plant(_ extraLinks: String = "", files: [String: String] = [:]) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fnsim-wan-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for (name, text) in files { try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        let yaml = """
            name: wan
            duration: 1s
            defaults:
              link: {rate: 1Gbps, delay: 1us, overhead: 30B}
            nodes:
              - {id: sw1, type: switch}
              - {id: gateway, type: switch}
              - {id: cloud, type: server}
              - {id: cam1, type: camera}
              - {id: plc, type: plc}
            links:
              - {from: plc, to: sw1}
              - {from: sw1, to: gateway}
              - {from: gateway, to: cloud, type: wan, delay: {dist: lognormal, mean: 5ms, cv: 1.1, shift: 3ms}, loss: 0.1%}
            \(extraLinks)
            flows:
              - {id: report, kind: periodic, from: plc, to: cloud, size: 200B, period: 10ms}

            """
        let path = dir.appendingPathComponent("plant.yaml").path
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static let fiveG = """
          - from: cam1
            to: sw1
            type: wan
            uplink: {delay: {trace: 5g-ul.csv, replay: cycle}, loss: {model: gilbert-elliott, rate: 1%, burst: 3}}
            downlink: {delay: 6ms}
            rate: 50Mbps
            buffer: 64KB
            buffer_frames: 100
            overhead: 8B
            max_frame: 1400B
            in_order: true
        """

    @Test func directionsDelaysLossAndCapacity() throws {
        let path = try Self.plant(Self.fiveG, files: ["5g-ul.csv": "time_s,delay_ms\n0,5.5\n0.1,6\n\n0.2,7.25\n"])
        let net = try #require(try ScenarioLoader.load(path: path).designs.first).plant
        // Ethernet ports are untouched by wan links; defaults.link does not reach them.
        #expect(net.ports.count == 4)
        #expect(net.links.count == 4)
        let gateway = 1, cloud = 2, cam1 = 3, sw1 = 0
        #expect(net.links[0] == LinkSpec(
            name: "gateway→cloud", node: gateway, peerNode: cloud, direction: .uplink,
            delay: .distribution(.shifted(.lognormal(mean: 5e9, cv: 1.1), by: 3e9)), loss: .independent(rate: 0.001)))
        #expect(net.links[1] == LinkSpec(
            name: "cloud→gateway", node: cloud, peerNode: gateway, direction: .downlink,
            delay: .distribution(.shifted(.lognormal(mean: 5e9, cv: 1.1), by: 3e9)), loss: .independent(rate: 0.001)))
        // Gilbert: r = 1/burst, p = rate·r/(1 − rate).
        let r = 1.0 / 3, p = 0.01 * r / 0.99
        #expect(net.links[2] == LinkSpec(
            name: "cam1→sw1", node: cam1, peerNode: sw1, direction: .uplink,
            delay: .trace([5_500_000_000, 6_000_000_000, 7_250_000_000], .cycle),
            loss: .gilbertElliott(p: p, r: r, lossGood: 0, lossBad: 1), rateBitsPerSecond: 50_000_000,
            overheadBytes: 8, maxFrameBytes: 1400, bufferBytes: 64_000, bufferFrames: 100, inOrder: true))
        #expect(net.links[3] == LinkSpec(
            name: "sw1→cam1", node: sw1, peerNode: cam1, direction: .downlink, delay: .distribution(.constant(6e9)),
            loss: .none, rateBitsPerSecond: 50_000_000, overheadBytes: 8, maxFrameBytes: 1400, bufferBytes: 64_000,
            bufferFrames: 100, inOrder: true))
        // Flows route over wan directions: plc → sw1 → gateway → cloud.
        let route = try #require(net.flows.first?.sources.first?.route)
        #expect(route == [.port(0), .port(2), .link(0)])
    }

    /// A design written elsewhere (`run --out`) names the delay trace by the path it was
    /// read from, so it loads again from there to the same plant.
    @Test func resolvedDesignFindsItsTraceFromAnywhere() throws {
        let path = try Self.plant(Self.fiveG, files: ["5g-ul.csv": "delay_ms\n5.5\n6\n"])
        let design = try #require(try ScenarioLoader.load(path: path).designs.first)
        let elsewhere = FileManager.default.temporaryDirectory.appendingPathComponent("fnsim-out-\(UUID().uuidString).yaml")
        try design.resolvedYAML.write(to: elsewhere, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: elsewhere) }
        let again = try #require(try ScenarioLoader.load(path: elsewhere.path).designs.first)
        #expect(again.plant == design.plant)
        #expect(design.resolvedYAML.contains(URL(fileURLWithPath: path).deletingLastPathComponent()
            .appendingPathComponent("5g-ul.csv").path))
    }

    @Test func lossModelsAndDelayForms() throws {
        func link(_ settings: String) throws -> LinkSpec {
            let path = try Self.plant("  - {from: cam1, to: sw1, type: wan, \(settings)}",
                                      files: ["d.csv": "delay_us,other\n250,x\n0,y\n"])
            return try #require(try ScenarioLoader.load(path: path).designs.first?.plant.links[2])
        }
        #expect(try link("delay: 2ms, loss: 0").loss == LossModel.none)
        #expect(try link("delay: 2ms, loss: 0%").loss == LossModel.none)
        #expect(try link("delay: 2ms, loss: 0.002").loss == .independent(rate: 0.002))
        #expect(try link("delay: 2ms, loss: {model: gilbert-elliott, p: 0.01, r: 0.25}").loss
            == .gilbertElliott(p: 0.01, r: 0.25, lossGood: 0, lossBad: 1))
        #expect(try link("delay: 2ms, loss: {model: gilbert-elliott, p: 1%, r: 25%, loss_good: 0.001, loss_bad: 0.5}").loss
            == .gilbertElliott(p: 0.01, r: 0.25, lossGood: 0.001, lossBad: 0.5))
        #expect(try link("delay: {dist: constant, value: 1ms, shift: 2ms}").delay == .distribution(.constant(3e9)))
        #expect(try link("delay: {dist: uniform, min: 1ms, max: 2ms}").delay
            == .distribution(.uniform(low: 1e9, high: 2e9)))
        #expect(try link("delay: {trace: d.csv, replay: sample}").delay == .trace([250_000_000, 0], .sample))
        let defaults = try link("delay: 2ms")
        #expect(defaults.rateBitsPerSecond == nil && defaults.overheadBytes == 0 && defaults.maxFrameBytes == .max)
        #expect(!defaults.inOrder && defaults.bufferBytes == nil && defaults.bufferFrames == nil)
    }

    @Test func badWANSettings() throws {
        func firstError(_ settings: String, files: [String: String] = [:]) throws -> Diagnostic? {
            let path = try Self.plant("  - {from: cam1, to: sw1, type: wan, \(settings)}", files: files)
            return loadErrors({ try ScenarioLoader.load(path: path) }).first
        }
        var e = try #require(try firstError("delay: 2ms, loss: {model: gilbert-elliott, rate: 90%, burst: 3}"))
        #expect(e.message.contains("a loss rate of 90% with bursts of 3 frames on average is impossible"), "\(e)")
        e = try #require(try firstError("delay: 2ms, loss: {model: gilbert-elliott, rate: 1%, p: 0.1}"))
        #expect(e.message.contains("give either 'rate' and 'burst' or 'p' and 'r'"), "\(e)")
        e = try #require(try firstError("delay: 2ms, loss: {model: gilbert-elliott, p: 0.1, r: 0}"))
        #expect(e.message.contains("'r' of"), "\(e)")
        e = try #require(try firstError("delay: 2ms, buffer: 10KB"))
        #expect(e.message.contains("'buffer' of link cam1→sw1 applies to its capacity, and the link has none"), "\(e)")
        e = try #require(try firstError("delay: {trace: d.csv, replay: loop}", files: ["d.csv": "delay_s\n0.1\n"]))
        #expect(e.message.contains("unknown replay mode 'loop'; expected cycle or sample"), "\(e)")
        e = try #require(try firstError("delay: {trace: d.csv}", files: ["d.csv": "delay_s,delay_ms\n0.1,2\n"]))
        #expect(e.message.contains("the header names 2 delay columns ('delay_s', 'delay_ms'); keep one"), "\(e)")
        #expect(e.line == 1 && e.column == 9 && e.file.hasSuffix("d.csv"), "\(e)")
        e = try #require(try firstError("delay: {trace: d.csv}", files: ["d.csv": "delay_ms\n"]))
        #expect(e.message.contains("the delay trace has no rows after its header"), "\(e)")
        e = try #require(try firstError("delay: {trace: missing.csv}"))
        #expect(e.message.contains("cannot read delay trace 'missing.csv'"), "\(e)")
        e = try #require(try firstError("delay: {tarce: d.csv}"))
        #expect(e.message.contains("missing 'dist' (a distribution) or 'trace'"), "\(e)")
        e = try #require(try firstError("delay: 2ms, in_order: maybe"))
        #expect(e.message.contains("expected true or false for 'in_order' of link cam1→sw1, found 'maybe'"), "\(e)")
        e = try #require(try firstError("delay: 2ms, uplink: {delay: 1ms, rate: 1Mbps, length: 2m}"))
        #expect(e.message.contains("unknown key 'length' in 'uplink' of link cam1→sw1"), "\(e)")
    }

    /// A frame larger than a wan link's max_frame is reported, and offered load above a
    /// direction's rate is a warning.
    @Test func frameSizeAndLoadCoverWANDirections() throws {
        let big = try Self.plant("  - {from: cam1, to: gateway, type: wan, delay: 1ms, max_frame: 100B}")
        var text = try String(contentsOfFile: big, encoding: .utf8)
        text = text.replacingOccurrences(of: "  - {id: report, kind: periodic, from: plc, to: cloud, size: 200B, period: 10ms}",
                                         with: "  - {id: up, kind: periodic, from: cam1, to: cloud, size: 200B, period: 10ms}")
        let e = try #require(errors(yaml: text).first)
        #expect(e.message == "flow 'up' sends frames of up to 200B, larger than the maximum frame 100B of link cam1→gateway",
                "\(e)")
        let loaded = text.replacingOccurrences(of: "max_frame: 100B", with: "rate: 100kbps, overhead: 50B")
        let f = try ScenarioLoader.load(yaml: loaded)
        let w = try #require(f.warnings.first)
        // (200 + 50) B × 8 × 100 frames/s = 200 kbit/s on 100 kbit/s.
        #expect(w.message == "offered load on link cam1→gateway is 200.0% of its 100kbps capacity (variant 'base')", "\(w)")
        // One frame and two hops (cam1 → gateway → cloud) per send.
        #expect(f.designs[0].estimatedFrames == 100 && f.designs[0].estimatedEvents == 300)
    }

    /// An explicit path may cross a wan link; parameters and expressions reach wan keys.
    @Test func pathsAndTemplatesOverWANLinks() throws {
        var text = try String(contentsOfFile: try Self.plant(), encoding: .utf8)
        text = text.replacingOccurrences(of: "duration: 1s", with: "duration: 1s\nparameters: {D: 4, L: 2%, N: 2}")
            .replacingOccurrences(of: "delay: {dist: lognormal, mean: 5ms, cv: 1.1, shift: 3ms}, loss: 0.1%}",
                                  with: "delay: {dist: uniform, min: 1ms, max: \"{D*2}ms\", shift: \"{D}ms\"}, loss: $L, rate: \"{N*10}Mbps\"}")
            .replacingOccurrences(of: "period: 10ms}", with: "period: 10ms, path: [plc, sw1, gateway, cloud]}")
        let net = try #require(try ScenarioLoader.load(yaml: text).designs.first).plant
        #expect(net.links[0].delay == .distribution(.shifted(.uniform(low: 1e9, high: 8e9), by: 4e9)))
        #expect(net.links[1].loss == .independent(rate: 0.02) && net.links[1].rateBitsPerSecond == 20_000_000)
        #expect(net.flows[0].sources[0].route == [.port(0), .port(2), .link(0)])
    }
}
