import Kernel

/// The keys of a distribution of a quantity (a time, a size, a number of cycles), read
/// wherever a value may be fixed (`1ms`) or drawn (`{dist: exponential, mean: 1ms}`).
/// Values are in the quantity's base unit (picoseconds, bytes, cycles).
struct DistributionKeys: Sendable {
    let q: Quantity
    let value, min, max, mean, meanOrScale, sd, cv, shape, scale, scaleOrMean, shift: Field<Double>
    let points: Field<YNode>
    /// The keys of every kind of distribution (built once for times, sizes and cycles).
    var family: Family { Self.families[q] ?? makeFamily() }

    private static let families = Dictionary(uniqueKeysWithValues: [Quantity.time, .size, .cycles].map {
        ($0, DistributionKeys(q: $0).makeFamily())
    })

    /// The keys of distributions of `q` (built once for times, sizes and cycles).
    static func of(_ q: Quantity) -> DistributionKeys {
        switch q {
        case .time: return time
        case .size: return size
        case .cycles: return cycles
        default: return DistributionKeys(q: q)
        }
    }

    private static let time = DistributionKeys(q: .time)
    private static let size = DistributionKeys(q: .size)
    private static let cycles = DistributionKeys(q: .cycles)

    init(q: Quantity) {
        self.q = q
        func amount(_ name: String, required: Bool = true, _ help: String) -> Field<Double> {
            Field(name, .quantity(q, positive: false), required: required, help)
        }
        value = amount("value", "The value every draw takes")
        min = amount("min", "Smallest value")
        max = amount("max", "Largest value")
        mean = amount("mean", "Mean value")
        meanOrScale = amount("mean", required: false, "Mean value (instead of 'scale')")
        sd = amount("sd", "Standard deviation (of the normal before truncation at 0)")
        cv = Field("cv", .number(min: 0), required: true, "Coefficient of variation: sd / mean")
        shape = Field("shape", .number(min: 0, exclusive: true), required: true, "Shape parameter")
        scale = amount("scale", "Scale parameter")
        scaleOrMean = amount("scale", required: false, "Scale parameter (or give 'mean')")
        points = Field("points", .raw(.obj(("type", .string("array")), ("items", .obj(
            ("type", .string("array")), ("prefixItems", .array([.ref(q.rawValue), .templatable(.type("number"))])),
            ("minItems", .int(2)), ("maxItems", .int(2)))), ("minItems", .int(1)))), required: true,
              "Points [value, cumulative probability] of a piecewise-linear CDF, increasing, the last probability 1")
        shift = amount("shift", required: false, "A constant added to every draw: a floor under the random part")
    }

    private func makeFamily() -> Family {
        Family(noun: "distribution", help: "A distribution of a \(q.rawValue)", tag: "dist", tagNoun: "distribution",
               tagHelp: "The distribution", common: [], trailing: [shift.key],
               cases: DistributionKind.allCases.map { .init(name: $0.rawValue, keys: keys(of: $0)) })
    }

    /// The keys of a kind of distribution, besides `dist` and `shift`.
    func keys(of kind: DistributionKind) -> [Key] {
        switch kind {
        case .constant: return [value.key]
        case .uniform: return [min.key, max.key]
        case .exponential: return [mean.key]
        case .normal: return [mean.key, sd.key]
        case .lognormal: return [mean.key, cv.key]
        case .pareto, .gamma: return [shape.key, scaleOrMean.key, meanOrScale.key]
        case .weibull: return [shape.key, scale.key]
        case .empirical: return [points.key]
        }
    }

    /// A fixed value or a distribution (the name of its schema in `$defs`).
    var schemaName: String { "\(q.rawValue)-distribution" }
}

/// The distributions a value may be drawn from (`dist:`); see `Kernel.Distribution`.
enum DistributionKind: String, CaseIterable, Sendable {
    case constant, uniform, exponential, normal, lognormal, pareto, weibull, gamma, empirical
}

extension ValueType where Value == Distribution {
    /// A quantity of `q`, fixed or drawn; `positive` rejects values that are all zero.
    static func distribution(_ q: Quantity, positive: Bool) -> ValueType {
        ValueType(schema: .ref(DistributionKeys.of(q).schemaName), words: DistributionKeys.of(q).family.words) {
            r, n, w in r.distribution(n, q, w, positive: positive)
        }
    }
}
