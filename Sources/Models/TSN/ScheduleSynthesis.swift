import Kernel

/// Synthesis of an IEEE 802.1Qbv schedule (802.1Q-2018 8.6.8.4, 8.6.9) for the periodic
/// streams of one priority: no-wait, each frame goes hop after hop without queueing.
///
/// On each egress port of its route a frame's transmission starts the moment it arrives:
/// the previous hop's start, plus the time to its last bit (preamble, SFD and the padded
/// frame; its header with cut-through), plus propagation, plus the relay's switching
/// delay. The port reserves a window from that start for the frame's whole wire time
/// (inter-frame gap included), widened on each side by twice the clocks' bound: two
/// clocks each within ±bound of the grandmaster (802.1AS) differ by up to 2 × bound, and
/// the frame's send and the port's gates run on different clocks. No two windows of a port
/// overlap. Talker offsets are chosen greedily: streams with the tightest deadline (then
/// the longest path, the shortest period) first, each at the earliest phase whose windows
/// are free on every port (the earliest feasible phase is 0 or makes some window start
/// where an occupied one ends, so only those phases are tried). Each port then opens the
/// scheduled class's gate in its windows only and every other class outside them
/// (exclusive gating, so with the length-aware check other classes need no guard band).
public enum ScheduleSynthesis {
    public static func synthesize(_ spec: PlantSpec, options: ScheduleOptions = ScheduleOptions()) -> QbvSchedule {
        let margin = 2 &* (spec.timeSync?.bound ?? 0)
        let (candidates, refusedAtOnce) = self.candidates(spec, priority: options.priority)
        var refused = refusedAtOnce
        let (cycle, choice) = self.cycle(candidates.map(\.period), options)
        var timed: [Timed] = []
        for c in candidates {
            if cycle % c.period != 0 {
                refused.append(Refusal(id: c.id, reason: .period(c.period, cycle: cycle)))
                continue
            }
            let t = timing(c, spec, margin: margin)
            if let long = t.hops.first(where: { $0.length > c.period }) {
                refused.append(Refusal(id: c.id, reason: .windowLongerThanPeriod(
                    port: long.port, window: long.length, period: c.period)))
                continue
            }
            if let d = c.deadline, t.latency > d {
                refused.append(Refusal(id: c.id, reason: .deadline(
                    latency: t.latency, deadline: d, rate: deadlineRate(c, spec, margin: margin))))
                continue
            }
            timed.append(t)
        }
        // Tightest deadline, then longest path, then shortest period, then stream order.
        timed.sort { a, b in
            let da = a.candidate.deadline ?? .max, db = b.candidate.deadline ?? .max
            if da != db { return da < db }
            if a.hops.count != b.hops.count { return a.hops.count > b.hops.count }
            if a.candidate.period != b.candidate.period { return a.candidate.period < b.candidate.period }
            return a.candidate.id < b.candidate.id
        }
        var occupancy = Occupancy(ports: spec.ports.count, cycle: cycle)
        var placed: [ScheduledStream] = []
        var blocked: [(Timed, Bottleneck)] = []
        for t in timed {
            if let offset = occupancy.earliestOffset(t) {
                occupancy.insert(t, offset: offset)
                placed.append(ScheduledStream(id: t.candidate.id, period: t.candidate.period, bytes: t.candidate.bytes,
                                              hops: t.hops, latency: t.latency, minLatency: t.minLatency,
                                              deadline: t.candidate.deadline, offset: offset))
            } else {
                blocked.append((t, occupancy.bottleneck(t)))
            }
        }
        placed.sort { $0.id < $1.id }
        var schedule = QbvSchedule(priority: options.priority, cycle: cycle, cycleChoice: choice, clockMargin: margin,
                                   gclLimit: options.gclLimit, streams: placed, refused: refused,
                                   ports: portSchedules(spec, occupancy, priority: options.priority))
        let ids = Set(placed.map(\.id))
        for (k, (t, b)) in blocked.enumerated() {
            var b = b
            if options.diagnose && k < suggestedStreams { suggest(&b, for: t, spec, options, placed: ids) }
            schedule.refused.append(Refusal(id: t.candidate.id, reason: .noRoom(b)))
        }
        schedule.refused.sort { $0.id < $1.id }
        return schedule
    }

    /// A stream ready to time: what its source sends and where.
    struct Candidate {
        var id: StreamID
        var period: SimTime
        var bytes: Int32
        var ports: [Int]
        var deadline: SimTime?
    }

