import Kernel

/// Follows one fault of the plant (`fault(_:down:at:)` probes) and sums its times down
/// within the observed window [start, end]: each down period is cut at the window's edges;
/// one that ends at or before the start is not counted.
struct FaultAccumulator {
    /// When the current down period began; nil while up.
    var downSince: SimTime?
    var failures: UInt64 = 0
    var downtime: SimTime = 0
    var longest: SimTime = 0

    /// The fault struck (`down`) or was repaired at `time`. A second strike while down, or a
    /// repair while up, changes nothing.
    mutating func fault(down: Bool, at time: SimTime, window start: SimTime) {
        if down {
            if downSince == nil { downSince = time }
        } else if let since = downSince {
            close(since: since, until: time, window: start)
            downSince = nil
        }
    }

    /// Counts the down period [since, until) within the window from `start`.
    mutating func close(since: SimTime, until: SimTime, window start: SimTime) {
        guard since >= start || until > start else { return }
        let span = until - Swift.max(since, start)
        failures &+= 1
        downtime &+= span
        if span > longest { longest = span }
    }

    /// The figures over [start, end], a period still open cut at `end`.
    func result(name: String, start: SimTime, end: SimTime) -> FaultResult {
        var a = self
        if let since = downSince, since <= end { a.close(since: since, until: end, window: start) }
        return FaultResult(fault: name, failures: a.failures, downtime: a.downtime, longestDowntime: a.longest,
                           downAtEnd: downSince.map { $0 <= end } ?? false)
    }
}
