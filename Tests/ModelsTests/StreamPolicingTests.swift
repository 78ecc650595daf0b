import Kernel
import Models
import Testing

/// IEEE 802.1Qci per-stream filtering and policing against hand-derived references: the
/// MEF 10.3 token buckets' exact shares, the maximum SDU size, and a babbling device.
@Suite struct StreamPolicingTests {
    static let us = Time.microsecond
    static let ms = Time.millisecond

    /// 125 B (1000 bit) frames every 100 us (10 Mbit/s) from one talker through sw1 (where
    /// it is policed) and sw2 to the listener, every link 1 Gbit/s; 1000 frames.
    static func cbr(_ policing: PolicingSpec) -> (StreamFixtures.Line, Int32) {
        var line = StreamFixtures.Line(talkers: ["t"], edge: 1_000_000_000, core: 1_000_000_000, last: 1_000_000_000)
        let f = line.flow("cbr", from: 0, TrafficSpec(pattern: .constantRate(gap: Double(100 * us)), size: .constant(125),
                                                      stop: 99_950 * us), policing: policing)
        return (line, f)
    }

    /// Offered at twice the committed rate (CIR 5 Mbit/s, CBS 3000 B = 24 frames), the
    /// committed bucket passes exactly ⌊(CBS + CIR × (t_last − t_first)) / L⌋ frames: the
    /// bucket, full at first, never refills to its size again, so every token it ever holds
    /// goes to a frame. Here ⌊(24000 + 5 × 99900) / 1000⌋ = 523 of the 1000 frames (the
    /// first 47 back to back, then every other one); the other 477 are red.
    @Test func committedBucketPassesTheAnalyticShare() {
        let meter = FlowMeterSpec(committedRate: 5_000_000, committedBurst: 3000)
        let (line, f) = Self.cbr(PolicingSpec(meter: meter))
        let sink = StreamFixtures.record(line.spec, until: 200 * Self.ms)
        let sent = sink.sent.filter { $0.flow == f }
        #expect(sent.count == 1000)
        let span = sent.last!.created - sent.first!.created  // 99.9 ms
        let share = (3000 * 8 + 5_000_000 * span / Time.second) / 1000
        #expect(share == 523)
        #expect(sink.delivered(f).count == Int(share))
        #expect(sink.dropped(f).count == 1000 - Int(share))
        #expect(sink.dropped(f).allSatisfy { $0.reason == .policed && $0.site == Int32(line.talkerPorts[0]) })
        // After the burst, green and red alternate: frame 47 is the first red, 48 green, 49 red.
        let red = Set(sink.dropped(f).map(\.created))
        #expect(!red.contains(46 * 100 * Self.us) && red.contains(47 * 100 * Self.us))
        #expect(!red.contains(48 * 100 * Self.us) && red.contains(49 * 100 * Self.us))
    }

    /// With an excess bucket (EIR 2.5 Mbit/s, EBS 1000 B) the 477 frames the committed one
    /// refuses (frames 47, 49, …, 999: every 200 us for 95.2 ms) meet it: by the same
    /// argument ⌊(8000 + 2.5 × 95200) / 1000⌋ = 246 are yellow. Yellow frames pass, or are
    /// dropped with drop-on-yellow: the committed share is the same either way (coupling
    /// flag 0: the buckets are independent).
    @Test func excessBucketColoursTheAnalyticShareYellow() {
        for dropYellow in [false, true] {
            let meter = FlowMeterSpec(committedRate: 5_000_000, committedBurst: 3000, excessRate: 2_500_000,
                                      excessBurst: 1000, dropYellow: dropYellow)
            let (line, f) = Self.cbr(PolicingSpec(meter: meter))
            let sink = StreamFixtures.record(line.spec, until: 200 * Self.ms)
            let yellow = (1000 * 8 + 2_500_000 * (999 - 47) * 100 * Self.us / Time.second) / 1000
            #expect(yellow == 246)
            #expect(sink.delivered(f).count == 523 + (dropYellow ? 0 : Int(yellow)), "drop yellow: \(dropYellow)")
            #expect(sink.dropped(f).count == 477 - (dropYellow ? 0 : Int(yellow)), "drop yellow: \(dropYellow)")
        }
    }

