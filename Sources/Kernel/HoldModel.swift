/// The classic hold model for measuring an event queue: `pending` events, each of which,
/// when handled, schedules one successor an exponential time later, so the queue size
/// stays constant. Used by `fnsim bench`; the same loop exists in C (CHoldModel) for
/// comparison.
public struct HoldModel: EventHandler {
    @usableFromInline let rng: RandomStream
    @usableFromInline let meanGap: Double
    @usableFromInline var _checksum: UInt64 = 0
    /// Sum of handled event times: keeps the optimizer honest and compares with C.
    public var checksum: UInt64 { _checksum }

    /// Events left before the model asks the run loop to stop.
    public var remaining: Int

    public init(seed: UInt64, events: Int, meanGap: Double = 1_000_000) {
        remaining = events
        rng = RandomStream(seed: seed, replication: 0, name: "hold")
        self.meanGap = meanGap
    }

    /// Fills `queue` with `pending` events spread over one mean gap × pending.
    public func prime(_ queue: inout EventQueue, pending: Int) {
        for i in 0..<pending {
            queue.schedule(at: SimTime(rng.exponential(mean: meanGap)), kind: 0, target: Int32(truncatingIfNeeded: i))
        }
    }

    @inlinable
    public mutating func handle(_ event: Event, queue: inout EventQueue) {
        _checksum &+= UInt64(bitPattern: event.time)
        remaining &-= 1
        if remaining <= 0 { queue.stopRequested = true }
        queue.schedule(at: queue.now &+ 1 &+ SimTime(rng.exponential(mean: meanGap)), kind: 0, target: event.target)
    }

    public mutating func warmupEnded(at time: SimTime) {}
}
