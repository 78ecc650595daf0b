import Kernel

/// What a time-sensitive port did (see `ProbeSink.gateHeld`, `preempted`, `expressBlocked`,
/// `creditRange`): kept only for ports that use TSN, keyed by site.
struct TSNPortAccumulator {
    /// Time the idle port held frames at closed gates, within the measured period.
    var gateHeld: SimTime = 0
    var preemptions: UInt64 = 0
    /// Waits of express frames that started after a preemptable transmission.
    var expressBlocked = Tally()
    /// Credit extremes per shaped class, highest class first: (class, least, most) in bits.
    var credits: [(Int32, Double, Double)] = []

    func result() -> PortTSNResult {
        let shaped = credits.sorted { $0.0 > $1.0 }
        func credit(_ k: Int) -> ShaperCredit? {
            k < shaped.count ? ShaperCredit(trafficClass: Int(shaped[k].0), least: shaped[k].1, most: shaped[k].2) : nil
        }
        return PortTSNResult(gateHeld: gateHeld, preemptions: preemptions,
                             expressBlockedMax: expressBlocked.maximum, expressBlockedMean: expressBlocked.mean,
                             classA: credit(0), classB: credit(1))
    }
}

/// A port's time-sensitive networking figures (IEEE 802.1Qbv, Qbu, Qav).
public struct PortTSNResult: Sendable, Equatable, Codable {
    /// Time the port was idle while frames waited at closed gates (or too close to their
    /// closing), within the measured period.
    public var gateHeld: SimTime
    /// Preemptable frames cut (802.3br).
    public var preemptions: UInt64
    /// Longest and mean wait of an express frame that started right after a preemptable
    /// transmission: the blocking preemption leaves (nil when none).
    public var expressBlockedMax: SimTime?
    public var expressBlockedMean: Double?
    /// The credit-based shapers of the two highest shaped classes (SR classes A and B).
    public var classA: ShaperCredit?
    public var classB: ShaperCredit?
}

/// The credit range a credit-based shaper went through (802.1Q Annex L hiCredit, loCredit).
public struct ShaperCredit: Sendable, Equatable, Codable {
    public var trafficClass: Int
    /// Least and largest credit, in bits, over the whole run.
    public var least: Double
    public var most: Double
}
