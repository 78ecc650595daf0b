import Kernel

/// A frame (or, later, any unit of work) in flight. Plain data addressed by index.
public struct Packet: Sendable {
    /// When its source created it.
    public var created: SimTime
    public var flow: Int32
    /// Global source index (into the network's sources).
    public var source: Int32
    /// Frame size in bytes, without preamble and inter-frame gap.
    public var bytes: Int32
    /// Index into the source's route of the port it is on (or heading for).
    public var hop: Int32
}

/// Packets live here and are addressed by index; freed slots are reused, so a run in
/// steady state allocates nothing.
public struct PacketPool: Sendable {
    @usableFromInline var slots: ContiguousArray<Packet> = []
    @usableFromInline var free: ContiguousArray<Int32> = []

    public init(capacity: Int = 1024) {
        slots.reserveCapacity(capacity)
        free.reserveCapacity(capacity)
    }

    /// Packets in flight.
    @inlinable public var live: Int { slots.count &- free.count }

    @inlinable
    public mutating func allocate(_ p: Packet) -> Int32 {
        if let i = free.popLast() {
            slots[Int(i)] = p
            return i
        }
        slots.append(p)
        return Int32(slots.count - 1)
    }

    @inlinable public mutating func release(_ i: Int32) { free.append(i) }

    @inlinable public subscript(i: Int32) -> Packet {
        get { slots[Int(i)] }
        set { slots[Int(i)] = newValue }
    }
}
