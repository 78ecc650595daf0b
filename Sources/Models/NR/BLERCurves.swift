import CGSL
import Foundation
import Kernel

/// Block-error curves for a list of (modulation order, code rate) rows, the machinery
/// under `BLERModel` (MCS rows) and `CQIMapper` (CQI rows).
///
/// Each code block is judged by the normal approximation to the error probability of
/// the best code of its length on the AWGN channel (Polyanskiy, Poor, Verdú, "Channel
/// coding rate in the finite blocklength regime", IEEE Trans. IT 56(5), 2010):
///   ε ≈ Q(z),  z = (n·C(γ) − k + ½·log2 n) / sqrt(n·V(γ)),
///   C = log2(1 + γ),  V = (1 − (1 + γ)^−2)·(log2 e)²,
/// with k the information bits of the code block, n its channel uses (complex symbols)
/// and γ the SINR lowered by the implementation loss (how far LDPC decoding stays from
/// the bound; 1 dB by default).
///
/// Channel uses. TS 38.214 §5.1.3.2 sizes a transport block of A bits so that
/// A ≈ N_RE·R·Qm, so the TB occupies A/(R·Qm) symbols and each of its C code blocks
/// n = A/(C·R·Qm). A code block carries k = K' = B'/C bits (TS 38.212 §5.2.2), the TB's
/// share plus the CRC bits (24 or 16 per TB, 24 per code block when segmented), so the
/// CRC raises the real rate a little above R, which matters for small blocks.
///
/// Storage. For every row, on a grid of SINRs (−20...35 dB, 0.25 dB) and of payload
/// sizes k₀ = A/C (24...8448 bits, 18 points log-spaced), the curve holds z/√k₀ computed
/// at k = k₀, n = k₀/(R·Qm). A lookup interpolates each curve in SINR with GSL's Steffen
/// method (monotone, so a curve cannot overshoot), linearly in log k₀ between the two
/// neighbouring sizes, multiplies back by √k₀, and adds the CRC bits exactly: z falls by
/// (k − k₀)/sqrt(n·V). The normal deviate z, unlike log10 BLER, is nearly linear in SINR
/// and ∝ √k, so the 0.25 dB grid and the coarse size grid stay within about 1.5 % of the
/// formula in BLER wherever BLER > 1e-6 (log10 BLER on this grid was off by up to 70 %
/// on the steep curves of long blocks).
///
/// SINRs outside the grid are clamped to it: below −20 dB every row fails (BLER ≈ 1 even
/// for the lowest-rate row), above 35 dB the value at 35 dB is kept (conservative).
final class BLERCurves {
    static let sinrLowDB = -20.0
    static let sinrHighDB = 35.0
    static let sinrStepDB = 0.25
    static let sinrPoints = 221  // (35 − (−20)) / 0.25 + 1
    static let blockLowBits = 24.0
    static let blockHighBits = 8448.0
    static let blockPoints = 18
    static let logBlockStep = log(blockHighBits / blockLowBits) / Double(blockPoints - 1)

    let rows: [MCSTable.Row]
    let implementationLossDB: Double
    /// 10^(−loss/10): γ_eff = γ·lossFactor.
    let lossFactor: Double
    /// SINR grid in dB, shared by every curve.
    let sinrGrid: UnsafeMutablePointer<Double>
    /// z/√k₀ per (row, size, SINR), row-major.
    let values: UnsafeMutablePointer<Double>
    /// One Steffen interpolation per (row, size).
    let interps: UnsafeMutablePointer<UnsafeMutablePointer<gsl_interp>>

    init(rows: [MCSTable.Row], implementationLossDB: Double) {
        GSL.configure()
        let nS = Self.sinrPoints, nK = Self.blockPoints
        self.rows = rows
        self.implementationLossDB = implementationLossDB
        lossFactor = pow(10, -implementationLossDB / 10)
        sinrGrid = .allocate(capacity: nS)
        for i in 0..<nS { sinrGrid[i] = Self.sinrLowDB + Double(i) * Self.sinrStepDB }
        values = .allocate(capacity: rows.count * nK * nS)
        interps = .allocate(capacity: rows.count * nK)
        for (r, row) in rows.enumerated() {
            let eta = row.spectralEfficiency
            for j in 0..<nK {
                let k = Self.blockBits(j)
                let base = (r * nK + j) * nS
                for i in 0..<nS {
                    let z = Self.deviate(sinrDB: sinrGrid[i], informationBits: k, channelUses: k / eta,
                                         implementationLossDB: implementationLossDB)
                    values[base + i] = z / k.squareRoot()
                }
                let interp = gsl_interp_alloc(fnsim_interp_steffen(), nS)!
                gsl_interp_init(interp, sinrGrid, values + base, nS)
                interps[r * nK + j] = interp
            }
        }
    }

    deinit {
        for i in 0..<(rows.count * Self.blockPoints) { gsl_interp_free(interps[i]) }
        interps.deallocate()
        values.deallocate()
        sinrGrid.deallocate()
    }

