import ArgumentParser
import Models
import Scenario

struct NRPathLossCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pathloss",
        abstract: "Path loss, LOS probability, shadowing (TR 38.901).",
        discussion: """
            TR 38.901 InF and InH: LOS and NLOS path loss by Table 7.4.1-1 (with its
            max() floors), LOS probability by Table 7.4.2-1 from the clutter (Table 7.2-4
            values unless given), shadow-fading sigma of each state (shadow_fading_db is
            the LOS one). Example:

              fnsim nr pathloss --scenario InF-DH --frequency 3.7GHz --distance 40m
              fnsim nr pathloss --scenario InF-SL --frequency 28GHz --distance 100m \\
                  --format json
            """)

    @Option(help: "InF-SL, InF-DL, InF-SH, InF-DH, InF-HH or InH.") var scenario: String
    @Option(help: "Carrier frequency, e.g. 3.7GHz.") var frequency: String
    @Option(help: "Horizontal distance, e.g. 40m.") var distance: String
    @Option(name: .customLong("bs-height"), help: "Base-station antenna height (default: the scenario's).") var bsHeight: String?
    @Option(name: .customLong("ue-height"), help: "Terminal antenna height (default: the scenario's).") var ueHeight: String?
    @Option(name: .customLong("clutter-density"), help: "Clutter density r, e.g. 0.4.") var density: Double?
    @Option(name: .customLong("clutter-size"), help: "Clutter size, e.g. 2m.") var clutterSize: String?
    @Option(name: .customLong("clutter-height"), help: "Clutter height, e.g. 6m.") var clutterHeight: String?
    @Option(help: "table or json.") var format: CalculatorFormat = .table

    func validate() throws { _ = try inputs() }

    func inputs() throws -> (PropagationScenario, Double, Double, Double, Double, Clutter) {
        let s: PropagationScenario = try choice(scenario, "scenario")
        let f = try quantity(frequency, .frequency, "frequency")
        guard f >= 0.5e9 && f <= 100e9 else { throw ValidationError("--frequency must be within 0.5…100 GHz (TR 38.901)") }
        let d = try quantity(distance, .length, "distance")
        let heights = s.typicalHeights
        let bs = try bsHeight.map { try quantity($0, .length, "bs-height") } ?? heights.bs
        let ue = try ueHeight.map { try quantity($0, .length, "ue-height") } ?? heights.ue
        var c = Clutter.typical(s)
        if let density {
            // ln(1 − r) in the LOS probability: r = 1 would be a wall.
            guard density >= 0 && density < 1 else { throw ValidationError("--clutter-density must be within 0…1, below 1") }
            c.density = density
        }
        if let clutterSize {
            c.size = try quantity(clutterSize, .length, "clutter-size")
            guard c.size > 0 else { throw ValidationError("--clutter-size must be greater than zero") }
        }
        if let clutterHeight { c.height = try quantity(clutterHeight, .length, "clutter-height") }
        try checkHeights(s, bs: bs, ue: ue)
        return (s, f, d, bs, ue, c)
    }

    func run() async throws {
        let (s, f, d, bs, ue, c) = try inputs()
        let p = Propagation(scenario: s, carrierGHz: f / 1e9, clutter: c)
        let d3 = (d * d + (bs - ue) * (bs - ue)).squareRoot()
        Figure.print([
            Figure("distance_3d_m", "3D distance (m)", d3),
            Figure("pathloss_los_db", "path loss LOS (dB)", p.pathLossLOS(distance3D: d3)),
            Figure("pathloss_nlos_db", "path loss NLOS (dB)", p.pathLossNLOS(distance3D: d3)),
            Figure("los_probability", "LOS probability", p.losProbability(distance2D: d, bsHeight: bs, ueHeight: ue)),
            Figure("shadow_fading_db", "shadow fading sigma LOS (dB)", p.shadowFadingSigma(los: true)),
            Figure("shadow_fading_nlos_db", "shadow fading sigma NLOS (dB)", p.shadowFadingSigma(los: false)),
        ], format)
    }
}

/// InF-SH and InF-DH put the base station above the terminal (TR 38.901 §7.2); their LOS
/// probability scales with the height difference.
func checkHeights(_ s: PropagationScenario, bs: Double, ue: Double) throws {
    if (s == .infSH || s == .infDH) && bs <= ue {
        throw ValidationError("--bs-height (\(bs) m) must be above --ue-height (\(ue) m) in \(s.rawValue)")
    }
}
