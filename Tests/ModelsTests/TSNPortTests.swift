import Analysis
import Experiments
import Kernel
import Models
import Testing

private let ns = Time.nanosecond, us = Time.microsecond, ms = Time.millisecond

/// The TSN mechanisms together: a run with gates, credit-based shapers, preemption and
/// 802.1AS clocks is deterministic. (Each mechanism's validation: `QbvTests`, `CBSTests`,
/// `PreemptionTests`, `TimeSyncTests`.)
@Suite struct TSNPortTests {
    typealias F = TSNFixtures
    /// `TSNFixtures.line` with every mechanism on both scheduled hops: class 7's window
    /// (100 us per 1 ms, length-aware), a 200 Mbit/s shaper on class 3, classes 7 and 6
    /// express; clocks within ±1 us drifting up to 10 ppm. Traffic: motion (class 7, 200 B
    /// every 500 us with jitter), video (class 3, Poisson 1000–1500 B, ~100 Mbit/s) from the
    /// talker; best effort (class 0, Poisson 64–1522 B, ~0.5 of the line) from `cross`.
    static func mixedPlant() -> PlantSpec {
        let tsn = PortTSN(gates: .protectedWindow(class: 7, cycle: ms, offset: 0, length: 100 * us),
                          idleSlopes: [0, 0, 0, 200_000_000],
                          preemption: Preemption(express: 1 << 7 | 1 << 6))
        var spec = F.line(hop1: tsn, hop2: tsn)
        spec.timeSync = TimeSyncSpec(precision: us, interval: 10 * ms, driftPPM: 10)
        spec.flows = [
            F.lineFlow("motion", from: .talker, priority: 7, TrafficSpec(
                pattern: .periodic(period: 500 * us, jitter: .uniform(low: 0, high: Double(20 * us))),
                size: .constant(200))),
            F.lineFlow("video", from: .talker, priority: 3, TrafficSpec(
                pattern: .poisson(meanGap: Double(100 * us)), size: .uniform(low: 1000, high: 1500))),
            F.lineFlow("best-effort", from: .cross, priority: 1, TrafficSpec(
                pattern: .poisson(meanGap: Double(12 * us)), size: .uniform(low: 64, high: 1522))),
        ]
        return spec
    }

    @Test func aTSNRunIsDeterministic() {
        let spec = Self.mixedPlant()
        func run(_ seed: UInt64) -> RunResult {
            Runner.run(RunRequest(variant: "tsn", plant: spec, seed: seed, duration: 200 * ms))
        }
        let a = run(1), b = run(1), c = run(2)
        #expect(a.flows == b.flows)
        #expect(a.ports == b.ports)
        #expect(a.events == b.events)
        #expect(a.flows != c.flows)
        #expect(a.flows.allSatisfy { $0.delivered > 300 })
        let x = F.record(spec, until: 200 * ms), y = F.record(spec, until: 200 * ms)
        #expect(x.deliveries == y.deliveries)
        #expect(x.preemptions == y.preemptions && x.credits == y.credits && x.gateHeld == y.gateHeld)
        #expect(!x.preemptions.isEmpty && x.gateHeld > 0 && x.credits.count == 2)
    }
}
