import Kernel
import Models
@testable import Scenario
import Testing

/// A synthesized Qbv schedule written into a scenario as a variant: the copy keeps the
/// file, loads, and its new design carries exactly the schedule's offsets.
@Suite struct ScheduleVariantTests {
    static let yaml = """
        # A cell: a controller commands three devices, which report their status.
        name: cell
        duration: 50ms
        defaults:
          link: {rate: 1Gbps, length: 10m}
          switch: {delay: 1us}
        nodes:
          - {id: sw1, type: switch}
          - {id: sw2, type: switch}
          - {id: ctl, type: controller}
          - {id: "dev{i}", type: io, count: 3, group: devs}
        links:
          - {from: sw1, to: sw2}
          - {from: sw2, to: ctl}
          - {from: sw1, to: "dev{i}", count: 3}
        flows:
          - {id: "cmd-{i}", kind: periodic, from: ctl, to: "dev{i}", size: 100B, period: 1ms, priority: 7,
             deadline: 100us, for: {i: 1..3}}
          - {id: status, kind: periodic, from: devs, to: ctl, size: 200B, period: 500us, priority: 7,
             deadline: 200us}
          - {id: video, kind: poisson, from: dev1, to: ctl, size: 1500B, rate: 100Mbps}
        variants:
          # the uplink at 100 Mbit/s
          - name: slow-uplink
            change:
              links:
                - {from: sw1, to: sw2, rate: 100Mbps}

        # trailing comment
        """

    func schedule(_ text: String, variant: String = "base") throws -> (Design, QbvSchedule, String, String) {
        let file = try ScenarioLoader.load(yaml: text, path: "cell.yaml", variants: [variant])
        let design = try #require(file.designs.first)
        let s = ScheduleSynthesis.synthesize(design.plant)
        let item = try ScheduleVariant.item(s, design: design, text: text, path: "cell.yaml", name: nil,
                                            overrides: [])
        return (design, s, try ScheduleVariant.insert(item, into: text, path: "cell.yaml"), item)
    }

