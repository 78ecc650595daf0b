import ArgumentParser
import Campaign
import Experiments
import Foundation
import Kernel
import Reporting
import Scenario

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Simulate every design of a scenario, side by side.",
        discussion: """
            Runs the base design and every variant (or those named with --variant) in
            parallel on all cores, on common random numbers, and prints them side by side.

            With --out DIR, writes to DIR: flows.csv, ports.csv, links.csv, compute.csv,
            cells.csv, terminals.csv, faults.csv and results.json (the results);
            latency.svg (a plot of the latency percentiles); scenario.yaml (the file as
            given); design-NAME.yaml for each design (resolved into a scenario of its own
            that runs again as it is); and \(OutputDirectory.listName), the list of the
            files it wrote. A run first removes the files the list names, and leaves
            other files alone; it refuses a directory that holds files but no list.

            A design that stops early (too many frames in flight) still reports what it
            simulated, but fnsim then exits with status 3, unless --allow-early-stop.

            The table shows every flow of a plant of up to 20 (--top), in the file's
            order; of a larger one, the 20 with the least deadline slack, then the
            highest p99 latency, and says how many it left out. --flows narrows it (and
            the plot) to the matching flows.

              fnsim run Scenarios/quickstart.yaml
              fnsim run Scenarios/factory-tree.yaml --set parameters.C=4 --out results/
              fnsim run plant.yaml --variant base --variant ring --format csv > flows.csv
              fnsim run plant.yaml --top 50 --flows 'io-*'

            Replications: --replications N runs N independent replications of every
            design (replication indices 0…N−1, or from --replication), on all cores, and
            prints each flow's figures as mean ± half-width of a Student-t confidence
            interval (--confidence, default 95 %), ranked on the means as above. With
            --out DIR it writes summary.csv (every figure of every table: one row per
            table, design, key and metric, with n, mean, stddev, half_width, ci_low,
            ci_high and level), flows.csv, ports.csv, links.csv, compute.csv, cells.csv,
            terminals.csv and faults.csv with a replication column, scenario.yaml and
            design-NAME.yaml; --format csv prints summary.csv. A figure undefined in a
            replication (a latency with nothing delivered) is left out of its estimate,
            and n says how many replications had it.

            Sequential stopping: --precision 5% runs --replications (default 5), then
            adds replications until, for every --precision-metric (default
            latency_mean_s,latency_p99_s) on every flow row of every design, the
            half-width is at most 5 % of the mean (both 0 counts as met), or until
            --max-replications (default 100); then it warns which figures missed. The
            decision is taken on the first n replications in order, so the result does
            not depend on the number of cores.

              fnsim run plant.yaml --replications 10 --out results/
              fnsim run plant.yaml --precision 5% --precision-metric latency_p99_s
            """)

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case table, json, csv
    }

    @OptionGroup var scenario: ScenarioOptions

    @Option(help: ArgumentHelp("Write the result files there (listed above).", valueName: "dir"))
    var out: String?

    @Option(help: "What to print on stdout; csv prints only the flows.")
    var format: OutputFormat = .table

    @Option(parsing: .unconditional, help: ArgumentHelp("Replication: other random numbers (default 0).", valueName: "n"),
            transform: { try OptionValue.number($0, minimum: 0, example: "1") })
    var replication: Int = 0

    @Flag(help: "Report each source of a flow on a row of its own.")
    var perSource = false

    @Flag(help: "Show every port in the table, not only the busiest.")
    var allPorts = false

    @Option(parsing: .unconditional, help: ArgumentHelp(
        "Frames in flight that stop a run (default \(RunRequest.defaultMaxFramesInFlight)).", valueName: "n"),
            transform: { try OptionValue.number($0, minimum: 1, example: "50000000") })
    var maxInFlight = RunRequest.defaultMaxFramesInFlight

    @Flag(help: "Exit with status 0 even if a design stops early.")
    var allowEarlyStop = false

    /// The exit status of a run that a design cut short (its results are still written).
    static let earlyStopStatus: Int32 = 3

    @OptionGroup var flows: FlowOptions

    @Option(parsing: .unconditional, help: ArgumentHelp(
        "Independent replications; intervals for every figure.", valueName: "n"))
    var replications: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("Confidence level of the intervals (default 95%).",
                                                        valueName: "level"))
    var confidence: String?

    @Option(parsing: .unconditional, help: ArgumentHelp(
        "Replicate to this relative half-width, e.g. 5%.", valueName: "share"))
    var precision: String?

    @Option(name: .customLong("precision-metric"), parsing: .unconditionalSingleValue, help: ArgumentHelp(
        "Flow metrics --precision checks (repeatable).", valueName: "metric"))
    var precisionMetrics: [String] = []

    @Option(name: .customLong("max-replications"), parsing: .unconditional, help: ArgumentHelp(
        "Replications at most with --precision (default 100).", valueName: "n"))
    var maxReplications: String?

    /// Whether this run replicates (--replications or --precision).
    var replicates: Bool { replications != nil || precision != nil }

    func run() async throws {
        if replicates {
            try await runReplicated()
            return
        }
        if confidence != nil || !precisionMetrics.isEmpty || maxReplications != nil {
            Console.error("error: --confidence, --precision-metric and --max-replications need --replications N "
                          + "or --precision")
            throw ExitCode(1)
        }
        let (file, directory, requests) = try prepare()
        let started = Date()
        let progress = Progress(names: requests.map(\.variant))
        let results = await Runner.runAll(requests, progress: Console.stderrIsTerminal ? progress.report : nil)
        progress.finish()
        let cutShort = results.filter { $0.stopReason == .memoryLimit }
        for r in cutShort {
            Console.error("warning: design '\(r.variant)' stopped at \(Time.seconds(r.simulated)) s of simulated time "
                          + "with \(maxInFlight) frames in flight, the --max-in-flight limit (buffers without a limit "
                          + "fed above their rate?); its results cover only the time before")
        }

        let first = file.designs[0]
        let header = ReportHeader(
            scenario: file.name, file: file.path, scenarioHash: file.hash, seed: first.seed,
            replication: replication, durationSeconds: Time.seconds(first.duration),
            warmupSeconds: Time.seconds(first.warmup), fnsimVersion: FnsimVersion.string,
            runStarted: ISO8601DateFormatter().string(from: started),
            wallSeconds: Date().timeIntervalSince(started))
        // Written only when asked for: a plant of a million ports makes a large document.
        let json = directory != nil || format == .json
            ? ResultsJSON.render(header: header, results: results, redundancy: file.designs.map { $0.redundancyLines() },
                                 paths: file.designs.map { $0.plant.pathChanges() },
                                 routes: file.designs.map { $0.plant.sourceRoutes(sourcesPerFlow: 32) })
            : ""
        if let directory {
            let files = [
                ("flows.csv", ResultsCSV.flows(results)),
                ("ports.csv", ResultsCSV.ports(results)),
                ("links.csv", ResultsCSV.links(results)),
                ("compute.csv", ResultsCSV.compute(results)),
                ("cells.csv", ResultsCSV.cells(results)),
                ("terminals.csv", ResultsCSV.terminals(results)),
                ("faults.csv", ResultsCSV.faults(results)),
                ("results.json", json),
                ("latency.svg", LatencyPlot.render(results, title: file.name, flows: flows.selection)),
                ("scenario.yaml", (try? String(contentsOfFile: file.path, encoding: .utf8)) ?? ""),
            ] + file.designs.map { ("design-\($0.variant).yaml", $0.resolvedYAML) }
            do { try directory.write(files) } catch {
                Console.error("error: \(error)")
                throw ExitCode(1)
            }
            Console.error("wrote \(files.count) files to \(directory.path) (listed in \(OutputDirectory.listName))")
        }
        switch format {
        case .table:
            print(ConsoleTable.render(results, perPort: true, topPorts: allPorts ? .max : 10, flows: flows.selection,
                                      outDirectory: out), terminator: "")
        case .json: print(json, terminator: "")
        case .csv: print(ResultsCSV.flows(results), terminator: "")
        }
        if !cutShort.isEmpty && !allowEarlyStop {
            Console.error("error: \(cutShort.count) design\(cutShort.count == 1 ? "" : "s") stopped early; "
                          + "exit status \(Self.earlyStopStatus) (--allow-early-stop accepts early stops)")
            throw ExitCode(Self.earlyStopStatus)
        }
    }
}

