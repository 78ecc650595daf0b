import Kernel

/// How a switch forwards a frame (IEEE 802.1Q 8.6: the relay's forwarding process).
public enum ForwardingMode: String, Sendable, Equatable, CaseIterable {
    /// The whole frame is received before it is queued on the egress port.
    case storeAndForward = "store-and-forward"
    /// Forwarding starts once the header is in, when the egress port is no faster than the
    /// ingress port (otherwise the frame is stored and forwarded).
    case cutThrough = "cut-through"
}

/// One direction of a full-duplex point-to-point Ethernet link, seen from its sender.
public struct PortSpec: Sendable, Equatable {
    /// Name for reports, e.g. "eth0" or the peer's name.
    public var name: String
    public var node: Int
    public var peerNode: Int
    /// Line rate in bits per second.
    public var rateBitsPerSecond: Int64
    /// Propagation delay in picoseconds (cable length × 5 ns/m when given as a length).
    public var propagation: SimTime
    /// Bytes on the wire per frame besides the frame itself: preamble 7 + SFD 1 +
    /// inter-packet gap 12 = 20 B (IEEE 802.3 clause 3.1, 4.4.2).
    public var overheadBytes: Int32
    /// Frames shorter than this are padded (IEEE 802.3 minFrameSize, 64 B).
    public var minFrameBytes: Int32
    /// Largest frame accepted (1522 B: a VLAN-tagged maximum frame, IEEE 802.3 3.5).
    public var maxFrameBytes: Int32
    /// Waiting room per port, shared by its traffic classes; nil = unbounded.
    public var bufferBytes: Int64?
    public var bufferFrames: Int32?
    /// Traffic classes the port implements, 1...8; priorities map to them by IEEE 802.1Q
    /// Table 8-5 (one class: a single FIFO, as in a switch without QoS).
    public var trafficClasses: Int
    /// How the port picks the next frame among its classes.
    public var selection: TransmissionSelection
    /// Time-sensitive networking on this port (gates, credit-based shapers, preemption);
    /// nil for a plain strict-priority port.
    public var tsn: PortTSN? {
        get { _tsn?.value }
        set { _tsn = newValue.map(Boxed.init) }
    }
    /// Boxed: most ports of a large plant have none (see `Boxed`).
    var _tsn: Boxed<PortTSN>?

    public init(name: String, node: Int, peerNode: Int, rateBitsPerSecond: Int64, propagation: SimTime,
                overheadBytes: Int32 = 20, minFrameBytes: Int32 = 64, maxFrameBytes: Int32 = 1522,
                bufferBytes: Int64? = nil, bufferFrames: Int32? = nil, trafficClasses: Int = 8,
                selection: TransmissionSelection = .strictPriority, tsn: PortTSN? = nil) {
        self.name = name
        self.node = node
        self.peerNode = peerNode
        self.rateBitsPerSecond = rateBitsPerSecond
        self.propagation = propagation
        self.overheadBytes = overheadBytes
        self.minFrameBytes = minFrameBytes
        self.maxFrameBytes = maxFrameBytes
        self.bufferBytes = bufferBytes
        self.bufferFrames = bufferFrames
        self.trafficClasses = trafficClasses
        self.selection = selection
        self.tsn = tsn
    }
}
