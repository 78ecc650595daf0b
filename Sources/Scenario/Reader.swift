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
            if v < 0 && !q.signed {
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

    /// `true` or `false` (YAML 1.2 core spellings).
    func bool(_ n: YNode, _ what: String) -> Bool? {
        switch n.scalar {
        case "true", "True", "TRUE": return true
        case "false", "False", "FALSE": return false
        default:
            d.error(n.pos, "expected true or false for \(what), found \(n.describe)")
            return nil
        }
    }

    /// A probability written as a percentage (`0.1%`) or a fraction (`0.001`), in `range`.
    func probability(_ n: YNode, _ what: String, _ range: ProbabilityRange) -> Double? {
        guard let s = n.scalar?.trimmingCharacters(in: .whitespaces), !s.isEmpty else {
            d.error(n.pos, "expected a probability such as 0.1% or 0.001 for \(what), found \(n.describe)")
            return nil
        }
        guard let p = Probability.parse(s) else {
            d.error(n.pos, "expected a probability such as 0.1% or 0.001 for \(what), found '\(s)'")
            return nil
        }
        guard range.contains(p) else {
            d.error(n.pos, "\(what) must be \(range.text), found \(s)")
            return nil
        }
        return p
    }
}
