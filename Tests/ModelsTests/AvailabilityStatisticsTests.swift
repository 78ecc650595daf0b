@testable import Analysis
import Kernel
import Models
import Testing

/// TS 22.104 availability as the StatsCollector reports it, from scripted probes (the
/// plant and helpers of `ProbeScript`); every expectation computed by hand.
@Suite struct AvailabilityStatisticsTests {
    typealias P = ProbeScript
    static let ms = Time.millisecond
    static let us = Time.microsecond

    /// How messages 5, 6 and 7 of source 0 fail.
    enum Failure { case late, mixed }

    /// "control" (deadline 1 ms) with survival time `survival`: source 0 sends at 0, 1, …,
    /// 19 ms, each arriving 100 us later except messages 5, 6 and 7 (due 6, 7, 8): all
    /// 1.5 ms late, or (mixed) 5 late, 6 dropped on a failed link at 6.2, 7 on a full
    /// buffer at 7.1. Source 1 sends at 0.5, 1.5, …, 19.5 ms, all in time. End 20 ms.
    static func kLate(survival: SimTime, failure: Failure = .late, warmup: SimTime = 0) -> StatsCollector {
        var steps: [(time: SimTime, step: P.Step)] = []
        for i in 0..<20 {
            let c = SimTime(i) * ms
            steps.append(P.sent(0, 0, c))
            switch (i, failure) {
            case (6, .mixed): steps.append(P.dropped(0, 0, c, at: c + 200 * us, site: 1, .linkDown))
            case (7, .mixed): steps.append(P.dropped(0, 0, c, at: c + 100 * us, site: 0, .bufferFull))
            case (5...7, _): steps.append(P.arrived(0, 0, c, at: c + 1_500 * us))
            default: steps.append(P.arrived(0, 0, c, at: c + 100 * us))
            }
            let c1 = c + 500 * us
            steps.append(P.sent(0, 1, c1))
            steps.append(P.arrived(0, 1, c1, at: c1 + 100 * us))
        }
        return P.run(P.plant(survival: survival), warmup: warmup, end: 20 * ms, steps)
    }

    static func row(_ c: StatsCollector, _ flow: String, _ source: String?, _ leg: Leg = .oneWay) throws -> FlowResult {
        try #require(c.flowResults().first { $0.flow == flow && $0.source == source && $0.leg == leg })
    }

    /// k = 3 failures in a row from t1 = 6 ms (the first one's due time); the next message in
    /// time arrives at 8.1 ms. Down from t1 + S to 8.1 when that is later: S = 0 → 2.1 ms,
    /// 1 ms → 1.1 ms, 2 ms → 100 us; S = 3 ms (= k·T) → down at 9 > 8.1: up; 4 ms: up.
    /// Source 0 is observed 20 ms, the flow 40 ms (two sources).
    @Test(arguments: [Failure.late, .mixed])
    func kLateMessagesAgainstTheSurvivalTime(failure: Failure) throws {
        let expected: [(survival: SimTime, down: SimTime)] = [
            (0, 2_100 * Self.us), (Self.ms, 1_100 * Self.us), (2 * Self.ms, 100 * Self.us), (3 * Self.ms, 0),
            (4 * Self.ms, 0),
        ]
        for (survival, down) in expected {
            let c = Self.kLate(survival: survival, failure: failure)
            let dev0 = try #require(try Self.row(c, "control", "dev0").availability)
            #expect(dev0.observed == 20 * Self.ms && dev0.down == down, "S = \(survival)")
            #expect(dev0.serviceFailures == (down > 0 ? 1 : 0), "S = \(survival)")
            #expect(dev0.longestOutage == down && dev0.mostConsecutiveFailures == 3, "S = \(survival)")
            #expect(dev0.messages == 20 && dev0.failedMessages == 3, "S = \(survival)")
            let dev1 = try #require(try Self.row(c, "control", "dev1").availability)
            #expect(dev1 == AvailabilityResult(observed: 20 * Self.ms, messages: 20), "S = \(survival)")
            let flow = try #require(try Self.row(c, "control", nil).availability)
            #expect(flow.observed == 40 * Self.ms && flow.down == down && flow.longestOutage == down)
            #expect(flow.mostConsecutiveFailures == 3 && flow.messages == 40 && flow.failedMessages == 3)
            #expect(flow.serviceFailures == (down > 0 ? 1 : 0))
        }
        // S = 2 ms by hand: 100 us down in 40 ms → 0.9975; MTBF 39.9 ms of up time per failure.
        let flow = try #require(try Self.row(Self.kLate(survival: 2 * Self.ms, failure: failure), "control", nil).availability)
        #expect(abs(flow.availability! - 0.9975) < 1e-12)
        #expect(flow.meanTimeBetweenFailures == Double(39_900 * Self.us))
        let up = try #require(try Self.row(Self.kLate(survival: 3 * Self.ms, failure: failure), "control", nil).availability)
        #expect(up.availability == 1 && up.meanTimeBetweenFailures == nil)
    }

