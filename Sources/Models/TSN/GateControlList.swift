import Kernel

/// A port's gate control list (IEEE 802.1Q-2018 8.6.8.4, 8.6.9): a gate per traffic class,
/// open or closed, set by a list of (gate states, duration) entries that repeats every
/// `cycle` from `base`. Times are on the local clock of the port's node (see `TimeSync`).
///
/// Entries that do not fill the cycle leave the last entry's states until the cycle ends;
/// entries beyond it are cut at the cycle's end (8.6.9.1.1: the cycle restarts when
/// OperCycleTime is reached, whatever the list).
public struct GateControlList: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        /// Bit c set: the gate of traffic class c is open (SetGateStates, 8.6.9.4.2).
        public var open: UInt8
        public var duration: SimTime
        public init(open: UInt8, duration: SimTime) {
            self.open = open
            self.duration = duration
        }
    }

    public var cycle: SimTime
    /// The local time at which a cycle starts (AdminBaseTime); cycles also run before it.
    public var base: SimTime
    public var entries: [Entry]
    /// Where each entry starts within the cycle, and the end of the last (≤ cycle).
    @usableFromInline var starts: [SimTime]

    public init(cycle: SimTime, base: SimTime = 0, entries: [Entry]) {
        precondition(cycle > 0 && !entries.isEmpty, "a gate control list needs a cycle and an entry")
        self.cycle = cycle
        self.base = base
        self.entries = entries
        var s: [SimTime] = [], t: SimTime = 0
        for e in entries {
            s.append(Swift.min(t, cycle))
            t = Swift.min(t &+ e.duration, cycle)
        }
        starts = s
    }

    public static func == (a: Self, b: Self) -> Bool { a.cycle == b.cycle && a.base == b.base && a.entries == b.entries }

    /// The common protected window: class `tc` alone during [offset, offset + length) of
    /// every cycle, every other class the rest of the time (exclusive gating).
    public static func protectedWindow(class tc: Int, cycle: SimTime, offset: SimTime, length: SimTime,
                                       base: SimTime = 0) -> GateControlList {
        let own = UInt8(1) << UInt8(tc), others = ~own
        var entries: [Entry] = []
        if offset > 0 { entries.append(Entry(open: others, duration: offset)) }
        entries.append(Entry(open: own, duration: length))
        if offset &+ length < cycle { entries.append(Entry(open: others, duration: cycle &- offset &- length)) }
        return GateControlList(cycle: cycle, base: base, entries: entries)
    }

    /// Classes whose gate is open at some time of the cycle.
    public var everOpen: UInt8 { entries.reduce(0) { $0 | $1.open } }
    /// Classes whose gate never closes.
    public var alwaysOpen: UInt8 { entries.reduce(0xFF) { $0 & $1.open } }

    /// The position of local time `t` in its cycle.
    @inlinable
    public func phase(_ t: SimTime) -> SimTime {
        let p = (t &- base) % cycle
        return p < 0 ? p &+ cycle : p
    }

    /// The entry in force at cycle position `p`.
    @inlinable
    func entry(at p: SimTime) -> Int {
        var lo = 0, hi = entries.count &- 1  // the last entry starting at or before p
        while lo < hi {
            let mid = (lo &+ hi &+ 1) >> 1
            if starts[mid] <= p { lo = mid } else { hi = mid &- 1 }
        }
        return lo
    }

    /// Gate states at local time `t`.
    @inlinable
    public func open(at t: SimTime) -> UInt8 { entries[entry(at: phase(t))].open }

    /// The end of entry `i` within the cycle.
    @inlinable
    func end(of i: Int) -> SimTime { i &+ 1 < entries.count ? starts[i &+ 1] : cycle }

    /// For a class whose gate is open at local time `t`: how long it stays open from `t`
    /// (`Time.maximum` when it never closes).
    @inlinable
    public func openFor(class tc: Int, at t: SimTime) -> SimTime {
        let bit = UInt8(1) << UInt8(tc)
        if alwaysOpen & bit != 0 { return Time.maximum }
        let p = phase(t)
        var i = entry(at: p)
        guard entries[i].open & bit != 0 else { return 0 }
        var left = end(of: i) &- p
        for _ in 0..<entries.count {  // the following entries, wrapping around the cycle
            i = i &+ 1 < entries.count ? i &+ 1 : 0
            guard entries[i].open & bit != 0 else { break }
            left &+= end(of: i) &- starts[i]
        }
        return left
    }

    /// The first local time at or after `t` at which any class of `classes` has its gate
    /// open; nil when none ever opens.
    @inlinable
    public func nextOpen(_ classes: UInt8, from t: SimTime) -> SimTime? {
        guard everOpen & classes != 0 else { return nil }
        let p = phase(t)
        let i = entry(at: p)
        if entries[i].open & classes != 0 { return t }
        var j = i, elapsed = end(of: i) &- p
        for _ in 0..<entries.count {
            j = j + 1 < entries.count ? j + 1 : 0
            if entries[j].open & classes != 0 { return t &+ elapsed }
            elapsed &+= end(of: j) &- starts[j]
        }
        return nil
    }

    /// The first local time after `t` at which the gate states change (the next entry
    /// boundary with different states), or nil when they never change.
    @inlinable
    public func nextChange(after t: SimTime) -> SimTime? {
        let p = phase(t)
        let i = entry(at: p)
        let now = entries[i].open
        var j = i, elapsed = end(of: i) &- p
        for _ in 0...entries.count {
            j = j + 1 < entries.count ? j + 1 : 0
            if entries[j].open != now { return t &+ elapsed }
            elapsed &+= end(of: j) &- starts[j]
        }
        return nil
    }

    /// Time within [t0, t1) (local) during which the gate of class `tc` is open.
    public func openTime(class tc: Int, from t0: SimTime, to t1: SimTime) -> SimTime {
        guard t1 > t0 else { return 0 }
        let bit = UInt8(1) << UInt8(tc)
        if alwaysOpen & bit != 0 { return t1 &- t0 }
        if everOpen & bit == 0 { return 0 }
        var perCycle: SimTime = 0
        for (i, e) in entries.enumerated() where e.open & bit != 0 {
            perCycle &+= end(of: i) &- starts[i]
        }
        // Whole cycles, then the open time of the remainder entry by entry.
        let span = t1 &- t0, whole = span / cycle
        var total = whole &* perCycle
        var t = t0 &+ whole &* cycle
        while t < t1 {
            let p = phase(t), i = entry(at: p)
            let end = Swift.min(t1, t &+ (end(of: i) &- p))
            if entries[i].open & bit != 0 { total &+= end &- t }
            t = end
        }
        return total
    }
}
