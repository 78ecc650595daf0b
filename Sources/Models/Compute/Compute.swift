import Kernel

/// The compute nodes of a plant and the services they run for request flows.
///
/// A request that reaches its service ends its request leg there. It takes a free server
/// at once, or waits (ordered by the node's discipline), or is rejected when the waiting
/// room is full. When its service ends it becomes the response: its size, priority and
/// leg change, and it leaves the node on the rest of its route at once. A task costs one
/// event (its end of service).
///
/// A request's service time is drawn when its source creates it, from the source's own
/// stream (`demand(of:)`), so each request needs the same work in every design, whatever
/// the order in which requests reach or leave the server; a service given as work at a
/// node's speed scales the same draw. Response sizes are drawn from the source's stream
/// as services end.
public struct Compute {
    public enum Kind {
        /// A server finishes a task. target: compute node, arg: frame.
        public static var serviceEnd: Int32 { Technology.compute.kind(0) }
    }

    @usableFromInline var nodes: ContiguousArray<ComputeNode>
    /// Per service: its compute node (an index into `nodes`) and a task's service time (work
    /// given in cycles is scaled by the node's speed).
    @usableFromInline let serviceNode: ContiguousArray<Int32>
    @usableFromInline let serviceTime: ContiguousArray<Distribution>
    /// Per flow: the deadline of its requests (for earliest deadline first), the response's
    /// size and priority.
    @usableFromInline let flowDeadline: ContiguousArray<SimTime>
    @usableFromInline let responseSize: ContiguousArray<Distribution>
    @usableFromInline let responsePriority: ContiguousArray<UInt8>
    /// Per source of a request flow (nil, -1 for other sources): its service, streams for
    /// its service demands and response sizes, named after the flow and source, and the
    /// largest response its route carries.
    @usableFromInline let sourceService: ContiguousArray<Int32>
    @usableFromInline let demandStreams: [RandomStream?]
    @usableFromInline let responseStreams: [RandomStream?]
    @usableFromInline let maxResponseBytes: ContiguousArray<Int32>
    @usableFromInline let firstSite: Int32

    public init(spec: PlantSpec, seed: UInt64, replication: Int) {
        let computeNodes = spec.computeNodes
        var index = [Int: Int32]()
        for (i, n) in computeNodes.enumerated() { index[n] = Int32(i) }
        nodes = ContiguousArray(computeNodes.map { ComputeNode(spec.nodes[$0].compute ?? ComputeSpec()) })
        serviceNode = ContiguousArray(spec.services.map { index[$0.node] ?? 0 })
        serviceTime = ContiguousArray(spec.services.map { s in
            switch s.demand {
            case let .time(t): return t
            case let .work(cycles):
                // Cycles / (cycles per second), in picoseconds.
                return cycles.scaled(by: 1e12 / (spec.nodes[s.node].compute?.speedHz ?? 1))
            }
        })
        flowDeadline = ContiguousArray(spec.flows.map { $0.deadline ?? .max })
        responseSize = ContiguousArray(spec.flows.map { $0.request?.responseSize ?? .constant(0) })
        responsePriority = ContiguousArray(spec.flows.map { UInt8(($0.request?.responsePriority ?? 0) & 7) })
        var service = ContiguousArray<Int32>(), demand: [RandomStream?] = [], response: [RandomStream?] = []
        var largest = ContiguousArray<Int32>()
        for flow in spec.flows {
            for s in flow.sources {
                guard flow.request != nil, let k = s.service else {
                    service.append(-1); demand.append(nil); response.append(nil); largest.append(.max)
                    continue
                }
                let stem = Traffic.streamStem(flow: flow, source: s, spec: spec)
                service.append(Int32(k))
                demand.append(RandomStream(seed: seed, replication: replication, name: stem + "/service"))
                response.append(RandomStream(seed: seed, replication: replication, name: stem + "/response-size"))
                largest.append(spec.maxFrameBytes(on: s.responseHops))
            }
        }
        sourceService = service
        demandStreams = demand
        responseStreams = response
        maxResponseBytes = largest
        firstSite = Int32(spec.firstComputeSite)
    }

    @inlinable func site(_ node: Int) -> Int32 { firstSite &+ Int32(node) }

    /// The service time a request of source `source` made now will need; nil when the
    /// source makes no requests.
    @inlinable
    func demand(of source: Int32) -> SimTime? {
        let service = sourceService[Int(source)]
        guard service >= 0, let rng = demandStreams[Int(source)] else { return nil }
        return Time.duration(serviceTime[Int(service)].sample(rng))
    }

