import Foundation
import Kernel
import Models
import Testing
@testable import Scenario

/// Forwarding protocols, faults, survival time and replication as read from a file.
@Suite struct RedundancyTests {
    /// Four switches in a ring (r1 = ports 0, 1; r2 = 2, 3; r3 = 4, 5; r4 = 6, 7), a PLC on
    /// sw1 (ports 8, 9), an I/O block on sw3 (ports 10, 11), and a dual-homed pair: plc2 on
    /// sw1 and sw3, io2 on sw2 and sw4 (ports 12 to 19).
    static let ring = """
    name: ring
    duration: 5s
    defaults:
      link: {rate: 1Gbps, delay: 1us}
      switch: {priority: 32768}
    nodes:
      - {id: "sw{i}", type: switch, count: 4}
      - {id: plc, type: plc}
      - {id: io, type: io}
      - {id: plc2, type: plc}
      - {id: io2, type: io}
    links:
      - {id: "r{i}", from: "sw{i}", to: "sw{i%4+1}", count: 4}
      - {id: lp, from: plc, to: sw1}
      - {id: li, from: io, to: sw3}
      - {from: plc2, to: sw1}
      - {from: plc2, to: sw3}
      - {from: io2, to: sw2}
      - {from: io2, to: sw4}
    flows:
      - {id: cyc, kind: periodic, from: plc, to: io, size: 64B, period: 2ms, deadline: 2ms}

    """

    static func load(_ yaml: String, overrides: [String] = []) throws -> ScenarioFile {
        try ScenarioLoader.load(yaml: yaml, overrides: overrides)
    }

