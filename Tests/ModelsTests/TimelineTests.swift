import Analysis
import Experiments
import Kernel
import Models
import Testing

@Suite struct TimelineTests {
    /// Minimum latency of a control frame over device → cell → core → edge is the sum of
    /// transmission and propagation times of the three hops, to the picosecond:
    /// 128 B at 100 Mbit/s = 10.24 us + 0.05 us; twice 128 B at 1 Gbit/s = 1.024 us + 0.5 us.
    @Test func factoryTreeMinimumLatencyIsExact() {
        let spec = Fixtures.factoryTree(cells: 2, devices: 4)
        let r = Runner.run(RunRequest(variant: "base", plant: spec, seed: 1, duration: 50 * Time.millisecond))
        let control = r.flows.first { $0.flow == "control" }!
        let expected: SimTime = 10_240_000 + 50_000 + 2 * (1_024_000 + 500_000)
        #expect(control.latency?.min == expected)
        #expect(control.sent == 2 * 4 * 50)
        #expect(control.dropped == 0)
    }

    /// Two frames sent at the same instant on one port: the second waits exactly one
    /// transmission time (FIFO, no overhead, no propagation).
    @Test func secondFrameWaitsOneTransmission() {
        let traffic = TrafficSpec(pattern: .burst(every: .constant(Double(Time.second)), count: 2, spacing: 0),
                                  size: .constant(1000))
        let spec = Fixtures.singleLink(rate: 1_000_000_000, flows: [("f", 0, traffic)])
        let r = Runner.run(RunRequest(variant: "base", plant: spec, seed: 1, duration: Time.millisecond))
        let f = r.flows[0]
        #expect(f.delivered == 2)
        #expect(f.latency?.min == 8_000_000)
        #expect(f.latency?.max == 16_000_000)
        #expect(r.ports[0].framesSent == 2)
        #expect(r.ports[0].queueMaxFrames == 1)
    }

    /// A bounded buffer drops the excess and counts it on the port and the flow.
    @Test func tailDropCounts() {
        let traffic = TrafficSpec(pattern: .burst(every: .constant(Double(Time.second)), count: 10, spacing: 0),
                                  size: .constant(1000))
        let spec = Fixtures.singleLink(rate: 1_000_000_000, flows: [("f", 0, traffic)], bufferFrames: 3)
        let r = Runner.run(RunRequest(variant: "base", plant: spec, seed: 1, duration: Time.millisecond))
        #expect(r.flows[0].sent == 10)
        #expect(r.flows[0].delivered == 4)  // one on the wire at once, three waiting
        #expect(r.flows[0].dropped == 6)
        #expect(r.ports[0].drops == 6)
    }
}

@Suite struct InFlightTests {
    /// A 1000 B frame every 5 us onto a 1 Gbit/s link that needs 8 us for each: frame n
    /// (made at 5n us) leaves at 8(n + 1) us, a latency of 3n + 8 us. At the end, 62 us, the
    /// 13 frames made at 0 … 60 us are 7 delivered (n = 0 … 6) and 6 in flight (n = 7 … 12,
    /// aged 27, 22, 17, 12, 7, 2 us). With a 20 us deadline, deliveries n = 5, 6 (23, 26 us)
    /// miss it (n = 4 arrives at exactly 20 us: in time), and of those in flight n = 7, 8 are
    /// older than it: 4 misses, 2 of them in flight; the oldest in flight is 27 us old.
    @Test func framesOlderThanTheDeadlineAtTheEndAreMisses() {
        let us = Time.microsecond
        let traffic = TrafficSpec(pattern: .periodic(period: 5 * us, jitter: nil), size: .constant(1000))
        var spec = Fixtures.singleLink(rate: 1_000_000_000, flows: [("f", 0, traffic)])
        spec.flows[0].deadline = 20 * us
        let r = Runner.run(RunRequest(variant: "base", plant: spec, seed: 1, duration: 62 * us, perSource: true))
        for f in r.flows {  // the pooled row, then the one source's: the same
            #expect(f.sent == 13 && f.delivered == 7 && f.dropped == 0 && f.inFlight == 6)
            #expect(f.latency?.max == 26 * us)
            #expect(f.deadlineMisses == 4)
            #expect(f.lateInFlight == 2)
            #expect(f.oldestInFlight == 27 * us)
            #expect(f.deadline == 20 * us)
        }
        #expect(r.flows.map(\.source) == [nil, "a"])

        // Without a deadline nothing is late, and the row says it has none.
        spec.flows[0].deadline = nil
        let free = Runner.run(RunRequest(variant: "base", plant: spec, seed: 1, duration: 62 * us))
        #expect(free.flows[0].inFlight == 6 && free.flows[0].deadlineMisses == 0 && free.flows[0].lateInFlight == 0)
        #expect(free.flows[0].deadline == nil)
    }

    /// PRP over FaultTests' two LANs, LAN b at 1 Mbit/s: its copy of a 100 B frame takes
    /// 1.6 ms, LAN a's 1.6 us. Ending at 10.5008 ms, the frame made at 10.5 ms has both
    /// copies out (LAN a's first hop ends exactly at the end), and the 9.5 ms frame's LAN b
    /// copy is still out though LAN a's got through: one frame in flight, 0.8 us old,
    /// reported once (with a deadline of 0, every frame in flight is late).
    @Test func aReplicatedFrameIsInFlightOnce() {
        var net = FaultTests.Net()
        let a = net.node("A", switch: false), b = net.node("B", switch: false)
        let lanA = net.node("lan-a", switch: true), lanB = net.node("lan-b", switch: true)
        net.link(a, lanA)
        net.link(a, lanB)
        net.link(lanA, b)
        net.link(lanB, b)
        net.flow(a, b, replication: ReplicationSpec(elimination: .prp(windowSize: 256, entryForgetTime: Time.second)),
                 replicas: [[.port(2), .port(6)]])
        for p in [2, 6] { net.spec.ports[p].rateBitsPerSecond = 1_000_000 }
        net.spec.flows[0].deadline = 0
        let r = Runner.run(RunRequest(variant: "prp", plant: net.spec, seed: 1, duration: 10_500_800_000))
        let f = r.flows[0]
        #expect(f.sent == 11 && f.delivered == 10 && f.dropped == 0 && f.inFlight == 1)
        #expect(f.lateInFlight == 1)
        #expect(f.oldestInFlight == 800_000)
    }
}

