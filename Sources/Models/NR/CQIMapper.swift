import Foundation
/// CQI from SINR (TS 38.214 §5.2.2.1): the highest CQI whose transport block, sent at
/// the CQI's modulation and code rate in the CSI reference resource, would be received
/// with BLER at most the table's target (0.1, or 1e-5 for table 3); 0 when none.
///
/// The same BLER machinery as `BLERModel` (one curve per CQI row), with the transport
/// block of the CSI reference resource taken as N_RE·R·Qm bits over `referencePRBs`
/// PRBs of 132 REs each: 12 symbols carrying PDSCH and DM-RS (two of the slot's 14 are
/// left to the PDCCH), one of them a DM-RS symbol. That is this model's reading of the
/// reference resource of TS 38.214 §5.2.2.5, before the TBS quantisation of §5.1.3.2.
/// The SINR threshold of every CQI is found once, at construction; a report is then a
/// scan of 15 numbers.
public final class CQIMapper: @unchecked Sendable {
    /// REs per PRB of the CSI reference resource (12 subcarriers × 11 data symbols).
    public static let referenceREsPerPRB = 132

    /// The CQI table reported against.
    public let table: CQITable
    /// PRBs of the CSI reference resource (the band the CQI describes).
    public let referencePRBs: Int
    /// Transport block size in bits assumed for CQI 1...15 (index cqi − 1).
    public let referenceTBS: [Int]
    /// Smallest SINR in dB at which CQI 1...15 (index cqi − 1) meets the table's target.
    public let thresholdsDB: [Double]
    /// Each threshold as a linear SINR, 1e-9 above and below (see `channelQuality(linear:)`).
    @usableFromInline let surelyAbove: [Double]
    @usableFromInline let surelyBelow: [Double]
    let curves: BLERCurves

    /// A mapper for `table`, decoding `implementationLossDB` dB short of the bound (as
    /// `BLERModel`), over a reference resource of `referencePRBs` PRBs (52 by default,
    /// 10 MHz at 15 kHz or 20 MHz at 30 kHz subcarrier spacing).
    public init(table: CQITable, implementationLossDB: Double = 1.0, referencePRBs: Int = 52) {
        precondition(referencePRBs > 0, "the CSI reference resource needs at least one PRB")
        self.table = table
        self.referencePRBs = referencePRBs
        curves = BLERCurves(rows: table.entries, implementationLossDB: implementationLossDB)
        let res = Double(Self.referenceREsPerPRB * referencePRBs)
        referenceTBS = table.entries.map { max(24, Int(res * $0.spectralEfficiency)) }
        var thresholds: [Double] = []
        for r in 0..<table.entries.count {
            thresholds.append(curves.requiredSINR(row: r, tbs: referenceTBS[r], target: table.blerTarget))
        }
        thresholdsDB = thresholds
        surelyAbove = thresholds.map { pow(10, $0 / 10) * (1 + 1e-9) }
        surelyBelow = thresholds.map { pow(10, $0 / 10) * (1 - 1e-9) }
    }

    /// The CQI to report at `sinrDB`: the highest whose threshold the SINR reaches, 0 if none.
    public func channelQuality(sinrDB: Double) -> Int {
        var cqi = thresholdsDB.count
        while cqi > 0 {
            if sinrDB >= thresholdsDB[cqi - 1] { return cqi }
            cqi -= 1
        }
        return 0
    }

    /// `channelQuality(sinrDB: 10·log10(x))` for a linear SINR x, without the logarithm
    /// unless x lies within a relative 1e-9 of a threshold: further away, the comparison in
    /// linear terms cannot differ from the one in dB (10·log10(1 ± 1e-9) is ±4.3e-9 dB,
    /// far beyond the logarithm's rounding).
    @inlinable
    public func channelQuality(linear x: Double) -> Int {
        var cqi = surelyAbove.count
        while cqi > 0 {
            if x >= surelyAbove[cqi &- 1] { return cqi }
            if x > surelyBelow[cqi &- 1] { return channelQuality(sinrDB: 10 * log10(x)) }
            cqi &-= 1
        }
        return 0
    }

    /// BLER of CQI `cqi`'s reference transport block at `sinrDB` (1 for CQI 0).
    public func bler(cqi: Int, sinrDB: Double) -> Double {
        precondition(cqi >= 0 && cqi <= 15, "CQI is 0...15")
        if cqi == 0 { return 1 }
        return curves.transportBlockBLER(row: cqi - 1, tbs: referenceTBS[cqi - 1], sinrDB: sinrDB)
    }
}

/// CQI from SINR (TS 38.214 §5.2.2.1) with `mapper`'s table, target and reference
/// resource; 0 when no CQI meets the target.
public func channelQuality(sinrDB: Double, mapper: CQIMapper) -> Int {
    mapper.channelQuality(sinrDB: sinrDB)
}
