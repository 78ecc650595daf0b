import Kernel
import Models
import Testing

/// PRP duplicate discard (IEC 62439-3 4.1.10.3) against hand-computed timelines. A source
/// sends a frame every 1 ms over LAN A (no delay) and LAN B (delay given per test).
@Suite struct DuplicateDiscardTests {
    typealias R = Redundancy
    typealias Counters = DuplicateDiscard.Counters

    /// B lags 3.5 ms, A loses 40..<50: B's copies of those pass, the other 90 B copies are
    /// duplicates; nothing is lost.
    @Test func lateLANFillsABurst() {
        var d = DuplicateDiscard(sources: 1)
        let up = d.run(R.arrivals(count: 100, paths: [(0, 40..<50), (3_500 * R.us, R.none)]))
        #expect(up.sorted() == (0..<100).map { UInt16($0) })
        #expect(d.counters == Counters(passed: 100, duplicates: 90))
    }

    /// The case that breaks a two-window (start, expected) drop window: A delivers 1, then 3
    /// (2 lost on A), before B delivers anything; B's 2 is the only copy and must pass.
    @Test func onlyCopyAfterTheOtherLANMovedOnPasses() {
        var d = DuplicateDiscard(sources: 1)
        let arrivals: [(UInt16, SimTime)] = [(1, 0), (3, 2 * R.ms), (1, 5 * R.ms), (2, 6 * R.ms), (3, 7 * R.ms)]
        #expect(d.verdicts(arrivals.map { (0, $0.0, $0.1) }) == [true, true, false, true, false])
        #expect(d.counters == Counters(passed: 3, duplicates: 2))
    }

    /// Window 8, A loses 20..<30, B (0.5 ms) loses 25..<35: 25...29 never come and are lost
    /// once they leave the window (by 37). 95 passed, 85 duplicates.
    @Test func overlappingLossesAreLost() {
        var d = DuplicateDiscard(sources: 1, windowSize: 8)
        let up = d.run(R.arrivals(count: 100, paths: [(0, 20..<30), (500 * R.us, 25..<35)]))
        #expect(up.count == 95)
        #expect(d.counters == Counters(passed: 95, duplicates: 85, lost: 5))
    }

    /// Window 8, both LANs lose 20..<40, longer than the window: 40 jumps 21 past 19, so
    /// 20...32 are skipped past the window at once (13) and 33...39 leave it by 47 (7).
    @Test func outageLongerThanWindowIsLost() {
        var d = DuplicateDiscard(sources: 1, windowSize: 8)
        let up = d.run(R.arrivals(count: 60, paths: [(0, 20..<40), (500 * R.us, 20..<40)]))
        #expect(up == (0..<20).map { UInt16($0) } + (40..<60).map { UInt16($0) })
        #expect(d.counters == Counters(passed: 40, duplicates: 40, lost: 20))
    }

    /// EntryForgetTime 400 ms: 7 passes at 0, its copy at 400 ms − 1 ps is a duplicate;
    /// 8 passes at 1 ms and its copy at exactly 401 ms is forgotten, so it passes again.
    @Test func copyAfterEntryForgetTimePasses() {
        var d = DuplicateDiscard(sources: 1)
        #expect(d.entryForgetTime == 400 * R.ms)
        let verdicts = d.verdicts([(0, 7, 0), (0, 8, R.ms), (0, 7, 400 * R.ms - 1), (0, 8, 401 * R.ms)])
        #expect(verdicts == [true, true, false, true])
        #expect(d.counters == Counters(passed: 3, duplicates: 1))
    }

    /// A source sends 0...9 and restarts its numbering at 0 (a reboot). After a silence of
    /// EntryForgetTime or more (IEC 62439-3 NodeRebootInterval is 500 ms) its new frames
    /// pass; after only 100 ms the five restarted numbers are taken for duplicates.
    @Test func rebootAfterForgetTimeIsNotDuplicate() {
        func restart(after silence: SimTime) -> Counters {
            var d = DuplicateDiscard(sources: 1)
            for s in 0..<10 { _ = d.accept(source: 0, sequence: UInt16(s), at: SimTime(s) * R.ms) }
            for s in 0..<5 { _ = d.accept(source: 0, sequence: UInt16(s), at: 9 * R.ms + silence + SimTime(s) * R.ms) }
            return d.counters
        }
        #expect(restart(after: 500 * R.ms) == Counters(passed: 15))
        #expect(restart(after: 100 * R.ms) == Counters(passed: 10, duplicates: 5))
    }

    /// Frames missing when a source falls silent are lost: 0...9 with 4 and 5 lost on both
    /// LANs, then the source is forgotten when it sends again 400 ms after 9.
    @Test func silenceCountsMissingFramesLost() {
        var d = DuplicateDiscard(sources: 1)
        _ = d.run(R.arrivals(count: 10, paths: [(0, 4..<6), (500 * R.us, 4..<6)]))
        #expect(d.counters == Counters(passed: 8, duplicates: 8))
        #expect(d.verdicts([(0, 100, 409 * R.ms + 500 * R.us)]) == [true])
        #expect(d.counters == Counters(passed: 9, duplicates: 8, lost: 2))
    }

    /// Window 8, B lags 10.5 ms: B0...B9 come 10 behind the highest, outside the window,
    /// and pass unchecked (duplicates reach the application); after A stops at 19, B10 and
    /// B11 are 9 and 8 behind (unchecked), B12...B19 inside (duplicates).
    @Test func copiesBehindTheWindowPassUnchecked() {
        var d = DuplicateDiscard(sources: 1, windowSize: 8)
        _ = d.run(R.arrivals(count: 20, paths: [(0, R.none), (10_500 * R.us, R.none)]))
        #expect(d.counters == Counters(passed: 32, duplicates: 8, unchecked: 12))
    }

    /// Sources are independent: the same number from two sources passes twice.
    @Test func sourcesAreIndependent() {
        var d = DuplicateDiscard(sources: 2)
        #expect(d.verdicts([(0, 5, 0), (1, 5, 1), (1, 5, 2), (0, 5, 3)]) == [true, true, false, false])
        #expect(d.counters == Counters(passed: 2, duplicates: 2))
    }

    /// Across the wrap: 65530...65535, 0...5 with A losing 65535 and 0; B fills them.
    @Test func acrossTheWrap() {
        var d = DuplicateDiscard(sources: 1, windowSize: 4)
        let up = d.run(R.arrivals(count: 12, first: 65530, paths: [(0, 5..<7), (500 * R.us, R.none)]))
        #expect(up == [65530, 65531, 65532, 65533, 65534, 65535, 0, 1, 2, 3, 4, 5])
        #expect(d.counters == Counters(passed: 12, duplicates: 10))
    }
}
