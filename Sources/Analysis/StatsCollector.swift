import Kernel
import Models

/// Listens to a plant's probes and keeps statistics per flow leg (pooled and, on request,
/// per source) and per site: Ethernet ports, external-link directions, compute nodes.
/// Only units created after the warm-up count, so sent = delivered + dropped + in flight
/// on every row.
///
/// A plain flow has one row (one-way). A request flow has three: the request leg (to the
/// service), the response leg (from the end of service) and the round trip; a request
/// refused by a full service counts as delivered on its request leg and as dropped on the
/// round trip. The flow's deadline applies to its one-way or round-trip row.
///
/// Drops are counted by reason, per site and per row. A flow with a deadline and a survival
/// time has one `AvailabilityTracker` per source (its stream: leg 0 sent to final arrival,
/// the response's for a request flow), fed as probes come and closed at the end; a dropped
/// unit is a lost message. A replicated flow counts what its merge points discard and pass
/// (`merged`). Faults (`fault`) are summed per fault over the observed window.
///
/// A drop with a negative `flow` counts at its site only: the convention for one copy of a
/// replicated frame whose other copies may still arrive.
public struct StatsCollector: ProbeSink {
    let flowNames: [String]
    /// First row of each flow, and whether it is a request flow (three rows).
    let flowRow: [Int]
    let isRequest: [Bool]
    let rowLeg: [Leg]
    let rowDeadline: [SimTime]
    var rows: [FlowAccumulator]
    let sourceFlow: [Int32]
    let sourceNames: [String]
    /// First row of each source in `sourceRows` and `lastLatency`.
    let sourceRow: [Int]
    let perSource: Bool
    var sourceRows: [FlowAccumulator]
    /// Latency of each source row's last delivery, for IPDV (-1 before the first).
    var lastLatency: [SimTime]

    let portNames: [(node: String, port: String)]
    let linkInfo: [(link: String, node: String, peer: String, direction: String, capacity: Bool)]
    let computeInfo: [(node: String, servers: Int)]
    var sites: [SiteAccumulator]
    /// Ports with time-sensitive networking that reported something, by site.
    var tsnPorts: [Int32: TSNPortAccumulator] = [:]
    var radio: RadioStatistics

    /// Per source: its availability tracker in `trackers`, or -1 when its flow has no
    /// deadline or no survival time (only the flows that need one get one).
    let sourceTracker: [Int32]
    var trackers: [AvailabilityTracker]
    /// Per flow: whether it is replicated (reports merge-point figures).
    let isReplicated: [Bool]
    /// Per source row (as `lastLatency`): when its stream last passed a merge point after
    /// the warm-up (-1: not yet).
    var lastPassed: [SimTime]

    let faultNames: [String]
    var faults: [FaultAccumulator]

    /// Per flow: whether a route of it crosses a 5G TSN bridge (its rows report `bridge`).
    let crossesBridge: [Bool]
    /// Bridge delays per flow row and (with per-source rows) per source row; empty when no
    /// flow crosses a bridge.
    var bridgeRows: [BridgeDelayAccumulator]
    var sourceBridgeRows: [BridgeDelayAccumulator]

    let end: SimTime
    /// Start of the measured period: units created before it are not counted.
    public let warmupEnd: SimTime

