import Analysis
import Experiments
import Foundation
import Kernel
import Models
import Testing

/// Records what the 5G bridge probes report, frame by frame, and each final delivery.
struct BridgeSink: ProbeSink {
    struct Crossing: Equatable {
        var flow: Int32, source: Int32, created: SimTime, delay: SimTime, late: Bool, dropped: Bool
    }
    var crossings: [Crossing] = []
    /// Final deliveries: (flow, created) → latency.
    var delivered: [Int64: SimTime] = [:]
    var dropped: [DropReason] = []

    static func key(_ flow: Int32, _ created: SimTime) -> Int64 { Int64(flow) << 48 ^ created }

    mutating func sent(flow: Int32, source: Int32, leg: Int32, bytes: Int32, created: SimTime, at time: SimTime) {}
    mutating func enqueued(site: Int32, frames: Int32, bytes: Int64, at time: SimTime) {}
    mutating func dequeued(site: Int32, frames: Int32, bytes: Int64, at time: SimTime) {}
    mutating func serviceStarted(site: Int32, duration: SimTime, waited: SimTime, at time: SimTime) {}
    mutating func departed(site: Int32, sojourn: SimTime, at time: SimTime) {}
    mutating func dropped(site: Int32, flow: Int32, source: Int32, leg: Int32, created: SimTime, reason: DropReason,
                          at time: SimTime) { dropped.append(reason) }
    mutating func arrived(flow: Int32, source: Int32, leg: Int32, bytes: Int32, created: SimTime, legStarted: SimTime,
                          final: Bool, at time: SimTime) {
        if final { delivered[Self.key(flow, created)] = time - created }
    }
    mutating func warmupEnded(at time: SimTime) {}
    mutating func bridgeCrossed(flow: Int32, source: Int32, leg: Int32, created: SimTime, delay: SimTime, late: Bool,
                                dropped: Bool, at time: SimTime) {
        crossings.append(Crossing(flow: flow, source: source, created: created, delay: delay, late: late, dropped: dropped))
    }
}

/// A controller behind a switch, a UPF and a gNB with one 40 MHz cell (DDDSU at 30 kHz,
/// InF-DH), and terminals at 5 to 47 m: every link 1 Gbit/s with 1 us of propagation, the
/// switch 2 us, the UPF 20 us. Ports: 0 gnb→upf, 1 upf→gnb, 2 upf→sw, 3 sw→upf, 4 sw→plc,
/// 5 plc→sw. Each terminal u has an uplink flow (2u) to the controller and a downlink flow
/// (2u + 1) from it.
enum BridgeFixture {
    static let us = Time.microsecond, ms = Time.millisecond
    static let upf = 2

