@testable import Analysis
import Kernel
import Models
import Testing

/// A small plant to point probes at, and a script of probes fed to a `StatsCollector` in
/// time order (ties in script order), as a run loop would.
///
/// Sites: 0 dev0→sw, 1 sw→plc, 2 dev1→sw (Ethernet ports), 3 sw→plc (an external-link
/// direction), 4 plc (a compute node). Flows: 0 "control" from dev0 (source 0) and dev1
/// (source 1) to plc; 1 "loop", requests from dev0 (source 2) to a service on plc.
enum ProbeScript {
    static let ms = Time.millisecond
    static let us = Time.microsecond

    static func plant(deadline: SimTime? = ms, survival: SimTime? = nil, loopDeadline: SimTime? = 5 * ms,
                      loopSurvival: SimTime? = nil, replicated: Bool = false, faults: [String] = []) -> PlantSpec {
        var spec = PlantSpec()
        spec.nodes = [NodeSpec(name: "dev0", kind: .station), NodeSpec(name: "dev1", kind: .station),
                      NodeSpec(name: "sw", kind: .switch),
                      NodeSpec(name: "plc", kind: .station, compute: ComputeSpec(servers: 1, queueLimit: 2))]
        spec.ports = [PortSpec(name: "to-sw", node: 0, peerNode: 2, rateBitsPerSecond: 100_000_000, propagation: 0),
                      PortSpec(name: "to-plc", node: 2, peerNode: 3, rateBitsPerSecond: 100_000_000, propagation: 0),
                      PortSpec(name: "to-sw", node: 1, peerNode: 2, rateBitsPerSecond: 100_000_000, propagation: 0)]
        spec.links = [LinkSpec(name: "sw→plc", node: 2, peerNode: 3, direction: .uplink, delay: .distribution(.constant(0)))]
        spec.services = [ServiceSpec(name: "step", node: 3, demand: .time(.constant(0)))]
        let periodic = TrafficSpec(pattern: .periodic(period: ms, jitter: nil), size: .constant(100))
        var control = FlowSpec(name: "control", destination: 3, deadline: deadline,
                               sources: [SourceSpec(node: 0, route: [.port(0), .port(1)], traffic: periodic),
                                         SourceSpec(node: 1, route: [.port(2), .port(1)], traffic: periodic)])
        control.survivalTime = survival
        if replicated { control.replication = ReplicationSpec(elimination: .prp(windowSize: 32, entryForgetTime: ms)) }
        var loop = FlowSpec(name: "loop", destination: 3, deadline: loopDeadline,
                            sources: [SourceSpec(node: 0, route: [.port(0), .link(0), .service(0), .port(0)],
                                                 traffic: periodic)],
                            request: RequestSpec(service: 0, responseSize: .constant(100), responsePriority: 0))
        loop.survivalTime = loopSurvival
        spec.flows = [control, loop]
        spec.faults = faults.map { FaultSpec(name: $0, targets: [.node(2)], timing: .scheduled(down: 0, up: nil)) }
        return spec
    }

    typealias Step = (inout StatsCollector) -> Void

    /// The steps up to `end`, sorted by time (stable), fed to a fresh collector that ends
    /// there (later ones are not fed: the run has stopped).
    static func run(_ spec: PlantSpec, warmup: SimTime = 0, end: SimTime, perSource: Bool = true,
                    _ steps: [(time: SimTime, step: Step)]) -> StatsCollector {
        var c = StatsCollector(spec: spec, warmup: warmup, end: end, perSource: perSource)
        for s in steps.enumerated().sorted(by: { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) })
        where s.element.time <= end {
            s.element.step(&c)
        }
        return c
    }

    // Probes of a plain flow's leg 0 (`created` is the send time).
    static func sent(_ flow: Int32, _ source: Int32, _ created: SimTime, leg: Int32 = 0,
                     at: SimTime? = nil) -> (SimTime, Step) {
        let time = at ?? created
        return (time, { $0.sent(flow: flow, source: source, leg: leg, bytes: 100, created: created, at: time) })
    }

    static func arrived(_ flow: Int32, _ source: Int32, _ created: SimTime, at time: SimTime, leg: Int32 = 0,
                        legStarted: SimTime? = nil, final: Bool = true) -> (SimTime, Step) {
        (time, {
            $0.arrived(flow: flow, source: source, leg: leg, bytes: 100, created: created,
                       legStarted: legStarted ?? created, final: final, at: time)
        })
    }

    static func dropped(_ flow: Int32, _ source: Int32, _ created: SimTime, at time: SimTime, site: Int32,
                        _ reason: DropReason, leg: Int32 = 0) -> (SimTime, Step) {
        (time, { $0.dropped(site: site, flow: flow, source: source, leg: leg, created: created, reason: reason, at: time) })
    }

    static func merged(_ flow: Int32, _ source: Int32, at time: SimTime, passed: Bool,
                       outOfOrder: Bool = false, leg: Int32 = 0) -> (SimTime, Step) {
        (time, { $0.merged(flow: flow, source: source, leg: leg, passed: passed, outOfOrder: outOfOrder, at: time) })
    }

    static func fault(_ i: Int32, down: Bool, at time: SimTime) -> (SimTime, Step) {
        (time, { $0.fault(i, down: down, at: time) })
    }
}

/// Drops are counted by reason at their site and on their flow's rows (pooled, per source,
/// per leg), after the warm-up only.
@Suite struct DropReasonTests {
    typealias P = ProbeScript
    static let ms = Time.millisecond
    static let us = Time.microsecond