    /// - Parameters:
    ///   - warmup: end of the warm-up period, when the measured period starts.
    ///   - end: the run's end time, so utilization counts only service inside it.
    ///   - perSource: also keep rows per source of each flow.
    public init(spec: PlantSpec, warmup: SimTime = 0, end: SimTime, perSource: Bool = false) {
        warmupEnd = warmup
        self.end = end
        self.perSource = perSource
        flowNames = spec.flows.map(\.name)
        isRequest = spec.flows.map { $0.request != nil }
        var flowRow: [Int] = [], legs: [Leg] = [], deadlines: [SimTime] = []
        var sf: [Int32] = [], sn: [String] = [], sr: [Int] = [], st: [Int32] = []
        var trackers: [AvailabilityTracker] = []
        var sourceRowCount = 0
        for (f, flow) in spec.flows.enumerated() {
            let flowLegs = Leg.rows(request: flow.request != nil)
            flowRow.append(legs.count)
            for leg in flowLegs {
                legs.append(leg)
                deadlines.append(leg == .oneWay || leg == .roundTrip ? flow.deadline ?? .max : .max)
            }
            for s in flow.sources {
                sf.append(Int32(f))
                sn.append(spec.nodes[s.node].name)
                sr.append(sourceRowCount)
                sourceRowCount += flowLegs.count
                if let deadline = flow.deadline, let survival = flow.survivalTime {
                    st.append(Int32(trackers.count))
                    trackers.append(AvailabilityTracker(deadline: deadline, survival: survival, start: warmup))
                } else {
                    st.append(-1)
                }
            }
        }
        self.flowRow = flowRow
        rowLeg = legs
        rowDeadline = deadlines
        rows = Array(repeating: FlowAccumulator(), count: legs.count)
        sourceFlow = sf
        sourceNames = sn
        sourceRow = sr
        sourceRows = perSource ? Array(repeating: FlowAccumulator(), count: sourceRowCount) : []
        lastLatency = Array(repeating: -1, count: sourceRowCount)
        sourceTracker = st
        self.trackers = trackers
        isReplicated = spec.flows.map { $0.replication != nil }
        lastPassed = Array(repeating: -1, count: sourceRowCount)
        faultNames = spec.faults.map(\.name)
        faults = Array(repeating: FaultAccumulator(), count: spec.faults.count)
        crossesBridge = spec.flows.map { spec.crossesFiveGBridge($0) }
        let bridged = crossesBridge.contains(true)
        bridgeRows = bridged ? Array(repeating: BridgeDelayAccumulator(), count: legs.count) : []
        sourceBridgeRows = bridged && perSource ? Array(repeating: BridgeDelayAccumulator(), count: sourceRowCount) : []

        portNames = spec.ports.map { (spec.nodes[$0.node].name, $0.name) }
        for (p, port) in spec.ports.enumerated() where port.tsn != nil { tsnPorts[Int32(p)] = TSNPortAccumulator() }
        linkInfo = spec.links.map {
            ($0.name, spec.nodes[$0.node].name, spec.nodes[$0.peerNode].name, $0.direction.rawValue,
             $0.rateBitsPerSecond != nil)
        }
        computeInfo = spec.computeNodes.map { (spec.nodes[$0].name, spec.nodes[$0].compute?.servers ?? 1) }
        sites = Array(repeating: SiteAccumulator(), count: spec.siteCount)
        radio = RadioStatistics(spec: spec)
    }

    // MARK: Flows

    /// Applies `body` to a flow's row `offset` and, with per-source rows, to the source's.
    mutating func update(flow: Int32, source: Int32, offset: Int, _ body: (inout FlowAccumulator) -> Void) {
        body(&rows[flowRow[Int(flow)] &+ offset])
        if perSource { body(&sourceRows[sourceRow[Int(source)] &+ offset]) }
    }

    public mutating func sent(flow: Int32, source: Int32, leg: Int32, bytes: Int32, created: SimTime,
                              at time: SimTime) {
        guard created >= warmupEnd else { return }
        if leg == 0 {
            let t = sourceTracker[Int(source)]
            // A stream's messages are told apart by creation time: a second one made at the
            // same instant (a burst without spacing) is not tracked.
            if t >= 0 && created > trackers[Int(t)].lastCreated { trackers[Int(t)].sent(created: created) }
            update(flow: flow, source: source, offset: 0) { $0.sent &+= 1 }
            if isRequest[Int(flow)] { update(flow: flow, source: source, offset: 2) { $0.sent &+= 1 } }
        } else {
            update(flow: flow, source: source, offset: 1) { $0.sent &+= 1 }
        }
    }