    @Test func forwardingDefaultsToStaticRoutes() throws {
        let f = try Self.load(Self.ring)
        #expect(f.designs[0].plant.forwarding == .staticRoutes)
        #expect(f.designs[0].plant.faults.isEmpty)
        #expect(f.designs[0].plant.nodes.allSatisfy { $0.bridgePriority == 32768 })
        // validate says that the ring's redundant link only carries what shortest paths give it.
        let line = try #require(f.designs[0].redundancyLines().first)
        #expect(line.hasPrefix("forwarding: static routes") && line.contains("the switches form a loop (closed by link sw4–sw1)"),
                "\(line)")
    }

    /// Each design's resolved YAML (written next to results) reloads into the same plant:
    /// forwarding, faults, babbling flows, survival times and replicas included.
    @Test func resolvedDesignsReloadUnchanged() throws {
        let f = try Self.load(FuzzTests.redundancy)
        for d in f.designs {
            #expect(d.resolvedYAML.contains("faults:") && d.resolvedYAML.contains("forwarding:"), "\(d.resolvedYAML)")
            let again = try ScenarioLoader.load(yaml: d.resolvedYAML)
            #expect(again.designs[0].plant == d.plant, "\(d.resolvedYAML)")
        }
    }

    @Test func faultAfterTheEndIsAWarning() throws {
        let f = try Self.load(Self.ring + "faults:\n  - {id: late, node: sw2, down: 9s}\n")
        #expect(f.warnings.map(\.message) == ["fault 'late' fails at 9s, after the run ends (5s) (variant 'base')"])
        #expect(f.designs[0].plant.faults.count == 1)
    }

    @Test func validateListsTheFlowsAScheduledFaultCrosses() throws {
        let f = try Self.load(Self.ring + "faults:\n  - {id: cut, link: r2, down: 2s, up: 3s}\n  - {id: other, link: r4, down: 1s}\n")
        let lines = f.designs[0].redundancyLines()
        #expect(lines.contains("fault cut (link sw2–sw3): down 2s, up 3s; paths crossing it: cyc; they break until it returns"), "\(lines)")
        #expect(lines.contains("fault other (link sw4–sw1): down 1s, not back; no flow crosses it"), "\(lines)")
    }

    @Test func rstpWithDefaultReconvergenceAndPriorities() throws {
        let y = Self.ring.replacingOccurrences(of: "count: 4}\n  - {id: plc,", with: "count: 4, priority: \"{i*4096}\"}\n  - {id: plc,")
            + "forwarding: {protocol: rstp}\nvariants:\n  - {name: fast, set: {forwarding: {protocol: rstp, reconvergence: 10ms}}}\n"
        let f = try Self.load(y)
        #expect(f.designs[0].plant.forwarding == .spanningTree(reconvergence: 50 * Time.millisecond))
        #expect(f.designs[1].plant.forwarding == .spanningTree(reconvergence: 10 * Time.millisecond))
        #expect(f.designs[0].plant.nodes.prefix(4).map(\.bridgePriority) == [4096, 8192, 12288, 16384])
        let lines = f.designs[0].redundancyLines()
        #expect(lines.first == "forwarding: RSTP, reconvergence 50ms")
        // sw1 (lowest priority) is root; sw3 is two hops either way and takes sw2's side
        // (sw2's identifier is lower than sw4's), so its port to sw4 is blocked.
        #expect(lines.contains { $0.contains("root sw1; blocked sw3 port 2 (link sw3–sw4)") }, "\(lines)")
    }

    @Test func mrpRingsByLinksAndByNodes() throws {
        let byLinks = Self.ring + "forwarding:\n  protocol: mrp\n  rings: [{id: ring1, manager: sw1, links: [r1, r2, r3, r4], recovery: 10ms}]\n"
        let f = try Self.load(byLinks)
        #expect(f.designs[0].plant.forwarding == .rings([RingSpec(name: "ring1", ports: [0, 2, 4, 6], manager: 0,
                                                                  recoveryTime: .ms10, worstCase: true)]))
        let lines = f.designs[0].redundancyLines()
        #expect(lines.contains { $0.contains("ring ring1 (manager sw1, recovery 10ms, worst-case outage): blocked sw1 port 2 (link sw4–sw1)") },
                "\(lines)")
        let byNodes = Self.ring + "forwarding:\n  protocol: mrp\n  rings: [{id: ring1, nodes: [sw1, sw4, sw3, sw2, sw1], outage: random}]\n"
        let g = try Self.load(byNodes)
        #expect(g.designs[0].plant.forwarding == .rings([RingSpec(name: "ring1", ports: [7, 5, 3, 1], manager: 0,
                                                                  recoveryTime: .ms200, worstCase: false)]))
    }

    @Test func faultsOfEveryKind() throws {
        let y = Self.ring + """
        faults:
          - {id: cut, link: r2, down: 2s, up: 3s}
          - {id: sw3-power, node: sw3, down: 4s}
          - {id: cabinet, group: [sw4, r3, {from: plc, to: sw1}, sw4], mtbf: 1000h, mttr: 4h}
          - {id: wear, link: {from: sw2, to: sw1}, time_to_failure: {dist: weibull, shape: 1.5, scale: 200h}, time_to_repair: 4h}

        """
        let faults = try Self.load(y).designs[0].plant.faults
        #expect(faults.map(\.name) == ["cut", "sw3-power", "cabinet", "wear"])
        #expect(faults[0] == FaultSpec(name: "cut", targets: [.ethernet(port: 2, reverse: 3)],
                                       timing: .scheduled(down: 2 * Time.second, up: 3 * Time.second)))
        #expect(faults[1].targets == [.node(2)] && faults[1].timing == .scheduled(down: 4 * Time.second, up: nil))
        #expect(faults[2].targets == [.node(3), .ethernet(port: 4, reverse: 5), .ethernet(port: 8, reverse: 9)])
        #expect(faults[2].timing == .random(timeToFailure: .exponential(mean: 3.6e18), timeToRepair: .exponential(mean: 1.44e16)))
        #expect(faults[3].targets == [.ethernet(port: 0, reverse: 1)])
        #expect(faults[3].timing == .random(timeToFailure: .weibull(shape: 1.5, scale: 7.2e17), timeToRepair: .constant(1.44e16)))
        // A node group's name in a fault's group fails every member.
        let grouped = Self.ring.replacingOccurrences(of: "{id: plc2, type: plc}", with: "{id: plc2, type: plc, group: cell}")
            .replacingOccurrences(of: "{id: io2, type: io}", with: "{id: io2, type: io, group: cell}")
            + "faults:\n  - {id: cell-power, group: [cell, r1], down: 1s}\n"
        #expect(try Self.load(grouped).designs[0].plant.faults[0].targets == [.node(6), .node(7), .ethernet(port: 0, reverse: 1)])
        let unknown = errors(yaml: grouped.replacingOccurrences(of: "[cell, r1]", with: "[cel, r1]"))
        #expect(unknown.first?.message == "unknown node, link or node group 'cel' in 'group' of fault 'cell-power'; did you mean 'cell'?",
                "\(unknown)")
    }

    @Test func wanLinkFaultsTargetBothDirections() throws {
        let y = Self.ring.replacingOccurrences(of: "  - {from: io2, to: sw4}\n",
                                               with: "  - {from: io2, to: sw4}\n  - {id: cloud, from: sw2, to: io, type: wan, delay: 5ms}\n")
            + "faults:\n  - {id: outage, link: cloud, down: 1s, up: 2s}\n"
        let f = try Self.load(y)
        #expect(f.designs[0].plant.faults[0].targets == [.external(direction: 0, reverse: 1)])
    }

    /// `for` repeats a fault: one entry gives every ring link its random failures.
    @Test func templatesOverFaults() throws {
        let y = Self.ring + "faults:\n  - {id: \"wear{i}\", link: \"r{i}\", mtbf: 1000h, mttr: 4h, for: {i: 1..4}}\n"
            + "  - {id: \"drop{i}\", node: \"sw{i}\", down: \"{i}s\", count: 2}\n"
        let faults = try Self.load(y).designs[0].plant.faults
        #expect(faults.map(\.name) == ["wear1", "wear2", "wear3", "wear4", "drop1", "drop2"])
        #expect(faults.prefix(4).map(\.targets) == [0, 2, 4, 6].map { [.ethernet(port: $0, reverse: $0 + 1)] })
        #expect(faults[5] == FaultSpec(name: "drop2", targets: [.node(1)], timing: .scheduled(down: 2 * Time.second, up: nil)))
    }

    @Test func variantsAddChangeAndRemoveFaults() throws {
        let y = Self.ring + """
        faults:
          - {id: cut, link: r2, down: 2s, up: 3s}
        variants:
          - name: later
            change: {faults: [{id: cut, down: 2.5s}]}
          - name: random
            change: {faults: [{id: cut, mtbf: 10h, mttr: 1h}]}
          - name: switch
            change: {faults: [{id: cut, node: sw2}]}
          - name: more
            add: {faults: [{id: babble, babbling: plc, to: io, from: 1s, rate: 100Mbps}]}
          - name: none
            remove: {faults: [cut]}

        """
        let f = try Self.load(y)
        let byName = Dictionary(uniqueKeysWithValues: f.designs.map { ($0.variant, $0.plant) })
        #expect(byName["later"]?.faults[0].timing == .scheduled(down: 2_500 * Time.millisecond, up: 3 * Time.second))
        // Setting mtbf drops the scheduled times; setting node drops the link.
        #expect(byName["random"]?.faults[0].timing == .random(timeToFailure: .exponential(mean: 3.6e16),
                                                              timeToRepair: .exponential(mean: 3.6e15)))
        #expect(byName["switch"]?.faults[0].targets == [.node(1)])
        #expect(byName["more"]?.faults.count == 1 && byName["more"]?.flows.map(\.name) == ["cyc", "babble"])
        #expect(byName["none"]?.faults.isEmpty == true)
    }

    @Test func setChangesAFaultTime() throws {
        let y = Self.ring + "faults:\n  - {id: cut, link: r2, down: 2s, up: 3s}\n"
        let f = try Self.load(y, overrides: ["faults.cut.up=4s"])
        #expect(f.designs[0].plant.faults[0].timing == .scheduled(down: 2 * Time.second, up: 4 * Time.second))
        let bad = errors(yaml: y, overrides: ["faults.cutt.up=4s"])
        #expect(bad.first?.message == "no entry with id or name 'cutt' in 'faults'; did you mean 'cut'?", "\(bad)")
        let before = errors(yaml: y, overrides: ["faults.cut.up=1s"])
        #expect(before.first?.message == "'up' of fault 'cut' (1s) must be after its 'down' (2s)", "\(before)")
    }

    /// A babbling device is an extra flow named after its fault: constant frames back to back
    /// at its link's line rate (1500 B + 20 B overhead at 1 Gbit/s: 12.16 µs) from `from` to `until`.
    @Test func babblingDeviceIsAFlow() throws {
        let y = Self.ring + "faults:\n  - {id: babble, babbling: plc, to: io, from: 1s, until: 1.5s, priority: 7}\n"
        let plant = try Self.load(y).designs[0].plant
        #expect(plant.faults.isEmpty)
        let flow = try #require(plant.flows.last)
        #expect(flow.name == "babble" && flow.destination == 5 && flow.priority == 7)
        let s = try #require(flow.sources.first)
        #expect(s.node == 4 && s.route == [.port(8), .port(0), .port(2), .port(11)])
        #expect(s.traffic == TrafficSpec(pattern: .constantRate(gap: 12_160_000), size: .constant(1500),
                                         offset: .constant(1e12), stop: 1_500 * Time.millisecond))
        let clash = errors(yaml: y.replacingOccurrences(of: "id: babble", with: "id: cyc"))
        #expect(clash.first?.message.contains("fault 'cyc' has the id of a flow") ?? false, "\(clash)")
    }

    @Test func survivalTimeAsTimeOrIntervals() throws {
        let y = Self.ring + """
          - {id: a, kind: periodic, from: plc2, to: io2, size: 64B, period: 4ms, deadline: 4ms, survival_time: 3}
          - {id: b, kind: cbr, from: plc2, to: io2, size: 125B, rate: 1Mbps, deadline: 2ms, survival_time: 2}
          - {id: c, kind: poisson, from: plc2, to: io2, size: 64B, rate: 1Mbps, deadline: 2ms, survival_time: 7ms}
          - {id: d, kind: periodic, from: plc2, to: io2, size: 64B, period: 4ms, deadline: 4ms, survival_time: 0}

        """
        let flows = try Self.load(y).designs[0].plant.flows
        #expect(flows.map(\.survivalTime) == [nil, 12 * Time.millisecond, 2 * Time.millisecond, 7 * Time.millisecond, 0])
        let bad = errors(yaml: y.replacingOccurrences(of: "survival_time: 7ms", with: "survival_time: 7mss"))
        #expect(bad.first?.message.contains("unknown time unit 'mss'") ?? false, "\(bad)")
        let fraction = errors(yaml: y.replacingOccurrences(of: "survival_time: 3}", with: "survival_time: 2.5}"))
        #expect(fraction.first?.message.contains("a whole number of transfer intervals such as 3") ?? false, "\(fraction)")
    }

    /// FRER on the ring: plc and io hang off sw1 and sw3 by one link each, so the copies
    /// split at sw1 and merge at sw3, one over sw2 (link order first) and one over sw4.
    @Test func frerReplicationOverComputedDisjointPaths() throws {
        let y = Self.ring.replacingOccurrences(of: "deadline: 2ms}", with: "deadline: 2ms, replication: {mode: frer}}")
        let flow = try #require(try Self.load(y).designs[0].plant.flows.first)
        #expect(flow.replication == ReplicationSpec(elimination: .frer(.vector, historyLength: 2, resetTimeout: 100 * Time.millisecond)))
        #expect(flow.sources[0].route == [.port(8), .port(0), .port(2), .port(11)])
        #expect(flow.sources[0].replicas == [[.port(8), .port(7), .port(5), .port(11)]])
        let match = Self.ring.replacingOccurrences(
            of: "deadline: 2ms}", with: "deadline: 2ms, replication: {mode: frer, algorithm: match, history: 8, reset: 20ms}}")
        #expect(try Self.load(match).designs[0].plant.flows[0].replication
            == ReplicationSpec(elimination: .frer(.match, historyLength: 8, resetTimeout: 20 * Time.millisecond)))
    }

    /// PRP between dual-homed stations: two node-disjoint paths of three hops.
    @Test func prpReplicationBetweenDualHomedStations() throws {
        let y = Self.ring + "  - {id: p, kind: periodic, from: plc2, to: io2, size: 64B, period: 1ms, replication: {mode: prp, forget: 200ms}}\n"
        let flow = try #require(try Self.load(y).designs[0].plant.flows.last)
        #expect(flow.replication == ReplicationSpec(elimination: .prp(windowSize: 256, entryForgetTime: 200 * Time.millisecond)))
        let s = flow.sources[0]
        #expect(s.route.count == 3 && s.replicas.count == 1 && s.replicas[0].count == 3)
        let plant = try Self.load(y).designs[0].plant
        func nodes(_ r: [Hop]) -> Set<Int> { Set(r.dropLast().map { plant.ports[$0.index].peerNode }) }
        #expect(nodes(s.route).isDisjoint(with: nodes(s.replicas[0])), "\(s.route) \(s.replicas)")
    }

    @Test func replicationOverGivenPaths() throws {
        let y = Self.ring.replacingOccurrences(
            of: "deadline: 2ms}",
            with: "deadline: 2ms, replication: {mode: frer, path_list: [[plc, sw1, sw4, sw3, io], [plc, sw1, sw2, sw3, io]]}}")
        let s = try Self.load(y).designs[0].plant.flows[0].sources[0]
        #expect(s.route == [.port(8), .port(7), .port(5), .port(11)] && s.replicas == [[.port(8), .port(0), .port(2), .port(11)]])
        let shared = errors(yaml: y.replacingOccurrences(of: "[plc, sw1, sw2, sw3, io]", with: "[plc, sw1, sw4, sw3, io]"))
        #expect(shared.first?.message == "paths 1 and 2 of 'replication.path_list' of flow 'cyc' share link sw1–sw4, but they must be link-disjoint",
                "\(shared)")
        // FRER splits at sw1 and merges at sw3, so node-disjoint paths may share them.
        #expect(try Self.load(y.replacingOccurrences(of: "mode: frer,", with: "mode: frer, disjoint: node,")).designs.count == 1)
        // PRP between dual-homed stations may not share a switch.
        let prp = Self.ring + "  - {id: p, kind: periodic, from: plc2, to: io2, size: 64B, period: 1ms, "
            + "replication: {mode: prp, path_list: [[plc2, sw1, sw2, io2], [plc2, sw1, sw4, io2]]}}\n"
        let node = errors(yaml: prp)
        #expect(node.first?.message == "paths 1 and 2 of 'replication.path_list' of flow 'p' share node 'sw1', but they must be node-disjoint",
                "\(node)")
    }

    /// The schema knows the new sections: a file with all of them passes, and mistakes fail.
    @Test func schemaCoversTheRedundancyKeys() throws {
        let y = Self.ring.replacingOccurrences(of: "deadline: 2ms}", with: "deadline: 2ms, survival_time: 3, replication: {mode: frer, paths: 2}}")
            + "forwarding: {protocol: mrp, rings: [{id: r, manager: sw1, nodes: [sw1, sw2, sw3, sw4, sw1], recovery: 10ms}]}\n"
            + "faults:\n  - {id: cut, link: r2, down: 2s, up: 3s}\n  - {id: \"w{i}\", for: {i: 1..4}, link: {from: \"sw{i}\", to: sw1}, mtbf: 10h, mttr: 1h}\n"
            + "  - {id: b, babbling: plc, to: io, from: 1s, size: 1500B}\n"
        let validator = KeyDeclarationTests.validator
        let tree = try #require(TreeBuilder.parse(y, file: "x", diags: Diagnostics()))
        #expect(validator.errors(Instance(tree)).isEmpty, "\(validator.errors(Instance(tree)))")
        for (bad, problem) in [
            ("forwarding: {protocol: mpr}", "matches none"),
            ("forwarding: {protocol: rstp, rings: []}", "unexpected key 'rings'"),
            ("faults: [{id: x, link: r1, dwn: 2s}]", "unexpected key 'dwn'"),
            ("nodes: [{id: s, type: switch, priority: 5000}]", "matches none"),
            ("flows: [{id: f, kind: periodic, to: e, period: 1ms, replication: {mode: prp, history: 2}}]", "unexpected key 'history'"),
        ] {
            let t = try #require(TreeBuilder.parse("duration: 1s\n" + bad + "\n", file: "x", diags: Diagnostics()))
            let errs = validator.errors(Instance(t))
            #expect(errs.contains { $0.contains(problem) }, "\(bad): \(errs)")
        }
    }
}
