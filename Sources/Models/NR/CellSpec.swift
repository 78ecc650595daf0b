import Kernel

/// A point in the hall, in metres (x, y on the floor; z above it).
public struct Position: Sendable, Equatable {
    public var x: Double, y: Double, z: Double
    public init(x: Double, y: Double, z: Double) { self.x = x; self.y = y; self.z = z }

    public func distance2D(_ o: Position) -> Double { ((x - o.x) * (x - o.x) + (y - o.y) * (y - o.y)).squareRoot() }
    public func distance3D(_ o: Position) -> Double {
        let h = distance2D(o)
        return (h * h + (z - o.z) * (z - o.z)).squareRoot()
    }
}

/// The radio environment of a plant's cells: one hall, one TR 38.901 scenario.
public struct RadioEnvironment: Sendable, Equatable {
    public var scenario: PropagationScenario
    /// Clutter of the hall (TR 38.901 Table 7.2-4); nil takes the scenario's typical values.
    public var clutter: Clutter?
    /// Length, width and height of the hall in metres.
    public var hall: Position
    /// Rayleigh block fading: the wanted signal's power of each transmission is scaled by
    /// an exponential draw of mean 1 (small-scale fading, constant over a transmission).
    public var blockFading: Bool
    /// How often moving terminals update their position, path loss and serving cell.
    public var mobilityStep: SimTime
    /// Loss of the LDPC decoder against the finite-blocklength bound (see `BLERModel`).
    public var implementationLossDB: Double

    public init(scenario: PropagationScenario, clutter: Clutter? = nil, hall: Position = Position(x: 120, y: 60, z: 10),
                blockFading: Bool = false, mobilityStep: SimTime = 100 * Time.millisecond,
                implementationLossDB: Double = 1.0) {
        self.scenario = scenario
        self.clutter = clutter
        self.hall = hall
        self.blockFading = blockFading
        self.mobilityStep = mobilityStep
        self.implementationLossDB = implementationLossDB
    }
}

extension PropagationScenario {
    /// Base-station and terminal antenna heights in metres (TR 38.901 Table 7.8-7; InH:
    /// 3 m and 1 m; InF-HH, both above the clutter: 8 m each, an assumption), used when a
    /// scenario gives none.
    public var typicalHeights: (bs: Double, ue: Double) {
        switch self {
        case .infSH, .infDH: (8, 1.5)
        case .infHH: (8, 8)
        case .inhOffice: (3, 1)
        case .infSL, .infDL: (1.5, 1.5)
        }
    }

    /// The hall of the scenario's calibration (TR 38.901 Table 7.8-7; InH: a 120 m × 50 m
    /// floor, 3 m high).
    public var typicalHall: Position {
        switch self {
        case .infSL, .infDH: Position(x: 120, y: 60, z: 10)
        case .infDL, .infSH, .infHH: Position(x: 300, y: 150, z: 10)
        case .inhOffice: Position(x: 120, y: 50, z: 3)
        }
    }
}

/// How a cell orders the terminals that have data in one direction.
public enum RadioScheduler: String, Sendable, Equatable, CaseIterable {
    /// Least recently served first.
    case roundRobin = "rr"
    /// Highest ratio of the rate it could get now to its average throughput.
    case proportionalFair = "pf"
    /// Earliest deadline of the frame at the head of its buffer first.
    case earliestDeadline = "edf"
}

/// A slice of a cell: a share of its PRBs kept for the flows that name it, first in every
/// occasion; what the slice does not use goes to everyone.
public struct SliceSpec: Sendable, Equatable {
    public var name: String
    /// Share of the cell's PRBs reserved, 0...1.
    public var share: Double
    /// Target BLER of the slice's transmissions (nil: the cell's).
    public var blerTarget: Double?
    public init(name: String, share: Double, blerTarget: Double? = nil) {
        self.name = name
        self.share = share
        self.blerTarget = blerTarget
    }
}

/// One NR cell of a gNB: its carrier, frame structure, radio and MAC configuration.
public struct CellSpec: Sendable, Equatable {
    public var name: String
    /// The gNB node the cell belongs to (frames of its terminals enter the wired plant there).
    public var node: Int
    public var position: Position
    public var carrierHz: Double
    public var bandwidthHz: Double
    public var numerology: Numerology
    /// Resource blocks of the carrier (TS 38.101-1/-2 Table 5.3.2-1).
    public var prbs: Int
    public var pattern: TDDPattern
    /// Symbols of a non-slot transmission (mapping type B: 2, 4 or 7), nil for slots.
    public var miniSlot: Int?
    public var txPowerDBm: Double
    public var antennaGainDBi: Double
    public var noiseFigureDB: Double
    public var scheduler: RadioScheduler
    public var mcsTable: MCSTable
    public var cqiTable: CQITable
    /// Target BLER of first transmissions (link adaptation and its outer loop).
    public var blerTarget: Double
    public var harqProcesses: Int
    /// Retransmissions after the first transmission before the transport block is lost.
    public var maxRetransmissions: Int
    public var capability: UECapability
    public var processing: RadioProcessing
    /// Scheduling-request period in symbols (nil: every uplink symbol).
    public var srPeriodSymbols: Int?
    /// Size of the first uplink grant after a scheduling request, before a buffer report.
    public var srGrantBytes: Int
    /// DM-RS resource elements per PRB and other overhead per PRB (TS 38.214 §5.1.3.2).
    public var dmrsPerPRB: Int
    public var overheadPerPRB: Int
    public var layers: Int
    /// Time a terminal can neither send nor receive when it changes cell.
    public var handoverInterruption: SimTime
    public var hysteresisDB: Double
    public var slices: [SliceSpec]
    /// Uplink power control (TS 38.213 §7.1.1): a terminal sends min(Pmax, P0 + 10·log10(M)
    /// + α·PL) over M PRBs; P0 per PRB in dBm, α the share of path loss compensated.
    public var ulP0DBm: Double = -95
    public var ulAlpha: Double = 1

