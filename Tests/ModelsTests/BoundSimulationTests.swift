import Experiments
import Kernel
import Models
import Testing

/// The simulation never exceeds the network-calculus bounds: strict priority over several
/// hops and classes, a ring whose bounds depend on each other, and the TSN mechanisms.
@Suite struct BoundSimulationTests {
    @Test func singleHopStrictPriority() {
        NetworkCalculusTests.textbookPlant().checkSimulation()
    }

    /// Four talkers on sw1, one on sw2, a listener behind sw3, 100 Mbit/s: two-source
    /// motion control with jitter (class 7), cyclic I/O joining at sw2 (class 5), video in
    /// bursts of eight back-to-back 1400 B frames (class 3), bulk at 30 Mbit/s (class 2);
    /// switching delays of 2 us, 1–3 us (uniform) and 1 us.
    static func line() -> BoundPlant {
        var p = BoundPlant()
        let us = Time.microsecond, rate: Int64 = 100_000_000
        let sw1 = p.node("sw1", switch: true, delay: .constant(Double(2 * us)))
        let sw2 = p.node("sw2", switch: true, delay: .uniform(low: Double(us), high: Double(3 * us)))
        let sw3 = p.node("sw3", switch: true, delay: .constant(Double(us)))
        let t = (1...5).map { p.node("t\($0)") }, sink = p.node("sink")
        p.link(sw1, sw2, rate: rate)
        p.link(sw2, sw3, rate: rate)
        p.link(sw3, sink, rate: rate)
        for i in 0..<4 { p.link(t[i], sw1, rate: rate) }
        p.link(t[4], sw2, rate: rate)
        p.flow("motion", priority: 7, paths: [[t[0], sw1, sw2, sw3, sink], [t[1], sw1, sw2, sw3, sink]],
               BoundPlant.periodic(100, every: Time.millisecond, jitter: 20 * us))
        p.flow("io", priority: 5, paths: [[t[2], sw1, sw2, sw3, sink], [t[4], sw2, sw3, sink]],
               BoundPlant.periodic(200, every: 500 * us))
        p.flow("video", priority: 3, paths: [[t[3], sw1, sw2, sw3, sink]],
               TrafficSpec(pattern: .burst(every: .constant(Double(10 * Time.millisecond)), count: 8, spacing: 0),
                           size: .constant(1400), offset: .uniform(low: 0, high: 1e10)))
        p.flow("bulk", priority: 2, paths: [[t[0], sw1, sw2, sw3, sink]],
               TrafficSpec(pattern: .constantRate(gap: 1500 * 8 / 30e6 * 1e12), size: .uniform(low: 64, high: 1500)))
        return p
    }

    @Test func severalHopsAndClasses() {
        let bounds = Self.line().checkSimulation()
        #expect(bounds.converged)
        #expect(bounds.flows.allSatisfy { $0.bound != nil })
    }

    /// Four switches in a ring, each with a station that sends three hops clockwise: each
    /// ring link carries three flows that came from the links before it, so the bursts of
    /// each link depend on those of the one before, around the ring (a cyclic dependency,
    /// solved as a fixed point).
    @Test func ringFixedPoint() {
        var p = BoundPlant()
        let s = (0..<4).map { p.node("s\($0)", switch: true, delay: .constant(1_000_000)) }
        let h = (0..<4).map { p.node("h\($0)") }
        for i in 0..<4 {
            p.link(s[i], s[(i + 1) % 4], rate: 100_000_000)
            p.link(h[i], s[i], rate: 100_000_000)
        }
        for i in 0..<4 {
            let path = [h[i]] + (0...3).map { s[(i + $0) % 4] } + [h[(i + 3) % 4]]
            p.flow("f\(i)", priority: 5, paths: [path], BoundPlant.periodic(1000, every: 500 * Time.microsecond,
                                                                           jitter: 50 * Time.microsecond))
        }
        let bounds = p.checkSimulation()
        #expect(bounds.converged && bounds.rounds > 5)
    }

    /// A credit-based shaper (class A, 300 Mbit/s of 1 Gbit/s; class B, 100 Mbit/s) under
    /// unshaped class 7 and above best effort, over two hops.
    @Test func creditBasedShapers() {
        var p = BoundPlant()
        let us = Time.microsecond
        let tsn = PortTSN(idleSlopes: [0, 0, 0, 100_000_000, 0, 300_000_000, 0, 0])
        let a = p.node("a"), b = p.node("b"), sw = p.node("sw", switch: true, delay: .constant(Double(us))),
            sink = p.node("sink")
        p.link(a, sw, rate: 1_000_000_000, tsn: tsn)
        p.link(b, sw, rate: 1_000_000_000, tsn: tsn)
        p.link(sw, sink, rate: 1_000_000_000, tsn: tsn)
        p.flow("cdt", priority: 7, paths: [[a, sw, sink]], BoundPlant.periodic(200, every: 20 * us))
        p.flow("classA", priority: 5, paths: [[a, sw, sink], [b, sw, sink]],
               TrafficSpec(pattern: .burst(every: .constant(Double(150 * us)), count: 2, spacing: 0),
                           size: .constant(1000), offset: .uniform(low: 0, high: 1e8)))
        p.flow("classB", priority: 3, paths: [[b, sw, sink]], BoundPlant.periodic(1200, every: 250 * us))
        p.flow("best-effort", priority: 2, paths: [[a, sw, sink], [b, sw, sink]],
               TrafficSpec(pattern: .constantRate(gap: 1500 * 8 / 200e6 * 1e12), size: .constant(1500)))
        p.checkSimulation()
    }

