extension TDDPattern {
    /// A conformance pattern of TS 38.521-4 §A.1.2 (Tables A.1.2-1 and A.1.2-2).
    struct Conformance {
        let name: String
        let letters: String
        let splits: [SpecialSlotSplit]
        let referenceSCS: Int
    }

    private static func split(_ d: Int, _ g: Int, _ u: Int) -> SpecialSlotSplit {
        SpecialSlotSplit(downlink: d, guardSymbols: g, uplink: u)!
    }

    /// TS 38.521-4 Tables A.1.2-1 (15 kHz) and A.1.2-2 (30 kHz), Rel-17. FR1.30-6 is
    /// DS1S2U with S1 = 10D+2G+2U (pattern1, 1 ms) and S2 = 12D+2G+0U (pattern2).
    static let conformance: [Conformance] = [
        Conformance(name: "FR1.15-1", letters: "DDDSU", splits: [split(10, 2, 2)], referenceSCS: 15),
        Conformance(name: "FR1.30-1", letters: "DDDDDDDSUU", splits: [split(6, 4, 4)], referenceSCS: 30),
        Conformance(name: "FR1.30-2", letters: "DDDSU", splits: [split(10, 2, 2)], referenceSCS: 30),
        Conformance(name: "FR1.30-3", letters: "DDDSUDDSUU", splits: [split(10, 2, 2)], referenceSCS: 30),
        Conformance(name: "FR1.30-4", letters: "DDDSUUDDDD", splits: [split(6, 4, 4)], referenceSCS: 30),
        Conformance(name: "FR1.30-5", letters: "DSUU", splits: [split(12, 2, 0)], referenceSCS: 30),
        Conformance(name: "FR1.30-6", letters: "DS1S2U", splits: [split(10, 2, 2), split(12, 2, 0)],
                    referenceSCS: 30),
    ]

    /// Split of a plain S slot when none is given: 10D+2G+2U, the split of FR1.15-1, FR1.30-2
    /// and FR1.30-3.
    public static let defaultSpecialSplit = split(10, 2, 2)
    /// Splits of S1 and S2 when none are given: those of FR1.30-6.
    public static let defaultNumberedSplits = [split(10, 2, 2), split(12, 2, 0)]
    /// The longest period accepted: 10 ms at 120 kHz.
    public static let maximumSlots = 80

    private static let validForms = "a pattern is \"FDD\", a TS 38.521-4 name (FR1.15-1, FR1.30-1, FR1.30-2, "
        + "FR1.30-3, FR1.30-4, FR1.30-5, FR1.30-6) or slot letters D, S, U such as \"DDDSU\" or "
        + "\"DDDSUDDSUU\" (S1 and S2 for two special slot formats, as in \"DS1S2U\")"

    /// By name or by letters: the TS 38.521-4 A.1.2 names ("FR1.15-1", "FR1.30-1" … "FR1.30-6", case-insensitive),
    /// "FDD", or a string of D/S/U letters such as "DDDSU", "DDDSUDDSUU", "DSUU" (counts such as "7DS2U"
    /// are not accepted), plus "DS1S2U" (two special slot formats). `special` gives the special slot's split as
    /// "10D2G2U" or "10D+2G+2U" (symbols D, G, U in that order summing to 14; a missing part is 0); for
    /// S1/S2 give two splits separated by a comma. When `special` is nil, S takes 10D2G2U and S1, S2 take
    /// 10D2G2U, 12D2G0U (FR1.30-6). Named conformance patterns use their own splits: `special` must then be nil.
    public static func parse(_ text: String, special: String?) throws(TDDPatternError) -> TDDPattern {
        let chars = Array(text)
        var a = 0, b = chars.count
        while a < b && chars[a].isWhitespace { a += 1 }
        while b > a && chars[b - 1].isWhitespace { b -= 1 }
        let trimmed = String(chars[a..<b])
        let upper = trimmed.uppercased()
        if upper.isEmpty { throw TDDPatternError("empty TDD pattern: " + validForms) }
        if upper == "FDD" {
            if special != nil { throw TDDPatternError("a special-slot split applies to TDD patterns, not to FDD") }
            return .fdd
        }
        if let c = conformance.first(where: { $0.name == upper }) {
            if let special {
                throw TDDPatternError("\(c.name) fixes its special slots (\(c.splits.map(\.description).joined(separator: ","))); "
                    + "leave out the split \"\(special)\" or write the slot letters \(c.letters) instead")
            }
            let slots = try! letters(c.letters, in: c.letters)
            return TDDPattern(slots: slots, splits: c.splits, name: c.name, referenceSCS: c.referenceSCS)
        }
        if upper.hasPrefix("FR") {
            throw TDDPatternError("unknown conformance pattern \"\(trimmed)\": " + validForms)
        }
        let slots = try letters(upper, in: trimmed)
        let plain = slots.contains(.special(index: 0, numbered: false))
        let numbered = slots.contains { if case .special(_, true) = $0 { true } else { false } }
        if plain && numbered {
            throw TDDPatternError("\"\(trimmed)\" mixes S with S1/S2; use S alone for one special slot format, "
                + "or S1 and S2 for two")
        }
        var splits: [SpecialSlotSplit] = []
        if let special {
            let parts = special.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            if !plain && !numbered {
                throw TDDPatternError("\"\(trimmed)\" has no special (S) slot, so the split \"\(special)\" does not apply")
            }
            let wanted = numbered ? 2 : 1
            if parts.count != wanted {
                throw TDDPatternError(numbered
                    ? "\"\(trimmed)\" has S1 and S2: give two splits separated by a comma, such as \"10D2G2U,12D2G0U\""
                    : "\"\(trimmed)\" has one special slot format: give one split, such as \"10D2G2U\"")
            }
            for part in parts { splits.append(try parseSplit(part)) }
        } else if plain {
            splits = [defaultSpecialSplit]
        } else if numbered {
            splits = defaultNumberedSplits
        }
        return TDDPattern(slots: slots, splits: splits)
    }

