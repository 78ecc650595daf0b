/// An NR 4-bit CQI table (3GPP TS 38.214 §5.2.2.1): CQI 0 is "out of range", CQI 1...15
/// name a modulation order, a target code rate and an efficiency. The UE reports the
/// highest CQI whose transport block would be received with a block error rate at most
/// `blerTarget`.
public enum CQITable: String, Sendable, CaseIterable {
    /// Table 5.2.2.1-2, up to 64QAM, target BLER 0.1.
    case table1
    /// Table 5.2.2.1-3, up to 256QAM, target BLER 0.1.
    case table2
    /// Table 5.2.2.1-4, up to 64QAM at low efficiency, target BLER 1e-5.
    case table3

    /// Modulation order Qm of `cqi` (0 for CQI 0).
    public func modulationOrder(_ cqi: Int) -> Int { cqi == 0 ? 0 : Int(entries[cqi - 1].qm) }

    /// Target code rate of `cqi` (the table gives it × 1024; 0 for CQI 0).
    public func codeRate(_ cqi: Int) -> Double { cqi == 0 ? 0 : entries[cqi - 1].rateX1024 / 1024 }

    /// Efficiency of `cqi` as printed in the table (four decimals; 0 for CQI 0).
    public func efficiency(_ cqi: Int) -> Double { cqi == 0 ? 0 : efficiencies[cqi - 1] }

    /// The transport-block error probability a reported CQI promises (TS 38.214 §5.2.2.1):
    /// 0.1, or 0.00001 for the table configured for high reliability (table 3).
    public var blerTarget: Double { self == .table3 ? 1e-5 : 0.1 }

    /// Rows for CQI 1...15 (index cqi − 1).
    public var entries: [MCSTable.Row] {
        switch self {
        case .table1: return Self.table1Rows
        case .table2: return Self.table2Rows
        case .table3: return Self.table3Rows
        }
    }

    /// Printed efficiencies for CQI 1...15 (index cqi − 1).
    public var efficiencies: [Double] {
        switch self {
        case .table1: return Self.table1Efficiency
        case .table2: return Self.table2Efficiency
        case .table3: return Self.table3Efficiency
        }
    }
}

extension CQITable {
    /// 3GPP TS 38.214 Table 5.2.2.1-2 (the same rows as LTE's TS 36.213 Table 7.2.3-1).
    static let table1Rows = MCSTable.rows([
        (2, 78), (2, 120), (2, 193), (2, 308), (2, 449), (2, 602),
        (4, 378), (4, 490), (4, 616),
        (6, 466), (6, 567), (6, 666), (6, 772), (6, 873), (6, 948),
    ])
    static let table1Efficiency: [Double] = [
        0.1523, 0.2344, 0.3770, 0.6016, 0.8770, 1.1758, 1.4766, 1.9141, 2.4063,
        2.7305, 3.3223, 3.9023, 4.5234, 5.1152, 5.5547,
    ]

    /// 3GPP TS 38.214 Table 5.2.2.1-3.
    static let table2Rows = MCSTable.rows([
        (2, 78), (2, 193), (2, 449),
        (4, 378), (4, 490), (4, 616),
        (6, 466), (6, 567), (6, 666), (6, 772), (6, 873),
        (8, 711), (8, 797), (8, 885), (8, 948),
    ])
    static let table2Efficiency: [Double] = [
        0.1523, 0.3770, 0.8770, 1.4766, 1.9141, 2.4063, 2.7305, 3.3223, 3.9023,
        4.5234, 5.1152, 5.5547, 6.2266, 6.9141, 7.4063,
    ]

    /// 3GPP TS 38.214 Table 5.2.2.1-4.
    static let table3Rows = MCSTable.rows([
        (2, 30), (2, 50), (2, 78), (2, 120), (2, 193), (2, 308), (2, 449), (2, 602),
        (4, 378), (4, 490), (4, 616),
        (6, 466), (6, 567), (6, 666), (6, 772),
    ])
    static let table3Efficiency: [Double] = [
        0.0586, 0.0977, 0.1523, 0.2344, 0.3770, 0.6016, 0.8770, 1.1758, 1.4766,
        1.9141, 2.4063, 2.7305, 3.3223, 3.9023, 4.5234,
    ]
}
