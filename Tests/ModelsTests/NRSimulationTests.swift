import Analysis
import Foundation
import Experiments
import Kernel
import Models
import Testing

/// The NR model against independent references: the latency budget of the ITU-R M.2410
/// methodology (computed analytically by `LatencyBudget`, checked there against hand
/// derivations), a hand-computed SR → grant timeline, proportional fair's equal time
/// shares, and a saturated cell's TBS sum.
@Suite struct NRSimulationTests {
    /// A server on Ethernet to a gNB with one cell and `ues` terminals at `distance` metres
    /// (InF-HH: line of sight everywhere). `downlink`: server → terminal; else terminal →
    /// server. Each terminal sends (or receives) `traffic`.
    static func plant(pattern: TDDPattern = .fdd, scs: Int = 15, miniSlot: Int? = nil, ues: Int = 1,
                      distance: Double = 5, downlink: Bool, traffic: TrafficSpec, access: FlowRadio.Access = .dynamic,
                      scheduler: RadioScheduler = .proportionalFair, blerTarget: Double = 0.1,
                      bandwidthMHz: Int = 20, txPowerDBm: Double = 24) -> PlantSpec {
        var spec = PlantSpec()
        spec.nodes = [NodeSpec(name: "server", kind: .station), NodeSpec(name: "gnb", kind: .switch, role: .gnb)]
        spec.ports = [
            PortSpec(name: "to-gnb", node: 0, peerNode: 1, rateBitsPerSecond: 10_000_000_000, propagation: 0, overheadBytes: 0),
            PortSpec(name: "to-server", node: 1, peerNode: 0, rateBitsPerSecond: 10_000_000_000, propagation: 0,
                     overheadBytes: 0),
        ]
        let numerology = Numerology(subcarrierSpacingKHz: scs)!
        let prbs = CarrierBandwidth.resourceBlocks(bandwidthMHz: bandwidthMHz, subcarrierSpacingKHz: scs, range: .fr1)!
        spec.radio = RadioEnvironment(scenario: .infHH, hall: Position(x: 100, y: 100, z: 10))
        spec.cells = [CellSpec(name: "cell", node: 1, position: Position(x: 50, y: 50, z: 8), carrierHz: 3.5e9,
                               bandwidthHz: Double(bandwidthMHz) * 1e6, numerology: numerology, prbs: prbs,
                               pattern: pattern, miniSlot: miniSlot, txPowerDBm: txPowerDBm, scheduler: scheduler,
                               blerTarget: blerTarget,
                               processing: RadioProcessing.defaults(numerology: numerology, capability: .one,
                                                                    miniSlot: miniSlot)!)]
        // Terminals send at full power (a P0 no terminal reaches): near the cell the SINR is
        // then far above every MCS's threshold, and the references assume no failures.
        spec.cells[0].ulP0DBm = 30
        var flows: [FlowSpec] = []
        for u in 0..<ues {
            let node = spec.nodes.count
            spec.nodes.append(NodeSpec(name: "ue\(u)", kind: .station))
            let angle = Double(u) * 2 * Double.pi / Double(ues)
            spec.ues.append(UESpec(name: "ue\(u)", node: node, gnb: 1, position: Position(
                x: 50 + distance * cos(angle), y: 50 + distance * sin(angle), z: 1.5)))
            let route: [Hop] = downlink ? [.port(0), .radio(ue: u, uplink: false)] : [.radio(ue: u, uplink: true), .port(1)]
            flows.append(FlowSpec(name: "f\(u)", destination: downlink ? node : 0,
                                  sources: [SourceSpec(node: downlink ? 0 : node, route: route, traffic: traffic)],
                                  radio: FlowRadio(access: access)))
        }
        spec.flows = flows
        return spec
    }

    static func run(_ spec: PlantSpec, duration: SimTime, seed: UInt64 = 3) -> RunResult {
        Runner.run(RunRequest(variant: "base", plant: spec, seed: seed, duration: duration, warmup: duration / 20))
    }

    /// Radio time of a flow: its mean latency less the wired part (the split's wired).
    static func radioMean(_ f: FlowResult) -> Double {
        let s = f.split!
        return s.queueing + s.radio + s.harq
    }

