import Kernel

/// The timeline rules of a cell: when requests, grants, feedback and configured-grant
/// occasions fall (the same rules as `LatencyBudget`). Pure functions of the cell's clocks.
extension CellConfig {
    /// When the gNB knows of a scheduling request the terminal sends in the first SR
    /// occasion at or after `ready` (one symbol, then the gNB's receive processing).
    @inlinable
    func schedulingRequestKnown(ready: SimTime) -> SimTime {
        sr.end(sr.occasion(atOrAfter: ready)) &+ processing.gnbRx
    }

    /// Start of the first uplink occasion a grant ready at the gNB at `grantReady` can
    /// assign: its PDCCH in the first downlink occasion from then (one symbol), then the
    /// terminal's PUSCH preparation time Tproc,2 (TS 38.214 §6.4).
    @inlinable
    func uplinkStart(grantReady: SimTime) -> SimTime {
        let pd = pdcch.occasion(atOrAfter: grantReady)
        return data.1.start(data.1.occasion(atOrAfter: pdcch.end(pd) &+ processing.grantToData))
    }

    /// When the gNB knows a downlink block's HARQ-ACK: sent on PUCCH in the first uplink
    /// symbol after the terminal's processing time Tproc,1 (TS 38.214 §5.3), then received.
    @inlinable
    func feedbackKnown(end: SimTime) -> SimTime {
        pucch.end(pucch.occasion(atOrAfter: end &+ processing.harqFeedback)) &+ processing.gnbRx
    }

    /// Whether uplink occasion j belongs to a configured grant of `period`: the first uplink
    /// occasion at or after each multiple of the period; every one when the period is 0.
    @inlinable
    func isGrantOccasion(period: SimTime, _ j: Int64) -> Bool {
        if period <= 0 || j == 0 { return true }
        // A multiple of the period in (start(j-1), start(j)].
        return data.1.start(j) / period > data.1.start(j &- 1) / period
    }

    /// The first occasion of a configured grant of `period` starting at or after `t`.
    @inlinable
    func grantOccasion(period: SimTime, atOrAfter t: SimTime) -> Int64 {
        let j = data.1.occasion(atOrAfter: t)
        if isGrantOccasion(period: period, j) { return j }
        return data.1.occasion(atOrAfter: (data.1.start(j) &+ period &- 1) / period &* period)
    }
}
