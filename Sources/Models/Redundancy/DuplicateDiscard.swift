import Kernel

/// PRP duplicate discard in one receiving node (IEC 62439-3 4.1.10.3): every frame
/// carries its source's 16-bit sequence number in the redundancy control trailer, and the
/// node passes the first copy of each (source, sequence number) and discards copies that
/// come within EntryForgetTime of it; later ones pass again. IEC 62439-3:2021 asks for
/// exactly that bias: never reject a legitimate frame, tolerate an occasional duplicate.
///
/// Per source a drop window of the last `windowSize` numbers up to the highest seen holds
/// the time each one first passed. Unlike the two-window (start, expected per LAN) drop
/// window of PRP-0 descriptions, it keeps no "received" range, so a frame lost on one LAN
/// whose copy comes late on the other is never mistaken for a duplicate. Sources are dense
/// indices resolved when the plant is built; all state is allocated at init.
public struct DuplicateDiscard: Sendable {
    /// What the node has done so far, over all sources.
    public struct Counters: Sendable, Equatable {
        /// Frames passed to the upper layers.
        public var passed: Int
        /// Later copies discarded within EntryForgetTime of the first.
        public var duplicates: Int
        /// Numbers that left a source's window (or were skipped past it, or were still
        /// missing when the source fell silent for EntryForgetTime) without any copy. With
        /// one sequence counter per source for all destinations, frames sent elsewhere count.
        public var lost: Int
        /// Frames older than the window: passed unchecked (a duplicate among them reaches
        /// the upper layers; their numbers may already be counted lost).
        public var unchecked: Int

        public init(passed: Int = 0, duplicates: Int = 0, lost: Int = 0, unchecked: Int = 0) {
            self.passed = passed
            self.duplicates = duplicates
            self.lost = lost
            self.unchecked = unchecked
        }
    }

    /// EntryForgetTime, IEC 62439-3:2016 4.5 Table 8 (PRP constants): 400 ms.
    public static let defaultEntryForgetTime: SimTime = 400 * Time.millisecond

    public let sources: Int
    /// Numbers remembered per source: must cover the largest skew between the two LANs in
    /// frames of one source (256 = 256 ms at 1 kHz). A power of two in 2...16384.
    public let windowSize: Int
    public let entryForgetTime: SimTime

    @usableFromInline var _counters = Counters()
    /// Per source: the highest number seen, when a frame of it last came, and how many
    /// window positions (back from the highest) lie at or after its first frame; 0 = none.
    @usableFromInline var highest: ContiguousArray<UInt16>
    @usableFromInline var lastSeen: ContiguousArray<SimTime>
    @usableFromInline var known: ContiguousArray<Int32>
    /// sources × windowSize: when number n of source s first passed, at s·windowSize + n & mask
    /// (consistent across the wrap, as windowSize divides 2^16), or `empty`.
    @usableFromInline var entries: ContiguousArray<SimTime>
    @usableFromInline let mask: Int
    @usableFromInline static var empty: SimTime { .min }

    public init(sources: Int, windowSize: Int = 256, entryForgetTime: SimTime = Self.defaultEntryForgetTime) {
        precondition(sources >= 0)
        precondition((2...16384).contains(windowSize) && windowSize & (windowSize - 1) == 0,
                     "windowSize must be a power of two in 2...16384")
        precondition(entryForgetTime > 0)
        self.sources = sources
        self.windowSize = windowSize
        self.entryForgetTime = entryForgetTime
        mask = windowSize - 1
        highest = ContiguousArray(repeating: 0, count: sources)
        lastSeen = ContiguousArray(repeating: 0, count: sources)
        known = ContiguousArray(repeating: 0, count: sources)
        entries = ContiguousArray(repeating: Self.empty, count: sources * windowSize)
    }

    /// The counters so far.
    @inlinable public var counters: Counters { _counters }

    /// A copy of frame `sequence` of `source` arrives at `now` (never earlier than the
    /// previous call), on either LAN: true to pass it up, false to discard it.
    @inlinable
    public mutating func accept(source: Int, sequence s: UInt16, at now: SimTime) -> Bool {
        let base = source &* windowSize
        if known[source] == 0 || now &- lastSeen[source] >= entryForgetTime {
            // Silent for EntryForgetTime: every entry of the source is forgotten.
            if known[source] != 0 { forget(source) }
            highest[source] = s
            known[source] = 1
            return pass(base, s, now, source)
        }
        let delta = Int(Int16(truncatingIfNeeded: s &- highest[source]))
        if delta > 0 {
            slide(source, by: delta)
            highest[source] = s
            return pass(base, s, now, source)
        }
        if -delta >= windowSize {
            _counters.unchecked &+= 1
            lastSeen[source] = now
            _counters.passed &+= 1
            return true
        }
        let first = entries[base &+ Int(s) & mask]
        if first != Self.empty && now &- first < entryForgetTime {
            lastSeen[source] = now
            _counters.duplicates &+= 1
            return false
        }
        return pass(base, s, now, source)
    }

    @inlinable
    mutating func pass(_ base: Int, _ s: UInt16, _ now: SimTime, _ source: Int) -> Bool {
        entries[base &+ Int(s) & mask] = now
        lastSeen[source] = now
        _counters.passed &+= 1
        return true
    }

    /// The highest number moves on by `delta`: numbers that leave the window without a copy
    /// are lost; their slots are cleared for the numbers that enter.
    @usableFromInline
    mutating func slide(_ source: Int, by delta: Int) {
        let base = source &* windowSize
        var h = highest[source]
        var k = Int(known[source])
        for _ in 0..<Swift.min(delta, windowSize) {
            h &+= 1
            let slot = base &+ Int(h) & mask  // held h − windowSize, the number leaving
            if k == windowSize && entries[slot] == Self.empty { _counters.lost &+= 1 }
            entries[slot] = Self.empty
            if k < windowSize { k &+= 1 }
        }
        if delta > windowSize { _counters.lost &+= delta &- windowSize }  // entered and left unseen
        known[source] = Int32(k)
    }

    /// Forgets a source after a silence: numbers still missing from its window are lost.
    @usableFromInline
    mutating func forget(_ source: Int) {
        let base = source &* windowSize
        let h = highest[source]
        for offset in 0..<Int(known[source]) where entries[base &+ Int(h &- UInt16(offset)) & mask] == Self.empty {
            _counters.lost &+= 1
        }
        for i in base..<(base &+ windowSize) { entries[i] = Self.empty }
        known[source] = 0
    }
}