    /// The stream filter drops exactly the frames above its maximum SDU size (sizes drawn
    /// uniformly in 64…200 B, limit 128 B), before the meter sees them, and only those.
    @Test func maxSDUDropsExactlyTheOversizedFrames() {
        var line = StreamFixtures.Line(talkers: ["t"], edge: 1_000_000_000, core: 1_000_000_000, last: 1_000_000_000)
        let f = line.flow("sizes", from: 0, TrafficSpec(pattern: .periodic(period: 10 * Self.us, jitter: nil),
                                                        size: .uniform(low: 64, high: 200)),
                          policing: PolicingSpec(maxSDU: 128))
        let sink = StreamFixtures.record(line.spec, until: 20 * Self.ms)
        let sent = sink.sent.filter { $0.flow == f }
        let oversized = Set(sent.filter { $0.bytes > 128 }.map(\.created))
        #expect(sent.count > 1000 && oversized.count > 300 && oversized.count < sent.count - 300)
        #expect(Set(sink.dropped(f).map(\.created)) == oversized)
        #expect(sink.dropped(f).count == oversized.count)
        #expect(sink.dropped(f).allSatisfy { $0.reason == .oversize })
        #expect(sink.delivered(f).count == sent.count - oversized.count)
    }

    /// A victim stream (128 B every 1 ms, priority 6, policed at 2 Mbit/s and 3000 B: it
    /// conforms) and a babbling device (1500 B back to back at its 100 Mbit/s line rate from
    /// 10 ms, priority 0) share sw1 → sw2 (50 Mbit/s, 20 frames of buffer) and sw2 → listener
    /// (100 Mbit/s). Alone the victim takes 10.24 + 20.48 + 10.24 = 40.96 us.
    static func babbling(_ unknown: UnknownStreams, babbler: Bool = true) -> (StreamFixtures.Line, Int32, Int32) {
        var line = StreamFixtures.Line(talkers: ["victim", "babbler"], edge: 100_000_000, core: 50_000_000,
                                       last: 100_000_000, coreBufferFrames: 20)
        line.spec.nodes[line.sw1].unknownStreams = unknown
        let victim = line.flow("victim", from: 0, priority: 6,
                               TrafficSpec(pattern: .periodic(period: Self.ms, jitter: nil), size: .constant(128),
                                           offset: .constant(Double(300 * Self.us))),
                               policing: PolicingSpec(maxSDU: 128, meter: FlowMeterSpec(committedRate: 2_000_000,
                                                                                        committedBurst: 3000)))
        var b: Int32 = -1
        if babbler {
            b = line.flow("babble", from: 1, TrafficSpec(pattern: .constantRate(gap: Double(120 * Self.us)),
                                                         size: .constant(1500), offset: .constant(Double(10 * Self.ms))))
        }
        return (line, victim, b)
    }

    @Test func babblingDeviceHarmsNoStreamWithQciOn() {
        let alone: SimTime = 40_960_000
        let (quiet, v0, _) = Self.babbling(.pass, babbler: false)
        let base = StreamFixtures.record(quiet.spec, until: 300 * Self.ms)
        #expect(base.delivered(v0).count == 300 && base.delivered(v0).allSatisfy { $0.latency == alone })

        // Without Qci the babbler fills the shared buffer and the victim loses frames.
        let (open, v1, b1) = Self.babbling(.pass)
        let hurt = StreamFixtures.record(open.spec, until: 300 * Self.ms)
        #expect(hurt.dropped(v1).count > 100, "\(hurt.dropped(v1).count) victim frames lost without Qci")
        #expect(hurt.dropped(v1).allSatisfy { $0.reason == .bufferFull })
        #expect(hurt.dropped(b1).count > 0)

        // Unknown streams dropped at the edge: the victim is as if alone, the babbler's
        // frames all die where they enter sw1 (counted on the babbler's own link).
        let (closed, v2, b2) = Self.babbling(.drop)
        let safe = StreamFixtures.record(closed.spec, until: 300 * Self.ms)
        #expect(safe.dropped(v2).isEmpty && safe.delivered(v2).count == 300)
        #expect(safe.delivered(v2).map(\.latency).max() == alone)
        #expect(safe.delivered(b2).isEmpty)
        #expect(safe.dropped(b2).count == safe.sent.filter { $0.flow == b2 }.count - 1)  // one is on its wire at the end
        #expect(safe.dropped(b2).allSatisfy { $0.reason == .policed && $0.site == Int32(closed.talkerPorts[1]) })

        // Unknown streams metered at 5 Mbit/s: the babbler gets its share, and a victim frame
        // waits at most one babbler frame on each shared hop (strict priority, non-preemptive):
        // 1500 B at 50 Mbit/s (240 us), then at 100 Mbit/s (120 us).
        let meter = FlowMeterSpec(committedRate: 5_000_000, committedBurst: 3000)
        let (metered, v3, b3) = Self.babbling(.police(PolicingSpec(meter: meter)))
        let shared = StreamFixtures.record(metered.spec, until: 300 * Self.ms)
        #expect(shared.dropped(v3).isEmpty && shared.delivered(v3).count == 300)
        let worst = shared.delivered(v3).map(\.latency).max()!
        #expect(worst <= alone + 240 * Self.us + 120 * Self.us, "victim's worst \(worst) ps")
        #expect(worst > alone)  // the babbler's passed frames did block it at times
        // The meter's share of the babbler over its 290 ms: ⌊(24000 + 5 × 290000 us) / 12000⌋ = 122
        // frames, give or take the last one in flight.
        let passed = shared.delivered(b3).count
        #expect(passed >= 120 && passed <= 122, "\(passed) babbler frames passed")
        #expect(shared.dropped(b3).allSatisfy { $0.reason == .policed })
    }