    /// Request `f` reaches service `service`: its request leg ends; it is served, waits or
    /// is rejected.
    @inlinable
    mutating func accept<S>(_ f: Int32, service: Int, _ shared: inout Shared<S>, _ queue: inout EventQueue) {
        let now = queue.now
        let node = Int(serviceNode[service])
        let frame = shared.frames[f]
        shared.sink.arrived(flow: frame.flow, source: frame.source, leg: 0, bytes: frame.bytes, created: frame.created,
                            legStarted: frame.legStarted, final: false, at: now)
        shared.frames[f].entered = now
        if nodes[node].busy < nodes[node].servers {
            start(f, node: node, &shared, &queue)
            return
        }
        guard nodes[node].waiting.count < nodes[node].queueLimit else {
            shared.sink.dropped(site: site(node), flow: frame.flow, source: frame.source, leg: 0, created: frame.created,
                                reason: .rejected, at: now)
            shared.frames.release(f)
            return
        }
        let key: SimTime
        switch nodes[node].discipline {
        case .fcfs: key = 0
        case .priority: key = 7 &- SimTime(frame.priority)
        case .edf:
            let deadline = flowDeadline[Int(frame.flow)]
            key = deadline == .max ? .max : frame.created &+ deadline
        }
        nodes[node].push(f, key: key)
        shared.sink.enqueued(site: site(node), frames: Int32(nodes[node].waiting.count), bytes: 0, at: now)
    }

    /// A server of `node` takes task `f` now.
    @inlinable
    mutating func start<S>(_ f: Int32, node: Int, _ shared: inout Shared<S>, _ queue: inout EventQueue) {
        let now = queue.now
        let duration = shared.frames[f].demand
        nodes[node].busy &+= 1
        shared.sink.serviceStarted(site: site(node), duration: duration, waited: now &- shared.frames[f].entered,
                                   at: now)
        queue.schedule(at: Swift.min(now &+ duration, Time.maximum), kind: Kind.serviceEnd, target: Int32(node), arg: f)
    }

    /// A task ends: its server takes the next waiting task, and the task, now its
    /// response, is returned to leave the node.
    @inlinable
    mutating func handle<S>(_ event: Event, _ shared: inout Shared<S>, _ queue: inout EventQueue) -> Int32 {
        let now = queue.now
        let node = Int(event.target), f = event.arg
        nodes[node].busy &-= 1
        shared.sink.departed(site: site(node), sojourn: now &- shared.frames[f].entered, at: now)
        if let next = nodes[node].pop() {
            shared.sink.dequeued(site: site(node), frames: Int32(nodes[node].waiting.count), bytes: 0, at: now)
            start(next.frame, node: node, &shared, &queue)
        }
        let source = Int(shared.frames[f].source), flow = Int(shared.frames[f].flow)
        let bytes = Source.clip(responseSize[flow].sample(responseStreams[source].unsafelyUnwrapped),
                                to: maxResponseBytes[source])
        shared.frames[f].bytes = bytes
        shared.frames[f].priority = responsePriority[flow]
        shared.frames[f].leg = 1
        shared.frames[f].legStarted = now
        shared.sink.sent(flow: Int32(flow), source: Int32(source), leg: 1, bytes: bytes,
                         created: shared.frames[f].created, at: now)
        return f
    }
}

/// The servers and waiting room of one compute node.
@usableFromInline
struct ComputeNode {
    @usableFromInline let servers: Int
    @usableFromInline let discipline: Discipline
    @usableFromInline let queueLimit: Int
    @usableFromInline var busy = 0
    /// Waiting tasks in a binary min-heap on (key, arrival order): the discipline's order,
    /// first come first served among equals.
    @usableFromInline var waiting: ContiguousArray<Waiting> = []
    @usableFromInline var arrivals: UInt64 = 0

    @usableFromInline
    struct Waiting {
        @usableFromInline var key: SimTime
        @usableFromInline var order: UInt64
        @usableFromInline var frame: Int32

        @inlinable init(key: SimTime, order: UInt64, frame: Int32) {
            self.key = key
            self.order = order
            self.frame = frame
        }

        @inlinable func precedes(_ o: Waiting) -> Bool { key < o.key || (key == o.key && order < o.order) }
    }

    init(_ spec: ComputeSpec) {
        servers = Swift.max(1, spec.servers)
        discipline = spec.discipline
        queueLimit = spec.queueLimit ?? .max
    }

    @inlinable
    mutating func push(_ f: Int32, key: SimTime) {
        var i = waiting.count
        waiting.append(Waiting(key: key, order: arrivals, frame: f))
        arrivals &+= 1
        let item = waiting[i]
        while i > 0 {
            let parent = (i &- 1) >> 1
            guard item.precedes(waiting[parent]) else { break }
            waiting[i] = waiting[parent]
            i = parent
        }
        waiting[i] = item
    }

    @inlinable
    mutating func pop() -> Waiting? {
        guard let top = waiting.first else { return nil }
        let last = waiting.removeLast()
        guard !waiting.isEmpty else { return top }
        var i = 0
        let n = waiting.count
        while true {
            var child = 2 &* i &+ 1
            if child >= n { break }
            if child &+ 1 < n && waiting[child &+ 1].precedes(waiting[child]) { child &+= 1 }
            guard waiting[child].precedes(last) else { break }
            waiting[i] = waiting[child]
            i = child
        }
        waiting[i] = last
        return top
    }
}
