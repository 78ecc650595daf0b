import ArgumentParser

/// Values of options checked as they are parsed, so that a wrong value is answered with
/// what is wrong with it. Options that use these parse the next argument even when it
/// starts with '-' (`parsing: .unconditional`): otherwise ArgumentParser takes `-1` in
/// `--seed -1` for an option and reports a missing value. ArgumentParser prefixes each
/// message with "The value '-1' is invalid for '--seed <n>': ".
enum OptionValue {
    /// A whole number of at least `minimum`, such as `example`.
    static func number<N: FixedWidthInteger>(_ text: String, minimum: N, example: String) throws -> N {
        try notAnOption(text, "a whole number such as \(example)")
        let expected = "give a whole number of \(minimum) or more, such as \(example)"
        if let v = N(text) {
            if v >= minimum { return v }
            throw ValidationError((v < 0 ? "it is negative" : "it is below \(minimum)") + "; \(expected)")
        }
        if text.hasPrefix("-"), Int64(text) != nil { throw ValidationError("it is negative; \(expected)") }
        if !text.isEmpty, text.allSatisfy(\.isNumber) {
            throw ValidationError("it is above \(N.max), the largest this option takes")
        }
        throw ValidationError(expected)
    }

    /// A time with a unit, checked only for its sign here (the scenario reader checks the
    /// rest and reports it as `<--duration>:1:1: error: …`): positive for a duration, or
    /// 0 or more for a warm-up.
    static func time(_ text: String, positive: Bool, example: String) throws -> String {
        try notAnOption(text, "a time such as \(example)")
        if text.hasPrefix("-") {
            throw ValidationError("it is negative; give a " + (positive ? "positive time" : "time of 0s or more,")
                + " such as \(example)")
        }
        return text
    }

    /// A number of seconds, 0 or more (a fraction allowed), such as `example`.
    static func seconds(_ text: String, example: String) throws -> Double {
        try notAnOption(text, "a number of seconds such as \(example)")
        guard let v = Double(text), v.isFinite else {
            throw ValidationError("give a number of seconds, such as \(example) or 0.5")
        }
        if v < 0 { throw ValidationError("it is negative; give 0 or more seconds, such as \(example)") }
        return v
    }

    /// A value that reads like an option (`--seed --out dir`): the value was left out.
    private static func notAnOption(_ text: String, _ expected: String) throws {
        guard text.hasPrefix("-"), let next = text.dropFirst().first, !next.isNumber, next != "." else { return }
        throw ValidationError("it looks like an option; give \(expected) first")
    }
}
