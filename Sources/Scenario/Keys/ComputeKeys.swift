import Models

/// The keys of a compute node (`compute:` on an end station) and of its services.
enum ComputeKeys {
    static let servers = Field("servers", .integer(1...1_000_000), "Servers (cores) working in parallel (default 1)")
    static let discipline = Field("discipline", .choice(noun: "discipline") as ValueType<Discipline>,
                                  "Which waiting task a freed server takes next: fcfs (default), priority or edf")
    static let queue = Field("queue", .limit(.integer(0...Int64(Int32.max))),
                             "Tasks that may wait beyond those in service, or unbounded (default)")
    static let speed = Field("speed", .quantity(.frequency, positive: true),
                             "Cycles per second of one server, such as 2.5GHz; needed by services given as work")
    static let services = Field("services", .raw(.obj(("type", .string("array")), ("items", service.schema),
                                                      ("minItems", .int(1))), words: service.words),
                                required: true, "The services the node runs (at least one)")

    static let record = Record("Identical servers sharing one waiting room",
                               [servers.key, discipline.key, queue.key, speed.key, services.key])

    // A service.
    static let serviceID = Field("id", .text, required: true, "Service id, unique within its node")
    static let time = Field("time", .distribution(.time, positive: false),
                            "Service time per task: a time or a distribution (give time or work)")
    static let work = Field("work", .distribution(.cycles, positive: false),
                            "Work per task in cycles, such as 40Mcycles, or a distribution; needs the node's speed")
    static let serviceDescription = Field("description", .text, "Free text")

    static let service = Record("A service: its time or work per task",
                                [serviceID.key, time.key, work.key, serviceDescription.key])
}
