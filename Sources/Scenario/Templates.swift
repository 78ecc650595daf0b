import Foundation

/// A template variable or parameter value: an integer (usable in arithmetic) or text
/// (a quantity such as `1Gbps`, or a name).
enum TValue: Sendable, Equatable {
    case int(Int64)
    case text(String)

    var text: String {
        switch self {
        case let .int(i): return String(i)
        case let .text(s): return s
        }
    }
}

/// Template expansion and substitution.
///
/// - `$NAME` in any value is replaced by the parameter NAME.
/// - `{expr}` in a value is replaced by the value of an integer expression over loop
///   variables and parameters: integers, names, `+ - * / %` and parentheses
///   (`dev{c}-{i}`, `{(c-1)*D+i}`). `{{` and `}}` stand for literal braces.
/// - `for: {c: 1..$C, i: 1..$D}` repeats an entry for every combination (the first
///   variable outermost); a variable's values are an inclusive range `a..b` or a list.
///   `count: N` on a node or link is short for `for: {i: 1..N}`.
struct Substituter {
    var vars: [String: TValue]
    var paramNames: [String]

    /// Substitutes one scalar; on failure returns the message and the character offset.
    func substitute(_ s: String) -> Result<String, SubstitutionError> {
        // Bytes, not Foundation's substring search: this runs on every value of every entry.
        guard s.utf8.contains(where: { $0 == 0x24 || $0 == 0x7B || $0 == 0x7D }) else { return .success(s) }
        // ASCII text (nearly all) is scanned as bytes, where offsets are character offsets.
        if s.utf8.allSatisfy({ $0 < 0x80 }) { return substitute(Array(s.utf8), s) }
        return substitute(Array(s), s)
    }

    private func substitute<C: TemplateChar>(_ chars: [C], _ s: String) -> Result<String, SubstitutionError> {
        var out = ""
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == .openBrace {
                if i + 1 < chars.count && chars[i + 1] == .openBrace { out.append("{"); i += 2; continue }
                guard let close = chars[(i + 1)...].firstIndex(of: .closeBrace) else {
                    return .failure(SubstitutionError(offset: i, message: "unclosed '{' in '\(s)'"))
                }
                switch evaluate(Array(chars[(i + 1)..<close])) {
                case let .success(v): out += v.text
                case let .failure(e):
                    return .failure(SubstitutionError(offset: i + 1 + e.offset, message: e.message))
                }
                i = close + 1
            } else if c == .closeBrace {
                if i + 1 < chars.count && chars[i + 1] == .closeBrace { out.append("}"); i += 2; continue }
                return .failure(SubstitutionError(offset: i, message: "unmatched '}' in '\(s)'"))
            } else if c == .dollar {
                var j = i + 1
                while j < chars.count && chars[j].isNameChar { j += 1 }
                let name = C.text(chars[(i + 1)..<j])
                if name.isEmpty {
                    return .failure(SubstitutionError(offset: i, message: "expected a parameter name after '$'"))
                }
                guard let v = vars[name], paramNames.contains(name) else {
                    return .failure(SubstitutionError(
                        offset: i, message: "unknown parameter '$\(name)'" + didYouMean(name, in: paramNames)))
                }
                out += v.text
                i = j
            } else {
                var j = i + 1
                while j < chars.count && chars[j] != .openBrace && chars[j] != .closeBrace && chars[j] != .dollar { j += 1 }
                out += C.text(chars[i..<j])
                i = j
            }
        }
        return .success(out)
    }

    /// Evaluates an expression inside braces.
    func evaluate(_ expr: String) -> Result<TValue, SubstitutionError> {
        evaluate(Array(expr))
    }

    private func evaluate<C: TemplateChar>(_ chars: [C]) -> Result<TValue, SubstitutionError> {
        var p = ExprParser(chars: chars, vars: vars)
        do {
            p.skipSpace()
            // A lone name may be text (a quantity parameter or a list value).
            if let v = p.loneName() { return .success(v) }
            let v = try p.expression()
            p.skipSpace()
            if p.i < p.chars.count {
                throw SubstitutionError(offset: p.i, message: "unexpected '\(C.text(p.chars[p.i...p.i]))' in expression "
                    + "'\(C.text(chars[...]))'")
            }
            return .success(.int(v))
        } catch let e as SubstitutionError {
            return .failure(e)
        } catch {
            return .failure(SubstitutionError(offset: 0, message: "bad expression '\(C.text(chars[...]))'"))
        }
    }
}

/// A unit of template text: a byte of ASCII text or a character of any other.
protocol TemplateChar: Equatable {
    static var openBrace: Self { get }
    static var closeBrace: Self { get }
    static var dollar: Self { get }
    /// An ASCII digit, letter or '_'.
    var isNameChar: Bool { get }
    var isDigit: Bool { get }
    /// The ASCII character `c`.
    static func ascii(_ c: Unicode.Scalar) -> Self
    static func text(_ s: ArraySlice<Self>) -> String
}

extension UInt8: TemplateChar {
    static let openBrace = UInt8(ascii: "{"), closeBrace = UInt8(ascii: "}"), dollar = UInt8(ascii: "$")
    var isNameChar: Bool { isDigit || (self | 0x20 >= 0x61 && self | 0x20 <= 0x7A) || self == 0x5F }
    var isDigit: Bool { self >= 0x30 && self <= 0x39 }
    static func ascii(_ c: Unicode.Scalar) -> UInt8 { UInt8(ascii: c) }
    static func text(_ s: ArraySlice<UInt8>) -> String { String(decoding: s, as: UTF8.self) }
}

