import Kernel

extension ScheduleSynthesis {
    /// The windows each port has given so far, within one cycle: per port, disjoint spans
    /// sorted by start (a window that wraps past the cycle's end is two spans).
    struct Occupancy {
        struct Span {
            var start: SimTime
            var end: SimTime
            var stream: StreamID
        }

        var spans: [[Span]]
        let cycle: SimTime

        init(ports: Int, cycle: SimTime) {
            spans = Array(repeating: [], count: ports)
            self.cycle = cycle
        }

        func mod(_ x: SimTime, _ m: SimTime) -> SimTime {
            let r = x % m
            return r < 0 ? r &+ m : r
        }

        /// Index of the first span of `port` ending after `t`.
        func firstEnding(after t: SimTime, port: Int) -> Int {
            var lo = 0, hi = spans[port].count
            while lo < hi {
                let mid = (lo + hi) / 2
                if spans[port][mid].end > t { hi = mid } else { lo = mid + 1 }
            }
            return lo
        }

        /// Whether [a, b) (within the cycle) meets no span of `port`.
        func isFree(port: Int, _ a: SimTime, _ b: SimTime) -> Bool {
            let i = firstEnding(after: a, port: port)
            return i == spans[port].count || spans[port][i].start >= b
        }

        /// Whether a window of `length` starting at cycle position `start` is free.
        func isFree(port: Int, start: SimTime, length: SimTime) -> Bool {
            let end = start &+ length
            if end <= cycle { return isFree(port: port, start, end) }
            return isFree(port: port, start, cycle) && isFree(port: port, 0, end &- cycle)
        }

        /// Whether every window of the stream at phase `offset` is free (only on hop `only`
        /// when given).
        func fits(_ t: Timed, offset: SimTime, only: Int? = nil) -> Bool {
            let period = t.candidate.period
            for (h, hop) in t.hops.enumerated() where only == nil || only == h {
                for k in 0..<Int(cycle / period) {
                    let start = mod(offset &+ SimTime(k) &* period &+ hop.open, cycle)
                    if !isFree(port: hop.port, start: start, length: hop.length) { return false }
                }
            }
            return true
        }

        /// The earliest phase in [0, period) at which the stream fits (on hop `only`
        /// alone, when given). The set of infeasible phases is a union of open intervals,
        /// so the earliest feasible one is 0 or the phase that starts one of the stream's
        /// windows where an occupied span ends.
        func earliestOffset(_ t: Timed, only: Int? = nil) -> SimTime? {
            let period = t.candidate.period
            var phases: [SimTime] = [0]
            for (h, hop) in t.hops.enumerated() where only == nil || only == h {
                for s in spans[hop.port] { phases.append(mod(s.end &- hop.open, period)) }
            }
            phases.sort()
            var last: SimTime = -1
            for o in phases where o != last {
                last = o
                if fits(t, offset: o, only: only) { return o }
            }
            return nil
        }

        mutating func insert(_ t: Timed, offset: SimTime) {
            let period = t.candidate.period
            for hop in t.hops {
                for k in 0..<Int(cycle / period) {
                    let start = mod(offset &+ SimTime(k) &* period &+ hop.open, cycle)
                    let end = start &+ hop.length
                    if end <= cycle {
                        add(Span(start: start, end: end, stream: t.candidate.id), port: hop.port)
                    } else {
                        add(Span(start: start, end: cycle, stream: t.candidate.id), port: hop.port)
                        add(Span(start: 0, end: end &- cycle, stream: t.candidate.id), port: hop.port)
                    }
                }
            }
        }

        mutating func add(_ s: Span, port: Int) {
            guard s.end > s.start else { return }
            spans[port].insert(s, at: firstEnding(after: s.start, port: port))
        }

        func busy(port: Int) -> SimTime { spans[port].reduce(0) { $0 &+ ($1.end &- $1.start) } }

        /// The longest free stretch of the port's cycle (across its end).
        func largestGap(port: Int) -> SimTime {
            let s = spans[port]
            guard let first = s.first, let last = s.last else { return cycle }
            var gap = cycle &- last.end &+ first.start
            for (a, b) in zip(s, s.dropFirst()) { gap = Swift.max(gap, b.start &- a.end) }
            return gap
        }

        /// The port that keeps the stream out: of the ports that leave no phase alone, the
        /// busiest; when each alone would, the busiest of its route.
        func bottleneck(_ t: Timed) -> Bottleneck {
            let blocking = t.hops.indices.filter { earliestOffset(t, only: $0) == nil }
            let choices = blocking.isEmpty ? Array(t.hops.indices) : blocking
            var best = choices[0]
            for h in choices.dropFirst() where busy(port: t.hops[h].port) > busy(port: t.hops[best].port) { best = h }
            let port = t.hops[best].port
            var owners: [StreamID] = []
            for s in spans[port] where !owners.contains(s.stream) { owners.append(s.stream) }
            return Bottleneck(port: port, alone: !blocking.isEmpty,
                              utilisation: Double(busy(port: port)) / Double(cycle), window: t.hops[best].length,
                              windowsPerCycle: Int(cycle / t.candidate.period), largestGap: largestGap(port: port),
                              streams: owners.sorted())
        }
    }
}
