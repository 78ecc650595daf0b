@testable import Analysis
import Kernel
import Testing

/// Hand-computed timelines for TS 22.104 availability with survival time. Message i of a
/// stream is created at first + i·period; all times below are in ms unless said otherwise.
@Suite struct AvailabilityTests {
    static let ms = Time.millisecond
    static let us = Time.microsecond

    /// What becomes of one message: it arrives after a latency, or it is lost (reported
    /// 200 us after creation; only its due time matters).
    enum Fate {
        case latency(SimTime)
        case lost
    }

    /// Feeds a scripted stream to a tracker in event-time order, advancing time before each
    /// report as a run loop would, and closes it at `end`.
    static func run(period: SimTime = ms, deadline: SimTime = ms, survival: SimTime, start: SimTime = 0,
                    first: SimTime = 0, fates: [Fate], end: SimTime) -> AvailabilityResult {
        enum Report { case sent, arrived, lost }
        var events: [(time: SimTime, seq: Int, created: SimTime, report: Report)] = []
        for (i, fate) in fates.enumerated() {
            let c = first + SimTime(i) * period
            events.append((c, events.count, c, .sent))
            switch fate {
            case .latency(let l): events.append((c + l, events.count, c, .arrived))
            case .lost: events.append((c + 200 * us, events.count, c, .lost))
            }
        }
        events.sort { ($0.time, $0.seq) < ($1.time, $1.seq) }
        var tracker = AvailabilityTracker(deadline: deadline, survival: survival, start: start)
        for e in events where e.time <= end {
            tracker.advance(to: e.time)
            switch e.report {
            case .sent: tracker.sent(created: e.created)
            case .arrived: tracker.arrived(created: e.created, at: e.time)
            case .lost: tracker.lost(created: e.created, at: e.time)
            }
        }
        return tracker.close(at: end)
    }

    /// Ten messages, 0..9 ms, due 1..10 ms; 2, 3, 4 late (1.05 ms: arrive 3.05, 4.05, 5.05);
    /// message 5 (due 6) arrives after `recovery`; the others after 100 us.
    static func threeLate(survival: SimTime, recovery: SimTime) -> AvailabilityResult {
        var fates = [Fate](repeating: .latency(100 * us), count: 10)
        for i in 2...4 { fates[i] = .latency(1_050 * us) }
        fates[5] = .latency(recovery)
        return run(survival: survival, fates: fates, end: 10 * ms)
    }

    /// k = 3 failures from t1 = 3; the next message arrives exactly at its due time, 6.
    /// ST = 2T: down at 5, back at 6 → 1 ms down, one failure, availability 9/10, MTBF 9 ms.
    /// ST = 3T = k·T: the arrival at 6 is not after t1 + ST = 6 → never down (strict).
    /// ST = 4T: down at 7, never reached → up.
    @Test func threeLateMessagesAroundTheSurvivalTime() {
        let below = Self.threeLate(survival: 2 * Self.ms, recovery: Self.ms)
        #expect(below.down == Self.ms)
        #expect(below.serviceFailures == 1)
        #expect(below.longestOutage == Self.ms)
        #expect(below.mostConsecutiveFailures == 3)
        #expect(below.messages == 10 && below.failedMessages == 3)
        #expect(below.observed == 10 * Self.ms)
        #expect(abs(below.availability! - 0.9) < 1e-12)
        #expect(below.meanTimeBetweenFailures == Double(9 * Self.ms))

        for st in [3, 4] as [SimTime] {
            let r = Self.threeLate(survival: st * Self.ms, recovery: Self.ms)
            #expect(r.down == 0, "ST = \(st)T")
            #expect(r.serviceFailures == 0, "ST = \(st)T")
            #expect(r.longestOutage == 0, "ST = \(st)T")
            #expect(r.mostConsecutiveFailures == 3 && r.failedMessages == 3, "ST = \(st)T")
            #expect(r.availability == 1, "ST = \(st)T")
            #expect(r.meanTimeBetweenFailures == nil, "ST = \(st)T")
        }
    }

    /// The same, but message 5 arrives early, at 5.1 (its due time is 6). ST = 2T: down at
    /// 5, back at 5.1 → 100 us, not a whole period; MTBF = 9.9 ms. ST = 3T: up.
    @Test func anEarlyRecoveryShortensTheOutage() {
        let below = Self.threeLate(survival: 2 * Self.ms, recovery: 100 * Self.us)
        #expect(below.down == 100 * Self.us)
        #expect(below.serviceFailures == 1)
        #expect(below.longestOutage == 100 * Self.us)
        #expect(abs(below.availability! - 0.99) < 1e-12)
        #expect(below.meanTimeBetweenFailures == Double(9_900 * Self.us))
        let at = Self.threeLate(survival: 3 * Self.ms, recovery: 100 * Self.us)
        #expect(at.down == 0 && at.serviceFailures == 0)
    }

