import Analysis
import Experiments
import Kernel
import Models
import Testing

/// The Ethernet port against queueing theory: one link fed by Poisson arrivals is an
/// M/G/1 queue whose service time is the frame's transmission time.
@Suite struct QueueingTheoryTests {
    static let rate: Int64 = 1_000_000_000  // 1 Gbit/s: 1000 B take 8 us
    static let meanBytes = 1000.0
    static var meanService: Double { meanBytes * 8 / Double(rate) * 1e12 }  // ps

    /// Mean time in system from a long run at load `rho`, averaged over the frames delivered.
    static func meanSojourn(rho: Double, size: Distribution, frames: Double, seed: UInt64) -> (Double, FlowResult) {
        let gap = meanService / rho
        let traffic = TrafficSpec(pattern: .poisson(meanGap: gap), size: size)
        let spec = Fixtures.singleLink(rate: rate, flows: [("f", 0, traffic)])
        let duration = SimTime(frames * gap)
        let r = Runner.run(RunRequest(variant: "base", plant: spec, seed: seed, duration: duration,
                                      warmup: duration / 20))
        return (r.flows[0].latency!.mean, r.flows[0])
    }

    /// M/M/1: W = 1 / (mu - lambda) = S / (1 - rho). Exponential sizes are rounded to
    /// whole bytes, which changes the mean service time by far less than the tolerance.
    @Test(arguments: [0.5, 0.8])
    func mm1MeanTimeInSystem(rho: Double) {
        let (w, flow) = Self.meanSojourn(rho: rho, size: .exponential(mean: Self.meanBytes),
                                         frames: rho < 0.6 ? 1_000_000 : 3_000_000, seed: 11)
        let theory = Self.meanService / (1 - rho)
        #expect(flow.dropped == 0)
        #expect(abs(w / theory - 1) < 0.02, "M/M/1 rho=\(rho): simulated \(w) ps, theory \(theory) ps")
    }

    /// M/D/1 (Pollaczek–Khinchine): W = S + rho S / (2 (1 - rho)).
    @Test(arguments: [0.5, 0.8])
    func md1MeanTimeInSystem(rho: Double) {
        let (w, _) = Self.meanSojourn(rho: rho, size: .constant(Self.meanBytes), frames: 1_000_000, seed: 12)
        let s = Self.meanService
        let theory = s + rho * s / (2 * (1 - rho))
        #expect(abs(w / theory - 1) < 0.02, "M/D/1 rho=\(rho): simulated \(w) ps, theory \(theory) ps")
    }

    /// Strict priority, two classes, non-preemptive (Cobham): with the high class first,
    /// Wq_k = W0 / ((1 - sigma_{k-1})(1 - sigma_k)), W0 = sum lambda_i E[S_i^2] / 2,
    /// sigma_k = load of classes 1..k. Deterministic service of 1000 B (E[S^2] = S^2).
    @Test func nonPreemptivePriority() {
        let s = Self.meanService
        let rhoHigh = 0.3, rhoLow = 0.5
        let high = TrafficSpec(pattern: .poisson(meanGap: s / rhoHigh), size: .constant(Self.meanBytes))
        let low = TrafficSpec(pattern: .poisson(meanGap: s / rhoLow), size: .constant(Self.meanBytes))
        let spec = Fixtures.singleLink(rate: Self.rate, flows: [("high", 7, high), ("low", 1, low)])
        let duration = SimTime(2_000_000 * s)
        let r = Runner.run(RunRequest(variant: "base", plant: spec, seed: 13, duration: duration,
                                      warmup: duration / 20))
        let w0 = (rhoHigh + rhoLow) * s / 2  // sum lambda_i S^2 / 2 = sum rho_i S / 2
        let wHigh = s + w0 / (1 - rhoHigh)
        let wLow = s + w0 / ((1 - rhoHigh) * (1 - rhoHigh - rhoLow))
        let simHigh = r.flows[0].latency!.mean, simLow = r.flows[1].latency!.mean
        #expect(abs(simHigh / wHigh - 1) < 0.02, "high: simulated \(simHigh), theory \(wHigh)")
        #expect(abs(simLow / wLow - 1) < 0.02, "low: simulated \(simLow), theory \(wLow)")
    }

    /// Utilization of the port equals the offered load.
    @Test func utilizationMatchesLoad() {
        let gap = Self.meanService / 0.6
        let traffic = TrafficSpec(pattern: .poisson(meanGap: gap), size: .constant(Self.meanBytes))
        let spec = Fixtures.singleLink(rate: Self.rate, flows: [("f", 0, traffic)])
        let r = Runner.run(RunRequest(variant: "base", plant: spec, seed: 14, duration: SimTime(400_000 * gap)))
        #expect(abs(r.ports[0].utilization - 0.6) < 0.01)
    }
}
