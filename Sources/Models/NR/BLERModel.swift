/// Block error rate of NR transport blocks per MCS from the effective SINR: one curve
/// per MCS of `table`, from the finite-blocklength normal approximation of the AWGN
/// channel, precomputed at construction and interpolated with GSL (see `BLERCurves`
/// for the model, the grids and its accuracy).
///
/// Build one per MCS table and share it: after `init` nothing changes, and lookups use
/// no shared mutable state (`@unchecked Sendable` for that reason; the GSL objects are
/// freed in deinit). `bler` and `selectMCS` allocate nothing.
public final class BLERModel: @unchecked Sendable {
    /// The MCS table whose rows the curves describe.
    public let table: MCSTable
    /// SINR penalty in dB of real LDPC decoding against the normal-approximation bound.
    public let implementationLossDB: Double
    let curves: BLERCurves

    /// Curves for every MCS of `table`, with decoding `implementationLossDB` dB short of
    /// the finite-blocklength bound (1 dB by default).
    public init(table: MCSTable, implementationLossDB: Double = 1.0) {
        self.table = table
        self.implementationLossDB = implementationLossDB
        curves = BLERCurves(rows: table.entries, implementationLossDB: implementationLossDB)
        fallsWithSINR = curves.fallsWithSINR
    }

    /// SINRs in dB the curves span; values outside are clamped to it.
    public static let sinrRangeDB: ClosedRange<Double> = BLERCurves.sinrLowDB...BLERCurves.sinrHighDB

    /// BLER of one transport block of `tbs` bits sent at MCS `mcs` received at SINR `sinrDB` (effective, after combining).
    public func bler(mcs: Int, tbs: Int, sinrDB: Double) -> Double {
        precondition(mcs >= 0 && mcs < table.count && tbs > 0, "MCS \(mcs) outside \(table.rawValue) or empty TB")
        return curves.transportBlockBLER(row: mcs, tbs: tbs, sinrDB: sinrDB)
    }

    /// SINRs in dB of the curves' grid, `sinrRangeDB` in equal steps: BLER at a SINR
    /// between two of them lies between its values at both (when `fallsWithSINR`).
    public static let gridStepDB = BLERCurves.sinrStepDB
    public static let gridPoints = BLERCurves.sinrPoints

    /// Whether BLER falls (or stays) as SINR rises on every curve, as the model's curves
    /// do; checked once at construction.
    public let fallsWithSINR: Bool

    /// The smallest SINR (dB) at which bler(mcs, tbs, ·) <= target (bisection on the curve).
    /// −20 dB (the curves' lower end) if the target is met there already; +∞ if it is not
    /// met even at 35 dB.
    public func requiredSINR(mcs: Int, tbs: Int, target: Double) -> Double {
        precondition(mcs >= 0 && mcs < table.count && tbs > 0, "MCS \(mcs) outside \(table.rawValue) or empty TB")
        return curves.requiredSINR(row: mcs, tbs: tbs, target: target)
    }

    /// The highest MCS whose BLER at `sinrDB` is <= target for a TB of about `tbs` bits (0 if none).
    public func selectMCS(sinrDB: Double, tbs: Int, target: Double) -> Int {
        var m = table.count - 1
        while m > 0 {
            if curves.transportBlockBLER(row: m, tbs: tbs, sinrDB: sinrDB) <= target { return m }
            m -= 1
        }
        return 0
    }

    /// How a transport block is cut into LDPC code blocks (TS 38.212 §5.2.2).
    public struct CodeBlocks: Sendable, Equatable {
        /// Number of code blocks C.
        public var count: Int
        /// Information bits per code block K' = B'/C, CRC bits included.
        public var bitsPerBlock: Double
        /// LDPC base graph, 1 or 2 (TS 38.212 §7.2.2).
        public var baseGraph: Int
    }

    /// The code blocks of a transport block of `tbs` bits at target code rate `codeRate`:
    /// a 24-bit TB CRC above 3824 bits, else 16 (TS 38.212 §7.2.1); base graph 2 if
    /// A ≤ 292, or A ≤ 3824 and R ≤ 0.67, or R ≤ 0.25, else 1 (§7.2.2); at most 8448
    /// (graph 1) or 3840 (graph 2) bits per block, each segment adding a 24-bit CRC (§5.2.2).
    public static func codeBlocks(tbs: Int, codeRate: Double) -> CodeBlocks {
        let a = tbs
        let graph = (a <= 292 || (a <= 3824 && codeRate <= 0.67) || codeRate <= 0.25) ? 2 : 1
        let maxBlock = graph == 1 ? 8448 : 3840
        let b = a + (a > 3824 ? 24 : 16)
        if b <= maxBlock { return CodeBlocks(count: 1, bitsPerBlock: Double(b), baseGraph: graph) }
        let c = (b + maxBlock - 24 - 1) / (maxBlock - 24)
        return CodeBlocks(count: c, bitsPerBlock: Double(b + 24 * c) / Double(c), baseGraph: graph)
    }
}