    static func plant(ues: Int, residence: SimTime?, late: LateFrames = .forward,
                      processing: Distribution = .constant(20e6), traffic: TrafficSpec? = nil) -> PlantSpec {
        var spec = PlantSpec()
        spec.nodes = [NodeSpec(name: "plc", kind: .station), NodeSpec(name: "gnb", kind: .switch, role: .gnb),
                      NodeSpec(name: "upf", kind: .switch, switchingDelay: processing, role: .upf),
                      NodeSpec(name: "sw", kind: .switch, switchingDelay: .constant(2e6))]
        spec.nodes[upf].tsnBridge = residence.map { FiveGBridgeSpec(residence: $0, late: late) }
        for (a, b) in [(1, 2), (2, 1), (2, 3), (3, 2), (3, 0), (0, 3)] {
            spec.ports.append(PortSpec(name: "to-\(spec.nodes[b].name)", node: a, peerNode: b,
                                       rateBitsPerSecond: 1_000_000_000, propagation: us))
        }
        let numerology = Numerology(subcarrierSpacingKHz: 30)!
        let prbs = CarrierBandwidth.resourceBlocks(bandwidthMHz: 40, subcarrierSpacingKHz: 30, range: .fr1)!
        spec.radio = RadioEnvironment(scenario: .infDH, hall: Position(x: 120, y: 60, z: 10))
        spec.cells = [CellSpec(name: "cell", node: 1, position: Position(x: 60, y: 30, z: 8), carrierHz: 3.7e9,
                               bandwidthHz: 40e6, numerology: numerology, prbs: prbs,
                               pattern: try! TDDPattern.parse("DDDSU", special: "10D2G2U"),
                               processing: RadioProcessing.defaults(numerology: numerology, capability: .one, miniSlot: nil)!)]
        let periodic = traffic ?? TrafficSpec(pattern: .periodic(period: 5 * ms, jitter: .uniform(low: 0, high: 1e9)),
                                              size: .uniform(low: 40, high: 400), offset: .uniform(low: 0, high: 5e9),
                                              stop: 900 * ms)
        for u in 0..<ues {
            let node = spec.nodes.count
            spec.nodes.append(NodeSpec(name: "ue\(u)", kind: .station))
            let angle = Double(u) * Double.pi / 4, distance = 5.0 + 6 * Double(u)
            spec.ues.append(UESpec(name: "ue\(u)", node: node, gnb: 1,
                                   position: Position(x: 60 + distance * cos(angle), y: 30 + distance * sin(angle), z: 1.5)))
            spec.flows.append(FlowSpec(name: "up\(u)", destination: 0, sources: [SourceSpec(
                node: node, route: [.radio(ue: u, uplink: true), .port(0), .port(2), .port(4)], traffic: periodic)]))
            spec.flows.append(FlowSpec(name: "down\(u)", destination: node, sources: [SourceSpec(
                node: 0, route: [.port(5), .port(3), .port(1), .radio(ue: u, uplink: false)], traffic: periodic)]))
        }
        return spec
    }

    static func record(_ spec: PlantSpec, until end: SimTime = 1500 * ms) -> BridgeSink {
        var plant = Plant(spec: spec, seed: 3, replication: 0, sink: BridgeSink())
        var queue = EventQueue()
        plant.start(&queue)
        _ = run(&plant, queue: &queue, until: end)
        return plant.sink
    }

    static func results(_ spec: PlantSpec) -> [FlowResult] {
        Runner.run(RunRequest(variant: "base", plant: spec, seed: 3, duration: 1500 * ms)).flows
    }
}

@Suite struct FiveGBridgeTests {
    static let us = Time.microsecond, ms = Time.millisecond

