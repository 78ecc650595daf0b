import Analysis
import Experiments
import Foundation
import Kernel
import Models
import Testing

/// The statistics against M/M/1 theory (one link, Poisson arrivals, exponential sizes,
/// load 0.5), beyond the mean: the sojourn time T is exponential with rate mu - lambda,
/// so its standard deviation equals its mean, its p-quantile is -ln(1 - p) / (mu - lambda),
/// and P(T > d) = exp(-(mu - lambda) d). The time-average number waiting is
/// Lq = rho^2 / (1 - rho) (and Little's law ties it to the mean wait).
@Suite struct StatisticsTests {
    static let rho = 0.5
    static let service = 8e6  // ps: 1000 B at 1 Gbit/s
    static var rateGap: Double { service / (1 - rho) }  // 1 / (mu - lambda), ps

    static let run: RunResult = {
        let traffic = TrafficSpec(pattern: .poisson(meanGap: service / rho), size: .exponential(mean: 1000))
        var spec = Fixtures.singleLink(rate: 1_000_000_000, flows: [("f", 0, traffic)])
        spec.flows[0].deadline = SimTime(3 * rateGap)  // P(T > 3/(mu-lambda)) = e^-3
        let duration = SimTime(2_000_000 * service / rho)
        return Runner.run(RunRequest(variant: "base", plant: spec, seed: 21, duration: duration,
                                     warmup: duration / 20))
    }()

    @Test func standardDeviationEqualsMean() throws {
        let l = try #require(Self.run.flows[0].latency)
        #expect(abs(l.stddev / Self.rateGap - 1) < 0.03, "sd \(l.stddev), theory \(Self.rateGap)")
    }

    @Test func percentilesMatchTheExponential() throws {
        let l = try #require(Self.run.flows[0].latency)
        for (q, simulated) in [(50.0, l.p50), (90.0, l.p90), (99.0, l.p99)] {
            let theory = -Foundation.log(1 - q / 100) * Self.rateGap
            #expect(abs(Double(simulated) / theory - 1) < 0.03, "p\(q): \(simulated) vs \(theory)")
        }
    }

    @Test func deadlineMissesMatchTheTail() {
        let f = Self.run.flows[0]
        let fraction = Double(f.deadlineMisses) / Double(f.delivered)
        let theory = Foundation.exp(-3.0)
        #expect(abs(fraction / theory - 1) < 0.04, "miss fraction \(fraction), theory \(theory)")
    }

    @Test func timeAverageQueueMatchesLq() {
        let lq = Self.rho * Self.rho / (1 - Self.rho)
        #expect(abs(Self.run.ports[0].queueMeanFrames / lq - 1) < 0.03, "Lq \(Self.run.ports[0].queueMeanFrames)")
        // Bytes waiting: Lq frames of mean size 1000 B.
        #expect(abs(Self.run.ports[0].queueMeanBytes / (lq * 1000) - 1) < 0.03)
    }

    /// Throughput is the offered load: rho × 1 Gbit/s.
    @Test func throughputMatchesLoad() {
        #expect(abs(Self.run.flows[0].throughputBitsPerSecond / (Self.rho * 1e9) - 1) < 0.01)
    }

    /// IPDV of periodic frames over an idle link is zero; with a constant-size,
    /// constant-rate competitor it stays within one frame time.
    @Test func ipdvOfAnUncontendedPeriodicFlowIsZero() {
        let traffic = TrafficSpec(pattern: .periodic(period: Time.millisecond, jitter: nil), size: .constant(200))
        let spec = Fixtures.singleLink(rate: 1_000_000_000, flows: [("f", 0, traffic)])
        let r = Runner.run(RunRequest(variant: "base", plant: spec, seed: 1, duration: 100 * Time.millisecond))
        #expect(r.flows[0].meanAbsIPDV == 0)
        #expect(r.flows[0].latency?.stddev == 0)
    }
}
