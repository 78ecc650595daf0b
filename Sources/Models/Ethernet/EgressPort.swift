import Kernel

/// One egress port of a full-duplex Ethernet link: its configuration, the state of its
/// transmitter and of its waiting room. Frames wait in one FIFO per traffic class (up to
/// eight, IEEE 802.1Q 8.6.6), and the port picks the next by its transmission-selection
/// policy. One tail-drop buffer is shared by its classes; the frame on the wire no longer
/// counts.
///
/// The FIFOs themselves are the port's eight entries of a flat array its owner keeps
/// beside the ports (`queues`, from `8 × port`): so the port is plain data, copied and
/// read without reference counting.
///
/// Of the per-frame overhead, the first 8 B (preamble and SFD, IEEE 802.3 3.1) precede
/// the frame; the rest (the inter-packet gap) follows it and only keeps the port busy.
public struct EgressPort: Sendable {
    public let node: Int32
    public let peerNode: Int32
    public let rateBitsPerSecond: Int64
    public let propagation: SimTime
    public let overheadBytes: Int32
    public let minFrameBytes: Int32
    public let bufferBytes: Int64
    public let bufferFrames: Int32
    /// 10^12 / rate when that is a whole number of picoseconds per bit (every common line
    /// rate), else 0: a wire time is then a product instead of a 128-bit division. Declared
    /// here, it takes padding the port had anyway.
    @usableFromInline let picosecondsPerBit: Int32
    public let selection: TransmissionSelection
    /// Traffic class of each priority, four bits per priority (IEEE 802.1Q Table 8-5).
    @usableFromInline let classMap: UInt32

    /// End of the transmission in progress (idle when <= now).
    public var busyUntil: SimTime = 0
    public var waitingFrames: Int32 = 0
    public var waitingBytes: Int64 = 0
    /// The frame being transmitted, or -1, and when its arrival at the far end is due.
    public var onWire: Int32 = -1
    public var onWireArrival: SimTime = 0
    /// Bit c set when traffic class c has frames waiting.
    @usableFromInline var nonEmptyClasses: UInt8 = 0
    /// Bumped to cancel the pending end of the transmission in progress.
    @usableFromInline var generation: UInt32 = 0
    /// The event sequence number taken when the transmission in progress started: its end
    /// event, scheduled only once a frame waits, ranks among same-time events as if
    /// scheduled then (as ns-3 schedules it, at the start of every transmission).
    @usableFromInline var endSequence: UInt64 = 0
    /// The port's index among the shaped ports (`Ethernet.shaping`), or -1 for a plain one.
    @usableFromInline var shaper: Int32 = -1
    /// FIFOs per port in the owner's flat array of queues.
    public static let queuesPerPort = 8

    public init(_ spec: PortSpec) {
        node = Int32(spec.node)
        peerNode = Int32(spec.peerNode)
        rateBitsPerSecond = spec.rateBitsPerSecond
        propagation = spec.propagation
        overheadBytes = spec.overheadBytes
        minFrameBytes = spec.minFrameBytes
        bufferBytes = spec.bufferBytes ?? .max
        bufferFrames = spec.bufferFrames ?? .max
        let rate = spec.rateBitsPerSecond
        picosecondsPerBit = rate > 0 && Time.second % rate == 0 && Time.second / rate <= Int64(Int32.max)
            ? Int32(Time.second / rate) : 0
        selection = spec.selection
        classMap = TrafficClassMap.packed(classes: spec.trafficClasses)
    }

    /// The traffic class that carries frames of `priority` on this port.
    @inlinable
    public func trafficClass(priority: UInt8) -> Int { Int((classMap >> (4 &* UInt32(priority & 7))) & 0xF) }

    /// Whether the transmitter is free and nothing waits, at `now`.
    @inlinable
    public func isIdle(at now: SimTime) -> Bool { busyUntil <= now && waitingFrames == 0 }

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
    func wireTime(bytes: Int32, overhead: Int32, padded: Bool = true) -> SimTime {
        let wire = UInt64(Swift.max(0, Int64(padded ? Swift.max(bytes, minFrameBytes) : bytes) &+ Int64(overhead))) &* 8
        if picosecondsPerBit > 0 {  // exact: no rounding up to do
            let (t, overflow) = wire.multipliedReportingOverflow(by: UInt64(picosecondsPerBit))
            return !overflow && t < UInt64(Time.maximum) ? SimTime(t) : Time.maximum
        }
        let rate = UInt64(rateBitsPerSecond)
        let product = wire.multipliedFullWidth(by: UInt64(Time.second))
        guard product.high < rate else { return Time.maximum }  // the quotient would not fit
        let (q, r) = rate.dividingFullWidth(product)
        let t = r > 0 ? q &+ 1 : q
        return t < UInt64(Time.maximum) ? SimTime(t) : Time.maximum
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

    /// The traffic class the selection policy serves next, if any frame waits.
    @inlinable
    func nextClass() -> Int? { selection.select(waiting: nonEmptyClasses) }

    /// A frame of `bytes` joined the FIFO of `trafficClass`.
    @inlinable
    mutating func queued(trafficClass tc: Int, bytes: Int32) {
        nonEmptyClasses |= UInt8(1) << UInt8(tc)
        waitingFrames &+= 1
        waitingBytes &+= Int64(bytes)
    }

    /// A frame of `bytes` left the FIFO of `trafficClass`, which is now empty or not.
    @inlinable
    mutating func dequeued(trafficClass tc: Int, bytes: Int32, classEmpty: Bool) {
        if classEmpty { nonEmptyClasses &= ~(UInt8(1) << UInt8(tc)) }
        waitingFrames &-= 1
        waitingBytes &-= Int64(bytes)
    }

    /// Marks the start of a transmission of `f` lasting `duration`, from `now`, the frame
    /// due at the far end at `arrival`; its end event, if one is ever needed, takes the
    /// sequence number `sequence`.
    @inlinable
    mutating func startTransmission(_ f: Int32, duration: SimTime, arrival: SimTime, at now: SimTime,
                                    sequence: UInt64) {
        busyUntil = now &+ duration
        onWire = f
        onWireArrival = arrival
        endSequence = sequence
    }

    /// Cuts the transmission in progress short at `now`: the port is free at once and the
    /// pending end event, if any, goes stale. Returns the frame that was on the wire, unless
    /// it already reached the far end (a cut-through switch forwards it from its header).
    @inlinable
    mutating func abortTransmission(at now: SimTime) -> (frame: Int32, arrived: Bool)? {
        guard busyUntil > now, onWire >= 0 else { return nil }
        let f = onWire
        onWire = -1
        busyUntil = now
        generation &+= 1
        return (f, onWireArrival <= now)
    }
}
