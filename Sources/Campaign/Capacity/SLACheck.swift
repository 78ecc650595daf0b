import Analysis
import Experiments
import Reporting
import Scenario

/// One constraint of an SLA on one flow, judged over the replications of one design at
/// one scale.
///
/// It holds with confidence `level` when the two-sided Student-t interval of the mean
/// over replications lies on the right side of the limit: for an upper limit (`<`, `<=`)
/// its high end is below the limit, for a lower limit (`>`, `>=`) its low end above it.
/// A figure undefined in some replication (a latency with no frame delivered, an
/// availability the flow does not measure) makes the constraint fail.
public struct ConstraintCheck: Sendable {
    public var flow: String
    public var constraint: SLA.Constraint
    /// Over the replications where the figure is defined (nil when it is in none).
    public var estimate: Estimate?
    /// Replications in which the figure is undefined.
    public var undefined: Int
    public var holds: Bool

    public init(flow: String, constraint: SLA.Constraint, estimate: Estimate?, undefined: Int, holds: Bool) {
        self.flow = flow
        self.constraint = constraint
        self.estimate = estimate
        self.undefined = undefined
        self.holds = holds
    }

    /// The end of the interval compared with the limit (the mean with one replication).
    public var bound: Double? {
        guard let e = estimate, e.count > 0 else { return nil }
        return (constraint.comparison.isUpperLimit ? e.high : e.low) ?? e.mean
    }

    /// Room left to the limit, in the metric's units: positive when the constraint holds
    /// (limit − high end for an upper limit, low end − limit for a lower one).
    public var margin: Double? {
        guard let b = bound else { return nil }
        return constraint.comparison.isUpperLimit ? constraint.limit - b : b - constraint.limit
    }

    /// The margin as a share of the limit (of 1 for a zero limit): how close to binding.
    public var relativeMargin: Double {
        guard let m = margin else { return -.infinity }
        return m / (constraint.limit == 0 ? 1 : abs(constraint.limit))
    }
}

extension SLA {
    /// The end-to-end row of each flow of a run: one-way, or a request flow's round trip.
    static func endToEndRows(_ run: RunResult) -> [String: FlowResult] {
        var rows: [String: FlowResult] = [:]
        for f in run.flows where f.source == nil && (f.leg == .oneWay || f.leg == .roundTrip) { rows[f.flow] = f }
        return rows
    }

    /// Judges every constraint on every matching flow over `replications` (the runs of one
    /// design at one scale), at confidence `level`; in clause, flow (file order) and
    /// constraint order.
    public func check(_ replications: [RunResult], level: Double) -> [ConstraintCheck] {
        let rows = replications.map(Self.endToEndRows)
        let names = FlowRank.names(replications)
        let columns = ResultTables.flows + ResultTables.bridgeFlows
        var out: [ConstraintCheck] = []
        for clause in clauses {
            for flow in names where Glob.matches(clause.flows, flow) {
                for k in clause.constraints {
                    guard let column = columns.first(where: { $0.name == k.metric.column }) else { continue }
                    let values = rows.map { $0[flow].flatMap { column.cell($0).value } }
                    let defined = values.compactMap { $0 }
                    let estimate = defined.isEmpty ? nil : Estimate(defined, level: level)
                    var check = ConstraintCheck(flow: flow, constraint: k, estimate: estimate,
                                                undefined: values.count - defined.count, holds: false)
                    if check.undefined == 0, let b = check.bound { check.holds = k.comparison.holds(b, k.limit) }
                    out.append(check)
                }
            }
        }
        return out
    }
}
