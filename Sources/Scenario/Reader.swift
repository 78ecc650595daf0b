import Foundation
import Kernel

/// Typed access to tree nodes; every failure becomes a diagnostic at the node.
struct Reader {
    let d: Diagnostics

    @discardableResult
    func map(_ n: YNode, _ what: String) -> [YEntry]? {
        if let es = n.entries { return es }
        d.error(n.pos, "expected a mapping for \(what), found \(n.describe)")
        return nil
    }

    func list(_ n: YNode, _ what: String) -> [YNode]? {
        if let xs = n.items { return xs }
        if n.scalar == "" { return [] }  // `nodes:` with nothing after it
        d.error(n.pos, "expected a list for \(what), found \(n.describe)")
        return nil
    }

    /// Reports keys of `n` outside `allowed`, suggesting the nearest allowed one.
    func checkKeys(_ n: YNode, _ allowed: [String], _ what: String) {
        for e in n.entries ?? [] where !allowed.contains(e.key) {
            d.error(e.keyPos, "unknown key '\(e.key)' in \(what)" + didYouMean(e.key, in: allowed))
        }
    }

    func required(_ n: YNode, _ key: String, _ what: String) -> YNode? {
        if let v = n[key] { return v }
        d.error(n.pos, "missing required key '\(key)' in \(what)")
        return nil
    }

    func string(_ n: YNode, _ what: String) -> String? {
        guard let s = n.scalar else {
            d.error(n.pos, "expected text for \(what), found \(n.describe)")
            return nil
        }
        if s.isEmpty {
            d.error(n.pos, "expected a value for \(what), found nothing")
            return nil
        }
        return s
    }

    func int(_ n: YNode, _ what: String, _ range: ClosedRange<Int64>) -> Int64? {
        guard let s = n.scalar else {
            d.error(n.pos, "expected an integer for \(what), found \(n.describe)")
            return nil
        }
        let t = s.replacingOccurrences(of: "_", with: "")
        guard let v = Int64(t) else {
            d.error(n.pos, "expected an integer for \(what), found \(n.describe)")
            return nil
        }
        guard range.contains(v) else {
            d.error(n.pos, "\(what) must be between \(range.lowerBound) and \(range.upperBound), found \(v)")
            return nil
        }
        return v
    }

    func double(_ n: YNode, _ what: String, min: Double? = nil, exclusiveMin: Bool = false) -> Double? {
        guard let s = n.scalar, let v = Double(s), v.isFinite else {
            d.error(n.pos, "expected a number for \(what), found \(n.describe)")
            return nil
        }
        if let m = min, exclusiveMin ? v <= m : v < m {
            d.error(n.pos, "\(what) must be \(exclusiveMin ? "greater than" : "at least") \(Format.number(m)), found \(s)")
            return nil
        }
        return v
    }

    /// A quantity with its unit, in base units. `positive` rejects zero; negative values are
    /// always rejected.
    func quantity(_ n: YNode, _ q: Quantity, _ what: String, positive: Bool) -> Double? {
        guard let s = n.scalar, !s.isEmpty else {
            d.error(n.pos, "expected a \(q.rawValue) with a unit such as \(q.example) for \(what), found \(n.describe)")
            return nil
        }
        switch q.parse(s) {
        case let .success(v):
            if v < 0 {
                d.error(n.pos, "\(what) must not be negative, found \(s)")
                return nil
            }
            if positive && v == 0 {
                d.error(n.pos, "\(what) must be greater than zero, found \(s)")
                return nil
            }
            return v
        case .failure(.missingUnit):
            d.error(n.pos, "expected a \(q.rawValue) with a unit such as \(q.example) for \(what), found \(s)")
        case .failure(.notANumber):
            d.error(n.pos, "expected a \(q.rawValue) with a unit such as \(q.example) for \(what), found '\(s)'")
        case let .failure(.badUnit(u, suggestion)):
            d.error(n.pos, "unknown \(q.rawValue) unit '\(u)' in '\(s)' for \(what); expected one of "
                + (Quantity.unitList[q] ?? "") + (suggestion.map { "; did you mean '\($0)'?" } ?? ""))
        case .failure(.tooLarge):
            d.error(n.pos, "\(what) is too large: \(s)")
        }
        return nil
    }

    func time(_ n: YNode, _ what: String, positive: Bool) -> SimTime? {
        guard let v = quantity(n, .time, what, positive: positive) else { return nil }
        guard let t = Reader.simTime(v) else {
            d.error(n.pos, "\(what) is too long: \(n.scalar ?? "") exceeds the largest time fnsim handles "
                + Reader.maximumTimeText)
            return nil
        }
        if positive && t < 1 {
            d.error(n.pos, "\(what) must be at least 1ps, found \(n.scalar ?? "")")
            return nil
        }
        return t
    }

