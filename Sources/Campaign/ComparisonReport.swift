import Experiments
import Foundation
import Reporting

/// The outputs of `fnsim compare`: a terminal report, tidy CSV and JSON.
public enum ComparisonReport {
    /// compare.csv: one record per (design, flow leg, metric), the base excluded.
    public static let csvHeader = [
        "design", "flow", "leg", "metric", "base_mean", "design_mean", "difference", "half_width", "ci_low", "ci_high",
        "unpaired_half_width", "verdict", "n",
    ]

    public static func csv(_ c: Comparison) -> String {
        var out = CSV.record(csvHeader)
        for d in c.differences {
            out += CSV.record([
                d.design, d.flow, d.leg, d.metric, number(d.baseMean), number(d.designMean), number(d.paired.mean),
                number(d.paired.halfWidth), number(d.paired.low), number(d.paired.high), number(d.unpairedHalfWidth),
                d.verdict.rawValue, String(d.n),
            ])
        }
        return out
    }

    /// The terminal report: ranking, deadlines and availability per design, then the
    /// differences to the base of the chosen flows — only the significant ones unless `all`.
    public static func table(_ c: Comparison, selection: FlowSelection = FlowSelection(), all: Bool = false,
                             availabilityTarget: Double? = nil) -> String {
        var out = "compared \(c.standings.count) designs against '\(c.base)' on common random numbers: "
            + Format.count(c.replications, "replication") + " each, " + Format.percent(c.level, digits: 3)
            + " confidence\n\n"

        var ranking = TextTable(alignments: [.right, .left, .right, .left, .left])
        ranking.heading("ranking by " + objectiveText(c))
        ranking.add(["rank", "design", c.objective.metric, "deadlines met", "availability"
            + (availabilityTarget.map { " (target " + Format.availability($0) + ")" } ?? "")])
        ranking.rule()
        for s in c.standings.sorted(by: { $0.rank < $1.rank }) {
            let met = s.deadlines.filter(\.met).count
            let deadlines = s.deadlines.isEmpty ? "no deadlines" : "\(met) of \(s.deadlines.count)"
            ranking.add([String(s.rank), s.design,
                         s.objective.map { Format.value($0, Format.Measure(column: c.objective.metric)) } ?? Format.missing,
                         deadlines, availabilityText(s, target: availabilityTarget)])
        }
        out += ranking.render()

        // What each design missed: deadlines (with the miss ratio) and availability
        // targets, at most `listed` lines a design.
        let listed = 5
        var missed: [String] = []
        for s in c.standings {
            var lines: [String] = []
            for f in s.deadlines where !f.met {
                lines.append("  \(s.design): \(label(f.flow, f.leg)) missed its deadline; miss ratio "
                             + Format.interval(f.missRatio.mean, f.missRatio.halfWidth, .fraction))
            }
            for f in s.availability where f.status == .missed || f.status == .uncertain {
                lines.append("  \(s.design): \(label(f.flow, f.leg)) availability "
                             + Format.interval(f.availability.mean, f.availability.halfWidth, .availability)
                             + (f.status == .missed ? " is below the target" : " may be below the target (the interval straddles it)"))
            }
            missed += lines.prefix(listed)
            if lines.count > listed {
                missed.append("  \(s.design): and \(lines.count - listed) more (compare.json of --out DIR lists them all)")
            }
        }
        if !missed.isEmpty { out += "\n" + missed.joined(separator: "\n") + "\n" }

        // Differences of the chosen flows.
        let names = c.differences.reduce(into: [String]()) { if $0.last != $1.flow && !$0.contains($1.flow) { $0.append($1.flow) } }
        let chosen = selection.choose(names) { rank($0, c) }
        let shownFlows = Set(chosen.shown)
        var diff = TextTable(alignments: [.left, .left, .left, .right, .right, .right, .right, .left])
        diff.heading("differences design − \(c.base) (± paired half-width; ± unpaired for contrast)"
                     + (all ? "" : "; significant only"))
        diff.add(["design", "flow", "metric", c.base, "design", "difference", "unpaired ±", "verdict"])
        diff.rule()
        var hidden = 0, shown = 0
        for d in c.differences where shownFlows.contains(d.flow) {
            guard all || d.verdict.isSignificant else {
                hidden += 1
                continue
            }
            shown += 1
            let measure = Format.Measure(column: d.metric)
            diff.add([d.design, label(d.flow, d.leg), d.metric, Format.value(d.baseMean, measure),
                      Format.value(d.designMean, measure), Format.interval(d.paired.mean, d.paired.halfWidth, measure),
                      d.unpairedHalfWidth.map { "± " + Format.value($0, measure) } ?? Format.missing, d.verdict.rawValue])
        }
        if shown == 0 { diff.add(["(none)"]) }
        out += "\n" + diff.render()
        var notes: [String] = []
        if hidden > 0 {
            notes.append(Format.count(hidden, "row") + " without a significant difference hidden; --all shows them")
        }
        if let left = chosen.leftOut(pattern: selection.pattern) {
            notes.append(left + " not shown (--top all or --flows GLOB; --out DIR writes every row to compare.csv)")
        }
        if !notes.isEmpty { out += "(" + notes.joined(separator: "; ") + ")\n" }
        return out
    }

