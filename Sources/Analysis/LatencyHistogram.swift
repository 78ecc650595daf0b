import Kernel

/// A latency histogram whose memory follows what it holds. The first `exactCapacity`
/// values are kept as they are, so a flow that has seen a handful of units reports exact
/// percentiles for a few hundred bytes. Later values are counted in log-linear buckets of
/// 3 significant digits: 2048 buckets of 512 ps below 1.05 us, then 1024 per power of two
/// (a bucket is at most 1/1024 of its values wide) — HdrHistogram's layout for a 1 ns
/// floor, so its percentiles are the same. Counters live in pages of 64, allocated only
/// where values fall (512 B each); a directory maps page numbers to pages.
///
/// Recording allocates only when a value opens a page or leaves the directory's range;
/// both grow geometrically, so a run allocates a few times per histogram, not per value.
struct LatencyHistogram: Sendable {
    static let exactCapacity = 32
    /// Bucket 0 counts in units of 2^9 ps; each later bucket doubles the unit.
    static let unitShift = 9
    /// Sub-buckets per bucket beyond the first: 2^10 (3 significant digits).
    static let halfShift = 10
    static let pageShift = 6
    static let pageSize = 1 << pageShift

    private(set) var count: UInt64 = 0
    /// The values themselves while there are at most `exactCapacity`; empty afterwards.
    private var exact: [SimTime] = []
    /// Pages of counters, in the order they were opened; empty while values are exact.
    private var counts: [UInt64] = []
    /// Per page number from `firstPage`: the page's offset in `counts`, or -1.
    private var directory: [Int32] = []
    private var firstPage = 0

    /// The bucket index of a latency (negative latencies count as 0).
    @inline(__always)
    static func index(_ latency: SimTime) -> Int {
        let u = UInt64(Swift.max(latency, 0)) >> unitShift
        if u < 2 << halfShift { return Int(u) }
        let b = (63 - u.leadingZeroBitCount) - halfShift  // u in [2^(b+10), 2^(b+11))
        return (b << halfShift) + Int(u >> b)
    }

    /// The largest latency that falls in bucket `i`.
    static func top(ofBucket i: Int) -> SimTime {
        if i < 2 << halfShift { return SimTime(i << unitShift) + (1 << unitShift) - 1 }
        let b = (i >> halfShift) - 1
        let sub = SimTime(i & ((1 << halfShift) - 1)) + (1 << halfShift)
        return ((sub + 1) << (b + unitShift)) - 1
    }

    @inline(__always)
    mutating func record(_ latency: SimTime) {
        count &+= 1
        if counts.isEmpty {
            if exact.count < Self.exactCapacity {
                if exact.isEmpty { exact.reserveCapacity(Self.exactCapacity) }
                exact.append(latency)
                return
            }
            let held = exact
            exact = []
            for x in held { add(x) }
        }
        add(latency)
    }

    @inline(__always)
    private mutating func add(_ latency: SimTime) {
        let i = Self.index(latency)
        let p = (i >> Self.pageShift) &- firstPage
        if p >= 0 && p < directory.count {
            let at = directory[p]
            if at >= 0 {
                counts[Int(at) &+ (i & (Self.pageSize - 1))] &+= 1
                return
            }
        }
        openPage(i >> Self.pageShift)
        add(latency)
    }

    /// Gives page `page` counters, widening the directory at least twofold when the page
    /// lies outside it.
    private mutating func openPage(_ page: Int) {
        if directory.isEmpty {
            firstPage = page
            directory = [-1]
        } else if page < firstPage || page >= firstPage + directory.count {
            let n = directory.count
            let low = page < firstPage ? Swift.max(0, Swift.min(page, firstPage - n)) : firstPage
            let high = page < firstPage ? firstPage + n : Swift.max(page + 1, firstPage + 2 * n)
            var wider = [Int32](repeating: -1, count: high - low)
            for k in 0..<n { wider[k + firstPage - low] = directory[k] }
            directory = wider
            firstPage = low
        }
        directory[page - firstPage] = Int32(counts.count)
        counts.append(contentsOf: repeatElement(0, count: Self.pageSize))
    }

    /// The value at each rank of `ranks` (ascending, 1-based, at most `count`): exact while
    /// the values are, otherwise the top of the bucket holding that rank.
    func values(atRanks ranks: [UInt64]) -> [SimTime] {
        var out = [SimTime](repeating: 0, count: ranks.count)
        if counts.isEmpty {
            let sorted = exact.sorted()
            for (k, r) in ranks.enumerated() { out[k] = sorted[Int(Swift.min(r, UInt64(sorted.count))) - 1] }
            return out
        }
        var k = 0
        var seen: UInt64 = 0
        for (p, at) in directory.enumerated() where at >= 0 && k < ranks.count {
            for j in 0..<Self.pageSize where counts[Int(at) + j] > 0 {
                seen &+= counts[Int(at) + j]
                while k < ranks.count && seen >= ranks[k] {
                    out[k] = Self.top(ofBucket: ((firstPage + p) << Self.pageShift) + j)
                    k += 1
                }
            }
        }
        return out
    }

    /// Heap bytes held (capacities, not counts): what the histogram costs beside its fields.
    var heapBytes: Int {
        exact.capacity * MemoryLayout<SimTime>.stride + counts.capacity * MemoryLayout<UInt64>.stride
            + directory.capacity * MemoryLayout<Int32>.stride
    }
}