    public mutating func dropped(site: Int32, flow: Int32, source: Int32, leg: Int32, created: SimTime,
                                 reason: DropReason, at time: SimTime) {
        if site >= 0 && time >= warmupEnd { sites[Int(site)].drops.add(reason) }
        guard created >= warmupEnd else { return }
        let t = sourceTracker[Int(source)]
        if t >= 0 { trackers[Int(t)].lost(created: created, at: time) }
        let request = isRequest[Int(flow)]
        if reason != .rejected { update(flow: flow, source: source, offset: Int(leg)) { $0.drops.add(reason) } }
        if request { update(flow: flow, source: source, offset: 2) { $0.drops.add(reason) } }
    }

    /// A lost copy of a replicated frame counts at its site only; the frame is `dropped`
    /// when its last copy is.
    public mutating func copyDropped(site: Int32, flow: Int32, reason: DropReason, at time: SimTime) {
        if site >= 0 && time >= warmupEnd { sites[Int(site)].drops.add(reason) }
    }

    public mutating func arrived(flow: Int32, source: Int32, leg: Int32, bytes: Int32, created: SimTime,
                                 legStarted: SimTime, final: Bool, at time: SimTime) {
        guard created >= warmupEnd else { return }
        if final {
            let t = sourceTracker[Int(source)]
            if t >= 0 { trackers[Int(t)].arrived(created: created, at: time) }
        }
        record(flow: flow, source: source, offset: Int(leg), latency: time &- legStarted, bytes: bytes)
        if final && isRequest[Int(flow)] {
            record(flow: flow, source: source, offset: 2, latency: time &- created, bytes: bytes)
        }
    }

    public mutating func latencyParts(flow: Int32, source: Int32, leg: Int32, created: SimTime, queueing: SimTime,
                                      radio: SimTime, harq: SimTime, core: SimTime) {
        guard created >= warmupEnd else { return }
        update(flow: flow, source: source, offset: Int(leg)) {
            $0.record(queueing: queueing, radio: radio, harq: harq, core: core)
        }
    }

    public mutating func radioTransmission(_ t: RadioTransmission, at time: SimTime) {
        if time >= warmupEnd { radio.record(t) }
    }

    public mutating func handover(ue: Int32, from: Int32, to: Int32, at time: SimTime) {
        if time >= warmupEnd { radio.handover(ue: ue, to: to) }
    }

    /// Counted on the leg's row, and on the round trip of a request flow (its streams' gaps
    /// are both legs'); the gap is per stream (source and leg), between passes after the
    /// warm-up.
    public mutating func merged(flow: Int32, source: Int32, leg: Int32, passed: Bool, outOfOrder: Bool,
                                at time: SimTime) {
        guard time >= warmupEnd else { return }
        var gap: SimTime = -1
        if passed {
            let s = sourceRow[Int(source)] &+ Int(leg)
            if lastPassed[s] >= 0 { gap = time &- lastPassed[s] }
            lastPassed[s] = time
        }
        update(flow: flow, source: source, offset: Int(leg)) {
            $0.merged(passed: passed, outOfOrder: outOfOrder, gap: gap)
        }
        if isRequest[Int(flow)] {
            update(flow: flow, source: source, offset: 2) { $0.merged(passed: passed, outOfOrder: outOfOrder, gap: gap) }
        }
    }

    /// A unit still on its way at the end of the run (reported once each) counts on its
    /// flow's one-way or round-trip row; older than the deadline there, it is a miss already.
    public mutating func inFlight(flow: Int32, source: Int32, leg: Int32, created: SimTime, at time: SimTime) {
        guard created >= warmupEnd else { return }
        let offset = isRequest[Int(flow)] ? 2 : 0
        let deadline = rowDeadline[flowRow[Int(flow)] &+ offset]
        update(flow: flow, source: source, offset: offset) { $0.inFlight(age: time &- created, deadline: deadline) }
    }