    /// Sparse traffic of small frames: one every 20 ms, delayed by a uniform jitter over
    /// 10 ms (a multiple of every pattern's period), so arrivals fall uniformly over the
    /// frame structure, as the budget assumes, and each frame is alone (the next comes
    /// after the slowest has gone).
    static let sparse = TrafficSpec(pattern: .periodic(period: 20 * Time.millisecond,
                                                       jitter: .uniform(low: 0, high: Double(10 * Time.millisecond))),
                                    size: .constant(40))

    @Test(arguments: [
        (LinkDirection.downlink, LatencyBudget.Access.dynamicGrant, "FDD", 15, Int?.none),
        (.uplink, .configuredGrant, "FDD", 15, nil),
        (.uplink, .dynamicGrant, "FDD", 15, nil),
        (.downlink, .dynamicGrant, "DDDSU", 30, nil),
        (.uplink, .configuredGrant, "DDDSU", 30, nil),
        (.uplink, .dynamicGrant, "DDDSU", 30, nil),
        (.downlink, .dynamicGrant, "FDD", 30, 2),
        (.uplink, .dynamicGrant, "DDDSU", 30, 7),
    ])
    func unloadedTerminalMatchesTheBudget(direction: LinkDirection, access: LatencyBudget.Access, tdd: String, scs: Int,
                                          miniSlot: Int?) throws {
        let pattern = try TDDPattern.parse(tdd, special: nil)
        let numerology = Numerology(subcarrierSpacingKHz: scs)!
        // Very close to the cell: the SINR is far above every MCS's threshold, so no block fails.
        let spec = Self.plant(pattern: pattern, scs: scs, miniSlot: miniSlot, distance: 2, downlink: direction == .downlink,
                              traffic: Self.sparse,
                              access: access == .configuredGrant ? .configured(period: 0, repetitions: 1) : .dynamic)
        let result = Self.run(spec, duration: 120 * Time.second)
        let flow = result.flows[0]
        let budget = LatencyBudget.compute(LatencyBudget.Input(
            numerology: numerology, pattern: pattern, miniSlot: miniSlot, capability: .one, direction: direction,
            access: access, harqProbability: 0))
        #expect(budget.problem == nil)
        #expect(flow.dropped == 0 && result.cells[direction == .downlink ? 0 : 1].retransmissions == 0)
        let expected = Double(budget.mean)
        let measured = Self.radioMean(flow)
        print("\(direction) \(access) \(tdd) \(scs) kHz mini-slot \(miniSlot.map(String.init) ?? "-"): "
              + "simulated \(measured / 1e6) us, budget \(expected / 1e6) us over \(flow.delivered) frames")
        // About 5,700 arrivals: the sample mean's standard error is under 0.5 % of the mean.
        #expect(abs(measured - expected) < 0.02 * expected)
        // The worst case bounds every delivery.
        #expect(Double(flow.latency!.max) - flow.split!.wired <= Double(budget.worst) + Double(Time.microsecond))
    }

    /// With HARQ: a terminal at about 12 dB SINR (40 m, the gNB at -8 dBm), where the
    /// outer loop steers first transmissions to a 10 % BLER; the mean is the budget's T0 + p·T_HARQ with p the measured first-attempt BLER
    /// (retransmissions, Chase-combined at twice the SINR, practically always succeed).
    @Test func harqRetransmissionsMatchTheBudget() throws {
        let pattern = TDDPattern.fdd
        let numerology = Numerology(subcarrierSpacingKHz: 15)!
        let spec = Self.plant(pattern: pattern, scs: 15, distance: 40, downlink: true, traffic: Self.sparse, txPowerDBm: -8)
        let result = Self.run(spec, duration: 120 * Time.second)
        let cell = result.cells[0]
        let p = try #require(cell.blerFirst)
        print("first-attempt BLER \(p), later \(cell.blerRetransmissions ?? 0), MCS mean \(cell.meanMCS ?? -1)")
        #expect(abs(p - 0.1) < 0.03)
        let budget = LatencyBudget.compute(LatencyBudget.Input(
            numerology: numerology, pattern: pattern, capability: .one, direction: .downlink, access: .dynamicGrant,
            harqProbability: p))
        let measured = Self.radioMean(result.flows[0])
        print("simulated \(measured / 1e6) us, budget \(Double(budget.mean) / 1e6) us")
        #expect(abs(measured - Double(budget.mean)) < 0.02 * Double(budget.mean))
        #expect(result.flows[0].split!.harq > 0)
    }

