import Kernel

/// The fixed configuration of a cell in the form the run loop reads, and its clocks. A
/// class, so the run loop reads fields through one reference instead of copying the clocks.
@usableFromInline
final class CellConfig {
    @usableFromInline let node: Int32
    @usableFromInline let prbs: Int32
    @usableFromInline let numerology: Numerology
    /// Data occasions per direction (index: 0 downlink, 1 uplink).
    @usableFromInline let data: (OccasionClock, OccasionClock)
    /// PDCCH: the first symbol of every downlink occasion (grants are sent there).
    @usableFromInline let pdcch: OccasionClock
    /// Uplink symbols for HARQ-ACK on PUCCH, and the scheduling-request occasions.
    @usableFromInline let pucch: OccasionClock
    @usableFromInline let sr: OccasionClock
    @usableFromInline let processing: RadioProcessing
    /// Transmit power per PRB (mW) of the gNB, spread evenly over the carrier.
    @usableFromInline let txPerPRB: Double
    /// Thermal noise per PRB (mW) at the gNB's receiver.
    @usableFromInline let noisePerPRB: Double
    @usableFromInline let subcarrierSpacingHz: Double
    @usableFromInline let scheduler: RadioScheduler
    @usableFromInline let bler: BLERModel
    @usableFromInline let mcsTable: MCSTable
    @usableFromInline let cqi: CQIMapper
    @usableFromInline let maxAttempts: Int32
    @usableFromInline let harqProcesses: Int32
    /// Index of its set-up's table in `Cells.blockSizes`.
    @usableFromInline let blockTable: Int
    @usableFromInline let layers: Int
    @usableFromInline let srGrantBytes: Int64
    @usableFromInline let handoverInterruption: SimTime
    @usableFromInline let hysteresisDB: Double
    /// Reserved PRBs of each slice.
    @usableFromInline let sliceReserved: ContiguousArray<Int32>
    /// PF averaging time constant.
    @usableFromInline let pfWindow: Double
    /// SINR (dB) each MCS needs for the BLER target of the cell (row 0) and of each slice
    /// (row 1 + slice), `mcsCount` per row: link adaptation looks these up instead of
    /// evaluating curves per decision.
    @usableFromInline let requiredSINR: ContiguousArray<Double>
    @usableFromInline let mcsCount: Int
    /// Uplink power control (TS 38.213 §7.1.1): P0 per PRB (mW) and the path-loss factor α.
    @usableFromInline let ulP0: Double
    @usableFromInline let ulAlpha: Double

    init(node: Int32, prbs: Int32, numerology: Numerology, data: (OccasionClock, OccasionClock), pdcch: OccasionClock, pucch: OccasionClock, sr: OccasionClock, processing: RadioProcessing, txPerPRB: Double, noisePerPRB: Double, subcarrierSpacingHz: Double, scheduler: RadioScheduler, bler: BLERModel, mcsTable: MCSTable, cqi: CQIMapper, maxAttempts: Int32, harqProcesses: Int32, blockTable: Int, layers: Int, srGrantBytes: Int64, handoverInterruption: SimTime, hysteresisDB: Double, sliceReserved: ContiguousArray<Int32>, pfWindow: Double, requiredSINR: ContiguousArray<Double>, mcsCount: Int, ulP0: Double, ulAlpha: Double) {
        self.node = node
        self.prbs = prbs
        self.numerology = numerology
        self.data = data
        self.pdcch = pdcch
        self.pucch = pucch
        self.sr = sr
        self.processing = processing
        self.txPerPRB = txPerPRB
        self.noisePerPRB = noisePerPRB
        self.subcarrierSpacingHz = subcarrierSpacingHz
        self.scheduler = scheduler
        self.bler = bler
        self.mcsTable = mcsTable
        self.cqi = cqi
        self.maxAttempts = maxAttempts
        self.harqProcesses = harqProcesses
        self.blockTable = blockTable
        self.layers = layers
        self.srGrantBytes = srGrantBytes
        self.handoverInterruption = handoverInterruption
        self.hysteresisDB = hysteresisDB
        self.sliceReserved = sliceReserved
        self.pfWindow = pfWindow
        self.requiredSINR = requiredSINR
        self.mcsCount = mcsCount
        self.ulP0 = ulP0
        self.ulAlpha = ulAlpha
    }

