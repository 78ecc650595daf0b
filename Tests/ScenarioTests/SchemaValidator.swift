import Foundation
@testable import Scenario

/// A YAML document as a JSON instance, typed the way editors' YAML servers type it
/// (YAML 1.2 core schema): unquoted `true`, `12`, `0.5` are a boolean, an integer, a
/// number; quoted scalars and everything else are strings.
indirect enum Instance: Equatable {
    case null, bool(Bool), int(Int64), number(Double), string(String), array([Instance]), object([(String, Instance)])

    static func == (a: Instance, b: Instance) -> Bool { "\(a)" == "\(b)" }

    init(_ n: YNode) {
        switch n.kind {
        case let .scalar(s, quoted):
            if quoted { self = .string(s); return }
            switch s {
            case "", "~", "null", "Null", "NULL": self = .null
            case "true", "True", "TRUE": self = .bool(true)
            case "false", "False", "FALSE": self = .bool(false)
            default:
                if s.range(of: #"^[-+]?[0-9]+$"#, options: .regularExpression) != nil, let i = Int64(s) {
                    self = .int(i)
                } else if s.range(of: #"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$"#, options: .regularExpression)
                    != nil, let x = Double(s) {
                    self = .number(x)
                } else {
                    self = .string(s)
                }
            }
        case let .seq(xs): self = .array(xs.map(Instance.init))
        case let .map(es): self = .object(es.map { ($0.key, Instance($0.value)) })
        }
    }

    var number: Double? {
        switch self {
        case let .int(i): return Double(i)
        case let .number(x): return x
        default: return nil
        }
    }
}

/// Checks an instance against the subset of JSON Schema 2020-12 that `ScenarioSchema`
/// writes: $ref to $defs, type, enum, const, pattern, properties, additionalProperties,
/// required, items, prefixItems, minItems, maxItems, minimum, maximum, exclusive bounds,
/// anyOf, oneOf, allOf, if/then, description. Anything else is reported, so the test
/// notices when the schema outgrows the checker.
struct SchemaValidator {
    let root: JSON

    /// Problems found, each with the instance path.
    func errors(_ x: Instance) -> [String] { check(x, root, "$") }

    private func check(_ x: Instance, _ s: JSON, _ path: String) -> [String] {
        if case let .bool(b) = s { return b ? [] : ["\(path): not allowed"] }
        guard case let .object(members) = s else { return ["\(path): bad schema \(s)"] }
        var out: [String] = []
        for m in members {
            switch (m.key, m.value) {
            case ("$schema", _), ("$id", _), ("title", _), ("description", _), ("$defs", _), ("then", _), ("else", _),
                 ("additionalProperties", _), ("prefixItems", _):
                continue
            case let ("$ref", .string(ref)):
                let name = String(ref.dropFirst("#/$defs/".count))
                guard let def = root["$defs"]?[name] else { out.append("\(path): unresolved \(ref)"); continue }
                out += check(x, def, path)
            case let ("type", .string(t)):
                if !has(x, type: t) { out.append("\(path): expected \(t), found \(x)") }
            case let ("enum", .array(vs)):
                if !vs.contains(where: { equal(x, $0) }) { out.append("\(path): \(x) not in the enum") }
            case let ("const", v):
                if !equal(x, v) { out.append("\(path): \(x) is not \(v)") }
            case let ("pattern", .string(p)):
                if case let .string(str) = x, str.range(of: p, options: .regularExpression) == nil {
                    out.append("\(path): '\(str)' does not match \(p)")
                }
            case let ("properties", .object(props)):
                guard case let .object(es) = x else { continue }
                for (k, v) in es {
                    if let p = props.first(where: { $0.key == k }) {
                        out += check(v, p.value, path + "." + k)
                    } else if let extra = s["additionalProperties"] {
                        out += check(v, extra, path + "." + k)
                    }
                }
            case let ("required", .array(names)):
                guard case let .object(es) = x else { continue }
                for case let .string(n) in names where !es.contains(where: { $0.0 == n }) {
                    out.append("\(path): missing \(n)")
                }
            case let ("items", item):
                guard case let .array(xs) = x else { continue }
                let prefix: [JSON]
                if case let .array(p)? = s["prefixItems"] { prefix = p } else { prefix = [] }
                for (i, v) in xs.enumerated() { out += check(v, i < prefix.count ? prefix[i] : item, "\(path)[\(i)]") }
            case let ("minItems", .int(n)):
                if case let .array(xs) = x, xs.count < n { out.append("\(path): fewer than \(n) items") }
            case let ("maxItems", .int(n)):
                if case let .array(xs) = x, xs.count > n { out.append("\(path): more than \(n) items") }
            case ("minimum", let b), ("maximum", let b), ("exclusiveMinimum", let b), ("exclusiveMaximum", let b):
                guard let v = x.number, let bound = Instance.number(json: b) else { continue }
                let ok = switch m.key {
                case "minimum": v >= bound
                case "maximum": v <= bound
                case "exclusiveMinimum": v > bound
                default: v < bound
                }
                if !ok { out.append("\(path): \(v) outside \(m.key) \(bound)") }
            case let ("multipleOf", .int(k)):
                guard let v = x.number else { continue }
                if v.truncatingRemainder(dividingBy: Double(k)) != 0 { out.append("\(path): \(v) is not a multiple of \(k)") }
            case let ("anyOf", .array(alts)):
                let results = alts.map { check(x, $0, path) }
                if !results.contains(where: \.isEmpty) { out.append("\(path): matches none of anyOf: \(results.map { $0.first ?? "" })") }
            case let ("oneOf", .array(alts)):
                let n = alts.filter { check(x, $0, path).isEmpty }.count
                if n != 1 { out.append("\(path): matches \(n) of oneOf") }
            case let ("allOf", .array(parts)):
                for p in parts { out += check(x, p, path) }
            case let ("if", cond):
                let branch = check(x, cond, path).isEmpty ? s["then"] : s["else"]
                if let branch { out += check(x, branch, path) }
            default:
                out.append("\(path): the checker does not know '\(m.key)'")
            }
        }
        // additionalProperties: the keys outside `properties`.
        if let extra = s["additionalProperties"], case let .object(es) = x {
            let props: [JSON.Member]
            if case let .object(ps)? = s["properties"] { props = ps } else { props = [] }
            for (k, v) in es where !props.contains(where: { $0.key == k }) {
                if extra == .bool(false) { out.append("\(path): unexpected key '\(k)'") } else if s["properties"] == nil {
                    out += check(v, extra, path + "." + k)
                }
            }
        }
        return out
    }

    private func has(_ x: Instance, type t: String) -> Bool {
        switch (t, x) {
        case ("string", .string), ("boolean", .bool), ("array", .array), ("object", .object), ("null", .null),
             ("integer", .int), ("number", .int), ("number", .number): return true
        default: return false
        }
    }

    private func equal(_ x: Instance, _ v: JSON) -> Bool {
        switch (x, v) {
        case let (.string(a), .string(b)): return a == b
        case let (.bool(a), .bool(b)): return a == b
        default:
            if let a = x.number, let b = Instance.number(json: v) { return a == b }
            return false
        }
    }
}

extension Instance {
    static func number(json: JSON) -> Double? {
        switch json {
        case let .int(i): return Double(i)
        case let .number(x): return x
        default: return nil
        }
    }
}
