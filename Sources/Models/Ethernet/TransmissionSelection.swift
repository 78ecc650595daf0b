/// How an egress port picks the next frame among its traffic classes (IEEE 802.1Q 8.6.8):
/// a value chosen by its scenario name when the plant is built. TSN adds gates and
/// shapers as more values.
public enum TransmissionSelection: String, Sendable, Equatable, CaseIterable {
    /// IEEE 802.1Q 8.6.8.1: the highest traffic class with a frame waiting, FIFO within it.
    case strictPriority = "strict-priority"

    /// The traffic class to serve next, given a bit set of the classes with frames waiting
    /// (bit c for class c); nil when none may send.
    @inlinable
    public func select(waiting classes: UInt8) -> Int? {
        guard classes != 0 else { return nil }
        switch self {
        case .strictPriority: return 7 &- classes.leadingZeroBitCount
        }
    }
}

/// Recommended priority to traffic class mappings, IEEE 802.1Q-2018 Table 8-5: for a port
/// with n traffic classes, row n − 1 gives the class of priorities 0...7. Priority 1
/// (background) ranks below priority 0 (best effort) once there are six classes or more.
public enum TrafficClassMap {
    static let table: [[UInt8]] = [
        [0, 0, 0, 0, 0, 0, 0, 0],
        [0, 0, 0, 0, 1, 1, 1, 1],
        [0, 0, 0, 0, 1, 1, 2, 2],
        [0, 0, 1, 1, 2, 2, 3, 3],
        [0, 0, 1, 1, 2, 2, 3, 4],
        [1, 0, 2, 2, 3, 3, 4, 5],
        [1, 0, 2, 3, 4, 4, 5, 6],
        [1, 0, 2, 3, 4, 5, 6, 7],
    ]

    /// The class of `priority` on a port with `classes` traffic classes (1...8).
    public static func trafficClass(priority: Int, classes: Int) -> Int {
        Int(table[Swift.min(Swift.max(classes, 1), 8) - 1][priority & 7])
    }

    /// The row for `classes` packed four bits per priority, for a lookup without arrays.
    public static func packed(classes: Int) -> UInt32 {
        (0..<8).reduce(UInt32(0)) { $0 | UInt32(trafficClass(priority: $1, classes: classes)) << (4 * UInt32($1)) }
    }
}
