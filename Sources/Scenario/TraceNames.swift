/// Source names of a trace as bytes, each mapped to a value (a source's slot, or -1 for a
/// name that is not a usable source), so that a row's name is found without making a
/// String: open addressing over FNV-1a hashes, names kept once in one byte array.
struct TraceNames {
    private var arena: [UInt8] = []
    /// Per table entry: hash (0 = empty), offset and length in `arena`, value.
    private var hashes: [UInt64]
    private var spans: [(offset: Int32, count: Int32)]
    private var values: [Int32]
    private var used = 0

    init() {
        hashes = Array(repeating: 0, count: 64)
        spans = Array(repeating: (0, 0), count: 64)
        values = Array(repeating: 0, count: 64)
    }

    @inline(__always)
    private static func hash(_ line: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for i in r { h = (h ^ UInt64(line[i])) &* 0x0000_0100_0000_01B3 }
        return h | 1  // never 0 (empty)
    }

    /// The value of the name `line[r]`, or nil when it was never added.
    func value(_ line: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Int32? {
        let h = Self.hash(line, r)
        let mask = hashes.count - 1
        var k = Int(truncatingIfNeeded: h) & mask
        while hashes[k] != 0 {
            if hashes[k] == h && same(k, line, r) { return values[k] }
            k = (k + 1) & mask
        }
        return nil
    }

    private func same(_ k: Int, _ line: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Bool {
        let s = spans[k]
        guard Int(s.count) == r.count else { return false }
        var j = Int(s.offset)
        for i in r {
            if arena[j] != line[i] { return false }
            j &+= 1
        }
        return true
    }

    /// Adds the name `line[r]` (not yet added) with `value`.
    mutating func add(_ line: UnsafeBufferPointer<UInt8>, _ r: Range<Int>, value: Int32) {
        if (used + 1) * 2 > hashes.count { grow() }
        let offset = Int32(arena.count)
        arena.append(contentsOf: line[r])
        insert(Self.hash(line, r), (offset, Int32(r.count)), value)
        used += 1
    }

    private mutating func insert(_ h: UInt64, _ span: (offset: Int32, count: Int32), _ value: Int32) {
        let mask = hashes.count - 1
        var k = Int(truncatingIfNeeded: h) & mask
        while hashes[k] != 0 { k = (k + 1) & mask }
        hashes[k] = h
        spans[k] = span
        values[k] = value
    }

    private mutating func grow() {
        let old = (hashes, spans, values)
        let n = hashes.count * 2
        hashes = Array(repeating: 0, count: n)
        spans = Array(repeating: (0, 0), count: n)
        values = Array(repeating: 0, count: n)
        for k in old.0.indices where old.0[k] != 0 { insert(old.0[k], old.1[k], old.2[k]) }
    }
}
