import ArgumentParser
import Campaign
import Experiments
import Foundation
import Kernel
import Reporting
import Scenario

extension RunCommand {
    /// The stopping rule and replication counts of the options, checked.
    func replicationPlan() throws -> (count: Int, level: Double, rule: StoppingRule?) {
        let level = try ReplicationValue.level(confidence)
        var count: Int?
        if let replications { count = try ReplicationValue.count(replications, option: "--replications") }
        guard let precision else {
            if !precisionMetrics.isEmpty || maxReplications != nil {
                throw ReplicationValue.Bad(message: "--precision-metric and --max-replications need --precision")
            }
            return (count ?? 1, level, nil)
        }
        let target = try ReplicationValue.precision(precision)
        var metrics = try ReplicationValue.metrics(precisionMetrics, option: "--precision-metric")
        if metrics.isEmpty { metrics = StoppingRule.defaultMetrics }
        let minimum = count ?? StoppingRule.defaultMinimum
        if minimum < 2 {
            throw ReplicationValue.Bad(message: "--replications \(minimum): sequential stopping needs 2 or more to "
                                       + "start with (default \(StoppingRule.defaultMinimum))")
        }
        var maximum = max(100, minimum)
        if let maxReplications { maximum = try ReplicationValue.count(maxReplications, option: "--max-replications") }
        if maximum < minimum {
            throw ReplicationValue.Bad(message: "--max-replications \(maximum): give at least the \(minimum) "
                                       + "replications it starts with (--replications)")
        }
        return (minimum, level, StoppingRule(precision: target, metrics: metrics, minimum: minimum, maximum: maximum))
    }

    func runReplicated() async throws {
        let plan: (count: Int, level: Double, rule: StoppingRule?)
        do {
            plan = try replicationPlan()
            if format == .json {
                throw ReplicationValue.Bad(message: "--format json: not with replications; use --format csv "
                                           + "(summary.csv on stdout) or --out DIR")
            }
        } catch let error as ReplicationValue.Bad {
            Console.error("error: \(error.message)")
            throw ExitCode(1)
        }
        let (file, directory, requests) = try prepare()
        let line = RunProgress(label: "replications")
        let result = await Replications.run(requests, first: replication, count: plan.count, rule: plan.rule,
                                            level: plan.level, progress: line.report)
        line.finish()
        let cutShort = result.runs.flatMap { $0 }.filter { $0.stopReason == .memoryLimit }
        for r in cutShort {
            Console.error("warning: design '\(r.variant)' stopped at \(Time.seconds(r.simulated)) s of simulated time "
                          + "with \(maxInFlight) frames in flight, the --max-in-flight limit, in one replication; "
                          + "its figures cover only the time before")
        }
        let stopped = plan.rule.map { stoppingText($0, result) }
        if let rule = plan.rule, !result.misses.isEmpty {
            Console.error(missesWarning(rule, result))
        }
        if let directory {
            let files = replicatedFiles(result, file: file, level: plan.level)
            do { try directory.write(files) } catch {
                Console.error("error: \(error)")
                throw ExitCode(1)
            }
            Console.error("wrote \(files.count) files to \(directory.path) (listed in \(OutputDirectory.listName))")
        }
        switch format {
        case .table:
            print(ReplicatedFlowsTable.render(result.replicated, level: plan.level, selection: flows.selection,
                                              outDirectory: out, stopped: stopped), terminator: "")
        case .csv, .json: print(SummaryCSV.render(result.replicated, level: plan.level), terminator: "")
        }
        if !cutShort.isEmpty && !allowEarlyStop {
            Console.error("error: \(cutShort.count) run\(cutShort.count == 1 ? "" : "s") stopped early; "
                          + "exit status \(Self.earlyStopStatus) (--allow-early-stop accepts early stops)")
            throw ExitCode(Self.earlyStopStatus)
        }
    }

    /// "stopped at 12 replications: …" for the table.
    func stoppingText(_ rule: StoppingRule, _ result: ReplicatedRun) -> String {
        let n = result.replicated.replications
        let target = Format.percent(rule.precision, digits: 3)
        if result.misses.isEmpty {
            return "stopped at \(n) replications: every \(rule.metrics.joined(separator: ", ")) within ±\(target) of its mean"
        }
        return "reached --max-replications \(n) before every \(rule.metrics.joined(separator: ", ")) was within ±\(target)"
    }

    /// The warning when the cap came first: which figures missed, worst first.
    func missesWarning(_ rule: StoppingRule, _ result: ReplicatedRun) -> String {
        let shown = result.misses.prefix(5).map { m in
            let leg = m.leg == "one-way" ? "" : " · " + m.leg
            let width = m.relativeHalfWidth.map { "±" + Format.percent($0, digits: 3) } ?? "no interval (in fewer than 2 replications)"
            return "\(m.metric) of flow \(m.flow)\(leg) in design \(m.design): \(width)"
        }
        let more = result.misses.count > 5 ? "; and \(result.misses.count - 5) more" : ""
        return "warning: after \(result.replicated.replications) replications (--max-replications) "
            + Format.count(result.misses.count, "figure") + " still miss ±" + Format.percent(rule.precision, digits: 3)
            + ": " + shown.joined(separator: "; ") + more
    }
}
