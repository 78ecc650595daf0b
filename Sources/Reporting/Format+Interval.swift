extension Format {
    /// What a result column measures, for the text of its values: read from the column's
    /// name as the tables spell it (`_s` seconds, `_bps` bit rates, `ratio`, `utilization`
    /// and `availability` fractions).
    public enum Measure: Sendable, Equatable {
        case time, rate, fraction, availability, plain

        /// The measure of a result column (`latency_p99_s`, `throughput_bps`, `loss_ratio`, …).
        public init(column name: String) {
            if name == "availability" { self = .availability } else if name.hasSuffix("_s") { self = .time } else if name.hasSuffix("_bps") {
                self = .rate
            } else if name.contains("ratio") || name.contains("utilization") || name.hasPrefix("bler") {
                self = .fraction
            } else { self = .plain }
        }
    }

    /// A value in SI units (seconds, bit/s, a fraction) as the tables write it: "41.23 us",
    /// "94.21 Mbit/s", "0.120 %", "99.9990 %", "45", "12.35".
    public static func value(_ x: Double, _ measure: Measure) -> String {
        guard x.isFinite else { return missing }
        switch measure {
        case .time: return time(seconds: x)
        case .rate: return rate(bitsPerSecond: x)
        case .fraction: return percent(x)
        case .availability: return availability(x)
        // Whole numbers (counts) as they are, not padded to four digits.
        case .plain: return x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : number(x)
        }
    }

    /// A mean and the half-width of its confidence interval, in one unit chosen for the
    /// mean, both to the decimals that the half-width's two leading digits need (at most
    /// the mean's four significant digits): "41.2 ± 1.2 us", "0.120 ± 0.031 %", "9998 ± 12",
    /// "95 ± 0"; the mean alone when the half-width is unknown.
    public static func interval(_ mean: Double, _ halfWidth: Double?, _ measure: Measure) -> String {
        guard mean.isFinite else { return missing }
        guard let halfWidth, halfWidth.isFinite else { return value(mean, measure) }
        switch measure {
        case .time: return scaledInterval(mean * 1e12, halfWidth * 1e12, units: timeUnits, zeroUnit: "s")
        case .rate: return scaledInterval(mean, halfWidth, units: rateUnits, zeroUnit: "bit/s")
        case .plain: return scaledInterval(mean, halfWidth, units: [Unit(power: 0, symbol: "")], zeroUnit: "")
        case .fraction, .availability:
            guard let m = DecimalText(mean * 100), let h = DecimalText(halfWidth * 100) else { return missing }
            var places = decimals(m, h)
            if measure == .availability, mean < 1, let down = DecimalText((1 - mean) * 100), !down.isZero {
                places = h.isZero ? max(2, 2 - down.exponent) : min(max(2, 2 - down.exponent), max(0, 2 - h.exponent))
            }
            return fixed(m, places) + " ± " + (h.isZero ? "0" : fixed(h, places)) + " %"
        }
    }

    /// Both numbers in the unit that suits the mean (the half-width's when the mean is 0).
    static func scaledInterval(_ mean: Double, _ halfWidth: Double, units: [Unit], zeroUnit: String) -> String {
        guard let m = DecimalText(mean), let h = DecimalText(halfWidth) else { return missing }
        let reference = m.isZero ? h : m
        if reference.isZero { return ("0 ± 0 " + zeroUnit).trimmingTrailingSpace }
        let rounded = reference.rounded(significantDigits: defaultDigits)
        var unit = units[0]
        for u in units where rounded.exponent - u.power >= 1 { unit = u }
        let ms = m.shifted(by: -unit.power), hs = h.shifted(by: -unit.power)
        let places = decimals(ms, hs)
        let text = fixed(ms, places) + " ± " + (hs.isZero ? "0" : fixed(hs, places))
        return (text + " " + unit.symbol).trimmingTrailingSpace
    }

    /// Decimals for a mean and its half-width: two significant digits of the half-width,
    /// at most the mean's four (`significant`); with no spread, the mean's own (none for a
    /// whole number).
    static func decimals(_ mean: DecimalText, _ halfWidth: DecimalText) -> Int {
        let reference = mean.isZero ? halfWidth : mean
        let own: Int
        if reference.isZero {
            own = 0
        } else {
            let rounded = reference.rounded(significantDigits: defaultDigits)
            own = rounded.exponent > defaultDigits ? 0 : max(0, defaultDigits - rounded.exponent)
        }
        if halfWidth.isZero { return mean.rounded(fractionDigits: 0) == mean ? 0 : own }
        return min(own, max(0, 2 - halfWidth.exponent))
    }

    static func fixed(_ value: DecimalText, _ decimals: Int) -> String {
        value.rounded(fractionDigits: decimals).plain(minimumFractionDigits: decimals)
    }

    static func fixed(_ value: Double, _ decimals: Int) -> String {
        DecimalText(value).map { fixed($0, decimals) } ?? missing
    }
}

private extension String {
    var trimmingTrailingSpace: String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
