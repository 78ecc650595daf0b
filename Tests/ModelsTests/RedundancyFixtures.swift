import Kernel
import Models

/// Copies of a periodic stream as they reach an elimination point over several paths.
enum Redundancy {
    struct Arrival: Equatable {
        var time: SimTime
        var sequence: UInt16
        var path: Int
    }

    /// Packet i (i in 0..<count) is sent at i·period with number first + i (mod 2^16); path p
    /// delivers it `paths[p].delay` later unless i is in `paths[p].lost`. Arrivals come in
    /// time order, ties in path order.
    static func arrivals(count: Int, first: UInt16 = 0, period: SimTime = Time.millisecond,
                         paths: [(delay: SimTime, lost: Range<Int>)]) -> [Arrival] {
        var all: [Arrival] = []
        for (p, path) in paths.enumerated() {
            for i in 0..<count where !path.lost.contains(i) {
                all.append(Arrival(time: SimTime(i) * period + path.delay,
                                   sequence: first &+ UInt16(truncatingIfNeeded: i), path: p))
            }
        }
        return all.sorted { ($0.time, $0.path) < ($1.time, $1.path) }
    }

    /// No loss on a path.
    static let none = 0..<0
    static let ms = Time.millisecond
    static let us = Time.microsecond
}

extension SequenceRecovery {
    /// Feeds the arrivals in order; the numbers passed up, in order.
    mutating func run(_ arrivals: [Redundancy.Arrival]) -> [UInt16] {
        var up: [UInt16] = []
        for a in arrivals where accept(sequence: a.sequence, at: a.time) { up.append(a.sequence) }
        return up
    }
}

extension DuplicateDiscard {
    /// Feeds the arrivals, all from `source`, in order; the numbers passed up, in order.
    mutating func run(_ arrivals: [Redundancy.Arrival], source: Int = 0) -> [UInt16] {
        var up: [UInt16] = []
        for a in arrivals where accept(source: source, sequence: a.sequence, at: a.time) { up.append(a.sequence) }
        return up
    }
}

extension SequenceRecovery {
    /// Pass (true) or discard (false) for each (number, time), fed in order.
    mutating func verdicts(_ arrivals: [(UInt16, SimTime)]) -> [Bool] {
        var out: [Bool] = []
        for (s, t) in arrivals { out.append(accept(sequence: s, at: t)) }
        return out
    }
}

extension DuplicateDiscard {
    /// Pass (true) or discard (false) for each (source, number, time), fed in order.
    mutating func verdicts(_ arrivals: [(Int, UInt16, SimTime)]) -> [Bool] {
        var out: [Bool] = []
        for (source, s, t) in arrivals { out.append(accept(source: source, sequence: s, at: t)) }
        return out
    }
}
