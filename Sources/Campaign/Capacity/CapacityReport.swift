import Reporting

/// The results of a capacity study as a console table, a tidy CSV of the curve, or JSON.
public enum CapacityReport {
    /// Designs ranked by headroom with their limit, binding constraint and evaluations;
    /// then each design's curve, one line per evaluated value with its tightest constraint.
    public static func table(_ study: CapacityStudy, _ designs: [CapacityStudy.DesignCapacity]) -> String {
        let s = study.scale
        var out = "Capacity of \(s.path) (start \(s.text(s.start)) from \(s.origin)): the largest value at which "
            + "every constraint holds at \(Format.percent(study.level)) confidence, \(study.replications) "
            + "replications each\nSLA: \(study.sla.text)\n\n"
        var t = TextTable(alignments: [.left, .right, .right, .right, .left, .right])
        t.add(["design", "start", "limit", "headroom", "binding constraint", "evaluations"])
        t.rule()
        for d in CapacityStudy.ranked(designs) {
            t.add([d.design, s.text(d.start), d.limit.map(s.text) ?? Format.missing,
                   d.headroom.map { Format.number($0, digits: 3) + "x" } ?? Format.missing,
                   binding(d, study), String(d.evaluations)])
        }
        out += t.render()
        for d in designs {
            out += "\n\(d.design): \(d.reason)\n"
            guard let f = d.finding, !f.steps.isEmpty else { continue }
            var c = TextTable(alignments: [.right, .left, .left])
            for step in f.curve {
                let pick = step.holds ? step.checks.min { $0.relativeMargin < $1.relativeMargin }
                    : step.checks.filter { !$0.holds }.min { $0.relativeMargin < $1.relativeMargin }
                let what = [pick?.summary(replications: study.replications), step.note].compactMap { $0 }
                c.add(["\(s.label)=\(s.text(step.scale))", step.holds ? "holds" : "fails",
                       what.joined(separator: "; ")])
            }
            out += c.render().split(separator: "\n", omittingEmptySubsequences: false)
                .map { $0.isEmpty ? "" : "  " + $0 }.joined(separator: "\n")
        }
        return out.hasSuffix("\n") ? out : out + "\n"
    }

    /// The binding constraint of a design, with the value where it failed.
    static func binding(_ d: CapacityStudy.DesignCapacity, _ study: CapacityStudy) -> String {
        guard let f = d.finding else { return d.skipped ?? "" }
        guard let b = f.binding, let at = f.failing else {
            return f.failingStep?.note ?? (f.limit == nil ? "never holds" : "none (\(f.reason))")
        }
        let missed = b.margin.map { ", missed by " + b.constraint.metric.format(-$0) } ?? ""
        return b.summary(replications: study.replications) + " at \(study.scale.label)=\(study.scale.text(at))" + missed
    }

    /// The header of the curve's CSV.
    public static let csvColumns = ["design", "scale", "flow", "metric", "mean", "ci_low", "ci_high", "limit", "holds"]

    /// The curve, tidy: one row per design, evaluated scale, flow and constraint, in
    /// design order and increasing scale. Figures in SI units (seconds, bit/s, fractions);
    /// `metric` is the flows.csv column; `limit` the SLA's; `holds` whether the constraint
    /// held at the confidence level.
    public static func csv(_ designs: [CapacityStudy.DesignCapacity]) -> String {
        var out = CSV.record(csvColumns)
        func num(_ x: Double?) -> String { x.flatMap { Numbers.decimal($0) } ?? "" }
        for d in designs {
            for step in d.finding?.curve ?? [] {
                for c in step.checks {
                    out += CSV.record([d.design, CapacitySearch.text(step.scale), c.flow, c.constraint.metric.column,
                                       num(c.estimate?.mean), num(c.estimate?.low), num(c.estimate?.high),
                                       num(c.constraint.limit), c.holds ? "true" : "false"])
                }
            }
        }
        return out
    }

    /// Everything as one JSON object: the study, then each design (ranked) with its limit,
    /// binding constraint and curve.
    public static func json(_ study: CapacityStudy, _ designs: [CapacityStudy.DesignCapacity]) -> String {
        let s = study.scale
        func members(_ c: ConstraintCheck) -> [(String, JSONValue)] {
            [
                ("flow", .string(c.flow)), ("metric", .string(c.constraint.metric.name)),
                ("column", .string(c.constraint.metric.column)), ("op", .string(c.constraint.comparison.rawValue)),
                ("limit", .double(c.constraint.limit)), ("mean", .number(c.estimate?.mean)),
                ("ci_low", .number(c.estimate?.low)), ("ci_high", .number(c.estimate?.high)),
                ("undefined_replications", .int(Int64(c.undefined))), ("margin", .number(c.margin)),
                ("holds", .bool(c.holds)),
            ]
        }
        let ranked = CapacityStudy.ranked(designs)
        let items: [JSONValue] = ranked.enumerated().map { rank, d in
            .object([
                ("design", .string(d.design)), ("rank", .int(Int64(rank + 1))), ("start", .double(d.start)),
                ("limit", .number(d.limit)), ("headroom", .number(d.headroom)),
                ("failing", .number(d.finding?.failing)), ("reason", .string(d.reason)),
                ("evaluations", .int(Int64(d.evaluations))),
                ("binding", d.finding?.binding.map { .object([("at", .number(d.finding?.failing))] + members($0)) }
                    ?? .null),
                ("curve", .array((d.finding?.curve ?? []).map { step in
                    .object([("scale", .double(step.scale)), ("holds", .bool(step.holds)),
                             ("note", .text(step.note)), ("checks", .array(step.checks.map { .object(members($0)) }))])
                })),
            ])
        }
        return JSONWriter.render(.object([
            ("scale", .object([("path", .string(s.path)), ("unit", .string(s.unit)), ("integer", .bool(s.integer)),
                               ("start", .double(s.start)), ("start_from", .string(s.origin))])),
            ("sla", .string(study.sla.text)), ("confidence", .double(study.level)),
            ("replications", .int(Int64(study.replications))), ("designs", .array(items)),
        ]))
    }
}
