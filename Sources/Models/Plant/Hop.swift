/// One step of a frame's route: which technology carries it and which of its elements.
/// A route is a list of hops, so one path may cross several technologies (device →
/// Ethernet → edge server → Ethernet → actuator; cell → gateway → carrier → cloud).
///
/// Packed in 32 bits, the kind in the top 4 and the index in the low 28, so routes of a
/// plant with a million sources stay small.
public struct Hop: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: UInt8, Sendable, CaseIterable {
        /// An Ethernet egress port (index into `PlantSpec.ports`).
        case port = 0
        /// One direction of an external-network link (index into `PlantSpec.links`).
        case link = 1
        /// A service of a compute node (index into `PlantSpec.services`).
        case service = 2
        /// One direction of a terminal's radio: index = terminal << 1 | 1 for the uplink
        /// (to its gNB), terminal << 1 for the downlink (to it).
        case radio = 3
    }

    public static let maxIndex = 1 << 28 - 1

    @usableFromInline let bits: UInt32

    public init(_ kind: Kind, _ index: Int) {
        precondition(index >= 0 && index <= Hop.maxIndex, "hop index out of range")
        bits = UInt32(kind.rawValue) << 28 | UInt32(index)
    }

    public static func port(_ i: Int) -> Hop { Hop(.port, i) }
    public static func link(_ i: Int) -> Hop { Hop(.link, i) }
    public static func service(_ i: Int) -> Hop { Hop(.service, i) }
    public static func radio(ue: Int, uplink: Bool) -> Hop { Hop(.radio, ue << 1 | (uplink ? 1 : 0)) }

    @inlinable public var kind: Kind { Kind(rawValue: UInt8(truncatingIfNeeded: bits >> 28)).unsafelyUnwrapped }
    @inlinable public var index: Int { Int(bits & 0x0FFF_FFFF) }

    public var description: String { "\(kind)(\(index))" }
}
