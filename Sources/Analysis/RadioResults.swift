import Kernel

/// What one direction of an NR cell saw after the warm-up.
public struct CellResult: Sendable, Equatable, Codable {
    public var cell: String
    /// "downlink" or "uplink".
    public var direction: String
    /// PRB·symbols used over PRB·symbols the frame structure offers in this direction.
    public var prbUtilization: Double
    /// Bits of transport blocks decoded (first or later attempt) per second.
    public var throughputBitsPerSecond: Double
    /// New transport blocks and retransmissions (HARQ or configured-grant repetitions) sent.
    public var transportBlocks: UInt64
    public var retransmissions: UInt64
    /// Failed share of first transmissions, and of later ones.
    public var blerFirst: Double?
    public var blerRetransmissions: Double?
    /// Blocks given up after their last attempt.
    public var residualLosses: UInt64
    public var meanMCS: Double?
    /// Transmissions per MCS index (0…31).
    public var mcsHistogram: [UInt64]
    public var handoversIn: UInt64

    public init(cell: String, direction: String, prbUtilization: Double, throughputBitsPerSecond: Double,
                transportBlocks: UInt64, retransmissions: UInt64, blerFirst: Double?, blerRetransmissions: Double?,
                residualLosses: UInt64, meanMCS: Double?, mcsHistogram: [UInt64], handoversIn: UInt64) {
        self.cell = cell
        self.direction = direction
        self.prbUtilization = prbUtilization
        self.throughputBitsPerSecond = throughputBitsPerSecond
        self.transportBlocks = transportBlocks
        self.retransmissions = retransmissions
        self.blerFirst = blerFirst
        self.blerRetransmissions = blerRetransmissions
        self.residualLosses = residualLosses
        self.meanMCS = meanMCS
        self.mcsHistogram = mcsHistogram
        self.handoversIn = handoversIn
    }
}

/// What one direction of a terminal's radio saw after the warm-up: the SINR of its
/// transmissions (dB) and its handovers.
public struct TerminalResult: Sendable, Equatable, Codable {
    public var terminal: String
    public var direction: String
    public var transmissions: UInt64
    public var sinrMeanDB: Double?
    public var sinrMinDB: Double?
    public var sinrP5DB: Double?
    public var sinrP50DB: Double?
    public var sinrP95DB: Double?
    public var sinrMaxDB: Double?
    public var handovers: UInt64

    public init(terminal: String, direction: String, transmissions: UInt64, sinrMeanDB: Double?, sinrMinDB: Double?,
                sinrP5DB: Double?, sinrP50DB: Double?, sinrP95DB: Double?, sinrMaxDB: Double?, handovers: UInt64) {
        self.terminal = terminal
        self.direction = direction
        self.transmissions = transmissions
        self.sinrMeanDB = sinrMeanDB
        self.sinrMinDB = sinrMinDB
        self.sinrP5DB = sinrP5DB
        self.sinrP50DB = sinrP50DB
        self.sinrP95DB = sinrP95DB
        self.sinrMaxDB = sinrMaxDB
        self.handovers = handovers
    }
}