    /// Message 3 is lost (reported at 3.2, due 4); message 4 arrives at 4.1. ST = 0: down from
    /// the due time 4 (not the loss report), back at 4.1 → 100 us. ST = 1 ms: down at 5 > 4.1
    /// → up. Closed at 3.5 instead, the loss is reported but not yet due: not counted, and
    /// messages 0..2 (due by 3) are the only ones.
    @Test func aLostMessage() {
        var fates = [Fate](repeating: .latency(100 * Self.us), count: 10)
        fates[3] = .lost
        let none = Self.run(survival: 0, fates: fates, end: 10 * Self.ms)
        #expect(none.down == 100 * Self.us)
        #expect(none.serviceFailures == 1 && none.longestOutage == 100 * Self.us)
        #expect(none.messages == 10 && none.failedMessages == 1 && none.mostConsecutiveFailures == 1)
        let one = Self.run(survival: Self.ms, fates: fates, end: 10 * Self.ms)
        #expect(one.down == 0 && one.serviceFailures == 0 && one.failedMessages == 1)
        let early = Self.run(survival: 0, fates: Array(fates[0...3]), end: 3_500 * Self.us)
        #expect(early.messages == 3 && early.failedMessages == 0 && early.down == 0)
    }

    /// Deadline 3 ms (three periods), ST = 1 ms, 500 us latency unless said, end 12.
    /// Message 2 lost (due 5), 3 late (due 6, arrives 6.5), 4 arrives at its due time 7,
    /// 5 overtakes it at 5.5. Run 2, 3 from t1 = 5: the earliest in-time arrival after it is
    /// 5.5 ≤ 5 + 1 → up (waiting for message 4 at 7 would give 1 ms down). Messages 7, 8
    /// lost (due 10, 11), 9 (due 12) arrives at 11.5: down [11, 11.5) = 500 us.
    /// Resolving in arrival order instead would split the first run (most in a row 1, not 2).
    @Test func outOfOrderArrivals() {
        var fates = [Fate](repeating: .latency(500 * Self.us), count: 10)
        fates[2] = .lost
        fates[3] = .latency(3_500 * Self.us)
        fates[4] = .latency(3 * Self.ms)
        fates[7] = .lost
        fates[8] = .lost
        fates[9] = .latency(2_500 * Self.us)
        let r = Self.run(deadline: 3 * Self.ms, survival: Self.ms, fates: fates, end: 12 * Self.ms)
        #expect(r.down == 500 * Self.us)
        #expect(r.serviceFailures == 1 && r.longestOutage == 500 * Self.us)
        #expect(r.messages == 10 && r.failedMessages == 4)
        #expect(r.mostConsecutiveFailures == 2)
    }

    /// Messages 0..10 (created up to 10), 5..10 lost; end 10. Message 10 is due at 11, after
    /// the end: not counted. Run 5..9 from t1 = 6. ST = 2 ms: down at 8, cut at 10 → 2 ms,
    /// one failure, availability 0.8, MTBF 8 ms. ST = 4 ms: down at 10 = end → up.
    @Test func anOutageRunningPastTheEnd() {
        var fates = [Fate](repeating: .latency(100 * Self.us), count: 11)
        for i in 5...10 { fates[i] = .lost }
        let r = Self.run(survival: 2 * Self.ms, fates: fates, end: 10 * Self.ms)
        #expect(r.down == 2 * Self.ms && r.longestOutage == 2 * Self.ms)
        #expect(r.serviceFailures == 1)
        #expect(r.messages == 10 && r.failedMessages == 5 && r.mostConsecutiveFailures == 5)
        #expect(abs(r.availability! - 0.8) < 1e-12)
        #expect(r.meanTimeBetweenFailures == Double(8 * Self.ms))
        let longer = Self.run(survival: 4 * Self.ms, fates: fates, end: 10 * Self.ms)
        #expect(longer.down == 0 && longer.serviceFailures == 0 && longer.failedMessages == 5)
    }