    /// How the objective is computed, in words.
    static func objectiveText(_ c: Comparison) -> String {
        let rows = c.objective.flows.map { "the flows matching '\($0)'" }
            ?? (c.objectiveUsesDeadlines ? "the flows with a deadline" : "all flows")
        return c.objective.metric + ": the mean over " + rows + " (end-to-end rows) of each flow's mean over replications"
    }

    static func availabilityText(_ s: Standing, target: Double?) -> String {
        guard !s.availability.isEmpty else { return "-" }
        guard target != nil else {
            let worst = s.availability.min { $0.availability.mean < $1.availability.mean }!
            return "lowest " + Format.availability(worst.availability.mean)
        }
        let met = s.availability.filter { $0.status == .met }.count
        return "\(met) of \(s.availability.count) flows meet it"
    }

    static func label(_ flow: String, _ leg: String) -> String { leg == "one-way" ? flow : flow + " · " + leg }

    /// Flows with a significant difference first (most of them first), then the file's order.
    static func rank(_ names: [String], _ c: Comparison) -> [String] {
        var count: [String: Int] = [:]
        for d in c.differences where d.verdict.isSignificant { count[d.flow, default: 0] += 1 }
        return names.enumerated().sorted { a, b in
            let x = count[a.element] ?? 0, y = count[b.element] ?? 0
            return x != y ? x > y : a.offset < b.offset
        }.map(\.element)
    }

    static func number(_ x: Double?) -> String { x.flatMap { Numbers.decimal($0) } ?? "" }

    // MARK: - JSON

    struct Document: Encodable {
        var replications: Int
        var level: Double
        var base: String
        var objective: ObjectiveJSON
        var designs: [DesignJSON]
        var differences: [DifferenceJSON]
    }

    struct ObjectiveJSON: Encodable {
        var metric: String
        var flows: String?
        var description: String
    }

    struct EstimateJSON: Encodable {
        var n: Int
        var mean: Double?
        var halfWidth: Double?
        var low: Double?
        var high: Double?
        init(_ e: Estimate) {
            n = e.count
            mean = e.mean.isFinite ? e.mean : nil
            halfWidth = e.halfWidth
            low = e.low
            high = e.high
        }
        enum CodingKeys: String, CodingKey { case n, mean, halfWidth = "half_width", low = "ci_low", high = "ci_high" }
    }

    struct DeadlineJSON: Encodable {
        var flow: String, leg: String, met: Bool, missRatio: EstimateJSON
        enum CodingKeys: String, CodingKey { case flow, leg, met, missRatio = "miss_ratio" }
    }

    struct AvailabilityJSON: Encodable {
        var flow: String, leg: String, availability: EstimateJSON, target: String?
    }

    struct DesignJSON: Encodable {
        var design: String, rank: Int, objective: Double?, objectiveRows: Int
        var deadlines: [DeadlineJSON], availability: [AvailabilityJSON]
        enum CodingKeys: String, CodingKey {
            case design, rank, objective, objectiveRows = "objective_rows", deadlines, availability
        }
    }

    struct DifferenceJSON: Encodable {
        var design: String, flow: String, leg: String, metric: String, n: Int
        var baseMean: Double, designMean: Double, difference: EstimateJSON, unpairedHalfWidth: Double?, verdict: String
        enum CodingKeys: String, CodingKey {
            case design, flow, leg, metric, n, baseMean = "base_mean", designMean = "design_mean", difference,
                 unpairedHalfWidth = "unpaired_half_width", verdict
        }
    }

    public static func json(_ c: Comparison) -> String {
        let doc = Document(
            replications: c.replications, level: c.level, base: c.base,
            objective: ObjectiveJSON(metric: c.objective.metric, flows: c.objective.flows, description: objectiveText(c)),
            designs: c.standings.map { s in
                DesignJSON(design: s.design, rank: s.rank, objective: s.objective, objectiveRows: s.objectiveRows,
                           deadlines: s.deadlines.map { DeadlineJSON(flow: $0.flow, leg: $0.leg, met: $0.met,
                                                                     missRatio: EstimateJSON($0.missRatio)) },
                           availability: s.availability.map {
                               AvailabilityJSON(flow: $0.flow, leg: $0.leg, availability: EstimateJSON($0.availability),
                                                target: $0.status?.rawValue)
                           })
            },
            differences: c.differences.map { d in
                DifferenceJSON(design: d.design, flow: d.flow, leg: d.leg, metric: d.metric, n: d.n,
                               baseMean: d.baseMean, designMean: d.designMean, difference: EstimateJSON(d.paired),
                               unpairedHalfWidth: d.unpairedHalfWidth, verdict: d.verdict.rawValue)
            })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(doc)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
