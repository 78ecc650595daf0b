import CGSL
import Foundation

/// A mean over independent replications and its Student-t confidence interval
/// (Law, "Simulation Modeling and Analysis", 5th ed., §9.4.1: x̄ ± t(n−1, 1−α/2)·s/√n).
/// With one replication the interval is unknown (`halfWidth` nil); with identical values it
/// has zero width.
public struct Estimate: Sendable, Equatable {
    public var count: Int
    public var mean: Double
    /// Sample standard deviation (n − 1 in the denominator); 0 for one value.
    public var stddev: Double
    /// Half the interval's width; nil with fewer than two values.
    public var halfWidth: Double?
    public var level: Double

    public var low: Double? { halfWidth.map { mean - $0 } }
    public var high: Double? { halfWidth.map { mean + $0 } }

    /// Half-width over |mean|: 0 when both are 0, infinite when only the mean is.
    public var relativeHalfWidth: Double? {
        guard let h = halfWidth else { return nil }
        if h == 0 { return 0 }
        return mean == 0 ? .infinity : h / abs(mean)
    }

    /// The estimate of `values` (each one replication's figure) at confidence `level`.
    /// Non-finite values are not allowed (callers leave out undefined figures).
    public init(_ values: [Double], level: Double = 0.95) {
        precondition(level > 0 && level < 1, "confidence level must lie in (0, 1)")
        count = values.count
        self.level = level
        guard !values.isEmpty else {
            mean = .nan; stddev = .nan; halfWidth = nil
            return
        }
        // Identical values have exactly zero spread (their float sum need not divide back).
        let m = values.allSatisfy({ $0 == values[0] }) ? values[0] : values.reduce(0, +) / Double(values.count)
        mean = m
        guard values.count > 1 else {
            stddev = 0; halfWidth = nil
            return
        }
        let ss = values.reduce(0) { $0 + ($1 - m) * ($1 - m) }
        stddev = (ss / Double(values.count - 1)).squareRoot()
        halfWidth = Self.t(level: level, degreesOfFreedom: Double(values.count - 1))
            * stddev / Double(values.count).squareRoot()
    }

    /// The two-sided Student-t critical value t(ν, (1 + level)/2), from GSL.
    public static func t(level: Double, degreesOfFreedom nu: Double) -> Double {
        gsl_cdf_tdist_Pinv((1 + level) / 2, nu)
    }

    /// The paired estimate of `b − a`, replication by replication (common random numbers:
    /// replication r of both designs saw the same random streams). `a` and `b` must have
    /// the same length.
    public static func paired(_ a: [Double], _ b: [Double], level: Double = 0.95) -> Estimate {
        precondition(a.count == b.count, "paired samples differ in length")
        return Estimate(zip(a, b).map { $1 - $0 }, level: level)
    }

    /// The unpaired (Welch) half-width of `mean(b) − mean(a)`: what the same replications
    /// would give without pairing (Law §10.2.2, Welch's approximate degrees of freedom).
    /// nil with fewer than two values on either side.
    public static func welchHalfWidth(_ a: [Double], _ b: [Double], level: Double = 0.95) -> Double? {
        let ea = Estimate(a, level: level), eb = Estimate(b, level: level)
        guard ea.count > 1, eb.count > 1 else { return nil }
        let va = ea.stddev * ea.stddev / Double(ea.count), vb = eb.stddev * eb.stddev / Double(eb.count)
        let v = va + vb
        if v == 0 { return 0 }
        let nu = v * v / (va * va / Double(ea.count - 1) + vb * vb / Double(eb.count - 1))
        return t(level: level, degreesOfFreedom: nu) * v.squareRoot()
    }
}
