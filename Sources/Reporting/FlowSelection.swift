import Analysis
import Kernel

/// Which flows a report shows, and in what order. The flows whose name matches are all
/// shown, in the order they first appear (the file's), when there are `top` or fewer;
/// otherwise the `top` that matter most, most urgent first (`FlowRank`). A flow's legs stay
/// together: a request flow counts as one flow.
public struct FlowSelection: Sendable {
    /// How many flows the console table shows unless told otherwise.
    public static let defaultTop = 20

    /// At most this many flows; nil shows every flow that matches.
    public var top: Int?
    /// The flows to consider, by name (a shell-style glob in the CLI); nil: all.
    public var matches: (@Sendable (String) -> Bool)?
    /// The pattern as the user wrote it, for messages.
    public var pattern: String?

    public init(top: Int? = FlowSelection.defaultTop, pattern: String? = nil,
                matches: (@Sendable (String) -> Bool)? = nil) {
        self.top = top
        self.pattern = pattern
        self.matches = matches
    }

    /// The flows of `results` (pooled rows, any design) this selection shows.
    public func choose(_ results: [RunResult]) -> ChosenFlows {
        choose(FlowRank.names(results)) { FlowRank.order($0, in: results) }
    }

    /// The flows `names` (in the file's order) this selection shows: those that match,
    /// and when more than `top` do, the first `top` in the order `rank` gives them (the
    /// file's without it).
    public func choose(_ names: [String], rank: (([String]) -> [String])? = nil) -> ChosenFlows {
        let matching = matches.map { m in names.filter { m($0) } } ?? names
        guard let top, matching.count > top else {
            return ChosenFlows(shown: matching, total: names.count, matching: matching.count, ranked: false)
        }
        return ChosenFlows(shown: Array((rank?(matching) ?? matching).prefix(max(0, top))), total: names.count,
                           matching: matching.count, ranked: rank != nil)
    }
}

/// What a `FlowSelection` chose from some results.
public struct ChosenFlows: Sendable, Equatable {
    /// The flows shown, in order.
    public var shown: [String]
    /// Flows in the results, and of those the ones that match.
    public var total: Int
    public var matching: Int
    /// Whether `shown` is in rank order (flows were left out for `top`) rather than the file's.
    public var ranked: Bool

    /// Flows not shown, matching or not.
    public var hidden: Int { total - shown.count }

    /// The flows not shown, in words ("12 more flows and 4,990 not matching 'io-*'"); nil
    /// when every flow is shown.
    public func leftOut(pattern: String?) -> String? {
        let more = matching - shown.count, other = total - matching
        var parts: [String] = []
        if more > 0 { parts.append(Format.count(more, "more flow")) }
        if other > 0 {
            parts.append((more > 0 ? Format.count(other) : Format.count(other, "flow")) + " not matching "
                         + (pattern.map { "'\($0)'" } ?? "the pattern"))
        }
        return parts.isEmpty ? nil : parts.joined(separator: " and ")
    }
}

/// The order of urgency of flows across designs: first the flows with a deadline, least
/// slack first, where a flow's slack is the smallest over designs and legs of its deadline
/// minus its worst latency (the maximum delivered, or the age at the end of the oldest
/// frame still in flight if that is more; a flow that sent frames and has neither has no
/// slack at all); then by the highest p99 latency over designs and legs; ties in the order
/// the flows first appear.
public enum FlowRank {
    /// Flow names (pooled rows) in order of first appearance, base design first.
    public static func names(_ results: [RunResult]) -> [String] {
        var seen: Set<String> = [], out: [String] = []
        for run in results {
            for f in run.flows where f.source == nil && seen.insert(f.flow).inserted { out.append(f.flow) }
        }
        return out
    }

    /// `flows` (names, in their order of first appearance) sorted most urgent first.
    public static func order(_ flows: [String], in results: [RunResult]) -> [String] {
        var keys = [String: Key]()
        for (i, name) in flows.enumerated() { keys[name] = Key(position: i) }
        for run in results {
            for f in run.flows where f.source == nil {
                keys[f.flow]?.add(f)
            }
        }
        return flows.sorted { keys[$0]! < keys[$1]! }
    }

    /// Slack (picoseconds; nil: no deadline, or nothing sent on its rows), highest p99, position.
    struct Key: Comparable {
        var slack: SimTime?
        var p99: SimTime?
        let position: Int

        init(position: Int) { self.position = position }

        mutating func add(_ f: FlowResult) {
            if let p = f.latency?.p99, p > (p99 ?? -1) { p99 = p }
            guard let deadline = f.deadline, f.sent > 0 else { return }
            let worst = [f.latency?.max, f.oldestInFlight].compactMap { $0 }.max()
            let s = worst.map { deadline &- $0 } ?? .min
            if s < (slack ?? .max) { slack = s }
        }

        static func < (a: Key, b: Key) -> Bool {
            if a.slack != b.slack {
                guard let sa = a.slack else { return false }
                guard let sb = b.slack else { return true }
                return sa < sb
            }
            if a.p99 != b.p99 { return (a.p99 ?? -1) > (b.p99 ?? -1) }
            return a.position < b.position
        }
    }
}

/// One leg of a flow (pooled rows): a section of the console table, a row of the plot.
struct FlowLeg: Hashable {
    var flow: String
    var leg: Leg

    /// "camera", or "vision · round-trip" for a leg of a request flow.
    var label: String { leg == .oneWay ? flow : flow + " · " + leg.rawValue }

    /// The legs of `flows`, flow by flow in the given order, each flow's legs in order of
    /// first appearance.
    static func legs(_ results: [RunResult], of flows: [String]) -> [FlowLeg] {
        var legs: [String: [Leg]] = [:]
        for run in results {
            for f in run.flows where f.source == nil && !(legs[f.flow]?.contains(f.leg) ?? false) {
                legs[f.flow, default: []].append(f.leg)
            }
        }
        return flows.flatMap { name in (legs[name] ?? []).map { FlowLeg(flow: name, leg: $0) } }
    }

    /// Each design's pooled rows by leg.
    static func rows(_ results: [RunResult]) -> [[FlowLeg: FlowResult]] {
        results.map { run in
            Dictionary(run.flows.filter { $0.source == nil }.map { (FlowLeg(flow: $0.flow, leg: $0.leg), $0) },
                       uniquingKeysWith: { first, _ in first })
        }
    }
}