    /// A candidate with its windows relative to its send.
    struct Timed {
        var candidate: Candidate
        var hops: [StreamHop]
        var latency: SimTime
        var minLatency: SimTime
    }

    /// The periodic sources at `priority` that a no-wait schedule can carry, and the
    /// others at that priority with the reason they cannot be.
    static func candidates(_ spec: PlantSpec, priority: Int) -> ([Candidate], [Refusal]) {
        var out: [Candidate] = [], refused: [Refusal] = []
        for (f, flow) in spec.flows.enumerated() where flow.priority == priority {
            for (s, source) in flow.sources.enumerated() {
                let id = StreamID(flow: f, source: s)
                func refuse(_ r: RefusalReason) { refused.append(Refusal(id: id, reason: r)) }
                guard flow.request == nil else { refuse(.request); continue }
                guard flow.replication == nil && source.replicas.isEmpty else { refuse(.replicated); continue }
                guard case let .periodic(period, jitter) = source.traffic.pattern else {
                    refuse(.notPeriodic(patternName(source.traffic.pattern)))
                    continue
                }
                guard jitter == nil else { refuse(.jitter); continue }
                if let other = source.route.first(where: { $0.kind != .port }) { refuse(.notEthernet(other.kind)); continue }
                let ports = source.route.map(\.index)
                guard let size = bounds(source.traffic.size)?.max else { refuse(.unboundedSize); continue }
                if let single = ports.first(where: { spec.ports[$0].trafficClasses < 2 }) {
                    refuse(.singleClass(port: single))
                    continue
                }
                if let after = ports.dropFirst().first(where: { relayBounds(spec.nodes[spec.ports[$0].node]) == nil }) {
                    refuse(.unboundedRelay(node: spec.ports[after].node))
                    continue
                }
                let bytes = Source.clip(size, to: spec.maxFrameBytes(on: source.route))
                out.append(Candidate(id: id, period: period, bytes: bytes, ports: ports, deadline: flow.deadline))
            }
        }
        return (out, refused)
    }

    static func patternName(_ p: TrafficPattern) -> String {
        switch p {
        case .periodic: "periodic"
        case .poisson: "poisson"
        case .constantRate: "cbr"
        case .onOff: "onoff"
        case .burst: "burst"
        case .trace: "trace"
        }
    }

    /// Smallest and largest value of a distribution, when it has a largest.
    static func bounds(_ d: Distribution) -> (min: Double, max: Double)? {
        switch d {
        case let .constant(v): return (v, v)
        case let .uniform(l, h): return (l, h)
        case let .empirical(values, _):
            guard let lo = values.min(), let hi = values.max() else { return nil }
            return (lo, hi)
        case let .shifted(base, by):
            return bounds(base).map { ($0.min + by, $0.max + by) }
        default: return nil
        }
    }

    /// The switching delay of a node as the relay applies it (`Relay.delay(at:)`): its
    /// smallest and largest value.
    static func relayBounds(_ node: NodeSpec) -> (min: SimTime, max: SimTime)? {
        if case let .constant(d) = node.switchingDelay { return d > 0 ? (SimTime(d), SimTime(d)) : (0, 0) }
        return bounds(node.switchingDelay).map { (Time.duration($0.min), Time.duration($0.max)) }
    }

    /// The cycle: the given one, else the hyperperiod when not beyond `maxCycle`, else the
    /// longest period.
    static func cycle(_ periods: [SimTime], _ options: ScheduleOptions) -> (SimTime, CycleChoice) {
        if let c = options.cycle { return (c, .given) }
        guard let longest = periods.max() else { return (Time.millisecond, .hyperperiod) }
        var h: SimTime? = 1
        for p in periods {
            guard let x = h else { break }
            let (m, overflow) = (x / gcd(x, p)).multipliedReportingOverflow(by: p)
            h = overflow ? nil : m
        }
        if let h, h <= options.maxCycle { return (h, .hyperperiod) }
        return (longest, .longestPeriod(hyperperiod: h))
    }

    static func gcd(_ a: SimTime, _ b: SimTime) -> SimTime { b == 0 ? a : gcd(b, a % b) }

