import Kernel

/// What a scenario key holds: how its value is read from the tree, with every check and
/// message, and the JSON Schema fragment that describes it to editors. Reading and schema
/// come from one place, so they cannot disagree.
struct ValueType<Value>: Sendable {
    /// Reads a value node; `what` names it in messages ("'rate' of link a→b"). A bad value
    /// is reported at its position and read as nil.
    let read: @Sendable (Reader, YNode, String) -> Value?
    let schema: JSON
    /// Names inside the value (enumeration names, keys of nested mappings), for the check
    /// that the documentation mentions every one.
    let words: [String]

    init(schema: JSON, words: [String] = [], read: @escaping @Sendable (Reader, YNode, String) -> Value?) {
        self.read = read
        self.schema = schema
        self.words = words
    }

    /// The same value transformed after reading.
    func map<T>(_ f: @escaping @Sendable (Value) -> T) -> ValueType<T> {
        let inner = read
        return ValueType<T>(schema: schema, words: words) { r, n, w in inner(r, n, w).map(f) }
    }
}

// MARK: Text and names

extension ValueType where Value == String {
    /// Any non-empty text.
    static var text: ValueType { ValueType(schema: .type("string")) { r, n, w in r.string(n, w) } }

    /// One of `names`; anything else is answered with the list and the nearest name.
    static func names(_ names: [String], noun: String) -> ValueType {
        ValueType(schema: .templatable(.obj(("enum", .strings(names)))), words: names) { r, n, w in
            guard let s = r.string(n, w) else { return nil }
            if names.contains(s) { return s }
            r.d.error(n.pos, "unknown \(noun) '\(s)'; expected \(alternatives(names))" + didYouMean(s, in: names))
            return nil
        }
    }
}

/// "a", "a or b", "one of a, b, c".
func alternatives(_ names: [String]) -> String {
    switch names.count {
    case 1: return names[0]
    case 2: return names.joined(separator: " or ")
    default: return "one of " + names.joined(separator: ", ")
    }
}

extension ValueType where Value: CaseIterable & RawRepresentable & Sendable, Value.RawValue == String {
    /// A model enumeration chosen by its name (`strict-priority`, `edf`, `cycle`).
    static func choice(noun: String) -> ValueType {
        ValueType<String>.names(Value.allCases.map(\.rawValue), noun: noun).map { Value(rawValue: $0)! }
    }
}

// MARK: Numbers

extension ValueType where Value == Int64 {
    static func integer(_ range: ClosedRange<Int64>) -> ValueType {
        ValueType(schema: .templatable(.obj(("type", .string("integer")), ("minimum", .int(range.lowerBound)),
                                           ("maximum", .int(range.upperBound))))) { r, n, w in r.int(n, w, range) }
    }

    /// Bits per second, at least 1bps.
    static var rate: ValueType { ValueType(schema: .ref("rate")) { r, n, w in r.rate(n, w) } }

    /// A whole number of bytes up to `max`.
    static func bytes(positive: Bool, max: Int64) -> ValueType {
        ValueType(schema: .ref("size")) { r, n, w in r.bytes(n, w, positive: positive, max: max) }
    }
}

extension ValueType where Value == SimTime {
    /// Whole picoseconds, at most `Time.maximum`.
    static func time(positive: Bool) -> ValueType {
        ValueType(schema: .ref("time")) { r, n, w in r.time(n, w, positive: positive) }
    }
}

extension ValueType where Value == Double {
    /// A quantity of `q` in its base unit (metres, hertz, cycles).
    static func quantity(_ q: Quantity, positive: Bool) -> ValueType {
        ValueType(schema: .ref(q.rawValue)) { r, n, w in r.quantity(n, q, w, positive: positive) }
    }

    /// A plain number (no unit) of at least `min` (above it when `exclusive`).
    static func number(min: Double, exclusive: Bool = false) -> ValueType {
        let bound: (String, JSON) = (exclusive ? "exclusiveMinimum" : "minimum", .number(min))
        return ValueType(schema: .templatable(.obj(("type", .string("number")), bound))) { r, n, w in
            r.double(n, w, min: min, exclusiveMin: exclusive)
        }
    }

    /// A probability written `0.1%` or `0.001`, in the given range.
    static func probability(_ range: ProbabilityRange) -> ValueType {
        ValueType(schema: range.schema) { r, n, w in r.probability(n, w, range) }
    }
}

extension ValueType where Value == Bool {
    /// `true` or `false`.
    static var boolean: ValueType {
        ValueType(schema: .templatable(.type("boolean"))) { r, n, w in r.bool(n, w) }
    }
}

// MARK: Limits

/// A bound that may be lifted: a buffer or queue of a given size, or `unbounded`.
enum Limit<T: Sendable>: Sendable {
    case unbounded
    case at(T)

    var value: T? { if case let .at(v) = self { return v } else { return nil } }
}

extension ValueType {
    /// `inner`, or the word `unbounded`. `hint` is added to the name of the value in the
    /// messages about `inner`.
    static func limit<T>(_ inner: ValueType<T>, hint: String = "") -> ValueType<Limit<T>> where Value == Limit<T> {
        ValueType<Limit<T>>(schema: .anyOf([inner.schema, .obj(("const", .string("unbounded")))]), words: ["unbounded"]) {
            r, n, w in
            if n.scalar == "unbounded" { return .unbounded }
            return inner.read(r, n, w + hint).map { .at($0) }
        }
    }
}

// MARK: Structure

extension ValueType where Value == YNode {
    /// A mapping with the keys of `record` (unknown keys are reported); its values are read
    /// by the builder through the record's fields.
    static func record(_ record: Record) -> ValueType {
        ValueType(schema: record.schema, words: record.words) { r, n, w in
            guard r.map(n, w) != nil else { return nil }
            record.checkKeys(n, r, w)
            return n
        }
    }

    /// A value the builder interprets itself (a node reference, a list of them, parameters).
    static func raw(_ schema: JSON, words: [String] = []) -> ValueType {
        ValueType(schema: schema, words: words) { _, n, _ in n }
    }
}