    /// With a 2 ms warm-up the trackers start at 2 ms: source 0 is observed 18 ms and its
    /// messages 0 and 1 are not counted; S = 1 ms still gives 1.1 ms down.
    @Test func theWindowStartsAtTheWarmupsEnd() throws {
        let c = Self.kLate(survival: Self.ms, warmup: 2 * Self.ms)
        let dev0 = try #require(try Self.row(c, "control", "dev0").availability)
        #expect(dev0.observed == 18 * Self.ms && dev0.messages == 18 && dev0.down == 1_100 * Self.us)
        #expect(abs(dev0.availability! - (1 - 1.1 / 18)) < 1e-12)
    }

    /// Source 0 loses its last three messages (17, 18, 19, due 18, 19, 20) and source 1 sends
    /// nothing. S = 1 ms: down at 19, cut by the end at 20 → 1 ms, one failure. A stream that
    /// sent nothing in the window is left out of its flow's figures (observed 20 ms, not 40).
    @Test func anOutageCutByTheEnd() throws {
        var steps: [(time: SimTime, step: P.Step)] = []
        for i in 0..<20 {
            let c = SimTime(i) * Self.ms
            steps.append(P.sent(0, 0, c))
            steps.append(i >= 17 ? P.dropped(0, 0, c, at: c + 10 * Self.us, site: 1, .linkDown)
                                 : P.arrived(0, 0, c, at: c + 100 * Self.us))
        }
        let c = P.run(P.plant(survival: Self.ms), end: 20 * Self.ms, steps)
        let flow = try #require(try Self.row(c, "control", nil).availability)
        #expect(flow == AvailabilityResult(observed: 20 * Self.ms, down: Self.ms, serviceFailures: 1,
                                           longestOutage: Self.ms, mostConsecutiveFailures: 3, messages: 20,
                                           failedMessages: 3))
        #expect(try Self.row(c, "control", "dev1").availability == AvailabilityResult(observed: 20 * Self.ms))
    }

    /// "loop" (round-trip deadline 5 ms) every 10 ms from 0 to 90 ms, end 100 ms. A request
    /// arrives 0.5 ms after it is made, the response leaves at 1 ms and arrives at 2 ms,
    /// except: 30's request is refused (full service), 40's response is lost in a failed
    /// node, 50's arrives at 56 (due 55). Three failures from t1 = 35; the next in time is
    /// 60's, at 62. S = 10 ms: down [45, 62) = 17 ms → 0.83, MTBF 83 ms; S = 25 ms: [60, 62)
    /// = 2 ms; S = 27 ms: down at 62, not before the recovery → up; S = 30 ms: up.
    @Test func aRequestResponseLoop() throws {
        let expected: [(survival: SimTime, down: SimTime)] = [
            (10 * Self.ms, 17 * Self.ms), (25 * Self.ms, 2 * Self.ms), (27 * Self.ms, 0), (30 * Self.ms, 0),
        ]
        for (survival, down) in expected {
            var steps: [(time: SimTime, step: P.Step)] = []
            for i in 0..<10 {
                let c = SimTime(i) * 10 * Self.ms
                steps.append(P.sent(1, 2, c))
                steps.append(P.arrived(1, 2, c, at: c + 500 * Self.us, final: false))
                if i == 3 {
                    steps.append(P.dropped(1, 2, c, at: c + 500 * Self.us, site: 4, .rejected))
                    continue
                }
                steps.append(P.sent(1, 2, c, leg: 1, at: c + Self.ms))
                switch i {
                case 4: steps.append(P.dropped(1, 2, c, at: c + 1_500 * Self.us, site: 1, .nodeDown, leg: 1))
                case 5: steps.append(P.arrived(1, 2, c, at: c + 6 * Self.ms, leg: 1, legStarted: c + Self.ms))
                default: steps.append(P.arrived(1, 2, c, at: c + 2 * Self.ms, leg: 1, legStarted: c + Self.ms))
                }
            }
            let c = P.run(P.plant(loopSurvival: survival), end: 100 * Self.ms, steps)
            let loop = try #require(try Self.row(c, "loop", nil, .roundTrip).availability, "S = \(survival)")
            #expect(loop == AvailabilityResult(observed: 100 * Self.ms, down: down, serviceFailures: down > 0 ? 1 : 0,
                                               longestOutage: down, mostConsecutiveFailures: 3, messages: 10,
                                               failedMessages: 3), "S = \(survival)")
            if survival == 10 * Self.ms {
                #expect(abs(loop.availability! - 0.83) < 1e-12)
                #expect(loop.meanTimeBetweenFailures == Double(83 * Self.ms))
            }
            #expect(try Self.row(c, "loop", "dev0", .roundTrip).availability == loop)
            // Only the round trip has it; the control flow has no survival time.
            #expect(try Self.row(c, "loop", nil, .request).availability == nil)
            #expect(try Self.row(c, "loop", nil, .response).availability == nil)
            #expect(try Self.row(c, "control", nil).availability == nil)
        }
    }

    /// Memory stays flat: 10,000 messages a source, one in 100 lost, leave each tracker's ring
    /// at its first size (4 slots; at most two messages are in flight at once). The last
    /// message of each source, due after the end and arriving after it, is not counted.
    @Test func aLongRunKeepsTheRingsSmall() throws {
        var steps: [(time: SimTime, step: P.Step)] = []
        for i in 0..<10_000 {
            let c = SimTime(i) * Self.ms
            for source: Int32 in [0, 1] {
                steps.append(P.sent(0, source, c))
                steps.append(i % 100 == 50 ? P.dropped(0, source, c, at: c + 10 * Self.us, site: 1, .linkDown)
                                           : P.arrived(0, source, c, at: c + 1_200 * Self.us))
            }
        }
        let c = P.run(P.plant(deadline: 2 * Self.ms, survival: 0), end: 10_000 * Self.ms, steps)
        #expect(c.trackers.allSatisfy { $0.ringCapacity == 4 })
        let flow = try #require(try Self.row(c, "control", nil).availability)
        // 100 losses per source, each down from its due time to the next arrival 200 us later.
        #expect(flow.messages == 19_998 && flow.failedMessages == 200 && flow.serviceFailures == 200)
        #expect(flow.down == 200 * 200 * Self.us && flow.longestOutage == 200 * Self.us)
    }

    /// A tracker for each source of a flow with a deadline and a survival time, none for the
    /// others; a flow with a survival time but no deadline has none either.
    @Test func trackersOnlyWhereNeeded() {
        let c = StatsCollector(spec: P.plant(survival: Self.ms), end: Self.ms)
        #expect(c.trackers.count == 2 && c.sourceTracker == [0, 1, -1])
        let loopOnly = StatsCollector(spec: P.plant(loopSurvival: Self.ms), end: Self.ms)
        #expect(loopOnly.trackers.count == 1 && loopOnly.sourceTracker == [-1, -1, 0])
        let noDeadline = StatsCollector(spec: P.plant(deadline: nil, survival: Self.ms), end: Self.ms)
        #expect(noDeadline.trackers.isEmpty)
    }
}

