import Kernel
import Models
import Testing

/// IEEE 802.1CB-2017 7.4.3 against hand-computed timelines. Unless a test says otherwise a
/// packet is sent every 1 ms, path A delivers it at once and path B 0.5 ms later.
@Suite struct SequenceRecoveryTests {
    typealias R = Redundancy
    typealias Counters = SequenceRecovery.Counters

    /// A loses 20..<30, B loses nothing: every number passes once, in order. B's copies of
    /// the 90 numbers A delivered are duplicates (delta 0 with the default history of 2).
    /// Longest silence: A19 at 19 ms to B20 at 20.5 ms.
    @Test func oneLossyPathLosesNothing() {
        var r = SequenceRecovery(resetTimeout: 100 * R.ms)
        let up = r.run(R.arrivals(count: 100, paths: [(0, 20..<30), (500 * R.us, R.none)]))
        #expect(up == (0..<100).map { UInt16($0) })
        #expect(r.counters == Counters(passed: 100, discarded: 90, longestSilence: 1_500 * R.us))
    }

    /// A loses 20..<30, B loses 25..<35: 25...29 reach nobody. Passed 95; A delivers 90 and
    /// B 90, so 85 discarded. 30 comes 6 after 24 (one out of order, inside a history of 8);
    /// 25...29 leave the history unseen by the time 36 arrives: lost 5. Longest silence:
    /// B24 at 24.5 ms to A30 at 30 ms.
    @Test func overlappingLossesAreLostOnce() {
        var r = SequenceRecovery(historyLength: 8, resetTimeout: 100 * R.ms)
        let up = r.run(R.arrivals(count: 100, paths: [(0, 20..<30), (500 * R.us, 25..<35)]))
        #expect(up == (0..<100).filter { !(25..<30).contains($0) }.map { UInt16($0) })
        #expect(r.counters == Counters(passed: 95, discarded: 85, outOfOrder: 1, lost: 5,
                                       longestSilence: 5_500 * R.us))
    }

    /// History 4, A loses 20, B lags 2.5 ms (its copy of i comes when RecovSeqNum is i + 2,
    /// delta −2). A21 at 21 ms: delta 2, out of order; B20 at 22.5 ms: delta −2, bit clear,
    /// passed out of order. All other B copies find their bit set. 199 arrivals − 100 passed
    /// = 99 discarded; 20 is in the history before it leaves, so nothing lost.
    @Test func outOfOrderWithinHistoryPasses() {
        var r = SequenceRecovery(historyLength: 4, resetTimeout: 100 * R.ms)
        let up = r.run(R.arrivals(count: 100, paths: [(0, 20..<21), (2_500 * R.us, R.none)]))
        #expect(Array(up[18..<23]) == [18, 19, 21, 22, 20])
        #expect(up.count == 100 && Set(up).count == 100)
        #expect(r.counters == Counters(passed: 100, discarded: 99, outOfOrder: 2, longestSilence: 2 * R.ms))
    }

    /// The same with the default history of 2, shorter than B's lag: B0...B17 come at delta
    /// −2 (rogue, 18). After A loses 20: B18, B19 are duplicates (2); A21 comes at delta 2 and
    /// every later A copy at delta 3, all rogue (79), while B20...B99 pass in order. Nothing
    /// is lost, but the stream now rides the late path. Longest silence 19 → 22.5 ms.
    @Test func historyShorterThanSkewMakesRogues() {
        var r = SequenceRecovery(resetTimeout: 100 * R.ms)
        let up = r.run(R.arrivals(count: 100, paths: [(0, 20..<21), (2_500 * R.us, R.none)]))
        #expect(up == (0..<100).map { UInt16($0) })
        #expect(r.counters == Counters(passed: 100, discarded: 2, rogue: 97, longestSilence: 3_500 * R.us))
    }

    /// History 4 after 0...9 (RecovSeqNum 9): 5 is 4 behind (rogue), 6 is 3 behind and seen
    /// (duplicate), 14 and 13 are 5 and 4 ahead (rogue), 12 is 3 ahead (passed, out of order;
    /// 6, 7, 8 leave seen), 10 and 11 fill the holes (out of order).
    @Test func packetsOutsideHistoryAreRogue() {
        var r = SequenceRecovery(historyLength: 4, resetTimeout: Time.second)
        #expect(r.verdicts((0..<10).map { (UInt16($0), SimTime($0) * R.ms) }) == Array(repeating: true, count: 10))
        let late: [UInt16] = [5, 6, 14, 13, 12, 10, 11]
        #expect(r.verdicts(late.map { ($0, 10 * R.ms) }) == [false, false, false, false, true, true, true])
        #expect(r.counters == Counters(passed: 13, discarded: 1, outOfOrder: 3, rogue: 3, longestSilence: R.ms))
    }

    /// 65530...65535, 0...5 over two paths, A losing 65535 and 0: B fills them in order
    /// across the wrap (delta 1 from 65535 to 0).
    @Test func twoPathsAcrossTheWrap() {
        var r = SequenceRecovery(resetTimeout: 100 * R.ms)
        let up = r.run(R.arrivals(count: 12, first: 65530, paths: [(0, 5..<7), (500 * R.us, R.none)]))
        #expect(up == [65530, 65531, 65532, 65533, 65534, 65535, 0, 1, 2, 3, 4, 5])
        #expect(r.counters == Counters(passed: 12, discarded: 10, longestSilence: 1_500 * R.us))
    }

    /// History 4: 65532, 65533, 65534, then 0 (delta 2 across the wrap, out of order), 1, 2,
    /// 3, 4; 65535 never comes and leaves the history when 3 arrives (3 − 65535 = 4): lost 1.
    /// Then 65535 itself is 5 behind: rogue.
    @Test func lossAcrossTheWrap() {
        var r = SequenceRecovery(historyLength: 4, resetTimeout: Time.second)
        let numbers: [UInt16] = [65532, 65533, 65534, 0, 1, 2, 3, 4, 65535]
        let verdicts = r.verdicts(numbers.enumerated().map { ($0.element, SimTime($0.offset) * R.ms) })
        #expect(verdicts == Array(repeating: true, count: 8) + [false])
        #expect(r.counters == Counters(passed: 8, outOfOrder: 1, rogue: 1, lost: 1, longestSilence: R.ms))
    }

    /// History 2, reset after 10 ms: 0...19 pass, 20...24 are lost on every path, and 25...28
    /// come at delta ≥ 2 (rogue, 4). 29 comes at 29 ms, 10 ms after the last pass: the
    /// recovery resets and takes it; 30...39 follow. The outage lasts 10 ms and takes
    /// 20...28 from the application: 5 in the network, 4 rogue; the lost counter sees none
    /// of them (never in the history), and the reset leaves no false losses behind.
    @Test func resetTimeoutTakesAnyAfterSilence() {
        var r = SequenceRecovery(resetTimeout: 10 * R.ms)
        let up = r.run(R.arrivals(count: 40, paths: [(0, 20..<25)]))
        #expect(up == (0..<20).map { UInt16($0) } + (29..<40).map { UInt16($0) })
        #expect(r.counters == Counters(passed: 31, rogue: 4, resets: 1, longestSilence: 10 * R.ms))
    }

    /// The same outage with a history of 8 covers the jump of 6: 25 passes at once (out of
    /// order), 20...24 are counted lost, and the silence is the outage itself, 6 ms.
    @Test func historyLongerThanOutageNeedsNoReset() {
        var r = SequenceRecovery(historyLength: 8, resetTimeout: 10 * R.ms)
        let up = r.run(R.arrivals(count: 40, paths: [(0, 20..<25)]))
        #expect(up == (0..<20).map { UInt16($0) } + (25..<40).map { UInt16($0) })
        #expect(r.counters == Counters(passed: 35, outOfOrder: 1, lost: 5, longestSilence: 6 * R.ms))
    }

    /// A silence just short of the timeout keeps the state: 500 after 0...19 is rogue at
    /// 29 ms − 1 ps and taken at 29 ms. After a reset, 500 again is a duplicate.
    @Test func resetHappensExactlyAtTheTimeout() {
        var r = SequenceRecovery(resetTimeout: 10 * R.ms)
        _ = r.verdicts((0..<20).map { (UInt16($0), SimTime($0) * R.ms) })
        #expect(r.verdicts([(500, 29 * R.ms - 1), (500, 29 * R.ms), (500, 30 * R.ms)]) == [false, true, false])
        #expect(r.counters == Counters(passed: 21, discarded: 1, rogue: 1, resets: 1, longestSilence: 10 * R.ms))
    }

    /// After the first packet (here 1000) the history holds nothing else; in-order packets
    /// shift those empty positions out. They are not losses (the standard's literal
    /// ShiftSequenceHistory would count 7 with a history of 8).
    @Test func noFalseLossesAfterTakeAny() {
        var r = SequenceRecovery(historyLength: 8, resetTimeout: Time.second)
        #expect(r.verdicts((1000..<1020).map { (UInt16($0), SimTime($0) * R.us) }) == Array(repeating: true, count: 20))
        #expect(r.counters.lost == 0)
        #expect(r.counters.passed == 20)
    }

    /// Vector (7.4.3.4) against Match (7.4.3.5): B lags more than one packet, so copies
    /// interleave as 1A 2A 1B 2B. Vector discards 1B (bit set) and 2B (delta 0); Match
    /// only compares with the last number passed, so it passes all four (1B at delta −1 is
    /// out of order). Back to back (1A 1B 2A 2B), both pass two and discard two.
    @Test func matchPassesInterleavedDuplicates() {
        let interleaved: [(UInt16, SimTime)] = [(1, 0), (2, R.ms), (1, 1_500 * R.us), (2, 2_500 * R.us)]
        let backToBack: [(UInt16, SimTime)] = [(1, 0), (1, 500 * R.us), (2, R.ms), (2, 1_500 * R.us)]
        func verdicts(_ a: SequenceRecovery.Algorithm, _ arrivals: [(UInt16, SimTime)]) -> ([Bool], Counters) {
            var r = SequenceRecovery(algorithm: a, resetTimeout: 100 * R.ms)
            return (arrivals.map { r.accept(sequence: $0.0, at: $0.1) }, r.counters)
        }
        let vector = verdicts(.vector, interleaved), match = verdicts(.match, interleaved)
        #expect(vector.0 == [true, true, false, false])
        #expect(vector.1 == Counters(passed: 2, discarded: 2, longestSilence: R.ms))
        #expect(match.0 == [true, true, true, true])
        #expect(match.1 == Counters(passed: 4, outOfOrder: 1, longestSilence: R.ms))
        #expect(verdicts(.vector, backToBack).0 == [true, false, true, false])
        #expect(verdicts(.match, backToBack).0 == [true, false, true, false])
    }

    /// Match after a silence: a repeat of the last number is a duplicate before the timeout
    /// and taken after it (a talker that restarted its numbering).
    @Test func matchResetsAfterSilence() {
        var r = SequenceRecovery(algorithm: .match, resetTimeout: 10 * R.ms)
        #expect(r.verdicts([(7, 0), (7, 5 * R.ms), (7, 15 * R.ms)]) == [true, false, true])
        #expect(r.counters == Counters(passed: 2, discarded: 1, resets: 1, longestSilence: 15 * R.ms))
    }

    /// A history longer than one word (100 positions in a ring of 128 bits), across the
    /// wrap: after 65500, 65600 (= 64) is 100 ahead (rogue); 65599 is 99 ahead (passed, out
    /// of order), 65550 fills a hole (out of order), then repeats (duplicate). Running on to
    /// 65799 shifts 65501...65598 out; all but 65550 unseen: lost 97. Passes 3 + 200, one
    /// send per µs, longest silence 2 µs (across the rogue and the duplicate).
    @Test func longHistorySpansWords() {
        var r = SequenceRecovery(historyLength: 100, resetTimeout: Time.second)
        let numbers = [65500, 65600, 65599, 65550, 65550] + Array(65600..<65800)
        let verdicts = r.verdicts(numbers.enumerated().map {
            (UInt16(truncatingIfNeeded: $0.element), SimTime($0.offset + 1) * R.us)
        })
        #expect(verdicts == [true, false, true, true, false] + Array(repeating: true, count: 200))
        #expect(r.counters == Counters(passed: 203, discarded: 1, outOfOrder: 2, rogue: 1, lost: 97,
                                       longestSilence: 2 * R.us))
    }

    /// 802.1CB 7.4.1: GenSeqNum wraps from 65535 to 0; reset starts again at 0.
    @Test func generationWraps() {
        var g = SequenceGeneration(start: 65534)
        #expect((0..<4).map { _ in g.number() } == [65534, 65535, 0, 1])
        #expect(g.next == 2 && g.generated == 4)
        g.reset()
        #expect(g.number() == 0)
    }
}
