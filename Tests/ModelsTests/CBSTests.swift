import Analysis
import Experiments
import Kernel
import Models
import Testing

private let ns = Time.nanosecond, us = Time.microsecond, ms = Time.millisecond

/// IEEE 802.1Qav credit-based shapers (802.1Q-2018 8.6.8.2, Annex L) on one 1 Gbit/s
/// link (`TSNFixtures.link`: overhead 20 B, no propagation), shaping traffic class 3
/// (priority 3). Credits are compared in bits; a frame of S bytes occupies (S + 20) × 8 bits
/// of wire time, during which its class's credit falls at sendSlope = idleSlope − 1 Gbit/s.
@Suite struct CBSTests {
    typealias F = TSNFixtures
    static func shaper(_ idleSlope: Int64) -> PortTSN { PortTSN(idleSlopes: [0, 0, 0, idleSlope]) }

    /// `count` frames of `size` bytes all made at time 0.
    static func backlog(_ count: Int, size: Int32) -> TrafficSpec {
        TrafficSpec(pattern: .burst(every: .constant(1e15), count: count, spacing: 0), size: .constant(Double(size)))
    }

    /// A backlog of 1000 B frames on a 100 Mbit/s shaper, alone on the link. Each frame
    /// takes 8,160 ns of wire and leaves the credit at −900 Mbit/s × 8.16 us = −7,344 bits,
    /// which idleSlope brings back to 0 in 73.44 us: frame k starts at k × 81.6 us, so the
    /// class leaves at 8,160 bits per 81.6 us = 100 Mbit/s exactly, and reaches b 8,064 ns
    /// later (1008 octets). In 1 s: k = 0 … 12,254 (12,254 × 81.6 + 8.064 = 999,934.464 us;
    /// k = 12,255 would start at 1,000,008 us).
    @Test func aSaturatedClassLeavesAtIdleSlope() {
        let spec = F.link(tsn: Self.shaper(100_000_000), flows: [("a", 3, Self.backlog(20_000, size: 1000))])
        let rec = F.record(spec, until: Time.second)
        let arrivals = rec.of(0).map(\.at)
        #expect(arrivals.count == 12_255)
        #expect(arrivals == (0..<12_255).map { SimTime($0) * 81_600 * ns + 8_064 * ns })

        let r = Runner.run(RunRequest(variant: "cbs", plant: spec, seed: 1, duration: Time.second))
        #expect(r.flows[0].delivered == 12_255)
        #expect(r.flows[0].latency?.max == 999_934_464 * ns)
        // Frame bits: 100 Mbit/s × 1000/1020, give or take the frame in progress.
        #expect(abs(r.flows[0].throughputBitsPerSecond / (100e6 * 1000 / 1020) - 1) < 1e-4)
    }

    /// Fed at exactly its reserved rate (one 1000 B frame per 81.6 us), the class is never
    /// held: its credit, −7,344 bits after each frame, is back to 0 the picosecond the next
    /// frame comes (a negative credit recovers at idleSlope even with nothing waiting).
    /// Fed one picosecond faster (81,599,999 ps), each frame finds the credit 1 ps short of
    /// 0 more than the last: departures stay 81.6 us apart, and frame k waits k ps.
    @Test func fedAtTheReservedRateItLeavesAtTheSameRate() {
        func latencies(gap: SimTime) -> [SimTime] {
            let traffic = TrafficSpec(pattern: .constantRate(gap: Double(gap)), size: .constant(1000))
            let spec = F.link(tsn: Self.shaper(100_000_000), flows: [("a", 3, traffic)])
            return F.record(spec, until: 100 * ms).latencies(0)
        }
        let exact = latencies(gap: 81_600 * ns)
        #expect(exact.count == 1_226)  // made at 0 … 1225 × 81.6 us = 99.96 ms
        #expect(exact.allSatisfy { $0 == 8_064 * ns })
        let faster = latencies(gap: 81_600 * ns - 1)
        #expect(faster.count == 1_226)
        #expect(faster == (0..<1_226).map { 8_064 * ns + SimTime($0) })
    }