    @inlinable func clock(_ d: Int) -> OccasionClock { d == 0 ? data.0 : data.1 }
}

/// Per cell and direction (index cell·2 + direction): who has work, the armed occasion,
/// and the transport blocks of the occasion in the air and of the one before (whose
/// interference a decode may still need).
@usableFromInline
struct CellDirection {
    /// Terminal directions (ue·2 + d) with data or HARQ work in this cell.
    @usableFromInline var active: ContiguousArray<Int32> = []
    @usableFromInline var armedAt: SimTime = .max
    /// Start of the last occasion scheduled.
    @usableFromInline var lastOccasion: SimTime = -1
    @usableFromInline var generation: UInt32 = 0
    @usableFromInline var batches: (Batch, Batch) = (Batch(), Batch())
    /// Which of `batches` is the newest.
    @usableFromInline var newest = 0
}

@usableFromInline
struct Batch {
    @usableFromInline var start: SimTime = -1
    @usableFromInline var end: SimTime = -1
    @usableFromInline var transmissions: ContiguousArray<Transmission> = []
}

/// One transport block in the air.
@usableFromInline
struct Transmission {
    @usableFromInline var ueDir: Int32
    @usableFromInline var process: Int32
    @usableFromInline var firstPRB: Int32
    @usableFromInline var prbs: Int32
    /// Transmit power per PRB (mW).
    @usableFromInline var powerPerPRB: Double
    @usableFromInline var symbols: Int32
    @usableFromInline init(ueDir: Int32, process: Int32, firstPRB: Int32, prbs: Int32, powerPerPRB: Double, symbols: Int32) {
        self.ueDir = ueDir; self.process = process; self.firstPRB = firstPRB; self.prbs = prbs
        self.powerPerPRB = powerPerPRB; self.symbols = symbols
    }
}

/// A terminal: where it is, how it moves, which cell serves it.
@usableFromInline
struct Terminal {
    @usableFromInline let node: Int32
    @usableFromInline let gnb: Int32
    @usableFromInline var cell: Int32
    @usableFromInline var position: Position
    @usableFromInline let gainDBi: Double
    /// Next waypoint it drives to.
    @usableFromInline var waypoint: Int
    @usableFromInline let speed: Double
    @usableFromInline let txPowerMilliwatt: Double
    /// Thermal noise per PRB (mW) at its receiver, for its serving cell's subcarrier spacing.
    @usableFromInline var noisePerPRB: Double
    @usableFromInline let noiseFigureDB: Double
    /// Until then it neither sends nor receives (a handover).
    @usableFromInline var interruptedUntil: SimTime = 0
}

/// One direction of a terminal (index ue·2 + d, d = 0 downlink, 1 uplink).
@usableFromInline
struct TerminalDirection {
    /// Its logical channels, most urgent first: `channels[firstChannel ..< firstChannel + channelCount]`.
    @usableFromInline var firstChannel: Int32 = 0
    @usableFromInline var channelCount: Int32 = 0
    @usableFromInline var queuedFrames: Int32 = 0
    /// Bytes of its queued frames not yet placed in a transport block.
    @usableFromInline var queuedBytes: Int64 = 0
    /// HARQ processes waiting to send again (a retransmission or a repetition).
    @usableFromInline var pendingRetransmissions: Int32 = 0
    @usableFromInline var isActive = false
    /// Interference per PRB (mW) its transmissions met, averaged (see
    /// `Cells.interferenceSmoothing`), for its next CQI.
    @usableFromInline var lastInterference: Double = 0
    @usableFromInline var olla: OuterLoop
    /// The MCS link adaptation picks for one PRB, kept until its inputs change (a decode,
    /// a move, a handover); -1 when unknown.
    @usableFromInline var mcsEstimate: Int32 = -1
    /// Proportional fair: average throughput (bit/s) at `pfStamp`; round robin: when last served.
    @usableFromInline var pfAverage: Double = 0
    @usableFromInline var pfStamp: SimTime = 0
    @usableFromInline var lastServed: SimTime = -1
    // Uplink only: what the gNB knows of the terminal's buffer.
    /// When the gNB has a pending scheduling request (.max: none).
    @usableFromInline var srKnownAt: SimTime = .max
    /// Bytes the last buffer status report announced, less what was granted since; known from `knownAt`.
    @usableFromInline var knownBytes: Int64 = 0
    @usableFromInline var knownAt: SimTime = 0
    /// Uplink transport blocks in the air whose buffer status report is not yet decoded.
    @usableFromInline var reportsInFlight: Int32 = 0

