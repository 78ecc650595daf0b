/// What tells two plans apart, in words, for the message refusing a store of another plan.
enum PlanDifference {
    static func describe(stored a: Plan, wanted b: Plan) -> [String] {
        var out: [String] = []
        if a.scenario != b.scenario || a.scenarioHash != b.scenarioHash {
            out.append("it is of scenario '\(a.scenario)' (hash \(a.scenarioHash)), this one of '\(b.scenario)' "
                + "(hash \(b.scenarioHash)): the scenario file, its overrides, seed or duration changed")
        }
        if a.parameters != b.parameters {
            out.append("it sweeps \(list(a.parameters)), this one \(list(b.parameters))")
        } else if a.points != b.points {
            if let i = zip(a.points, b.points).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset {
                out.append("its point \(i) is \(text(a.points[i])), this one's is \(text(b.points[i]))")
            } else {
                out.append("it has \(a.points.count) points, this one \(b.points.count)")
            }
        }
        if a.designs != b.designs {
            out.append("its designs are \(list(a.designs)), this one's \(list(b.designs))")
        }
        if a.replications != b.replications {
            out.append("it has \(a.replications) replications per design and point, this one \(b.replications)")
        }
        // Equal in every part shown yet another fingerprint: say so rather than nothing.
        return out.isEmpty ? ["its plan fingerprint differs"] : out
    }

    private static func list(_ names: [String]) -> String { names.isEmpty ? "nothing" : names.joined(separator: ", ") }

    private static func text(_ p: Point) -> String {
        p.settings.isEmpty ? "(no settings)" : p.settings.map(\.override).joined(separator: " ")
    }
}