    /// Counted on the leg's row, and on the round trip of a request flow (every crossing of
    /// either leg).
    public mutating func bridgeCrossed(flow: Int32, source: Int32, leg: Int32, created: SimTime, delay: SimTime,
                                       late: Bool, dropped: Bool, at time: SimTime) {
        guard created >= warmupEnd else { return }
        recordBridge(flow: flow, source: source, offset: Int(leg), delay: delay, late: late, dropped: dropped)
        if isRequest[Int(flow)] {
            recordBridge(flow: flow, source: source, offset: 2, delay: delay, late: late, dropped: dropped)
        }
    }

    mutating func recordBridge(flow: Int32, source: Int32, offset: Int, delay: SimTime, late: Bool, dropped: Bool) {
        bridgeRows[flowRow[Int(flow)] &+ offset].record(delay: delay, late: late, dropped: dropped)
        if perSource { sourceBridgeRows[sourceRow[Int(source)] &+ offset].record(delay: delay, late: late, dropped: dropped) }
    }

    public mutating func fault(_ fault: Int32, down: Bool, at time: SimTime) {
        faults[Int(fault)].fault(down: down, at: time, window: warmupEnd)
    }

    mutating func record(flow: Int32, source: Int32, offset: Int, latency: SimTime, bytes: Int32) {
        let row = flowRow[Int(flow)] &+ offset
        let deadline = rowDeadline[row]
        let s = sourceRow[Int(source)] &+ offset
        let previous = lastLatency[s]
        lastLatency[s] = latency
        rows[row].record(latency: latency, bytes: bytes, deadline: deadline)
        if perSource { sourceRows[s].record(latency: latency, bytes: bytes, deadline: deadline) }
        if previous >= 0 {
            rows[row].record(ipdv: latency &- previous)
            if perSource { sourceRows[s].record(ipdv: latency &- previous) }
        }
    }

    // MARK: Sites

    public mutating func enqueued(site: Int32, frames: Int32, bytes: Int64, at time: SimTime) {
        sites[Int(site)].level(frames: frames, bytes: bytes, at: time)
    }

    public mutating func dequeued(site: Int32, frames: Int32, bytes: Int64, at time: SimTime) {
        sites[Int(site)].level(frames: frames, bytes: bytes, at: time)
    }

    public mutating func serviceStarted(site: Int32, duration: SimTime, waited: SimTime, at time: SimTime) {
        let start = Swift.max(time, warmupEnd)
        let stop = Swift.min(time &+ duration, end)
        if stop > start { sites[Int(site)].busy &+= stop &- start }
        if time >= warmupEnd {
            sites[Int(site)].served &+= 1
            sites[Int(site)].wait.record(waited)
        }
    }

    public mutating func gateHeld(site: Int32, duration: SimTime, at time: SimTime) {
        let held = time &- Swift.max(time &- duration, warmupEnd)
        if held > 0 { tsnPorts[site, default: TSNPortAccumulator()].gateHeld &+= held }
    }

    public mutating func preempted(site: Int32, at time: SimTime) {
        if time >= warmupEnd { tsnPorts[site, default: TSNPortAccumulator()].preemptions &+= 1 }
    }

    public mutating func expressBlocked(site: Int32, duration: SimTime, at time: SimTime) {
        if time >= warmupEnd { tsnPorts[site, default: TSNPortAccumulator()].expressBlocked.record(duration) }
    }

    public mutating func creditRange(site: Int32, trafficClass: Int32, least: Double, most: Double) {
        tsnPorts[site, default: TSNPortAccumulator()].credits.append((trafficClass, least, most))
    }

    public mutating func departed(site: Int32, sojourn: SimTime, at time: SimTime) {
        if time >= warmupEnd { sites[Int(site)].sojourn.record(sojourn) }
    }

