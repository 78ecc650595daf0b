import Analysis
import Experiments
import Kernel
import Models
import Testing

/// Traffic patterns against their definitions: counts and rates over a known span.
@Suite struct TrafficTests {
    static func sent(_ traffic: TrafficSpec, duration: SimTime = Time.second, seed: UInt64 = 1) -> FlowResult {
        let spec = Fixtures.singleLink(rate: 10_000_000_000, flows: [("f", 0, traffic)])
        return Runner.run(RunRequest(variant: "base", plant: spec, seed: seed, duration: duration)).flows[0]
    }

    @Test func periodicSendsOncePerPeriod() {
        let f = Self.sent(TrafficSpec(pattern: .periodic(period: Time.millisecond, jitter: nil), size: .constant(100),
                                      offset: .constant(Double(Time.millisecond) / 2)))
        #expect(f.sent == 1000)
    }

    /// Jitter delays each send from a fixed grid without drifting it.
    @Test func periodicJitterDoesNotDrift() {
        let f = Self.sent(TrafficSpec(pattern: .periodic(period: Time.millisecond,
                                                          jitter: .uniform(low: 0, high: Double(Time.millisecond) / 2)),
                                      size: .constant(100)))
        #expect(f.sent == 1000)
    }

    @Test func poissonRate() {
        let f = Self.sent(TrafficSpec(pattern: .poisson(meanGap: 1e8), size: .constant(100)), duration: 10 * Time.second)
        #expect(abs(Double(f.sent) - 100_000) < 4 * 100_000.0.squareRoot())
    }

    @Test func constantBitRateIsExact() {
        // 1000 B every 8 us = 1 Gbit/s of frames; 125,000 frames per second.
        let f = Self.sent(TrafficSpec(pattern: .constantRate(gap: 8e6), size: .constant(1000)))
        #expect(f.sent == 125_000)
    }

    /// On/off: the long-run fraction of time on is mean(on) / (mean(on) + mean(off)).
    @Test func onOffDutyCycle() {
        let f = Self.sent(TrafficSpec(pattern: .onOff(on: .exponential(mean: 1e9), off: .exponential(mean: 3e9), gap: 1e7),
                                      size: .constant(100)), duration: 20 * Time.second)
        let expected = 20e12 / 1e7 * 0.25
        #expect(abs(Double(f.sent) / expected - 1) < 0.05, "sent \(f.sent), expected about \(expected)")
    }

    @Test func burstsOfCount() {
        let f = Self.sent(TrafficSpec(pattern: .burst(every: .constant(1e10), count: 5, spacing: 1_000_000),
                                      size: .constant(100)))
        #expect(f.sent == 500)
    }

    @Test func traceReplaysExactly() {
        let times: [SimTime] = [0, 1_000_000, 1_000_000, 5_000_000]
        let f = Self.sent(TrafficSpec(pattern: .trace(times: times, sizes: [100, 200, 300, 400]), size: .constant(0)))
        #expect(f.sent == 4)
        #expect(f.delivered == 4)
        #expect(f.throughputBitsPerSecond == 1000 * 8)
    }

    @Test func stopTimeEndsASource() {
        let f = Self.sent(TrafficSpec(pattern: .periodic(period: Time.millisecond, jitter: nil), size: .constant(100),
                                      stop: 100 * Time.millisecond))
        #expect(f.sent == 101)  // sends at 0, 1, …, 100 ms (the stop time is inclusive)
    }
}

@Suite struct OnOffCarryTests {
    /// On periods much shorter than the gap: the rate while on still holds (1 frame per
    /// 100 us of on-time), instead of one frame per on period.
    @Test func shortOnPeriodsKeepTheRate() {
        let f = TrafficTests.sent(TrafficSpec(
            pattern: .onOff(on: .constant(1e6), off: .constant(1e6), gap: 1e8), size: .constant(100)))
        // 1 s: 0.5 s of on-time / 100 us = 5000 frames.
        #expect(abs(Double(f.sent) - 5000) <= 1)
    }
}