    @usableFromInline init(olla: OuterLoop) { self.olla = olla }
}

/// A logical channel: the frames of one flow in one direction of one terminal.
@usableFromInline
struct LogicalChannel {
    @usableFromInline let ueDir: Int32
    @usableFromInline let priorityLevel: Int32
    /// Slice index in the serving cell (-1: none).
    @usableFromInline let slice: Int32
    /// Latency budget of the flow (.max: none), for earliest-deadline-first.
    @usableFromInline let deadline: SimTime
    /// Its configured grant (-1: dynamic grant).
    @usableFromInline let grant: Int32
}

/// A configured grant type 1 of an uplink logical channel (TS 38.214 §6.1.2.3). Its MCS
/// and PRBs follow the terminal's channel reports at each occasion, as if the gNB
/// reconfigured the grant at once (RRC would take longer): a grant fixed at start would
/// miss its target as interference and position change.
@usableFromInline
struct ConfiguredGrant {
    @usableFromInline let channel: Int32
    @usableFromInline let ueDir: Int32
    @usableFromInline let period: SimTime
    @usableFromInline let repetitions: Int32
    /// Room it gives: the flow's largest frame and its headers.
    @usableFromInline let bytes: Int64
}

/// A HARQ process of a terminal direction (TS 38.321 §5.3.2, §5.4.2).
@usableFromInline
struct HARQProcess {
    @usableFromInline enum State: UInt8 {
        /// Free from `readyAt` on (when the gNB knows the last outcome).
        case idle
        /// In the air.
        case sending
        /// Failed; may send again from `readyAt` (DL: NACK known; UL: decode failed).
        case retransmit
        /// A configured grant's bundle: the next repetition goes in the next uplink occasion.
        case repetition
    }
    @usableFromInline var state: State = .idle
    @usableFromInline var readyAt: SimTime = 0
    @usableFromInline var tbsBits: Int32 = 0
    @usableFromInline var mcs: Int32 = 0
    @usableFromInline var prbs: Int32 = 0
    @usableFromInline var attempts: Int32 = 0
    @usableFromInline var repetitionsLeft: Int32 = 0
    /// Transmissions allowed in all (repetitions and retransmissions).
    @usableFromInline var attemptLimit: Int32 = 1
    /// Sum of the linear SINRs of its transmissions (Chase combining).
    @usableFromInline var combined: Double = 0
    /// End of its first transmission, for the HARQ part of the latency.
    @usableFromInline var firstEnd: SimTime = 0
    @usableFromInline var frames: Int32 = 0
    /// Uplink: the buffer status report it carries (bytes left at the terminal).
    @usableFromInline var report: Int64 = 0
    /// Configured grant it belongs to (-1: dynamic).
    @usableFromInline var grant: Int32 = -1
    @usableFromInline var slice: Int32 = -1
    @usableFromInline init() {}
}

/// The radio link of a terminal to a cell: LOS state, shadowing and path loss.
@usableFromInline
struct RadioLinkState {
    @usableFromInline var los: Bool
    /// Normalized (unit variance) shadowing, scaled by the state's sigma.
    @usableFromInline var shadow: ShadowFading
    /// Antenna gains less path loss and shadowing, linear.
    @usableFromInline var gain: Double
}
