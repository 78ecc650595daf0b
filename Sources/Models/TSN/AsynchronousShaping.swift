import Kernel

/// Asynchronous traffic shaping (IEEE 802.1Qcr-2020; 802.1Q-2022 8.6.5.6, 8.6.11): at every
/// bridge egress port on a shaped stream's way, an ATS scheduler (a token bucket of the
/// stream's committed rate and burst) gives each frame an eligibility time; the frame is
/// held until then and enters the port's traffic-class queue at that time. No clocks need
/// be synchronised: each bridge shapes on its own time.
///
/// Scheduler groups are per (egress port, ingress port, priority), as 8.6.5.6 asks (one
/// group per reception port and upstream traffic class; the priority stands for the
/// upstream class): a frame is never eligible before the last one assigned in its group,
/// so a group keeps FIFO order, the interleaved regulator of Le Boudec (2018) that adds
/// nothing to the worst-case delay. A frame whose eligibility time is later than its
/// arrival plus the group's MaxResidenceTime is discarded (`.maxResidence`, counted at the
/// egress port).
///
/// Arrival is when the forwarding process hands the frame to the egress port (after the
/// switching delay). One scheduler instance per stream (source) and port; a request flow
/// is shaped on its way to the service only. Held frames are not in the port's queue
/// statistics or buffer; their hold counts as queueing in the latency split.
///
/// Holding costs one plant event per held frame (`Shared.eligibleKind`, the frame's
/// index as argument): events at one time run in the order they were scheduled, and
/// eligibility times never decrease within a group, so the events themselves are the
/// group's FIFO. Nothing is allocated per frame.
public struct AsynchronousShaping: Sendable {
    /// Whether any stream is shaped; the plant asks nothing otherwise.
    public let enabled: Bool
    /// Per hop of every route (aligned with `RouteTable`'s hops): its scheduler and group,
    /// or -1 where the hop is not shaped.
    @usableFromInline var schedulerAt: ContiguousArray<Int32> = []
    @usableFromInline var groupAt: ContiguousArray<Int32> = []
    @usableFromInline var schedulers: ContiguousArray<TokenBucket> = []
    @usableFromInline var groups: ContiguousArray<SchedulerGroup> = []

    // What routes added later are resolved with.
    let flowOfSource: [Int32]
    let shaping: [ATSSpec?]
    let priority: [Int]
    let portNode: [Int]
    let isBridge: [Bool]
    let portCount: Int
    /// Instances by key; read only when routes are resolved, never iterated.
    var schedulerIndex: [SchedulerKey: Int32] = [:]
    var groupIndex: [GroupKey: Int32] = [:]

    struct SchedulerKey: Hashable {
        var source: Int32
        var port: Int
    }

    struct GroupKey: Hashable {
        var port: Int
        var ingress: Int
        var priority: Int
    }

    public init(spec: PlantSpec, routes: RouteTable) {
        shaping = spec.flows.map(\.shaping)
        enabled = shaping.contains { $0 != nil }
        flowOfSource = spec.flows.enumerated().flatMap { f, flow in flow.sources.map { _ in Int32(f) } }
        priority = spec.flows.map(\.priority)
        portNode = spec.ports.map(\.node)
        isBridge = spec.nodes.map { $0.kind == .switch && $0.role == .bridge }
        portCount = spec.ports.count
        guard enabled else { return }
        routesAdded(routes, from: 0)
    }

