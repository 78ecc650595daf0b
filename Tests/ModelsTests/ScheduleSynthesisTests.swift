import Experiments
import Kernel
import Models
import Testing

/// Qbv schedule synthesis checked against hand-computed schedules and against a checker
/// written apart from the synthesizer (its own wire times, its own overlap test).
@Suite struct ScheduleSynthesisTests {
    /// Stations joined by switches in a line, every link `rate` with `propagation`, the
    /// switches relaying after `relay`; each talker is a station on the first switch, the
    /// listener on the last. `streams`: (talker, bytes, period, deadline), priority 7.
    static func line(switches: Int, talkers: Int, rate: Int64 = 1_000_000_000, propagation: SimTime = 50_000,
                     relay: Distribution = .constant(1_000_000),
                     streams: [(talker: Int, bytes: Double, period: SimTime, deadline: SimTime?)]) -> PlantSpec {
        var spec = PlantSpec()
        func link(_ a: Int, _ b: Int) {
            for (x, y) in [(a, b), (b, a)] {
                spec.ports.append(PortSpec(name: "to-\(spec.nodes[y].name)", node: x, peerNode: y,
                                           rateBitsPerSecond: rate, propagation: propagation))
            }
        }
        for t in 0..<talkers { spec.nodes.append(NodeSpec(name: "t\(t)", kind: .station)) }
        let listener = spec.nodes.count
        spec.nodes.append(NodeSpec(name: "l", kind: .station))
        for s in 0..<switches {
            spec.nodes.append(NodeSpec(name: "sw\(s + 1)", kind: .switch, switchingDelay: relay))
            if s > 0 { link(listener + s, listener + s + 1) }
        }
        for t in 0..<talkers { link(t, listener + 1) }
        link(listener + switches, listener)
        let topology = Topology(spec)
        for (k, s) in streams.enumerated() {
            let route = try! topology.shortestRoute(from: s.talker, to: listener).get()
            spec.flows.append(FlowSpec(name: "s\(k)", destination: listener, priority: 7, deadline: s.deadline,
                                       sources: [SourceSpec(node: s.talker, route: route, traffic: TrafficSpec(
                                           pattern: .periodic(period: s.period, jitter: nil), size: .constant(s.bytes)))]))
        }
        // Best-effort traffic beside them, which the synthesis leaves alone.
        let route = try! topology.shortestRoute(from: 0, to: listener).get()
        spec.flows.append(FlowSpec(name: "be", destination: listener, priority: 0, sources: [SourceSpec(
            node: 0, route: route, traffic: TrafficSpec(pattern: .poisson(meanGap: 20e6), size: .constant(1500)))]))
        return spec
    }

