import Kernel
import Models
import Testing

/// The network-calculus arithmetic against formulas computed by hand.
@Suite struct NetworkCalculusTests {
    /// One 1 Gbit/s port (20 B overhead, 50 ns propagation) and three classes, all frames
    /// periodic without jitter (a burst of one frame):
    /// - class 7: 105 B (125 B = 1,000 bits on the wire) every 5 us: 200 Mbit/s;
    /// - class 5: two flows of 230 B (2,000 bits) every 10 us: 200 Mbit/s each;
    /// - class 2: 1500 B (12,160 bits) every 1 ms.
    /// Textbook strict priority, non-preemptive (rate-latency R = C − r_H,
    /// T = (L_lower + b_H)/R, delay T + b/R):
    /// - class 7: R = 1 Gbit/s, T = 12,160 bits / 1 Gbit/s = 12.16 us, b/R = 1 us: 13.16 us;
    /// - class 5: R = 800 Mbit/s, T = (12,160 + 1,000) / 800M = 16.45 us, b/R = 4,000 / 800M
    ///   = 5 us: 21.45 us;
    /// - class 2: R = 400 Mbit/s, T = (1,000 + 4,000) / 400M = 12.5 us, b/R = 12,160 / 400M
    ///   = 30.4 us: 42.9 us;
    /// each plus 50 ns of propagation.
    static func textbookPlant() -> BoundPlant {
        var p = BoundPlant()
        let a = p.node("a"), b = p.node("b")
        p.link(a, b, rate: 1_000_000_000)
        p.flow("high", priority: 7, paths: [[a, b]], BoundPlant.periodic(105, every: 5 * Time.microsecond))
        p.flow("mid1", priority: 5, paths: [[a, b]], BoundPlant.periodic(230, every: 10 * Time.microsecond))
        p.flow("mid2", priority: 5, paths: [[a, b]], BoundPlant.periodic(230, every: 10 * Time.microsecond))
        p.flow("low", priority: 2, paths: [[a, b]], BoundPlant.periodic(1500, every: Time.millisecond))
        return p
    }

