import Analysis
import Experiments
import Kernel
import Models
import Testing

private let ns = Time.nanosecond, us = Time.microsecond, ms = Time.millisecond

/// IEEE 802.1AS clocks under Qbv gates: gates open on each bridge's local clock
/// (`Clocks`), so a bridge whose clock is off opens its windows early or late.
///
/// The schedule (on `TSNFixtures.line`): a 200 B class 7 frame every 1 ms, made at
/// 498.236 us (mod 1 ms), so that it reaches sw1 at 500 us; sw1 → sw2 has class 7's window
/// at [500 us, 500 us + L), sw2 → listener at [501.764 us, 501.764 us + L): no-wait, 5,292 ns
/// end to end when the clocks are perfect. Windows and frames sit mid-cycle, far from the
/// sync intervals' edges (multiples of 10 ms).
@Suite struct TimeSyncTests {
    typealias F = TSNFixtures
    static func plant(window length: SimTime, sync: TimeSyncSpec?) -> PlantSpec {
        var spec = F.line(
            hop1: PortTSN(gates: .protectedWindow(class: 7, cycle: ms, offset: 500 * us, length: length)),
            hop2: PortTSN(gates: .protectedWindow(class: 7, cycle: ms, offset: 501_764 * ns, length: length)))
        spec.flows = [F.lineFlow("motion", from: .talker, priority: 7,
                                 F.periodic(ms, size: 200, offset: 498_236 * ns))]
        spec.timeSync = sync
        return spec
    }

    /// Perfect clocks (no `timeSync`): with windows exactly one frame long (1,760 ns) every
    /// gate opens the picosecond its frame arrives and the frame just fits, so every one of
    /// 100 frames takes 5,292 ns. Made 1 ps later, a frame no longer fits on sw1 and waits
    /// one cycle: 1 ms + 5,292 ns − 1 ps.
    @Test func withPerfectClocksGatesAlignExactly() {
        let r = Runner.run(RunRequest(variant: "as", plant: Self.plant(window: 1_760 * ns, sync: nil), seed: 1,
                                      duration: 100 * ms))
        #expect(r.flows[0].delivered == 100)
        #expect(r.flows[0].latency?.min == 5_292 * ns && r.flows[0].latency?.max == 5_292 * ns)

        var late = Self.plant(window: 1_760 * ns, sync: nil)
        late.flows[0].sources[0].traffic.offset = .constant(Double(498_236 * ns + 1))
        let l = Runner.run(RunRequest(variant: "as", plant: late, seed: 1, duration: 100 * ms))
        #expect(l.flows[0].latency?.min == ms + 5_292 * ns - 1)
    }

    /// Clocks within ±P = 1 us of the grandmaster (drift 0, resynchronised every 10 ms), and
    /// windows of 1,760 ns + 2P. Let r1, r2 be sw1's and sw2's clock errors (local = global +
    /// r) in the frame's sync interval; the talker sends on grandmaster time. sw1's window
    /// opens at 500 us − r1: the frame (there at 500 us) starts at 500 us + max(0, −r1);
    /// sw2's opens at 501.764 us − r2, so the frame starts there at 501.764 us + max(0, −r1,
    /// −r2). It fits both windows (on sw1 it needs max(r1, 0) ≤ 2P, on sw2 r2 + max(0, −r1,
    /// −r2) ≤ 2P, both true for |r| ≤ P). So latency = 5,292 ns + max(0, −r1, −r2), checked
    /// frame by frame from the clocks' errors: the added variation lies within [0, P], inside
    /// the 2P that bounds the offset of any two synchronised clocks (a talker on its own
    /// clock would add its own error: at most 2P per pair of hops).
    @Test func withMicrosecondPrecisionTheAddedVariationStaysWithinTheBound() {
        let sync = TimeSyncSpec(precision: us, interval: 10 * ms, driftPPM: 0)
        let spec = Self.plant(window: 1_760 * ns + 2 * us, sync: sync)
        let rec = F.record(spec, until: Time.second, seed: 11)
        let clocks = Clocks(spec: spec, seed: 11, replication: 0)
        let got = rec.latencies(0)
        #expect(got.count == 1_000)
        let predicted = (0..<1_000).map { k -> SimTime in
            let t = SimTime(k) * ms + 500 * us
            let r1 = SimTime(clocks.error(node: 1, at: t).rounded()), r2 = SimTime(clocks.error(node: 2, at: t).rounded())
            return 5_292 * ns + max(0, -r1, -r2)
        }
        #expect(got == predicted)
        let spread = got.max()! - got.min()!
        #expect(got.min() == 5_292 * ns)
        #expect(spread <= sync.precision && spread <= 2 * sync.precision)
        #expect(spread > 800 * ns)  // the clocks' errors do show
        let r = Runner.run(RunRequest(variant: "as", plant: spec, seed: 11, duration: Time.second))
        #expect(r.flows[0].latency?.max == got.max() && r.flows[0].dropped == 0)
    }

