/// Transport block size and LDPC code-block segmentation of the NR shared channels.
public enum TransportBlock {
    /// TS 38.214 Table 5.1.3.2-1: TBS for N_info <= 3824.
    static let smallSizes: [Int] = [
        24, 32, 40, 48, 56, 64, 72, 80, 88, 96, 104, 112, 120, 128, 136, 144, 152, 160, 168, 176,
        184, 192, 208, 224, 240, 256, 272, 288, 304, 320, 336, 352, 368, 384, 408, 432, 456, 480,
        504, 528, 552, 576, 608, 640, 672, 704, 736, 768, 808, 848, 888, 928, 984, 1032, 1064, 1128,
        1160, 1192, 1224, 1256, 1288, 1320, 1352, 1416, 1480, 1544, 1608, 1672, 1736, 1800, 1864,
        1928, 2024, 2088, 2152, 2216, 2280, 2408, 2472, 2536, 2600, 2664, 2728, 2792, 2856, 2976,
        3104, 3240, 3368, 3496, 3624, 3752, 3824,
    ]

    /// TBS in bits. symbols = allocated PDSCH/PUSCH symbols N_symb^sh, dmrsPerPRB = N_DMRS^PRB (REs of DM-RS per PRB
    /// in the allocation), overhead = N_oh^PRB (0, 6, 12, 18), modulationOrder Qm, codeRate R (e.g. 0.5, i.e. R×1024/1024), layers ν.
    /// TS 38.214 §5.1.3.2 (PUSCH: §6.1.4.2, same steps). 0 when nothing fits (no PRB, no RE, R <= 0).
    public static func size(prbs: Int, symbols: Int, dmrsPerPRB: Int, overhead: Int, modulationOrder: Int,
                            codeRate: Double, layers: Int) -> Int {
        // Step 1: REs per PRB, capped at 156.
        let rePerPRB = 12 * symbols - dmrsPerPRB - overhead
        guard prbs > 0, rePerPRB > 0, modulationOrder > 0, layers > 0, codeRate > 0, codeRate.isFinite else { return 0 }
        let nRE = min(156, rePerPRB) * prbs
        // Step 2: N_info = N_RE·R·Qm·ν (exact in Double for R = k/1024 or k/2048).
        let nInfo = Double(nRE) * codeRate * Double(modulationOrder) * Double(layers)
        if nInfo <= 3824 {
            // Step 3: quantise, then the smallest table entry not below N'info.
            let n = max(3, floorLog2(nInfo) - 6)
            let step = Double(1 << n)
            let quantised = max(24, Int(step * (nInfo / step).rounded(.down)))
            return smallSizes.first { $0 >= quantised } ?? 3824
        }
        // Step 4: quantise N_info − 24 (ties round up), then fill whole code blocks of bytes.
        let n = floorLog2(nInfo - 24) - 5
        let step = Double(1 << n)
        let quantised = max(3840, Int(step * ((nInfo - 24) / step).rounded(.toNearestOrAwayFromZero)))
        let c: Int
        if codeRate <= 0.25 {
            c = ceilDiv(quantised + 24, 3816)
        } else if quantised > 8424 {
            c = ceilDiv(quantised + 24, 8424)
        } else {
            c = 1
        }
        return 8 * c * ceilDiv(quantised + 24, 8 * c) - 24
    }

    /// Number of LDPC code blocks C for a TBS (TS 38.212 §5.2.2 with base graph per §6.2.2/§7.2.2: BG2 when
    /// TBS <= 292, or TBS <= 3824 and R <= 0.67, or R <= 0.25; Kcb 8448 for BG1, 3840 for BG2). The transport
    /// block CRC is 24 bits, or 16 when TBS <= 3824 (TS 38.212 §6.2.1/§7.2.1); each block carries a 24-bit CRC
    /// when C > 1. 0 for an empty block.
    public static func codeBlocks(tbs: Int, codeRate: Double) -> Int {
        guard tbs > 0 else { return 0 }
        let bg2 = tbs <= 292 || (tbs <= 3824 && codeRate <= 0.67) || codeRate <= 0.25
        let kcb = bg2 ? 3840 : 8448
        let b = tbs + (tbs > 3824 ? 24 : 16)
        return b <= kcb ? 1 : ceilDiv(b, kcb - 24)
    }

    /// ⌊log2 x⌋ for x >= 1.
    private static func floorLog2(_ x: Double) -> Int {
        Int.bitWidth - 1 - Int(x.rounded(.down)).leadingZeroBitCount
    }

    private static func ceilDiv(_ a: Int, _ b: Int) -> Int { (a + b - 1) / b }
}