    @Test func writtenVariantCarriesTheOffsets() throws {
        let (design, s, written, item) = try schedule(Self.yaml)
        #expect(s.isComplete && s.streams.count == 6)
        // The file is kept as written, the item inserted after the last variant at its indentation.
        let indented = item.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n") + "\n"
        #expect(written.replacingOccurrences(of: indented, with: "") == Self.yaml + "\n")
        #expect(written.contains("100Mbps}\n" + indented + "\n# trailing comment\n"))
        let loaded = try ScenarioLoader.load(yaml: written, path: "out.yaml")
        #expect(loaded.designs.map(\.variant) == ["base", "slow-uplink", "qbv-scheduled"])
        let plant = try #require(loaded.designs.last?.plant)
        // Single-source flows keep their names; the three-source flow is one per source.
        #expect(plant.flows.map(\.name) == ["cmd-1", "cmd-2", "cmd-3", "video", "status@dev1", "status@dev2",
                                            "status@dev3"])
        for x in s.streams {
            let flow = design.plant.flows[x.id.flow]
            let name = flow.sources.count == 1 ? flow.name
                : ScheduleVariant.splitName(flow: flow.name, source: design.plant.nodes[flow.sources[x.id.source].node].name)
            let copy = try #require(plant.flows.first { $0.name == name })
            #expect(copy.sources.count == 1 && copy.sources[0].traffic.offset == .constant(Double(x.offset)), "\(name)")
            #expect(copy.sources[0].route == flow.sources[x.id.source].route)
            #expect(copy.priority == 7 && copy.deadline == flow.deadline)
        }
        // The TSN reader finds exactly the synthesized gates on the scheduled ports, with the
        // length-aware check; the other ports have none.
        for p in plant.ports.indices {
            let port = s.ports.first { $0.port == p }
            #expect(plant.ports[p].tsn?.gates == port?.gates, "port \(p)")
            if port != nil { #expect(plant.ports[p].tsn?.guardBand == .lengthAware) }
        }
        #expect(design.plant.ports.map(\.node) == plant.ports.map(\.node))
        // The gates as written: one entry per scheduled port, its list summing to the cycle.
        let root = try #require(TreeBuilder.parse(written, file: "out.yaml", diags: Diagnostics()))
        let variant = try #require(root["variants"]?.items?.last)
        let ports = try #require(variant["set"]?["tsn.ports"]?.items)
        #expect(ports.count == s.ports.count)
        for (entry, port) in zip(ports, s.ports) {
            #expect(entry["from"]?.scalar == design.plant.nodes[design.plant.ports[port.port].node].name)
            #expect(entry["guard_band"]?.scalar == "length-aware")
            let durations = try #require(entry["gates"]?["entries"]?.items).map { e in
                try Quantity.time.value(e["duration"]?.scalar ?? "").get()
            }
            #expect(durations.map { SimTime($0) } == port.gates.entries.map(\.duration))
            #expect(entry["gates"]?["cycle"]?.scalar == "1ms")
        }
    }

    /// A variant scheduled keeps its own overlay in the new one.
    @Test func scheduledVariantKeepsItsOverlay() throws {
        let (_, s, written, _) = try schedule(Self.yaml, variant: "slow-uplink")
        let loaded = try ScenarioLoader.load(yaml: written, path: "out.yaml", variants: ["qbv-scheduled"])
        let plant = try #require(loaded.designs.first?.plant)
        let uplink = try #require(plant.ports.first { plant.nodes[$0.node].name == "sw1" && plant.nodes[$0.peerNode].name == "sw2" })
        #expect(uplink.rateBitsPerSecond == 100_000_000)
        #expect(!s.streams.isEmpty)
    }

    /// Without variants the file gets a `variants:` section; a flow-style one becomes a block list.
    @Test func variantsSectionMadeOrRewritten() throws {
        let plain = Self.yaml.components(separatedBy: "variants:")[0]
        let (_, _, made, _) = try schedule(plain)
        #expect(made.contains("\nvariants:\n  - name: qbv-scheduled\n"))
        #expect(try ScenarioLoader.load(yaml: made, path: "out.yaml").designs.count == 2)
        let flow = plain + "variants: [{name: v, change: {flows: [{id: video, rate: 50Mbps}]}}]\n"
        let (_, _, rewritten, _) = try schedule(flow)
        #expect(try ScenarioLoader.load(yaml: rewritten, path: "out.yaml").designs.map(\.variant) == ["base", "v", "qbv-scheduled"])
    }

    /// Scheduling the scheduled variant again: its gates are replaced, not set twice, and
    /// the default name takes the next free one.
    @Test func reschedulingTakesTheNextName() throws {
        let (_, _, once, _) = try schedule(Self.yaml)
        let (_, _, twice, item) = try schedule(once, variant: "qbv-scheduled")
        #expect(ScheduleVariant.name(of: item) == "qbv-scheduled-2")
        #expect(item.components(separatedBy: "tsn.ports").count == 2)
        let loaded = try ScenarioLoader.load(yaml: twice, path: "out.yaml", variants: ["qbv-scheduled", "qbv-scheduled-2"])
        #expect(loaded.designs[0].plant.flows.map(\.name) == loaded.designs[1].plant.flows.map(\.name))
        let file = try ScenarioLoader.load(yaml: once, path: "once.yaml", variants: ["base"])
        #expect(throws: ScenarioErrors.self) {
            try ScheduleVariant.item(ScheduleSynthesis.synthesize(file.designs[0].plant), design: file.designs[0], text: once,
                                     path: "once.yaml", name: "qbv-scheduled", overrides: [])
        }
    }

    @Test func exactTimes() {
        #expect(ScheduleVariant.exactTime(0) == "0s")
        #expect(ScheduleVariant.exactTime(Time.millisecond) == "1ms")
        #expect(ScheduleVariant.exactTime(2_714_000) == "2714ns")
        #expect(ScheduleVariant.exactTime(121_600_000) == "121600ns")
        #expect(ScheduleVariant.exactTime(1_000_001) == "1000001ps")
    }
}
