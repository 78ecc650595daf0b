import ArgumentParser
import Experiments
import Foundation
import Kernel
import Reporting
import Scenario

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Simulate a scenario's designs and report flows, ports, links and compute nodes.",
        discussion: """
            Runs the base design and every variant (or those named with --variant) in
            parallel on all cores, on common random numbers, and prints them side by side.
            With --out, writes flows.csv, ports.csv, links.csv, compute.csv, cells.csv, terminals.csv,
            faults.csv, results.json, latency.svg (a plot of the latency percentiles), a copy of
            the scenario, and each design resolved into a scenario of its own
            (design-NAME.yaml) that runs again as it is.

            The table shows every flow of a plant of up to 20 (--top), in the file's
            order; of a larger one, the 20 with the least deadline slack, then the
            highest p99 latency, and says how many it left out. --flows narrows it (and
            the plot) to the matching flows.

              fnsim run Scenarios/quickstart.yaml
              fnsim run Scenarios/factory-tree.yaml --set parameters.C=4 --out results/
              fnsim run plant.yaml --variant base --variant ring --format csv > flows.csv
              fnsim run plant.yaml --top 50 --flows 'io-*'
            """)

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case table, json, csv
    }

    @OptionGroup var scenario: ScenarioOptions

    @Option(help: ArgumentHelp("Directory for the result files (flows.csv, results.json, ...).", valueName: "dir"))
    var out: String?

    @Option(help: "Format on stdout: table, json or csv (flows).")
    var format: OutputFormat = .table

    @Option(help: "Replication number: a different, reproducible set of random numbers.")
    var replication: Int = 0

    @Flag(help: "Also report each source of a many-source flow on its own row.")
    var perSource = false

    @Flag(help: "Show every port in the table, not only the busiest.")
    var allPorts = false

    @OptionGroup var flows: FlowOptions

    func validate() throws {
        guard replication >= 0 else { throw ValidationError("--replication must be 0 or more") }
    }

    func run() async throws {
        let file = try scenario.load()
        let started = Date()
        let requests = file.designs.map {
            RunRequest(variant: $0.variant, plant: $0.plant, seed: $0.seed, replication: replication,
                       duration: $0.duration, warmup: $0.warmup, perSource: perSource)
        }
        let progress = Progress(names: requests.map(\.variant))
        let results = await Runner.runAll(requests, progress: Console.stderrIsTerminal ? progress.report : nil)
        progress.finish()
        for r in results where r.stopReason == .memoryLimit {
            Console.error("warning: design '\(r.variant)' stopped at \(Time.seconds(r.simulated)) s of simulated time: "
                          + "too many frames in flight (buffers without a limit fed above their rate?); "
                          + "its results cover only the time before")
        }

        let first = file.designs[0]
        let header = ReportHeader(
            scenario: file.name, file: file.path, scenarioHash: file.hash, seed: first.seed,
            replication: replication, durationSeconds: Time.seconds(first.duration),
            warmupSeconds: Time.seconds(first.warmup), fnsimVersion: FnsimVersion.string,
            runStarted: ISO8601DateFormatter().string(from: started),
            wallSeconds: Date().timeIntervalSince(started))
        let json = ResultsJSON.render(header: header, results: results,
                                      redundancy: file.designs.map { $0.redundancyLines() },
                                      paths: file.designs.map { $0.plant.pathChanges() },
                                      routes: file.designs.map { $0.plant.sourceRoutes() })
        if let out {
            try OutputDirectory(out).write([
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
            ] + file.designs.map { ("design-\($0.variant).yaml", $0.resolvedYAML) })
            Console.error("wrote flows.csv, ports.csv, links.csv, compute.csv, cells.csv, terminals.csv, faults.csv, "
                          + "results.json, latency.svg, scenario.yaml and design-*.yaml to \(out)")
        }
        switch format {
        case .table:
            print(ConsoleTable.render(results, perPort: true, topPorts: allPorts ? .max : 10, flows: flows.selection,
                                      outDirectory: out), terminator: "")
        case .json: print(json, terminator: "")
        case .csv: print(ResultsCSV.flows(results), terminator: "")
        }
    }
}

/// Writes result files atomically (temporary file, then rename), so an interrupted run
/// never leaves a half-written file over an earlier good one.
struct OutputDirectory {
    let path: String
    init(_ path: String) { self.path = path }

    func write(_ files: [(name: String, text: String)]) throws {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            for f in files {
                let url = URL(fileURLWithPath: path).appendingPathComponent(f.name)
                try Data(f.text.utf8).write(to: url, options: .atomic)
            }
        } catch {
            Console.error("error: cannot write results to '\(path)': \(error.localizedDescription)")
            throw ExitCode(1)
        }
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