extension Character: TemplateChar {
    static let openBrace: Character = "{", closeBrace: Character = "}", dollar: Character = "$"
    var isNameChar: Bool { isASCII && (isLetter || isNumber || self == "_") }
    var isDigit: Bool { isASCII && isNumber }
    static func ascii(_ c: Unicode.Scalar) -> Character { Character(c) }
    static func text(_ s: ArraySlice<Character>) -> String { String(s) }
}

struct SubstitutionError: Error {
    var offset: Int
    var message: String
}

private struct ExprParser<C: TemplateChar> {
    var chars: [C]
    var vars: [String: TValue]
    var i = 0
    /// Open parentheses and unary minus signs around the current position.
    var depth = 0
    static var maxDepth: Int { 100 }

    static var space: C { .ascii(" ") }

    mutating func skipSpace() { while i < chars.count && chars[i] == Self.space { i += 1 } }

    func isNameChar(_ c: C) -> Bool { c.isNameChar }

    /// A name starts with an ASCII letter or '_' (the old rule also let other letters
    /// start one; they fail later as unknown names, as before).
    func startsName(_ c: C) -> Bool { c.isNameChar && !c.isDigit }

    mutating func loneName() -> TValue? {
        var j = i
        if j < chars.count && chars[j] == .dollar { j += 1 }
        let start = j
        guard start < chars.count, startsName(chars[start]) else { return nil }
        while j < chars.count && isNameChar(chars[j]) { j += 1 }
        var k = j
        while k < chars.count && chars[k] == Self.space { k += 1 }
        guard k == chars.count else { return nil }
        return vars[C.text(chars[start..<j])]
    }

    mutating func expression() throws -> Int64 {
        var v = try term()
        while true {
            skipSpace()
            guard i < chars.count, chars[i] == .ascii("+") || chars[i] == .ascii("-") else { return v }
            let op = chars[i], at = i
            i += 1
            let r = try term()
            let (x, o) = op == .ascii("+") ? v.addingReportingOverflow(r) : v.subtractingReportingOverflow(r)
            if o { throw SubstitutionError(offset: at, message: "arithmetic overflow") }
            v = x
        }
    }

    mutating func term() throws -> Int64 {
        var v = try factor()
        while true {
            skipSpace()
            guard i < chars.count, chars[i] == .ascii("*") || chars[i] == .ascii("/") || chars[i] == .ascii("%") else {
                return v
            }
            let op = chars[i], at = i
            i += 1
            let r = try factor()
            if op == .ascii("*") {
                let (x, o) = v.multipliedReportingOverflow(by: r)
                if o { throw SubstitutionError(offset: at, message: "arithmetic overflow") }
                v = x
            } else {
                if r == 0 { throw SubstitutionError(offset: at, message: "division by zero") }
                let (x, o) = op == .ascii("/") ? v.dividedReportingOverflow(by: r) : v.remainderReportingOverflow(dividingBy: r)
                if o { throw SubstitutionError(offset: at, message: "arithmetic overflow") }
                v = x
            }
        }
    }

    mutating func factor() throws -> Int64 {
        skipSpace()
        guard i < chars.count else { throw SubstitutionError(offset: i, message: "expression ends too early") }
        let c = chars[i]
        let open = C.ascii("("), minus = C.ascii("-")
        if c == open || c == minus {
            depth += 1
            guard depth <= Self.maxDepth else {
                throw SubstitutionError(offset: i, message: "expression nested too deeply (more than \(Self.maxDepth) "
                    + "levels of parentheses or signs)")
            }
        }
        defer { if c == open || c == minus { depth -= 1 } }
        if c == open {
            i += 1
            let v = try expression()
            skipSpace()
            guard i < chars.count, chars[i] == .ascii(")") else { throw SubstitutionError(offset: i, message: "expected ')'") }
            i += 1
            return v
        }
        if c == minus {
            i += 1
            let v = try factor()
            let (x, o) = Int64(0).subtractingReportingOverflow(v)
            if o { throw SubstitutionError(offset: i, message: "arithmetic overflow") }
            return x
        }
        if c.isDigit {
            let start = i
            while i < chars.count && chars[i].isDigit { i += 1 }
            guard let v = Int64(C.text(chars[start..<i])) else {
                throw SubstitutionError(offset: start, message: "number too large")
            }
            return v
        }
        if c == .dollar || startsName(c) {
            if c == .dollar { i += 1 }
            let start = i
            while i < chars.count && isNameChar(chars[i]) { i += 1 }
            let name = C.text(chars[start..<i])
            guard let v = vars[name] else {
                throw SubstitutionError(offset: start, message: "unknown variable '\(name)'"
                    + didYouMean(name, in: vars.keys.sorted()))
            }
            guard case let .int(n) = v else {
                throw SubstitutionError(offset: start, message: "'\(name)' is '\(v.text)', not an integer")
            }
            return n
        }
        throw SubstitutionError(offset: i, message: "unexpected '\(C.text(chars[i...i]))' in expression")
    }
}
