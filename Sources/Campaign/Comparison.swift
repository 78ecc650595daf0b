import Analysis
import Experiments
import Scenario

/// What ranks the designs: a flow metric, over the end-to-end rows (one-way, or the round
/// trip of a request flow) of the flows whose name matches `flows` — by default the flows
/// with a deadline, or every flow when none has one. A design's value is the mean over
/// those rows of each row's mean over replications.
public struct Objective: Sendable, Equatable {
    public var metric: String
    /// A shell-style glob over flow names; nil: the default flows.
    public var flows: String?

    public static let defaultMetric = "latency_p99_s"

    public init(metric: String = Objective.defaultMetric, flows: String? = nil) {
        self.metric = metric
        self.flows = flows
    }

    /// `METRIC` or `METRIC:FLOW-GLOB`.
    public init(parsing text: String) {
        if let colon = text.firstIndex(of: ":") {
            self.init(metric: String(text[..<colon]), flows: String(text[text.index(after: colon)...]))
        } else {
            self.init(metric: text)
        }
    }
}

/// A design's figure minus the base design's, on one pooled flow row, paired replication
/// by replication (common random numbers).
public struct Difference: Sendable {
    public var design: String
    public var flow: String
    public var leg: String
    public var metric: String
    /// Replications in which both designs have the figure (the pairs).
    public var n: Int
    /// Means over the pairs.
    public var baseMean: Double
    public var designMean: Double
    /// The paired estimate of design − base.
    public var paired: Estimate
    /// What the same pairs would give unpaired (Welch), for contrast.
    public var unpairedHalfWidth: Double?
    public var verdict: Verdict
}

/// A flow with a deadline, in one design.
public struct DeadlineFigure: Sendable {
    public var flow: String
    public var leg: String
    /// No replication had a deadline miss.
    public var met: Bool
    /// deadline_misses / sent per replication, over replications.
    public var missRatio: Estimate
}

/// A flow with a survival time (TS 22.104 availability), in one design.
public struct AvailabilityFigure: Sendable {
    public enum Status: String, Sendable { case met, missed, uncertain }
    public var flow: String
    public var leg: String
    public var availability: Estimate
    /// Against `--availability`: met when the interval lies at or above the target,
    /// missed when below it, uncertain when it straddles it; nil without a target.
    public var status: Status?
}

/// One design's place in the comparison.
public struct Standing: Sendable {
    public var design: String
    /// 1 for the best objective value.
    public var rank: Int
    /// The objective value (nil: no chosen row has the figure).
    public var objective: Double?
    /// The rows that went into it.
    public var objectiveRows: Int
    public var deadlines: [DeadlineFigure]
    public var availability: [AvailabilityFigure]
}

/// `fnsim compare`: every design against the first (the base), on common random numbers.
public struct Comparison: Sendable {
    /// The metrics compared when none are named.
    public static let defaultMetrics = [
        "latency_mean_s", "latency_p99_s", "latency_p9999_s", "latency_max_s", "jitter_s", "loss_ratio",
        "deadline_misses", "availability", "throughput_bps",
    ]

    public var level: Double
    public var replications: Int
    public var base: String
    public var metrics: [String]
    public var objective: Objective
    /// Whether the default objective fell on the flows with a deadline.
    public var objectiveUsesDeadlines: Bool
    /// Design by design (base excluded), row by row (the base's order), metric by metric.
    public var differences: [Difference]
    /// In design order; `rank` gives the order of merit.
    public var standings: [Standing]

