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
        guard s.contains("$") || s.contains("{") || s.contains("}") else { return .success(s) }
        var out = ""
        let chars = Array(s)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "{" {
                if i + 1 < chars.count && chars[i + 1] == "{" { out.append("{"); i += 2; continue }
                guard let close = chars[(i + 1)...].firstIndex(of: "}") else {
                    return .failure(SubstitutionError(offset: i, message: "unclosed '{' in '\(s)'"))
                }
                let expr = String(chars[(i + 1)..<close])
                switch evaluate(expr) {
                case let .success(v): out += v.text
                case let .failure(e):
                    return .failure(SubstitutionError(offset: i + 1 + e.offset, message: e.message))
                }
                i = close + 1
            } else if c == "}" {
                if i + 1 < chars.count && chars[i + 1] == "}" { out.append("}"); i += 2; continue }
                return .failure(SubstitutionError(offset: i, message: "unmatched '}' in '\(s)'"))
            } else if c == "$" {
                var j = i + 1
                while j < chars.count && (chars[j].isLetter || chars[j].isNumber || chars[j] == "_") && chars[j].isASCII {
                    j += 1
                }
                let name = String(chars[(i + 1)..<j])
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
                out.append(c)
                i += 1
            }
        }
        return .success(out)
    }

    /// Evaluates an expression inside braces.
    func evaluate(_ expr: String) -> Result<TValue, SubstitutionError> {
        var p = ExprParser(chars: Array(expr), vars: vars)
        do {
            p.skipSpace()
            // A lone name may be text (a quantity parameter or a list value).
            if let v = p.loneName() { return .success(v) }
            let v = try p.expression()
            p.skipSpace()
            if p.i < p.chars.count {
                throw SubstitutionError(offset: p.i, message: "unexpected '\(p.chars[p.i])' in expression '\(expr)'")
            }
            return .success(.int(v))
        } catch let e as SubstitutionError {
            return .failure(e)
        } catch {
            return .failure(SubstitutionError(offset: 0, message: "bad expression '\(expr)'"))
        }
    }
}

struct SubstitutionError: Error {
    var offset: Int
    var message: String
}

private struct ExprParser {
    var chars: [Character]
    var vars: [String: TValue]
    var i = 0
    /// Open parentheses and unary minus signs around the current position.
    var depth = 0
    static let maxDepth = 100

    mutating func skipSpace() { while i < chars.count && chars[i] == " " { i += 1 } }

    func isNameChar(_ c: Character) -> Bool { c.isASCII && (c.isLetter || c.isNumber || c == "_") }

    mutating func loneName() -> TValue? {
        var j = i
        if j < chars.count && chars[j] == "$" { j += 1 }
        let start = j
        guard start < chars.count, chars[start].isLetter || chars[start] == "_" else { return nil }
        while j < chars.count && isNameChar(chars[j]) { j += 1 }
        var k = j
        while k < chars.count && chars[k] == " " { k += 1 }
        guard k == chars.count else { return nil }
        return vars[String(chars[start..<j])]
    }

    mutating func expression() throws -> Int64 {
        var v = try term()
        while true {
            skipSpace()
            guard i < chars.count, chars[i] == "+" || chars[i] == "-" else { return v }
            let op = chars[i], at = i
            i += 1
            let r = try term()
            let (x, o) = op == "+" ? v.addingReportingOverflow(r) : v.subtractingReportingOverflow(r)
            if o { throw SubstitutionError(offset: at, message: "arithmetic overflow") }
            v = x
        }
    }

    mutating func term() throws -> Int64 {
        var v = try factor()
        while true {
            skipSpace()
            guard i < chars.count, chars[i] == "*" || chars[i] == "/" || chars[i] == "%" else { return v }
            let op = chars[i], at = i
            i += 1
            let r = try factor()
            if op == "*" {
                let (x, o) = v.multipliedReportingOverflow(by: r)
                if o { throw SubstitutionError(offset: at, message: "arithmetic overflow") }
                v = x
            } else {
                if r == 0 { throw SubstitutionError(offset: at, message: "division by zero") }
                let (x, o) = op == "/" ? v.dividedReportingOverflow(by: r) : v.remainderReportingOverflow(dividingBy: r)
                if o { throw SubstitutionError(offset: at, message: "arithmetic overflow") }
                v = x
            }
        }
    }

    mutating func factor() throws -> Int64 {
        skipSpace()
        guard i < chars.count else { throw SubstitutionError(offset: i, message: "expression ends too early") }
        let c = chars[i]
        if c == "(" || c == "-" {
            depth += 1
            guard depth <= Self.maxDepth else {
                throw SubstitutionError(offset: i, message: "expression nested too deeply (more than \(Self.maxDepth) "
                    + "levels of parentheses or signs)")
            }
        }
        defer { if c == "(" || c == "-" { depth -= 1 } }
        if c == "(" {
            i += 1
            let v = try expression()
            skipSpace()
            guard i < chars.count, chars[i] == ")" else { throw SubstitutionError(offset: i, message: "expected ')'") }
            i += 1
            return v
        }
        if c == "-" {
            i += 1
            let v = try factor()
            let (x, o) = Int64(0).subtractingReportingOverflow(v)
            if o { throw SubstitutionError(offset: i, message: "arithmetic overflow") }
            return x
        }
        if c.isASCII && c.isNumber {
            let start = i
            while i < chars.count && chars[i].isASCII && chars[i].isNumber { i += 1 }
            guard let v = Int64(String(chars[start..<i])) else {
                throw SubstitutionError(offset: start, message: "number too large")
            }
            return v
        }
        if c == "$" || c.isLetter || c == "_" {
            if c == "$" { i += 1 }
            let start = i
            while i < chars.count && isNameChar(chars[i]) { i += 1 }
            let name = String(chars[start..<i])
            guard let v = vars[name] else {
                throw SubstitutionError(offset: start, message: "unknown variable '\(name)'"
                    + didYouMean(name, in: vars.keys.sorted()))
            }
            guard case let .int(n) = v else {
                throw SubstitutionError(offset: start, message: "'\(name)' is '\(v.text)', not an integer")
            }
            return n
        }
        throw SubstitutionError(offset: i, message: "unexpected '\(c)' in expression")
    }
}
