/// Outer-loop link adaptation (OLLA): an offset in dB added to the SINR estimate before
/// the MCS is chosen, nudged by the HARQ feedback of first transmissions so that their
/// long-run NACK rate settles at `target`.
///
/// An ACK raises the offset by stepUp, a NACK lowers it by stepDown, with stepUp =
/// stepDown·target/(1 − target): the offset stops drifting where P(NACK)·stepDown =
/// P(ACK)·stepUp, that is where P(NACK) = target. The offset stays within ±10 dB.
public struct OuterLoop: Sendable {
    /// Target first-transmission BLER, in (0, 1).
    public let target: Double
    /// Decrease after a NACK, dB.
    public let stepDownDB: Double
    /// Increase after an ACK, dB.
    public let stepUpDB: Double
    /// Current offset, dB, within ±`limitDB`.
    public private(set) var offsetDB: Double = 0
    /// Bound of the offset, dB.
    public static let limitDB = 10.0

    /// A loop aiming at `target` with the given NACK step (dB).
    public init(target: Double, stepDownDB: Double = 0.5) {
        precondition(target > 0 && target < 1, "the OLLA target is a probability in (0, 1)")
        precondition(stepDownDB > 0, "the OLLA step must be positive")
        self.target = target
        self.stepDownDB = stepDownDB
        stepUpDB = stepDownDB * target / (1 - target)
    }

    /// Takes the HARQ feedback of one first transmission: ACK +stepUp, NACK −stepDown.
    public mutating func record(success: Bool) {
        offsetDB += success ? stepUpDB : -stepDownDB
        offsetDB = min(max(offsetDB, -Self.limitDB), Self.limitDB)
    }
}
