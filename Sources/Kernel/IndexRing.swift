/// A FIFO of 32-bit indices in a growable ring buffer. It allocates nothing until its
/// first element (so thousands of idle queues cost 24 bytes each), grows by doubling and
/// never shrinks, so once a run reaches its largest queue it allocates no more.
public struct IndexRing: Sendable {
    @usableFromInline var storage: ContiguousArray<Int32>
    @usableFromInline var head = 0
    @usableFromInline var _count = 0

    public init(capacity: Int = 0) {
        storage = ContiguousArray(repeating: 0, count: Swift.max(0, capacity))
    }

    @inlinable public var count: Int { _count }
    @inlinable public var isEmpty: Bool { _count == 0 }

    @inlinable
    public mutating func append(_ value: Int32) {
        if _count == storage.count { grow() }
        var tail = head &+ _count
        if tail >= storage.count { tail &-= storage.count }
        storage[tail] = value
        _count &+= 1
    }

    @inlinable
    public mutating func removeFirst() -> Int32 {
        precondition(_count > 0, "removeFirst on an empty ring")
        let v = storage[head]
        head &+= 1
        if head == storage.count { head = 0 }
        _count &-= 1
        return v
    }

    @inlinable public var first: Int32? { _count > 0 ? storage[head] : nil }

    /// The element `i` places behind the first (0 is the first).
    @inlinable
    public subscript(offset i: Int) -> Int32 {
        precondition(i >= 0 && i < _count, "ring offset out of range")
        var k = head &+ i
        if k >= storage.count { k &-= storage.count }
        return storage[k]
    }

    @usableFromInline
    mutating func grow() {
        var bigger = ContiguousArray<Int32>(repeating: 0, count: Swift.max(4, storage.count * 2))
        for i in 0..<_count { bigger[i] = storage[(head + i) % storage.count] }
        storage = bigger
        head = 0
    }
}