    /// Two streams from one talker over talker → sw1 → listener at 1 Gbit/s, 50 ns
    /// propagation, 1 us switching delay. By hand: A (100 B, 1 ms, deadline 50 us) takes
    /// 960 ns on the wire ((100 + 20) B × 8 ns) and reaches sw1 at 864 ns (its last bit,
    /// (100 + 8) B × 8 ns) + 50 ns, leaves it 1 us later at 1914 ns and arrives at
    /// 1914 + 864 + 50 = 2828 ns. B (200 B, 500 us, deadline 100 us): 1760 ns on the wire,
    /// 1664 ns to its last bit, so windows at 0 and 2714 ns after its send, latency 4428 ns.
    /// A goes first (tighter deadline) at offset 0. B's candidate phases are 0, 160 ns
    /// (2874 − 2714: its second window just after A's) and 960 ns (its first after A's);
    /// 0 and 160 ns meet A on the first port, 960 ns fits: B's windows on the first port
    /// are [960, 2720) ns and [500960, 502720) ns, on the second [3674, 5434) ns and
    /// [503674, 505434) ns.
    @Test func twoStreamsOnTwoHopsByHand() {
        let spec = Self.line(switches: 1, talkers: 1, streams: [
            (0, 100, Time.millisecond, 50 * Time.microsecond),
            (0, 200, 500 * Time.microsecond, 100 * Time.microsecond),
        ])
        let s = ScheduleSynthesis.synthesize(spec)
        #expect(s.cycle == Time.millisecond && s.cycleChoice == .hyperperiod)
        #expect(s.refused.isEmpty && s.isComplete)
        let a = s.stream(StreamID(flow: 0, source: 0)), b = s.stream(StreamID(flow: 1, source: 0))
        #expect(a?.offset == 0)
        #expect(a?.latency == 2_828_000)
        #expect(a?.hops.map(\.open) == [0, 1_914_000] && a?.hops.map(\.close) == [960_000, 2_874_000])
        #expect(b?.offset == 960_000)
        #expect(b?.latency == 4_428_000)
        #expect(b?.hops.map(\.open) == [0, 2_714_000] && b?.hops.map(\.close) == [1_760_000, 4_474_000])
        #expect(b.flatMap(\.slack) == SimTime(100_000_000 - 4_428_000))
        // The talker's port: A and B back to back merge into one window.
        let first = s.ports.first { $0.port == spec.flows[0].sources[0].route[0].index }
        #expect(first?.windows == [PortWindow(start: 0, end: 2_720_000), PortWindow(start: 500_960_000, end: 502_720_000)])
        #expect(first?.trafficClass == 7)
        let own: UInt8 = 0x80, others: UInt8 = 0x7F
        #expect(first?.gates.entries == [
            .init(open: own, duration: 2_720_000), .init(open: others, duration: 498_240_000),
            .init(open: own, duration: 1_760_000), .init(open: others, duration: 497_280_000),
        ])
        let last = s.ports.first { $0.port == spec.flows[0].sources[0].route[1].index }
        #expect(last?.windows == [PortWindow(start: 1_914_000, end: 2_874_000), PortWindow(start: 3_674_000, end: 5_434_000),
                                  PortWindow(start: 503_674_000, end: 505_434_000)])
        #expect(last?.gates.entries.map(\.duration) == [1_914_000, 960_000, 800_000, 1_760_000, 498_240_000,
                                                        1_760_000, 494_566_000])
        #expect(s.ports.count == 2)  // the best-effort flow's ports get no gates of their own
        Self.check(s, spec)
    }

    /// With 802.1AS clocks within ±1 us, every window grows by 2 us each side (two clocks
    /// differ by up to twice the bound): A's first window wraps to [998 us, 1 ms) ∪
    /// [0, 2.96 us). B's windows, 5.76 us long, open 2 us before its send and 0.714 us
    /// after; its candidate phases are 0, 2 us, 4.16 us, 4.96 us and 499.286 us, and the
    /// first three meet A on the talker's port: B goes at 4.96 us, its first window right
    /// after A's, [2.96 us, 8.72 us).
    @Test func clockBoundWidensWindows() {
        var spec = Self.line(switches: 1, talkers: 1, streams: [
            (0, 100, Time.millisecond, 50 * Time.microsecond),
            (0, 200, 500 * Time.microsecond, 100 * Time.microsecond),
        ])
        spec.timeSync = TimeSyncSpec(precision: Time.microsecond)
        let s = ScheduleSynthesis.synthesize(spec)
        #expect(s.clockMargin == 2 * Time.microsecond)
        let a = s.stream(StreamID(flow: 0, source: 0))
        #expect(a?.offset == 0 && a?.hops.map(\.open) == [-2_000_000, -86_000] && a?.hops[0].close == 2_960_000)
        #expect(a?.latency == 2_828_000)  // the margin costs no latency
        #expect(s.stream(StreamID(flow: 1, source: 0))?.offset == 4_960_000)
        let first = s.ports.first { $0.port == 0 }
        #expect(first?.windows.first == PortWindow(start: 0, end: 2_960_000 + 5_760_000))
        #expect(first?.windows.last?.end == Time.millisecond)  // A's wrapped start
        Self.check(s, spec)
    }

    /// Many streams from several talkers over a line of switches, with random sizes,
    /// periods and relay delays: whatever the synthesis places passes the checker.
    @Test(arguments: [1, 2, 3, 4, 5, 6])
    func randomPlantsPassTheChecker(seed: UInt64) {
        var rng = SplitMix(seed: seed)
        let talkers = 2 + Int(rng.next() % 4), switches = 1 + Int(rng.next() % 3)
        let periods: [SimTime] = [250 * Time.microsecond, 500 * Time.microsecond, Time.millisecond]
        var streams: [(talker: Int, bytes: Double, period: SimTime, deadline: SimTime?)] = []
        for _ in 0..<(10 + Int(rng.next() % 30)) {
            streams.append((Int(rng.next() % UInt64(talkers)), Double(40 + rng.next() % 1400),
                            periods[Int(rng.next() % 3)], rng.next() % 2 == 0 ? nil : 200 * Time.microsecond))
        }
        var spec = Self.line(switches: switches, talkers: talkers, rate: rng.next() % 2 == 0 ? 100_000_000 : 1_000_000_000,
                             relay: .uniform(low: 500_000, high: 2_000_000), streams: streams)
        if seed % 2 == 0 { spec.timeSync = TimeSyncSpec(precision: 500_000) }
        let s = ScheduleSynthesis.synthesize(spec, options: ScheduleOptions(diagnose: false))
        #expect(!s.streams.isEmpty, "seed \(seed)")
        #expect(s.streams.count + s.refused.count == streams.count, "seed \(seed)")
        Self.check(s, spec, seed: seed)
    }

    /// Nine 1500 B streams every 1 ms into one 100 Mbit/s port: each takes 121.6 us on
    /// the wire, so eight fit and the ninth is refused, naming the listener's port, whose
    /// windows take 97.28 % of the cycle, back to back from 120.69 us (the first frame's
    /// last bit plus 50 ns), leaving one gap of 27.2 us. A 1 Gbit/s link there fits it;
    /// with that rate every stream is placed.
    @Test func infeasibleNamesTheBottleneckAndASufficientRate() throws {
        let streams = (0..<9).map { (talker: $0, bytes: 1500.0, period: Time.millisecond, deadline: SimTime?.none) }
        let spec = Self.line(switches: 1, talkers: 9, rate: 100_000_000, relay: .constant(0), streams: streams)
        let s = ScheduleSynthesis.synthesize(spec)
        #expect(s.streams.count == 8 && s.refused.count == 1 && !s.isComplete)
        let refusal = try #require(s.refused.first)
        guard case let .noRoom(b) = refusal.reason else {
            Issue.record("expected no room, got \(refusal.reason)")
            return
        }
        let listenerPort = spec.flows[refusal.id.flow].sources[0].route.last!.index
        #expect(b.port == listenerPort && b.alone)
        #expect(abs(b.utilisation - 0.9728) < 1e-12)
        #expect(b.window == 121_600_000 && b.windowsPerCycle == 1)
        #expect(b.largestGap == Time.millisecond - 8 * 121_600_000)
        #expect(b.streams.count == 8)
        #expect(b.rate == 1_000_000_000)
        #expect(b.path == nil)  // a line has no other path
        var faster = spec
        let ends = Set([spec.ports[listenerPort].node, spec.ports[listenerPort].peerNode])
        for p in faster.ports.indices where Set([spec.ports[p].node, spec.ports[p].peerNode]) == ends {
            faster.ports[p].rateBitsPerSecond = b.rate!
        }
        let again = ScheduleSynthesis.synthesize(faster)
        #expect(again.streams.count == 9 && again.isComplete)
        Self.check(again, faster)
        // The eight 1 ms streams leave 27.2 us free in every millisecond, so no longer
        // period of the ninth alone makes room for its 121.6 us window.
        #expect(b.period == nil)
    }

    /// A second path around a full port: talkers on sw1, listener on sw2, sw1 and sw2
    /// joined directly and through sw3. The direct port fills, and the stream fits through sw3.
    @Test func anotherPathIsSuggested() throws {
        var spec = PlantSpec()
        spec.nodes = [NodeSpec(name: "t0", kind: .station), NodeSpec(name: "t1", kind: .station),
                      NodeSpec(name: "l", kind: .station), NodeSpec(name: "sw1", kind: .switch),
                      NodeSpec(name: "sw2", kind: .switch), NodeSpec(name: "sw3", kind: .switch)]
        func link(_ a: Int, _ b: Int, _ rate: Int64) {
            spec.ports.append(PortSpec(name: "", node: a, peerNode: b, rateBitsPerSecond: rate, propagation: 0))
            spec.ports.append(PortSpec(name: "", node: b, peerNode: a, rateBitsPerSecond: rate, propagation: 0))
        }
        link(0, 3, 1_000_000_000); link(1, 3, 1_000_000_000); link(3, 4, 100_000_000); link(4, 2, 1_000_000_000)
        link(3, 5, 100_000_000); link(5, 4, 100_000_000)
        let topology = Topology(spec)
        for t in 0..<2 {
            spec.flows.append(FlowSpec(name: "s\(t)", destination: 2, priority: 7, sources: [SourceSpec(
                node: t, route: try topology.shortestRoute(from: t, to: 2).get(), traffic: TrafficSpec(
                    pattern: .periodic(period: 200 * Time.microsecond, jitter: nil), size: .constant(1500)))]))
        }
        let s = ScheduleSynthesis.synthesize(spec)
        let refusal = try #require(s.refused.first)
        guard case let .noRoom(b) = refusal.reason else { Issue.record("\(refusal.reason)"); return }
        #expect(b.port == 4)  // sw1 → sw2
        #expect(refusal.id.flow == 1)  // equal streams go in stream order
        #expect(b.path == [.port(2), .port(8), .port(10), .port(6)])  // t1 → sw1 → sw3 → sw2 → l
        #expect(b.pathFits)
        #expect(b.rate == 1_000_000_000)
    }

    /// Gate control lists longer than the limit are reported.
    @Test func gclLimitIsReported() {
        let spec = Self.line(switches: 1, talkers: 1, streams: [
            (0, 100, Time.millisecond, 50 * Time.microsecond),
            (0, 200, 500 * Time.microsecond, 100 * Time.microsecond),
        ])
        let s = ScheduleSynthesis.synthesize(spec, options: ScheduleOptions(gclLimit: 5))
        #expect(s.overLimit.map(\.port) == [spec.flows[0].sources[0].route[1].index])  // 7 entries > 5; 4 fit
        #expect(!s.isComplete && s.refused.isEmpty)
        #expect(ScheduleSynthesis.synthesize(spec, options: ScheduleOptions(gclLimit: 7)).isComplete)
    }

    /// Streams that cannot be scheduled say why.
    @Test func refusals() {
        var spec = Self.line(switches: 1, talkers: 1, streams: [
            (0, 100, Time.millisecond, 1 * Time.microsecond),  // too late even alone
            (0, 100, 300 * Time.microsecond, nil),  // does not divide the given cycle
            (0, 100, Time.millisecond, nil),
        ])
        spec.flows[2].sources[0].traffic.pattern = .periodic(period: Time.millisecond, jitter: .constant(5))
        spec.flows[3].priority = 7  // the best-effort Poisson flow
        let s = ScheduleSynthesis.synthesize(spec, options: ScheduleOptions(cycle: Time.millisecond))
        #expect(s.streams.isEmpty)
        let reasons = s.refused.map(\.reason)
        #expect(reasons.count == 4)
        #expect(reasons[0] == .deadline(latency: 2_828_000, deadline: 1_000_000, rate: nil))
        #expect(reasons[1] == .period(300 * Time.microsecond, cycle: Time.millisecond))
        #expect(reasons[2] == .jitter)
        #expect(reasons[3] == .notPeriodic("poisson"))
    }

    /// The synthesized schedule in the simulator, beside best-effort traffic loading the
    /// same path to 60 % (Poisson 1500 B frames, gates closed to them only in the windows):
    /// every scheduled frame meets no queue, so its latency is exactly the no-wait latency,
    /// min = max, and the queueing part of its mean is 0; the clocks' margin keeps it so
    /// with 802.1AS clocks within ±1 us drifting 10 ppm. Without the gates the same offsets
    /// let best-effort frames delay them.
    @Test(arguments: [false, true])
    func simulatedScheduleHasNoQueueing(clocks: Bool) {
        var spec = Self.line(switches: 2, talkers: 3, streams: [
            (0, 100, Time.millisecond, 50 * Time.microsecond), (1, 200, 500 * Time.microsecond, 100 * Time.microsecond),
            (2, 64, 250 * Time.microsecond, 100 * Time.microsecond), (0, 1000, Time.millisecond, nil),
        ])
        if clocks { spec.timeSync = TimeSyncSpec(precision: Time.microsecond, driftPPM: 10) }
        let s = ScheduleSynthesis.synthesize(spec)
        #expect(s.isComplete)
        var scheduled = spec
        for x in s.streams { scheduled.flows[x.id.flow].sources[x.id.source].traffic.offset = .constant(Double(x.offset)) }
        let ungated = scheduled
        for p in s.ports { scheduled.ports[p.port].tsn = PortTSN(gates: p.gates, guardBand: .lengthAware) }
        let r = Runner.run(RunRequest(variant: "scheduled", plant: scheduled, seed: 3, duration: 200 * Time.millisecond))
        for x in s.streams {
            let f = r.flows.first { $0.flow == spec.flows[x.id.flow].name }
            #expect(f?.delivered ?? 0 >= 190, "\(x.id)")
            #expect(f?.latency?.min == x.latency && f?.latency?.max == x.latency, "\(x.id) clocks \(clocks)")
            #expect(f?.split?.queueing == 0)
        }
        let be = r.flows.first { $0.flow == "be" }
        #expect(be?.delivered ?? 0 > 5000 && be?.dropped == 0)
        let u = Runner.run(RunRequest(variant: "ungated", plant: ungated, seed: 3, duration: 200 * Time.millisecond))
        let late = s.streams.filter { x in (u.flows.first { $0.flow == spec.flows[x.id.flow].name }?.latency?.max ?? 0) > x.latency }
        #expect(!late.isEmpty)
    }

    // MARK: - The checker

    /// Checks a schedule without the synthesizer's code: wire times from the frame size
    /// (padded to 64 B, plus 20 B of preamble, SFD and gap; 8 B before the last bit), every
    /// stream's hop starts by the no-wait recurrence, no two frames' windows (widened by the
    /// margin) meeting on a port in two cycles, the gates open for the scheduled class
    /// exactly in the windows, and latencies within deadlines.
    static func check(_ s: QbvSchedule, _ spec: PlantSpec, seed: UInt64 = 0) {
        func ceilDiv(_ a: Int64, _ b: Int64) -> Int64 { (a + b - 1) / b }
        func time(_ bytes: Int64, _ port: PortSpec) -> Int64 { ceilDiv(bytes * 8 * 1_000_000_000_000, port.rateBitsPerSecond) }
        var busy: [Int: [(start: Int64, end: Int64, who: String)]] = [:]
        for x in s.streams {
            let source = spec.flows[x.id.flow].sources[x.id.source]
            let bytes = Int64(Swift.max(x.bytes, 64))
            #expect(x.offset >= 0 && x.offset < x.period, "seed \(seed)")
            #expect(s.cycle % x.period == 0, "seed \(seed)")
            var early: Int64 = 0, late: Int64 = 0
            for (h, hop) in source.route.enumerated() {
                let port = spec.ports[hop.index]
                #expect(x.hops[h].port == hop.index && x.hops[h].earliest == early && x.hops[h].latest == late,
                        "seed \(seed) stream \(x.id) hop \(h)")
                let open = early - s.clockMargin, close = late + time(bytes + 20, port) + s.clockMargin
                #expect(x.hops[h].open == open && x.hops[h].close == close, "seed \(seed)")
                for k in 0..<Int64(2 * s.cycle / x.period) {
                    busy[hop.index, default: []].append((x.offset + k * x.period + open, x.offset + k * x.period + close,
                                                        "\(x.id)"))
                }
                var lo: Int64 = 0, hi: Int64 = 0
                switch spec.nodes[port.peerNode].switchingDelay {
                case let .constant(d): (lo, hi) = (Int64(d), Int64(d))
                case let .uniform(a, b): (lo, hi) = (Int64(a), Int64(b))
                default: Issue.record("unexpected delay")
                }
                let reach = time(bytes + 8, port) + port.propagation
                if h + 1 < source.route.count {
                    early += reach + lo
                    late += reach + hi
                } else {
                    #expect(x.latency == late + reach && x.minLatency == early + reach, "seed \(seed)")
                }
            }
            if let d = x.deadline { #expect(x.latency <= d, "seed \(seed)") }
        }
        for (port, spans) in busy {
            // Frames of the next cycle too, shifted back, so windows across the cycle's end meet.
            let all = (spans + spans.map { ($0.start - 2 * s.cycle, $0.end - 2 * s.cycle, $0.who) }).sorted { $0.start < $1.start }
            for (a, b) in zip(all, all.dropFirst()) {
                #expect(a.end <= b.start, "seed \(seed): port \(port) windows of \(a.who) and \(b.who) overlap")
            }
            // The gates: the scheduled class open in each window, closed outside.
            guard let p = s.ports.first(where: { $0.port == port }) else {
                Issue.record("seed \(seed): no gates on port \(port)")
                continue
            }
            let own = UInt8(1) << UInt8(p.trafficClass)
            #expect(p.gates.entries.reduce(0) { $0 + $1.duration } == s.cycle)
            for w in spans {
                #expect(p.gates.openTime(class: p.trafficClass, from: w.start, to: w.end) == w.end - w.start,
                        "seed \(seed)")
            }
            let inWindows = p.gates.openTime(class: p.trafficClass, from: 0, to: s.cycle)
            #expect(inWindows == p.windows.reduce(0) { $0 + $1.end - $1.start })
            for e in p.gates.entries { #expect(e.open == own || e.open & own == 0) }
        }
        // Every scheduled class open time is some stream's window: the windows' total in
        // the cycle equals the frames' total (they do not overlap).
        for p in s.ports {
            let frames = s.streams.flatMap { x in x.hops.filter { $0.port == p.port }.map { ($0.length, x.period) } }
            let total = frames.reduce(Int64(0)) { $0 + $1.0 * (s.cycle / $1.1) }
            #expect(p.windows.reduce(0) { $0 + $1.end - $1.start } == total, "seed \(seed)")
        }
    }
}