/// What the merge points of a replicated flow saw, from `merged` probes.
@Suite struct AvailabilityReplicationTests {
    typealias P = ProbeScript
    static let ms = Time.millisecond
    static let us = Time.microsecond

    /// Warm-up 10 ms. Source 0 passes at 5 (in the warm-up: not counted, and no gap from
    /// it), 11, 12, 15 (out of order), 16, and discards at 11.2, 12.1, 15.3: 3 duplicates,
    /// 1 out of order, gaps 1, 3, 1 → 3 ms. Source 1 passes at 13, 19.5, 20 (out of order),
    /// discards at 19.6: 1, 1, gap 6.5 ms. The flow: 4, 2, 6.5 ms (the longest of its streams;
    /// read as one stream the passes would leave at most 3.5 ms between them).
    @Test func duplicatesOutOfOrderAndTheLongestGap() throws {
        let ms = Self.ms, us = Self.us
        let steps: [(time: SimTime, step: P.Step)] = [
            P.merged(0, 0, at: 5 * ms, passed: true),
            P.merged(0, 0, at: 11 * ms, passed: true), P.merged(0, 0, at: 11 * ms + 200 * us, passed: false),
            P.merged(0, 0, at: 12 * ms, passed: true), P.merged(0, 0, at: 12 * ms + 100 * us, passed: false),
            P.merged(0, 1, at: 13 * ms, passed: true),
            P.merged(0, 0, at: 15 * ms, passed: true, outOfOrder: true),
            P.merged(0, 0, at: 15 * ms + 300 * us, passed: false),
            P.merged(0, 0, at: 16 * ms, passed: true),
            P.merged(0, 1, at: 19 * ms + 500 * us, passed: true), P.merged(0, 1, at: 19 * ms + 600 * us, passed: false),
            P.merged(0, 1, at: 20 * ms, passed: true, outOfOrder: true),
        ]
        let c = P.run(P.plant(replicated: true), warmup: 10 * ms, end: 100 * ms, steps)
        let rows = c.flowResults()
        func replication(_ source: String?) throws -> ReplicationResult {
            try #require(rows.first { $0.flow == "control" && $0.source == source }?.replication)
        }
        #expect(try replication("dev0") == ReplicationResult(duplicatesDiscarded: 3, outOfOrder: 1, longestGap: 3 * ms))
        #expect(try replication("dev1") == ReplicationResult(duplicatesDiscarded: 1, outOfOrder: 1,
                                                             longestGap: 6_500 * us))
        #expect(try replication(nil) == ReplicationResult(duplicatesDiscarded: 4, outOfOrder: 2, longestGap: 6_500 * us))
        // Not replicated: no figures.
        #expect(rows.filter { $0.flow == "loop" }.allSatisfy { $0.replication == nil })
        // A replicated flow that passed at most one frame per stream has no gap.
        let one = P.run(P.plant(replicated: true), end: 100 * ms, [P.merged(0, 0, at: 1 * ms, passed: true)])
        #expect(one.flowResults().first?.replication == ReplicationResult())
    }
}

