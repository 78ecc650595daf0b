import Kernel
import Models

/// Listens to a network's probes and keeps per-flow, per-source and per-port statistics.
/// Only frames created after the warm-up count, so sent = delivered + dropped + in flight.
public struct StatsCollector: ProbeSink {
    let flowNames: [String]
    let sourceFlow: [Int32]
    let sourceNames: [String]
    let deadlines: [SimTime]
    let portNames: [(node: String, port: String)]
    let end: SimTime
    let perSource: Bool
    var flows: [FlowAccumulator]
    var sources: [FlowAccumulator]
    var lastLatency: [SimTime]
    var ports: [PortAccumulator]
    /// Start of the measured period: frames created before it are not counted.
    public let warmupEnd: SimTime

    /// - Parameters:
    ///   - warmup: end of the warm-up period, when the measured period starts.
    ///   - end: the run's end time, so utilization counts only transmission inside it.
    ///   - perSource: also keep a row per source of each flow.
    public init(spec: NetworkSpec, warmup: SimTime = 0, end: SimTime, perSource: Bool = false) {
        warmupEnd = warmup
        flowNames = spec.flows.map(\.name)
        deadlines = spec.flows.map { $0.deadline ?? .max }
        var sf: [Int32] = [], sn: [String] = []
        for (f, flow) in spec.flows.enumerated() {
            for s in flow.sources {
                sf.append(Int32(f))
                sn.append(spec.nodes[s.node].name)
            }
        }
        sourceFlow = sf
        sourceNames = sn
        portNames = spec.ports.map { (spec.nodes[$0.node].name, $0.name) }
        self.end = end
        self.perSource = perSource
        flows = Array(repeating: FlowAccumulator(), count: spec.flows.count)
        sources = perSource ? Array(repeating: FlowAccumulator(), count: sf.count) : []
        lastLatency = Array(repeating: -1, count: sf.count)
        ports = Array(repeating: PortAccumulator(), count: spec.ports.count)
    }

    public mutating func sent(flow: Int32, source: Int32, bytes: Int32, at time: SimTime) {
        guard time >= warmupEnd else { return }
        flows[Int(flow)].sent &+= 1
        if perSource { sources[Int(source)].sent &+= 1 }
    }

    public mutating func enqueued(site: Int32, frames: Int32, bytes: Int64, at time: SimTime) {
        ports[Int(site)].level(frames: frames, bytes: bytes, at: time)
    }

    public mutating func dequeued(site: Int32, frames: Int32, bytes: Int64, at time: SimTime) {
        ports[Int(site)].level(frames: frames, bytes: bytes, at: time)
    }

    public mutating func serviceStarted(site: Int32, duration: SimTime, at time: SimTime) {
        let start = Swift.max(time, warmupEnd)
        let stop = Swift.min(time &+ duration, end)
        if stop > start { ports[Int(site)].busy &+= stop &- start }
        if time >= warmupEnd { ports[Int(site)].framesSent &+= 1 }
    }

    public mutating func dropped(site: Int32, flow: Int32, source: Int32, created: SimTime,
                                 reason: DropReason, at time: SimTime) {
        if site >= 0 && time >= warmupEnd { ports[Int(site)].drops &+= 1 }
        guard created >= warmupEnd else { return }
        flows[Int(flow)].dropped &+= 1
        if perSource { sources[Int(source)].dropped &+= 1 }
    }

    public mutating func delivered(flow: Int32, source: Int32, bytes: Int32, created: SimTime, at time: SimTime) {
        guard created >= warmupEnd else { return }
        let latency = time &- created
        let s = Int(source)
        let previous = lastLatency[s]
        lastLatency[s] = latency
        let deadline = deadlines[Int(flow)]
        flows[Int(flow)].record(latency: latency, bytes: bytes, deadline: deadline)
        if perSource { sources[s].record(latency: latency, bytes: bytes, deadline: deadline) }
        if previous >= 0 {
            flows[Int(flow)].record(ipdv: latency &- previous)
            if perSource { sources[s].record(ipdv: latency &- previous) }
        }
    }

    /// Queue levels so far are forgotten; counters never saw the warm-up (they test the
    /// time against `warmupEnd`).
    public mutating func warmupEnded(at time: SimTime) {
        for i in ports.indices { ports[i].restart(at: time) }
    }

    /// Per-flow results (pooled), followed by per-source rows when requested; rates are
    /// over [warm-up end, `stop`), where `stop` is the run's end unless it stopped early.
    public func flowResults(stop: SimTime? = nil) -> [FlowResult] {
        let measured = Swift.max(0, (stop ?? end) &- warmupEnd)
        var out = flows.indices.map { flows[$0].result(flow: flowNames[$0], source: nil, measured: measured) }
        if perSource {
            for i in sources.indices {
                out.append(sources[i].result(flow: flowNames[Int(sourceFlow[i])], source: sourceNames[i],
                                             measured: measured))
            }
        }
        return out
    }

    public func portResults(stop: SimTime? = nil) -> [PortResult] {
        ports.indices.map {
            ports[$0].result(node: portNames[$0].node, port: portNames[$0].port, from: warmupEnd, to: stop ?? end)
        }
    }
}