    /// The stream's windows after its send, hop by hop, and its latency without queueing.
    static func timing(_ c: Candidate, _ spec: PlantSpec, margin: SimTime) -> Timed {
        var hops: [StreamHop] = []
        var early: SimTime = 0, late: SimTime = 0
        var latency: SimTime = 0, minLatency: SimTime = 0
        for (h, p) in c.ports.enumerated() {
            let port = EgressPort(spec.ports[p])
            let wire = port.transmissionTime(bytes: c.bytes)
            hops.append(StreamHop(port: p, earliest: early, latest: late, open: early &- margin,
                                  close: late &+ wire &+ margin))
            let peer = spec.ports[p].peerNode
            // As `Ethernet.transmit`: the far end has the frame at its last bit, or at its
            // header when the next switch cuts through to a port no faster.
            var reach = port.lastBitTime(bytes: c.bytes)
            if h + 1 < c.ports.count {
                let next = spec.ports[c.ports[h + 1]]
                if spec.nodes[peer].forwarding == .cutThrough && next.rateBitsPerSecond <= port.rateBitsPerSecond {
                    reach = port.headerTime()
                }
                let relay = relayBounds(spec.nodes[peer]) ?? (min: 0, max: 0)
                early &+= reach &+ port.propagation &+ relay.min
                late &+= reach &+ port.propagation &+ relay.max
            } else {
                minLatency = early &+ reach &+ port.propagation
                latency = late &+ reach &+ port.propagation
            }
        }
        return Timed(candidate: c, hops: hops, latency: latency, minLatency: minLatency)
    }

    /// Standard Ethernet line rates (IEEE 802.3), for suggestions.
    static let standardRates: [Int64] = [
        10_000_000, 100_000_000, 1_000_000_000, 2_500_000_000, 5_000_000_000, 10_000_000_000, 25_000_000_000,
        40_000_000_000, 50_000_000_000, 100_000_000_000, 200_000_000_000, 400_000_000_000,
    ]

    /// The slowest standard rate at which the stream, with every slower link of its path
    /// raised to it, meets its deadline without queueing.
    static func deadlineRate(_ c: Candidate, _ spec: PlantSpec, margin: SimTime) -> SimTime? {
        guard let deadline = c.deadline else { return nil }
        let slowest = c.ports.map { spec.ports[$0].rateBitsPerSecond }.min() ?? 0
        for r in standardRates where r > slowest {
            var faster = spec
            for p in c.ports where faster.ports[p].rateBitsPerSecond < r { faster.ports[p].rateBitsPerSecond = r }
            if timing(c, faster, margin: margin).latency <= deadline { return r }
        }
        return nil
    }

    /// Each port's windows as a gate control list: the scheduled class alone in its
    /// windows, every other class the rest of the cycle.
    static func portSchedules(_ spec: PlantSpec, _ occupancy: Occupancy, priority: Int) -> [PortSchedule] {
        // Priorities of the flows crossing each port (for the shared-class note).
        var crossing: [UInt8] = Array(repeating: 0, count: spec.ports.count)
        for flow in spec.flows {
            for s in flow.sources {
                for h in s.route + s.replicas.joined() where h.kind == .port {
                    crossing[h.index] |= UInt8(1) << UInt8(flow.priority & 7)
                }
            }
        }
        var out: [PortSchedule] = []
        let cycle = occupancy.cycle
        for p in spec.ports.indices where !occupancy.spans[p].isEmpty {
            var windows: [PortWindow] = []
            for s in occupancy.spans[p] {
                if let last = windows.last, last.end == s.start { windows[windows.count - 1].end = s.end } else {
                    windows.append(PortWindow(start: s.start, end: s.end))
                }
            }
            let classes = spec.ports[p].trafficClasses
            let tc = TrafficClassMap.trafficClass(priority: priority, classes: classes)
            let own = UInt8(1) << UInt8(tc)
            let others = UInt8(truncatingIfNeeded: (1 << classes) - 1) & ~own
            var entries: [GateControlList.Entry] = []
            var t: SimTime = 0
            for w in windows {
                if w.start > t { entries.append(.init(open: others, duration: w.start &- t)) }
                entries.append(.init(open: own, duration: w.end &- w.start))
                t = w.end
            }
            if t < cycle { entries.append(.init(open: others, duration: cycle &- t)) }
            let busy = windows.reduce(SimTime(0)) { $0 &+ ($1.end &- $1.start) }
            let shared = (0..<8).filter {
                $0 != priority && crossing[p] & (1 << UInt8($0)) != 0
                    && TrafficClassMap.trafficClass(priority: $0, classes: classes) == tc
            }
            out.append(PortSchedule(port: p, trafficClass: tc, windows: windows,
                                    gates: GateControlList(cycle: cycle, entries: entries),
                                    utilisation: Double(busy) / Double(cycle), sharedPriorities: shared))
        }
        return out
    }
}
