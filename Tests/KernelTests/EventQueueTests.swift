import Kernel
import Testing

/// Records the order in which events are handled.
private struct Recorder: EventHandler {
    var seen: [(SimTime, Int32)] = []
    var warmup: SimTime?
    mutating func handle(_ event: Event, queue: inout EventQueue) { seen.append((event.time, event.target)) }
    mutating func warmupEnded(at time: SimTime) { warmup = time }
}

@Suite struct EventQueueTests {
    /// Events come out by time, and events at the same time in insertion order.
    @Test func ordersByTimeThenInsertion() {
        for seed in UInt64(1)...20 {
            let rng = RandomStream(seed: seed, replication: 0, name: "order")
            var q = EventQueue()
            var expected: [(SimTime, Int32)] = []
            for i in 0..<2_000 {
                let t = SimTime(rng.uniform() * 50)  // many ties
                q.schedule(at: t, kind: 0, target: Int32(i))
                expected.append((t, Int32(i)))
            }
            expected.sort { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }
            var h = Recorder()
            _ = run(&h, queue: &q, until: 100)
            #expect(h.seen.map(\.1) == expected.map(\.1), "seed \(seed)")
        }
    }

    /// A queue beyond `branchlessLimit` events sifts with branches: the same order.
    @Test func largeQueueKeepsTheOrder() {
        let rng = RandomStream(seed: 5, replication: 0, name: "large")
        var q = EventQueue()
        var expected: [(SimTime, Int32)] = []
        for i in 0..<200_000 {
            let t = SimTime(rng.uniform() * 5_000)  // many ties
            q.schedule(at: t, kind: 0, target: Int32(i))
            expected.append((t, Int32(i)))
        }
        expected.sort { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }
        var h = Recorder()
        _ = run(&h, queue: &q, until: 10_000)
        #expect(h.seen.map(\.1) == expected.map(\.1))
    }

    /// Handlers that schedule follow-ups (none, one into the popped root's slot, or several,
    /// many at the same time) see events in the order of a plain sorted list of
    /// (time, insertion) pairs.
    @Test func followUpsKeepTheOrder() {
        struct Chain: EventHandler {
            let rng: RandomStream
            var reference: [(time: SimTime, sequence: Int, target: Int32)] = []
            var sequence = 0
            var seen: [Int32] = []
            var expected: [Int32] = []
            var next: Int32 = 0
            mutating func add(_ t: SimTime, _ q: inout EventQueue) {
                q.schedule(at: t, kind: 0, target: next)
                reference.append((t, sequence, next))
                sequence += 1
                next += 1
            }
            mutating func handle(_ event: Event, queue: inout EventQueue) {
                seen.append(event.target)
                let i = reference.indices.min { a, b in
                    (reference[a].time, reference[a].sequence) < (reference[b].time, reference[b].sequence)
                }!
                expected.append(reference.remove(at: i).target)
                guard next < 20_000 else { return }
                for _ in 0..<Int(rng.uniform() * 3.2) { add(queue.now + SimTime(rng.uniform() * 8), &queue) }
            }
            mutating func warmupEnded(at time: SimTime) {}
        }
        for seed in UInt64(1)...5 {
            var chain = Chain(rng: RandomStream(seed: seed, replication: 0, name: "chain"))
            var q = EventQueue()
            for _ in 0..<300 { chain.add(SimTime(chain.rng.uniform() * 20), &q) }
            _ = run(&chain, queue: &q, until: .max)
            #expect(chain.seen.count > 10_000)
            #expect(chain.seen == chain.expected, "seed \(seed)")
            #expect(q.isEmpty && q.count == 0)
        }
    }

    /// The loop covers [now, end): events at exactly `end` and later wait, and a second
    /// call goes on from there.
    @Test func runsInSlicesUntilEndTime() {
        var q = EventQueue()
        for t: SimTime in [5, 10, 10, 11, 30] { q.schedule(at: t, kind: 0, target: Int32(t)) }
        q.scheduleWarmupEnd(at: 7)
        var h = Recorder()
        #expect(run(&h, queue: &q, until: 10) == .endTime)
        #expect(h.seen.map(\.0) == [5])
        #expect(h.warmup == 7)
        #expect(q.now == 10)
        #expect(run(&h, queue: &q, until: 100) == .noEvents)
        #expect(h.seen.map(\.0) == [5, 10, 10, 11, 30])
        #expect(q.now == 100)
        #expect(q.handled == 6)  // five events and the warm-up end
    }

    /// Lazy cancellation: a component bumps its generation to cancel; stale events are
    /// skipped when they come up, without touching the heap.
    @Test func lazyCancellationByGeneration() {
        struct Timer: EventHandler {
            var generation: UInt32 = 0
            var fired: [SimTime] = []
            mutating func handle(_ event: Event, queue: inout EventQueue) {
                guard event.generation == generation else { return }  // cancelled
                fired.append(event.time)
                if event.time == 10 {
                    // Re-arm: cancel the pending timeout at 50, set a new one at 20.
                    generation &+= 1
                    queue.schedule(at: 20, kind: 0, target: 0, generation: generation)
                }
            }
            mutating func warmupEnded(at time: SimTime) {}
        }
        var q = EventQueue()
        var t = Timer()
        q.schedule(at: 10, kind: 0, target: 0, generation: 0)
        q.schedule(at: 50, kind: 0, target: 0, generation: 0)
        _ = run(&t, queue: &q, until: 100)
        #expect(t.fired == [10, 20])
    }

    /// A handler can stop the run early.
    @Test func stopRequest() {
        var q = EventQueue()
        var hold = HoldModel(seed: 1, events: 1000)
        hold.prime(&q, pending: 100)
        #expect(run(&hold, queue: &q, until: Time.maximum) == .stopRequested)
        #expect(q.handled == 1000)
        #expect(q.count == 100)
    }

    @Test func ringBufferIsFIFOAcrossGrowth() {
        var r = IndexRing(capacity: 2)
        var expected: [Int32] = []
        var got: [Int32] = []
        for i in 0..<1000 {
            r.append(Int32(i))
            expected.append(Int32(i))
            if i % 3 == 0 { got.append(r.removeFirst()) }
        }
        while !r.isEmpty { got.append(r.removeFirst()) }
        #expect(got == expected)
    }
}
