import Kernel

/// For each frame of a replicated flow, how many of its copies are still out and whether
/// one was delivered: a frame is lost only when its last copy is lost without one having
/// passed. Per replicated source a ring of 4096 entries indexed by sequence number (4
/// bytes each), allocated when the plant is built; a frame whose entry was taken by one
/// 4096 numbers later (only if copies stay out that long) counts as resolved.
@usableFromInline
struct CopyLedger: Sendable {
    @usableFromInline static let size = 4096
    @usableFromInline struct Entry: Sendable {
        @usableFromInline var sequence: UInt16 = 0
        @usableFromInline var out: UInt8 = 0
        @usableFromInline var delivered = false
        @usableFromInline init() {}
    }
    /// Per source: the first entry of its ring, or -1 when its flow is not replicated.
    @usableFromInline let base: ContiguousArray<Int32>
    @usableFromInline var entries: ContiguousArray<Entry>

    init(spec: PlantSpec) {
        var base = ContiguousArray<Int32>(), n: Int32 = 0
        for flow in spec.flows {
            for _ in flow.sources {
                base.append(flow.replication == nil ? -1 : n)
                if flow.replication != nil { n += Int32(Self.size) }
            }
        }
        self.base = base
        entries = ContiguousArray(repeating: Entry(), count: Int(n))
    }

    /// Whether source `s` replicates its frames.
    @inlinable func replicates(_ s: Int32) -> Bool { base[Int(s)] >= 0 }

    /// Source `s` sent `copies` copies of frame `sequence`.
    @inlinable
    mutating func sent(source s: Int32, sequence: UInt16, copies: Int) {
        let i = Int(base[Int(s)]) &+ Int(sequence) & (Self.size &- 1)
        entries[i].sequence = sequence
        entries[i].out = UInt8(Swift.min(copies, 255))
        entries[i].delivered = false
    }

    /// `copies` more copies of frame `sequence` of source `s` split off.
    @inlinable
    mutating func add(source s: Int32, sequence: UInt16, copies: Int) {
        let i = Int(base[Int(s)]) &+ Int(sequence) & (Self.size &- 1)
        guard entries[i].sequence == sequence else { return }
        entries[i].out = UInt8(Swift.min(Int(entries[i].out) + copies, 255))
    }

    /// Whether frame `sequence` of source `s` is still out with none of its copies through
    /// (false too when a later frame took its entry: it counts as resolved).
    func isOut(source s: Int32, sequence: UInt16) -> Bool {
        let e = entries[Int(base[Int(s)]) &+ Int(sequence) & (Self.size &- 1)]
        return e.sequence == sequence && e.out > 0 && !e.delivered
    }

    /// A copy of frame `sequence` of source `s` is done (`delivered`, or lost or discarded):
    /// returns true when this was its last copy and none was delivered (the frame is lost).
    @inlinable
    mutating func resolve(source s: Int32, sequence: UInt16, delivered: Bool) -> Bool {
        let i = Int(base[Int(s)]) &+ Int(sequence) & (Self.size &- 1)
        guard entries[i].sequence == sequence && entries[i].out > 0 else { return false }
        entries[i].out &-= 1
        if delivered { entries[i].delivered = true }
        return entries[i].out == 0 && !entries[i].delivered
    }
}
