/// Standardized 5QI values and their default priority levels (3GPP TS 23.501 Table
/// 5.7.4-1). Only the rows checked against two public copies of the table are here; any
/// other 5QI needs an explicit priority level.
public enum FiveQI {
    static let priorityLevels: [Int: Int] = [
        1: 20, 2: 40, 3: 30, 4: 50, 65: 7, 66: 20, 67: 15, 71: 56, 72: 56, 73: 56, 74: 56, 76: 56,
        5: 10, 6: 60, 7: 70, 8: 80, 9: 90, 69: 5, 70: 55, 79: 65, 80: 68, 82: 19, 83: 22,
    ]

    /// The default priority level of a standardized 5QI (lower is served first), or nil.
    public static func priorityLevel(_ fiveQI: Int) -> Int? { priorityLevels[fiveQI] }

    /// The 5QIs this table knows, in order.
    public static var known: [Int] { priorityLevels.keys.sorted() }
}
