import Histogram
import Kernel

/// Running statistics of one flow (or one source): counts, exact moments, a latency
/// histogram, IPDV and deadline misses.
struct FlowAccumulator {
    var sent: UInt64 = 0
    var delivered: UInt64 = 0
    var dropped: UInt64 = 0
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
    var histogram: Histogram<UInt64>

    init() {
        histogram = Histogram(numberOfSignificantValueDigits: .three)
        histogram.autoResize = true
    }

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
        _ = histogram.record(UInt64(Swift.max(latency, 1)))
    }

    mutating func record(ipdv: SimTime) {
        ipdvSum += Double(ipdv.magnitude)
        ipdvCount &+= 1
    }

    func result(flow: String, source: String?, measured: SimTime) -> FlowResult {
        var latency: LatencySummary?
        if delivered > 0 {
            func p(_ q: Double) -> SimTime {
                // Clamp the histogram's equivalent value into the exact [min, max].
                Swift.min(Swift.max(SimTime(histogram.valueAtPercentile(q)), minLatency), maxLatency)
            }
            latency = LatencySummary(
                min: minLatency, mean: sumLatency / Double(delivered),
                p50: p(50), p90: p(90), p99: p(99), p999: p(99.9), p99999: p(99.999), max: maxLatency,
                stddev: delivered > 1 ? (welfordM2 / Double(delivered - 1)).squareRoot() : 0)
        }
        let seconds = Time.seconds(measured)
        return FlowResult(
            flow: flow, source: source, sent: sent, delivered: delivered, dropped: dropped,
            throughputBitsPerSecond: seconds > 0 ? Double(bytesDelivered) * 8 / seconds : 0,
            latency: latency, meanAbsIPDV: ipdvCount > 0 ? ipdvSum / Double(ipdvCount) : nil,
            deadlineMisses: deadlineMisses)
    }
}
