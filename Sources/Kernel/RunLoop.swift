/// A model: it reacts to its own events by changing its state and scheduling more.
///
/// The run loop is generic over this protocol so that the compiler specializes it for
/// each model and the per-event call is a direct, inlinable switch, not a dynamic call.
public protocol EventHandler {
    mutating func handle(_ event: Event, queue: inout EventQueue)
    /// Called once when simulated time reaches the end of the warm-up period; statistics
    /// start from here.
    mutating func warmupEnded(at time: SimTime)
}

/// Why a run ended.
public enum StopReason: String, Sendable {
    case endTime = "end-time"
    case noEvents = "no-events"
    case stopRequested = "stop-requested"
    /// The model refused to grow further (too many units of work in flight).
    case memoryLimit = "memory-limit"
}

/// Runs `handler` over [now, `end`) (an event at exactly `end` waits for the next call), the
/// queue empties, or the handler sets `queue.stopRequested`. It can be called again with
/// a later `end` to go on (a long run in slices, with progress reports between them).
@inlinable
public func run<H: EventHandler>(_ handler: inout H, queue: inout EventQueue, until end: SimTime) -> StopReason {
    while let next = queue.nextTime {
        if next >= end {
            queue._now = end
            return .endTime
        }
        let e = queue.pop().unsafelyUnwrapped
        queue._handled &+= 1
        if e.kind == Event.warmupEndKind {
            handler.warmupEnded(at: e.time)
        } else {
            handler.handle(e, queue: &queue)
        }
        if queue.stopRequested { return .stopRequested }
    }
    queue._now = Swift.max(queue._now, end)
    return .noEvents
}
