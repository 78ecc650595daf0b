import Foundation
import Kernel

/// The radio budget of one terminal at one distance from one cell, alone on the carrier:
/// path loss (TR 38.901), SNR over the carrier or its allocation, the CQI it would report
/// (TS 38.214 §5.2.2.1), the MCS link adaptation picks for a target BLER, and the rate of
/// one transport block per data occasion with every PRB (`fnsim nr linkbudget`).
public struct PointBudget: Sendable {
    public struct Input: Sendable {
        public var scenario: PropagationScenario
        public var carrierHz: Double
        public var distance2D: Double
        public var bsHeight: Double
        public var ueHeight: Double
        public var clutter: Clutter?
        /// nil: the more probable state at this distance.
        public var los: Bool?
        public var numerology: Numerology
        public var prbs: Int
        public var pattern: TDDPattern
        public var miniSlot: Int?
        public var direction: LinkDirection
        public var bsPowerDBm: Double
        public var uePowerDBm: Double
        public var bsGainDBi: Double
        public var ueGainDBi: Double
        public var bsNoiseFigureDB: Double
        public var ueNoiseFigureDB: Double
        public var mcsTable: MCSTable
        public var cqiTable: CQITable
        public var blerTarget: Double
        public var layers: Int

        public init(scenario: PropagationScenario, carrierHz: Double, distance2D: Double, bsHeight: Double,
                    ueHeight: Double, clutter: Clutter? = nil, los: Bool? = nil, numerology: Numerology, prbs: Int,
                    pattern: TDDPattern = .fdd, miniSlot: Int? = nil, direction: LinkDirection = .downlink,
                    bsPowerDBm: Double = 24, uePowerDBm: Double = 23, bsGainDBi: Double = 5, ueGainDBi: Double = 0,
                    bsNoiseFigureDB: Double = 7, ueNoiseFigureDB: Double = 9, mcsTable: MCSTable = .qam256,
                    cqiTable: CQITable = .table2, blerTarget: Double = 0.1, layers: Int = 1) {
            self.scenario = scenario; self.carrierHz = carrierHz; self.distance2D = distance2D
            self.bsHeight = bsHeight; self.ueHeight = ueHeight; self.clutter = clutter; self.los = los
            self.numerology = numerology; self.prbs = prbs; self.pattern = pattern; self.miniSlot = miniSlot
            self.direction = direction; self.bsPowerDBm = bsPowerDBm; self.uePowerDBm = uePowerDBm
            self.bsGainDBi = bsGainDBi; self.ueGainDBi = ueGainDBi; self.bsNoiseFigureDB = bsNoiseFigureDB
            self.ueNoiseFigureDB = ueNoiseFigureDB; self.mcsTable = mcsTable; self.cqiTable = cqiTable
            self.blerTarget = blerTarget; self.layers = layers
        }
    }

    public let losProbability: Double
    public let los: Bool
    public let pathLossDB: Double
    public let receivedPowerPerPRBDBm: Double
    public let noisePerPRBDBm: Double
    public let snrDB: Double
    public let cqi: Int
    /// -1 when even MCS 0 misses the target.
    public let mcs: Int
    /// Bits per second: the TBS of every occasion of the direction, per second.
    public let rateBitsPerSecond: Double

    public init(_ i: Input) {
        let propagation = Propagation(scenario: i.scenario, carrierGHz: i.carrierHz / 1e9, clutter: i.clutter)
        let d3 = (i.distance2D * i.distance2D + (i.bsHeight - i.ueHeight) * (i.bsHeight - i.ueHeight)).squareRoot()
        losProbability = propagation.losProbability(distance2D: i.distance2D, bsHeight: i.bsHeight, ueHeight: i.ueHeight)
        los = i.los ?? (losProbability >= 0.5)
        pathLossDB = los ? propagation.pathLossLOS(distance3D: d3) : propagation.pathLossNLOS(distance3D: d3)
        let downlink = i.direction == .downlink
        // The gNB spreads its power over the carrier; the terminal over all of it too, as a
        // saturated uplink would.
        let power = LinkBudget.powerPerPRBDBm(totalDBm: downlink ? i.bsPowerDBm : i.uePowerDBm, prbs: i.prbs)
        receivedPowerPerPRBDBm = LinkBudget.receivedPowerDBm(txPowerDBm: power, txGainDBi: i.bsGainDBi,
                                                             rxGainDBi: i.ueGainDBi, pathLossDB: pathLossDB, shadowDB: 0)
        let scs = Double(i.numerology.subcarrierSpacingKHz) * 1000
        noisePerPRBDBm = LinkBudget.thermalNoiseDBm(bandwidthHz: 12 * scs,
                                                    noiseFigureDB: downlink ? i.ueNoiseFigureDB : i.bsNoiseFigureDB)
        snrDB = receivedPowerPerPRBDBm - noisePerPRBDBm
        let model = BLERModel(table: i.mcsTable)
        let mapper = CQIMapper(table: i.cqiTable)
        cqi = mapper.channelQuality(sinrDB: snrDB)
        let reported = cqi > 0 ? mapper.thresholdsDB[cqi - 1] : -Double.infinity
        let chosen = cqi > 0 ? model.selectMCS(sinrDB: reported, tbs: 1024, target: i.blerTarget) : -1
        mcs = cqi > 0 && model.bler(mcs: chosen, tbs: 1024, sinrDB: reported) <= i.blerTarget ? chosen : -1
        var bits = 0.0
        if mcs >= 0 {
            for o in i.pattern.occasions(i.direction, miniSlot: i.miniSlot) {
                bits += Double(TransportBlock.size(prbs: i.prbs, symbols: Int(o.symbols), dmrsPerPRB: 12, overhead: 0,
                                                   modulationOrder: i.mcsTable.modulationOrder(mcs),
                                                   codeRate: i.mcsTable.codeRate(mcs), layers: i.layers))
            }
        }
        let period = Time.seconds(i.numerology.slotDuration) * Double(i.pattern.periodSlots)
        rateBitsPerSecond = bits / period
    }
}
