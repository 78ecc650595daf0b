/// One key of a scenario mapping, declared once: its name, what it holds, whether it must
/// be given, and the help text editors show. Readers, key checks, overlays, the JSON
/// Schema and the documentation check all derive from these declarations.
struct Field<Value>: Sendable {
    let name: String
    let type: ValueType<Value>
    let required: Bool
    let help: String

    init(_ name: String, _ type: ValueType<Value>, required: Bool = false, _ help: String) {
        self.name = name
        self.type = type
        self.required = required
        self.help = help
    }

    /// The declaration without its value type: what key checks and the schema need.
    var key: Key {
        let type = type
        return Key(name: name, help: help, required: required, schema: type.schema.described(help), words: type.words) {
            r, n, w in _ = type.read(r, n, w)
        }
    }

    /// The value node under this key in `entry`; a missing required key is reported
    /// ("missing required key 'period' in flow 'f'").
    func node(in entry: YNode, _ r: Reader, owner: String) -> YNode? {
        if let v = entry[name] { return v }
        if required { r.d.error(entry.pos, "missing required key '\(name)' in \(owner)") }
        return nil
    }

    /// Reads a value node; `label` names it in messages.
    func read(_ value: YNode, _ r: Reader, _ label: String) -> Value? { type.read(r, value, label) }

    /// Reads the value under this key in `entry`: nil when it is absent (reported when
    /// required) or bad. Messages call it "'name' of owner" unless `label` is given.
    func read(in entry: YNode, _ r: Reader, owner: String, label: String? = nil) -> Value? {
        guard let v = node(in: entry, r, owner: owner) else { return nil }
        return type.read(r, v, label ?? "'\(name)' of \(owner)")
    }
}

extension Field {
    /// The value under this key when it is given (or required, which is reported when
    /// missing); a bad value is reported, read as nil and turns `ok` false.
    func read(in entry: YNode, _ r: Reader, owner: String, label: String? = nil, ok: inout Bool) -> Value? {
        guard entry[name] != nil || required else { return nil }
        let v = read(in: entry, r, owner: owner, label: label)
        if v == nil { ok = false }
        return v
    }
}

/// A declared key with its value type erased.
struct Key: Sendable {
    let name: String
    let help: String
    let required: Bool
    /// The value's JSON Schema, with the help as its description.
    let schema: JSON
    /// Names inside the value (see `ValueType.words`).
    let words: [String]
    /// Reads a value only to report what is wrong with it.
    let check: @Sendable (Reader, YNode, String) -> Void
}