    /// Stream A: the 1 ms outage above (10 ms observed, 3 failed in a row). Stream B: the
    /// 100 us outage of the lost message (10 ms, 1 failed). Flow: 20 ms observed, 1.1 ms down,
    /// availability 1 − 1.1/20 = 0.945 (the mean of 0.9 and 0.99), 2 failures, MTBF
    /// 18.9 / 2 = 9.45 ms, longest 1 ms, 3 in a row, 20 messages, 4 failed.
    @Test func mergeOfTwoStreams() {
        let a = Self.threeLate(survival: 2 * Self.ms, recovery: Self.ms)
        var fates = [Fate](repeating: .latency(100 * Self.us), count: 10)
        fates[3] = .lost
        let b = Self.run(survival: 0, fates: fates, end: 10 * Self.ms)
        var flow = AvailabilityResult()
        flow.merge(a)
        flow.merge(b)
        #expect(flow.observed == 20 * Self.ms)
        #expect(flow.down == 1_100 * Self.us)
        #expect(abs(flow.availability! - 0.945) < 1e-12)
        #expect(abs(flow.availability! - (a.availability! + b.availability!) / 2) < 1e-12)
        #expect(flow.serviceFailures == 2)
        #expect(flow.meanTimeBetweenFailures == Double(9_450 * Self.us))
        #expect(flow.longestOutage == Self.ms)
        #expect(flow.mostConsecutiveFailures == 3)
        #expect(flow.messages == 20 && flow.failedMessages == 4)
    }

    /// Warm-up ends at 5; ST = 0. Messages 2, 3 lost and 4 late (arrives 5.5, after the
    /// warm-up) would make [3, 5.1) down: all ignored. From 5: message 7 lost (due 8), 8
    /// arrives at 8.1 → 100 us down in 5 ms observed, 5 messages (5..9, 5 included).
    @Test func messagesBeforeTheWarmupAreIgnored() {
        var fates = [Fate](repeating: .latency(100 * Self.us), count: 10)
        fates[2] = .lost
        fates[3] = .lost
        fates[4] = .latency(1_500 * Self.us)
        fates[7] = .lost
        let r = Self.run(survival: 0, start: 5 * Self.ms, fates: fates, end: 10 * Self.ms)
        #expect(r.observed == 5 * Self.ms)
        #expect(r.down == 100 * Self.us && r.serviceFailures == 1)
        #expect(r.messages == 5 && r.failedMessages == 1 && r.mostConsecutiveFailures == 1)
        #expect(abs(r.availability! - 0.98) < 1e-12)
    }

    /// 1,000 messages over 1 s, all in time: availability exactly 1, no MTBF.
    @Test func aLongRunWithoutFailures() {
        let fates = [Fate](repeating: .latency(100 * Self.us), count: 1_000)
        let r = Self.run(survival: 0, fates: fates, end: Time.second)
        #expect(r.observed == Time.second && r.down == 0)
        #expect(r.availability == 1)
        #expect(r.meanTimeBetweenFailures == nil)
        #expect(r.serviceFailures == 0 && r.longestOutage == 0 && r.mostConsecutiveFailures == 0)
        #expect(r.messages == 1_000 && r.failedMessages == 0)
    }

    /// 1e5 messages, period 1 ms, latency 2.5 ms, deadline 3 ms, ST = 0, every 100th lost
    /// (i % 100 == 50), reported in time order. In flight: at most i−2, i−1, i, plus a lost
    /// one held until its due time passes (its successor arrives 0.5 ms after that): 4 → the
    /// ring's first 4 slots suffice. Each loss L is noticed at L + 3 and L + 1 arrives at
    /// L + 3.5: 1,000 outages of 500 us in 100 s → availability 0.995. Messages 99,998 and
    /// 99,999 arrive and fall due after the end (100 s): 99,998 messages counted.
    @Test func aSteadyStreamKeepsTheRingSmall() {
        let n = 100_000
        let period = Self.ms
        var t = AvailabilityTracker(deadline: 3 * Self.ms, survival: 0, start: 0)
        let latency = 2_500 * Self.us
        for i in 0..<n {
            let now = SimTime(i) * period
            t.advance(to: now)
            t.sent(created: now)
            let at = now + 500 * Self.us
            if i >= 2 {
                t.advance(to: at)
                let j = i - 2
                let created = at - latency  // = j ms
                if j % 100 == 50 { t.lost(created: created, at: at) } else { t.arrived(created: created, at: at) }
            }
        }
        let r = t.close(at: SimTime(n) * period)
        #expect(t.ringCapacity <= 4)
        #expect(r.messages == 99_998 && r.failedMessages == 1_000)
        #expect(r.serviceFailures == 1_000 && r.down == 1_000 * 500 * Self.us)
        #expect(r.longestOutage == 500 * Self.us && r.mostConsecutiveFailures == 1)
        #expect(abs(r.availability! - 0.995) < 1e-12)
    }
}
