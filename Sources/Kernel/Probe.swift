/// The probe vocabulary shared by every technology. Models emit these; statistics
/// listen. A sink is a generic parameter of the model, so an empty method compiles away
/// and nothing is built for a probe nobody listens to.
///
/// `site` is the index of the emitting queue or port; `item` the flow-level identity of
/// the unit of work (flow and source indices); sizes in bytes, times in picoseconds.
public protocol ProbeSink {
    /// A unit of work (frame, task) was created by source `source` of flow `flow`.
    mutating func sent(flow: Int32, source: Int32, bytes: Int32, at time: SimTime)
    /// Queued at `site`; `frames` and `bytes` are the queue's contents after the change.
    mutating func enqueued(site: Int32, frames: Int32, bytes: Int64, at time: SimTime)
    /// Left the queue at `site` for service; contents after the change.
    mutating func dequeued(site: Int32, frames: Int32, bytes: Int64, at time: SimTime)
    /// Service (transmission) at `site` starts now and lasts `duration`.
    mutating func serviceStarted(site: Int32, duration: SimTime, at time: SimTime)
    /// Lost at `site` (a negative site: not at a queue) for `reason`.
    mutating func dropped(site: Int32, flow: Int32, source: Int32, created: SimTime,
                          reason: DropReason, at time: SimTime)
    /// Reached its destination; `created` is when its source made it.
    mutating func delivered(flow: Int32, source: Int32, bytes: Int32, created: SimTime, at time: SimTime)
    /// Statistics start: discard what was seen before `time`.
    mutating func warmupEnded(at time: SimTime)
}

/// Why a unit of work was lost.
public enum DropReason: UInt8, Sendable, CaseIterable {
    /// The queue had no room (tail drop).
    case bufferFull
}
