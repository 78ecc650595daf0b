import Kernel

/// A token bucket of `rate` bits per second holding at most `size` bits, kept as the time
/// its tokens ran (or would have run) out, as IEEE 802.1Qcr-2020 8.6.11.3 keeps its
/// bucketEmptyTime: the tokens at `t` are min(size, rate × (t − empty)). Filled at `t = 0`.
///
/// Times are kept exactly, in picoseconds plus a remainder in units of 1/`rate` ps
/// (`ExactTime`), so a bucket drained at its rate for hours neither gains nor loses a bit:
/// the long-run rate is the committed rate exactly, not the rate of rounded frame times.
public struct TokenBucket: Sendable, Equatable {
    public let rate: Int64
    /// Time to fill the empty bucket (size / rate).
    @usableFromInline let fill: ExactTime
    /// When the tokens ran out.
    @usableFromInline var empty: ExactTime

    /// A bucket of `rate` bits per second (at least 1) and `sizeBits`, full at time 0.
    public init(rate: Int64, sizeBits: Int64) {
        precondition(rate > 0, "a token bucket needs a rate")
        self.rate = rate
        fill = ExactTime.duration(bits: sizeBits, rate: rate)
        empty = ExactTime(0).minus(fill, rate: rate)
    }

    /// Time `bits` take to come back at the bucket's rate.
    @inlinable
    public func recovery(bits: Int64) -> ExactTime { ExactTime.duration(bits: bits, rate: rate) }

    /// MEF 10.3 7.11.1 (as IEEE 802.1Q-2018 8.6.5.1.3 uses it): takes `bits` at `now` when the
    /// bucket holds them and says so; otherwise leaves it as it was.
    @inlinable
    public mutating func take(bits: Int64, at now: SimTime) -> Bool {
        // The bucket is full since `now − fill` at the latest: tokens beyond the size are lost.
        let start = Swift.max(empty, ExactTime(now).minus(fill, rate: rate))
        let after = start.plus(recovery(bits: bits), rate: rate)
        guard after <= ExactTime(now) else { return false }
        empty = after
        return true
    }
}

/// A time in picoseconds kept exactly to 1/`rate` of a picosecond: `whole + part / rate`
/// with 0 ≤ part < rate, for a rate the owner holds (a token bucket's). Values of the same
/// rate compare as (whole, part); a plain `SimTime` has part 0.
public struct ExactTime: Sendable, Equatable, Comparable {
    public var whole: SimTime
    @usableFromInline var part: Int64

    @inlinable public init(_ t: SimTime) {
        whole = t
        part = 0
    }

    @inlinable init(whole: SimTime, part: Int64) {
        self.whole = whole
        self.part = part
    }

    /// `bits × 10^12 / rate` picoseconds, computed in 128 bits; capped at `Time.maximum`.
    @inlinable
    public static func duration(bits: Int64, rate: Int64) -> ExactTime {
        let product = UInt64(Swift.max(0, bits)).multipliedFullWidth(by: UInt64(Time.second))
        let r = UInt64(rate)
        guard product.high < r else { return ExactTime(Time.maximum) }
        let (q, rem) = r.dividingFullWidth(product)
        guard q < UInt64(Time.maximum) else { return ExactTime(Time.maximum) }
        return ExactTime(whole: SimTime(q), part: Int64(rem))
    }

    @inlinable
    public func plus(_ d: ExactTime, rate: Int64) -> ExactTime {
        var w = whole &+ d.whole, p = part &+ d.part
        if p >= rate { p &-= rate; w &+= 1 }
        return ExactTime(whole: w, part: p)
    }

    @inlinable
    public func minus(_ d: ExactTime, rate: Int64) -> ExactTime {
        var w = whole &- d.whole, p = part &- d.part
        if p < 0 { p &+= rate; w &-= 1 }
        return ExactTime(whole: w, part: p)
    }

    /// The first whole picosecond not before this time.
    @inlinable public var ceiling: SimTime { part > 0 ? whole &+ 1 : whole }

    @inlinable
    public static func < (a: ExactTime, b: ExactTime) -> Bool { a.whole < b.whole || (a.whole == b.whole && a.part < b.part) }
}
