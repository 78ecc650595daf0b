/// JSON Schema (draft 2020-12) of the scenario format, for editors (`fnsim schema`),
/// derived from the key declarations (`ScenarioKeys` and the records and families it
/// holds).
public enum ScenarioSchema {
    public static func jsonSchema() -> String { schema.text() + "\n" }

    static var schema: JSON {
        guard case let .object(members) = ScenarioKeys.file.schema else { return .obj() }
        return .object([
            .init(key: "$schema", value: .string("https://json-schema.org/draft/2020-12/schema")),
            .init(key: "$id", value: .string("https://fnsim.dev/schema/scenario.json")),
            .init(key: "title", value: .string("fnsim scenario")),
        ] + members + [.init(key: "$defs", value: .obj(definitions))])
    }

    /// Quantities, distributions and the entries of the lists, referenced as `#/$defs/NAME`.
    static var definitions: [(String, JSON)] {
        var defs: [(String, JSON)] = [("expression", .obj(
            ("type", .string("string")), ("description", .string("A $PARAMETER or an {expression}, replaced before reading")),
            ("pattern", .string("^(.*[$].*|.*[{].*[}].*)$"))))]
        for q in Quantity.allCases { defs.append((q.rawValue, quantity(q))) }
        for q in [Quantity.time, .size, .cycles] {
            let k = DistributionKeys(q: q)
            defs.append((k.schemaName, .obj(("description", .string("A fixed \(q.rawValue) or a distribution of it")),
                                            ("anyOf", .array([.ref(q.rawValue), k.family.schema])))))
        }
        defs += [("node", NodeKeys.family.schema), ("link", LinkKeys.family.schema), ("cell", CellKeys.record.schema),
                 ("flow", FlowKeys.family.schema), ("fault", FaultKeys.record.schema)]
        return defs
    }

    /// A number with one of the quantity's units, or a template.
    static func quantity(_ q: Quantity) -> JSON {
        let units = q.units.map(\.0)
        return .obj(("type", .string("string")),
                    ("description", .string("A number with a unit (\(units.joined(separator: ", "))), such as "
                        + "\(q.example); or a $PARAMETER / {expression}")),
                    ("pattern", .string("^(\\s*[-+]?[0-9]*\\.?[0-9]+([eE][-+]?[0-9]+)?\\s*(\(units.joined(separator: "|")))\\s*"
                        + "|.*[$].*|.*[{].*[}].*)$")))
    }
}
