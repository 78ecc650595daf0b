/// The Sequence generation function of one Stream (IEEE 802.1CB-2017 7.4.1): numbers the
/// packets of the Stream before they are replicated, so that the Sequence recovery function
/// can tell copies apart. GenSeqSpace is 2^16, the width of the R-TAG's sequence_number
/// (7.8), so the counter wraps from 65535 to 0.
public struct SequenceGeneration: Sendable, Equatable {
    @usableFromInline var genSeqNum: UInt16
    @usableFromInline var _generated = 0

    /// GenSeqNum: the number the next packet gets.
    @inlinable public var next: UInt16 { genSeqNum }
    /// Packets numbered so far, for reports.
    @inlinable public var generated: Int { _generated }

    /// Starts at 0, as after SequenceGenerationReset; another `start` tests the wrap or
    /// models a talker that was already running.
    public init(start: UInt16 = 0) { genSeqNum = start }

    /// SequenceGenerationAlgorithm: the number for this packet; the counter moves on.
    @inlinable
    public mutating func number() -> UInt16 {
        let n = genSeqNum
        genSeqNum &+= 1  // mod GenSeqSpace
        _generated &+= 1
        return n
    }

    /// SequenceGenerationReset: the next packet gets 0 (frerSeqGenReset, 10.3.1.3).
    public mutating func reset() { genSeqNum = 0 }
}
