import Kernel

/// The Sequence recovery function of one Stream (IEEE 802.1CB-2017 7.4.3): of the copies of
/// a packet that arrive over the member paths it passes the first and discards the others,
/// by the packet's 16-bit sequence_number (R-TAG, 802.1CB 7.8, so the space is 2^16 and wraps).
///
/// Time enters only through `accept(sequence:at:)`: the reset timer (frerSeqRcvyResetMSec,
/// 10.4.1.7) runs from the last passed packet, so a packet that comes `resetTimeout` or more
/// after it finds the function reset (the RECOVERY_TIMEOUT, 7.4.3.3) and is taken whatever
/// its number. No timer event is scheduled; state is fixed in size at init. This is the
/// Sequence recovery function, not the Individual recovery function: discarded packets do
/// not restart the timer (frerSeqRcvyIndividualRecovery False, 10.4.1.10).
///
/// One deliberate difference from the standard's text: `lost` counts a sequence number only
/// if it is at or after the first packet taken since the last reset. The standard's
/// ShiftSequenceHistory also counts the never-used, all-zero history left by the reset, so
/// it reports up to frerSeqRcvyHistoryLength − 1 false losses after every reset (an open
/// 802.1 maintenance request says so).
public struct SequenceRecovery: Sendable {
    /// frerSeqRcvyAlgorithm (802.1CB 10.4.1.5); Vector is the standard's default.
    public enum Algorithm: String, Sendable, CaseIterable {
        /// VectorRecoveryAlgorithm (7.4.3.4): a bit per recent sequence number, so copies
        /// that arrive interleaved or out of order within the history are still recognised.
        case vector
        /// MatchRecoveryAlgorithm (7.4.3.5): discards only a repeat of the last passed
        /// number; meant for streams sparse enough that all copies of a packet arrive before
        /// the next packet, otherwise it passes duplicates.
        case match
    }

    /// The 802.1CB 10.8 per-stream counters this model keeps, plus one for planners.
    public struct Counters: Sendable, Equatable {
        /// frerCpsSeqRcvyPassedPackets (10.8.5).
        public var passed: Int
        /// frerCpsSeqRcvyDiscardedPackets (10.8.6): duplicates only; rogue packets are
        /// counted apart, as the per-port sum in 10.9.2 adds the two.
        public var discarded: Int
        /// frerCpsSeqRcvyOutOfOrderPackets (10.8.3): passed, but not one more than the
        /// previous passed number.
        public var outOfOrder: Int
        /// frerCpsSeqRcvyRoguePackets (10.8.4): discarded by the vector algorithm because the
        /// number is frerSeqRcvyHistoryLength or more away from RecovSeqNum.
        public var rogue: Int
        /// frerCpsSeqRcvyLostPackets (10.8.7): numbers that left the vector history unseen.
        /// Numbers never inside the history (an outage longer than it, which the vector
        /// algorithm answers with rogue discards until the reset) are not counted here.
        public var lost: Int
        /// frerCpsSeqRcvyResets (10.8.9): RECOVERY_TIMEOUTs, once per silence (the reset at
        /// BEGIN is not counted).
        public var resets: Int
        /// The longest time between two passed packets. Chosen over the longest gap in
        /// sequence numbers because it sees every outage the application sees, including
        /// the rogue lock-out until the reset, and it compares directly with a survival time
        /// (3GPP TS 22.104); for a periodic stream, divide by the period for packets.
        public var longestSilence: SimTime

        public init(passed: Int = 0, discarded: Int = 0, outOfOrder: Int = 0, rogue: Int = 0, lost: Int = 0,
                    resets: Int = 0, longestSilence: SimTime = 0) {
            self.passed = passed
            self.discarded = discarded
            self.outOfOrder = outOfOrder
            self.rogue = rogue
            self.lost = lost
            self.resets = resets
            self.longestSilence = longestSilence
        }
    }

    /// The largest history this model keeps (802.1CB leaves the maximum to implementations).
    public static let maximumHistoryLength = 1024

    public let algorithm: Algorithm
    /// frerSeqRcvyHistoryLength (10.4.1.6): how many sequence numbers, RecovSeqNum included,
    /// the vector algorithm remembers. Not used by the match algorithm.
    public let historyLength: Int
    /// frerSeqRcvyResetMSec (10.4.1.7) as a time.
    public let resetTimeout: SimTime

    @usableFromInline var _counters = Counters()
    /// RecovSeqNum (7.4.3.2): the highest number passed since the last reset.
    @usableFromInline var recovSeqNum: UInt16 = .max
    /// TakeAny (7.4.3.2): the next packet is passed whatever its number.
    @usableFromInline var takeAny = true
    @usableFromInline var lastPassed: SimTime = 0
    /// How many history positions, counted back from RecovSeqNum, lie at or after the first
    /// packet taken since the last reset (only those can be lost).
    @usableFromInline var known = 0
    /// SequenceHistory as a ring of bits: the bit of number n is bit n & mask, which stays
    /// consistent across the wrap because the ring's size is a power of two dividing 2^16.
    @usableFromInline var history: ContiguousArray<UInt64>
    @usableFromInline let mask: Int

