/// Mappings told apart by one key, the tag (a node's `type`, a link's `type`, a flow's
/// `kind`, a distribution's `dist`): keys common to every case, and each case's own keys.
/// The cases come from an enumeration declared with their keys (`LinkType`, `FlowKind`,
/// `DistributionKind`): a technology adds its case there and declares its keys in a file
/// of its own (`WANLinkKeys`); reader, key checks and schema follow.
struct Family: Sendable {
    struct Case: Sendable {
        let name: String
        let keys: [Key]
    }

    /// What an entry is called ("flow", "link").
    let noun: String
    let help: String
    /// The tag key and what its values are called in messages ("flow kind").
    let tag: String
    let tagNoun: String
    let tagHelp: String
    /// The case of an entry without the tag; nil when the tag is required.
    let defaultCase: String?
    /// Keys of every case: before the case keys (the tag among them, at `tagIndex`), and
    /// after them.
    let common: [Key]
    let tagIndex: Int
    let trailing: [Key]
    let cases: [Case]
    let templates: [Key]
    /// Whether "did you mean" looks among the keys of every case (true) or only among
    /// those of the entry's case.
    let suggestFromAllCases: Bool

    /// The tag as a field: one of the case names.
    let tagField: Field<String>
    /// The common keys with the tag.
    let commonKeys: [Key]
    /// The keys of every case (the first declaration of each name), in declaration order:
    /// the keys a variant's `change` may set.
    let allKeys: [Key]
    let names: [String]
    /// The names each case allows (computed once: every entry of a plant is checked).
    private let allowed: [String: [String]]

    init(noun: String, help: String, tag: String, tagNoun: String, tagHelp: String, defaultCase: String? = nil,
         common: [Key], tagIndex: Int = 0, trailing: [Key] = [], cases: [Case], templates: [Key] = [], suggestFromAllCases: Bool = false) {
        self.noun = noun
        self.help = help
        self.tag = tag
        self.tagNoun = tagNoun
        self.tagHelp = tagHelp
        self.defaultCase = defaultCase
        self.common = common
        self.tagIndex = Swift.min(tagIndex, common.count)
        self.trailing = trailing
        self.cases = cases
        self.templates = templates
        self.suggestFromAllCases = suggestFromAllCases
        tagField = Field(tag, .names(cases.map(\.name), noun: tagNoun), required: defaultCase == nil, tagHelp)
        var commonKeys = common
        commonKeys.insert(tagField.key, at: self.tagIndex)
        self.commonKeys = commonKeys
        var seen = Set<String>(), all: [Key] = []
        for k in commonKeys + cases.flatMap(\.keys) + trailing where seen.insert(k.name).inserted { all.append(k) }
        allKeys = all
        names = all.map(\.name)
        allowed = Dictionary(cases.map { c in (c.name, (commonKeys + c.keys + trailing).map(\.name)) },
                             uniquingKeysWith: { a, _ in a })
    }

    var caseNames: [String] { cases.map(\.name) }

    func keys(of caseName: String) -> [Key] {
        commonKeys + (cases.first { $0.name == caseName }?.keys ?? []) + trailing
    }

    /// The cases whose keys include `key`.
    func owners(of key: String) -> [String] {
        cases.filter { $0.keys.contains { $0.name == key } }.map(\.name)
    }

    /// Reads the tag: the case of the entry, or nil (reported) when missing or unknown.
    func readCase(_ entry: YNode, _ r: Reader, owner: String, label: String) -> String? {
        guard let n = entry[tag] else {
            if let d = defaultCase { return d }
            r.d.error(entry.pos, "missing required key '\(tag)' in \(owner)")
            return nil
        }
        return tagField.read(n, r, label)
    }

    /// Reports keys of `n` outside its case: keys of another case through `misplaced`
    /// (by default "'x' does not apply to a wan link (it is for ethernet links)"), others
    /// as unknown with the nearest key. With `caseName` nil (unknown case) every key of the
    /// family is accepted.
    func checkKeys(_ n: YNode, case caseName: String?, _ r: Reader, _ what: String,
                   misplaced: ((YEntry, [String]) -> Void)? = nil) {
        let all = names
        let allowed = caseName.flatMap { self.allowed[$0] } ?? all
        for e in n.entries ?? [] where !allowed.contains(e.key) {
            if all.contains(e.key), let c = caseName {
                let owners = owners(of: e.key)
                if let misplaced { misplaced(e, owners) } else {
                    r.d.error(e.keyPos, "'\(e.key)' does not apply to \(article(c)) \(c) \(noun)"
                        + (owners.isEmpty ? "" : " (it is for \(owners.joined(separator: ", ")) \(noun)s)"))
                }
            } else {
                r.d.error(e.keyPos, "unknown key '\(e.key)' in \(what)"
                    + didYouMean(e.key, in: suggestFromAllCases ? all : allowed))
            }
        }
    }

    /// Every key name, case name and name inside the values, for the documentation check.
    var words: [String] {
        caseNames + allKeys.flatMap { [$0.name] + $0.words } + templates.map(\.name)
    }

    /// An object with every key of the family (so editors complete them all) and, per
    /// case, the keys it allows and requires.
    var schema: JSON {
        var props: [(String, JSON)] = []
        for k in allKeys {
            // A name declared with different types in different cases accepts either.
            let variants = ([k] + cases.flatMap(\.keys).filter { $0.name == k.name }).map(\.schema)
            var distinct: [JSON] = []
            for v in variants where !distinct.contains(v) { distinct.append(v) }
            props.append((k.name, distinct.count == 1 ? distinct[0] : JSON.anyOf(distinct).described(k.help)))
        }
        props += templates.map { ($0.name, $0.schema) }
        var members: [(String, JSON)] = [("type", .string("object")), ("description", .string(help)),
                                         ("properties", .obj(dedup(props)))]
        let required = commonKeys.filter(\.required).map(\.name)
        if !required.isEmpty { members.append(("required", .strings(required))) }
        members.append(("additionalProperties", .bool(false)))
        let rules: [JSON] = cases.map { c in
            var cond = JSON.obj(("properties", .obj((tag, .obj(("const", .string(c.name)))))))
            if c.name != defaultCase { cond = cond.with("required", .strings([tag])) }
            // Each case lists the keys it allows; their types are checked once, above, unless
            // the case declares a type of its own for a shared name.
            let keys = keys(of: c.name).map { k -> (String, JSON) in
                (k.name, props.first { $0.0 == k.name }?.1 == k.schema ? .bool(true) : k.schema)
            }
            var then = JSON.obj(("properties", .obj(dedup(keys + templates.map { ($0.name, JSON.bool(true)) }))),
                                ("additionalProperties", .bool(false)))
            let req = c.keys.filter(\.required).map(\.name)
            if !req.isEmpty { then = then.with("required", .strings(req)) }
            return .obj(("if", cond), ("then", then))
        }
        members.append(("allOf", .array(rules)))
        return .obj(members)
    }

    private func dedup(_ props: [(String, JSON)]) -> [(String, JSON)] {
        var seen = Set<String>()
        return props.filter { seen.insert($0.0).inserted }
    }
}

/// "a" or "an" before `word` (by its first letter).
func article(_ word: String) -> String {
    guard let c = word.lowercased().first else { return "a" }
    return "aeio".contains(c) ? "an" : "a"
}
