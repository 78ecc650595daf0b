import Foundation
@testable import Analysis
import Histogram
import Kernel
import Testing

/// The compact latency histogram against HdrHistogram (an independent implementation of
/// the same 3-digit layout) and against exact order statistics, and its memory.
@Suite struct LatencyHistogramTests {
    /// Nearest ranks of `qs` percent among `n` values, as `FlowAccumulator` takes them.
    static func ranks(_ qs: [Double], _ n: Int) -> [UInt64] {
        qs.map { Swift.max(1, UInt64((($0.nextDown * Double(n)) / 100).rounded(.up))) }
    }
    static let qs = [1, 10, 50, 90, 99, 99.9, 99.999]

    /// Deterministic draws spread over 1 ps to 1 s, log-uniform, plus repeats.
    static func draws(_ n: Int, seed: UInt64) -> [SimTime] {
        var s = seed
        return (0..<n).map { _ in
            s = s &* 6364136223846793005 &+ 1442695040888963407
            let u = Double(s >> 11) / Double(1 << 53)
            return SimTime(pow(10, 12 * u))
        }
    }

    @Test(arguments: [33, 1000, 100_000])
    func bucketTopsMatchHdrHistogram(n: Int) {
        let xs = Self.draws(n, seed: UInt64(n))
        var mine = LatencyHistogram()
        var reference = Histogram<UInt64>(lowestDiscernibleValue: 1000, highestTrackableValue: UInt64(Time.second) * 2,
                                          numberOfSignificantValueDigits: .three)
        for x in xs {
            mine.record(x)
            _ = reference.record(UInt64(x))
        }
        let got = mine.values(atRanks: Self.ranks(Self.qs, n))
        let want = Self.qs.map { SimTime(reference.highestEquivalentForValue(reference.valueAtPercentile($0))) }
        #expect(got == want)
    }

    @Test func everyBucketTopIsTheLastValueOfItsBucket() {
        for x in Self.draws(10_000, seed: 7) + [0, 1, 511, 512, 1_048_575, 1_048_576, 1 << 40] {
            let i = LatencyHistogram.index(x)
            let top = LatencyHistogram.top(ofBucket: i)
            #expect(top >= x && LatencyHistogram.index(top) == i && LatencyHistogram.index(top + 1) == i + 1)
            // 3 significant digits: a bucket is at most 1/1024 of its values wide (512 ps floor).
            #expect(Double(top - x) <= Swift.max(511, Double(x) / 1024))
        }
    }

    @Test func fewValuesAreExactAndSmall() {
        var h = LatencyHistogram()
        let xs: [SimTime] = [13_338_000, 13_338_000, 9_000_000, 25_000_001, 13_338_000]
        for x in xs { h.record(x) }
        #expect(h.values(atRanks: [1, 3, 5]) == [9_000_000, 13_338_000, 25_000_001])
        #expect(h.heapBytes <= 300)
    }

    /// Past the exact values, memory follows the spread of the values, not their number: a
    /// million latencies within ±5 % of 20 us take a few pages.
    @Test func memoryFollowsTheSpread() {
        var h = LatencyHistogram()
        var s: UInt64 = 3
        for _ in 0..<1_000_000 {
            s = s &* 6364136223846793005 &+ 1442695040888963407
            h.record(19_000_000 + SimTime(s >> 44) % 2_000_000)
        }
        #expect(h.count == 1_000_000)
        #expect(h.heapBytes <= 4 * 1024, "\(h.heapBytes) bytes")
    }
}
