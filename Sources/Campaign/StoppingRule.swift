import Experiments

/// Sequential stopping (Law, "Simulation Modeling and Analysis", 5th ed., §9.4.1, the
/// relative-error procedure): replicate until, for every chosen flow metric, the
/// confidence interval's half-width is at most `precision` times |mean|, on every pooled
/// flow row (every leg) of every design that has the figure; or until `maximum`.
public struct StoppingRule: Sendable, Equatable {
    /// The largest relative half-width allowed (0.05: ±5 % of the mean).
    public var precision: Double
    /// Columns of the flows table.
    public var metrics: [String]
    /// Replications run before the rule is first checked (at least 2).
    public var minimum: Int
    /// Replications at most.
    public var maximum: Int

    /// The metrics checked when none are named.
    public static let defaultMetrics = ["latency_mean_s", "latency_p99_s"]
    /// Replications before the first check when none are named.
    public static let defaultMinimum = 5

    public init(precision: Double, metrics: [String] = StoppingRule.defaultMetrics,
                minimum: Int = StoppingRule.defaultMinimum, maximum: Int) {
        self.precision = precision
        self.metrics = metrics
        self.minimum = max(2, minimum)
        self.maximum = max(self.minimum, maximum)
    }

    /// A figure that misses the target: a flow row of a design whose relative half-width
    /// (nil: no interval yet, the figure is in fewer than two replications) is too large.
    public struct Miss: Sendable, Equatable {
        public var design: String
        public var flow: String
        public var leg: String
        public var metric: String
        public var relativeHalfWidth: Double?
    }

    /// The figures that miss the target over the first `prefix` replications (all without
    /// it), worst first (no interval, then the largest relative half-width; ties in table
    /// order). Empty: the rule holds. A figure whose mean and half-width are both 0 holds.
    public func misses(_ replicated: Replicated, level: Double, prefix: Int? = nil) -> [Miss] {
        let flows = replicated.flows
        var out: [Miss] = []
        for metric in metrics {
            guard let m = flows.metric(metric) else { continue }
            for (d, rows) in flows.designs.enumerated() {
                for row in rows where row.key[2].isEmpty {
                    let e = row.estimate(m, level: level, prefix: prefix)
                    guard e.count > 0 else { continue }
                    let relative = e.relativeHalfWidth
                    if let relative, relative <= precision { continue }
                    out.append(Miss(design: replicated.designs[d], flow: row.key[0], leg: row.key[1], metric: metric,
                                    relativeHalfWidth: relative))
                }
            }
        }
        return out.enumerated().sorted { a, b in
            let x = a.element.relativeHalfWidth ?? .infinity, y = b.element.relativeHalfWidth ?? .infinity
            if a.element.relativeHalfWidth == nil, b.element.relativeHalfWidth != nil { return true }
            if b.element.relativeHalfWidth == nil, a.element.relativeHalfWidth != nil { return false }
            return x != y ? x > y : a.offset < b.offset
        }.map(\.element)
    }

    /// The first number of replications n in minimum…replicated.replications at which the
    /// rule holds over the first n, or nil: what `Replications.run` stops at, recomputed.
    public func firstSatisfied(_ replicated: Replicated, level: Double) -> Int? {
        guard replicated.replications >= minimum else { return nil }
        return (minimum...replicated.replications).first { misses(replicated, level: level, prefix: $0).isEmpty }
    }
}
