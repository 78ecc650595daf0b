/// An NR PDSCH modulation and coding scheme table: for each MCS index, the modulation
/// order Qm and the target code rate R (3GPP TS 38.214 Tables 5.1.3.1-1, -2, -3). The
/// raw value is the name the RRC parameter `mcs-Table` gives it (TS 38.331); the 64QAM
/// table applies when the parameter is absent.
public enum MCSTable: String, Sendable, CaseIterable {
    /// Table 5.1.3.1-1, up to 64QAM (indices 0...28).
    case qam64
    /// Table 5.1.3.1-2, up to 256QAM (indices 0...27).
    case qam256
    /// Table 5.1.3.1-3, up to 64QAM at low spectral efficiency, for high reliability (0...28).
    case qam64LowSE = "qam64lowse"

    /// 0, 1, 2 in declaration order: a compact key.
    @inlinable public var ordinal: Int {
        switch self {
        case .qam64: 0
        case .qam256: 1
        case .qam64LowSE: 2
        }
    }

    /// Number of usable indices, 0..<count; the indices above are reserved (they signal
    /// only a modulation order, for a retransmission).
    public var count: Int { entries.count }

    /// Modulation order Qm (bits per modulation symbol) of MCS `i`.
    public func modulationOrder(_ i: Int) -> Int { Int(entries[i].qm) }

    /// Target code rate R of MCS `i` (the table gives R × 1024).
    public func codeRate(_ i: Int) -> Double { entries[i].rateX1024 / 1024 }

    /// Spectral efficiency Qm·R of MCS `i`, in information bits per modulation symbol.
    public func spectralEfficiency(_ i: Int) -> Double { entries[i].spectralEfficiency }

    /// The table's rows, indexed by MCS.
    public var entries: [Row] {
        switch self {
        case .qam64: return Self.qam64Rows
        case .qam256: return Self.qam256Rows
        case .qam64LowSE: return Self.qam64LowSERows
        }
    }

    /// One row of an MCS or CQI table: modulation order and target code rate × 1024.
    public struct Row: Sendable, Equatable {
        /// Modulation order Qm: 2 QPSK, 4 16QAM, 6 64QAM, 8 256QAM.
        public var qm: UInt8
        /// Target code rate R × 1024 (not always whole: 682.5 and 916.5 in the 256QAM table).
        public var rateX1024: Double

        /// A row from its modulation order and code rate × 1024.
        public init(qm: UInt8, rateX1024: Double) {
            self.qm = qm
            self.rateX1024 = rateX1024
        }

        /// Target code rate R.
        public var codeRate: Double { rateX1024 / 1024 }
        /// Qm·R, information bits per modulation symbol.
        public var spectralEfficiency: Double { Double(qm) * rateX1024 / 1024 }
    }
}

extension MCSTable {
    /// 3GPP TS 38.214 Table 5.1.3.1-1 (MCS 4 is 308, not 306; MCS 28 is 948).
    static let qam64Rows = rows([
        (2, 120), (2, 157), (2, 193), (2, 251), (2, 308), (2, 379), (2, 449), (2, 526), (2, 602), (2, 679),
        (4, 340), (4, 378), (4, 434), (4, 490), (4, 553), (4, 616), (4, 658),
        (6, 438), (6, 466), (6, 517), (6, 567), (6, 616), (6, 666), (6, 719), (6, 772), (6, 822), (6, 873),
        (6, 910), (6, 948),
    ])

    /// 3GPP TS 38.214 Table 5.1.3.1-2.
    static let qam256Rows = rows([
        (2, 120), (2, 193), (2, 308), (2, 449), (2, 602),
        (4, 378), (4, 434), (4, 490), (4, 553), (4, 616), (4, 658),
        (6, 466), (6, 517), (6, 567), (6, 616), (6, 666), (6, 719), (6, 772), (6, 822), (6, 873),
        (8, 682.5), (8, 711), (8, 754), (8, 797), (8, 841), (8, 885), (8, 916.5), (8, 948),
    ])

    /// 3GPP TS 38.214 Table 5.1.3.1-3.
    static let qam64LowSERows = rows([
        (2, 30), (2, 40), (2, 50), (2, 64), (2, 78), (2, 99), (2, 120), (2, 157), (2, 193), (2, 251),
        (2, 308), (2, 379), (2, 449), (2, 526), (2, 602),
        (4, 340), (4, 378), (4, 434), (4, 490), (4, 553), (4, 616),
        (6, 438), (6, 466), (6, 517), (6, 567), (6, 616), (6, 666), (6, 719), (6, 772),
    ])

    static func rows(_ list: [(UInt8, Double)]) -> [Row] {
        list.map { Row(qm: $0.0, rateX1024: $0.1) }
    }
}
