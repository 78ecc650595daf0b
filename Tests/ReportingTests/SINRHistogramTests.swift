@testable import Analysis
import Kernel
import Testing

/// A terminal's SINR quantiles come from 0.1 dB bins over [-40, 80) dB, kept only over the
/// span its values reach: the same figures as counting every bin of the range.
@Suite struct SINRHistogramTests {
    /// The q-quantile of the full 1,200-bin histogram, computed directly.
    static func reference(_ values: [Double], _ q: Double) -> Double {
        var bins = [UInt64](repeating: 0, count: SINRAccumulator.bins)
        for v in values {
            let x = (v - SINRAccumulator.low) * (1 / SINRAccumulator.step)  // as the accumulator bins
            bins[x <= 0 ? 0 : x >= Double(SINRAccumulator.bins - 1) ? SINRAccumulator.bins - 1 : Int(x)] += 1
        }
        let rank = max(1, UInt64((q * Double(values.count)).rounded(.up)))
        var seen: UInt64 = 0
        for (i, n) in bins.enumerated() {
            seen += n
            if seen >= rank {
                return min(values.max()!, max(values.min()!, SINRAccumulator.low + (Double(i) + 0.5) * SINRAccumulator.step))
            }
        }
        return values.max()!
    }

    @Test func windowedQuantilesMatchTheFullRange() {
        for seed in UInt64(1)...20 {
            let rng = RandomStream(seed: seed, replication: 0, name: "sinr")
            // Drifting values, some far out of range on both sides, and the range's ends.
            var values: [Double] = []
            var centre = rng.uniform() * 60 - 20
            for _ in 0..<2_000 {
                centre += rng.gaussian() * 0.3
                values.append(rng.uniform() < 0.01 ? rng.uniform() * 300 - 150 : centre + rng.gaussian() * 3)
            }
            values += [-40, 79.95, 80, -40.05]
            var a = SINRAccumulator()
            for v in values { a.record(v) }
            #expect(a.count == UInt64(values.count))
            #expect(a.histogram.count < SINRAccumulator.bins || values.contains { $0 < -30 } && values.contains { $0 > 70 })
            for q in [0.0, 0.001, 0.05, 0.25, 0.5, 0.95, 0.999, 1] {
                #expect(a.quantile(q) == Self.reference(values, q), "seed \(seed) q \(q)")
            }
        }
    }

    @Test func aNarrowSpanStaysSmall() {
        var a = SINRAccumulator()
        for k in 0..<10_000 { a.record(12 + Double(k % 50) * 0.01) }  // 12.00 ... 12.49 dB
        #expect(a.histogram.count <= 5 + 2 * SINRAccumulator.margin + 1)
        #expect(abs(a.quantile(0.5)! - 12.25) < 1e-9)
        #expect(SINRAccumulator().quantile(0.5) == nil)
    }
}
