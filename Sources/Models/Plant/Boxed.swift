/// A value kept behind one reference: a setting that most elements of a large plant do
/// not have (a port's TSN, a bridge's stream filter) costs them 8 bytes instead of its
/// full size, which counts at a million ports. Immutable, so sharing it is safe.
public final class Boxed<Value: Sendable & Equatable>: Sendable, Equatable {
    public let value: Value
    public init(_ value: Value) { self.value = value }
    public static func == (a: Boxed, b: Boxed) -> Bool { a === b || a.value == b.value }
}
