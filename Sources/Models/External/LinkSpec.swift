import Kernel

/// One direction of an external-network link: an operator's network to a cloud platform,
/// a leased line, or an abstract radio hop for quick studies. Each frame's one-way delay
/// is drawn from a distribution or replayed from a measured trace; optionally the link
/// has a capacity (frames then queue and serialize first), loses frames, or lets a frame
/// overtake the one before it.
public struct LinkSpec: Sendable, Equatable {
    /// Name for reports, such as "gateway→cloud".
    public var name: String
    public var node: Int
    public var peerNode: Int
    /// Uplink runs from the link's `from` to its `to` (plant to network); downlink back.
    public var direction: LinkDirection
    public var delay: DelayModel
    public var loss: LossModel
    /// Capacity in bits per second; nil when frames never queue (the delay is all).
    public var rateBitsPerSecond: Int64?
    /// Bytes added to each frame on the capacity (tunnel or framing headers).
    public var overheadBytes: Int32
    /// Largest frame the link carries.
    public var maxFrameBytes: Int32
    /// Waiting room in front of the capacity; nil = unbounded.
    public var bufferBytes: Int64?
    public var bufferFrames: Int32?
    /// Whether a frame never arrives before the one sent before it (delays then stretch
    /// to keep the order); false lets a short delay overtake a long one. With delays drawn
    /// independently per frame, keeping order at high frame rates stretches them toward
    /// the distribution's upper tail (each frame waits for the slowest of those before it).
    public var inOrder: Bool

    public init(name: String, node: Int, peerNode: Int, direction: LinkDirection, delay: DelayModel,
                loss: LossModel = .none, rateBitsPerSecond: Int64? = nil, overheadBytes: Int32 = 0,
                maxFrameBytes: Int32 = .max, bufferBytes: Int64? = nil, bufferFrames: Int32? = nil,
                inOrder: Bool = false) {
        self.name = name
        self.node = node
        self.peerNode = peerNode
        self.direction = direction
        self.delay = delay
        self.loss = loss
        self.rateBitsPerSecond = rateBitsPerSecond
        self.overheadBytes = overheadBytes
        self.maxFrameBytes = maxFrameBytes
        self.bufferBytes = bufferBytes
        self.bufferFrames = bufferFrames
        self.inOrder = inOrder
    }
}

public enum LinkDirection: String, Sendable, Equatable, CaseIterable {
    case uplink, downlink
}

/// Where a link's one-way delays come from.
public enum DelayModel: Sendable, Equatable {
    /// Drawn per frame, in picoseconds.
    case distribution(Distribution)
    /// Measured delays in picoseconds, replayed per frame.
    case trace([SimTime], TraceReplay)
}

/// How a delay trace is replayed.
public enum TraceReplay: String, Sendable, Equatable, CaseIterable {
    /// In order, from the first row, starting again after the last.
    case cycle
    /// A row drawn at random (with replacement) per frame.
    case sample
}

/// Which frames a link loses.
public enum LossModel: Sendable, Equatable {
    case none
    /// Each frame independently with probability `rate`.
    case independent(rate: Double)
    /// Gilbert–Elliott: a two-state Markov chain stepped once per frame, from good to bad
    /// with probability `p` and from bad to good with `r`; a frame is lost with probability
    /// `lossGood` in the good state and `lossBad` in the bad one (Gilbert: 0 and 1).
    case gilbertElliott(p: Double, r: Double, lossGood: Double, lossBad: Double)

    /// The long-run share of frames lost.
    public var stationaryRate: Double {
        switch self {
        case .none: return 0
        case let .independent(rate): return rate
        case let .gilbertElliott(p, r, good, bad):
            let piBad = p + r > 0 ? p / (p + r) : 0
            return (1 - piBad) * good + piBad * bad
        }
    }
}
