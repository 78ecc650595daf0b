import ArgumentParser
import Campaign
import Experiments
import Foundation
import Kernel
import Reporting
import Scenario

struct CompareCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare every design with the base: paired intervals.",
        discussion: """
            Runs --replications (default 10) replications of every design, replication r
            of each design on the same random numbers, and for every flow (pooled row of
            each leg) and --metric (repeatable or comma-separated; default latency_mean_s,
            latency_p99_s, latency_p9999_s, latency_max_s, jitter_s, loss_ratio,
            deadline_misses, availability, throughput_bps: columns of flows.csv) gives
            the difference design − base: the mean of the replication-by-replication
            differences with its paired Student-t interval (half_width), the unpaired
            Welch half-width of the same data for contrast,
            and a verdict: better or worse when the paired interval excludes 0 (lower is
            better for latencies, jitter, loss, drops and deadline misses; higher for
            availability, throughput and deliveries), no significant difference when it
            holds 0, same when every replication gave both designs the same figure.
            The base is the first design run, in the file's order: base, unless
            --variant leaves it out.

            The designs are ranked by --objective METRIC[:FLOW-GLOB] (default
            latency_p99_s): a design's value is the mean, over the end-to-end rows
            (one-way, or round-trip for a request flow) of the flows matching the glob
            — by default the flows with a deadline, or all flows when none has one — of
            each row's mean over replications; lower ranks first unless higher is better.
            Per design it reports the deadlines met (a flow meets its deadline when no
            replication had a deadline miss; the miss ratio, misses / sent, is given with
            its interval) and the availability of flows with a survival time, against
            --availability if given (met: the interval lies at or above the target;
            missed: below; uncertain: it straddles the target).

            The table shows only significant differences (--all shows every row, and it
            says how many it hid) of the --top flows with the most of them (--flows
            narrows them). --format csv prints every row: design, flow, leg, metric,
            base_mean, design_mean, difference, half_width, ci_low, ci_high,
            unpaired_half_width, verdict, n. --out DIR writes compare.csv, compare.json,
            summary.csv and the per-replication tables (as run --replications does).

              fnsim compare Scenarios/quickstart.yaml
              fnsim compare plant.yaml --replications 20 --objective latency_max_s:'io-*'
              fnsim compare plant.yaml --availability 99.99% --format csv > compare.csv
            """)

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case table, csv, json
    }

    @OptionGroup var scenario: ScenarioOptions

    @Option(parsing: .unconditional, help: ArgumentHelp("Replications of every design (default 10).", valueName: "n"))
    var replications: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("First replication index (default 0).", valueName: "n"))
    var replication: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("Confidence level of the intervals (default 95%).",
                                                        valueName: "level"))
    var confidence: String?

    @Option(name: .customLong("metric"), parsing: .unconditionalSingleValue, help: ArgumentHelp(
        "Flow metrics to compare (repeatable; default above).", valueName: "metric"))
    var metrics: [String] = []

    @Option(parsing: .unconditional, help: ArgumentHelp(
        "What ranks the designs (default latency_p99_s).",
        valueName: "metric[:glob]"))
    var objective: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("Availability target, e.g. 99.99%.",
                                                        valueName: "share"))
    var availability: String?

    @Flag(help: "Show every difference, not only the significant ones.")
    var all = false

    @Option(help: "What to print on stdout.")
    var format: OutputFormat = .table

    @Option(help: ArgumentHelp("Write the comparison and the tables there.", valueName: "dir"))
    var out: String?

    @Flag(help: "Exit with status 0 even if a run stops early.")
    var allowEarlyStop = false

    @OptionGroup var flows: FlowOptions

    struct Settings {
        var count: Int
        var first: Int
        var level: Double
        var metrics: [String]
        var objective: Objective
        var availability: Double?
    }

    func settings() throws -> Settings {
        var count = 10, first = 0
        if let replications { count = try ReplicationValue.count(replications, option: "--replications") }
        if count < 2 {
            throw ReplicationValue.Bad(message: "--replications \(count): a comparison needs 2 or more, such as 10")
        }
        if let replication { first = try ReplicationValue.index(replication, option: "--replication") }
        let level = try ReplicationValue.level(confidence)
        var chosen = try ReplicationValue.metrics(metrics, option: "--metric")
        if chosen.isEmpty { chosen = Comparison.defaultMetrics }
        let objective = objective.map(Objective.init(parsing:)) ?? Objective()
        try ReplicationValue.metric(objective.metric, option: "--objective")
        if objective.flows?.isEmpty == true {
            throw ReplicationValue.Bad(message: "--objective \(objective.metric): give a flow glob after ':', such as "
                                       + "\(objective.metric):'io-*', or leave the ':' out")
        }
        var target: Double?
        if let availability { target = try ReplicationValue.availability(availability) }
        return Settings(count: count, first: first, level: level, metrics: chosen, objective: objective,
                        availability: target)
    }

    func run() async throws {
        let s: Settings
        do { s = try settings() } catch let error as ReplicationValue.Bad {
            Console.error("error: \(error.message)")
            throw ExitCode(1)
        }
        let file = try scenario.load(resolvedYAML: out != nil)
        guard file.designs.count >= 2 else {
            Console.error("error: compare needs two designs or more; \(file.path) gives only '\(file.designs[0].variant)' "
                          + "(add variants to the file, or name two or more with --variant)")
            throw ExitCode(1)
        }
        let directory: OutputDirectory?
        do { directory = try out.map(OutputDirectory.init) } catch {
            Console.error("error: \(error)")
            throw ExitCode(1)
        }
        let requests = file.designs.map {
            RunRequest(variant: $0.variant, plant: $0.plant, seed: $0.seed, replication: s.first,
                       duration: $0.duration, warmup: $0.warmup)
        }
        let limit = try scenario.memoryLimit
        let need = RunRequest.estimatedBytes(requests)
        if need > limit.bytes {
            Console.error("error: running these designs would take " + limit.refusal(need)
                          + "; or run fewer at once with --variant")
            throw ExitCode(1)
        }
        if file.designs.contains(where: { $0.seed != file.designs[0].seed }) {
            Console.error("warning: the designs have different seeds, so they do not share random numbers; "
                          + "the paired intervals are then no narrower than unpaired ones")
        }
        let line = RunProgress(label: "compare")
        let result = await Replications.run(requests, first: s.first, count: s.count, level: s.level,
                                            progress: line.report)
        line.finish()
        let cutShort = result.runs.flatMap { $0 }.filter { $0.stopReason == .memoryLimit }
        for r in cutShort {
            Console.error("warning: design '\(r.variant)' stopped early (too many frames in flight) in one "
                          + "replication; its figures cover only the time before")
        }
        let comparison = Comparison(result, metrics: s.metrics, objective: s.objective, availabilityTarget: s.availability,
                                    level: s.level)
        if let directory {
            var files: [(name: String, text: String)] = [(name: "compare.csv", text: ComparisonReport.csv(comparison)),
                                                        (name: "compare.json", text: ComparisonReport.json(comparison))]
            files += replicatedFiles(result, file: file, level: s.level)
            do { try directory.write(files) } catch {
                Console.error("error: \(error)")
                throw ExitCode(1)
            }
            Console.error("wrote \(files.count) files to \(directory.path) (listed in \(OutputDirectory.listName))")
        }
        switch format {
        case .table:
            print(ComparisonReport.table(comparison, selection: flows.selection, all: all,
                                         availabilityTarget: s.availability), terminator: "")
        case .csv: print(ComparisonReport.csv(comparison), terminator: "")
        case .json: print(ComparisonReport.json(comparison), terminator: "")
        }
        if !cutShort.isEmpty && !allowEarlyStop {
            Console.error("error: \(cutShort.count) run\(cutShort.count == 1 ? "" : "s") stopped early; "
                          + "exit status \(RunCommand.earlyStopStatus) (--allow-early-stop accepts early stops)")
            throw ExitCode(RunCommand.earlyStopStatus)
        }
    }
}
