import CGSL
import Foundation

/// A distribution for any time or size parameter. Values are in the parameter's base
/// unit (picoseconds for times, bytes for sizes); every draw goes through GSL.
public enum Distribution: Sendable, Equatable {
    case constant(Double)
    /// Uniform on [low, high).
    case uniform(low: Double, high: Double)
    case exponential(mean: Double)
    /// Normal, truncated at 0 by redrawing negative values.
    case normal(mean: Double, sd: Double)
    /// Lognormal with the given mean and coefficient of variation of the value itself.
    case lognormal(mean: Double, cv: Double)
    /// Pareto (type I) with shape alpha and scale x_m (the minimum value).
    case pareto(shape: Double, scale: Double)
    case weibull(shape: Double, scale: Double)
    case gamma(shape: Double, scale: Double)
    /// Piecewise-linear CDF through the points (value, cumulative probability), sorted,
    /// the last probability 1; sampled by inverse transform.
    case empirical(values: [Double], cdf: [Double])
    /// `base` plus a constant: a floor (a propagation or processing time) under a random
    /// part, such as a one-way network delay.
    indirect case shifted(Distribution, by: Double)

    /// The mean of the distribution (infinite for Pareto with shape <= 1; may be infinite
    /// or NaN for extreme parameters, which callers must check).
    public var mean: Double {
        GSL.configure()  // gsl_sf_gamma reports overflow through the error handler
        switch self {
        case let .constant(v): return v
        case let .uniform(l, h): return (l + h) / 2
        case let .exponential(m): return m
        case let .normal(m, s):
            // Mean of the normal truncated below at 0.
            guard s > 0 else { return max(m, 0) }
            let a = -m / s
            let z = 1 - gsl_cdf_ugaussian_P(a)
            return z > 0 ? m + s * gsl_ran_ugaussian_pdf(a) / z : 0
        case let .lognormal(m, _): return m
        case let .pareto(a, xm): return a > 1 ? a * xm / (a - 1) : .infinity
        case let .weibull(k, lambda): return lambda * gsl_sf_gamma(1 + 1 / k)
        case let .gamma(k, theta): return k * theta
        case let .empirical(values, cdf):
            var m = values[0] * cdf[0]
            for i in 1..<values.count { m += (cdf[i] - cdf[i - 1]) * (values[i] + values[i - 1]) / 2 }
            return m
        case let .shifted(base, offset): return base.mean + offset
        }
    }

    /// The smallest value the distribution can produce.
    public var minimum: Double {
        switch self {
        case let .constant(v): return v
        case let .uniform(l, _): return l
        case let .pareto(_, xm): return xm
        case let .empirical(values, _): return values[0]
        case let .shifted(base, offset): return base.minimum + offset
        default: return 0
        }
    }

    public var isConstant: Bool { if case .constant = self { return true } else { return false } }

    /// The distribution of the value times `k` (k > 0): work in cycles at a speed in
    /// cycles per picosecond becomes a time, for instance.
    public func scaled(by k: Double) -> Distribution {
        switch self {
        case let .constant(v): return .constant(v * k)
        case let .uniform(l, h): return .uniform(low: l * k, high: h * k)
        case let .exponential(m): return .exponential(mean: m * k)
        case let .normal(m, s): return .normal(mean: m * k, sd: s * k)
        case let .lognormal(m, cv): return .lognormal(mean: m * k, cv: cv)
        case let .pareto(a, xm): return .pareto(shape: a, scale: xm * k)
        case let .weibull(shape, scale): return .weibull(shape: shape, scale: scale * k)
        case let .gamma(shape, scale): return .gamma(shape: shape, scale: scale * k)
        case let .empirical(values, cdf): return .empirical(values: values.map { $0 * k }, cdf: cdf)
        case let .shifted(base, offset): return .shifted(base.scaled(by: k), by: offset * k)
        }
    }

    /// One draw from `stream`.
    @inlinable
    public func sample(_ stream: RandomStream) -> Double {
        let r = stream.rng
        switch self {
        case let .constant(v): return v
        case let .uniform(l, h): return gsl_ran_flat(r, l, h)
        case let .exponential(m): return gsl_ran_exponential(r, m)
        case let .normal(m, s):
            // Truncation by rejection; give up on hopeless tails (mean far below 0).
            for _ in 0..<64 {
                let x = m + gsl_ran_gaussian_ziggurat(r, s)
                if x >= 0 { return x }
            }
            return 0
        case let .lognormal(m, cv):
            let s2 = Foundation.log1p(cv * cv)
            return gsl_ran_lognormal(r, Foundation.log(m) - s2 / 2, s2.squareRoot())
        case let .pareto(a, xm): return gsl_ran_pareto(r, a, xm)
        case let .weibull(k, lambda): return gsl_ran_weibull(r, lambda, k)
        case let .gamma(k, theta): return gsl_ran_gamma(r, k, theta)
        case let .empirical(values, cdf):
            let u = gsl_rng_uniform(r)
            if u <= cdf[0] { return values[0] }
            var lo = 0, hi = cdf.count - 1
            while hi - lo > 1 {
                let mid = (lo + hi) / 2
                if cdf[mid] < u { lo = mid } else { hi = mid }
            }
            let span = cdf[hi] - cdf[lo]
            return span > 0 ? values[lo] + (u - cdf[lo]) / span * (values[hi] - values[lo]) : values[hi]
        case let .shifted(base, offset):
            return base.sample(stream) + offset
        }
    }
}

