import Kernel

/// The transmission occasions of one direction of a cell on the time axis: a TDD
/// pattern's occasions (`TDDPattern.occasions`) repeated every period, numbered from
/// time 0. Occasion j of the list of n per period lies in period j / n. O(1), no
/// allocation: the run loop asks it for every grant, feedback and transmission.
///
/// A class over raw buffers it owns: the run loop reads a cell's clocks through one
/// reference, with no retain of arrays and no copy per question.
public final class OccasionClock: @unchecked Sendable {
    public let numerology: Numerology
    @usableFromInline let periodSymbols: Int64
    /// Occasions per period.
    @usableFromInline let perPeriod: Int64
    /// First symbol and length of each occasion of the period (`perPeriod` entries).
    @usableFromInline let first: UnsafeMutablePointer<Int64>
    @usableFromInline let length: UnsafeMutablePointer<Int64>
    /// For each symbol w of the period, the first occasion starting at or after it (a
    /// lookup instead of a binary search), when the period is at most `lookupLimit` symbols.
    @usableFromInline let following: UnsafeMutablePointer<Int32>?
    static let lookupLimit = 4096

    /// `occasions` sorted by first symbol, within a period of `periodSymbols` symbols.
    public init(numerology: Numerology, periodSymbols: Int, occasions: [TransmissionOccasion]) {
        self.numerology = numerology
        self.periodSymbols = Int64(periodSymbols)
        perPeriod = Int64(occasions.count)
        first = .allocate(capacity: occasions.count)
        length = .allocate(capacity: occasions.count)
        for (i, o) in occasions.enumerated() {
            (first + i).initialize(to: Int64(o.firstSymbol))
            (length + i).initialize(to: Int64(o.symbols))
        }
        if periodSymbols <= Self.lookupLimit {
            let table = UnsafeMutablePointer<Int32>.allocate(capacity: periodSymbols)
            var i = 0
            for w in 0..<periodSymbols {
                while i < occasions.count && Int(occasions[i].firstSymbol) < w { i += 1 }
                (table + w).initialize(to: Int32(i))
            }
            following = table
        } else {
            following = nil
        }
    }

    /// Single-symbol occasions at every symbol of the period for which `keep` holds.
    public convenience init(numerology: Numerology, periodSymbols: Int, symbols keep: (Int) -> Bool) {
        self.init(numerology: numerology, periodSymbols: periodSymbols,
                  occasions: (0..<periodSymbols).filter(keep).map { TransmissionOccasion(firstSymbol: Int32($0), symbols: 1) })
    }

    deinit {
        first.deallocate()
        length.deallocate()
        following?.deallocate()
    }

    public var isEmpty: Bool { perPeriod == 0 }

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
        if let following { return p &* perPeriod &+ Int64(following[Int(w)]) }
        var lo = 0, hi = Int(perPeriod)  // first index with first[i] >= w
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
