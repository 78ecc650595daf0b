import FactoryNet
import Testing

/// The SLA language of `fnsim capacity --sla`: what it reads, and where it points at a mistake.
@Suite("Capacity: SLA language")
struct CapacitySLATests {
    @Test func readsTheIssueExample() throws {
        let text = "control: p99.99 < 1ms, loss < 1e-5; vision: availability > 99.999%"
        let sla = try SLA(parsing: text)
        #expect(sla.clauses.map(\.flows) == ["control", "vision"])
        #expect(sla.clauses.map(\.column) == [1, 37])
        let c = sla.clauses[0].constraints, v = sla.clauses[1].constraints
        #expect(c.map(\.metric.column) == ["latency_p9999_s", "loss_ratio"])
        #expect(c.map(\.comparison) == [.less, .less])
        #expect(abs(c[0].limit - 1e-3) < 1e-15 && c[1].limit == 1e-5)
        #expect(c.map(\.column) == [10, 24])
        #expect(v[0].metric.column == "availability" && v[0].comparison == .greater)
        #expect(abs(v[0].limit - 0.99999) < 1e-12)
    }

    @Test func readsEveryMetricKindAndOperator() throws {
        let sla = try SLA(parsing: "io-*:mean<=250us,throughput >= 10Mbps , misses < 1, latency_p50_s<1ms, "
                          + "jitter > 0ns, p99.90 < 2ms, max<=1s, p50 < 1ms;")
        let k = sla.clauses[0].constraints
        #expect(sla.clauses.count == 1 && sla.clauses[0].flows == "io-*")
        #expect(k.map(\.metric.column) == ["latency_mean_s", "throughput_bps", "deadline_misses", "latency_p50_s",
                                           "jitter_s", "latency_p999_s", "latency_max_s", "latency_p50_s"])
        #expect(k.map(\.comparison) == [.lessOrEqual, .greaterOrEqual, .less, .less, .greater, .less, .lessOrEqual, .less])
        #expect(abs(k[0].limit - 250e-6) < 1e-18 && k[1].limit == 10e6 && k[2].limit == 1)
        #expect(k[1].metric.kind == .rate && k[2].metric.kind == .number && k[0].metric.kind == .time)
    }

    @Test func percentilesMapToTheReportedColumns() throws {
        for (p, column) in [("p50", "latency_p50_s"), ("p90", "latency_p90_s"), ("p99", "latency_p99_s"),
                            ("p99.9", "latency_p999_s"), ("p99.99", "latency_p9999_s"),
                            ("p99.999", "latency_p99999_s")] {
            #expect(try SLA(parsing: "f: \(p) < 1ms").clauses[0].constraints[0].metric.column == column)
        }
    }

    /// Each mistake: its column (1-based) in the text, and words of the message.
    @Test(arguments: [
        ("control: p99.9x < 1ms", 10, ["unknown metric 'p99.9x'", "expected mean", "did you mean"]),
        ("control: p95 < 1ms", 10, ["percentile 'p95' is not reported", "p99.99"]),
        ("control: p99 < 1", 16, ["the limit of 'p99'", "unit such as 250us"]),
        ("control: p99 < 1 ms", 16, []),
        ("control: p99 < 1sec", 16, ["unknown time unit 'sec'"]),
        ("control p99 < 1ms", 1, ["expected 'FLOW-GLOB: constraint"]),
        ("control: p99 = 1ms", 14, ["use <= or >="]),
        ("control: p99 =< 1ms", 14, ["did you mean '<='?"]),
        ("control: p99 1ms", 14, ["expected <, <=, > or >="]),
        ("control: p99 <", 14, ["missing the limit"]),
        (": p99 < 1ms", 1, ["missing the flow"]),
        ("", 1, ["the SLA is empty"]),
        ("a: mean < 1ms; ; b: max < 1ms", 16, ["empty clause"]),
        ("control: loss < 2", 17, ["not a probability"]),
        ("control: availability > 99.999", 25, ["not a probability"]),
        ("control: leg < 1", 10, ["'leg' is a text column"]),
        ("control: mean < 1ms,, max < 2ms", 21, ["missing a constraint"]),
        ("control: < 1ms", 10, ["missing the metric"]),
        ("io 1: mean < 1ms", 1, ["holds a space"]),
        ("control: misses < few", 19, ["expected a plain number"]),
        ("control: throughput > 10", 23, ["rate with a unit"]),
    ] as [(String, Int, [String])])
    func refusesWithColumn(text: String, column: Int, words: [String]) {
        do {
            let sla = try SLA(parsing: text)
            // "1 ms" (a space before the unit) is read; everything else must be refused.
            #expect(words.isEmpty, "accepted '\(text)': \(sla.clauses.count) clauses")
        } catch {
            #expect(!words.isEmpty, "refused '\(text)': \(error)")
            #expect(error.column == column, "'\(text)': \(error)")
            #expect(error.description.hasPrefix("--sla: column \(column): "), "\(error)")
            for w in words { #expect(error.message.contains(w), "'\(text)': \(error.message)") }
        }
    }

    @Test func globMustMatchAFlow() throws {
        let sla = try SLA(parsing: "io-*: p99 < 1ms; contrl: mean < 1ms")
        #expect(throws: Never.self) { try SLA(parsing: "io-*: p99 < 1ms").check(flows: ["io-1", "control"]) }
        do {
            try sla.check(flows: ["io-1", "io-2", "control"])
            Issue.record("a glob that matches nothing was accepted")
        } catch {
            #expect(error.column == 18)
            #expect(error.message == "no flow matches 'contrl'; did you mean 'control'?")
        }
    }

    @Test func availabilityNeedsAFlowThatMeasuresIt() throws {
        let sla = try SLA(parsing: "cam*: availability >= 99.9%")
        do {
            try sla.check(flows: ["cam1", "cam2"]) { $0 == "cam1" }
            Issue.record("availability on a flow without a survival time was accepted")
        } catch {
            #expect(error.column == 7 && error.message.contains("flow 'cam2' reports no availability"))
        }
    }

    /// The confidence rule: an upper limit holds when the interval's high end is below it,
    /// a lower limit when its low end is above it; an undefined figure fails.
    @Test func judgesTheIntervalNotTheMean() throws {
        let sla = try SLA(parsing: "f: mean < 10us, throughput > 1Mbps")
        func run(meanUs: Double?, bps: Double) -> RunResult {
            let latency = meanUs.map {
                LatencySummary(min: 0, mean: $0 * 1e6, p50: 0, p90: 0, p99: 0, p999: 0, p9999: 0, p99999: 0,
                               max: 0, stddev: 0)
            }
            let f = FlowResult(flow: "f", sent: 100, delivered: latency == nil ? 0 : 100, dropped: 0,
                               throughputBitsPerSecond: bps, latency: latency, meanAbsIPDV: nil, deadlineMisses: 0)
            return RunResult(variant: "base", flows: [f], ports: [], events: 0, simulated: 0, wallSeconds: 0,
                             stopReason: .endTime)
        }
        // Means 8, 9, 10 us: mean 9, half-width t(2)·1/√3 = 2.48 us: high end 11.5 us > 10 us.
        let wide = sla.check([run(meanUs: 8, bps: 2e6), run(meanUs: 9, bps: 2e6), run(meanUs: 10, bps: 2e6)],
                             level: 0.95)
        #expect(wide.count == 2)
        #expect(!wide[0].holds && abs(wide[0].estimate!.mean - 9e-6) < 1e-15)
        #expect(abs(wide[0].bound! - (9 + 4.302653 / 3.0.squareRoot()) * 1e-6) < 1e-11)
        #expect(wide[1].holds && wide[1].margin! == 1e6)
        // Narrower spread: 8.9, 9, 9.1 us: high end 9.25 us < 10 us.
        let narrow = sla.check([run(meanUs: 8.9, bps: 2e6), run(meanUs: 9, bps: 2e6), run(meanUs: 9.1, bps: 2e6)],
                               level: 0.95)
        #expect(narrow[0].holds)
        // Lower limit: throughputs 1.1, 1.2, 1.3 Mbit/s have a low end below 1 Mbit/s.
        let low = sla.check([run(meanUs: 9, bps: 1.1e6), run(meanUs: 9, bps: 1.2e6), run(meanUs: 9, bps: 1.3e6)],
                            level: 0.95)
        #expect(!low[1].holds && low[1].bound! < 1e6)
        // Nothing delivered in one replication: the latency is undefined there, and fails.
        let lost = sla.check([run(meanUs: 1, bps: 2e6), run(meanUs: nil, bps: 2e6), run(meanUs: 1, bps: 2e6)],
                             level: 0.95)
        #expect(!lost[0].holds && lost[0].undefined == 1)
    }
}
