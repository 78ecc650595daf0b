import Kernel

/// IEEE 802.1Q-2018 8.6.5.1 per-stream filtering and policing (802.1Qci) of one stream: its
/// stream filter's maximum SDU size (8.6.5.1.1) and its flow meter (8.6.5.1.3). The stream
/// gate (8.6.5.1.2) is not modelled: every gate is open.
public struct PolicingSpec: Sendable, Equatable {
    /// Frames longer than this (in bytes, as sent: header, payload and FCS) are dropped
    /// (StreamBlockedDueToOversizeFrame is not latched: later frames are filtered anew).
    public var maxSDU: Int32?
    /// The flow meter; nil when the filter only checks sizes.
    public var meter: FlowMeterSpec?

    public init(maxSDU: Int32? = nil, meter: FlowMeterSpec? = nil) {
        self.maxSDU = maxSDU
        self.meter = meter
    }
}

/// A flow meter (IEEE 802.1Q-2018 8.6.5.1.3): the MEF 10.3 bandwidth profile, colour-blind,
/// with coupling flag 0. A frame that fits the committed bucket is green, else one that fits
/// the excess bucket is yellow, else it is red; red frames are dropped, yellow ones too when
/// `dropYellow` (DropOnYellow), else they pass (their drop eligibility is not modelled).
public struct FlowMeterSpec: Sendable, Equatable {
    /// Committed information rate (CIR), bits per second.
    public var committedRate: Int64
    /// Committed burst size (CBS), bytes.
    public var committedBurst: Int64
    /// Excess information rate (EIR) and excess burst size (EBS); 0 = no excess bucket.
    public var excessRate: Int64
    public var excessBurst: Int64
    public var dropYellow: Bool

    public init(committedRate: Int64, committedBurst: Int64, excessRate: Int64 = 0, excessBurst: Int64 = 0,
                dropYellow: Bool = false) {
        self.committedRate = committedRate
        self.committedBurst = committedBurst
        self.excessRate = excessRate
        self.excessBurst = excessBurst
        self.dropYellow = dropYellow
    }
}

/// What an edge bridge does with frames entering the network at it that belong to no
/// stream with its own `PolicingSpec` (frames of flows without one, a babbling device's):
/// the filter a wildcard stream_handle entry of its stream filter table would apply
/// (802.1Q-2018 8.6.5.1.1).
public enum UnknownStreams: Sendable, Equatable {
    /// Not filtered (a bridge without a wildcard entry).
    case pass
    /// Dropped (a wildcard filter whose stream gate is closed for good).
    case drop
    /// Filtered and metered per ingress port: one filter, and one meter, shared by every
    /// unknown stream entering on that port.
    case police(PolicingSpec)
}
