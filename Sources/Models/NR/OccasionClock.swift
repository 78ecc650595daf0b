import Kernel

/// The transmission occasions of one direction of a cell on the time axis: a TDD
/// pattern's occasions (`TDDPattern.occasions`) repeated every period, numbered from
/// time 0. Occasion j of the list of n per period lies in period j / n. O(log n), no
/// allocation: the run loop asks it for every grant, feedback and transmission.
public struct OccasionClock: Sendable {
    public let numerology: Numerology
    @usableFromInline let periodSymbols: Int64
    @usableFromInline let first: ContiguousArray<Int64>
    @usableFromInline let length: ContiguousArray<Int64>
    /// For each symbol w of the period, the first occasion starting at or after it (a
    /// lookup instead of a binary search), when the period is at most `lookupLimit` symbols.
    @usableFromInline let following: ContiguousArray<Int32>
    static let lookupLimit = 4096

    /// `occasions` sorted by first symbol, within a period of `periodSymbols` symbols.
    public init(numerology: Numerology, periodSymbols: Int, occasions: [TransmissionOccasion]) {
        self.numerology = numerology
        self.periodSymbols = Int64(periodSymbols)
        first = ContiguousArray(occasions.map { Int64($0.firstSymbol) })
        length = ContiguousArray(occasions.map { Int64($0.symbols) })
        var following = ContiguousArray<Int32>()
        if periodSymbols <= Self.lookupLimit {
            var i = 0
            for w in 0..<periodSymbols {
                while i < occasions.count && Int(occasions[i].firstSymbol) < w { i += 1 }
                following.append(Int32(i))
            }
        }
        self.following = following
    }

    /// Single-symbol occasions at every symbol of the period for which `keep` holds.
    public init(numerology: Numerology, periodSymbols: Int, symbols keep: (Int) -> Bool) {
        self.init(numerology: numerology, periodSymbols: periodSymbols,
                  occasions: (0..<periodSymbols).filter(keep).map { TransmissionOccasion(firstSymbol: Int32($0), symbols: 1) })
    }

    public var isEmpty: Bool { first.isEmpty }
    @inlinable var perPeriod: Int64 { Int64(first.count) }

    /// Absolute first symbol and length of occasion j.
    @inlinable public func firstSymbol(_ j: Int64) -> Int64 {
        let (p, i) = j.quotientAndRemainder(dividingBy: perPeriod)
        return p &* periodSymbols &+ first[Int(i)]
    }
    @inlinable public func symbols(_ j: Int64) -> Int64 { length[Int(j % perPeriod)] }
    @inlinable public func start(_ j: Int64) -> SimTime { numerology.symbolStart(firstSymbol(j)) }
    @inlinable public func end(_ j: Int64) -> SimTime { numerology.symbolStart(firstSymbol(j) &+ symbols(j)) }

    /// The first occasion starting at or after `t`.
    @inlinable
    public func occasion(atOrAfter t: SimTime) -> Int64 {
        let n = numerology.firstSymbol(atOrAfter: Swift.max(0, t))
        let (p, w) = n.quotientAndRemainder(dividingBy: periodSymbols)
        if !following.isEmpty { return p &* perPeriod &+ Int64(following[Int(w)]) }
        var lo = 0, hi = first.count  // first index with first[i] >= w
        while lo < hi {
            let mid = (lo &+ hi) >> 1
            if first[mid] < w { lo = mid &+ 1 } else { hi = mid }
        }
        return p &* perPeriod &+ Int64(lo)
    }

    /// The last occasion ending at or before `t`, or -1 when none does.
    @inlinable
    public func lastOccasion(endingAtOrBefore t: SimTime) -> Int64 {
        var j = occasion(atOrAfter: t)
        while j > 0 {
            j &-= 1
            if end(j) <= t { return j }
        }
        return -1
    }
}