    /// 802.1Qbv: class 7 alone in a 30 us window at the start of every 250 us cycle on both
    /// hops, everything else the rest of the time; bulk traffic in class 2 fills its part.
    @Test func protectedWindows() {
        var p = BoundPlant()
        let us = Time.microsecond
        let gates = GateControlList.protectedWindow(class: 7, cycle: 250 * us, offset: 0, length: 30 * us)
        let a = p.node("a"), sw = p.node("sw", switch: true, delay: .constant(Double(us))), sink = p.node("sink")
        p.link(a, sw, rate: 1_000_000_000, tsn: PortTSN(gates: gates))
        p.link(sw, sink, rate: 1_000_000_000, tsn: PortTSN(gates: gates, guardBand: .maxFrame))
        p.flow("scheduled", priority: 7, paths: [[a, sw, sink]], BoundPlant.periodic(300, every: 125 * us))
        p.flow("bulk", priority: 2, paths: [[a, sw, sink]],
               TrafficSpec(pattern: .constantRate(gap: 1500 * 8 / 500e6 * 1e12), size: .uniform(low: 64, high: 1500)))
        p.checkSimulation()
    }

    /// 802.1Qbu: express class 7 over preemptable 1500 B bulk frames; the express bound
    /// counts 143 octets of blocking, not a whole frame, and holds.
    @Test func preemption() {
        var p = BoundPlant()
        let us = Time.microsecond
        let tsn = PortTSN(preemption: Preemption(express: 0x80))
        let a = p.node("a"), sw = p.node("sw", switch: true, delay: .constant(Double(us))), sink = p.node("sink")
        p.link(a, sw, rate: 100_000_000, tsn: tsn)
        p.link(sw, sink, rate: 100_000_000, tsn: tsn)
        p.flow("express", priority: 7, paths: [[a, sw, sink]], BoundPlant.periodic(100, every: 100 * us, jitter: 7 * us))
        p.flow("bulk", priority: 2, paths: [[a, sw, sink]],
               TrafficSpec(pattern: .constantRate(gap: 1500 * 8 / 60e6 * 1e12), size: .uniform(low: 64, high: 1500)))
        let bounds = p.checkSimulation()
        // Per hop: 143 octets of blocking (11.44 us) and its own 120 octets (9.6 us) at most
        // once the burst of its jitter is counted; a whole 1520 B frame would be 121.6 us.
        #expect(bounds.flows[0].hops.allSatisfy { $0.queueing < 25 * us })
    }

    /// Four talkers on one switch at 100 Mbit/s meet at its port to the sink, with each
    /// mechanism in turn.
    static func star(_ tsn: PortTSN) -> (BoundPlant, [[Int]]) {
        var p = BoundPlant()
        let sw = p.node("sw", switch: true), sink = p.node("sink")
        let talkers = (0..<4).map { p.node("s\($0)") }
        for t in talkers { p.link(t, sw, rate: 100_000_000, tsn: tsn) }
        p.link(sw, sink, rate: 100_000_000, tsn: tsn)
        return (p, talkers.map { [$0, sw, sink] })
    }

    /// Class A (50 Mbit/s of 100) gets bursts of five 1200 B frames from each talker,
    /// under a jittered class 7 and above saturating best effort.
    @Test func creditBasedShaperContention() {
        let us = Time.microsecond
        var (p, paths) = Self.star(PortTSN(idleSlopes: [0, 0, 0, 0, 0, 50_000_000, 0, 0]))
        p.flow("cdt", priority: 7, paths: [paths[0]], BoundPlant.periodic(300, every: 250 * us, jitter: 100 * us))
        p.flow("A", priority: 5, paths: paths,
               TrafficSpec(pattern: .burst(every: .constant(Double(10 * Time.millisecond)), count: 5, spacing: 0),
                           size: .constant(1200), offset: .uniform(low: 0, high: 1e10)))
        p.flow("be", priority: 2, paths: paths,
               TrafficSpec(pattern: .constantRate(gap: 1500 * 8 / 10e6 * 1e12), size: .constant(1500)))
        p.checkSimulation(duration: 2 * Time.second)
    }

    /// Class 7's window (40 us of every 500 us) holds exactly four of its 120 B frames:
    /// the bound counts whole frames of one size in a window (⌊40 / 9.6⌋ = 4), and the four
    /// talkers fill it.
    @Test func windowFilledByFixedSizeFrames() {
        let us = Time.microsecond
        let gates = GateControlList.protectedWindow(class: 7, cycle: 500 * us, offset: 100 * us, length: 40 * us)
        var (p, paths) = Self.star(PortTSN(gates: gates))
        p.flow("scheduled", priority: 7, paths: paths, BoundPlant.periodic(100, every: 500 * us))
        p.flow("be", priority: 2, paths: paths,
               TrafficSpec(pattern: .constantRate(gap: 1500 * 8 / 15e6 * 1e12), size: .constant(1500)))
        let bounds = p.checkSimulation(duration: 2 * Time.second)
        #expect(bounds.flows[0].bound != nil)
    }

    /// Two express classes over two preemptable ones.
    @Test func preemptionContention() {
        let us = Time.microsecond
        var (p, paths) = Self.star(PortTSN(preemption: Preemption(express: 0xC0)))
        p.flow("x7", priority: 7, paths: paths, BoundPlant.periodic(64, every: 200 * us, jitter: 150 * us))
        p.flow("x6", priority: 6, paths: paths, BoundPlant.periodic(300, every: 400 * us))
        p.flow("p3", priority: 3, paths: paths, BoundPlant.periodic(1500, every: 2000 * us))
        p.flow("p2", priority: 2, paths: paths,
               TrafficSpec(pattern: .constantRate(gap: 1500 * 8 / 2.5e6 * 1e12), size: .uniform(low: 64, high: 1500)))
        p.checkSimulation(duration: 2 * Time.second)
    }
}