    /// Resolves routes `first...` of `routes` (in order: the arrays follow its hops).
    mutating func routesAdded(_ routes: RouteTable, from first: Int) {
        guard enabled else { return }
        for r in first..<routes.routeCount {
            let source = routes.owner(of: Int32(r))
            let flow = Int(flowOfSource[Int(source)])
            let route = routes.route(Int32(r))
            let shaped = SourceSpec.requestHops(route).count
            for (h, hop) in route.enumerated() {
                guard let ats = shaping[flow], h < shaped, hop.kind == .port, isBridge[portNode[hop.index]] else {
                    schedulerAt.append(-1)
                    groupAt.append(-1)
                    continue
                }
                let previous = h > 0 ? route[h - 1] : nil
                let ingress = previous.map { $0.kind == .port ? $0.index : $0.kind == .link ? portCount + $0.index : -1 }
                    ?? -1
                let s = schedulerIndex[SchedulerKey(source: source, port: hop.index)] ?? {
                    schedulers.append(TokenBucket(rate: ats.committedRate, sizeBits: ats.committedBurst * 8))
                    schedulerIndex[SchedulerKey(source: source, port: hop.index)] = Int32(schedulers.count - 1)
                    return Int32(schedulers.count - 1)
                }()
                let key = GroupKey(port: hop.index, ingress: ingress, priority: priority[flow])
                let residence = ats.maxResidence ?? Time.maximum
                let g: Int32
                if let known = groupIndex[key] {
                    g = known
                    groups[Int(g)].maxResidence = Swift.min(groups[Int(g)].maxResidence, residence)
                } else {
                    groups.append(SchedulerGroup(maxResidence: residence))
                    g = Int32(groups.count - 1)
                    groupIndex[key] = g
                }
                schedulerAt.append(s)
                groupAt.append(g)
            }
        }
    }

    /// A frame of `bytes` on route `r` reaches the egress port of its hop `h` at `now`:
    /// whether it may be queued now, must wait until its eligibility time, or is discarded
    /// (802.1Q-2022 8.6.11.3: the ATS scheduler's ProcessFrame).
    @inlinable
    public mutating func eligibility(route r: Int32, hop h: Int32, bytes: Int32, at now: SimTime,
                                     _ routes: RouteTable) -> Eligibility {
        let k = Int(routes.start[Int(r)] &+ h)
        let s = Int(schedulerAt[k])
        guard s >= 0 else { return .now }
        let g = Int(groupAt[k])
        guard let e = schedulers[s].eligibility(bits: Int64(bytes) &* 8, arrival: now, group: groups[g].eligibility,
                                                maxResidence: groups[g].maxResidence) else { return .discard }
        let t = e.ceiling
        groups[g].eligibility = t
        // A frame eligible now still waits behind a frame of its group held until now.
        guard t > now || groups[g].lastHeld >= now else { return .now }
        groups[g].lastHeld = t
        return .at(t)
    }

    /// How many ATS schedulers (stream and port) the plant has.
    public var schedulerCount: Int { schedulers.count }
    /// How many scheduler groups.
    public var groupCount: Int { groups.count }
}

/// What an ATS scheduler decides for a frame.
public enum Eligibility: Sendable, Equatable {
    /// Eligible at once: it enters the egress queue now.
    case now
    /// Held until this time.
    case at(SimTime)
    /// Its eligibility time is beyond the group's MaxResidenceTime.
    case discard
}

/// An ATS scheduler group's state (802.1Q-2022 8.6.5.6): the eligibility time last assigned
/// in it and its MaxResidenceTime.
@usableFromInline
struct SchedulerGroup: Sendable {
    @usableFromInline var eligibility: SimTime = 0
    @usableFromInline var maxResidence: SimTime
    /// Until when the latest held frame of the group is held (-1: none yet).
    @usableFromInline var lastHeld: SimTime = -1

    init(maxResidence: SimTime) { self.maxResidence = maxResidence }
}

extension TokenBucket {
    /// The ATS scheduler state machine's ProcessFrame (802.1Q-2022 8.6.11.3), exactly: the
    /// eligibility time of a frame of `bits` arriving at `arrival` in a group whose last
    /// frame is eligible at `group`, or nil (and no change) when it is later than
    /// `arrival + maxResidence`. The bucket is this scheduler's (CIR, CBS); its empty time
    /// is BucketEmptyTime.
    @inlinable
    public mutating func eligibility(bits: Int64, arrival: SimTime, group: SimTime,
                                     maxResidence: SimTime) -> ExactTime? {
        let schedulerEligibility = empty.plus(recovery(bits: bits), rate: rate)
        let bucketFull = empty.plus(fill, rate: rate)
        let e = Swift.max(ExactTime(Swift.max(arrival, group)), schedulerEligibility)
        guard e <= ExactTime(arrival &+ maxResidence) else { return nil }
        empty = e < bucketFull ? schedulerEligibility
            : schedulerEligibility.plus(e.minus(bucketFull, rate: rate), rate: rate)
        return e
    }
}
