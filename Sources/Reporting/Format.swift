import Kernel

/// Human-readable numbers for terminal output: a few significant digits and a unit
/// chosen so the number stays between 1 and 1000. Locale-independent ("." decimal point).
public enum Format {
    /// Significant digits used by default in tables.
    public static let defaultDigits = 4

    /// Text for a missing or undefined value.
    public static let missing = "-"

    /// A time in picoseconds: "0 s", "850 ps", "13.34 us", "1.000 ms", "2.500 s".
    public static func time(picoseconds ps: Int64, digits: Int = defaultDigits) -> String {
        scaled(DecimalText(ps), units: timeUnits, digits: digits)
    }

    /// A time in picoseconds held as a Double (mean, standard deviation); "-" when not finite.
    public static func time(picoseconds ps: Double, digits: Int = defaultDigits) -> String {
        guard let d = DecimalText(ps) else { return missing }
        return scaled(d, units: timeUnits, digits: digits)
    }

    /// A time in seconds: "250.0 us".
    public static func time(seconds s: Double, digits: Int = defaultDigits) -> String {
        guard let d = DecimalText(s) else { return missing }
        return scaled(d.shifted(by: 12), units: timeUnits, digits: digits)
    }

    /// A bit rate: "0 bit/s", "512.0 kbit/s", "94.21 Mbit/s", "1.000 Gbit/s".
    public static func rate(bitsPerSecond bps: Double, digits: Int = defaultDigits) -> String {
        guard let d = DecimalText(bps) else { return missing }
        return scaled(d, units: rateUnits, digits: digits)
    }

    /// A fraction as a percentage with `digits` significant digits: 0.8734 -> "87.34 %",
    /// 0 -> "0 %", 1 -> "100.0 %".
    public static func percent(_ fraction: Double, digits: Int = defaultDigits - 1) -> String {
        guard let d = DecimalText(fraction) else { return missing }
        return significant(d.shifted(by: 2), digits: digits) + " %"
    }

    /// A share of time up as a percentage with enough decimals to show the share down to
    /// two significant digits (at least two decimals): 0.999999 -> "99.99990 %",
    /// 0.995 -> "99.50 %", 0.9 -> "90.00 %", 1 -> "100 %".
    public static func availability(_ fraction: Double) -> String {
        guard let d = DecimalText(fraction) else { return missing }
        if fraction >= 1 { return "100 %" }
        let down = DecimalText((1 - fraction) * 100) ?? DecimalText()
        let decimals = down.isZero ? 2 : max(2, 2 - down.exponent)
        return d.shifted(by: 2).rounded(fractionDigits: decimals).plain(minimumFractionDigits: decimals) + " %"
    }

    /// A count with "," between thousands: 1234567 -> "1,234,567".
    public static func count<T: BinaryInteger>(_ n: T) -> String {
        let text = String(describing: n.magnitude)
        var out = ""
        for (i, ch) in text.enumerated() {
            if i > 0 && (text.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return n < 0 ? "-" + out : out
    }

    /// A count and its noun, plural unless it is 1: "1 flow", "4,982 flows".
    public static func count(_ n: Int, _ noun: String) -> String { count(n) + " " + noun + (n == 1 ? "" : "s") }

    /// A plain number with `digits` significant digits (trailing zeros kept to show the
    /// precision); large numbers keep all their integer digits: 12.3456 -> "12.35",
    /// 123456.7 -> "123457".
    public static func number(_ value: Double, digits: Int = defaultDigits) -> String {
        guard let d = DecimalText(value) else { return missing }
        return significant(d, digits: digits)
    }

    // MARK: - Scaling

    struct Unit: Equatable {
        /// The unit is 10^power base units.
        let power: Int
        let symbol: String
    }

    static let timeUnits: [Unit] = [
        Unit(power: 0, symbol: "ps"), Unit(power: 3, symbol: "ns"), Unit(power: 6, symbol: "us"),
        Unit(power: 9, symbol: "ms"), Unit(power: 12, symbol: "s"),
    ]

    static let rateUnits: [Unit] = [
        Unit(power: 0, symbol: "bit/s"), Unit(power: 3, symbol: "kbit/s"), Unit(power: 6, symbol: "Mbit/s"),
        Unit(power: 9, symbol: "Gbit/s"), Unit(power: 12, symbol: "Tbit/s"),
    ]

    /// Rounds to `digits` significant digits first, then picks the largest unit that keeps
    /// the number at or above 1 (so 999.96 us becomes "1.000 ms", not "1000 us").
    static func scaled(_ value: DecimalText, units: [Unit], digits: Int) -> String {
        // Zero time reads best as "0 s", zero rate as "0 bit/s".
        if value.isZero { return "0 " + (units == timeUnits ? units[units.count - 1] : units[0]).symbol }
        let rounded = value.rounded(significantDigits: max(1, digits))
        var unit = units[0]
        for u in units where rounded.exponent - u.power >= 1 {
            unit = u
        }
        return significant(value.shifted(by: -unit.power), digits: digits) + " " + unit.symbol
    }

    /// Exactly `digits` significant digits, except that integer digits are never dropped.
    static func significant(_ value: DecimalText, digits: Int) -> String {
        if value.isZero { return "0" }
        let n = max(1, digits)
        let rounded = value.rounded(significantDigits: n)
        let fraction = max(0, n - rounded.exponent)
        if rounded.exponent > n {
            return value.rounded(fractionDigits: 0).plain()
        }
        return rounded.plain(minimumFractionDigits: fraction)
    }
}
