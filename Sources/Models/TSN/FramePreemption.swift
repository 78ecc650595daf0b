import Kernel

/// The arithmetic of frame preemption (IEEE 802.3br clause 99, IEEE 802.1Qbu): where a
/// preemptable frame may be cut and what each fragment costs on the wire.
///
/// Every fragment starts with 8 octets (7 preamble + SMD-S, or 6 preamble + SMD-C +
/// frag count, 99.3.3) and is followed by the inter-packet gap. A fragment that is not the
/// last ends with a 4-octet mCRC and holds at least 64·(1 + addFragSize) − 4 octets of the
/// frame if it is the first (99.4.4), 60 otherwise; the last fragment, which ends with
/// the frame's own FCS, holds at least 64 octets. So a frame shorter than 124 octets is
/// never cut, and an express frame waits at most for 123 octets plus a fragment's 8 and the
/// 12 of the gap: 143 octets on the wire.
public enum FramePreemption {
    /// Octets before a fragment's data, and after a non-final fragment's data.
    public static let header: Int32 = 8
    public static let mCRC: Int32 = 4
    /// Smallest last fragment (99.4.4: a fragment is a valid minimum-size frame).
    public static let minLast: Int32 = 64

    /// Smallest data of a fragment that is not the last: the first, or a later one.
    @inlinable
    public static func minNonFinal(first: Bool, addFragSize: Int) -> Int32 {
        first ? 64 &* Int32(1 &+ addFragSize) &- 4 : 60
    }

    /// Where to cut a fragment of `data` octets (the rest of the frame) whose first `sent`
    /// octets of data are already on the wire: the data octets it keeps, or nil when no
    /// legal cut remains (the rest would be shorter than a last fragment).
    @inlinable
    public static func cut(data: Int32, sent: Int32, first: Bool, addFragSize: Int) -> Int32? {
        let keep = Swift.max(sent, minNonFinal(first: first, addFragSize: addFragSize))
        return data &- keep >= minLast ? keep : nil
    }

    /// Whether a frame of `bytes` (padded) can ever be cut.
    @inlinable
    public static func cuttable(bytes: Int32, addFragSize: Int) -> Bool {
        bytes >= minNonFinal(first: true, addFragSize: addFragSize) &+ minLast
    }
}