@Suite struct WarmupTests {
    /// Only frames created at or after the warm-up count, and all of them are accounted
    /// for: 1 ms period, warm-up 5 ms, run 10 ms → frames of 5, 6, 7, 8, 9 ms.
    @Test func countsStartAtTheWarmup() {
        let traffic = TrafficSpec(pattern: .periodic(period: Time.millisecond, jitter: nil), size: .constant(1000))
        let spec = Fixtures.singleLink(rate: 1_000_000_000, flows: [("f", 0, traffic)])
        let r = Runner.run(RunRequest(variant: "base", plant: spec, seed: 1, duration: 10 * Time.millisecond,
                                      warmup: 5 * Time.millisecond))
        #expect(r.flows[0].sent == 5)
        #expect(r.flows[0].delivered == 5)
        #expect(r.ports[0].framesSent == 5)
        // 5 frames × 8 us busy in 5 ms measured.
        #expect(abs(r.ports[0].utilization - 40e6 / 5e9) < 1e-12)
        #expect(abs(r.flows[0].throughputBitsPerSecond - 5 * 8000 / 0.005) < 1e-6)
    }
}

@Suite struct MemoryLimitTests {
    /// Unbounded buffers fed at twice their rate: the run stops at the frame limit with a
    /// reason, instead of growing without end.
    @Test func overloadStopsAtTheFrameLimit() {
        let traffic = TrafficSpec(pattern: .constantRate(gap: 4e6), size: .constant(1000))  // 2 Gbit/s offered
        let spec = Fixtures.singleLink(rate: 1_000_000_000, flows: [("f", 0, traffic)])
        var request = RunRequest(variant: "base", plant: spec, seed: 1, duration: Time.second)
        request.maxFramesInFlight = 1000
        let r = Runner.run(request)
        #expect(r.stopReason == .memoryLimit)
        #expect(r.simulated < Time.second)
        #expect(r.flows[0].sent - r.flows[0].delivered == 1000)
    }
}

@Suite struct SameTimeOrderTests {
    /// Stations s1, s2, s3 → switch → d at 1 Gbit/s, no overhead, padding or propagation;
    /// the switch's port to d holds one waiting frame. A (1000 B, s1 at 0 us) is on the
    /// switch's wire 8–16 us; B (100 B, s3 at 13 us) waits there from 13.8 us; C (500 B,
    /// s2 at 12 us) reaches the switch at exactly 16 us, the picosecond A's transmission
    /// ends. A's end ranks as if scheduled when A started (8 us), so B is on the wire before
    /// C is offered, and C is queued, not dropped: B arrives at 16.8 us (latency 3.8 us), C
    /// is sent 16.8–20.8 us (latency 8.8 us). Had the end ranked from when B began to wait
    /// (13.8 us, after C's arrival was scheduled at 12 us), C would have found the room full.
    @Test func transmissionEndRanksFromTheStartOfTransmission() {
        var spec = PlantSpec()
        spec.nodes = ["s1", "s2", "s3", "sw", "d"].map { NodeSpec(name: $0, kind: $0 == "sw" ? .switch : .station) }
        func port(_ a: Int, _ b: Int, buffer: Int32? = nil) -> PortSpec {
            PortSpec(name: "to-\(b)", node: a, peerNode: b, rateBitsPerSecond: 1_000_000_000, propagation: 0,
                     overheadBytes: 0, minFrameBytes: 0, bufferFrames: buffer)
        }
        spec.ports = [port(0, 3), port(1, 3), port(2, 3), port(3, 4, buffer: 1)]
        func once(_ size: Double, at t: SimTime) -> TrafficSpec {
            TrafficSpec(pattern: .burst(every: .constant(1e12), count: 1, spacing: 0), size: .constant(size),
                        offset: .constant(Double(t)))
        }
        spec.flows = [
            FlowSpec(name: "A", destination: 4, sources: [SourceSpec(node: 0, route: [.port(0), .port(3)], traffic: once(1000, at: 0))]),
            FlowSpec(name: "C", destination: 4, sources: [SourceSpec(node: 1, route: [.port(1), .port(3)], traffic: once(500, at: 12 * Time.microsecond))]),
            FlowSpec(name: "B", destination: 4, sources: [SourceSpec(node: 2, route: [.port(2), .port(3)], traffic: once(100, at: 13 * Time.microsecond))]),
        ]
        let r = Runner.run(RunRequest(variant: "base", plant: spec, seed: 1, duration: Time.millisecond))
        #expect(r.flows.map(\.delivered) == [1, 1, 1])
        #expect(r.flows.map(\.dropped) == [0, 0, 0])
        #expect(r.flows[0].latency?.max == 16 * Time.microsecond)
        #expect(r.flows[1].latency?.max == 8_800_000)
        #expect(r.flows[2].latency?.max == 3_800_000)
        #expect(r.ports[3].queueMaxFrames == 1)
    }
}