    /// A replicated stream (IEEE 802.1CB) whose member paths part at its edge bridge sw1
    /// (t → sw1, then via sw2 or sw3 to sw4 → listener) is policed once per frame, before its
    /// copies split: the share is that of `committedBucketPassesTheAnalyticShare`, 523 of
    /// 1000 (metering each copy would let about half as many through).
    @Test func replicatedStreamIsPolicedOnceBeforeItSplits() {
        var spec = PlantSpec()
        spec.nodes = ["sw1", "sw2", "sw3", "sw4"].map { NodeSpec(name: $0, kind: .switch) }
            + [NodeSpec(name: "t", kind: .station), NodeSpec(name: "listener", kind: .station)]
        func port(_ a: Int, _ b: Int) -> Int {
            spec.ports.append(PortSpec(name: "to-\(b)", node: a, peerNode: b, rateBitsPerSecond: 1_000_000_000,
                                       propagation: 0, overheadBytes: 0, minFrameBytes: 0))
            return spec.ports.count - 1
        }
        let edge = port(4, 0), a1 = port(0, 1), a2 = port(1, 3), b1 = port(0, 2), b2 = port(2, 3), last = port(3, 5)
        var source = SourceSpec(node: 4, route: [.port(edge), .port(a1), .port(a2), .port(last)],
                                traffic: TrafficSpec(pattern: .constantRate(gap: Double(100 * Self.us)),
                                                     size: .constant(125), stop: 99_950 * Self.us))
        source.replicas = [[.port(edge), .port(b1), .port(b2), .port(last)]]
        source.pinned = true
        var flow = FlowSpec(name: "cbr", destination: 5, sources: [source])
        flow.replication = ReplicationSpec(elimination: .prp(windowSize: 64, entryForgetTime: Self.ms))
        flow.policing = PolicingSpec(meter: FlowMeterSpec(committedRate: 5_000_000, committedBurst: 3000))
        spec.flows = [flow]
        let sink = StreamFixtures.record(spec, until: 200 * Self.ms)
        #expect(sink.delivered(0).count == 523)
        // A replicated frame lost before its merge point counts at its site as a copy, the frame at none.
        #expect(sink.dropped(0).count == 477 && sink.dropped(0).allSatisfy { $0.reason == .policed && $0.site == -1 })
    }

    /// Nothing is filtered unless a flow has its own policing or a bridge filters unknown
    /// streams: the plant then asks nothing per frame.
    @Test func unknownStreamsPassByDefault() {
        var spec = Self.babbling(.pass).0.spec
        spec.flows[1].policing = nil
        let policing = StreamPolicing(spec: spec, routes: RouteTable(spec))
        #expect(policing.enabled)  // the victim has its own filter
        spec.flows[0].policing = nil
        #expect(!StreamPolicing(spec: spec, routes: RouteTable(spec)).enabled)
    }
}
