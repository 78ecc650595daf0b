import Analysis
import Experiments
import Foundation
import Kernel
import Reporting
import Scenario

/// `fnsim capacity`: for each design, the largest value of a scale parameter at which
/// every constraint of an SLA holds with the chosen confidence. Each evaluation loads the
/// scenario with the scale set (`--set PATH=VALUE`) and runs `replications` replications
/// with the design's seed: replication r draws the same random numbers at every scale
/// (common random numbers), so the curve is smooth and the bracket honest.
public struct CapacityStudy: Sendable {
    public var file: String
    public var scale: ScaleParameter
    public var sla: SLA
    public var replications: Int
    /// Confidence level of the intervals (0.95).
    public var level: Double
    public var maximum: Double?
    public var tolerance: CapacitySearch.Tolerance?
    /// Other `--set` overrides, applied before the scale's.
    public var overrides: [String] = []
    public var seed: UInt64?
    public var duration: String?
    public var warmup: String?
    public var maxMemory: MemoryLimit = .machineDefault
    /// Simulations at once (over all designs).
    public var jobs: Int
    public var maxFramesInFlight = RunRequest.defaultMaxFramesInFlight

    public init(file: String, scale: ScaleParameter, sla: SLA, replications: Int = 5, level: Double = 0.95,
                jobs: Int = ProcessInfo.processInfo.activeProcessorCount) {
        precondition(replications >= 2, "a confidence interval needs two replications")
        self.file = file
        self.scale = scale
        self.sla = sla
        self.replications = replications
        self.level = level
        self.jobs = Swift.max(1, jobs)
    }

    /// One design's search.
    public struct DesignCapacity: Sendable {
        public var design: String
        /// Where its search started.
        public var start: Double
        /// The search; nil when the design was not searched (`skipped` says why).
        public var finding: CapacitySearch.Finding?
        public var skipped: String?

        public var limit: Double? { finding?.limit }
        /// Limit over start: above 1, room to grow; below 1, the start is already too much.
        public var headroom: Double? { limit.map { $0 / start } }
        public var evaluations: Int { finding?.steps.count ?? 0 }
        public var reason: String { skipped ?? finding?.reason ?? "" }
    }

    public var search: CapacitySearch {
        var s = CapacitySearch(start: scale.start, integer: scale.integer, maximum: maximum, tolerance: tolerance)
        s.unit = scale.unit
        return s
    }

    /// Loads one design at scale `x`.
    func load(_ design: String?, at x: Double) throws -> ScenarioFile {
        try ScenarioLoader.load(path: file, overrides: overrides + ["\(scale.path)=\(scale.text(x))"], seed: seed,
                                duration: duration, warmup: warmup, variants: design.map { [$0] },
                                maxMemory: maxMemory, resolvedYAML: false)
    }

    /// Checks the study before it runs: the scenario loads at the start, every SLA glob
    /// matches a flow of every design, and the scale changes each design (a mistyped path
    /// would be added to the file and read by nothing). Returns the designs to search and,
    /// for each design the scale does not reach, why.
    /// - Throws: `ScenarioErrors`, `SLAError` or `ScaleError`.
    public func prepare(variants: [String]?) throws -> (designs: [String], skipped: [String: String]) {
        let atStart = try ScenarioLoader.load(
            path: file, overrides: overrides + ["\(scale.path)=\(scale.text(scale.start))"], seed: seed,
            duration: duration, warmup: warmup, variants: variants, maxMemory: maxMemory, resolvedYAML: false)
        for d in atStart.designs {
            let flows = d.plant.flows
            try sla.check(flows: flows.map(\.name), design: atStart.designs.count > 1 ? d.variant : nil) { name in
                flows.first { $0.name == name }.map { $0.deadline != nil && $0.survivalTime != nil } ?? false
            }
        }
        let other = scale.integer ? scale.start + 1 : scale.start * 2
        let moved = try? ScenarioLoader.load(
            path: file, overrides: overrides + ["\(scale.path)=\(scale.text(other))"], seed: seed,
            duration: duration, warmup: warmup, variants: variants, maxMemory: maxMemory, resolvedYAML: false)
        var skipped: [String: String] = [:]
        if let moved {
            let unchanged = zip(atStart.designs, moved.designs).filter {
                $0.plant == $1.plant && $0.duration == $1.duration && $0.warmup == $1.warmup && $0.seed == $1.seed
            }.map { $0.0.variant }
            if unchanged.count == atStart.designs.count {
                throw ScaleError("--scale \(scale.path): setting it to \(scale.text(scale.start)) or "
                                 + "\(scale.text(other)) gives the same plant; is it the path of a value the "
                                 + "scenario uses (such as parameters.N, read as $N)?")
            }
            for v in unchanged {
                skipped[v] = "the scale does not change this design (its variant sets \(scale.path) itself?)"
            }
        }
        return (atStart.designs.map(\.variant), skipped)
    }