/// Per fault: failures, downtime and the longest time down within the observed window.
@Suite struct AvailabilityFaultTests {
    typealias P = ProbeScript
    static let ms = Time.millisecond

    /// Warm-up 10 ms, end 100 ms. cable: down 5–15 (5 ms in the window, counted), 40–42,
    /// from 90 to the end (10 ms, cut): 3 failures, 17 ms, longest 10 ms, down at the end.
    /// switch: down 2–8 (before the window: not counted), 50–53 (a second strike at 51 and a
    /// repair at 60 while up change nothing): 1, 3 ms. spare: never down.
    @Test func faultSummary() {
        let ms = Self.ms
        let steps: [(time: SimTime, step: P.Step)] = [
            P.fault(0, down: true, at: 5 * ms), P.fault(0, down: false, at: 15 * ms),
            P.fault(0, down: true, at: 40 * ms), P.fault(0, down: false, at: 42 * ms),
            P.fault(0, down: true, at: 90 * ms),
            P.fault(1, down: true, at: 2 * ms), P.fault(1, down: false, at: 8 * ms),
            P.fault(1, down: true, at: 50 * ms), P.fault(1, down: true, at: 51 * ms),
            P.fault(1, down: false, at: 53 * ms), P.fault(1, down: false, at: 60 * ms),
        ]
        let c = P.run(P.plant(faults: ["cable", "switch", "spare"]), warmup: 10 * ms, end: 100 * ms, steps)
        #expect(c.faultResults() == [
            FaultResult(fault: "cable", failures: 3, downtime: 17 * ms, longestDowntime: 10 * ms, downAtEnd: true),
            FaultResult(fault: "switch", failures: 1, downtime: 3 * ms, longestDowntime: 3 * ms, downAtEnd: false),
            FaultResult(fault: "spare", failures: 0, downtime: 0, longestDowntime: 0, downAtEnd: false),
        ])
        // A run that stopped at 95 ms: the last time down is 5 ms.
        #expect(c.faultResults(stop: 95 * ms).first ==
                FaultResult(fault: "cable", failures: 3, downtime: 12 * ms, longestDowntime: 5 * ms, downAtEnd: true))
    }
}
