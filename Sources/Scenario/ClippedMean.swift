import Foundation
import Kernel

extension Distribution {
    /// The mean of the value clipped to [low, high] (as a frame size is clipped to [1B, the
    /// largest frame]): `low·F(low) + E[X; low < X ≤ high] + high·(1 − F(high))`.
    func clippedMean(low: Double, high: Double) -> Double {
        func clip(_ v: Double) -> Double { Swift.min(Swift.max(v, low), high) }
        guard low < high else { return low }
        switch self {
        case let .constant(v):
            return clip(v)
        case let .uniform(l, h):
            return Distribution.uniformClippedMean(l, h, low, high)
        case let .shifted(base, offset):
            return base.clippedMean(low: low - offset, high: high - offset) + offset
        case let .empirical(values, cdf):
            // An atom at the first value, then uniform pieces between points.
            var m = cdf[0] * clip(values[0])
            for i in 1..<values.count {
                m += (cdf[i] - cdf[i - 1]) * Distribution.uniformClippedMean(values[i - 1], values[i], low, high)
            }
            return m
        default:
            guard let (cdf, partial) = cdfAndPartialMean else { return clip(mean) }
            let m = low * cdf(low) + (partial(high) - partial(low)) + high * (1 - cdf(high))
            return m.isFinite ? clip(m) : clip(mean)
        }
    }

    private static func uniformClippedMean(_ l: Double, _ h: Double, _ a: Double, _ b: Double) -> Double {
        guard h > l else { return Swift.min(Swift.max(l, a), b) }
        func cdf(_ t: Double) -> Double { Swift.min(1, Swift.max(0, (t - l) / (h - l))) }
        func partial(_ t: Double) -> Double {
            let u = Swift.min(h, Swift.max(l, t))
            return (u * u - l * l) / (2 * (h - l))
        }
        return a * cdf(a) + (partial(b) - partial(a)) + b * (1 - cdf(b))
    }

    /// F(t) = P(X ≤ t) and E[X; X ≤ t] for the continuous distributions.
    private var cdfAndPartialMean: ((Double) -> Double, (Double) -> Double)? {
        switch self {
        case let .exponential(m):
            guard m > 0 else { return nil }
            return ({ t in t <= 0 ? 0 : -expm1(-t / m) },
                    { t in t <= 0 ? 0 : m * (-expm1(-t / m) - t / m * exp(-t / m)) })
        case let .normal(m, s):
            // Truncated below at 0 (negative draws are redrawn).
            guard s > 0 else { return nil }
            let z = Phi(m / s), lo = Phi(-m / s), philo = phi(-m / s)
            guard z > 0 else { return nil }
            return ({ t in t <= 0 ? 0 : (Phi((t - m) / s) - lo) / z },
                    { t in t <= 0 ? 0 : (m * (Phi((t - m) / s) - lo) - s * (phi((t - m) / s) - philo)) / z })
        case let .lognormal(m, cv):
            guard m > 0, cv > 0 else { return nil }
            let s2 = log1p(cv * cv), s = s2.squareRoot(), mu = log(m) - s2 / 2
            return ({ t in t <= 0 ? 0 : Phi((log(t) - mu) / s) },
                    { t in t <= 0 ? 0 : m * Phi((log(t) - mu - s2) / s) })
        case let .pareto(a, xm):
            guard a > 0, xm > 0 else { return nil }
            return ({ t in t < xm ? 0 : 1 - pow(xm / t, a) },
                    { t in
                        if t <= xm { return 0 }
                        if a == 1 { return xm * log(t / xm) }
                        return a * xm / (1 - a) * (pow(t / xm, 1 - a) - 1)
                    })
        case let .weibull(k, lambda):
            guard k > 0, lambda > 0 else { return nil }
            let s = 1 + 1 / k
            return ({ t in t <= 0 ? 0 : -expm1(-pow(t / lambda, k)) },
                    { t in t <= 0 ? 0 : lambda * exp(logLowerGamma(s, pow(t / lambda, k))) })
        case let .gamma(k, theta):
            guard k > 0, theta > 0 else { return nil }
            let lgk = logGamma(k)
            return ({ t in t <= 0 ? 0 : Swift.min(1, exp(logLowerGamma(k, t / theta) - lgk)) },
                    { t in t <= 0 ? 0 : theta * exp(logLowerGamma(k + 1, t / theta) - lgk) })
        default:
            return nil
        }
    }
}

/// Standard normal CDF and density.
private func Phi(_ x: Double) -> Double { 0.5 * erfc(-x / 2.0.squareRoot()) }
private func phi(_ x: Double) -> Double { exp(-x * x / 2) / (2 * Double.pi).squareRoot() }

/// log γ(s, x), the lower incomplete gamma function (series below s+1, continued fraction above).
func logLowerGamma(_ s: Double, _ x: Double) -> Double {
    guard x > 0 else { return -.infinity }
    guard x.isFinite else { return logGamma(s) }
    if x < s + 1 {
        var ap = s, del = 1 / s, sum = del
        for _ in 0..<100_000 {
            ap += 1
            del *= x / ap
            sum += del
            if abs(del) < abs(sum) * 1e-15 { break }
        }
        return -x + s * log(x) + log(sum)
    }
    // Lentz's continued fraction for Γ(s, x); γ = Γ(s) − Γ(s, x).
    let tiny = 1e-300
    var b = x + 1 - s, c = 1 / tiny, d = 1 / b, h = d
    for i in 1..<100_000 {
        let an = -Double(i) * (Double(i) - s)
        b += 2
        d = an * d + b
        if abs(d) < tiny { d = tiny }
        c = b + an / c
        if abs(c) < tiny { c = tiny }
        d = 1 / d
        let del = d * c
        h *= del
        if abs(del - 1) < 1e-15 { break }
    }
    let q = exp(-x + s * log(x) + log(h) - logGamma(s))  // regularized upper
    return logGamma(s) + log1p(-Swift.min(q, 1))
}

/// log Γ(x) for x > 0.
private func logGamma(_ x: Double) -> Double {
    let v: Double = lgamma(x)
    return v
}