    /// hiCredit, loCredit and the largest burst (802.1Q-2018 L.3), class A = class 3 with
    /// idleSlope 250 Mbit/s. At time 0 a best-effort frame of 1522 B (priority 1, class 0)
    /// starts, and ten 64 B class A frames arrive behind it.
    /// - The credit rises at idleSlope during the whole 1542-octet wire time, 12,336 ns:
    ///   250e6 × 12.336e-6 = 3,084 bits = hiCredit = idleSlope × M_nonSR / R0
    ///   (M_nonSR = 12,336 bits on the wire).
    /// - Class A frames (84 octets, 672 ns, each −750e6 × 672e-9 = −504 bits) then leave
    ///   back to back while the credit is ≥ 0: 3084, 2580, 2076, 1572, 1068, 564, 60 → 7
    ///   frames, the credit ending at −444 bits. The largest burst: n = ⌊hiCredit ·
    ///   R0 / ((R0 − idleSlope) · w)⌋ + 1 = ⌊3084 / 504⌋ + 1 = 7 frames of w = 672 bits (in
    ///   bits: at most hiCredit · R0/(R0 − idleSlope) + w = 4,112 + 672).
    /// - Frame 8 waits 444 / 250e6 = 1,776 ns, starts at credit 0 and ends at −504 bits =
    ///   loCredit = sendSlope × M_A / R0; frames 9 and 10 each wait 504 / 250e6 = 2,016 ns.
    /// Starts: 12,336 + 672 i ns (i < 7), then 18,816, 21,504, 24,192 ns; each arrives
    /// 576 ns (72 octets) after it starts.
    @Test func creditReachesHiCreditAndLoCreditAndTheBurstMatches() {
        let spec = F.link(tsn: Self.shaper(250_000_000),
                          flows: [("best-effort", 1, F.at([0], size: 1522)),
                                  ("class-a", 3, F.at(Array(repeating: 0, count: 10), size: 64))])
        let rec = F.record(spec, until: ms)
        let starts = (0..<7).map { 12_336 * ns + SimTime($0) * 672 * ns } + [18_816 * ns, 21_504 * ns, 24_192 * ns]
        #expect(rec.of(1).map(\.at) == starts.map { $0 + 576 * ns })
        #expect(rec.of(0).map(\.at) == [12_240 * ns])

        let limits = CreditState.classALimits(idle: 250_000_000, rate: F.gbps, maxInterferingBits: 1542 * 8,
                                              maxOwnBits: 84 * 8)
        #expect(limits.hi == 3_084 && limits.lo == -504)
        #expect(rec.credits == [Recorder.Credit(site: 0, trafficClass: 3, least: -504, most: 3_084)])
    }

    /// Class A (250 Mbit/s, Poisson, 64–256 B, about 150 Mbit/s offered) beside best-effort
    /// frames of 1522 B at 0.7 of the line: the credit stays within [loCredit, hiCredit] of
    /// the standard, hiCredit = 250e6 × 12,336 / 1e9 = 3,084 bits, loCredit = −0.75 ×
    /// (256 + 20) × 8 = −1,656 bits, and comes near hiCredit (a class A frame arriving as a
    /// best-effort one starts).
    @Test func creditStaysWithinTheStandardsLimits() {
        let classA = TrafficSpec(pattern: .poisson(meanGap: Double(9 * us)), size: .uniform(low: 64, high: 256))
        let be = TrafficSpec(pattern: .poisson(meanGap: 12_336e3 / 0.7), size: .constant(1522))
        let spec = F.link(tsn: Self.shaper(250_000_000), flows: [("best-effort", 1, be), ("class-a", 3, classA)])
        let rec = F.record(spec, until: Time.second, seed: 3)
        let c = rec.credits[0]
        #expect(c.most <= 3_084 && c.least >= -1_656, "\(c)")
        #expect(c.most > 0.9 * 3_084, "\(c)")
        #expect(c.least < 0.5 * -1_656, "\(c)")
        #expect(rec.of(1).count > 100_000)
    }

    /// Both classes saturated (class A 1000 B frames at idleSlope 250 Mbit/s, best-effort
    /// 1522 B frames): class A never empties, so its credit is never reset and
    /// credit(T) = idleSlope · T − R0 · (class A's wire time up to T). With the credit within
    /// [loCredit, hiCredit] = [−6,120, 3,084] bits, class A's wire bits by T = 1 s are
    /// 250e6 within 6,120 bits plus the frame in progress (8,160): 30,637 frames ± 2, a
    /// tolerance of 6e-5; best effort takes the rest.
    @Test func underInterferenceTheClassStillGetsIdleSlope() {
        let spec = F.link(tsn: Self.shaper(250_000_000),
                          flows: [("best-effort", 1, Self.backlog(70_000, size: 1522)),
                                  ("class-a", 3, Self.backlog(40_000, size: 1000))])
        let rec = F.record(spec, until: Time.second)
        let a = Int64(rec.of(1).count), be = Int64(rec.of(0).count)
        #expect(abs(a * 8_160 - 250_000_000) <= 6_120 + 8_160, "\(a) class A frames")
        // The line is always busy: 1 s = a × 8,160 + be × 12,336 ns, less the frame in progress.
        #expect(abs(a * 8_160 + be * 12_336 - 1_000_000_000) <= 12_336, "\(a), \(be)")
    }

    /// With a gate (Annex L.6 / 8.6.8.2 d): the credit is frozen while the class's gate is
    /// closed. Class A (1000 B, 100 Mbit/s shaper) has its gate open only 0–50 us of every
    /// 100 us. Two frames at time 0: the first goes at once (credit 0 → −7,344 bits at
    /// 8.16 us); the credit needs 73.44 us of open gate to recover: 41.84 us until the gate
    /// closes at 50 us, the remaining 31.6 us after it reopens at 100 us, so the second frame
    /// starts at 131.6 us and arrives at 139.664 us (131.6 + 8.064).
    @Test func creditIsFrozenWhileTheGateIsClosed() {
        let gates = GateControlList(cycle: 100 * us, entries: [.init(open: 0xFF, duration: 50 * us),
                                                              .init(open: 0xF7, duration: 50 * us)])
        let spec = F.link(tsn: PortTSN(gates: gates, idleSlopes: [0, 0, 0, 100_000_000]),
                          flows: [("class-a", 3, F.at([0, 0], size: 1000))])
        let rec = F.record(spec, until: ms)
        #expect(rec.of(0).map(\.at) == [8_064 * ns, 139_664 * ns])
    }
}
