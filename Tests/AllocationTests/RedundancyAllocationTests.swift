import CMallocCounter
import Kernel
import Models
import Testing

/// Elimination allocates nothing per packet: state is sized at init.
@Suite struct RedundancyAllocationTests {
    @Test(.enabled(if: optimized, "allocation-free only in optimized builds; run with -c release"))
    func eliminationAllocatesNothing() {
        var generation = SequenceGeneration()
        var vector = SequenceRecovery(historyLength: 200, resetTimeout: 10 * Time.millisecond)
        var match = SequenceRecovery(algorithm: .match, resetTimeout: 10 * Time.millisecond)
        var prp = DuplicateDiscard(sources: 4)
        var passed = 0
        let before = fnsim_allocation_count()
        for i in 0..<1_000_000 {
            let s = generation.number()
            let t = SimTime(i) * Time.microsecond
            // Every 1000th packet is lost on A; B lags 3 packets and loses every 777th.
            if i % 1000 != 7 { passed += vector.accept(sequence: s, at: t) ? 1 : 0 }
            if i >= 3 && (i - 3) % 777 != 0 {
                passed += vector.accept(sequence: s &- 3, at: t + 1) ? 1 : 0
            }
            passed += match.accept(sequence: s, at: t) ? 1 : 0
            passed += prp.accept(source: i & 3, sequence: s, at: t) ? 1 : 0
            passed += prp.accept(source: i & 3, sequence: s, at: t + 2) ? 1 : 0
        }
        let allocations = fnsim_allocation_count() - before
        #expect(allocations == 0, "\(allocations) allocations")
        // Only 770007 (7 mod 1000, 0 mod 777) is lost on both paths.
        #expect(vector.counters.passed == 999_999 && vector.counters.lost == 1)
        #expect(passed > 2_000_000)
    }
}
