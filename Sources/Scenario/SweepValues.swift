import Foundation

/// The values of a swept parameter, written as a list or a range (`sweep:` sections and
/// `fnsim sweep --param PATH=…`):
///
/// - `A..B*N`: N values spaced evenly on a log scale from A to B, both included
///   (`100us..1ms*5` → 100us, 177.828us, 316.228us, 562.341us, 1ms);
/// - `A..B+S`: from A in steps of S while not past B (`10Mbps..100Mbps+30Mbps` → 10, 40,
///   70, 100 Mbps);
/// - `A..B`: the integers from A to B (`1..4` → 1, 2, 3, 4).
///
/// A and B (and S) are plain numbers or quantities of one kind with their units. Values
/// are written back as text that scenario files read: a quantity in A's scale with six
/// significant digits, integers exactly when A and B are integers (and log values are then
/// rounded, repeats dropped).
public enum SweepValues {
    /// The values `text` stands for: a range, or a single value (returned as written).
    public static func expand(_ text: String) -> Result<[String], SweepValueError> {
        let t = text.trimmingCharacters(in: .whitespaces)
        guard let dots = t.range(of: "..") else { return .success([t]) }
        let a = String(t[..<dots.lowerBound]).trimmingCharacters(in: .whitespaces)
        var rest = String(t[dots.upperBound...]).trimmingCharacters(in: .whitespaces)
        enum Step { case count(Int), by(String), unit }
        var step = Step.unit
        if let star = rest.lastIndex(of: "*") {
            let n = rest[rest.index(after: star)...].trimmingCharacters(in: .whitespaces)
            guard let k = Int(n), k >= 2, k <= 100_000 else {
                return .failure(SweepValueError("the count after '*' in '\(t)' must be an integer from 2 to 100000, "
                    + "found '\(n)'"))
            }
            step = .count(k)
            rest = String(rest[..<star]).trimmingCharacters(in: .whitespaces)
        } else if let plus = rest.dropFirst().lastIndex(of: "+"), !isExponentSign(rest, plus) {
            step = .by(rest[rest.index(after: plus)...].trimmingCharacters(in: .whitespaces))
            rest = String(rest[..<plus]).trimmingCharacters(in: .whitespaces)
        }
        let b = rest
        guard let va = Magnitude(a), let vb = Magnitude(b) else {
            let bad = Magnitude(a) == nil ? a : b
            return .failure(SweepValueError("cannot read '\(bad)' in the range '\(t)'; expected a number or a "
                + "quantity with its unit, as in 1..8, 100us..1ms*5 or 10Mbps..100Mbps+30Mbps"))
        }
        guard va.quantity == vb.quantity else {
            return .failure(SweepValueError("the ends of '\(t)' are of different kinds (\(va.kind) and \(vb.kind))"))
        }
        guard vb.value >= va.value else {
            return .failure(SweepValueError("the range '\(t)' runs backwards; write the smaller end first"))
        }
        let integers = va.quantity == nil && va.isInteger && vb.isInteger
        switch step {
        case let .count(n):
            guard va.value > 0 else {
                return .failure(SweepValueError("log steps ('*\(n)') need ends above zero, and '\(t)' starts at \(a)"))
            }
            let ratio = log(vb.value / va.value)
            var values = (0..<n).map { k in
                k == 0 ? va.value : k == n - 1 ? vb.value : va.value * exp(ratio * Double(k) / Double(n - 1))
            }
            if integers { values = values.map { $0.rounded() } }
            return .success(unique(values.map { va.text($0, integer: integers) }))
        case let .by(s):
            guard let vs = Magnitude(s), vs.quantity == va.quantity, vs.value > 0 else {
                return .failure(SweepValueError("the step '\(s)' of '\(t)' must be a positive \(va.kind)"))
            }
            // As a Double first: a tiny step over a wide range makes more values than an Int holds.
            let steps = ((vb.value - va.value) / vs.value * (1 + 1e-12)).rounded(.down)
            guard steps < 100_000 else {
                return .failure(SweepValueError("'\(t)' makes more than 100000 values; take a larger step"))
            }
            let count = Int(steps) + 1
            let whole = integers && vs.isInteger
            return .success((0..<count).map { va.text(va.value + vs.value * Double($0), integer: whole) })
        case .unit:
            guard integers else {
                return .failure(SweepValueError("'\(t)' needs a step: add '*N' for N log-spaced values or '+STEP' "
                    + "for linear steps, as in \(a)..\(b)*5"))
            }
            let count = Int(vb.value - va.value) + 1
            guard count <= 100_000 else {
                return .failure(SweepValueError("'\(t)' makes \(count) values; at most 100000"))
            }
            return .success((0..<count).map { String(Int64(va.value) + Int64($0)) })
        }
    }

    /// A `+` that belongs to an exponent (`1e+3`) is not a step.
    private static func isExponentSign(_ s: String, _ i: String.Index) -> Bool {
        i > s.startIndex && "eE".contains(s[s.index(before: i)])
            && s.index(i, offsetBy: -2, limitedBy: s.startIndex).map { s[$0].isNumber } == true
    }

    private static func unique(_ xs: [String]) -> [String] {
        var seen = Set<String>()
        return xs.filter { seen.insert($0).inserted }
    }
}

public struct SweepValueError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// A number, or a quantity in its base unit with the scale it was written in.
private struct Magnitude {
    var value: Double
    var quantity: Quantity?
    /// The unit A was written in, and its factor to the base unit.
    var unit = ""
    var factor = 1.0
    var isInteger: Bool { value == value.rounded() && abs(value) < 1e15 }
    var kind: String { quantity?.rawValue ?? "number" }

    init?(_ text: String) {
        if let v = Double(text), v.isFinite {
            value = v
            return
        }
        for q in Quantity.allCases {
            guard case let .success(v) = q.parse(text) else { continue }
            value = v
            quantity = q
            // The longest unit the text ends with (ms before s).
            if let u = q.units.filter({ text.hasSuffix($0.0) }).max(by: { $0.0.count < $1.0.count }) {
                unit = u.0
                factor = u.1
            }
            return
        }
        return nil
    }

    /// `v` (base unit) written in this magnitude's unit.
    func text(_ v: Double, integer: Bool) -> String {
        if quantity == nil { return integer ? String(Int64(v)) : Format.number(v) }
        return Format.number(v / factor) + unit
    }
}
