import FactoryNet
import Testing

/// Common random numbers: designs run on the same replication index draw the same
/// numbers, so a paired comparison cancels the shared noise.
@Suite struct ComparisonTests {
    static func compare(_ variants: [String], metrics: [String] = Comparison.defaultMetrics) async throws -> Comparison {
        let file = try ReplicationFixtures.load(ReplicationFixtures.uplink, variants: variants)
        let run = await Replications.run(ReplicationFixtures.requests(file), count: 10)
        return Comparison(run, metrics: metrics)
    }

    /// A variant that changes nothing measurable: every paired interval is exactly 0 ± 0
    /// ("same"), although the figures themselves vary between replications.
    @Test func identicalDesignsGiveZeroWidthIntervals() async throws {
        let c = try await Self.compare(["base", "same"])
        #expect(!c.differences.isEmpty)
        for d in c.differences {
            #expect(d.paired.mean == 0 && d.paired.halfWidth == 0, "\(d.flow) \(d.metric): \(d.paired)")
            #expect(d.verdict == .same, "\(d.flow) \(d.metric)")
        }
        // The figures do vary across replications: the zero width comes from the pairing.
        let p99 = try #require(c.differences.first { $0.flow == "camera" && $0.metric == "latency_p99_s" })
        #expect((p99.unpairedHalfWidth ?? 0) > 0)
        #expect(c.standings.map(\.rank) == [1, 2])
    }

    /// A faster uplink: for the Poisson flow that queues on it, the paired half-width of
    /// every latency metric is narrower than the unpaired (Welch) one on the same
    /// replications, and so is the mean latency of the periodic flow that shares the link
    /// (its p99 and jitter, set by a few frames per run, are hardly correlated between the
    /// designs: pairing gains little there). The faster design is better.
    @Test func pairingNarrowsTheIntervalOfDifferentDesigns() async throws {
        let camera = ["latency_mean_s", "latency_p50_s", "latency_p99_s", "latency_p9999_s", "latency_max_s", "jitter_s"]
        let c = try await Self.compare(["base", "faster"], metrics: camera)
        let latency = c.differences.filter {
            ($0.flow == "camera" && camera.contains($0.metric)) || ($0.flow == "report" && $0.metric == "latency_mean_s")
        }
        #expect(latency.count == 7)
        for d in latency {
            let unpaired = try #require(d.unpairedHalfWidth)
            let paired = try #require(d.paired.halfWidth)
            #expect(paired < unpaired, "\(d.flow) \(d.metric): paired ±\(paired), unpaired ±\(unpaired)")
        }
        let mean = try #require(latency.first { $0.flow == "camera" && $0.metric == "latency_mean_s" })
        #expect(mean.verdict == .better && mean.paired.high! < 0)
        // Ranked by the p99 of the flow with a deadline: the faster design first.
        #expect(c.objectiveUsesDeadlines)
        #expect(c.standings.first { $0.rank == 1 }?.design == "faster")
    }

    @Test func verdictFollowsTheMetricsDirection() {
        let down = Estimate([-3, -2, -2.5, -2.8])
        #expect(Verdict(down, direction: MetricDirection(metric: "latency_p99_s")) == .better)
        #expect(Verdict(down, direction: MetricDirection(metric: "availability")) == .worse)
        #expect(Verdict(down, direction: MetricDirection(metric: "sent")) == .lower)
        #expect(Verdict(Estimate([-1, 1, 0.5]), direction: .lowerIsBetter) == .noSignificantDifference)
        #expect(Verdict(Estimate([0, 0, 0]), direction: .lowerIsBetter) == .same)
        #expect(Verdict(Estimate([2]), direction: .lowerIsBetter) == .unknown)
    }

    /// Deadlines and availability targets per design, on hand-made results: design `a`
    /// never misses and is always up; `b` misses in two replications and is down 10 %.
    @Test func deadlinesAndAvailabilityTargets() {
        func run(_ design: String, p99: SimTime, misses: UInt64, down: SimTime) -> RunResult {
            let latency = LatencySummary(min: 1, mean: 2, p50: 2, p90: 3, p99: p99, p999: p99, p9999: p99, p99999: p99,
                                         max: p99, stddev: 1)
            let loop = FlowResult(flow: "loop", sent: 100, delivered: 100, dropped: 0, throughputBitsPerSecond: 1,
                                  latency: latency, meanAbsIPDV: nil, deadlineMisses: misses,
                                  availability: AvailabilityResult(observed: 1_000, down: down), deadline: 10)
            let bulk = FlowResult(flow: "bulk", sent: 100, delivered: 100, dropped: 0, throughputBitsPerSecond: 1,
                                  latency: latency, meanAbsIPDV: nil, deadlineMisses: 0)
            return RunResult(variant: design, flows: [loop, bulk], ports: [], events: 0, simulated: 0, wallSeconds: 0,
                             stopReason: .endTime)
        }
        let a = (0..<4).map { run("a", p99: 5 + SimTime($0), misses: 0, down: 0) }
        let b = zip([1, 0, 2, 0] as [UInt64], [100, 120, 90, 110] as [SimTime]).map { run("b", p99: 9, misses: $0, down: $1) }
        let c = Comparison(ReplicatedRun(runs: [a, b]), availabilityTarget: 0.999)
        #expect(c.objectiveUsesDeadlines)
        let sa = c.standings[0], sb = c.standings[1]
        #expect(sa.rank == 1 && sb.rank == 2)
        #expect(sa.objectiveRows == 1 && abs(sa.objective! - 6.5e-12) < 1e-24)  // p99 of `loop` only: (5+6+7+8)/4 ps
        #expect(sa.deadlines.count == 1 && sa.deadlines[0].met && sa.deadlines[0].missRatio.mean == 0)
        #expect(!sb.deadlines[0].met && abs(sb.deadlines[0].missRatio.mean - 0.0075) < 1e-12)
        #expect(sa.availability.map { $0.status } == [AvailabilityFigure.Status.met])
        #expect(sb.availability.map { $0.status } == [AvailabilityFigure.Status.missed])
        #expect(abs(sb.availability[0].availability.mean - 0.895) < 1e-12)
        let text = ComparisonReport.table(c, availabilityTarget: 0.999)
        #expect(text.contains("b: loop missed its deadline; miss ratio 0.8 ± 1.5 %"), "\(text)")
        #expect(text.contains("is below the target"))
    }
}