extension RunCommand {
    /// The scenario, the output directory and one request per design (replication
    /// `--replication`), refused when the designs would not fit in memory together.
    func prepare() throws -> (ScenarioFile, OutputDirectory?, [RunRequest]) {
        let file = try scenario.load(resolvedYAML: out != nil)
        let directory: OutputDirectory?
        do { directory = try out.map(OutputDirectory.init) } catch {
            Console.error("error: \(error)")
            throw ExitCode(1)
        }
        let requests = file.designs.map {
            var r = RunRequest(variant: $0.variant, plant: $0.plant, seed: $0.seed, replication: replication,
                               duration: $0.duration, warmup: $0.warmup, perSource: perSource)
            r.maxFramesInFlight = maxInFlight
            return r
        }
        let limit = try scenario.memoryLimit
        let need = RunRequest.estimatedBytes(requests)
        if need > limit.bytes {
            Console.error("error: running \(requests.count == 1 ? "the design" : "these designs") would take "
                          + limit.refusal(need) + (requests.count > 1 ? "; or run fewer at once with --variant" : ""))
            throw ExitCode(1)
        }
        return (file, directory, requests)
    }
}

/// A progress line on stderr, shown only when stderr is a terminal and the run has taken
/// more than two seconds; updated at most a few times a second.
final class Progress: @unchecked Sendable {
    private let lock = NSLock()
    private let names: [String]
    private var done: [Double]
    private let start = Date()
    private var lastPrint = Date.distantPast
    private var shown = false

    init(names: [String]) {
        self.names = names
        done = Array(repeating: 0, count: names.count)
    }

    var report: @Sendable (Int, Double) -> Void {
        { [self] i, fraction in
            lock.lock()
            defer { lock.unlock() }
            done[i] = fraction
            let now = Date()
            guard now.timeIntervalSince(start) > 2, now.timeIntervalSince(lastPrint) > 0.25 else { return }
            lastPrint = now
            shown = true
            let parts = zip(names, done).map { "\($0) \(Int($1 * 100))%" }.joined(separator: "  ")
            FileHandle.standardError.write(Data("\r\u{1B}[K\(parts)  (\(Int(now.timeIntervalSince(start)))s)".utf8))
        }
    }

    func finish() {
        lock.lock()
        defer { lock.unlock() }
        if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}
