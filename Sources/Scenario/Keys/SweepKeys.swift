/// The keys of `sweep:`, which `fnsim sweep` runs (other commands check it and leave it).
enum SweepKeys {
    static let values = JSON.obj(("type", .string("object")), ("additionalProperties", .anyOf([
        .obj(("type", .string("array")), ("items", .anyOf([.type("string"), .type("number")])), ("minItems", .int(1))),
        .type("string"), .type("number"),
    ])))
    static let grid = Field("grid", .raw(values),
                            "PATH: values (a list, or a range such as 100us..1ms*5): every combination is run")
    static let zip = Field("zip", .raw(values), "PATH: values, lists of one length advanced together (crossed with grid)")
    static let replications = Field("replications", .integer(1...1_000_000),
                                    "Replications of every point and design (default 1)")
    static let designs = Field("designs", .raw(.obj(("type", .string("array")), ("items", .type("string")))),
                               "The designs run at every point: base and variant names (default all)")
    static let record = Record("A parameter sweep, run by fnsim sweep", [grid.key, zip.key, replications.key, designs.key])
}