    @Test func singleHopStrictPriorityIsTheTextbookFormula() {
        let bounds = PlantBounds(Self.textbookPlant().spec)
        #expect(bounds.flows.map(\.bound) == [13_210_000, 21_500_000, 21_500_000, 42_950_000])
        #expect(bounds.flows[1].hops == [HopBound(port: 0, trafficClass: 5, switching: 0, queueing: 21_450_000,
                                                  propagation: 50_000)])
        #expect(bounds.converged && bounds.rounds == 2)
    }

    /// The pure functions: a token bucket through a rate-latency server, what is left
    /// after cross traffic, and the window of a gate.
    @Test func curves() {
        let rl = RateLatency(rate: 800e6, latency: 2_000_000)
        // 4,000 bits at 800 Mbit/s = 5 us after 2 us of latency.
        #expect(rl.delayBound(ArrivalCurve(burst: 4000, rate: 800e6)) == 7_000_000)
        #expect(rl.delayBound(ArrivalCurve(burst: 4000, rate: 800e6 + 1)) == .infinity)
        // [β − α]⁺ with α = 1,000 + 200M·t: rate 600M; at t = 2 us α = 1,400 bits, which the
        // rate 600M catches up in 2.333… us.
        let left = rl.leftOver(after: ArrivalCurve(burst: 1000, rate: 200e6))
        #expect(left.rate == 600e6)
        #expect(abs(left.latency - (2_000_000 + 1400 / 600e6 * 1e12)) < 1e-3)
        // α(t + 3 us): 1,000 + 200M · 3 us = 1,600 bits.
        #expect(ArrivalCurve(burst: 1000, rate: 200e6).delayed(by: 3_000_000) == ArrivalCurve(burst: 1600, rate: 200e6))
        // A 100 us window in a 1 ms cycle at 1 Gbit/s: 100 Mbit/s after 900 us, plus one
        // blocking frame of 12,160 bits (12.16 us).
        let w = PortService.window(link: 1e9, open: 100_000_000, cycle: 1_000_000_000, blocking: 12_160)
        #expect(w.rate == 100e6)
        #expect(w.latency == 900_000_000 + 12_160_000)
    }

    /// 802.3br: an express frame waits at most 123 octets + 8 of preamble and SMD + 12 of
    /// gap = 143 octets for addFragSize 0; 64 more per step of addFragSize.
    @Test func preemptionResidue() {
        #expect(PortService.preemptionResidueBytes(addFragSize: 0, overhead: 20) == 143)
        #expect(PortService.preemptionResidueBytes(addFragSize: 3, overhead: 20) == 143 + 192)
    }

    /// CBS (REFERENCE.md, Mohammadpour et al. 2018) at C = 1 Gbit/s with unshaped traffic
    /// above of r = 200 Mbit/s, b = 1,000 bits:
    /// class A, I_A = 500 Mbit/s: R_A = I_A(C − r)/(I_A − S_A) = 500M · 800M / 1G = 400 Mbit/s;
    /// L_nA = 12,160 bits (a 1500 B frame below), L = 12,160: T_A = (12,160 + 1,000 +
    /// 200M · 12,160 / 1G) / 800M = 15,592 bits / 800M = 19.49 us.
    /// class B, I_B = 100 Mbit/s: R_B = 100M · 800M / 1G = 80 Mbit/s; L_BE = 12,160, L_A =
    /// 2,000, L_nA·I_A/(C − I_A) = 12,160: T_B = (12,160 + 2,000 + 12,160 + 1,000 + 2,432) /
    /// 800M = 29,752 bits / 800M = 37.19 us.
    @Test func creditBasedShaperFormula() {
        let cdt = ArrivalCurve(burst: 1000, rate: 200e6)
        let a = PortService.creditBasedA(link: 1e9, idleSlope: 500e6, higher: cdt, belowA: 12_160, largest: 12_160)
        #expect(a.rate == 400e6)
        #expect(abs(a.latency - 19_490_000) < 1e-3)
        let b = PortService.creditBasedB(link: 1e9, idleSlope: 100e6, idleSlopeA: 500e6, higher: cdt, belowB: 12_160,
                                         classA: 2000, belowA: 12_160, largest: 12_160)
        #expect(abs(b.rate - 80e6) < 1e-6)
        #expect(abs(b.latency - 37_190_000) < 1e-3)
        // Without CDT class A's service is R = I_A, T = L_nA / C (REFERENCE.md).
        let alone = PortService.creditBasedA(link: 1e9, idleSlope: 500e6, higher: .zero, belowA: 12_160, largest: 12_160)
        #expect(alone == RateLatency(rate: 500e6, latency: 12_160_000))
    }

    /// The same classes as loads of a port: the port's bound of class A is T_A + b_A/R_A
    /// with b_A = 4,000 bits: 19.49 + 10 = 29.49 us (to within the picosecond the bound
    /// keeps for the simulation's rounding of credit waits), and of class B with b_B =
    /// 1,000 bits: 37.19 + 12.5 = 49.69 us.
    @Test func creditBasedPortBound() {
        var spec = PortSpec(name: "p", node: 0, peerNode: 1, rateBitsPerSecond: 1_000_000_000, propagation: 0)
        spec.tsn = PortTSN(idleSlopes: [0, 0, 0, 100_000_000, 0, 500_000_000, 0, 0])
        var load = [ClassLoad](repeating: .empty, count: 8)
        load[7] = ClassLoad(bits: ArrivalCurve(burst: 1000, rate: 200e6), frames: ArrivalCurve(burst: 1, rate: 2e5),
                            largest: 1000)
        load[5] = ClassLoad(bits: ArrivalCurve(burst: 4000, rate: 100e6), frames: ArrivalCurve(burst: 2, rate: 5e4),
                            largest: 2000)
        load[3] = ClassLoad(bits: ArrivalCurve(burst: 1000, rate: 10e6), frames: ArrivalCurve(burst: 1, rate: 1e4),
                            largest: 1000)
        load[2] = ClassLoad(bits: ArrivalCurve(burst: 12_160, rate: 12.16e6), frames: ArrivalCurve(burst: 1, rate: 1e3),
                            largest: 12_160)
        let q = QueueBounds.analyse(port: spec, name: "p", load: load)
        #expect(abs(q[5].delay - 29_490_000) < 200, "\(q[5].delay)")
        #expect(abs(q[3].delay - 49_690_000) < 200, "\(q[3].delay)")
        // Class 7 above the shapers: strict priority behind a 12,160-bit frame: 13.16 us.
        #expect(abs(q[7].delay - 13_160_000) < 1e-3)
    }

    /// 802.1Qbv protected window for class 7: 100 us at offset 0 of every 1 ms at 1 Gbit/s.
    /// Class 7 (frames of 1,000 bits, b = 2,000 bits) gets its window less the length of
    /// its largest frame, which may not fit at the end (length-aware): W = 99 us, R =
    /// 99 Mbit/s, T = 1 ms − 99 us = 901 us; no blocking (no other gate is open with it);
    /// delay 901 us + 2,000 bits / 99 Mbit/s.
    /// Class 2 (1500 B frames, b = 12,160 bits) gets the other 900 us, less one frame:
    /// W = 887.84 us, T = 112.16 us, R = 887.84 Mbit/s.
    @Test func protectedWindow() {
        let gcl = GateControlList.protectedWindow(class: 7, cycle: Time.millisecond, offset: 0,
                                                  length: 100 * Time.microsecond)
        #expect(QueueBounds.openIntervals(gcl, 0x80) == [100_000_000])
        #expect(QueueBounds.openIntervals(gcl, 0x04) == [900_000_000])
        let offset = GateControlList.protectedWindow(class: 7, cycle: Time.millisecond, offset: 300 * Time.microsecond,
                                                     length: 100 * Time.microsecond)
        #expect(QueueBounds.openIntervals(offset, 0x04) == [900_000_000])  // joined across the cycle's end
        var spec = PortSpec(name: "p", node: 0, peerNode: 1, rateBitsPerSecond: 1_000_000_000, propagation: 0)
        spec.tsn = PortTSN(gates: gcl)
        var load = [ClassLoad](repeating: .empty, count: 8)
        load[7] = ClassLoad(bits: ArrivalCurve(burst: 2000, rate: 2e6), frames: ArrivalCurve(burst: 2, rate: 2e3),
                            largest: 1000)
        load[2] = ClassLoad(bits: ArrivalCurve(burst: 12_160, rate: 100e6), frames: ArrivalCurve(burst: 1, rate: 8e3),
                            largest: 12_160)
        let q = QueueBounds.analyse(port: spec, name: "p", load: load)
        #expect(abs(q[7].delay - (901_000_000 + 2000 / 99e6 * 1e12)) < 1e-3, "\(q[7].delay)")
        #expect(abs(q[2].delay - (112_160_000 + 12_160 / 887.84e6 * 1e12)) < 1e-3, "\(q[2].delay)")
        // Frames of class 7 all of one size (1 us) fill the window exactly: W = 100 us, R =
        // 100 Mbit/s, T = 900 us, delay 900 us + 2,000 bits / 100 Mbit/s = 920 us.
        load[7].smallest = 1000
        let fixed = QueueBounds.analyse(port: spec, name: "p", load: load)
        #expect(abs(fixed[7].delay - 920_000_000) < 1e-3, "\(fixed[7].delay)")
    }

    /// 802.1Qbu: express class 7 behind preemptable class 2 waits at most 143 octets
    /// (1,144 bits): 1.144 us + its own 1,000 bits = 2.144 us, instead of 13.16 us behind a
    /// whole 1500 B frame. Preemptable class 2 yields to express traffic and pays 24 octets
    /// for each preemption: R = 1G − 200M = 800M, b_H = 1,000 + 192 (one frame's
    /// preemption), r_H = 200M + 192 · 200k = 238.4 Mbit/s.
    @Test func preemptionBlocking() {
        var spec = PortSpec(name: "p", node: 0, peerNode: 1, rateBitsPerSecond: 1_000_000_000, propagation: 0)
        spec.tsn = PortTSN(preemption: Preemption(express: 0x80))
        var load = [ClassLoad](repeating: .empty, count: 8)
        load[7] = ClassLoad(bits: ArrivalCurve(burst: 1000, rate: 200e6), frames: ArrivalCurve(burst: 1, rate: 2e5),
                            largest: 1000)
        load[2] = ClassLoad(bits: ArrivalCurve(burst: 12_160, rate: 12.16e6), frames: ArrivalCurve(burst: 1, rate: 1e3),
                            largest: 12_160)
        let q = QueueBounds.analyse(port: spec, name: "p", load: load)
        #expect(abs(q[7].delay - 2_144_000) < 1e-3)
        let r = 1e9 - 238.4e6
        #expect(abs(q[2].delay - (1192 + 12_160) / r * 1e12) < 1e-3, "\(q[2].delay)")
    }

    /// The arrival curves hold for the sources' own send times: at most burst + rate·t
    /// frames in every window, counted over 20,000 sends of each pattern.
    @Test(arguments: [
        TrafficPattern.periodic(period: 10 * Time.microsecond, jitter: .uniform(low: 0, high: 7_000_000)),
        .periodic(period: 10 * Time.microsecond, jitter: .exponential(mean: 5_000_000)),
        .constantRate(gap: 3_333_333.3),
        .onOff(on: .exponential(mean: 1e8), off: .exponential(mean: 1e8), gap: 2_000_000.5),
        .burst(every: .uniform(low: 5e7, high: 6e7), count: 5, spacing: 10_000_000),
        .burst(every: .uniform(low: 1e7, high: 2e7), count: 5, spacing: 10_000_000),
        .burst(every: .exponential(mean: 1e8), count: 4, spacing: 1_000_000),
    ])
    func arrivalCurvesHold(pattern: TrafficPattern) throws {
        let traffic = TrafficSpec(pattern: pattern, size: .constant(100), offset: .uniform(low: 0, high: 1e6))
        let curve = try SourceCurves.frames(traffic).get()
        var source = Source(flow: 0, node: 0, priority: 0, maxFrameBytes: 1500, traffic: traffic)
        let rng = RandomStream(seed: 3, replication: 0, name: "curve")
        var times: [SimTime] = []
        var t = source.firstSend(rng)
        while let now = t, times.count < 20_000 {
            times.append(now)
            t = source.nextSend(after: now, rng)
        }
        // Every window that starts at a send and ends at a later one.
        var worst = 0.0
        for i in times.indices {
            for j in i..<Swift.min(times.count, i + 40) {
                let allowed = curve.burst + curve.rate * Double(times[j] - times[i]) / 1e12
                worst = Swift.max(worst, Double(j - i + 1) - allowed)
            }
        }
        #expect(worst <= 1e-9, "\(pattern): \(worst) frames above the curve \(curve)")
    }

    /// Poisson and trace sources have no finite curve, nor bursts that may touch.
    @Test func unboundedSources() {
        func fails(_ p: TrafficPattern) -> Bool {
            (try? SourceCurves.frames(TrafficSpec(pattern: p, size: .constant(100))).get()) == nil
        }
        #expect(fails(.poisson(meanGap: 1e6)))
        #expect(fails(.trace(times: [0, 5], sizes: [100, 100])))
        #expect(fails(.burst(every: .exponential(mean: 1e6), count: 3, spacing: 0)))
        #expect(!fails(.burst(every: .exponential(mean: 1e6), count: 3, spacing: 1000)))
    }
}
