import Kernel

/// Runtime state of one egress port of a full-duplex Ethernet link.
///
/// Eight traffic classes selected by PCP (IEEE 802.1Q-2018 Table 8-5, eight classes),
/// FIFO within a class, strict priority between classes (802.1Q 8.6.8.1), and one shared
/// tail-drop buffer for frames waiting (the frame on the wire is no longer counted).
/// Of the per-frame overhead, the first 8 B (preamble and SFD, IEEE 802.3 3.1) precede
/// the frame; the rest (the inter-packet gap) follows it and only keeps the port busy.
/// An idle port sends an arriving frame at once and needs no completion event; a
/// completion event is pending exactly while frames wait.
public struct EgressPort: Sendable {
    public var node: Int32
    public var peerNode: Int32
    public var rateBitsPerSecond: Int64
    public var propagation: SimTime
    public var overheadBytes: Int32
    public var minFrameBytes: Int32
    public var bufferBytes: Int64
    public var bufferFrames: Int32

    /// End of the transmission in progress (idle when <= now).
    public var busyUntil: SimTime = 0
    public var waitingFrames: Int32 = 0
    public var waitingBytes: Int64 = 0
    /// Bit c set when traffic class c has frames waiting.
    public var nonEmptyClasses: UInt8 = 0

    public init(_ spec: PortSpec) {
        node = Int32(spec.node)
        peerNode = Int32(spec.peerNode)
        rateBitsPerSecond = spec.rateBitsPerSecond
        propagation = spec.propagation
        overheadBytes = spec.overheadBytes
        minFrameBytes = spec.minFrameBytes
        bufferBytes = spec.bufferBytes ?? .max
        bufferFrames = spec.bufferFrames ?? .max
    }

    /// Time to put a frame of `bytes` on the wire: padding to the minimum frame, plus the
    /// per-frame overhead, at the line rate; rounded up to the picosecond.
    @inlinable
    public func transmissionTime(bytes: Int32) -> SimTime { wireTime(bytes: bytes, overhead: overheadBytes) }

    /// Time from the start of transmission until the frame's last bit is on the wire:
    /// preamble and SFD, then the padded frame (not the inter-packet gap after it).
    @inlinable
    public func lastBitTime(bytes: Int32) -> SimTime { wireTime(bytes: bytes, overhead: Swift.min(overheadBytes, 8)) }

    /// Computed in 128 bits (a 16 MiB frame at 1 bit/s is 1.3 × 10^20 ps) and capped at
    /// `Time.maximum`.
    @inlinable
    func wireTime(bytes: Int32, overhead: Int32) -> SimTime {
        let wire = UInt64(Swift.max(0, Int64(Swift.max(bytes, minFrameBytes)) &+ Int64(overhead))) &* 8
        let rate = UInt64(rateBitsPerSecond)
        let product = wire.multipliedFullWidth(by: UInt64(Time.second))
        guard product.high < rate else { return Time.maximum }  // the quotient would not fit
        let (q, r) = rate.dividingFullWidth(product)
        let t = r > 0 ? q &+ 1 : q
        return t < UInt64(Time.maximum) ? SimTime(t) : Time.maximum
    }

    /// The traffic class of a priority code point with eight classes (IEEE 802.1Q-2018
    /// Table 8-5): PCP 1 (background) ranks below PCP 0 (best effort).
    public static func trafficClass(priority: Int) -> Int {
        let table = [1, 0, 2, 3, 4, 5, 6, 7]
        return table[priority & 7]
    }

    /// Time until the receiver has the MAC header (preamble and SFD, then 14 B of header),
    /// when cut-through forwarding may start.
    @inlinable
    public func headerTime() -> SimTime {
        let bits = Int64(Swift.min(overheadBytes, 8) &+ 14) &* 8
        return (bits &* Time.second &+ rateBitsPerSecond &- 1) / rateBitsPerSecond
    }

    /// Whether a frame of `bytes` fits in the waiting room.
    @inlinable
    public func admits(bytes: Int32) -> Bool {
        waitingFrames < bufferFrames && waitingBytes &+ Int64(bytes) <= bufferBytes
    }

    /// Strict priority (802.1Q 8.6.8.1): the highest traffic class with a frame waiting.
    @inlinable
    public var selectedClass: Int {
        7 &- (nonEmptyClasses.leadingZeroBitCount)
    }
}
