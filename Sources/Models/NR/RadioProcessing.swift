import Kernel

/// Processing durations of one NR link, shared by the latency budget and the simulator so the
/// two follow one timeline.
public struct RadioProcessing: Sendable, Equatable {
    /// t_BS,tx: gNB from data (or a decided grant) in hand to the earliest transmission.
    public var gnbTx: SimTime
    /// t_BS,rx: gNB from the end of a received transmission to the decoded data.
    public var gnbRx: SimTime
    /// t_UE,tx: UE from data in hand to the earliest transmission.
    public var ueTx: SimTime
    /// t_UE,rx: UE from the end of a received transmission to the decoded data.
    public var ueRx: SimTime
    /// Tproc,1: PDSCH end → earliest HARQ-ACK.
    public var harqFeedback: SimTime
    /// Tproc,2: PDCCH end → earliest PUSCH.
    public var grantToData: SimTime

    /// Durations given directly.
    public init(gnbTx: SimTime, gnbRx: SimTime, ueTx: SimTime, ueRx: SimTime, harqFeedback: SimTime,
                grantToData: SimTime) {
        self.gnbTx = gnbTx
        self.gnbRx = gnbRx
        self.ueTx = ueTx
        self.ueRx = ueRx
        self.harqFeedback = harqFeedback
        self.grantToData = grantToData
    }

    /// The durations from the UE's minimum processing times (TS 38.214 §5.3, §6.4), front-loaded
    /// DM-RS only (no additional positions): harqFeedback = Tproc,1, grantToData = Tproc,2, and
    /// by assumption gnbTx = ueTx = Tproc,2/2 and gnbRx = ueRx = Tproc,1/2 (the gNB taken as fast as
    /// the UE; the TR 37.910 §5.7.1 wording could not be checked, so this split is ours). Tproc,1 is
    /// for a full-slot PDSCH of mapping type A (d1,1 = 0) when `miniSlot` is nil, else for mapping
    /// type B of `miniSlot` symbols. Halves are taken in Tc before rounding to ps. Nil where the
    /// capability is not defined (capability 2 at µ = 3) or the mini-slot length is not a PDSCH length.
    public static func defaults(numerology: Numerology, capability: UECapability, miniSlot: Int?) -> RadioProcessing? {
        let mu = numerology.mu
        let length = miniSlot ?? Numerology.symbolsPerSlot
        guard let n1 = ProcessingTime.n1(mu: mu, capability: capability, additionalDMRS: false),
              let n2 = ProcessingTime.n2(mu: mu, capability: capability),
              let d11 = ProcessingTime.d11(capability: capability, typeB: miniSlot != nil, length: length,
                                           lastSymbol: length - 1)
        else { return nil }
        let proc1 = ProcessingTime.tc(symbols: n1 + Double(d11), mu: mu)
        let proc2 = ProcessingTime.tc(symbols: n2 + 1, mu: mu)
        let ps = BasicTimeUnit.picoseconds
        return RadioProcessing(gnbTx: ps(proc2 / 2), gnbRx: ps(proc1 / 2), ueTx: ps(proc2 / 2), ueRx: ps(proc1 / 2),
                               harqFeedback: ps(proc1), grantToData: ps(proc2))
    }
}
