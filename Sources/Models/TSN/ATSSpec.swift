import Kernel

/// IEEE 802.1Qcr-2020 asynchronous traffic shaping of one stream: the parameters of its ATS
/// scheduler instance in every bridge on its way (8.6.5.6, 8.6.11).
public struct ATSSpec: Sendable, Equatable {
    /// CommittedInformationRate, bits per second.
    public var committedRate: Int64
    /// CommittedBurstSize, bytes.
    public var committedBurst: Int64
    /// MaxResidenceTime of the scheduler groups the stream joins: a frame whose eligibility
    /// time is later than its arrival plus this is discarded; nil = no limit. A group holds
    /// the smallest of its streams' values.
    public var maxResidence: SimTime?

    public init(committedRate: Int64, committedBurst: Int64, maxResidence: SimTime? = nil) {
        self.committedRate = committedRate
        self.committedBurst = committedBurst
        self.maxResidence = maxResidence
    }
}
