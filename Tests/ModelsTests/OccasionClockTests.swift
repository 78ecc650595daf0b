import Kernel
import Models
import Testing

/// The occasion clock answers "the first occasion starting at or after t" by a lookup over
/// the period (periods up to 4,096 symbols) or a binary search (longer ones): both agree
/// with a scan of the occasions' start times.
@Suite struct OccasionClockTests {
    static func check(_ clock: OccasionClock, horizon: SimTime, seed: UInt64) {
        let rng = RandomStream(seed: seed, replication: 0, name: "occasions")
        for _ in 0..<3_000 {
            let t = SimTime(rng.uniform() * Double(horizon))
            var j: Int64 = 0
            while clock.start(j) < t { j += 1 }
            #expect(clock.occasion(atOrAfter: t) == j, "t \(t)")
            #expect(clock.occasion(atOrAfter: clock.start(j)) == j)
        }
    }

    @Test func lookupAndSearchAgreeWithAScan() {
        for mu in 0...3 {
            let n = Numerology(mu: mu)!
            // DDDSU (a 10D2G2U special slot): a short period, answered by the lookup.
            let dddsu = try! TDDPattern.parse("DDDSU", special: "10D2G2U")
            for d in [LinkDirection.downlink, .uplink] {
                let clock = OccasionClock(numerology: n, periodSymbols: dddsu.periodSymbols,
                                          occasions: dddsu.occasions(d, miniSlot: nil))
                Self.check(clock, horizon: 30 * n.slotDuration, seed: UInt64(mu))
            }
            // A sparse period beyond the lookup's limit (a long scheduling-request period).
            let sparse = OccasionClock(numerology: n, periodSymbols: 4_200) { $0 % 700 == 13 || $0 == 4_199 }
            Self.check(sparse, horizon: 900 * n.slotDuration, seed: 10 + UInt64(mu))
        }
    }
}