    /// `ps` rounded to whole picoseconds, or nil when above `Time.maximum`. (`Double(Time.maximum)`
    /// rounds up, so the comparison is made on integers.)
    static func simTime(_ ps: Double) -> SimTime? {
        let r = ps.rounded()
        guard r.isFinite, abs(r) < 9.2e18 else { return nil }
        let t = SimTime(r)
        return t <= Time.maximum ? t : nil
    }

    /// "(about 26.5 days)", derived from `Time.maximum`.
    static var maximumTimeText: String {
        let secs = Double(Time.maximum) / 1e12
        func halves(_ x: Double) -> String { Format.number((x * 2).rounded() / 2) }
        if secs >= 2 * 86_400 { return "(about \(halves(secs / 86_400)) days)" }
        if secs >= 2 * 3_600 { return "(about \(halves(secs / 3_600)) hours)" }
        return "(about \(halves(secs / 60)) minutes)"
    }

    func rate(_ n: YNode, _ what: String) -> Int64? {
        guard let v = quantity(n, .rate, what, positive: true) else { return nil }
        guard v <= 1e16 else {
            d.error(n.pos, "\(what) is too large: \(n.scalar ?? "") (at most 10000Tbps)")
            return nil
        }
        guard v >= 1 else {
            d.error(n.pos, "\(what) must be at least 1bps, found \(n.scalar ?? "")")
            return nil
        }
        return Int64(v.rounded())
    }

    /// A whole number of bytes.
    func bytes(_ n: YNode, _ what: String, positive: Bool, max: Int64 = Int64(Int32.max)) -> Int64? {
        guard let v = quantity(n, .size, what, positive: positive) else { return nil }
        guard v <= Double(max) else {
            d.error(n.pos, "\(what) is too large: \(n.scalar ?? "") (at most \(max)B)")
            return nil
        }
        guard v == v.rounded() else {
            d.error(n.pos, "\(what) must be a whole number of bytes, found \(n.scalar ?? "")")
            return nil
        }
        return Int64(v)
    }

    static let distributionNames = ["constant", "uniform", "exponential", "normal", "lognormal", "pareto",
                                    "weibull", "gamma", "empirical"]