    /// Queue levels so far are forgotten; counters never saw the warm-up (they test the
    /// time against `warmupEnd`).
    public mutating func warmupEnded(at time: SimTime) {
        for i in sites.indices { sites[i].restart(at: time) }
    }

    // MARK: Results

    /// Per-flow rows (pooled), followed by per-source rows when requested; rates are over
    /// [warm-up end, `stop`), where `stop` is the run's end unless it stopped early.
    /// Availability and merge-point figures are on the rows they belong to (see `FlowResult`).
    public func flowResults(stop: SimTime? = nil) -> [FlowResult] {
        let to = stop ?? end
        let measured = Swift.max(0, to &- warmupEnd)
        let availability = availabilityResults(end: to)
        var out: [FlowResult] = []
        for f in flowNames.indices {
            let first = out.count
            for k in 0..<Leg.rows(request: isRequest[f]).count {
                out.append(result(rows[flowRow[f] + k], flow: f, leg: k, source: nil, measured: measured,
                                  bridge: crossesBridge[f] ? bridgeRows[flowRow[f] + k] : nil))
            }
            if isRequest[f] { Self.splitRoundTrip(&out[first...]) }
            out[out.count - 1].availability = availability.flows[f]
        }
        if perSource {
            for s in sourceFlow.indices {
                let f = Int(sourceFlow[s])
                let first = out.count
                for k in 0..<Leg.rows(request: isRequest[f]).count {
                    out.append(result(sourceRows[sourceRow[s] + k], flow: f, leg: k, source: sourceNames[s],
                                      measured: measured,
                                      bridge: crossesBridge[f] ? sourceBridgeRows[sourceRow[s] + k] : nil))
                }
                if isRequest[f] { Self.splitRoundTrip(&out[first...]) }
                out[out.count - 1].availability = availability.sources[s]
            }
        }
        return out
    }

    /// Row `leg` of flow `f` (pooled, or of one source): its accumulator's figures, merge
    /// points, deadline, and the units the end of the run found late in flight.
    func result(_ a: FlowAccumulator, flow f: Int, leg k: Int, source: String?, measured: SimTime,
                bridge: BridgeDelayAccumulator? = nil) -> FlowResult {
        let row = flowRow[f] + k
        var r = a.result(flow: flowNames[f], source: source, leg: rowLeg[row], measured: measured)
        r.bridge = bridge?.result
        if isReplicated[f] { r.replication = a.replication }
        if rowDeadline[row] != .max { r.deadline = rowDeadline[row] }
        r.deadlineMisses &+= a.lateInFlight
        r.lateInFlight = a.lateInFlight
        if a.oldestInFlight >= 0 { r.oldestInFlight = a.oldestInFlight }
        return r
    }

    /// Every tracker closed at `end` (on copies: the collector can go on), per source and
    /// merged per flow; nil where a flow has none. A stream with no message in the window (a
    /// source that stopped, or had not started) is left out of its flow's figures, so it
    /// does not count as time up; a flow none of whose streams sent is up all the window.
    func availabilityResults(end: SimTime) -> (flows: [AvailabilityResult?], sources: [AvailabilityResult?]) {
        var flows = [AvailabilityResult?](repeating: nil, count: flowNames.count)
        var sources = [AvailabilityResult?](repeating: nil, count: sourceFlow.count)
        for s in sourceFlow.indices where sourceTracker[s] >= 0 {
            var tracker = trackers[Int(sourceTracker[s])]
            let r = tracker.close(at: Swift.max(end, warmupEnd))
            sources[s] = r
        }
        for s in sourceFlow.indices {
            guard let r = sources[s], r.messages > 0 else { continue }
            let f = Int(sourceFlow[s])
            if flows[f] == nil { flows[f] = r } else { flows[f]!.merge(r) }
        }
        for s in sourceFlow.indices where flows[Int(sourceFlow[s])] == nil {
            flows[Int(sourceFlow[s])] = sources[s]
        }
        return (flows, sources)
    }

