import Kernel
import Models
import Testing

/// IEEE 802.1Qcr asynchronous traffic shaping against hand-computed eligibility times, the
/// committed rate in the long run, and the interleaved regulator's delay bound.
@Suite struct AsynchronousShapingTests {
    static let us = Time.microsecond
    static let ms = Time.millisecond

    /// One talker → sw1 → sw2, 1 Gbit/s links without overhead (125 B take 1 us); the flow
    /// ends at sw2, so only sw1's egress port shapes it.
    static func oneShaper(_ traffic: TrafficSpec, _ ats: ATSSpec) -> (StreamFixtures.Line, Int32) {
        var line = StreamFixtures.Line(talkers: ["t"], edge: 1_000_000_000, core: 1_000_000_000, last: 1_000_000_000)
        var flow = FlowSpec(name: "f", destination: line.sw2, sources: [
            SourceSpec(node: line.talkers[0], route: [.port(line.talkerPorts[0]), .port(line.sw1ToSw2)], traffic: traffic),
        ])
        flow.shaping = ats
        line.spec.flows = [flow]
        return (line, 0)
    }

    static let burst = TrafficSpec(pattern: .burst(every: .constant(Double(Time.second)), count: 5, spacing: 0),
                                   size: .constant(125))

    /// Five 1000-bit frames sent together reach sw1 at 1, 2, 3, 4, 5 us. Its scheduler has
    /// CIR 3 Mbit/s (a frame's length recovers in 333 333 333⅓ ps) and CBS 2000 bits, full at
    /// 0 (BucketEmptyTime = −666 666 666⅔ ps). ProcessFrame by hand:
    /// 1. a = 1 000 000: eligible at arrival; the bucket was full, so BucketEmptyTime =
    ///    −333 333 333⅓ + 1 000 000 − 0 = −332 333 333⅓.
    /// 2. a = 2 000 000: schedulerEligibilityTime = 1 000 000 ≤ a: eligible at arrival;
    ///    BucketEmptyTime = 1 000 000.
    /// 3. a = 3 000 000: 1 000 000 + 333 333 333⅓ = 334 333 333⅓: held until 334 333 334.
    /// 4. 667 666 666⅔: held until 667 666 667.
    /// 5. 1 001 000 000 exactly.
    /// Each then takes 1 us to sw2: latencies 2 us, 3 us, 335 333 334, 668 666 667 and
    /// 1 002 000 000 ps.
    @Test func eligibilityTimesOfABurstAreExact() {
        let (line, f) = Self.oneShaper(Self.burst, ATSSpec(committedRate: 3_000_000, committedBurst: 250))
        let sink = StreamFixtures.record(line.spec, until: 10 * Self.ms)
        #expect(sink.delivered(f).map(\.latency) == [2_000_000, 3_000_000, 335_333_334, 668_666_667, 1_002_000_000])
        #expect(sink.dropped.isEmpty)
    }

    /// The same burst with MaxResidenceTime 500 us: frame 4 would wait 663.67 us, so it is
    /// discarded and leaves the bucket as it was; frame 5 would then wait 662.67 us and is
    /// discarded too. The discards count at the shaping port.
    @Test func framesBeyondMaxResidenceTimeAreDiscarded() {
        let ats = ATSSpec(committedRate: 3_000_000, committedBurst: 250, maxResidence: 500 * Self.us)
        let (line, f) = Self.oneShaper(Self.burst, ats)
        let sink = StreamFixtures.record(line.spec, until: 10 * Self.ms)
        #expect(sink.delivered(f).map(\.latency) == [2_000_000, 3_000_000, 335_333_334])
        #expect(sink.dropped(f).map(\.created) == [0, 0])
        #expect(sink.dropped(f).allSatisfy { $0.reason == .maxResidence && $0.site == Int32(line.sw1ToSw2) })
    }

