import Analysis
import Experiments
import Kernel
import Models
import Testing

private let ns = Time.nanosecond, us = Time.microsecond, ms = Time.millisecond

/// IEEE 802.1Qbv scheduled traffic (802.1Q-2018 8.6.8.4) against hand-computed timelines on
/// `TSNFixtures.line` (1 Gbit/s, overhead 20 B, 100 ns cables, store-and-forward).
///
/// The numbers every test uses: a 200 B frame reaches the next node 208 × 8 + 100 =
/// 1,764 ns after it starts (its last bit, then the cable) and keeps its port 220 × 8 =
/// 1,760 ns (with the gap); a 1000 B frame 8,164 ns and 8,160 ns; a 64 B frame 676 ns and
/// 672 ns. Three hops without waiting: 5,292 ns for 200 B, 24,492 ns for 1000 B, 2,028 ns
/// for 64 B.
@Suite struct QbvTests {
    typealias F = TSNFixtures
    /// Class 7 alone in [offset, offset + length) of every 1 ms cycle, every other class
    /// the rest of the cycle; length-aware unless told.
    static func window(offset: SimTime, length: SimTime, guardBand: GuardBand = .lengthAware) -> PortTSN {
        PortTSN(gates: .protectedWindow(class: 7, cycle: ms, offset: offset, length: length), guardBand: guardBand)
    }

    /// The protected window of the two-hop timeline: 0–50 us on sw1 → sw2 and the same
    /// shifted by one 200 B hop (1,764 ns) on sw2 → listener.
    static func timelinePlant() -> PlantSpec {
        F.line(hop1: window(offset: 0, length: 50 * us), hop2: window(offset: 1_764 * ns, length: 50 * us))
    }

    /// A 200 B class 7 frame every 500 us from 0. The frame made at 0 ms (mod 1 ms) reaches
    /// sw1 at 1.764 us, inside the window, and goes through without waiting: 5,292 ns. The
    /// one made at 0.5 ms reaches sw1 at 501.764 us with the gate closed, waits there until
    /// the window opens at 1000 us, reaches sw2 at 1001.764 us (the very picosecond sw2's
    /// shifted window opens) and the listener at 1003.528 us: 503,528 ns. The two never meet
    /// (at sw1 the late frame frees the port at 1001.760 us, 4 ns before the next frame
    /// arrives). In 10.01 ms: 21 frames (0 … 10 ms), 11 fast and 10 held.
    @Test func twoHopTimelineIsExact() {
        var spec = Self.timelinePlant()
        spec.flows = [F.lineFlow("motion", from: .talker, priority: 7, F.periodic(500 * us, size: 200))]
        let r = Runner.run(RunRequest(variant: "qbv", plant: spec, seed: 1, duration: 10 * ms + 10 * us))
        let f = r.flows[0]
        #expect(f.sent == 21 && f.delivered == 21 && f.dropped == 0)
        #expect(f.latency?.min == 5_292 * ns)
        #expect(f.latency?.max == 503_528 * ns)
        #expect(abs(f.latency!.mean - Double(11 * 5_292 * ns + 10 * 503_528 * ns) / 21) < 1e-3)

        // Frame by frame: fast, held, fast, held, …
        let rec = F.record(spec, until: 10 * ms + 10 * us)
        #expect(rec.latencies(0) == (0...20).map { $0 % 2 == 0 ? 5_292 * ns : 503_528 * ns })
        // sw1's port sat idle with the held frame from 501.764 us to 1000 us, ten times.
        #expect(rec.gateHeld == 10 * (498_236 * ns))
    }

    /// On sw1 a 1000 B class 7 frame needs 8,160 ns of window (with the gap). Second hop's
    /// window: 60 us from 1.764 us. Made at 33.676 us, it reaches sw1 at 41.840 us with
    /// exactly 8,160 ns left: it goes (length-aware: it ends as the gate closes), and
    /// crosses both hops without waiting: 24,492 ns. One picosecond later it does not fit
    /// and waits for the next window (1000 us): at sw2 1008.164 us, at the listener
    /// 1016.328 us, latency 982,651,999 ps. Made at 38 us (46.164 us at sw1, 3.836 us left):
    /// 1016.328 − 38 = 978.328 us.
    @Test func aFrameTooLongForTheRestOfTheWindowWaitsForTheNext() {
        func latency(madeAt t: SimTime) -> (SimTime?, SimTime?, UInt64, SimTime) {
            var spec = F.line(hop1: Self.window(offset: 0, length: 50 * us),
                              hop2: Self.window(offset: 1_764 * ns, length: 60 * us))
            spec.flows = [F.lineFlow("motion", from: .talker, priority: 7, F.periodic(ms, size: 1000, offset: t))]
            let r = Runner.run(RunRequest(variant: "qbv", plant: spec, seed: 1, duration: 1_020 * us))
            let held = F.record(spec, until: 1_020 * us).gateHeld
            return (r.flows[0].latency?.min, r.flows[0].latency?.max, r.flows[0].delivered, held)
        }
        let fits = latency(madeAt: 33_676 * ns)
        #expect(fits.0 == 24_492 * ns && fits.1 == 24_492 * ns && fits.2 == 1 && fits.3 == 0)
        let late = latency(madeAt: 33_676 * ns + 1)
        #expect(late.0 == 982_651_999 && late.1 == 982_651_999 && late.2 == 1)
        #expect(late.3 == 1_000 * us - (41_840 * ns + 1))  // sw1 idle, holding it
        let later = latency(madeAt: 38 * us)
        #expect(later.0 == 978_328 * ns && later.2 == 1)
    }