    /// The slots of an upper-cased letter string; `original` is quoted in errors.
    private static func letters(_ upper: String, in original: String) throws(TDDPatternError) -> [Slot] {
        var slots: [Slot] = []
        let chars = Array(upper)
        var i = 0
        while i < chars.count {
            switch chars[i] {
            case "D": slots.append(.downlink)
            case "U": slots.append(.uplink)
            case "S":
                if i + 1 < chars.count, chars[i + 1] == "1" || chars[i + 1] == "2" {
                    slots.append(.special(index: chars[i + 1] == "1" ? 0 : 1, numbered: true))
                    i += 1
                } else {
                    slots.append(.special(index: 0, numbered: false))
                }
            default:
                let what = chars[i].isNumber ? "a slot count '\(chars[i])' (write every slot, e.g. DDDDDDDSUU for 7DS2U)"
                    : "'\(chars[i])'"
                throw TDDPatternError("unexpected \(what) at position \(i + 1) of \"\(original)\": " + validForms)
            }
            i += 1
        }
        if slots.count > maximumSlots {
            throw TDDPatternError("\"\(original)\" has \(slots.count) slots; at most \(maximumSlots) (10 ms at 120 kHz)")
        }
        return slots
    }

    /// A special-slot split such as "10D2G2U", "10D+2G+2U" or "12D2G" (case-insensitive).
    public static func parseSplit(_ text: String) throws(TDDPatternError) -> SpecialSlotSplit {
        let form = "a split is symbols of D, G and U in that order summing to 14, such as \"10D2G2U\", "
            + "\"10D+2G+2U\" or \"12D2G\""
        var counts = [0, 0, 0]  // D, G, U
        var next = 0  // the first part still allowed
        var number: Int? = nil
        for ch in text.uppercased() where ch != " " && ch != "+" {
            if let v = ch.wholeNumberValue {
                number = (number ?? 0) * 10 + v
                if number! > 14 { throw TDDPatternError("\"\(text)\": more than 14 symbols in one part; " + form) }
                continue
            }
            guard let part = ["D", "G", "U"].firstIndex(of: ch), let n = number else {
                throw TDDPatternError("cannot read \"\(text)\": " + form)
            }
            guard part >= next else { throw TDDPatternError("\"\(text)\": parts out of order; " + form) }
            counts[part] = n
            next = part + 1
            number = nil
        }
        guard number == nil, next > 0 else { throw TDDPatternError("cannot read \"\(text)\": " + form) }
        guard let s = SpecialSlotSplit(downlink: counts[0], guardSymbols: counts[1], uplink: counts[2]) else {
            throw TDDPatternError("\"\(text)\" has \(counts.reduce(0, +)) symbols, not 14; " + form)
        }
        return s
    }
}
