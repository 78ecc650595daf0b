/// The technologies a plant composes. Each numbers its own event kinds in a range of its
/// own (kind = technology << 8 | local kind), so the plant dispatches an event with one
/// switch on the range and the component with one switch on its kinds.
public enum Technology: Int32, Sendable, CaseIterable {
    /// The plant itself: frames reaching the end of a hop.
    case plant = 0
    case traffic = 1
    case ethernet = 2
    case external = 3
    case compute = 4
    case nr = 5
    /// Failures and repairs, and the forwarding protocol's answers.
    case faults = 6

    /// The event kind `local` of this technology.
    @inlinable public func kind(_ local: Int32) -> Int32 { rawValue << 8 | local }

    /// The technology of an event kind.
    @inlinable public static func of(kind: Int32) -> Int32 { kind >> 8 }
}