    /// Configured grant against dynamic grant, uplink, FDD at 15 kHz, one frame every
    /// 10 ms arriving 100 us into a slot. By hand (TS 38.214: N1 = 8, N2 = 10 symbols at
    /// µ = 0, capability 1; one symbol of 2192κ·Tc = 71.354 us, slot 1 ms; symbols 0 and 7
    /// of each subframe are 16κ·Tc = 0.521 us longer, 71.875 us):
    /// - ueTx = Tproc,2/2 = 11/2 symbols: the frame is ready 100 + 392.45 = 492.45 us in.
    /// - Configured grant: the next slot starts at 1000 us; the block ends at 2000 us.
    /// - Dynamic grant: the SR goes in the first uplink symbol from 492.45 us, symbol 7
    ///   (it starts at 71.875 + 6·71.354 = 500.0 us), and ends at 571.875 us; the gNB has it
    ///   gnbRx = Tproc,1/2 = 4 symbols later (285.42 us): 857.3 us; the grant is ready
    ///   gnbTx = 392.45 us later, at 1249.7 us; its PDCCH is the first symbol of the next
    ///   downlink slot, 2000 us, ending at 2071.9 us; the PUSCH needs Tproc,2 = 784.9 us
    ///   more (2856.8 us): the slot at 3000 us, ending at 4000 us.
    /// So the dynamic grant costs exactly two slots more: 2 ms.
    @Test func dynamicGrantCostsTheSchedulingRequestTimeline() {
        let traffic = TrafficSpec(pattern: .periodic(period: 10 * Time.millisecond, jitter: nil), size: .constant(40),
                                  offset: .constant(Double(100 * Time.microsecond)))
        let cg = Self.run(Self.plant(distance: 2, downlink: false, traffic: traffic,
                                     access: .configured(period: 0, repetitions: 1)), duration: 2 * Time.second)
        let dg = Self.run(Self.plant(distance: 2, downlink: false, traffic: traffic), duration: 2 * Time.second)
        let a = cg.flows[0].latency!, b = dg.flows[0].latency!
        let wired = SimTime(cg.flows[0].split!.wired.rounded())  // 64 B at 10 Gbit/s: 51.2 ns
        // Every frame sees the same timeline: min = max.
        #expect(a.min == a.max && b.min == b.max)
        #expect(b.min - a.min == 2 * Time.millisecond)
        // Configured grant: ready at 492.45 us, block 1000–2000 us, then gnbRx: 2285.4 us after 100 us.
        let gnbRx = RadioProcessing.defaults(numerology: Numerology(mu: 0)!, capability: .one, miniSlot: nil)!.gnbRx
        #expect(a.min == 2 * Time.millisecond + gnbRx - 100 * Time.microsecond + wired)
    }

