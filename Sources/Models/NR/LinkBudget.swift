import Foundation

/// Link-budget arithmetic in dB and dBm.
///
/// Power per PRB: a gNB spreads its transmit power evenly over all PRBs of the carrier
/// (whether or not they carry data, so a device's received power per PRB does not depend
/// on the load), a UE over the PRBs it was allocated (its power per PRB rises as the
/// allocation shrinks). `powerPerPRBDBm` divides accordingly; noise is then taken over
/// the same bandwidth, one PRB (12 subcarriers).
public enum LinkBudget {
    /// Thermal noise power in dBm over `bandwidthHz` at room temperature (−174 dBm/Hz)
    /// raised by the receiver's noise figure: −174 + 10·log10(B) + NF.
    public static func thermalNoiseDBm(bandwidthHz: Double, noiseFigureDB: Double) -> Double {
        -174 + 10 * log10(bandwidthHz) + noiseFigureDB
    }

    /// Power in milliwatts of `x` dBm.
    public static func dBmToMilliwatt(_ x: Double) -> Double { pow(10, x / 10) }

    /// Power in dBm of `x` milliwatts.
    public static func milliwattToDBm(_ x: Double) -> Double { 10 * log10(x) }

    /// Received power in dBm: tx power + tx gain + rx gain − path loss − shadow (shadow in dB, positive = extra loss).
    public static func receivedPowerDBm(txPowerDBm: Double, txGainDBi: Double, rxGainDBi: Double,
                                        pathLossDB: Double, shadowDB: Double) -> Double {
        txPowerDBm + txGainDBi + rxGainDBi - pathLossDB - shadowDB
    }

    /// Power per PRB in dBm when `totalDBm` is spread evenly over `prbs` PRBs (the
    /// carrier's PRBs for a gNB, the allocated PRBs for a UE): total − 10·log10(prbs).
    public static func powerPerPRBDBm(totalDBm: Double, prbs: Int) -> Double {
        precondition(prbs > 0, "power spreads over at least one PRB")
        return totalDBm - 10 * log10(Double(prbs))
    }

    /// SINR in dB of a signal of `signalDBm` against interference (the sum of the other
    /// cells' received powers, in milliwatts) plus noise of `noiseDBm`.
    public static func sinrDB(signalDBm: Double, interferenceMilliwatt: Double, noiseDBm: Double) -> Double {
        signalDBm - milliwattToDBm(interferenceMilliwatt + dBmToMilliwatt(noiseDBm))
    }
}
