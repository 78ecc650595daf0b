/// The keys of one kind of mapping (the scenario, a compute block, a service): unknown
/// keys are reported with the nearest declared one, and the schema lists exactly these.
struct Record: Sendable {
    let help: String
    let keys: [Key]
    /// The template keys the entry may carry (`for`, `count`); they are consumed before
    /// the entry is read, so they appear in the schema only.
    let templates: [Key]

    let names: [String]

    init(_ help: String, _ keys: [Key], templates: [Key] = []) {
        self.help = help
        self.keys = keys
        self.templates = templates
        names = keys.map(\.name)
    }

    /// Every key name and every name inside the values, for the documentation check.
    var words: [String] { keys.flatMap { [$0.name] + $0.words } + templates.map(\.name) }

    /// Reports keys of `n` that are not declared ("unknown key 'x' in what; did you mean 'y'?").
    func checkKeys(_ n: YNode, _ r: Reader, _ what: String) { r.checkKeys(n, names, what) }

    var schema: JSON {
        var members: [(String, JSON)] = [("type", .string("object")), ("description", .string(help)),
                                         ("properties", .obj((keys + templates).map { ($0.name, $0.schema) }))]
        let required = keys.filter(\.required).map(\.name)
        if !required.isEmpty { members.append(("required", .strings(required))) }
        members.append(("additionalProperties", .bool(false)))
        return .obj(members)
    }
}
