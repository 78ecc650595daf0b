/// A JSON value whose objects keep their member order: the JSON Schema (`fnsim schema`) is
/// built from it and written in a stable order.
indirect enum JSON: Sendable, Equatable {
    case string(String)
    case int(Int64)
    case number(Double)
    case bool(Bool)
    case array([JSON])
    case object([Member])

    struct Member: Sendable, Equatable {
        var key: String
        var value: JSON
    }

    /// An object with the given members, in order.
    static func obj(_ members: (String, JSON)...) -> JSON { .object(members.map { Member(key: $0.0, value: $0.1) }) }
    static func obj(_ members: [(String, JSON)]) -> JSON { .object(members.map { Member(key: $0.0, value: $0.1) }) }

    static func type(_ name: String) -> JSON { .obj(("type", .string(name))) }
    static func ref(_ def: String) -> JSON { .obj(("$ref", .string("#/$defs/\(def)"))) }
    static func anyOf(_ alternatives: [JSON]) -> JSON { .obj(("anyOf", .array(alternatives))) }
    static func strings(_ xs: [String]) -> JSON { .array(xs.map { .string($0) }) }
    /// A scalar's schema, or a `$PARAMETER` / `{expression}` (replaced before reading).
    static func templatable(_ schema: JSON) -> JSON { .anyOf([schema, .ref("expression")]) }

    /// The member `key` of an object.
    subscript(key: String) -> JSON? {
        guard case let .object(ms) = self else { return nil }
        return ms.first { $0.key == key }?.value
    }

    /// This object with `key` set (replaced in place, or appended).
    func with(_ key: String, _ value: JSON) -> JSON {
        guard case var .object(ms) = self else { return self }
        if let i = ms.firstIndex(where: { $0.key == key }) { ms[i].value = value } else {
            ms.append(Member(key: key, value: value))
        }
        return .object(ms)
    }

    /// This object with `help` as its "description", first.
    func described(_ help: String) -> JSON {
        guard case let .object(ms) = self, !help.isEmpty else { return self }
        return .object([Member(key: "description", value: .string(help))] + ms.filter { $0.key != "description" })
    }

    /// Indented text, two spaces per level; arrays of strings stay on one line.
    func text(indent: Int = 0) -> String {
        var out = ""
        write(indent: indent, into: &out)
        return out
    }

    private func write(indent: Int, into out: inout String) {
        let pad = String(repeating: "  ", count: indent + 1), end = String(repeating: "  ", count: indent)
        switch self {
        case let .string(s): out += doubleQuoted(s)
        case let .int(n): out += String(n)
        case let .number(x): out += Format.number(x)
        case let .bool(b): out += b ? "true" : "false"
        case let .array(xs):
            if xs.isEmpty { out += "[]"; return }
            if xs.allSatisfy({ if case .string = $0 { return true } else { return false } }) {
                out += "[" + xs.map { $0.text() }.joined(separator: ", ") + "]"
                return
            }
            out += "[\n"
            for (i, x) in xs.enumerated() {
                out += pad
                x.write(indent: indent + 1, into: &out)
                out += i + 1 < xs.count ? ",\n" : "\n"
            }
            out += end + "]"
        case let .object(ms):
            if ms.isEmpty { out += "{}"; return }
            out += "{\n"
            for (i, m) in ms.enumerated() {
                out += pad + doubleQuoted(m.key) + ": "
                m.value.write(indent: indent + 1, into: &out)
                out += i + 1 < ms.count ? ",\n" : "\n"
            }
            out += end + "}"
        }
    }
}
