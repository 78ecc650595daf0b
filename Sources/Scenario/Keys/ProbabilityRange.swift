/// Where a probability must lie: [0, 1) for a loss rate, (0, 1) for a Gilbert-Elliott
/// rate, [0, 1] for a transition probability.
struct ProbabilityRange: Sendable {
    var lowOpen: Bool
    var highOpen: Bool

    static let belowOne = ProbabilityRange(lowOpen: false, highOpen: true)
    static let open = ProbabilityRange(lowOpen: true, highOpen: true)
    static let closed = ProbabilityRange(lowOpen: false, highOpen: false)
    static let aboveZero = ProbabilityRange(lowOpen: true, highOpen: false)

    func contains(_ p: Double) -> Bool { (lowOpen ? p > 0 : p >= 0) && (highOpen ? p < 1 : p <= 1) }

    var text: String {
        (lowOpen ? "above 0" : "at least 0") + " and " + (highOpen ? "below 1 (100%)" : "at most 1 (100%)")
    }

    var schema: JSON {
        let number = JSON.obj(("type", .string("number")), (lowOpen ? "exclusiveMinimum" : "minimum", .int(0)),
                              (highOpen ? "exclusiveMaximum" : "maximum", .int(1)))
        let percent = JSON.obj(("type", .string("string")), ("pattern", .string("^\\s*[0-9]*\\.?[0-9]+([eE][-+]?[0-9]+)?\\s*%\\s*$")))
        return .anyOf([number, percent, .ref("expression")])
    }
}