    /// Per fault of the plant, over [warm-up end, `stop`].
    public func faultResults(stop: SimTime? = nil) -> [FaultResult] {
        let to = stop ?? end
        return faultNames.indices.map { faults[$0].result(name: faultNames[$0], start: warmupEnd, end: to) }
    }

    /// A round trip's split is its legs' mean parts added, and the time at the service
    /// (what the legs leave of the round trip's mean).
    static func splitRoundTrip(_ rows: inout ArraySlice<FlowResult>) {
        let i = rows.startIndex
        guard rows.count == 3, let a = rows[i].split, let b = rows[i + 1].split,
              let mean = rows[i + 2].latency?.mean, let ma = rows[i].latency?.mean, let mb = rows[i + 1].latency?.mean
        else { rows[i + 2].split = nil; return }
        rows[i + 2].split = LatencySplit(queueing: a.queueing + b.queueing, radio: a.radio + b.radio, harq: a.harq + b.harq,
                                         core: a.core + b.core, wired: a.wired + b.wired, compute: mean - ma - mb)
    }

    /// Per NR cell and direction.
    public func cellResults(stop: SimTime? = nil) -> [CellResult] {
        radio.cellResults(measured: Swift.max(0, (stop ?? end) &- warmupEnd))
    }

    /// Per terminal and direction.
    public func terminalResults() -> [TerminalResult] { radio.terminalResults() }

    public func portResults(stop: SimTime? = nil) -> [PortResult] {
        let to = stop ?? end
        return portNames.indices.map { i in
            let a = sites[i]
            let q = a.queueMeans(from: warmupEnd, to: to)
            return PortResult(node: portNames[i].node, port: portNames[i].port,
                              utilization: a.utilization(from: warmupEnd, to: to), framesSent: a.served,
                              queueMeanFrames: q.frames, queueMaxFrames: Int(a.maxFrames), queueMeanBytes: q.bytes,
                              queueMaxBytes: a.maxBytes, drops: a.drops.bufferFull, faultDrops: FaultDrops(a.drops),
                              streamDrops: StreamDrops(a.drops), tsn: tsnPorts[Int32(i)]?.result())
        }
    }

    public func linkResults(stop: SimTime? = nil) -> [LinkResult] {
        let to = stop ?? end
        return linkInfo.indices.map { i in
            let a = sites[portNames.count + i], info = linkInfo[i]
            return LinkResult(link: info.link, node: info.node, peer: info.peer, direction: info.direction,
                              frames: a.served, lost: a.drops.lost, drops: a.drops.bufferFull,
                              utilization: info.capacity ? a.utilization(from: warmupEnd, to: to) : nil,
                              queueMeanFrames: info.capacity ? a.queueMeans(from: warmupEnd, to: to).frames : nil,
                              queueMaxFrames: info.capacity ? Int(a.maxFrames) : nil, transitMean: a.sojourn.mean,
                              transitMax: a.sojourn.maximum, faultDrops: FaultDrops(a.drops))
        }
    }

    public func computeResults(stop: SimTime? = nil) -> [ComputeResult] {
        let to = stop ?? end
        let first = portNames.count + linkInfo.count
        return computeInfo.indices.map { i in
            let a = sites[first + i], info = computeInfo[i]
            return ComputeResult(node: info.node, servers: info.servers,
                                 utilization: a.utilization(from: warmupEnd, to: to, servers: info.servers),
                                 tasks: a.served, queueMean: a.queueMeans(from: warmupEnd, to: to).frames,
                                 queueMax: Int(a.maxFrames), waitMean: a.wait.mean, waitMax: a.wait.maximum,
                                 sojournMean: a.sojourn.mean, sojournMax: a.sojourn.maximum,
                                 rejections: a.drops.rejected, faultDrops: FaultDrops(a.drops))
        }
    }
}