    /// Where routes enter and leave the bridge (TS 23.501 §5.28.1): uplink in at the
    /// terminal's radio hop, out as the hop after the UPF starts; downlink in on arrival at
    /// the UPF, out at the end of the radio hop; terminal to terminal, one crossing; no
    /// crossing without `tsn_bridge` on the UPF, and a flow's override applies.
    @Test func crossingsFollowTheTranslators() {
        var spec = BridgeFixture.plant(ues: 2, residence: 4 * Self.ms)
        let up = spec.bridgeCrossings(along: spec.flows[0].sources[0].route)
        #expect(up == [BridgeCrossing(upf: 2, ingressHop: 0, ingressAtEnd: false, egressHop: 2, egressAtEnd: false,
                                      residence: 4 * Self.ms, late: .forward)])
        let down = spec.bridgeCrossings(along: spec.flows[1].sources[0].route,
                                        override: FiveGBridgeOverride(residence: 6 * Self.ms))
        #expect(down == [BridgeCrossing(upf: 2, ingressHop: 1, ingressAtEnd: true, egressHop: 3, egressAtEnd: true,
                                        residence: 6 * Self.ms, late: .forward)])
        let ueToUE: [Hop] = [.radio(ue: 0, uplink: true), .port(0), .port(1), .radio(ue: 1, uplink: false)]
        #expect(spec.bridgeCrossings(along: ueToUE, override: FiveGBridgeOverride(late: .drop))
                == [BridgeCrossing(upf: 2, ingressHop: 0, ingressAtEnd: false, egressHop: 3, egressAtEnd: true,
                                   residence: 4 * Self.ms, late: .drop)])
        #expect(spec.bridgeCrossings(along: [.port(5), .port(4)]).isEmpty)  // no radio, no bridge
        spec.nodes[BridgeFixture.upf].tsnBridge = nil
        #expect(spec.bridgeCrossings(along: ueToUE).isEmpty && !spec.crossesFiveGBridge(spec.flows[0]))
    }

    /// One 100 B frame each way, hand-computed: uplink, it enters at the terminal when it is
    /// made (t0) and leaves the UPF at t0 + R; then its last bit reaches the switch after
    /// (8 B preamble and SFD + 100 B) · 8 ns = 0.864 us + 1 us, 2 us switching, 0.864 us + 1 us
    /// to the controller: R + 5.728 us. Downlink, 0.864 + 1 + 2 + 0.864 + 1 = 5.728 us to the
    /// UPF, where it enters, and it leaves the terminal's DS-TT R later: 5.728 us + R. The
    /// bridge delay of both is R, to the picosecond, whatever the radio took (the UPF's 20 us
    /// inside it).
    @Test func singleFrameEndToEndIsResidencePlusWired() {
        let r = 10 * Self.ms
        let one = TrafficSpec(pattern: .periodic(period: Time.second, jitter: nil), size: .constant(100),
                              offset: .constant(Double(Self.ms)), stop: 2 * Self.ms)
        let sink = BridgeFixture.record(BridgeFixture.plant(ues: 1, residence: r, traffic: one), until: 100 * Self.ms)
        #expect(sink.crossings.count == 2)
        #expect(sink.crossings.allSatisfy { $0.delay == r && !$0.late && !$0.dropped })
        #expect(sink.delivered[BridgeSink.key(0, Self.ms)] == r + 5_728_000)
        #expect(sink.delivered[BridgeSink.key(1, Self.ms)] == 5_728_000 + r)
        // Without the bridge the same frames take the radio's time instead of R.
        let free = BridgeFixture.record(BridgeFixture.plant(ues: 1, residence: nil, traffic: one), until: 100 * Self.ms)
        #expect(free.crossings.isEmpty)
        let upFree = free.delivered[BridgeSink.key(0, Self.ms)]
        #expect(upFree != nil && upFree != r + 5_728_000)
    }

    /// Eight terminals, random sizes, jitter and UPF processing: with hold and forward every
    /// crossing's bridge delay is R exactly (zero variance, min = max = R), while the same
    /// frames forwarded at once (R = 0: all late) show the radio's spread.
    @Test func holdAndForwardHasZeroVariance() throws {
        let r = 25 * Self.ms
        let random = Distribution.uniform(low: 5e6, high: 50e6)
        let held = BridgeFixture.plant(ues: 8, residence: r, processing: random)
        let sink = BridgeFixture.record(held)
        try #require(sink.crossings.count > 2_000 && sink.crossings.allSatisfy { !$0.late })
        #expect(sink.crossings.allSatisfy { $0.delay == r })
        for f in BridgeFixture.results(held) {
            let b = try #require(f.bridge)
            #expect(b.frames == f.delivered && b.late == 0, "\(f.flow)")
            #expect(b.min == r && b.max == r && b.mean == Double(r) && b.stddev == 0, "\(f.flow): \(b)")
        }
        let natural = BridgeFixture.results(BridgeFixture.plant(ues: 8, residence: 0, processing: random))
        for f in natural {
            let b = try #require(f.bridge)
            #expect(b.late == b.frames && b.frames == f.delivered)
            #expect(try #require(b.min) < b.max! && b.stddev! > 0, "\(f.flow): \(b)")
        }
    }

    /// Late frames, counted exactly: with R = 0 every frame is late and forwarded at once, so
    /// every delivery is what it is without a bridge, and each crossing's delay is the
    /// radio's own (its natural delay d). With R the median of those, a frame is late
    /// exactly when d > R, and then leaves after d (forwarded at once); the others after R.
    @Test func lateFramesAreThoseSlowerThanTheResidence() throws {
        let zero = BridgeFixture.record(BridgeFixture.plant(ues: 8, residence: 0))
        let free = BridgeFixture.record(BridgeFixture.plant(ues: 8, residence: nil))
        #expect(zero.delivered == free.delivered && zero.delivered.count > 2_000)
        var natural: [Int64: SimTime] = [:]
        for c in zero.crossings { natural[BridgeSink.key(c.flow, c.created)] = c.delay }
        #expect(natural.count == zero.crossings.count && zero.crossings.allSatisfy(\.late))
        let r = natural.values.sorted()[natural.count / 2]
        let sink = BridgeFixture.record(BridgeFixture.plant(ues: 8, residence: r))
        #expect(sink.crossings.count == natural.count)
        for c in sink.crossings {
            let d = try #require(natural[BridgeSink.key(c.flow, c.created)])
            #expect(c.late == (d > r) && c.delay == (d > r ? d : r) && !c.dropped)
        }
        let late = natural.values.filter { $0 > r }.count
        #expect(late > 100 && late < natural.count - 100)
        let results = BridgeFixture.results(BridgeFixture.plant(ues: 8, residence: r))
        #expect(results.reduce(0) { $0 + $1.bridge!.late } == UInt64(late))
    }

    /// R below the radio's least delay (100 us: no uplink or downlink gets through a TDD
    /// frame that fast): every frame is late; forwarded, all are delivered; dropped, none
    /// is, and each counts as a drop of reason `late`.
    @Test func residenceBelowTheRadioMakesEveryFrameLate() throws {
        let r = 100 * Self.us
        for f in BridgeFixture.results(BridgeFixture.plant(ues: 4, residence: r)) {
            let b = try #require(f.bridge)
            #expect(f.sent > 100 && f.delivered == f.sent && b.late == f.sent && b.frames == f.sent)
            #expect(try #require(b.min) > r)
        }
        for f in BridgeFixture.results(BridgeFixture.plant(ues: 4, residence: r, late: .drop)) {
            let b = try #require(f.bridge)
            #expect(f.delivered == 0 && f.dropped == f.sent && f.drops.late == f.sent && f.drops.total == f.sent)
            #expect(b.late == f.sent && b.frames == 0 && b.min == nil)
        }
    }

    /// The hold counts as queueing: the radio and core parts of the latency are those of the
    /// same frames without a bridge, and the mean latency is R plus the wired part.
    @Test func holdingLeavesTheRadioAndCorePartsAlone() throws {
        let r = 25 * Self.ms
        let with = BridgeFixture.results(BridgeFixture.plant(ues: 4, residence: r))
        let without = BridgeFixture.results(BridgeFixture.plant(ues: 4, residence: nil))
        for (a, b) in zip(with, without) {
            let sa = try #require(a.split), sb = try #require(b.split)
            #expect(a.delivered == b.delivered)
            #expect(sa.radio == sb.radio && sa.harq == sb.harq && sa.core == sb.core, "\(a.flow)")
            #expect(sa.queueing > sb.queueing)
        }
    }

    /// Terminal to terminal through the UPF: one crossing, DS-TT to DS-TT, R exactly.
    @Test func terminalToTerminalIsOneCrossing() {
        let r = 30 * Self.ms
        var spec = BridgeFixture.plant(ues: 2, residence: r)
        let traffic = spec.flows[0].sources[0].traffic
        spec.flows = [FlowSpec(name: "ue0-ue1", destination: spec.ues[1].node, sources: [SourceSpec(
            node: spec.ues[0].node, route: [.radio(ue: 0, uplink: true), .port(0), .port(1), .radio(ue: 1, uplink: false)],
            traffic: traffic)])]
        let sink = BridgeFixture.record(spec)
        #expect(sink.crossings.count == sink.delivered.count && sink.delivered.count > 100)
        #expect(sink.crossings.allSatisfy { $0.delay == r && !$0.late })
        // Created at the terminal, it is delivered exactly R later.
        #expect(sink.delivered.values.allSatisfy { $0 == r })
    }
}
