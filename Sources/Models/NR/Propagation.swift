import Foundation

/// A 3GPP TR 38.901 indoor scenario: the indoor-factory sub-scenarios of Table 7.2-4
/// (sparse or dense clutter, low or high base station) and the indoor office.
public enum PropagationScenario: String, Sendable, CaseIterable {
    /// Indoor factory, sparse clutter, base station below the clutter.
    case infSL = "InF-SL"
    /// Indoor factory, dense clutter, base station below the clutter.
    case infDL = "InF-DL"
    /// Indoor factory, sparse clutter, base station above the clutter.
    case infSH = "InF-SH"
    /// Indoor factory, dense clutter, base station above the clutter.
    case infDH = "InF-DH"
    /// Indoor factory, transmitter and receiver both above the clutter (always LOS).
    case infHH = "InF-HH"
    /// Indoor hotspot office (InH, mixed office for the LOS probability).
    case inhOffice = "InH"

    /// One of the four InF sub-scenarios whose LOS probability depends on the clutter.
    var usesClutter: Bool { self == .infSL || self == .infDL || self == .infSH || self == .infDH }
}

/// The clutter of a factory hall (TR 38.901 §7.2, Table 7.2-4): the machines and shelves
/// between base station and device.
public struct Clutter: Sendable, Equatable {
    /// Clutter density r, the share of the hall's area the clutter covers, as a fraction
    /// in 0..<1 (not in percent).
    public var density: Double
    /// Typical clutter size d_clutter in metres.
    public var size: Double
    /// Effective clutter height h_c in metres.
    public var height: Double

    /// Clutter of the given density (a fraction), size and height (metres).
    public init(density: Double, size: Double, height: Double) {
        self.density = density
        self.size = size
        self.height = height
    }

    /// The clutter TR 38.901 evaluates each sub-scenario with (Table 7.8-7, within the
    /// ranges of Table 7.2-4): sparse r = 0.2, d = 10 m, h_c = 2 m; dense r = 0.6,
    /// d = 2 m, h_c = 6 m. InF-HH and the office have no clutter parameters (their LOS
    /// probability does not use them); they get zero clutter.
    public static func typical(_ s: PropagationScenario) -> Clutter {
        switch s {
        case .infSL, .infSH: return Clutter(density: 0.20, size: 10, height: 2)
        case .infDL, .infDH: return Clutter(density: 0.60, size: 2, height: 6)
        case .infHH, .inhOffice: return Clutter(density: 0, size: 0, height: 0)
        }
    }
}

/// Large-scale propagation of TR 38.901 for one scenario and carrier: path loss (Table
/// 7.4.1-1), LOS probability (Table 7.4.2-1), shadow-fading spread and the correlation
/// distances of shadowing and LOS state. A value: every link computes from its own
/// distance, nothing is cached between calls.
///
/// Distances outside `validDistance` (1...600 m InF, 1...150 m InH) are clamped to it
/// before the path loss is computed: closer than 1 m counts as 1 m, farther as the limit.
public struct Propagation: Sendable {
    /// The TR 38.901 scenario.
    public let scenario: PropagationScenario
    /// Carrier frequency in GHz (TR 38.901 covers 0.5...100 GHz).
    public let carrierGHz: Double
    /// The hall's clutter (used by the LOS probability and correlation of InF-SL/DL/SH/DH).
    public let clutter: Clutter
    /// 19·log10(fc) and 20·log10(fc) (24.9·log10(fc) for the office NLOS), fixed per carrier.
    let losFrequencyTerm: Double
    let nlosFrequencyTerm: Double

    /// The model for `scenario` at `carrierGHz`; `clutter` nil takes `Clutter.typical`.
    public init(scenario: PropagationScenario, carrierGHz: Double, clutter: Clutter? = nil) {
        precondition(carrierGHz >= 0.5 && carrierGHz <= 100,
                     "TR 38.901 covers carriers of 0.5...100 GHz, not \(carrierGHz) GHz")
        let c = clutter ?? Clutter.typical(scenario)
        if scenario.usesClutter {
            // Density as a fraction: 20 (percent) inside ln(1 − r) would be NaN.
            precondition(c.density >= 0 && c.density < 1, "clutter density is a fraction in 0..<1, not \(c.density)")
            precondition(c.size > 0, "clutter size must be positive")
        }
        self.scenario = scenario
        self.carrierGHz = carrierGHz
        self.clutter = c
        let lf = log10(carrierGHz)
        switch scenario {
        case .inhOffice:
            losFrequencyTerm = 20 * lf
            nlosFrequencyTerm = 24.9 * lf
        default:
            losFrequencyTerm = 19 * lf
            nlosFrequencyTerm = 20 * lf
        }
    }

    /// Distances for which Table 7.4.1-1 gives the path loss, in metres.
    public var validDistance: ClosedRange<Double> { scenario == .inhOffice ? 1...150 : 1...600 }

