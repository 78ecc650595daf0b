import Foundation

/// The parameter a capacity search varies: a `--set` path whose value is a number,
/// possibly followed by a unit (`48`, `0.75`, `60Mbps`). The search moves the number and
/// keeps the unit.
public struct ScaleParameter: Sendable, Equatable {
    public var path: String
    /// The unit written after the number (`Mbps`), or empty.
    public var unit: String
    /// Whole numbers only: the start value is a plain number written without a decimal
    /// point or exponent (devices, AGVs, a count of sources); a quantity with a unit
    /// (`400Mbps`) is searched in real values.
    public var integer: Bool
    /// Where the search starts (`--from`, else the path's value, else 1).
    public var start: Double
    /// Where the start value came from, for messages.
    public var origin: String

    public init(path: String, unit: String, integer: Bool, start: Double, origin: String) {
        self.path = path
        self.unit = unit
        self.integer = integer
        self.start = start
        self.origin = origin
    }

    /// The value's text for `--set` at scale `x`.
    public func text(_ x: Double) -> String { CapacitySearch.text(x) + unit }

    /// The path's last segment (`N` of `parameters.N`), for progress lines.
    public var label: String {
        let last = path.split(whereSeparator: { $0 == "." || $0 == "[" }).last.map(String.init) ?? path
        return last.hasSuffix("]") ? String(last.dropLast()) : last
    }

    /// A number and the unit after it; nil when `text` does not start with a number.
    static func split(_ text: String) -> (value: Double, unit: String, integer: Bool)? {
        let s = Array(text.trimmingCharacters(in: .whitespaces))
        var i = 0
        if i < s.count && (s[i] == "+" || s[i] == "-") { i += 1 }
        var digits = 0, integer = true
        while i < s.count && (s[i].isASCII && s[i].isNumber || s[i] == "_") { if s[i] != "_" { digits += 1 }; i += 1 }
        if i < s.count && s[i] == "." {
            integer = false
            i += 1
            while i < s.count && s[i].isASCII && s[i].isNumber { digits += 1; i += 1 }
        }
        guard digits > 0 else { return nil }
        if i < s.count && (s[i] == "e" || s[i] == "E") {
            var j = i + 1
            if j < s.count && (s[j] == "+" || s[j] == "-") { j += 1 }
            if j < s.count && s[j].isASCII && s[j].isNumber {
                integer = false
                i = j
                while i < s.count && s[i].isASCII && s[i].isNumber { i += 1 }
            }
        }
        guard let v = Double(String(s[..<i]).replacingOccurrences(of: "_", with: "")), v.isFinite else { return nil }
        let unit = String(s[i...]).trimmingCharacters(in: .whitespaces)
        return (v, unit, integer)
    }

    /// The parameter at `path`: its start from `from` (`--from`), else a `--set` of the same
    /// path in `overrides`, else `fileValue` (the value written in the file), else 1.
    /// - Throws: a message when a value is not a positive number or units disagree.
    public static func resolve(path: String, fileValue: String?, overrides: [String],
                               from: String?) throws(ScaleError) -> ScaleParameter {
        let setValue = overrides.last { $0.hasPrefix(path + "=") }.map { String($0.dropFirst(path.count + 1)) }
        // The unit comes from what the scenario would read there.
        let written = setValue ?? fileValue
        let writtenSplit = written.flatMap(split)
        if let from {
            guard let f = split(from), f.value > 0 else {
                throw ScaleError("--from: expected a positive number such as 48 or 0.5, found '\(from)'")
            }
            if let w = writtenSplit, !f.unit.isEmpty, f.unit != w.unit {
                throw ScaleError("--from: \(path) is written "
                                 + (w.unit.isEmpty ? "as a plain number" : "in \(w.unit)") + ", found '\(from)'; give "
                                 + "--from " + (w.unit.isEmpty ? "without a unit" : "in \(w.unit), such as "
                                                 + CapacitySearch.text(w.value) + w.unit))
            }
            let unit = f.unit.isEmpty ? (writtenSplit?.unit ?? "") : f.unit
            return ScaleParameter(path: path, unit: unit, integer: f.integer && unit.isEmpty, start: f.value,
                                  origin: "--from")
        }
        if let written, let w = writtenSplit {
            guard w.value > 0 else {
                throw ScaleError("\(path) is \(written) (not positive): a search doubles and halves from its start; "
                                 + "give a positive start with --from")
            }
            return ScaleParameter(path: path, unit: w.unit, integer: w.integer && w.unit.isEmpty, start: w.value,
                                  origin: setValue != nil ? "--set" : "the file")
        }
        // Absent, or an expression such as $N: start at 1.
        return ScaleParameter(path: path, unit: "", integer: true, start: 1,
                              origin: written.map { "1 (the file has '\($0)')" } ?? "1 (not in the file)")
    }
}

/// A capacity search that cannot start: what is wrong, for the user.
public struct ScaleError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

extension ScaleParameter {
    /// `--max` as a number in the scale's unit (the unit may be written); nil when it is
    /// not a number above the start.
    public static func resolve(maximum text: String, for p: ScaleParameter) -> Double? {
        guard let m = split(text), m.unit.isEmpty || m.unit == p.unit, m.value > p.start else { return nil }
        return m.value
    }
}
