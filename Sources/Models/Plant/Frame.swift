import Kernel

/// A frame, request or response in flight: plain data addressed by index. 112 bytes (with its latency parts and radio segmentation state).
public struct Frame: Sendable {
    /// When its source created it (the request, for a response).
    public var created: SimTime
    /// When its current leg began: `created` on leg 0, the end of service on leg 1.
    public var legStarted: SimTime
    /// When it entered the site it is at (for waiting and transit times).
    public var entered: SimTime
    /// For a request: the service time it needs, drawn when it is created, so that a
    /// request needs the same work in every design (common random numbers).
    public var demand: SimTime = 0
    public var flow: Int32
    /// Global source index (into the plant's sources and routes).
    public var source: Int32
    /// Frame size in bytes, without preamble and inter-frame gap.
    public var bytes: Int32
    /// Index into its source's route of the hop it is on (or heading for).
    public var hop: Int32
    /// Bumped to cancel the frame's pending arrival (see `FramePool`).
    public var generation: UInt32 = 0
    /// The route it follows (see `RouteTable`): its source's when it was sent, or a replica's.
    public var route: Int32
    /// Where its current leg's time went so far (see `LatencyParts`); `mark` is when the
    /// hop it is on began.
    public var parts = LatencyParts()
    public var mark: SimTime
    /// On a radio hop: bytes not yet placed in a transport block, and transport blocks
    /// carrying a segment of it that are not yet decoded or given up.
    public var radioBytesLeft: Int32 = 0
    public var radioSegments: UInt16 = 0
    /// A segment was lost on the radio: the frame is dropped when its last one resolves.
    public var radioLost = false
    /// Sequence number of a replicated flow's frame, the same on every copy (IEEE 802.1CB
    /// 7.4.1, PRP's sequence number).
    public var sequence: UInt16 = 0
    /// A copy of a replicated frame that passed its merge point: the frame itself again.
    public var merged = false
    /// IEEE 802.1Q priority code point 0...7; each port maps it to its traffic class.
    public var priority: UInt8
    /// 0 on the way to a service (or the destination), 1 for a response.
    public var leg: UInt8

    public init(created: SimTime, flow: Int32, source: Int32, bytes: Int32, priority: UInt8) {
        self.created = created
        legStarted = created
        entered = created
        mark = created
        self.flow = flow
        self.source = source
        route = source
        self.bytes = bytes
        hop = 0
        self.priority = priority
        leg = 0
    }
}

/// The parts of a leg's latency that the plant tells apart. What is not here is wired
/// transit (serialization, propagation, switching, external links outside the core):
/// the leg's latency minus the sum of these.
public struct LatencyParts: Sendable, Equatable {
    /// Waiting in queues outside the core: Ethernet and link queues, and a radio buffer
    /// beyond the first occasion the frame could have used alone.
    public var queueing: SimTime = 0
    /// Radio access: processing, scheduling request and grant, alignment to the frame
    /// structure, transmission, as a frame alone would see them.
    public var radio: SimTime = 0
    /// Extra time from HARQ retransmissions of the transport block that completed it.
    public var harq: SimTime = 0
    /// Between the gNB and the UPF: the N3 path and the UPF's processing.
    public var core: SimTime = 0
    public init() {}
}

/// Frames live here and are addressed by index; freed slots are reused, so a run in
/// steady state allocates nothing. A slot keeps its generation when reused, so an event
/// that a cancellation made stale never matches the slot's next frame.
public struct FramePool: Sendable {
    @usableFromInline var slots: ContiguousArray<Frame> = []
    @usableFromInline var free: ContiguousArray<Int32> = []

    public init(capacity: Int = 1024) {
        slots.reserveCapacity(capacity)
        free.reserveCapacity(capacity)
    }

    /// Frames in flight.
    @inlinable public var live: Int { slots.count &- free.count }

    @inlinable
    public mutating func allocate(_ f: Frame) -> Int32 {
        if let i = free.popLast() {
            let generation = slots[Int(i)].generation
            slots[Int(i)] = f
            slots[Int(i)].generation = generation
            return i
        }
        slots.append(f)
        return Int32(slots.count - 1)
    }

    @inlinable public mutating func release(_ i: Int32) { free.append(i) }

    @inlinable public subscript(i: Int32) -> Frame {
        get { slots[Int(i)] }
        _modify { yield &slots[Int(i)] }
    }

    /// The frames in flight, in slot order: for end-of-run reports, not the hot loop.
    public func liveFrames() -> [Frame] {
        var isFree = [Bool](repeating: false, count: slots.count)
        for i in free { isFree[Int(i)] = true }
        return slots.indices.filter { !isFree[$0] }.map { slots[$0] }
    }
}
