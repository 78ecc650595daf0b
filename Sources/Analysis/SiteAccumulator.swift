import Kernel

/// Running statistics of one site (port, link direction, compute node): service started
/// and busy time, losses by reason, the queue as a level (time-weighted) statistic
/// integrated at every change, and waiting and sojourn times as tallies.
struct SiteAccumulator {
    /// Service time inside the measured period, summed over servers.
    var busy: SimTime = 0
    /// Services started after the warm-up.
    var served: UInt64 = 0
    /// Units lost here after the warm-up, by reason.
    var drops = DropCounts()
    var frames: Int32 = 0
    var bytes: Int64 = 0
    var lastChange: SimTime = 0
    var frameArea: Double = 0
    var byteArea: Double = 0
    var maxFrames: Int32 = 0
    var maxBytes: Int64 = 0
    var wait = Tally()
    var sojourn = Tally()

    mutating func level(frames f: Int32, bytes b: Int64, at time: SimTime) {
        let dt = Double(time &- lastChange)
        frameArea += Double(frames) * dt
        byteArea += Double(bytes) * dt
        lastChange = time
        frames = f
        bytes = b
        if f > maxFrames { maxFrames = f }
        if b > maxBytes { maxBytes = b }
    }

    /// Forget the level's past but keep its current value.
    mutating func restart(at time: SimTime) {
        frameArea = 0
        byteArea = 0
        lastChange = time
        maxFrames = frames
        maxBytes = bytes
    }

    /// Time averages of the queue over [start, end).
    func queueMeans(from start: SimTime, to end: SimTime) -> (frames: Double, bytes: Double) {
        let span = Double(end &- start)
        guard span > 0 else { return (0, 0) }
        let tail = Double(end &- lastChange)
        return ((frameArea + Double(frames) * tail) / span, (byteArea + Double(bytes) * tail) / span)
    }

    /// Fraction of [start, end) × `servers` spent serving.
    func utilization(from start: SimTime, to end: SimTime, servers: Int = 1) -> Double {
        let span = Double(end &- start) * Double(servers)
        return span > 0 ? Double(busy) / span : 0
    }
}

/// Count, exact mean and maximum of a duration.
struct Tally {
    var count: UInt64 = 0
    var sum: Double = 0
    var max: SimTime = 0

    mutating func record(_ t: SimTime) {
        count &+= 1
        sum += Double(t)
        if t > max { max = t }
    }

    var mean: Double? { count > 0 ? sum / Double(count) : nil }
    var maximum: SimTime? { count > 0 ? max : nil }
}