    /// LOS path loss in dB at a 3D distance in metres (TR 38.901 Table 7.4.1-1).
    public func pathLossLOS(distance3D: Double) -> Double {
        let ld = log10(clampedDistance(distance3D))
        switch scenario {
        case .inhOffice: return 32.4 + 17.3 * ld + losFrequencyTerm
        default: return 31.84 + 21.50 * ld + losFrequencyTerm
        }
    }

    /// NLOS path loss in dB at a 3D distance in metres (TR 38.901 Table 7.4.1-1): the
    /// NLOS formula floored by the LOS value, and for InF-DL also by the InF-SL NLOS
    /// value. InF-HH has no NLOS state and returns the LOS value.
    public func pathLossNLOS(distance3D: Double) -> Double {
        let ld = log10(clampedDistance(distance3D))
        let los = pathLossLOS(distance3D: distance3D)
        switch scenario {
        case .infSL: return max(los, 33.0 + 25.5 * ld + nlosFrequencyTerm)
        case .infDL:
            let sl = 33.0 + 25.5 * ld + nlosFrequencyTerm
            return max(los, sl, 18.6 + 35.7 * ld + nlosFrequencyTerm)
        case .infSH: return max(los, 32.4 + 23.0 * ld + nlosFrequencyTerm)
        case .infDH: return max(los, 33.63 + 21.9 * ld + nlosFrequencyTerm)
        case .infHH: return los
        case .inhOffice: return max(los, 17.30 + 38.3 * ld + nlosFrequencyTerm)
        }
    }

    /// Path loss in dB for the given LOS state.
    public func pathLoss(distance3D: Double, los: Bool) -> Double {
        los ? pathLossLOS(distance3D: distance3D) : pathLossNLOS(distance3D: distance3D)
    }

    /// Probability that a device at horizontal distance `distance2D` (m) sees the base
    /// station (TR 38.901 Table 7.4.2-1). InF-SL/DL: exp(−d/k) with k = −d_clutter/ln(1−r);
    /// InF-SH/DH: k scaled by (hBS − hUT)/(hc − hUT); InF-HH: 1; office (mixed): 1 up
    /// to 1.2 m, exp(−(d−1.2)/4.7) below 6.5 m, 0.32·exp(−(d−6.5)/32.6) beyond. Heights
    /// in metres are used by InF-SH/DH only.
    public func losProbability(distance2D: Double, bsHeight: Double, ueHeight: Double) -> Double {
        let d = max(distance2D, 0)
        switch scenario {
        case .infSL, .infDL:
            return exp(-d / clutterScale)
        case .infSH, .infDH:
            precondition(bsHeight > ueHeight, "InF-SH/DH put the base station above the device")
            // A device at or above the clutter sees the elevated base station, as in InF-HH.
            guard ueHeight < clutter.height else { return 1 }
            return exp(-d / (clutterScale * (bsHeight - ueHeight) / (clutter.height - ueHeight)))
        case .infHH:
            return 1
        case .inhOffice:
            if d <= 1.2 { return 1 }
            if d < 6.5 { return exp(-(d - 1.2) / 4.7) }
            return 0.32 * exp(-(d - 6.5) / 32.6)
        }
    }

    /// k = −d_clutter / ln(1 − r), infinite without clutter (r = 0: always LOS).
    var clutterScale: Double {
        clutter.density > 0 ? -clutter.size / log1p(-clutter.density) : .infinity
    }

    /// Standard deviation of the log-normal shadow fading in dB (TR 38.901 Table 7.4.1-1):
    /// InF LOS 4.3, NLOS SL 5.7, DL 7.2, SH 5.9, DH 4.0 (HH: LOS only); office LOS 3, NLOS 8.03.
    public func shadowFadingSigma(los: Bool) -> Double {
        switch scenario {
        case .inhOffice: return los ? 3.0 : 8.03
        case .infHH: return 4.3
        default:
            if los { return 4.3 }
            switch scenario {
            case .infSL: return 5.7
            case .infDL: return 7.2
            case .infSH: return 5.9
            default: return 4.0  // InF-DH
            }
        }
    }

    /// Correlation distance of the shadow fading in metres for the LOS state (TR 38.901
    /// Table 7.5-6): InF 10 m in either state; office 10 m LOS, 6 m NLOS.
    public func shadowCorrelationDistance(los: Bool) -> Double {
        scenario == .inhOffice && !los ? 6 : 10
    }

    /// Shadow-fading correlation distance in metres in the LOS state (10 m for every
    /// scenario here); for the office NLOS state use `shadowCorrelationDistance(los:)` (6 m).
    public var shadowCorrelationDistance: Double { shadowCorrelationDistance(los: true) }

    /// Correlation distance of the LOS state in metres (TR 38.901 §7.6.3.3, Table
    /// 7.6.3.1-2): InF d_clutter/2; office 10 m; InF-HH infinite (always LOS, never redrawn).
    public var losCorrelationDistance: Double {
        switch scenario {
        case .infHH: return .infinity
        case .inhOffice: return 10
        default: return clutter.size / 2
        }
    }

    func clampedDistance(_ d: Double) -> Double {
        min(max(d, validDistance.lowerBound), validDistance.upperBound)
    }
}
