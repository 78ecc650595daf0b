import Kernel

/// How the bridges of a design choose the paths frames take, and what they do when a
/// link or bridge fails.
public enum ForwardingProtocol: Sendable, Equatable {
    /// Shortest paths fixed when the plant is built (routed or SDN-style plants): a
    /// failure breaks the flows over it until the part returns.
    case staticRoutes
    /// The tree RSTP converges to (IEEE 802.1Q clause 13, see `SpanningTree`); after a
    /// failure or repair the tree is rebuilt and the new paths hold after `reconvergence`.
    case spanningTree(reconvergence: SimTime)
    /// MRP rings (IEC 62439-2): each ring's manager blocks its secondary port while the
    /// ring is closed and opens it a recovery time after a ring link fails. The links
    /// outside the rings must form no loop.
    case rings([RingSpec])
}

/// One MRP ring: its Ethernet links in ring order (each as the index of one of its two
/// ports), its manager, and how long recovery takes.
public struct RingSpec: Sendable, Equatable {
    public var name: String
    public var ports: [Int]
    public var manager: Int
    public var recoveryTime: MRPRecoveryTime
    /// The outage of a ring failure: the class's maximum, or drawn uniformly up to it.
    public var worstCase: Bool

    public init(name: String, ports: [Int], manager: Int, recoveryTime: MRPRecoveryTime, worstCase: Bool = true) {
        self.name = name
        self.ports = ports
        self.manager = manager
        self.recoveryTime = recoveryTime
        self.worstCase = worstCase
    }
}

/// A flow whose frames travel as several copies over disjoint paths and are merged at
/// the destination, where the first copy of each frame passes and the rest are discarded.
public struct ReplicationSpec: Sendable, Equatable {
    public enum Elimination: Sendable, Equatable {
        /// IEEE 802.1CB sequence recovery (see `SequenceRecovery`).
        case frer(SequenceRecovery.Algorithm, historyLength: Int, resetTimeout: SimTime)
        /// IEC 62439-3 PRP duplicate discard (see `DuplicateDiscard`).
        case prp(windowSize: Int, entryForgetTime: SimTime)
    }

    public var elimination: Elimination

    public init(elimination: Elimination) { self.elimination = elimination }
}