    /// Whether every curve's data rise with SINR. Steffen's interpolation then rises on
    /// every interval, and so does the CRC correction, so a block's BLER falls with SINR
    /// everywhere: its values at the grid SINRs around a SINR bound it (`DecodeDecisions`).
    var fallsWithSINR: Bool {
        let nS = Self.sinrPoints
        return (0..<(rows.count * Self.blockPoints)).allSatisfy { curve in
            (1..<nS).allSatisfy { values[curve * nS + $0] >= values[curve * nS + $0 - 1] }
        }
    }

    /// Payload size of grid point `j`, bits.
    static func blockBits(_ j: Int) -> Double { blockLowBits * exp(Double(j) * logBlockStep) }

    /// The normal-approximation deviate z for k information bits in n channel uses at a
    /// SINR in dB; the code block fails with probability Q(z).
    static func deviate(sinrDB: Double, informationBits k: Double, channelUses n: Double,
                        implementationLossDB: Double) -> Double {
        let gamma = pow(10, (sinrDB - implementationLossDB) / 10)
        let c = log2(1 + gamma)
        let v = dispersion(gamma)
        return (n * c - k + 0.5 * log2(n)) / (n * v).squareRoot()
    }

    /// AWGN dispersion in bits² per channel use: (1 − (1+γ)^−2)·(log2 e)².
    static func dispersion(_ gamma: Double) -> Double {
        let log2e = 1.4426950408889634  // log2(e)
        let a = 1 / (1 + gamma)
        // 1 − a² = (1 − a)(1 + a) with 1 − a = γ/(1+γ): exact for small γ.
        return gamma * a * (1 + a) * log2e * log2e
    }

    /// Block error rate of a transport block of `tbs` bits sent with row `row` at
    /// `sinrDB`, clamped to [1e-12, 1]. No allocation; O(log grid).
    func transportBlockBLER(row r: Int, tbs: Int, sinrDB: Double) -> Double {
        let entry = rows[r]
        let blocks = BLERModel.codeBlocks(tbs: tbs, codeRate: entry.codeRate)
        let c = Double(blocks.count)
        let payload = Double(tbs) / c                 // k₀ = A/C, the curves' size axis
        let n = payload / entry.spectralEfficiency    // channel uses per code block
        let s = min(max(sinrDB, Self.sinrLowDB), Self.sinrHighDB)
        var z = normalizedDeviate(row: r, payloadBits: payload, sinrDB: s) * payload.squareRoot()
        let crcBits = blocks.bitsPerBlock - payload
        if crcBits != 0 {
            z -= crcBits / (n * Self.dispersion(pow(10, s / 10) * lossFactor)).squareRoot()
        }
        let perBlock = gsl_cdf_ugaussian_Q(z)
        // 1 − (1 − ε)^C without cancellation for small ε.
        let tb = -expm1(c * log1p(-perBlock))
        return min(max(tb, 1e-12), 1)
    }

    /// z/√k₀ of row `r` for a payload of k₀ bits at `sinrDB` (within the grid):
    /// Steffen in SINR, linear in log k₀ between grid sizes.
    func normalizedDeviate(row r: Int, payloadBits: Double, sinrDB: Double) -> Double {
        let t = (log(payloadBits / Self.blockLowBits)) / Self.logBlockStep
        let j = min(max(Int(t.rounded(.down)), 0), Self.blockPoints - 2)
        let w = min(max(t - Double(j), 0), 1)
        let base = r * Self.blockPoints + j
        let nS = Self.sinrPoints
        // The grid is uniform, so the SINR's interval is known: a fresh accelerator on the
        // stack that starts there spares GSL its bisection (it checks the guess and bisects
        // only if rounding put it one off) and shares no state, so one curve set can serve
        // every thread.
        let guess = min(max(Int((sinrDB - Self.sinrLowDB) / Self.sinrStepDB), 0), nS - 2)
        var accel = gsl_interp_accel(cache: guess, miss_count: 0, hit_count: 0)
        let lower = gsl_interp_eval(interps[base], sinrGrid, values + base * nS, sinrDB, &accel)
        if w == 0 { return lower }
        let upper = gsl_interp_eval(interps[base + 1], sinrGrid, values + (base + 1) * nS, sinrDB, &accel)
        return lower + w * (upper - lower)
    }

    /// The smallest SINR in dB at which row `r` reaches BLER ≤ `target` for `tbs` bits
    /// (bisection on the monotone curve, to 1e-6 dB): −20 if already met at the grid's
    /// lower end, +∞ if not met even at 35 dB.
    func requiredSINR(row r: Int, tbs: Int, target: Double) -> Double {
        var lo = Self.sinrLowDB, hi = Self.sinrHighDB
        if transportBlockBLER(row: r, tbs: tbs, sinrDB: lo) <= target { return lo }
        if transportBlockBLER(row: r, tbs: tbs, sinrDB: hi) > target { return .infinity }
        while hi - lo > 1e-6 {
            let mid = (lo + hi) / 2
            if transportBlockBLER(row: r, tbs: tbs, sinrDB: mid) <= target { hi = mid } else { lo = mid }
        }
        return hi
    }
}