    /// Warm-up 10 ms, end 100 ms; every count below is from this script by hand.
    static func collector() -> StatsCollector {
        let ms = Self.ms, us = Self.us
        var steps: [(time: SimTime, step: P.Step)] = []
        // control, source 0: five frames at 20…24 ms; 23 arrives, the others are dropped.
        for t in 20...24 { steps.append(P.sent(0, 0, SimTime(t) * ms)) }
        steps.append(P.dropped(0, 0, 20 * ms, at: 20 * ms + 100 * us, site: 0, .bufferFull))
        steps.append(P.dropped(0, 0, 21 * ms, at: 21 * ms + 100 * us, site: 1, .linkDown))
        steps.append(P.dropped(0, 0, 22 * ms, at: 22 * ms + 100 * us, site: 1, .linkDown))
        steps.append(P.arrived(0, 0, 23 * ms, at: 23 * ms + 500 * us))
        steps.append(P.dropped(0, 0, 24 * ms, at: 24 * ms, site: -1, .noRoute))
        // control, source 1: 30 dies with dev1's switch, 31 is lost on the link.
        steps.append(P.sent(0, 1, 30 * ms))
        steps.append(P.sent(0, 1, 31 * ms))
        steps.append(P.dropped(0, 1, 30 * ms, at: 30 * ms + 200 * us, site: 2, .nodeDown))
        steps.append(P.dropped(0, 1, 31 * ms, at: 31 * ms + 500 * us, site: 3, .lost))
        // Made in the warm-up: dropped in it (counted nowhere), and after it (at the site only).
        steps.append(P.dropped(0, 1, 5 * ms, at: 5 * ms + 500 * us, site: 1, .linkDown))
        steps.append(P.dropped(0, 1, 8 * ms, at: 12 * ms, site: 1, .linkDown))
        // loop, source 2: 40 refused by the full service; 41's response dies in the switch;
        // 42's request is on the link when it fails.
        steps.append(P.sent(1, 2, 40 * ms))
        steps.append(P.arrived(1, 2, 40 * ms, at: 40 * ms + 400 * us, final: false))
        steps.append(P.dropped(1, 2, 40 * ms, at: 40 * ms + 400 * us, site: 4, .rejected))
        steps.append(P.sent(1, 2, 41 * ms))
        steps.append(P.arrived(1, 2, 41 * ms, at: 41 * ms + 400 * us, final: false))
        steps.append(P.sent(1, 2, 41 * ms, leg: 1, at: 41 * ms + 600 * us))
        steps.append(P.dropped(1, 2, 41 * ms, at: 41 * ms + 800 * us, site: 1, .nodeDown, leg: 1))
        steps.append(P.sent(1, 2, 42 * ms))
        steps.append(P.dropped(1, 2, 42 * ms, at: 42 * ms + 300 * us, site: 3, .linkDown))
        // A copy of a replicated frame lost on one path: its site counts, no flow does.
        steps.append((50 * ms, { $0.copyDropped(site: 1, flow: 0, reason: .linkDown, at: 50 * ms) }))
        return P.run(P.plant(), warmup: 10 * ms, end: 100 * ms, steps)
    }

    @Test func perSite() throws {
        let c = Self.collector()
        let ports = c.portResults()
        #expect(ports.map(\.drops) == [1, 0, 0])
        #expect(ports.map(\.faultDrops) == [FaultDrops(), FaultDrops(linkDown: 4, nodeDown: 1),
                                            FaultDrops(nodeDown: 1)])
        let link = try #require(c.linkResults().first)
        #expect(link.lost == 1 && link.drops == 0 && link.faultDrops == FaultDrops(linkDown: 1))
        let compute = try #require(c.computeResults().first)
        #expect(compute.rejections == 1 && compute.faultDrops == FaultDrops())
    }

    @Test func perFlowSourceAndLeg() throws {
        let rows = Self.collector().flowResults()
        func row(_ flow: String, _ source: String?, _ leg: Leg = .oneWay) throws -> FlowResult {
            try #require(rows.first { $0.flow == flow && $0.source == source && $0.leg == leg })
        }
        let control = try row("control", nil)
        #expect(control.sent == 7 && control.delivered == 1 && control.dropped == 6 && control.inFlight == 0)
        #expect(control.drops == DropCounts(bufferFull: 1, lost: 1, linkDown: 2, nodeDown: 1, noRoute: 1))
        let dev0 = try row("control", "dev0")
        #expect(dev0.sent == 5 && dev0.dropped == 4)
        #expect(dev0.drops == DropCounts(bufferFull: 1, linkDown: 2, noRoute: 1))
        let dev1 = try row("control", "dev1")
        #expect(dev1.sent == 2 && dev1.dropped == 2 && dev1.drops == DropCounts(lost: 1, nodeDown: 1))

        // A refused request reached its service: delivered on the request leg, dropped
        // (rejected) on the round trip.
        let request = try row("loop", nil, .request)
        #expect(request.sent == 3 && request.delivered == 2 && request.drops == DropCounts(linkDown: 1))
        let response = try row("loop", nil, .response)
        #expect(response.sent == 1 && response.delivered == 0 && response.drops == DropCounts(nodeDown: 1))
        let roundTrip = try row("loop", nil, .roundTrip)
        #expect(roundTrip.sent == 3 && roundTrip.dropped == 3)
        #expect(roundTrip.drops == DropCounts(rejected: 1, linkDown: 1, nodeDown: 1))
        #expect(try row("loop", "dev0", .roundTrip).drops == roundTrip.drops)
        // Every row's reasons add up to its `dropped`.
        #expect(rows.allSatisfy { $0.drops.total == $0.dropped })
    }

    /// Flows without a survival time or replication report neither.
    @Test func nothingElseUnlessAsked() {
        let rows = Self.collector().flowResults()
        #expect(rows.allSatisfy { $0.availability == nil && $0.replication == nil })
        #expect(Self.collector().faultResults().isEmpty)
    }
}