    /// Proportional fair with equal channels and full buffers converges to equal time
    /// shares: each terminal gets a quarter of the blocks.
    @Test func proportionalFairGivesEqualTimeShares() {
        let traffic = TrafficSpec(pattern: .constantRate(gap: 1500 * 8 / 200e6 * 1e12), size: .constant(1500))
        let spec = Self.plant(ues: 4, distance: 2, downlink: true, traffic: traffic)
        let result = Self.run(spec, duration: 4 * Time.second)
        let counts = result.terminals.filter { $0.direction == "downlink" }.map { Double($0.transmissions) }
        let total = counts.reduce(0, +)
        print("PF shares: \(counts.map { $0 / total })")
        for c in counts { #expect(abs(c / total - 0.25) < 0.01) }
    }

    /// A saturated cell decodes, per downlink slot, one transport block of all its PRBs at
    /// the MCS its terminal's SINR allows: the throughput is that TBS times the slots per
    /// second (FDD, 15 kHz: 1000).
    @Test func saturatedCellCarriesItsTransportBlocks() {
        let traffic = TrafficSpec(pattern: .constantRate(gap: 1500 * 8 / 300e6 * 1e12), size: .constant(1500))
        let spec = Self.plant(distance: 2, downlink: true, traffic: traffic)
        let duration = 2 * Time.second
        let result = Self.run(spec, duration: duration)
        let cell = result.cells[0]
        let mcs = 27  // qam256's highest: the SINR 2 m from the cell is far above its threshold
        #expect(cell.mcsHistogram[mcs] == cell.transportBlocks)
        let tbs = TransportBlock.size(prbs: spec.cells[0].prbs, symbols: 14, dmrsPerPRB: 12, overhead: 0,
                                      modulationOrder: MCSTable.qam256.modulationOrder(mcs),
                                      codeRate: MCSTable.qam256.codeRate(mcs), layers: 1)
        let measured = Time.seconds(duration - duration / 20)
        #expect(cell.transportBlocks == UInt64((measured * 1000).rounded()))
        #expect(abs(cell.throughputBitsPerSecond - Double(tbs) * 1000) < 1e-6 * Double(tbs) * 1000)
        #expect(abs(cell.prbUtilization - 1) < 1e-9)
    }
}

/// Slices and handovers against hand-derivable outcomes.
@Suite struct NRSliceAndMobilityTests {
    /// Two terminals with full downlink buffers 2 m from the cell (both at the highest
    /// MCS); the first's flow is in a slice reserving 80 % of the 106 PRBs. Every slot the
    /// slice's terminal takes its floor(0.8·106) = 84 PRBs, the other the remaining 22:
    /// their throughputs stand as the transport block sizes of 84 and 22 PRBs (less the
    /// few header bytes of the segments each block carries).
    @Test func sliceReservesItsShare() {
        let traffic = TrafficSpec(pattern: .constantRate(gap: 1500 * 8 / 200e6 * 1e12), size: .constant(1500))
        var spec = NRSimulationTests.plant(ues: 2, distance: 2, downlink: true, traffic: traffic)
        spec.cells[0].slices = [SliceSpec(name: "s", share: 0.8)]
        spec.flows[0].radio = FlowRadio(slice: "s")
        // No warm-up: with queues that only grow, frames delivered late were made before a
        // warm-up would end and would not count, biasing the slower terminal's throughput.
        let result = Runner.run(RunRequest(variant: "base", plant: spec, seed: 3, duration: 2 * Time.second, warmup: 0))
        let table = MCSTable.qam256
        func tbs(_ prbs: Int) -> Double {
            Double(TransportBlock.size(prbs: prbs, symbols: 14, dmrsPerPRB: 12, overhead: 0,
                                       modulationOrder: table.modulationOrder(27), codeRate: table.codeRate(27), layers: 1))
        }
        let ratio = result.flows[0].throughputBitsPerSecond / result.flows[1].throughputBitsPerSecond
        print("slice throughput ratio \(ratio), TBS ratio \(tbs(84) / tbs(22))")
        #expect(abs(ratio / (tbs(84) / tbs(22)) - 1) < 0.02)
    }

    /// A terminal drives at 10 m/s between two cells 100 m apart (InF-HH, line of sight)
    /// and back: it hands over near each midpoint, at least twice in 20 s, and the
    /// downlink frames that arrive during a handover's 30 ms interruption wait it out.
    @Test func handoverInterruptsTheTerminal() {
        let traffic = TrafficSpec(pattern: .periodic(period: 5 * Time.millisecond, jitter: nil), size: .constant(100))
        var spec = NRSimulationTests.plant(ues: 1, distance: 2, downlink: true, traffic: traffic)
        spec.radio?.hall = Position(x: 140, y: 40, z: 10)
        spec.cells[0].position = Position(x: 20, y: 20, z: 8)
        var second = spec.cells[0]
        second.name = "cell2"
        second.position = Position(x: 120, y: 20, z: 8)
        spec.cells.append(second)
        spec.ues[0].position = Position(x: 25, y: 20, z: 1.5)
        spec.ues[0].path = [Position(x: 25, y: 20, z: 1.5), Position(x: 115, y: 20, z: 1.5)]
        spec.ues[0].speed = 10
        let result = NRSimulationTests.run(spec, duration: 20 * Time.second)
        let handovers = result.terminals.first { $0.direction == "downlink" }!.handovers
        let flow = result.flows[0]
        print("handovers \(handovers), delivered \(flow.delivered) of \(flow.sent), max \(Double(flow.latency!.max) / 1e9) ms")
        #expect(handovers >= 2 && handovers <= 8)
        #expect(flow.dropped == 0)
        // The frame sent just after a handover waits the 30 ms out (less at most one period).
        #expect(flow.latency!.max >= 25 * Time.millisecond && flow.latency!.max <= 40 * Time.millisecond)
        #expect(result.cells.filter { $0.direction == "downlink" }.allSatisfy { $0.transportBlocks > 0 })
    }
}
