/// Keys that repeat an entry (see `Substituter`); they are consumed when templates are
/// expanded, before the entry is read.
enum TemplateKeys {
    static let loop = Field("for", .raw(.obj(
        ("type", .string("object")),
        ("additionalProperties", .anyOf([.type("string"), .type("integer"), .type("array")])))),
        "Repeat this entry for every combination of the variables, first outermost: {c: 1..$C, i: 1..$D}; "
            + "a value is a range a..b or a list")
    static let count = Field("count", .raw(.anyOf([.obj(("type", .string("integer")), ("minimum", .int(0))),
                                                   .type("string")])),
                             "Repeat this entry N times with {i} = 1..N (0 makes none); not together with for")

    /// Nodes and links repeat with `for` or `count`; flows only with `for` (`count` is a
    /// burst's frame count).
    static let forAndCount = [loop.key, count.key]
    static let forOnly = [loop.key]
}