    public init(name: String, node: Int, position: Position, carrierHz: Double, bandwidthHz: Double,
                numerology: Numerology, prbs: Int, pattern: TDDPattern, miniSlot: Int? = nil,
                txPowerDBm: Double = 24, antennaGainDBi: Double = 5, noiseFigureDB: Double = 7,
                scheduler: RadioScheduler = .proportionalFair, mcsTable: MCSTable = .qam256,
                cqiTable: CQITable = .table2, blerTarget: Double = 0.1, harqProcesses: Int = 16,
                maxRetransmissions: Int = 3, capability: UECapability = .one, processing: RadioProcessing,
                srPeriodSymbols: Int? = nil, srGrantBytes: Int = 256, dmrsPerPRB: Int = 12, overheadPerPRB: Int = 0,
                layers: Int = 1, handoverInterruption: SimTime = 30 * Time.millisecond, hysteresisDB: Double = 3,
                slices: [SliceSpec] = []) {
        self.name = name
        self.node = node
        self.position = position
        self.carrierHz = carrierHz
        self.bandwidthHz = bandwidthHz
        self.numerology = numerology
        self.prbs = prbs
        self.pattern = pattern
        self.miniSlot = miniSlot
        self.txPowerDBm = txPowerDBm
        self.antennaGainDBi = antennaGainDBi
        self.noiseFigureDB = noiseFigureDB
        self.scheduler = scheduler
        self.mcsTable = mcsTable
        self.cqiTable = cqiTable
        self.blerTarget = blerTarget
        self.harqProcesses = harqProcesses
        self.maxRetransmissions = maxRetransmissions
        self.capability = capability
        self.processing = processing
        self.srPeriodSymbols = srPeriodSymbols
        self.srGrantBytes = srGrantBytes
        self.dmrsPerPRB = dmrsPerPRB
        self.overheadPerPRB = overheadPerPRB
        self.layers = layers
        self.handoverInterruption = handoverInterruption
        self.hysteresisDB = hysteresisDB
        self.slices = slices
    }
}

/// A terminal (UE): a station node with a radio, fixed or moving along waypoints.
public struct UESpec: Sendable, Equatable {
    public var name: String
    public var node: Int
    /// The gNB node whose cells serve it; it attaches to the strongest of them.
    public var gnb: Int
    /// Where it starts; with a path, the first waypoint.
    public var position: Position
    /// Waypoints it drives through in a loop at `speed` (empty: it stays put).
    public var path: [Position]
    /// Metres per second.
    public var speed: Double
    public var txPowerDBm: Double
    public var antennaGainDBi: Double
    public var noiseFigureDB: Double

    public init(name: String, node: Int, gnb: Int, position: Position, path: [Position] = [], speed: Double = 0,
                txPowerDBm: Double = 23, antennaGainDBi: Double = 0, noiseFigureDB: Double = 9) {
        self.name = name
        self.node = node
        self.gnb = gnb
        self.position = position
        self.path = path
        self.speed = speed
        self.txPowerDBm = txPowerDBm
        self.antennaGainDBi = antennaGainDBi
        self.noiseFigureDB = noiseFigureDB
    }

    public var moves: Bool { path.count >= 2 && speed > 0 }
}

/// How a flow's frames use the radio.
public struct FlowRadio: Sendable, Equatable {
    public enum Access: Sendable, Equatable {
        /// Scheduling request, grant, buffer status report (TS 38.321 §5.4.4, §5.4.5).
        case dynamic
        /// Configured grant type 1 (TS 38.214 §6.1.2.3): an occasion every `period`
        /// (0: every uplink occasion) sized for the flow's largest frame, sent
        /// `repetitions` times in consecutive uplink occasions.
        case configured(period: SimTime, repetitions: Int)
    }
    public var access: Access
    /// 5QI priority level (TS 23.501 Table 5.7.4-1): lower is served first.
    public var priorityLevel: Int
    /// Index into the serving cell's slices, by name (nil: none).
    public var slice: String?

    public init(access: Access = .dynamic, priorityLevel: Int = 90, slice: String? = nil) {
        self.access = access
        self.priorityLevel = priorityLevel
        self.slice = slice
    }
}
