import Kernel

/// The state of the ports that use time-sensitive networking, beside the plain ports'
/// `EgressPort`s: what they are configured with, their credits, the fragment on the wire
/// and the preempted frame waiting to resume. Indexed by shaped port (`Ethernet.shaperOf`),
/// credits by shaped port × 8 + traffic class.
public struct PortShaping: Sendable {
    public struct Port: Sendable {
        public let port: Int32
        public let node: Int32
        @usableFromInline var gates: GateControlList?
        @usableFromInline var guardBand: GuardBand
        /// Wire time of the port's largest frame (the max-frame guard band).
        @usableFromInline let maxFrameTime: SimTime
        /// Bit c: class c is express (all of them without preemption).
        @usableFromInline var express: UInt8
        @usableFromInline var addFragSize: Int
        /// Bit c: class c has a credit-based shaper.
        @usableFromInline var shaped: UInt8

        /// The class of the transmission in progress (-1: none since the last end), and when
        /// it ends (its wire time with the gap).
        @usableFromInline var txClass: Int8 = -1
        @usableFromInline var txEnd: SimTime = 0
        /// The fragment on the wire: when it started, the frame's octets sent before it, the
        /// octets of the frame it would carry uncut; whether it may still be cut.
        @usableFromInline var fragStart: SimTime = 0
        @usableFromInline var fragOffset: Int32 = 0
        @usableFromInline var fragData: Int32 = 0
        @usableFromInline var cuttable = false
        /// The transmission that ended last was (part of) a preemptable frame.
        @usableFromInline var afterPreemptable = false
        /// A preempted frame waiting to resume, its class and the octets of it already sent.
        @usableFromInline var suspended: Int32 = -1
        @usableFromInline var suspendedClass: Int8 = 0
        @usableFromInline var suspendedOffset: Int32 = 0
        /// The pending wake-up (a gate opening or a credit reaching 0), Time.maximum if none.
        @usableFromInline var wakeAt = Time.maximum
        @usableFromInline var wakeGeneration: UInt32 = 0
        @usableFromInline var endPending = false
        /// Since when the idle port holds frames back at a closed gate (-1: it does not).
        @usableFromInline var heldSince: SimTime = -1
    }

    @usableFromInline var ports: ContiguousArray<Port> = []
    @usableFromInline var idleSlopes: ContiguousArray<Int64> = []
    @usableFromInline var credits: ContiguousArray<CreditState> = []

    public init() {}

    /// Adds a shaped port; returns its index.
    mutating func add(port p: Int, spec: PortSpec, maxFrameTime: SimTime) -> Int32 {
        let tsn = spec.tsn ?? PortTSN()
        var shaped: UInt8 = 0
        for c in 0..<8 {
            let idle = tsn.idleSlope(c)
            idleSlopes.append(idle)
            credits.append(CreditState())
            if idle > 0 { shaped |= 1 << UInt8(c) }
        }
        ports.append(Port(port: Int32(p), node: Int32(spec.node), gates: tsn.gates, guardBand: tsn.guardBand,
                          maxFrameTime: maxFrameTime, express: tsn.preemption?.express ?? 0xFF,
                          addFragSize: tsn.preemption?.addFragSize ?? 0, shaped: shaped))
        return Int32(ports.count - 1)
    }
}
