import Kernel

/// Running statistics of one flow (or one source) over one leg of its journey: counts,
/// exact moments, a latency histogram, IPDV and deadline misses.
struct FlowAccumulator {
    var sent: UInt64 = 0
    var delivered: UInt64 = 0
    /// Dropped units by reason; `dropped` is their total.
    var drops = DropCounts()
    var bytesDelivered: UInt64 = 0
    var deadlineMisses: UInt64 = 0
    var minLatency: SimTime = .max
    var maxLatency: SimTime = 0
    var sumLatency: Double = 0
    /// Welford's running mean and sum of squared deviations: exact enough and stable.
    var welfordMean: Double = 0
    var welfordM2: Double = 0
    var ipdvSum: Double = 0
    var ipdvCount: UInt64 = 0
    var histogram = LatencyHistogram()
    /// Sums of the latency parts of delivered units (see `LatencyParts`), and how many.
    var parts = (queueing: Double(0), radio: Double(0), harq: Double(0), core: Double(0))
    var partsCount: UInt64 = 0
    /// At merge points of a replicated flow: copies discarded, frames passed out of order,
    /// and the longest time between consecutive passes of one stream (-1: none yet).
    var duplicatesDiscarded: UInt64 = 0
    var outOfOrder: UInt64 = 0
    var longestGap: SimTime = -1
    /// At the end of the run, on a row with a deadline: units still on their way older than
    /// it (late already, if they arrive at all), and the age of the oldest one (-1: none).
    var lateInFlight: UInt64 = 0
    var oldestInFlight: SimTime = -1

    var dropped: UInt64 { drops.total }

    mutating func record(latency: SimTime, bytes: Int32, deadline: SimTime) {
        delivered &+= 1
        bytesDelivered &+= UInt64(bytes)
        if latency < minLatency { minLatency = latency }
        if latency > maxLatency { maxLatency = latency }
        let x = Double(latency)
        sumLatency += x
        let d = x - welfordMean
        welfordMean += d / Double(delivered)
        welfordM2 += d * (x - welfordMean)
        if latency > deadline { deadlineMisses &+= 1 }
        histogram.record(latency)
    }

    mutating func record(queueing: SimTime, radio: SimTime, harq: SimTime, core: SimTime) {
        parts.queueing += Double(queueing)
        parts.radio += Double(radio)
        parts.harq += Double(harq)
        parts.core += Double(core)
        partsCount &+= 1
    }

    /// Mean parts of the delivered units' latency; wired is what the others leave of the mean.
    var split: LatencySplit? {
        guard partsCount > 0, delivered > 0 else { return nil }
        let n = Double(partsCount)
        let q = parts.queueing / n, r = parts.radio / n, h = parts.harq / n, c = parts.core / n
        return LatencySplit(queueing: q, radio: r, harq: h, core: c, wired: sumLatency / Double(delivered) - q - r - h - c,
                            compute: 0)
    }

    /// A copy reached a merge point: it passed (possibly out of order, `gap` after the
    /// stream's last pass, negative when there is none) or was discarded.
    mutating func merged(passed: Bool, outOfOrder late: Bool, gap: SimTime) {
        if !passed {
            duplicatesDiscarded &+= 1
            return
        }
        if late { outOfOrder &+= 1 }
        if gap > longestGap { longestGap = gap }
    }

    /// A unit still on its way at the end of the run, `age` after its creation.
    mutating func inFlight(age: SimTime, deadline: SimTime) {
        if age > deadline { lateInFlight &+= 1 }
        if age > oldestInFlight { oldestInFlight = age }
    }

    var replication: ReplicationResult {
        ReplicationResult(duplicatesDiscarded: duplicatesDiscarded, outOfOrder: outOfOrder,
                          longestGap: longestGap >= 0 ? longestGap : nil)
    }

    mutating func record(ipdv: SimTime) {
        ipdvSum += Double(ipdv.magnitude)
        ipdvCount &+= 1
    }

    /// The latency at each of `qs` (percent, ascending, below 100): the value of nearest
    /// rank — exact while the histogram holds the values, otherwise the top of the bucket
    /// holding that rank (at most 0.1 % above the true value) — clamped into the exact
    /// [min, max]. Below 1 ns buckets cannot tell values apart (zero-latency legs: a task
    /// made where it runs): the exact minimum is the best answer there.
    func percentiles(_ qs: [Double]) -> [SimTime] {
        let total = histogram.count
        let ranks = qs.map { Swift.max(1, UInt64(((Swift.min(Swift.max($0.nextDown, 0), 100) * Double(total)) / 100).rounded(.up))) }
        return histogram.values(atRanks: ranks).map { v in
            v < Time.nanosecond ? minLatency : Swift.min(Swift.max(v, minLatency), maxLatency)
        }
    }

    func result(flow: String, source: String?, leg: Leg, measured: SimTime) -> FlowResult {
        var latency: LatencySummary?
        if delivered > 0 {
            let p = percentiles([50, 90, 99, 99.9, 99.99, 99.999])
            latency = LatencySummary(
                min: minLatency, mean: sumLatency / Double(delivered),
                p50: p[0], p90: p[1], p99: p[2], p999: p[3], p9999: p[4], p99999: p[5], max: maxLatency,
                stddev: delivered > 1 ? (welfordM2 / Double(delivered - 1)).squareRoot() : 0)
        }
        let seconds = Time.seconds(measured)
        return FlowResult(
            flow: flow, source: source, leg: leg, sent: sent, delivered: delivered, dropped: dropped,
            throughputBitsPerSecond: seconds > 0 ? Double(bytesDelivered) * 8 / seconds : 0,
            latency: latency, meanAbsIPDV: ipdvCount > 0 ? ipdvSum / Double(ipdvCount) : nil,
            deadlineMisses: deadlineMisses, split: split, drops: drops)
    }
}
