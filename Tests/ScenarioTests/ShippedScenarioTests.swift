import Foundation
import Kernel
import Models
import Testing
@testable import Scenario

@Suite struct ShippedScenarioTests {
    @Test func factoryTreeHasTheDocumentedShape() throws {
        let f = try ScenarioLoader.load(path: scenarioPath("factory-tree.yaml"))
        #expect(f.name == "factory-tree")
        #expect(f.designs.map(\.variant) == ["base"])
        let d = try #require(f.designs.first)
        let net = d.plant
        #expect(net.nodes.count == 1 + 1 + 8 + 8 * 32)
        #expect(net.ports.count == 2 * (1 + 8 + 8 * 32))
        #expect(d.duration == 10 * Time.second)
        #expect(d.warmup == 0)
        let control = try #require(net.flows.first { $0.name == "control" })
        #expect(control.sources.count == 256)
        #expect(control.priority == 0)
        for s in control.sources {
            #expect(s.route.count == 3)
            #expect(s.traffic.size == .constant(128))
            #expect(s.traffic.offset == .uniform(low: 0, high: Double(Time.millisecond)))
            #expect(s.traffic.pattern == .periodic(period: Time.millisecond, jitter: nil))
            #expect(net.ports[s.route[0].index].rateBitsPerSecond == 100_000_000)
            #expect(net.ports[s.route[1].index].rateBitsPerSecond == 1_000_000_000)
            #expect(net.ports[s.route[2].index].peerNode == control.destination)
        }
        let camera = try #require(net.flows.first { $0.name == "camera" })
        #expect(camera.sources.count == 8)
        for s in camera.sources {
            #expect(net.nodes[s.node].name.hasSuffix("-1"))
            // 1500 B * 8 / 20 Mbit/s = 600 us mean gap.
            #expect(s.traffic.pattern == .poisson(meanGap: 600 * Double(Time.microsecond)))
        }
        for p in net.ports {
            #expect(p.overheadBytes == 0)
            #expect(p.bufferBytes == nil && p.bufferFrames == nil)
            let fast = net.nodes[p.node].name == "core" || net.nodes[p.peerNode].name == "core"
            #expect(p.propagation == (fast ? 500_000 : 50_000))
        }
        for n in net.nodes where n.kind == .switch {
            #expect(n.forwarding == .storeAndForward)
            #expect(n.switchingDelay == .constant(0))
        }
        #expect(net.nodes[control.destination].name == "edge")
        #expect(f.warnings.isEmpty)
    }

    @Test func factoryTreeScalesWithOverrides() throws {
        let f = try ScenarioLoader.load(path: scenarioPath("factory-tree.yaml"),
                                        overrides: ["parameters.C=4", "parameters.D=16"])
        let net = try #require(f.designs.first).plant
        #expect(net.nodes.count == 2 + 4 + 4 * 16)
        #expect(net.flows.first { $0.name == "control" }?.sources.count == 64)
        #expect(net.flows.first { $0.name == "camera" }?.sources.count == 4)
    }

    @Test func quickstartLoadsWithVariants() throws {
        let f = try ScenarioLoader.load(path: scenarioPath("quickstart.yaml"))
        #expect(f.designs.map(\.variant) == ["base", "prioritized", "gigabit-uplink"])
        for d in f.designs { #expect(d.duration == Time.second) }
        let base = f.designs[0].plant, prio = f.designs[1].plant, giga = f.designs[2].plant
        #expect(base.flows.allSatisfy { $0.priority == 0 })
        #expect(prio.flows.first { $0.name == "plc-report" }?.priority == 6)
        #expect(prio.flows.first { $0.name == "io-poll-2" }?.priority == 6)
        #expect(prio.flows.first { $0.name == "camera" }?.priority == 0)
        let sw1 = try #require(giga.nodes.firstIndex { $0.name == "sw1" })
        let line = try #require(giga.nodes.firstIndex { $0.name == "line" })
        let uplink = giga.ports.filter { Set([$0.node, $0.peerNode]) == [sw1, line] }
        #expect(uplink.count == 2 && uplink.allSatisfy { $0.rateBitsPerSecond == 1_000_000_000 })
        #expect(base.ports.filter { Set([$0.node, $0.peerNode]) == [sw1, line] }.allSatisfy { $0.rateBitsPerSecond == 100_000_000 })
        #expect(f.warnings.isEmpty)
        #expect(f.designs[0].resolvedYAML.contains("plc3"))
    }

    @Test func resolvedYAMLLoadsAgain() throws {
        let f = try ScenarioLoader.load(path: scenarioPath("quickstart.yaml"))
        for d in f.designs {
            let again = try ScenarioLoader.load(yaml: d.resolvedYAML)
            #expect(again.designs[0].plant == d.plant, "\(d.variant)")
        }
    }

    @Test func hashIsStableAndSensitive() throws {
        let a = try ScenarioLoader.load(path: scenarioPath("factory-tree.yaml"))
        let b = try ScenarioLoader.load(path: scenarioPath("factory-tree.yaml"))
        let c = try ScenarioLoader.load(path: scenarioPath("factory-tree.yaml"), overrides: ["parameters.C=4"])
        #expect(a.hash == b.hash)
        #expect(a.hash != c.hash)
        #expect(a.hash.count == 16)
        let text = try String(contentsOfFile: scenarioPath("factory-tree.yaml"), encoding: .utf8)
        let y = try ScenarioLoader.load(yaml: text)
        #expect(y.hash == a.hash)
    }
}
