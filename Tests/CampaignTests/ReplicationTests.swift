import FactoryNet
import Testing

@Suite struct ReplicationTests {
    /// Every table of `ResultTables.all` is summarised, each non-key column a metric; rows
    /// are matched by key; an undefined figure is left out and counted.
    @Test func everyTableAndColumnIsEstimated() async throws {
        let file = try ReplicationFixtures.load(ReplicationFixtures.uplink, variants: ["base", "faster"])
        let run = await Replications.run(ReplicationFixtures.requests(file), first: 3, count: 3)
        let r = run.replicated
        #expect(r.replications == 3 && run.first == 3)
        #expect(r.tables.map(\.name) == ResultTables.all.map(\.name))
        for (t, table) in zip(r.tables, ResultTables.all) {
            #expect(t.keys == table.keys)
            #expect(t.metrics == table.columns.filter { !table.keys.contains($0) })
        }
        // The run's replications are 3, 4, 5: the same as running replication 4 alone.
        var alone = ReplicationFixtures.requests(file)[1]
        alone.replication = 4
        let single = Runner.run(alone)
        let flows = r.flows
        let p99 = try #require(flows.metric("latency_p99_s"))
        let camera = try #require(flows.row(design: 1, key: ["camera", "one-way", ""]))
        #expect(camera.value(p99, replication: 1) == Double(single.flows.first { $0.flow == "camera" }!.latency!.p99) / 1e12)
        // The mean of three values, by hand.
        let values = camera.values(p99).map { $0! }
        let e = camera.estimate(p99, level: 0.95)
        #expect(e.count == 3 && abs(e.mean - values.reduce(0, +) / 3) < 1e-18)
        // Percentiles, availability and ports are all there; availability is undefined
        // without a survival time: n = 0, left out of summary.csv.
        let availability = try #require(flows.metric("availability"))
        #expect(camera.estimate(availability, level: 0.95).count == 0)
        #expect(try #require(r.table("ports")).designs[0].count == 10)
        let csv = SummaryCSV.render(r, level: 0.9)
        #expect(csv.contains("\nflows,faster,camera,one-way,,,,,,,,,,latency_p9999_s,3,"))
        #expect(!csv.contains(",availability,"))
        #expect(csv.contains("\nports,base,,,,sw,to-line,"))
    }

    /// Rows that appear in only some replications are matched by key, the others undefined.
    @Test func rowsAreMatchedByKey() throws {
        func run(_ flows: [String]) -> RunResult {
            RunResult(variant: "d", flows: flows.map {
                FlowResult(flow: $0, sent: 10, delivered: 10, dropped: 0, throughputBitsPerSecond: 1, latency: nil,
                           meanAbsIPDV: nil, deadlineMisses: 0)
            }, ports: [], events: 0, simulated: 0, wallSeconds: 0, stopReason: .endTime)
        }
        let r = Replicated([[run(["a", "b"]), run(["b"]), run(["c", "a"])]])
        let flows = r.flows
        #expect(flows.designs[0].map { $0.key[0] } == ["a", "b", "c"])
        let sent = try #require(flows.metric("sent"))
        #expect(flows.row(design: 0, key: ["a", "one-way", ""])!.values(sent) == [10, nil, 10])
        #expect(flows.row(design: 0, key: ["c", "one-way", ""])!.values(sent) == [nil, nil, 10])
        #expect(flows.row(design: 0, key: ["a", "one-way", ""])!.estimate(sent, level: 0.95).count == 2)
    }

    /// Sequential stopping stops at the first n at which the rule holds over replications
    /// 0..<n (recomputed here), whatever the parallelism; the figures are the same too.
    @Test func sequentialStoppingIsDeterministic() async throws {
        let file = try ReplicationFixtures.load(ReplicationFixtures.uplink, variants: ["base"])
        let rule = StoppingRule(precision: 0.02, metrics: ["latency_mean_s"], minimum: 3, maximum: 40)
        let one = await Replications.run(ReplicationFixtures.requests(file), count: 3, rule: rule, jobs: 1)
        let four = await Replications.run(ReplicationFixtures.requests(file), count: 3, rule: rule, jobs: 4)
        let n = one.replicated.replications
        #expect(one.misses.isEmpty, "the rule was not met by \(rule.maximum): \(one.misses)")
        #expect(n > rule.minimum && n < rule.maximum, "n = \(n): choose a precision that needs a few more")
        #expect(four.replicated.replications == n)
        #expect(rule.firstSatisfied(one.replicated, level: 0.95) == n)
        #expect(!rule.misses(one.replicated, level: 0.95, prefix: n - 1).isEmpty)
        #expect(SummaryCSV.render(one.replicated, level: 0.95) == SummaryCSV.render(four.replicated, level: 0.95))
        // With one more replication the rule may hold or not: the stop is the first.
        let more = await Replications.run(ReplicationFixtures.requests(file), count: n + 1, jobs: 2)
        #expect(rule.firstSatisfied(more.replicated, level: 0.95) == n)
    }

    @Test func capWarnsWhichFiguresMissed() async throws {
        let file = try ReplicationFixtures.load(ReplicationFixtures.uplink, variants: ["base"])
        let rule = StoppingRule(precision: 1e-6, metrics: ["latency_p99_s"], minimum: 2, maximum: 3)
        let run = await Replications.run(ReplicationFixtures.requests(file), count: 2, rule: rule)
        #expect(run.replicated.replications == 3)
        #expect(Set(run.misses.map(\.flow)) == ["camera", "report"])
        #expect(run.misses.allSatisfy { $0.metric == "latency_p99_s" && $0.relativeHalfWidth! > 1e-6 })
    }

    @Test func intervalText() {
        #expect(Format.interval(41.234e-6, 1.2e-6, .time) == "41.2 ± 1.2 us")
        #expect(Format.interval(13.94e-6, 0.89e-6, .time) == "13.94 ± 0.89 us")
        #expect(Format.interval(13.62e-6, 0, .time) == "13.62 ± 0 us")
        #expect(Format.interval(0.0012, 0.00031, .fraction) == "0.120 ± 0.031 %")
        // As `Format.availability` writes 0.99999 alone: "99.99900 %".
        #expect(Format.interval(0.99999, 0.000004, .availability) == "99.99900 ± 0.00040 %")
        #expect(Format.interval(9998.4, 12.3, .plain) == "9998 ± 12")
        #expect(Format.interval(95, 0, .plain) == "95 ± 0")
        #expect(Format.interval(0, 0, .time) == "0 ± 0 s")
        #expect(Format.interval(94.21e6, 0.5e6, .rate) == "94.21 ± 0.50 Mbit/s")
        #expect(Format.interval(2e-3, nil, .time) == "2.000 ms")
        #expect(Format.interval(45, nil, .plain) == "45" && Format.value(12.3456, .plain) == "12.35")
    }
}
