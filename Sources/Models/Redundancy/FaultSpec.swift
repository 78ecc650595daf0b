import Kernel

/// A part of the plant that can fail. A failed Ethernet link loses what is on its wire
/// and in its ports' queues, and carries nothing until repaired; a failed node loses what
/// it holds (queued in its ports, in its relay, in service) and neither sends, relays nor
/// receives.
public enum FaultTarget: Sendable, Equatable, Hashable {
    /// Both egress ports of a full-duplex Ethernet link.
    case ethernet(port: Int, reverse: Int)
    /// Both directions of an external-network link.
    case external(direction: Int, reverse: Int)
    case node(Int)
}

/// When a fault strikes and ends.
public enum FaultTiming: Sendable, Equatable {
    /// Down at `down`, up again at `up` (nil: down to the end of the run).
    case scheduled(down: SimTime, up: SimTime?)
    /// Alternating times to failure and to repair, in picoseconds, drawn from a stream named
    /// after the fault (the first failure a time to failure after 0). MTBF/MTTR is the
    /// exponential case.
    case random(timeToFailure: Distribution, timeToRepair: Distribution)
}

/// One fault: its targets fail and return together (a group: a cabinet, a power feed).
public struct FaultSpec: Sendable, Equatable {
    /// As reported: the link, node or group named in the scenario.
    public var name: String
    public var targets: [FaultTarget]
    public var timing: FaultTiming

    public init(name: String, targets: [FaultTarget], timing: FaultTiming) {
        self.name = name
        self.targets = targets
        self.timing = timing
    }
}