    /// Judges the SLA for `design` at scale `x`.
    public func evaluate(design: String, at x: Double, slots: JobSlots) async -> CapacitySearch.Outcome {
        let file: ScenarioFile
        do { file = try load(design, at: x) } catch let e as ScenarioErrors {
            return .unusable(e.diagnostics.first.map { "\($0.file):\($0.line):\($0.column): \($0.message)" }
                             ?? e.description)
        } catch {
            return .unusable("\(error)")
        }
        guard let d = file.designs.first else { return .unusable("design '\(design)' is not in the file") }
        let requests = (0..<replications).map { r in
            var q = RunRequest(variant: d.variant, plant: d.plant, seed: d.seed, replication: r, duration: d.duration,
                               warmup: d.warmup)
            q.maxFramesInFlight = maxFramesInFlight
            return q
        }
        let need = requests[0].estimatedBytes * Int64(Swift.min(jobs, replications))
        if need > maxMemory.bytes {
            return .unusable("running it would take " + maxMemory.refusal(need))
        }
        let results = await slots.runAll(requests)
        let checks = sla.check(results, level: level)
        let early = results.filter { $0.stopReason == .memoryLimit }.count
        if early > 0 {
            return .measured(holds: false, checks: checks, note: "\(early) of \(replications) replications stopped "
                             + "early with \(maxFramesInFlight) frames in flight (overloaded)")
        }
        return .measured(holds: checks.allSatisfy(\.holds), checks: checks, note: nil)
    }

    /// Searches every design in `designs` (all at once, sharing `jobs` simulations) and
    /// returns them in the given order. `progress` gets one line per evaluation.
    public func run(designs: [String], skipped: [String: String] = [:],
                    progress: (@Sendable (String) -> Void)? = nil) async -> [DesignCapacity] {
        let slots = JobSlots(jobs)
        let search = self.search
        return await withTaskGroup(of: (Int, DesignCapacity).self) { group in
            for (i, design) in designs.enumerated() {
                if let why = skipped[design] {
                    group.addTask { (i, DesignCapacity(design: design, start: search.start, finding: nil, skipped: why)) }
                    continue
                }
                group.addTask {
                    let finding = await search.run({ x in await self.evaluate(design: design, at: x, slots: slots) }) {
                        step in progress?(self.progressLine(design: design, step: step))
                    }
                    return (i, DesignCapacity(design: design, start: search.start, finding: finding, skipped: nil))
                }
            }
            var out = [DesignCapacity?](repeating: nil, count: designs.count)
            for await (i, r) in group { out[i] = r }
            return out.compactMap { $0 }
        }
    }

    /// `capacity: base N=48 holds (control p99.99 up to 0.61 ms < 1ms)`: the constraint
    /// closest to failing, or the one furthest past its limit.
    public func progressLine(design: String, step: CapacitySearch.Step) -> String {
        var line = "capacity: \(design) \(scale.label)=\(scale.text(step.scale)) " + (step.holds ? "holds" : "fails")
        let pick = step.holds ? step.checks.min { $0.relativeMargin < $1.relativeMargin }
            : step.checks.filter { !$0.holds }.min { $0.relativeMargin < $1.relativeMargin }
        var detail: [String] = []
        if let c = pick { detail.append(c.summary(replications: replications)) }
        if let note = step.note { detail.append(note) }
        if !detail.isEmpty { line += " (" + detail.joined(separator: "; ") + ")" }
        return line
    }

    /// Designs best first: largest headroom, then the file's order; designs without a
    /// limit last.
    public static func ranked(_ designs: [DesignCapacity]) -> [DesignCapacity] {
        designs.enumerated().sorted { a, b in
            let ha = a.element.headroom ?? -1, hb = b.element.headroom ?? -1
            return ha != hb ? ha > hb : a.offset < b.offset
        }.map(\.element)
    }
}

extension ConstraintCheck {
    /// `control p99.99 up to 0.61 ms < 1ms`, or why it fails.
    public func summary(replications: Int) -> String {
        let k = constraint
        let head = "\(flow) \(k.metric.name)"
        if undefined > 0 {
            return head + " undefined in \(undefined) of \(replications) replications (nothing delivered?)"
        }
        guard let b = bound else { return head + " undefined" }
        let side = k.comparison.isUpperLimit ? "up to" : "down to"
        return "\(head) \(side) \(k.metric.format(b)) \(holds ? k.comparison.symbol : k.comparison.negated) \(k.limitText)"
    }
}

extension SLA.Metric {
    /// A value of this metric for people: `0.6100 ms`, `94.21 Mbit/s`, `99.99950 %`.
    public func format(_ x: Double) -> String {
        switch kind {
        case .time: return Format.time(seconds: x)
        case .rate: return Format.rate(bitsPerSecond: x)
        case .probability:
            return column == "availability" ? Format.availability(x) : (x == 0 ? "0" : String(format: "%.3g", x))
        case .number: return Format.number(x)
        }
    }
}

/// At most `count` simulations at once, shared by all designs' searches.
public actor JobSlots {
    private var free: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []

    public init(_ count: Int) { free = Swift.max(1, count) }

    func acquire() async {
        if free > 0 { free -= 1; return }
        await withCheckedContinuation { waiting.append($0) }
    }

    func release() {
        if waiting.isEmpty { free += 1 } else { waiting.removeFirst().resume() }
    }

    /// Runs `requests` in parallel within the slots; results in request order.
    nonisolated func runAll(_ requests: [RunRequest]) async -> [RunResult] {
        await withTaskGroup(of: (Int, RunResult).self) { group in
            for (i, q) in requests.enumerated() {
                group.addTask {
                    await self.acquire()
                    let r = Runner.run(q)
                    await self.release()
                    return (i, r)
                }
            }
            var out = [RunResult?](repeating: nil, count: requests.count)
            for await (i, r) in group { out[i] = r }
            return out.compactMap { $0 }
        }
    }
}