    public init(_ run: ReplicatedRun, metrics: [String] = Comparison.defaultMetrics, objective: Objective = Objective(),
                availabilityTarget: Double? = nil, level: Double = 0.95) {
        let replicated = run.replicated
        let flows = replicated.flows
        self.level = level
        replications = replicated.replications
        base = replicated.designs.first ?? ""
        self.metrics = metrics
        self.objective = objective

        // The rows with a deadline, per design (a variant may change deadlines).
        let deadlineRows: [Set<[String]>] = run.runs.map { results in
            var keys = Set<[String]>()
            for r in results {
                for f in r.flows where f.source == nil && f.deadline != nil { keys.insert([f.flow, f.leg.rawValue]) }
            }
            return keys
        }
        objectiveUsesDeadlines = objective.flows == nil && deadlineRows.contains { !$0.isEmpty }

        var differences: [Difference] = []
        let baseRows = flows.designs.first ?? []
        for d in flows.designs.indices.dropFirst() {
            for baseRow in baseRows where baseRow.key[2].isEmpty {
                guard let row = flows.row(design: d, key: baseRow.key) else { continue }
                for metric in metrics {
                    guard let m = flows.metric(metric) else { continue }
                    let pairs: [(Double, Double)] = zip(baseRow.values(m), row.values(m)).compactMap { a, b in a.flatMap { a in b.map { (a, $0) } } }
                    guard !pairs.isEmpty else { continue }
                    let a = pairs.map(\.0), b = pairs.map(\.1)
                    let paired = Estimate.paired(a, b, level: level)
                    differences.append(Difference(
                        design: replicated.designs[d], flow: baseRow.key[0], leg: baseRow.key[1], metric: metric,
                        n: pairs.count, baseMean: Estimate(a, level: level).mean, designMean: Estimate(b, level: level).mean,
                        paired: paired, unpairedHalfWidth: Estimate.welchHalfWidth(a, b, level: level),
                        verdict: Verdict(paired, direction: MetricDirection(metric: metric))))
                }
            }
        }
        self.differences = differences

        let misses = flows.metric("deadline_misses"), sent = flows.metric("sent")
        let availability = flows.metric("availability"), om = flows.metric(objective.metric)
        let usesDeadlines = objectiveUsesDeadlines
        var standings: [Standing] = flows.designs.enumerated().map { d, rows in
            let pooled = rows.filter { $0.key[2].isEmpty }
            let endToEnd = pooled.filter { $0.key[1] == Leg.oneWay.rawValue || $0.key[1] == Leg.roundTrip.rawValue }
            let chosen = endToEnd.filter { row in
                if let glob = objective.flows { return Glob.matches(glob, row.key[0]) }
                return !usesDeadlines || deadlineRows[d].contains(Array(row.key.prefix(2)))
            }
            let means = om.map { m in chosen.map { $0.estimate(m, level: level) }.filter { $0.count > 0 }.map(\.mean) } ?? []
            let deadlines: [DeadlineFigure] = pooled.filter { deadlineRows[d].contains(Array($0.key.prefix(2))) }.map { row in
                let perReplication: [Double] = (0..<row.replications).compactMap { r in
                    guard let misses, let sent, let s = row.value(sent, replication: r), s > 0 else { return nil }
                    return (row.value(misses, replication: r) ?? 0) / s
                }
                let met = misses.map { m in row.values(m).allSatisfy { ($0 ?? 0) == 0 } } ?? true
                return DeadlineFigure(flow: row.key[0], leg: row.key[1], met: met,
                                      missRatio: Estimate(perReplication, level: level))
            }
            let figures: [AvailabilityFigure] = availability.map { a in
                pooled.compactMap { row in
                    let e = row.estimate(a, level: level)
                    guard e.count > 0 else { return nil }
                    var status: AvailabilityFigure.Status?
                    if let target = availabilityTarget {
                        let low = e.low ?? e.mean, high = e.high ?? e.mean
                        status = low >= target ? .met : high < target ? .missed : .uncertain
                    }
                    return AvailabilityFigure(flow: row.key[0], leg: row.key[1], availability: e, status: status)
                }
            } ?? []
            return Standing(design: replicated.designs[d], rank: 0,
                            objective: means.isEmpty ? nil : means.reduce(0, +) / Double(means.count),
                            objectiveRows: means.count, deadlines: deadlines, availability: figures)
        }
        let direction = MetricDirection(metric: objective.metric)
        let order = standings.indices.sorted { i, j in
            switch (standings[i].objective, standings[j].objective) {
            case let (a?, b?) where a != b: return direction.prefers(a, over: b)
            case (.some, nil): return true
            case (nil, .some): return false
            default: return i < j
            }
        }
        for (place, i) in order.enumerated() { standings[i].rank = place + 1 }
        self.standings = standings
    }
}
