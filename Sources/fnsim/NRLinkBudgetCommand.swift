import ArgumentParser
import Models
import Scenario

struct NRLinkBudgetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "linkbudget",
        abstract: "One terminal's path loss, SNR, CQI, MCS and rate.",
        discussion: """
            A terminal alone with one cell: TR 38.901 path loss (LOS or NLOS: the more
            probable state unless --state says), the received power and thermal noise
            per PRB (power spread evenly over the carrier), the CQI the terminal would
            report (TS 38.214 §5.2.2.1), the MCS link adaptation picks for the BLER
            target, and the rate of one transport block of every PRB per data occasion
            of the direction. Example:

              fnsim nr linkbudget --scenario InF-SL --frequency 3.7GHz --distance 60m \\
                  --bandwidth 100MHz
              fnsim nr linkbudget --scenario InF-DH --frequency 3.7GHz --distance 30m \\
                  --bandwidth 40MHz --scs 30kHz --tdd DDDSU --direction uplink \\
                  --format json
            """)

    @Option(help: "InF-SL, InF-DL, InF-SH, InF-DH, InF-HH or InH.") var scenario: String
    @Option(help: "Carrier frequency, e.g. 3.7GHz.") var frequency: String
    @Option(help: "Horizontal distance, e.g. 60m.") var distance: String
    @Option(help: "Channel bandwidth, e.g. 100MHz.") var bandwidth: String
    @Option(help: "Subcarrier spacing, e.g. 30kHz.") var scs: String = "30kHz"
    @Option(help: "FDD, DDDSU, … (see the scenario key 'tdd').") var tdd: String = "FDD"
    @Option(name: .customLong("mini-slot"), help: "Mini-slot length in symbols (2, 4 or 7).") var miniSlot: Int?
    @Option(help: "downlink or uplink.") var direction: String = "downlink"
    @Option(help: "los, nlos, or auto (the more probable).") var state: String = "auto"
    @Option(name: .customLong("bs-height"), help: "Base-station antenna height.") var bsHeight: String?
    @Option(name: .customLong("ue-height"), help: "Terminal antenna height.") var ueHeight: String?
    // Powers and gains may be negative (-10dBm): read the next argument even if it starts with '-'.
    @Option(name: .customLong("bs-power"), parsing: .unconditional, help: "gNB transmit power.")
    var bsPower: String = "24dBm"
    @Option(name: .customLong("ue-power"), parsing: .unconditional, help: "Terminal transmit power.")
    var uePower: String = "23dBm"
    @Option(name: .customLong("bs-gain"), parsing: .unconditional, help: "gNB antenna gain.")
    var bsGain: String = "5dBi"
    @Option(name: .customLong("ue-gain"), parsing: .unconditional, help: "Terminal antenna gain.")
    var ueGain: String = "0dBi"
    @Option(name: .customLong("bs-noise-figure"), help: "gNB noise figure.") var bsNoise: String = "7dB"
    @Option(name: .customLong("ue-noise-figure"), help: "Terminal noise figure.") var ueNoise: String = "9dB"
    @Option(name: .customLong("mcs-table"), help: "qam64, qam256 or qam64lowse.") var mcsTable: String = "qam256"
    @Option(name: .customLong("cqi-table"), help: "table1, table2 or table3.") var cqiTable: String = "table2"
    @Option(name: .customLong("bler-target"), help: "Target BLER, e.g. 0.1.") var blerTarget: Double = 0.1
    @Option(help: "table or json.") var format: CalculatorFormat = .table

    func validate() throws { _ = try input() }

    func input() throws -> PointBudget.Input {
        let s: PropagationScenario = try choice(scenario, "scenario")
        let f = try quantity(frequency, .frequency, "frequency")
        guard let range = FrequencyRange(carrierHz: f) else {
            throw ValidationError("--frequency must lie in FR1 (410 MHz–7.125 GHz) or FR2 (24.25–71 GHz)")
        }
        guard f >= 0.5e9 else { throw ValidationError("--frequency must be at least 500MHz (TR 38.901 covers 0.5…100 GHz)") }
        let spacing = try quantity(scs, .frequency, "scs")
        guard let numerology = Numerology(subcarrierSpacingKHz: Int(spacing / 1000)) else {
            throw ValidationError("--scs must be 15kHz, 30kHz, 60kHz or 120kHz")
        }
        let bw = try quantity(bandwidth, .frequency, "bandwidth") / 1e6
        guard bw == bw.rounded(), let prbs = CarrierBandwidth.resourceBlocks(
            bandwidthMHz: Int(bw), subcarrierSpacingKHz: numerology.subcarrierSpacingKHz, range: range) else {
            let valid = CarrierBandwidth.validBandwidthsMHz(subcarrierSpacingKHz: numerology.subcarrierSpacingKHz, range: range)
            throw ValidationError("--bandwidth: valid at \(scs) are " + valid.map { "\($0)MHz" }.joined(separator: ", "))
        }
        let pattern: TDDPattern
        do { pattern = try TDDPattern.parse(tdd, special: nil) } catch { throw ValidationError("--tdd: \(error.description)") }
        if let e = pattern.periodError(numerology) { throw ValidationError("--tdd: \(e)") }
        if let e = TDDPattern.miniSlotError(miniSlot) { throw ValidationError("--mini-slot: \(e)") }
        let d: LinkDirection = try choice(direction, "direction")
        guard ["auto", "los", "nlos"].contains(state) else { throw ValidationError("--state must be auto, los or nlos") }
        guard blerTarget > 0 && blerTarget < 1 else { throw ValidationError("--bler-target must be within (0, 1)") }
        let heights = s.typicalHeights
        let bs = try bsHeight.map { try quantity($0, .length, "bs-height") } ?? heights.bs
        let ue = try ueHeight.map { try quantity($0, .length, "ue-height") } ?? heights.ue
        try checkHeights(s, bs: bs, ue: ue)
        return PointBudget.Input(
            scenario: s, carrierHz: f, distance2D: try quantity(distance, .length, "distance"),
            bsHeight: bs, ueHeight: ue,
            los: state == "auto" ? nil : state == "los", numerology: numerology, prbs: prbs, pattern: pattern,
            miniSlot: miniSlot, direction: d, bsPowerDBm: try quantity(bsPower, .power, "bs-power"),
            uePowerDBm: try quantity(uePower, .power, "ue-power"), bsGainDBi: try quantity(bsGain, .gain, "bs-gain"),
            ueGainDBi: try quantity(ueGain, .gain, "ue-gain"), bsNoiseFigureDB: try quantity(bsNoise, .gain, "bs-noise-figure"),
            ueNoiseFigureDB: try quantity(ueNoise, .gain, "ue-noise-figure"), mcsTable: try choice(mcsTable, "mcs-table"),
            cqiTable: try choice(cqiTable, "cqi-table"), blerTarget: blerTarget)
    }

    func run() async throws {
        let i = try input()
        let b = PointBudget(i)
        Figure.print([
            Figure("prbs", "PRBs", int: i.prbs),
            Figure("los_probability", "LOS probability", b.losProbability),
            Figure("state", "state", text: b.los ? "LOS" : "NLOS"),
            Figure("pathloss_db", "path loss (dB)", b.pathLossDB),
            Figure("received_per_prb_dbm", "received power per PRB (dBm)", b.receivedPowerPerPRBDBm),
            Figure("noise_per_prb_dbm", "noise per PRB (dBm)", b.noisePerPRBDBm),
            Figure("sinr_db", "SINR alone (dB)", b.snrDB),
            Figure("cqi", "CQI", int: b.cqi),
            Figure("mcs", "MCS (-1: none)", int: b.mcs),
            Figure("rate_bps", "rate (bit/s)", b.rateBitsPerSecond),
        ], format)
    }
}
