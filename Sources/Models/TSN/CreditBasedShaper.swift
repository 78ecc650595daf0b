import Kernel

/// The credit of one credit-based shaper (IEEE 802.1Q-2018 8.6.8.2, Annex L) of a traffic
/// class, kept exactly: in bits × 10^12 (bit·ps/s), so that idleSlope (bit/s) times a time
/// (ps) is an integer.
///
/// The rules, applied lazily over the time since the last change:
/// - while a frame of the class is transmitted, credit falls at sendSlope = idleSlope −
///   portTransmitRate;
/// - while frames of the class wait (whatever else the port does), it rises at idleSlope;
/// - with no frame waiting, a positive credit is reset to 0 and a negative one rises at
///   idleSlope up to 0;
/// - with scheduled traffic, credit is frozen while the class's gate is closed (8.6.8.2 d).
/// A frame may start only when the credit is at least 0.
public struct CreditState: Sendable {
    public var credit: Int64 = 0
    /// When `credit` was last brought up to date.
    public var updated: SimTime = 0
    /// The least and the largest credit reached (after warm-up, see `resetExtremes`).
    public var least: Int64 = 0
    public var most: Int64 = 0

    public init() {}

    /// Credits are kept in bits × 10^12.
    public static let scale: Double = 1e12

    /// Brings the credit to `now`. `idle`: idleSlope; `rate`: the port's rate; `txEnd`: when
    /// the class's transmission in progress ends (≤ `updated` when none); `waiting`: frames
    /// of the class wait (unchanged since `updated`); `open(a, b)`: the time within [a, b)
    /// its gate is open.
    @inlinable
    public mutating func advance(to now: SimTime, idle: Int64, rate: Int64, txEnd: SimTime, waiting: Bool,
                                 open: (SimTime, SimTime) -> SimTime) {
        var from = updated
        guard now > from else { return }
        if txEnd > from {  // sending: the frame's whole wire time, gate closing or not
            let end = Swift.min(now, txEnd)
            credit = Self.add(credit, idle &- rate, end &- from)
            least = Swift.min(least, credit)
            from = end
        }
        if now > from {
            if waiting {
                credit = Self.add(credit, idle, open(from, now))
                most = Swift.max(most, credit)
            } else if credit > 0 {
                credit = 0
            } else if credit < 0 {
                credit = Swift.min(0, Self.add(credit, idle, open(from, now)))
            }
        }
        updated = now
    }

    /// `credit + slope × time`, saturating far beyond any credit a port can reach.
    @inlinable
    static func add(_ credit: Int64, _ slope: Int64, _ time: SimTime) -> Int64 {
        let (p, overflow) = slope.multipliedReportingOverflow(by: time)
        let limit = Int64.max / 4
        if overflow { return slope < 0 ? -limit : limit }
        return Swift.max(-limit, Swift.min(limit, credit &+ p))
    }

    /// Gate-open time until a negative credit reaches 0 at idleSlope `idle`.
    @inlinable
    public func timeToZero(idle: Int64) -> SimTime {
        credit >= 0 ? 0 : (-credit &+ idle &- 1) / idle
    }

    /// Credit in bits.
    public var bits: Double { Double(credit) / Self.scale }

    /// hiCredit and loCredit of IEEE 802.1Q-2018 L.3 for the highest shaped class (class
    /// A): the credit rises while the largest frame of a lower class is sent, and falls
    /// while its own largest frame is. Sizes on the wire, in bits.
    public static func classALimits(idle: Int64, rate: Int64, maxInterferingBits: Int64,
                                    maxOwnBits: Int64) -> (hi: Double, lo: Double) {
        (Double(idle) * Double(maxInterferingBits) / Double(rate),
         Double(idle - rate) * Double(maxOwnBits) / Double(rate))
    }
}