    /// Best-effort frames (priority 1 = class 0, 1000–1522 B, Poisson, about 0.8 Gbit/s)
    /// from `cross` share both scheduled hops with the stream of `twoHopTimelineIsExact`.
    /// With the window exclusive and the guard band length-aware, no best-effort frame is
    /// on the wire when the stream's frames arrive: the stream's latencies are exactly those
    /// of the empty network (5,292 and 503,528 ns). Without gates (strict priority alone) the
    /// same cross traffic does delay it: a class 7 frame waits for the best-effort frame on
    /// the wire.
    @Test func crossTrafficNeverDelaysTheProtectedStream() {
        let be = TrafficSpec(pattern: .poisson(meanGap: Double(15 * us)), size: .uniform(low: 1000, high: 1522))
        func run(_ spec: PlantSpec) -> RunResult {
            var spec = spec
            spec.flows = [F.lineFlow("motion", from: .talker, priority: 7, F.periodic(500 * us, size: 200)),
                          F.lineFlow("best-effort", from: .cross, priority: 1, be)]
            return Runner.run(RunRequest(variant: "qbv", plant: spec, seed: 7, duration: 200 * ms + 10 * us))
        }
        let gated = run(Self.timelinePlant())
        #expect(gated.flows[0].delivered == 401)
        #expect(gated.flows[0].latency?.min == 5_292 * ns)
        #expect(gated.flows[0].latency?.max == 503_528 * ns)
        #expect(gated.flows[1].delivered > 10_000)  // the cross traffic ran
        #expect(gated.ports[F.hop1].utilization > 0.6)

        let plain = run(F.line())
        #expect(plain.flows[0].latency?.min == 5_292 * ns)
        #expect(plain.flows[0].latency!.max > 5_292 * ns + 5 * us)
    }

    /// A best-effort 64 B frame (class 0, its gate open 50 us – 1 ms on sw1) made by `cross`
    /// at 994.324 us reaches sw1 at 995 us, 5 us before its gate closes.
    /// - Length-aware: 672 ns fit; it goes, and crosses sw2 at 995.676 us (its gate there
    ///   open until 1001.764 us): 2,028 ns.
    /// - Max-frame guard band on sw1: no frame starts within 1542 × 8 = 12,336 ns of the
    ///   closing, so it waits until 1050 us; at sw2 (1050.676 us) the class 0 gate is closed
    ///   until 1051.764 us; listener at 1052.440 us: latency 58,116 ns.
    /// At the guard band's edge: reaching sw1 at 987.664 us (made at 986.988 us) it goes
    /// (2,028 ns); one picosecond later it waits: 1052.440 − 986.988001 us.
    @Test func maxFrameGuardBandHoldsAShortFrameTheLengthAwareOneSends() {
        func latency(_ guardBand: GuardBand, madeAt t: SimTime) -> SimTime? {
            var spec = F.line(hop1: Self.window(offset: 0, length: 50 * us, guardBand: guardBand),
                              hop2: Self.window(offset: 1_764 * ns, length: 50 * us))
            spec.flows = [F.lineFlow("best-effort", from: .cross, priority: 1, F.periodic(ms, size: 64, offset: t))]
            let r = Runner.run(RunRequest(variant: "qbv", plant: spec, seed: 1, duration: 1_100 * us))
            #expect(r.flows[0].delivered == 1)
            return r.flows[0].latency?.max
        }
        #expect(latency(.lengthAware, madeAt: 994_324 * ns) == 2_028 * ns)
        #expect(latency(.maxFrame, madeAt: 994_324 * ns) == 58_116 * ns)
        #expect(latency(.maxFrame, madeAt: 986_988 * ns) == 2_028 * ns)
        #expect(latency(.maxFrame, madeAt: 986_988 * ns + 1) == 1_052_440 * ns - (986_988 * ns + 1))
        #expect(latency(.lengthAware, madeAt: 986_988 * ns + 1) == 2_028 * ns)
    }

    /// A lower class goes while a higher one is held: class 7 (1000 B) made at 38 us is
    /// held on sw1 (`aFrameTooLongForTheRestOfTheWindowWaitsForTheNext`); a best-effort 64 B
    /// frame from `cross` reaching sw1 at 100 us (its gate open from 50 us) goes at once:
    /// 2,028 ns, while class 7 still leaves at 1000 us.
    @Test func aLowerClassGoesWhileAHigherOneIsHeld() {
        var spec = F.line(hop1: Self.window(offset: 0, length: 50 * us),
                          hop2: Self.window(offset: 1_764 * ns, length: 60 * us))
        spec.flows = [F.lineFlow("motion", from: .talker, priority: 7, F.periodic(ms, size: 1000, offset: 38 * us)),
                      F.lineFlow("best-effort", from: .cross, priority: 1, F.periodic(ms, size: 64, offset: 99_324 * ns))]
        let rec = F.record(spec, until: 1_020 * us)
        #expect(rec.latencies(0) == [978_328 * ns])
        #expect(rec.latencies(1) == [2_028 * ns])
    }
}
