import Kernel

/// The external-network links of a plant, one entry per direction: an operator's network
/// to a cloud platform, a leased line, or an abstract radio hop.
///
/// A frame entering a direction first meets its loss model (a lost frame is counted and
/// takes no capacity); then, when the direction has a capacity, it queues and serializes
/// like on an egress port (FIFO per traffic class, strict priority); then it is delayed
/// by a one-way delay drawn per frame (or replayed from a trace, in the order frames leave
/// the capacity), stretched when the direction keeps order so that it never arrives before
/// the frame sent before it. Without a capacity a frame costs one event (its arrival).
public struct ExternalLinks: EgressQueues {
    public enum Kind {
        /// The capacity of a direction finishes a frame and a waiting one may start. target: direction.
        public static var transmissionEnd: Int32 { Technology.external.kind(0) }
    }

    /// The capacity of each direction (unused, and never busy, for directions without one).
    public var ports: ContiguousArray<EgressPort>
    @usableFromInline var queues: ContiguousArray<IndexRing>
    @usableFromInline var directions: ContiguousArray<LinkState>
    /// Per direction: the stream of its delays and the stream of its losses, named after
    /// the link, so a link keeps its numbers in every design.
    @usableFromInline let delayStreams: [RandomStream]
    @usableFromInline let lossStreams: [RandomStream]
    /// Site of the first direction (the sites after the Ethernet ports).
    @usableFromInline let firstSite: Int32

    public init(spec: PlantSpec, seed: UInt64, replication: Int) {
        ports = ContiguousArray(spec.links.map { l in
            EgressPort(PortSpec(name: l.name, node: l.node, peerNode: l.peerNode,
                                rateBitsPerSecond: l.rateBitsPerSecond ?? 1, propagation: 0,
                                overheadBytes: l.overheadBytes, minFrameBytes: 0, maxFrameBytes: l.maxFrameBytes,
                                bufferBytes: l.bufferBytes, bufferFrames: l.bufferFrames))
        })
        queues = ContiguousArray(repeating: IndexRing(), count: spec.links.count * EgressPort.queuesPerPort)
        directions = ContiguousArray(spec.links.map(LinkState.init))
        delayStreams = spec.links.map { RandomStream(seed: seed, replication: replication, name: "link/\($0.name)/delay") }
        lossStreams = spec.links.map { RandomStream(seed: seed, replication: replication, name: "link/\($0.name)/loss") }
        firstSite = spec.linkSite(0)
    }

    @usableFromInline static var transmissionEndKind: Int32 { Kind.transmissionEnd }

    @inlinable func site(_ direction: Int) -> Int32 { firstSite &+ Int32(direction) }

    /// A frame enters direction `d`: lost, or queued for the capacity, or sent on its way.
    @inlinable
    mutating func accept<S>(_ f: Int32, direction d: Int, _ shared: inout Shared<S>, _ queue: inout EventQueue) {
        let now = queue.now
        if directions[d].loses(lossStreams[d]) {
            shared.lose(f, site: site(d), .lost, at: now)
            return
        }
        if directions[d].hasCapacity {
            offer(f, port: d, &shared, &queue)  // which notes when the frame entered
        } else {
            shared.frames[f].entered = now
            transmit(f, port: d, &shared, &queue)
        }
    }

    /// The frame leaves the capacity (or enters a direction without one) now: its delay
    /// is drawn and its arrival at the far end scheduled.
    @inlinable
    mutating func transmit<S>(_ f: Int32, port d: Int, _ shared: inout Shared<S>, _ queue: inout EventQueue) {
        let frame = shared.frames[f]
        let now = queue.now
        var sent = now
        if directions[d].hasCapacity {
            let tx = ports[d].transmissionTime(bytes: frame.bytes)
            let sequence = queue.reserveSequence()
            shared.sink.serviceStarted(site: site(d), duration: tx, waited: now &- frame.entered, at: now)
            shared.noteWait(f, now &- frame.entered)
            sent = now &+ tx
            ports[d].startTransmission(f, duration: tx, arrival: sent, at: now, sequence: sequence)
        } else {
            shared.sink.serviceStarted(site: site(d), duration: 0, waited: 0, at: now)
        }
        let arrival = directions[d].arrival(after: sent, delayStream: delayStreams[d])
        shared.sink.departed(site: site(d), sojourn: arrival &- frame.entered, at: now)
        shared.scheduleArrival(f, at: arrival, node: ports[d].peerNode, &queue)
    }
}

/// The delay, loss and order state of one direction of an external link.
@usableFromInline
struct LinkState {
    @usableFromInline let delay: DelayModel
    @usableFromInline let loss: LossModel
    @usableFromInline let inOrder: Bool
    @usableFromInline let hasCapacity: Bool
    /// Gilbert–Elliott: whether the chain is in its bad state.
    @usableFromInline var bad = false
    /// Next row of a delay trace replayed in order.
    @usableFromInline var traceRow = 0
    /// Arrival time of the last frame sent, for in-order delivery.
    @usableFromInline var lastArrival: SimTime = 0

    init(_ spec: LinkSpec) {
        delay = spec.delay
        loss = spec.loss
        inOrder = spec.inOrder
        hasCapacity = spec.rateBitsPerSecond != nil
    }

    /// Steps the loss model for one frame: whether it is lost. Gilbert–Elliott first moves
    /// the chain (good → bad with p, bad → good with r), then loses the frame with the new
    /// state's probability.
    @inlinable
    mutating func loses(_ rng: RandomStream) -> Bool {
        switch loss {
        case .none: return false
        case let .independent(rate): return rng.uniform() < rate
        case let .gilbertElliott(p, r, lossGood, lossBad):
            bad = bad ? rng.uniform() >= r : rng.uniform() < p
            let h = bad ? lossBad : lossGood
            return h > 0 && rng.uniform() < h
        }
    }

    /// When a frame that leaves at `sent` reaches the far end: after its one-way delay,
    /// and not before the previous frame when order is kept.
    @inlinable
    mutating func arrival(after sent: SimTime, delayStream rng: RandomStream) -> SimTime {
        let d: SimTime
        switch delay {
        case let .distribution(dist): d = Time.duration(dist.sample(rng))
        case let .trace(delays, replay):
            switch replay {
            case .cycle:
                d = delays[traceRow]
                traceRow = traceRow &+ 1 == delays.count ? 0 : traceRow &+ 1
            case .sample:
                d = delays[Swift.min(delays.count - 1, Int(rng.uniform() * Double(delays.count)))]
            }
        }
        var t = Swift.min(sent &+ d, Time.maximum)
        if inOrder {
            t = Swift.max(t, lastArrival)
            lastArrival = t
        }
        return t
    }
}
