/// Locale-independent decimal text for reports: never exponent notation, never
/// locale separators, the same bytes on every machine.
///
/// A value is held as decimal digits: `0.d₁d₂d₃… × 10^exponent` (so `exponent` is the
/// number of digits before the decimal point). Integers convert exactly; a `Double` starts
/// from its shortest round-trip digits (Swift's `description`, which is locale-free).
/// Shifting by a power of ten is exact, so picoseconds become seconds without a second
/// binary rounding.
public struct DecimalText: Sendable, Equatable {
    public private(set) var negative: Bool
    /// Significant digits (0...9) without leading or trailing zeros; empty means zero.
    public private(set) var digits: [UInt8]
    /// Digits before the decimal point: value = 0.digits × 10^exponent.
    public private(set) var exponent: Int

    /// Zero.
    public init() {
        negative = false
        digits = []
        exponent = 0
    }

    /// Exactly `value`.
    public init(_ value: Int64) {
        self.init(magnitude: value.magnitude, negative: value < 0)
    }

    /// Exactly `value`.
    public init(_ value: UInt64) {
        self.init(magnitude: value, negative: false)
    }

    /// Exactly `value`.
    public init(_ value: Int) {
        self.init(Int64(value))
    }

    private init(magnitude: UInt64, negative: Bool) {
        var m = magnitude
        var reversed: [UInt8] = []
        while m > 0 {
            reversed.append(UInt8(m % 10))
            m /= 10
        }
        self.negative = negative
        self.digits = reversed.reversed()
        self.exponent = reversed.count
        normalize()
    }

    /// The shortest decimal that reads back as `value`; nil for NaN and infinities.
    public init?(_ value: Double) {
        guard value.isFinite else { return nil }
        self.init()
        if value == 0 { return }
        // Swift's description: "123.45", "1e-05", "1.2345e+16", "-0.5"; never a locale.
        var text = Substring(value.description)
        if text.first == "-" {
            negative = true
            text = text.dropFirst()
        }
        var mantissa = text
        var exp10 = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            guard let parsed = Int(text[text.index(after: e)...].replacingPlus()) else { return nil }
            exp10 = parsed
        }
        var all: [UInt8] = []
        var pointAt: Int? = nil
        for ch in mantissa {
            if ch == "." {
                pointAt = all.count
            } else if let d = ch.wholeNumberValue, ch.isASCII {
                all.append(UInt8(d))
            } else {
                return nil
            }
        }
        digits = all
        exponent = (pointAt ?? all.count) + exp10
        normalize()
    }

    public var isZero: Bool { digits.isEmpty }

    /// Removes leading zeros (adjusting the exponent) and trailing zeros.
    private mutating func normalize() {
        var lead = 0
        while lead < digits.count && digits[lead] == 0 { lead += 1 }
        if lead > 0 {
            digits.removeFirst(lead)
            exponent -= lead
        }
        while let last = digits.last, last == 0 { digits.removeLast() }
        if digits.isEmpty {
            negative = false
            exponent = 0
        }
    }

    /// This value × 10^power (exact).
    public func shifted(by power: Int) -> DecimalText {
        var copy = self
        if !copy.isZero { copy.exponent += power }
        return copy
    }

    /// Rounded, half away from zero, to keep at most `count` significant digits.
    public func rounded(significantDigits count: Int) -> DecimalText {
        roundedKeeping(max(0, count))
    }

    /// Rounded, half away from zero, to `count` digits after the decimal point.
    public func rounded(fractionDigits count: Int) -> DecimalText {
        roundedKeeping(exponent + count)
    }

    /// Keeps the first `keep` digits (which may be zero or negative: then the value
    /// rounds to zero or to one unit of the first dropped position's neighbour).
    private func roundedKeeping(_ keep: Int) -> DecimalText {
        if isZero || keep >= digits.count { return self }
        var copy = self
        if keep < 0 {
            return DecimalText()
        }
        let roundUp = digits[keep] >= 5
        copy.digits = Array(digits[0..<keep])
        if roundUp {
            var i = keep - 1
            var carry = true
            while carry && i >= 0 {
                if copy.digits[i] == 9 {
                    copy.digits[i] = 0
                    i -= 1
                } else {
                    copy.digits[i] += 1
                    carry = false
                }
            }
            if carry {
                copy.digits.insert(1, at: 0)
                copy.exponent += 1
            }
        }
        copy.normalize()
        if copy.isZero { return DecimalText() }
        return copy
    }

    /// Digits before the decimal point (at least 1 for the leading "0" of values < 1).
    public var integerDigitCount: Int { max(1, exponent) }

    /// Plain decimal text such as "0.000013338", "-12.5", "1000000"; no exponent.
    /// Trailing fraction zeros are written only up to `minimumFractionDigits`.
    public func plain(minimumFractionDigits: Int = 0) -> String {
        var out = ""
        if negative && !isZero { out.append("-") }
        // Integer part.
        if exponent <= 0 {
            out.append("0")
        } else {
            for i in 0..<exponent {
                out.append(i < digits.count ? Self.char(digits[i]) : "0")
            }
        }
        // Fraction part.
        var fraction = ""
        if exponent < 0 {
            fraction.append(String(repeating: "0", count: -exponent))
        }
        let start = max(0, exponent)
        if start < digits.count {
            for i in start..<digits.count { fraction.append(Self.char(digits[i])) }
        }
        let minimum = max(0, minimumFractionDigits)
        if fraction.count < minimum {
            fraction.append(String(repeating: "0", count: minimum - fraction.count))
        }
        if !fraction.isEmpty {
            out.append(".")
            out.append(fraction)
        }
        return out
    }

    private static func char(_ d: UInt8) -> Character {
        Character(Unicode.Scalar(UInt8(ascii: "0") + d))
    }
}

private extension Substring {
    /// Int(...) rejects a leading "+", which Swift's description writes for large exponents.
    func replacingPlus() -> Substring {
        first == "+" ? dropFirst() : self
    }
}

/// Deterministic number text for machine-readable outputs (CSV, JSON).
public enum Numbers {
    /// Picoseconds as exact seconds: 13338000 -> "0.000013338", 1 -> "0.000000000001", 0 -> "0".
    public static func seconds(picoseconds ps: Int64) -> String {
        DecimalText(ps).shifted(by: -12).plain()
    }

    /// Picoseconds held as a Double (a mean, a standard deviation) as seconds, with at most
    /// `significantDigits` digits; nil when not finite.
    public static func seconds(picoseconds ps: Double, significantDigits: Int = 12) -> String? {
        guard let d = DecimalText(ps) else { return nil }
        return d.shifted(by: -12).rounded(significantDigits: significantDigits).plain()
    }

    /// A Double as a plain decimal with at most `significantDigits` digits; nil when not finite.
    public static func decimal(_ value: Double, significantDigits: Int = 12) -> String? {
        guard let d = DecimalText(value) else { return nil }
        return d.rounded(significantDigits: significantDigits).plain()
    }

    /// A Double as the shortest plain decimal that reads back exactly; nil when not finite.
    public static func exact(_ value: Double) -> String? {
        DecimalText(value)?.plain()
    }
}
