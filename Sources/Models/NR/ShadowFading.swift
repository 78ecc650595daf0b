import CGSL
import Foundation
import Kernel

/// Spatially correlated log-normal shadow fading of one (device, cell) link, updated as
/// the device moves (TR 38.901 §7.6.3.1; Gudmundson's exponential autocorrelation
/// R(Δx) = exp(−Δx/d_corr), TR 38.901 eq. 7.4-5). A value type: each link owns one.
///
/// The update is the first-order autoregression that has exactly that autocorrelation
/// and keeps the marginal N(0, σ²): after a move of Δx, ρ = exp(−Δx/d_corr) and
/// new = ρ·old + sqrt(1 − ρ²)·σ·z with z standard normal.
public struct ShadowFading: Sendable {
    /// Standard deviation σ in dB.
    public let sigma: Double
    /// Correlation distance d_corr in metres.
    public let correlationDistance: Double
    /// Current shadowing in dB (positive = extra loss).
    public private(set) var valueDB: Double

    /// A link with spread `sigma` (dB) and `correlationDistance` (m), starting at σ·`first`,
    /// `first` being a standard normal draw.
    public init(sigma: Double, correlationDistance: Double, first: Double) {
        precondition(sigma >= 0 && correlationDistance > 0, "shadow fading needs σ ≥ 0 and a positive correlation distance")
        self.sigma = sigma
        self.correlationDistance = correlationDistance
        valueDB = sigma * first
    }

    /// After moving `distance` metres: ρ = exp(−distance/dcorr); new = ρ·old + sqrt(1−ρ²)·σ·z
    /// (z standard normal). A move of zero leaves the value unchanged.
    public mutating func move(distance: Double, z: Double) {
        guard distance > 0 else { return }
        let rho = exp(-distance / correlationDistance)
        // 1 − ρ² = −expm1(−2Δx/d) keeps precision for short steps.
        valueDB = rho * valueDB + (-expm1(-2 * distance / correlationDistance)).squareRoot() * sigma * z
    }

    /// Probability that the LOS state is drawn anew after a move of `distance` metres, for
    /// a state with exponential correlation over `correlationDistance` (TR 38.901 §7.6.3.3
    /// correlates it like the shadowing): 1 − exp(−distance/correlationDistance). Zero for
    /// an infinite correlation distance (a state that never changes).
    public static func losRedrawProbability(distance: Double, correlationDistance: Double) -> Double {
        guard distance > 0 else { return 0 }
        return -expm1(-distance / correlationDistance)
    }

    /// A standard normal draw from `stream` (GSL's inverse normal CDF of a uniform on (0, 1)),
    /// for `init(first:)` and `move(z:)`.
    public static func standardNormal(_ stream: RandomStream) -> Double {
        gsl_cdf_ugaussian_Pinv(stream.uniformPositive())
    }
}
