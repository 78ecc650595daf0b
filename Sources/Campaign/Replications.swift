import Analysis
import Experiments
import Foundation

/// Where a batch of runs stands, for a progress line: runs done, going and not started.
/// (Replications count one replication index, all designs, as one.)
public struct RunCounts: Sendable, Equatable {
    public var done: Int
    public var running: Int
    public var remaining: Int
}

/// What `Replications.run` returns.
public struct ReplicatedRun: Sendable {
    /// Each design's results, `runs[d][k]` for replication `first + k`.
    public var runs: [[RunResult]]
    public var replicated: Replicated
    /// The replication index of `runs[d][0]`.
    public var first: Int
    /// With a stopping rule: the figures that still missed the target when the cap was
    /// reached (empty when the rule was met).
    public var misses: [StoppingRule.Miss]

    init(runs: [[RunResult]], replicated: Replicated, first: Int, misses: [StoppingRule.Miss]) {
        self.runs = runs
        self.replicated = replicated
        self.first = first
        self.misses = misses
    }

    /// Results run elsewhere (a results store, a study in Swift): `runs[d][k]` is design
    /// d's replication `first + k`, every design on the same replication indices.
    public init(runs: [[RunResult]], first: Int = 0) {
        self.init(runs: runs, replicated: Replicated(runs), first: first, misses: [])
    }
}

public enum Replications {
    /// Runs replications `first`, `first + 1`, … of every design (`designs[d]` with its
    /// replication index replaced), `jobs` simulations at a time, replication by
    /// replication in order. Without a rule it runs `count`; with one, from
    /// `rule.minimum` up to `rule.maximum`, and keeps the first n at which the rule holds
    /// over replications 0..<n: later ones started meanwhile are discarded, so the result
    /// is the same for any `jobs`.
    public static func run(_ designs: [RunRequest], first: Int = 0, count: Int, rule: StoppingRule? = nil,
                           level: Double = 0.95, jobs: Int = ProcessInfo.processInfo.activeProcessorCount,
                           progress: (@Sendable (RunCounts) -> Void)? = nil) async -> ReplicatedRun {
        let d = designs.count
        var replicated = Replicated(designs: designs.map(\.variant))
        var runs = [[RunResult]](repeating: [], count: d)
        guard d > 0 else { return ReplicatedRun(runs: runs, replicated: replicated, first: first, misses: []) }
        let minimum = rule?.minimum ?? count
        var planned = rule?.maximum ?? count
        var decided = rule == nil
        // Results of replications not yet appended (their earlier ones still run).
        var waiting: [Int: [RunResult?]] = [:]
        var doneRuns = [Int](repeating: 0, count: planned)
        var launched = 0
        var inFlight = 0
        let limit = max(1, jobs)

        func report() {
            guard let progress else { return }
            let started = (launched + d - 1) / d
            let done = doneRuns.prefix(min(planned, started)).filter { $0 == d }.count
            progress(RunCounts(done: done, running: min(planned, started) - done,
                                         remaining: max(0, planned - started)))
        }

        func add(_ group: inout TaskGroup<(Int, Int, RunResult)>) {
            let r = launched / d, k = launched % d
            var request = designs[k]
            request.replication = first + r
            group.addTask { (r, k, Runner.run(request)) }
            launched += 1
            inFlight += 1
        }

        await withTaskGroup(of: (Int, Int, RunResult).self) { group in
            while inFlight < limit && launched < planned * d {
                add(&group)
            }
            report()
            while let next = await group.next() {
                let (r, k, result) = next
                inFlight -= 1
                doneRuns[r] += 1
                if r < planned {
                    waiting[r, default: [RunResult?](repeating: nil, count: d)][k] = result
                }
                // Append every replication now complete in order, checking the rule after each.
                while replicated.replications < planned, let next = waiting[replicated.replications],
                      next.allSatisfy({ $0 != nil }) {
                    waiting[replicated.replications] = nil
                    let results = next.map { $0! }
                    replicated.append(results)
                    for (i, run) in results.enumerated() { runs[i].append(run) }
                    if let rule, !decided, replicated.replications >= minimum,
                       rule.misses(replicated, level: level).isEmpty {
                        decided = true
                        planned = replicated.replications
                    }
                }
                while inFlight < limit && launched < planned * d {
                    add(&group)
                }
                report()
            }
        }
        let misses = rule.map { decided ? [] : $0.misses(replicated, level: level) } ?? []
        return ReplicatedRun(runs: runs, replicated: replicated, first: first, misses: misses)

    }
}