    /// A time or size, fixed (`1ms`) or drawn (`{dist: exponential, mean: 1ms}`), in base
    /// units (picoseconds or bytes).
    func distribution(_ n: YNode, _ q: Quantity, _ what: String, positive: Bool) -> Distribution? {
        func value(_ v: YNode, _ w: String, pos: Bool = false) -> Double? {
            let label = w.isEmpty ? what : "\(what) \(w)"
            let x = quantity(v, q, label, positive: pos)
            if let x, q == .time {
                guard Reader.simTime(x) != nil else {
                    d.error(v.pos, "\(label) is too long: \(v.scalar ?? "") exceeds the largest time fnsim handles "
                        + Reader.maximumTimeText)
                    return nil
                }
                if pos && x.rounded() < 1 {
                    d.error(v.pos, "\(label) must be at least 1ps, found \(v.scalar ?? "")")
                    return nil
                }
            }
            return x
        }
        if n.scalar != nil {
            guard let v = value(n, "", pos: positive) else { return nil }
            return .constant(v)
        }
        guard n.entries != nil else {
            d.error(n.pos, "expected a \(q.rawValue) such as \(q.example) or a distribution such as "
                + "{dist: exponential, mean: \(q.example)} for \(what), found \(n.describe)")
            return nil
        }
        guard let kindNode = required(n, "dist", "the distribution for \(what)"),
              let kind = string(kindNode, "'dist'") else { return nil }
        let keys: [String: [String]] = [
            "constant": ["value"], "uniform": ["min", "max"], "exponential": ["mean"], "normal": ["mean", "sd"],
            "lognormal": ["mean", "cv"], "pareto": ["shape", "scale", "mean"], "weibull": ["shape", "scale"],
            "gamma": ["shape", "scale", "mean"], "empirical": ["points"],
        ]
        guard let allowed = keys[kind] else {
            d.error(kindNode.pos, "unknown distribution '\(kind)'; expected one of "
                + Reader.distributionNames.joined(separator: ", ") + didYouMean(kind, in: Reader.distributionNames))
            return nil
        }
        checkKeys(n, ["dist"] + allowed, "a \(kind) distribution")
        let w = "the \(kind) distribution for \(what)"
        func need(_ k: String) -> YNode? { required(n, k, w) }
        func shape() -> Double? {
            guard let s = need("shape") else { return nil }
            return double(s, "'shape' of \(w)", min: 0, exclusiveMin: true)
        }
        switch kind {
        case "constant":
            guard let v = need("value").flatMap({ value($0, "value", pos: positive) }) else { return nil }
            return .constant(v)
        case "uniform":
            guard let lo = need("min").flatMap({ value($0, "minimum") }),
                  let hiNode = need("max"), let hi = value(hiNode, "maximum") else { return nil }
            guard hi >= lo else {
                d.error(hiNode.pos, "the maximum of \(w) is below its minimum")
                return nil
            }
            if positive && hi <= 0 { d.error(hiNode.pos, "\(w) must produce values above zero"); return nil }
            return .uniform(low: lo, high: hi)
        case "exponential":
            guard let m = need("mean").flatMap({ value($0, "mean", pos: true) }) else { return nil }
            return .exponential(mean: m)
        case "normal":
            guard let m = need("mean").flatMap({ value($0, "mean", pos: positive) }),
                  let s = need("sd").flatMap({ value($0, "sd") }) else { return nil }
            return .normal(mean: m, sd: s)
        case "lognormal":
            guard let m = need("mean").flatMap({ value($0, "mean", pos: true) }),
                  let cv = need("cv").flatMap({ double($0, "'cv' of \(w)", min: 0) }) else { return nil }
            return .lognormal(mean: m, cv: cv)
        case "pareto", "gamma":
            guard let k = shape() else { return nil }
            let scaleNode = n["scale"], meanNode = n["mean"]
            if scaleNode != nil && meanNode != nil {
                d.error(n.pos, "give either 'scale' or 'mean' for \(w), not both")
                return nil
            }
            var scale: Double
            if let sn = scaleNode {
                guard let s = value(sn, "scale", pos: true) else { return nil }
                scale = s
            } else if let mn = meanNode {
                guard let m = value(mn, "mean", pos: true) else { return nil }
                if kind == "pareto" {
                    guard k > 1 else {
                        d.error(mn.pos, "a Pareto distribution with shape \(Format.number(k)) <= 1 has no finite mean; "
                            + "give 'scale' instead")
                        return nil
                    }
                    scale = m * (k - 1) / k
                } else {
                    scale = m / k
                }
            } else {
                d.error(n.pos, "missing 'scale' (or 'mean') in \(w)")
                return nil
            }
            return kind == "pareto" ? .pareto(shape: k, scale: scale) : .gamma(shape: k, scale: scale)
        case "weibull":
            guard let k = shape(), let s = need("scale").flatMap({ value($0, "scale", pos: true) }) else { return nil }
            return .weibull(shape: k, scale: s)
        case "empirical":
            guard let pn = need("points"), let pts = list(pn, "'points' of \(w)") else { return nil }
            guard !pts.isEmpty else {
                d.error(pn.pos, "\(w) needs at least one point [value, cumulative probability]")
                return nil
            }
            var values: [Double] = [], cdf: [Double] = []
            for p in pts {
                guard let pair = p.items, pair.count == 2 else {
                    d.error(p.pos, "expected a point [value, cumulative probability] in \(w), found \(p.describe)")
                    return nil
                }
                guard let v = value(pair[0], "point"), let c = double(pair[1], "cumulative probability", min: 0)
                else { return nil }
                if c > 1 { d.error(pair[1].pos, "a cumulative probability must be at most 1, found \(Format.number(c))"); return nil }
                if let lv = values.last, v < lv {
                    d.error(pair[0].pos, "the points of \(w) must be in increasing order of value"); return nil
                }
                if let lc = cdf.last, c < lc {
                    d.error(pair[1].pos, "the cumulative probabilities of \(w) must not decrease"); return nil
                }
                values.append(v); cdf.append(c)
            }
            if cdf.last != 1 {
                d.error(pts[pts.count - 1].pos, "the last cumulative probability of \(w) must be 1")
                return nil
            }
            return .empirical(values: values, cdf: cdf)
        default:
            return nil
        }
    }
}

extension Distribution {
    /// The largest value it can produce, when bounded.
    var upperBound: Double? {
        switch self {
        case let .constant(v): return v
        case let .uniform(_, h): return h
        case let .empirical(values, _): return values.last
        case let .shifted(base, offset): return base.upperBound.map { $0 + offset }
        default: return nil
        }
    }
}
