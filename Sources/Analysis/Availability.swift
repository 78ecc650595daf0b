import Kernel

/// Communication service availability and reliability over the observed window, of one
/// stream or of a whole flow (3GPP TS 22.104 clause 3.1, Annex C). Times in picoseconds.
///
/// A flow is the merge of its streams (`merge`): times and counts are summed, the longest
/// outage and the longest run of failed messages are the largest of any stream. So a
/// flow's `availability` is its total up time over its total observed time (the mean of
/// its streams' availabilities weighted by observed time, the plain mean when they share
/// one window), and its `meanTimeBetweenFailures` is up time per service failure of any
/// stream.
public struct AvailabilityResult: Sendable, Equatable, Codable {
    /// Length of the observation window, from the warm-up's end to the end of the run.
    public var observed: SimTime
    /// Time within the window in which the service was down.
    public var down: SimTime
    /// Transitions from up to down; an outage cut by the end of the window counts.
    public var serviceFailures: UInt64
    /// The longest single outage (cut at the end of the window).
    public var longestOutage: SimTime
    /// The most failed messages in a row, in creation order.
    public var mostConsecutiveFailures: UInt64
    /// Messages whose outcome was known by the end of the window.
    public var messages: UInt64
    /// Of those, the ones lost or later than their deadline.
    public var failedMessages: UInt64

    public init(observed: SimTime = 0, down: SimTime = 0, serviceFailures: UInt64 = 0, longestOutage: SimTime = 0,
                mostConsecutiveFailures: UInt64 = 0, messages: UInt64 = 0, failedMessages: UInt64 = 0) {
        self.observed = observed
        self.down = down
        self.serviceFailures = serviceFailures
        self.longestOutage = longestOutage
        self.mostConsecutiveFailures = mostConsecutiveFailures
        self.messages = messages
        self.failedMessages = failedMessages
    }

    /// Time within the window in which the service was up.
    public var up: SimTime { observed - down }

    /// Share of the observed time in which the service was up, 1 − down / observed (TS 22.104
    /// 3.1 "communication service availability"); nil when nothing was observed.
    public var availability: Double? { observed > 0 ? 1 - Double(down) / Double(observed) : nil }

    /// Up time per service failure, in picoseconds: TS 22.104 gives communication service
    /// reliability as a mean time between failures. Nil when the service never went down.
    public var meanTimeBetweenFailures: Double? {
        serviceFailures > 0 ? Double(up) / Double(serviceFailures) : nil
    }

    /// Adds another stream of the same flow (see the type's comment for how figures combine).
    public mutating func merge(_ other: AvailabilityResult) {
        observed += other.observed
        down += other.down
        serviceFailures &+= other.serviceFailures
        longestOutage = Swift.max(longestOutage, other.longestOutage)
        mostConsecutiveFailures = Swift.max(mostConsecutiveFailures, other.mostConsecutiveFailures)
        messages &+= other.messages
        failedMessages &+= other.failedMessages
    }
}

/// Follows one stream (the messages of one source of a flow) and finds when the service it
/// carries was down (3GPP TS 22.104 clause 3.1 and Annex C: availability, survival time).
///
/// A message created at c is due at c + deadline. It succeeds when it arrives at or before
/// its due time; lost or later, it fails, and the application notices at the due time. The
/// rule, with S the survival time:
/// - A run is a maximal sequence of failed messages in creation order; its first one is
///   due at t1. Let R be the earliest arrival of any in-time message created after that
///   first one (R is not bounded below by t1: with a deadline longer than the transfer
///   interval a newer message may already be there when the failure is noticed).
/// - If R > t1 + S the service is down on [t1 + S, R), cut at the end of the window: one
///   service failure. If R ≤ t1 + S it stays up: "exceeding" the survival time is strict.
///   So with S = k·T, k failures of a period-T stream followed by a message due at t1 + kT
///   that arrives in time never go down; with S = (k − 1)·T that message, arriving at a, makes
///   an outage a − (t1 + S) long, less than one period when it arrives early.
///
/// Outcomes are reported in time order, so they can come out of creation order; messages
/// are resolved in creation order from a ring that grows only when more are in flight than
/// ever before. A message is resolved as failed only once its due time is past (`advance`,
/// or any later report), so a loss reported early changes nothing before it is due.
public struct AvailabilityTracker: Sendable {
    /// Maximum time from a message's creation to its arrival for it to count as delivered.
    public let deadline: SimTime
    /// How long the application goes on after a failure is due before the service is down.
    public let survival: SimTime
    /// End of the warm-up: messages created before it are ignored.
    public let start: SimTime

    /// A message in flight: its creation time and its arrival, or a marker above any time.
    struct Entry: Sendable {
        var created: SimTime
        var arrival: SimTime
    }

    static let pending: SimTime = .max
    static let lost: SimTime = .max - 1

    /// Messages in flight in creation order, a ring from `head`, `count` long.
    var storage = ContiguousArray<Entry>()
    var head = 0
    var count = 0
    var lastCreated: SimTime = .min
    /// The current run of failures: how many, and the due time of the first (if any).
    var runLength: UInt64 = 0
    var runDue: SimTime = 0
    var figures = AvailabilityResult()
    var closed = false

