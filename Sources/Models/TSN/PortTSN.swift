import Kernel

/// What time-sensitive networking adds to an egress port: the transmission-selection
/// mechanisms of IEEE 802.1Q-2018 8.6.8 that a port may combine.
public struct PortTSN: Sendable, Equatable {
    /// Scheduled traffic (802.1Qbv, 8.6.8.4): nil = every gate always open.
    public var gates: GateControlList?
    /// How a frame is kept from overrunning its gate's closing.
    public var guardBand: GuardBand
    /// Credit-based shaper (802.1Qav, 8.6.8.2): idleSlope in bits per second of each
    /// traffic class (index = class), 0 for a class without one; empty when none.
    public var idleSlopes: [Int64]
    /// Frame preemption (802.1Qbu, 802.3br); nil = every class express, nothing preempted.
    public var preemption: Preemption?

    public init(gates: GateControlList? = nil, guardBand: GuardBand = .lengthAware, idleSlopes: [Int64] = [],
                preemption: Preemption? = nil) {
        self.gates = gates
        self.guardBand = guardBand
        self.idleSlopes = idleSlopes
        self.preemption = preemption
    }

    /// The idleSlope of class `tc`, 0 when it has no shaper.
    public func idleSlope(_ tc: Int) -> Int64 { tc < idleSlopes.count ? idleSlopes[tc] : 0 }
}

/// How a scheduled port keeps a frame from running past its gate's closing (802.1Q-2018
/// 8.6.8.4 and Annex Q.2).
public enum GuardBand: String, Sendable, Equatable, CaseIterable {
    /// A frame starts only if its transmission ends before its gate closes
    /// (transmitGateState with the length-aware check of 8.6.8.4).
    case lengthAware = "length-aware"
    /// No frame of a class starts within one largest-frame time of its gate closing,
    /// however short it is (the plain guard band of bridges without the length check).
    case maxFrame = "max-frame"
}

/// Which traffic classes are express (IEEE 802.1Qbu, framePreemptionAdminStatus, 6.7.2)
/// and the smallest fragment (IEEE 802.3br 99.4.4, addFragSize 0...3).
public struct Preemption: Sendable, Equatable {
    /// Bit c set: class c is express; the other classes are preemptable.
    public var express: UInt8
    public var addFragSize: Int

    public init(express: UInt8, addFragSize: Int = 0) {
        self.express = express
        self.addFragSize = addFragSize
    }
}

/// IEEE 802.1AS time synchronisation of the plant's clocks: each node's clock differs from
/// the grandmaster by an offset and drifts, and is corrected every sync interval.
public struct TimeSyncSpec: Sendable, Equatable {
    /// Largest offset from the grandmaster right after a correction (uniform in ±precision).
    public var precision: SimTime
    /// Time between corrections (802.1AS-2020 syncInterval; 125 ms by default, 10.7.2.3).
    public var interval: SimTime
    /// Largest frequency offset of a node's clock, in parts per million (each node draws
    /// its own, uniform in ±drift); 802.1AS-2020 B.1.1 allows ±100 ppm.
    public var driftPPM: Double

    public init(precision: SimTime, interval: SimTime = 125 * Time.millisecond, driftPPM: Double = 0) {
        self.precision = precision
        self.interval = interval
        self.driftPPM = driftPPM
    }

    /// Largest offset of a clock from the grandmaster at any time: the correction's residue
    /// plus what the drift adds until the next correction.
    public var bound: SimTime { precision &+ SimTime((driftPPM * 1e-6 * Double(interval)).rounded(.up)) }
}