    /// The same windows (sized for ±1 us) on clocks only within ±20 us: a bridge whose clock
    /// runs more than 2 us ahead has closed its window before the frame comes, and the frame
    /// waits a whole cycle. Jitter grows from under 1 us to about a cycle, and frames miss
    /// a 100 us deadline.
    @Test func aSloppierClockMissesWindowsAndJitterGrows() {
        func run(_ precision: SimTime) -> FlowResult {
            var spec = Self.plant(window: 1_760 * ns + 2 * us, sync: TimeSyncSpec(precision: precision, interval: 10 * ms))
            spec.flows[0].deadline = 100 * us
            return Runner.run(RunRequest(variant: "as", plant: spec, seed: 11, duration: Time.second)).flows[0]
        }
        let good = run(us), sloppy = run(20 * us)
        #expect(good.latency!.max - good.latency!.min <= us)
        #expect(good.deadlineMisses == 0)
        #expect(sloppy.latency!.max - sloppy.latency!.min > 900 * us)
        #expect(sloppy.deadlineMisses > 100)
        #expect(sloppy.latency!.stddev > 100 * good.latency!.stddev)
    }

    /// The clock model itself: each node's error is uniform in ±precision right after a
    /// correction (mean 0, variance P²/3), it drifts by at most `driftPPM` between
    /// corrections, stays within `TimeSyncSpec.bound`, and `global` inverts `local` (the
    /// first global time at which the local clock reads at least a value).
    @Test func clockErrorsAreWithinTheirBounds() {
        var spec = Self.plant(window: us, sync: TimeSyncSpec(precision: us, interval: ms, driftPPM: 10))
        let clocks = Clocks(spec: spec, seed: 5, replication: 0)
        let bound = Double(spec.timeSync!.bound)
        #expect(spec.timeSync!.bound == us + 10 * ns)  // 1 us + 10e-6 × 1 ms
        var sum = 0.0, squares = 0.0, n = 0.0
        for node in 0..<spec.nodes.count {
            for k in 0..<2_000 {
                let start = SimTime(k) * ms
                let e0 = clocks.error(node: node, at: start), e1 = clocks.error(node: node, at: start + ms - 1)
                #expect(abs(e0) <= Double(us))
                #expect(abs(e1) <= bound)
                #expect(abs(e1 - e0) <= 10e-6 * Double(ms))
                sum += e0
                squares += e0 * e0
                n += 1
            }
        }
        let p = Double(us)
        #expect(abs(sum / n) < 4 * p / (3.0.squareRoot() * n.squareRoot()))  // 4 standard errors
        #expect(abs(squares / n / (p * p / 3) - 1) < 0.05)
        for node in 0..<spec.nodes.count {
            for reading in stride(from: 3 * ms + 17, to: 9 * ms, by: 333_333_333) {
                let g = clocks.global(node: node, reading: reading, from: 0)
                #expect(clocks.local(node: node, at: g) >= reading)
                #expect(clocks.local(node: node, at: g - 1) < reading)
            }
        }
        // Perfect clocks: local time is global time.
        spec.timeSync = nil
        let perfect = Clocks(spec: spec, seed: 5, replication: 0)
        #expect(perfect.local(node: 1, at: 123_456_789) == 123_456_789)
        #expect(perfect.global(node: 1, reading: 5 * ms, from: 0) == 5 * ms)
    }
}