    /// - Parameters:
    ///   - historyLength: 2...1024; 2 is both the minimum and the default of 802.1CB 10.4.1.6.
    ///   - resetTimeout: greater than 0. 802.1CB gives no default.
    public init(algorithm: Algorithm = .vector, historyLength: Int = 2, resetTimeout: SimTime) {
        precondition((2...Self.maximumHistoryLength).contains(historyLength),
                     "frerSeqRcvyHistoryLength must be in 2...\(Self.maximumHistoryLength)")
        precondition(resetTimeout > 0, "frerSeqRcvyResetMSec must be positive")
        self.algorithm = algorithm
        self.historyLength = historyLength
        self.resetTimeout = resetTimeout
        var bits = 64
        while bits < historyLength { bits <<= 1 }
        mask = bits - 1
        history = ContiguousArray(repeating: 0, count: algorithm == .vector ? bits / 64 : 0)
    }

    /// The counters so far.
    @inlinable public var counters: Counters { _counters }

    /// A copy of a packet with number `sequence` arrives at `now` (never earlier than the
    /// previous call): true to pass it up, false to discard it.
    @inlinable
    public mutating func accept(sequence: UInt16, at now: SimTime) -> Bool {
        if !takeAny && now &- lastPassed >= resetTimeout {
            reset()  // RECOVERY_TIMEOUT
            _counters.resets &+= 1
        }
        switch algorithm {
        case .vector: return vector(sequence, now)
        case .match: return match(sequence, now)
        }
    }

    /// VectorRecoveryAlgorithm, 802.1CB 7.4.3.4.
    @inlinable
    mutating func vector(_ s: UInt16, _ now: SimTime) -> Bool {
        if takeAny {
            takeAny = false
            recovSeqNum = s
            setBit(s)
            known = 1
            return pass(now)
        }
        // delta in -(RecovSeqSpace/2) ..< RecovSeqSpace/2 (7.4.3.4).
        let delta = Int(Int16(truncatingIfNeeded: s &- recovSeqNum))
        if delta >= historyLength || delta <= -historyLength {
            _counters.rogue &+= 1
            return false
        }
        if delta <= 0 {
            if bit(s) {
                _counters.discarded &+= 1
                return false
            }
            setBit(s)
            _counters.outOfOrder &+= 1
            return pass(now)
        }
        if delta != 1 { _counters.outOfOrder &+= 1 }
        advance(by: delta)
        setBit(s)
        return pass(now)
    }

    /// MatchRecoveryAlgorithm, 802.1CB 7.4.3.5.
    @inlinable
    mutating func match(_ s: UInt16, _ now: SimTime) -> Bool {
        if !takeAny {
            let delta = s &- recovSeqNum
            if delta == 0 {
                _counters.discarded &+= 1
                return false
            }
            if delta != 1 { _counters.outOfOrder &+= 1 }
        }
        takeAny = false
        recovSeqNum = s
        return pass(now)
    }

    @inlinable
    mutating func pass(_ now: SimTime) -> Bool {
        if _counters.passed > 0 { _counters.longestSilence = Swift.max(_counters.longestSilence, now &- lastPassed) }
        _counters.passed &+= 1
        lastPassed = now  // restarts the reset timer (RemainingTicks, 7.4.3.2)
        return true
    }

    /// ShiftSequenceHistory (7.4.3.4) by `delta` (1 ..< historyLength): the numbers that
    /// leave the history unseen are lost; the ones that enter are cleared.
    @usableFromInline
    mutating func advance(by delta: Int) {
        let oldest = UInt16(truncatingIfNeeded: historyLength &- 1)
        for _ in 0..<delta {
            if known == historyLength && !bit(recovSeqNum &- oldest) { _counters.lost &+= 1 }
            recovSeqNum &+= 1
            clearBit(recovSeqNum)  // the ring slot the oldest number (or a stale one) held
            if known < historyLength { known &+= 1 }
        }
    }

    /// SequenceRecoveryReset, 802.1CB 7.4.3.3.
    @usableFromInline
    mutating func reset() {
        recovSeqNum = .max  // RecovSeqSpace − 1
        for i in history.indices { history[i] = 0 }
        known = 0
        takeAny = true
    }

    @inlinable func bit(_ s: UInt16) -> Bool {
        let i = Int(s) & mask
        return history[i &>> 6] & (1 &<< UInt64(i & 63)) != 0
    }

    @inlinable mutating func setBit(_ s: UInt16) {
        let i = Int(s) & mask
        history[i &>> 6] |= 1 &<< UInt64(i & 63)
    }

    @inlinable mutating func clearBit(_ s: UInt16) {
        let i = Int(s) & mask
        history[i &>> 6] &= ~(1 &<< UInt64(i & 63))
    }
}
