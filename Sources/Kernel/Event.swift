/// One scheduled event: 32 bytes, no references, so the queue is a flat array.
///
/// `kind` and `target` say which component handles it (the model switches on `kind`
/// and indexes an array with `target`); `arg` is a payload such as a packet index;
/// `generation` lets a component cancel lazily: it ignores events whose generation is
/// older than its own counter.
public struct Event: Sendable {
    public var time: SimTime
    /// Insertion order: breaks ties between events at the same time, so runs are
    /// reproducible bit for bit.
    public var sequence: UInt64
    public var kind: Int32
    public var target: Int32
    public var arg: Int32
    public var generation: UInt32

    @inlinable
    public init(time: SimTime, sequence: UInt64 = 0, kind: Int32, target: Int32, arg: Int32 = 0,
                generation: UInt32 = 0) {
        self.time = time
        self.sequence = sequence
        self.kind = kind
        self.target = target
        self.arg = arg
        self.generation = generation
    }

    /// The one ordering rule of the engine: earlier time first, then earlier insertion.
    @inlinable @inline(__always)
    public func precedes(_ other: Event) -> Bool {
        time < other.time || (time == other.time && sequence < other.sequence)
    }

    /// `precedes` as one 128-bit comparison, without branches (times are never negative).
    @inlinable @inline(__always)
    public func precedesWithoutBranches(_ other: Event) -> Bool {
        UInt128(UInt64(bitPattern: time)) << 64 | UInt128(sequence)
            < UInt128(UInt64(bitPattern: other.time)) << 64 | UInt128(other.sequence)
    }

    /// Kind reserved by the kernel for the end of the warm-up period.
    public static let warmupEndKind: Int32 = -1
}
