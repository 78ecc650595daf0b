import Kernel

/// Running statistics of one egress port: busy time, and the queue as a level
/// (time-weighted) statistic, integrated at every change.
struct PortAccumulator {
    var busy: SimTime = 0
    var framesSent: UInt64 = 0
    var drops: UInt64 = 0
    var frames: Int32 = 0
    var bytes: Int64 = 0
    var lastChange: SimTime = 0
    var frameArea: Double = 0
    var byteArea: Double = 0
    var maxFrames: Int32 = 0
    var maxBytes: Int64 = 0

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

    func result(node: String, port: String, from start: SimTime, to end: SimTime) -> PortResult {
        let span = Double(end &- start)
        let tail = Double(end &- lastChange)
        return PortResult(
            node: node, port: port,
            utilization: span > 0 ? Double(busy) / span : 0,
            framesSent: framesSent,
            queueMeanFrames: span > 0 ? (frameArea + Double(frames) * tail) / span : 0,
            queueMaxFrames: Int(maxFrames),
            queueMeanBytes: span > 0 ? (byteArea + Double(bytes) * tail) / span : 0,
            queueMaxBytes: maxBytes, drops: drops)
    }
}