    /// A greedy source (1000-bit frames every 50 us: 20 Mbit/s) into a scheduler of CIR
    /// 10 Mbit/s and CBS 8000 bits. Frame k reaches sw1 at 50k + 1 us; the full bucket lets
    /// frame 0 go at once (BucketEmptyTime = −700 + 1 = −699 us), and from then on
    /// schedulerEligibilityTime = 100k − 699 us, which passes the arrival at k = 14. So from
    /// frame 14 on, frames leave exactly 100 us apart (the committed rate), frame k arriving
    /// at sw2 at 100k − 698 us: within 1 s, frames 0…10006, 10 007 of the 20 000 sent.
    @Test func longRunOutputRateIsTheCommittedRate() {
        let traffic = TrafficSpec(pattern: .constantRate(gap: Double(50 * Self.us)), size: .constant(125))
        let (line, f) = Self.oneShaper(traffic, ATSSpec(committedRate: 10_000_000, committedBurst: 1000))
        let sink = StreamFixtures.record(line.spec, until: Time.second)
        let out = sink.delivered(f).map { $0.created + $0.latency }
        #expect(sink.sent.count == 20_000)
        #expect(out.count == 10_007)
        #expect(out.count == 10_007 && out[14] == 702 * Self.us && out.last == (100 * 10_006 - 698) * Self.us)
        let gaps = zip(out.dropFirst(14), out.dropFirst(15)).map { $1 - $0 }
        #expect(gaps.allSatisfy { $0 == 100 * Self.us })  // 1000 bits per 100 us: 10 Mbit/s
        #expect(zip(out.prefix(14), sink.delivered(f).prefix(14)).allSatisfy { $0 == $1.created + 2 * Self.us })
    }

    /// Le Boudec's interleaved regulator adds nothing to the worst case: talkers A (500 B
    /// every 1 ms) and B (1000 B every 700 us, from 10 us), each shaped at its own rate and
    /// one frame of burst, cross sw1 → sw2 → listener, every link 100 Mbit/s without overhead.
    /// The FIFO bound of each bridge port is one frame of the other flow plus one's own:
    /// 40 + 80 = 120 us. End to end without regulation cost: A 40 + 120 + 120 = 280 us,
    /// B 80 + 120 + 120 = 320 us. At sw2 both flows are one scheduler group (same ingress port
    /// and priority), whose frames sw1's FIFO has bunched (A waits behind B now and then):
    /// the regulator holds some, yet no frame exceeds its bound.
    @Test func interleavedRegulatorStaysWithinTheFIFOBound() {
        func plant(ats: Bool) -> (StreamFixtures.Line, Int32, Int32) {
            var line = StreamFixtures.Line(talkers: ["a", "b"], edge: 100_000_000, core: 100_000_000, last: 100_000_000)
            let a = line.flow("a", from: 0, TrafficSpec(pattern: .periodic(period: Self.ms, jitter: nil), size: .constant(500)),
                              ats: ats ? ATSSpec(committedRate: 4_000_000, committedBurst: 500) : nil)
            let b = line.flow("b", from: 1, TrafficSpec(pattern: .periodic(period: 700 * Self.us, jitter: nil),
                                                        size: .constant(1000), offset: .constant(Double(10 * Self.us))),
                              ats: ats ? ATSSpec(committedRate: 11_428_572, committedBurst: 1000) : nil)
            return (line, a, b)
        }
        let (shaped, a, b) = plant(ats: true)
        let with = StreamFixtures.record(shaped.spec, until: Time.second)
        let without = StreamFixtures.record(plant(ats: false).0.spec, until: Time.second)
        #expect(with.dropped.isEmpty && with.delivered(a).count == 1000)
        #expect(with.delivered(b).count == with.sent.filter { $0.flow == b }.count)
        let worstA = with.delivered(a).map(\.latency).max()!, worstB = with.delivered(b).map(\.latency).max()!
        #expect(worstA <= 280 * Self.us, "A's worst \(worstA) ps")
        #expect(worstB <= 320 * Self.us, "B's worst \(worstB) ps")
        // Not vacuous: the regulator did hold frames (some arrive later than without it).
        let held = zip(with.delivered(a), without.delivered(a)).filter { $0.latency > $1.latency }.count
        #expect(held > 50, "\(held) frames of A held")
        // sw1's shapers see conforming streams and hold nothing; sw2's group has both flows.
        let shaping = AsynchronousShaping(spec: shaped.spec, routes: RouteTable(shaped.spec))
        #expect(shaping.schedulerCount == 4 && shaping.groupCount == 3)
    }
}