    public init(deadline: SimTime, survival: SimTime, start: SimTime) {
        precondition(deadline >= 0 && survival >= 0, "deadline and survival time must not be negative")
        self.deadline = deadline
        self.survival = survival
        self.start = start
    }

    /// The figures so far; complete once `close` has been called.
    public var result: AvailabilityResult { figures }

    /// A message was created (and sent) at `created`; creation times strictly increase.
    public mutating func sent(created: SimTime) {
        assert(!closed, "tracker used after close")
        resolve(before: created)
        guard created >= start else { return }
        assert(created > lastCreated, "messages of a stream must be created in increasing time order")
        lastCreated = created
        if count == storage.count { grow() }
        storage[slot(count)] = Entry(created: created, arrival: Self.pending)
        count &+= 1
    }

    /// The message created at `created` arrived at `at`. A second arrival (a redundant copy)
    /// changes nothing; one after the message was resolved as failed is ignored.
    public mutating func arrived(created: SimTime, at: SimTime) {
        assert(!closed, "tracker used after close")
        if let i = find(created) {
            let k = slot(i)
            storage[k].arrival = Swift.min(storage[k].arrival, at)
        }
        resolve(before: at)
    }

    /// The message created at `created` was lost at `at`: it fails at its due time, unless a
    /// redundant copy still arrives.
    public mutating func lost(created: SimTime, at: SimTime) {
        assert(!closed, "tracker used after close")
        if let i = find(created) {
            let k = slot(i)
            if storage[k].arrival == Self.pending { storage[k].arrival = Self.lost }
        }
        resolve(before: at)
    }

    /// Time has reached `now`: every message due before it and not arrived has failed.
    public mutating func advance(to now: SimTime) {
        assert(!closed, "tracker used after close")
        resolve(before: now)
    }

    /// Ends the observation at `end`. Messages due by `end` and not arrived by then failed;
    /// messages due later and not arrived are not counted; an outage in progress is cut.
    @discardableResult
    public mutating func close(at end: SimTime) -> AvailabilityResult {
        assert(!closed, "tracker closed twice")
        // An arrival after the end is not known at the end.
        for i in 0..<count where storage[slot(i)].arrival > end && storage[slot(i)].arrival < Self.lost {
            storage[slot(i)].arrival = Self.pending
        }
        resolve(before: end + 1, closing: true)
        if runLength > 0 { endRun(recovery: end) }
        figures.observed = Swift.max(0, end - start)
        closed = true
        return figures
    }

    /// Resolves the messages at the head, in creation order, whose outcome is known: arrived,
    /// or due before `limit`. Closing, messages due later and not arrived are dropped.
    mutating func resolve(before limit: SimTime, closing: Bool = false) {
        while count > 0 {
            let e = storage[head]
            let due = e.created + deadline
            if e.arrival <= due {
                pop()
                succeeded(arrival: e.arrival)
            } else if e.arrival < Self.lost || due < limit {
                pop()
                failed(due: due)
            } else if closing {
                pop()
            } else {
                break
            }
        }
    }

    mutating func failed(due: SimTime) {
        figures.messages &+= 1
        figures.failedMessages &+= 1
        if runLength == 0 { runDue = due }
        runLength &+= 1
        if runLength > figures.mostConsecutiveFailures { figures.mostConsecutiveFailures = runLength }
    }

    mutating func succeeded(arrival: SimTime) {
        figures.messages &+= 1
        guard runLength > 0 else { return }
        // A newer message may have overtaken this one; the earliest in-time arrival ends the
        // outage. Later reports come later than this arrival, so they cannot end it sooner.
        var recovery = arrival
        for i in 0..<count {
            let e = storage[slot(i)]
            if e.arrival <= e.created + deadline && e.arrival < recovery { recovery = e.arrival }
        }
        endRun(recovery: recovery)
    }

    /// The run of failures ends with the service back (or the window's end) at `recovery`.
    mutating func endRun(recovery: SimTime) {
        let downAt = runDue + survival
        if recovery > downAt {
            let outage = recovery - downAt
            figures.down += outage
            figures.serviceFailures &+= 1
            if outage > figures.longestOutage { figures.longestOutage = outage }
        }
        runLength = 0
    }

    /// Position behind the head of the message created at `created`, if still in flight:
    /// usually the head, else a binary search (creation times increase along the ring).
    func find(_ created: SimTime) -> Int? {
        guard count > 0 else { return nil }
        if storage[head].created == created { return 0 }
        var lo = 1
        var hi = count
        while lo < hi {
            let mid = (lo + hi) / 2
            if storage[slot(mid)].created < created { lo = mid + 1 } else { hi = mid }
        }
        return lo < count && storage[slot(lo)].created == created ? lo : nil
    }

    func slot(_ i: Int) -> Int {
        let k = head &+ i
        return k >= storage.count ? k &- storage.count : k
    }

    mutating func pop() {
        head &+= 1
        if head == storage.count { head = 0 }
        count &-= 1
    }

    /// Doubles the ring: it never shrinks, so a run stops allocating at its most in flight.
    mutating func grow() {
        var bigger = ContiguousArray(repeating: Entry(created: 0, arrival: Self.pending),
                                     count: Swift.max(4, storage.count * 2))
        for i in 0..<count { bigger[i] = storage[slot(i)] }
        storage = bigger
        head = 0
    }

    /// Slots in the ring (tests check it stays small).
    var ringCapacity: Int { storage.count }
}
