import Foundation

/// HARQ soft combining with Chase combining: every retransmission repeats the same coded
/// bits, and maximum-ratio combining of the copies adds their SINRs in linear terms, so
/// the transport block is decoded as if sent once at the summed SINR.
public enum HARQCombining {
    /// Effective SINR in dB of the Chase-combined transmissions received at `sinrsDB`
    /// (dB each): 10·log10(Σ 10^(s/10)). −∞ for none.
    public static func chaseSINRDB(_ sinrsDB: [Double]) -> Double {
        var sum = 0.0
        for s in sinrsDB { sum += pow(10, s / 10) }
        return 10 * log10(sum)
    }

    /// Effective SINR in dB after adding a transmission at `newDB` to copies already
    /// combined to `accumulatedDB` (pass −∞ for the first).
    public static func chaseSINRDB(accumulatedDB: Double, addingDB newDB: Double) -> Double {
        10 * log10(pow(10, accumulatedDB / 10) + pow(10, newDB / 10))
    }
}
