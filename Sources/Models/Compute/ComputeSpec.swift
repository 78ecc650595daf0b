import Kernel

/// The servers of a compute node (an edge server, a PLC runtime, a cloud platform's
/// instance): identical servers sharing one waiting room.
public struct ComputeSpec: Sendable, Equatable {
    /// Servers (cores) working in parallel, at least 1.
    public var servers: Int
    /// Which waiting task a freed server takes next.
    public var discipline: Discipline
    /// Tasks that may wait beyond those in service; an arrival finding it full is rejected.
    /// nil = unbounded.
    public var queueLimit: Int?
    /// Cycles per second of one server, for services whose demand is work; nil when none.
    public var speedHz: Double?

    public init(servers: Int = 1, discipline: Discipline = .fcfs, queueLimit: Int? = nil, speedHz: Double? = nil) {
        self.servers = servers
        self.discipline = discipline
        self.queueLimit = queueLimit
        self.speedHz = speedHz
    }
}

/// Which waiting task a freed server takes next; ties go to the earliest arrival.
public enum Discipline: String, Sendable, Equatable, CaseIterable {
    /// First come, first served.
    case fcfs
    /// The highest priority (the request's priority code point) first.
    case priority
    /// Earliest deadline first: the request's creation plus its flow's deadline; tasks
    /// without a deadline come after all that have one.
    case edf
}

/// A service that a compute node runs for the requests sent to it.
public struct ServiceSpec: Sendable, Equatable {
    public var name: String
    /// The compute node that runs it.
    public var node: Int
    public var demand: ServiceDemand

    public init(name: String, node: Int, demand: ServiceDemand) {
        self.name = name
        self.node = node
        self.demand = demand
    }
}

/// What one task of a service needs from a server.
public enum ServiceDemand: Sendable, Equatable {
    /// Service time in picoseconds, drawn per task.
    case time(Distribution)
    /// Work in cycles, drawn per task; the time is work / the node's speed.
    case work(Distribution)
}
