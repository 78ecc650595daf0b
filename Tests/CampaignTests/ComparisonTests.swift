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
}
