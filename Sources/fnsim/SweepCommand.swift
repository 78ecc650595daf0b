import ArgumentParser
import Campaign
import Foundation
import Scenario

struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Run a parameter sweep into a resumable results store.",
        discussion: """
            The points come from the file's sweep: section and from --param, which adds
            or replaces a parameter: PATH=V1,V2,… with single values or ranges — A..B*N
            (N log-spaced values), A..B+S (steps of S), A..B (integers):

              sweep:
                grid: {parameters.N: [1, 2, 4], defaults.link.rate: [100Mbps, 1Gbps]}
                zip:  {flows.cam.period: [10ms, 20ms], flows.cam.size: [1500B, 3000B]}
                replications: 5
                designs: [base, tsn]

            Every run is committed to the SQLite store (--store) as it finishes. Run the
            same command again after an interruption (Ctrl-C, kill -9, power loss) and
            it resumes: finished runs are kept and not repeated, a run cut short leaves
            no trace. Runs finished together are committed together, at most every
            --commit-interval seconds (0: each alone). Runs share one pool of --jobs
            threads, one simulation each, and no more run at once than fit in
            --max-memory.

            --shard k/N runs every N-th run from the k-th into its own store; fnsim
            merge joins the shards. --slurm DIR writes a Slurm job array doing that
            (DIR/submit.sh submits it with the merge after it) instead of running;
            --slurm-option=--partition=compute adds an #SBATCH line. --replications
            defaults to the section's, else 1.

              fnsim sweep Scenarios/quickstart.yaml --param parameters.N=1..6
              fnsim sweep plant.yaml --param flows.cam.period=1ms..100ms*5 --jobs 8
              fnsim sweep plant.yaml --replications 20 --shard 2/8 --store s2.db
              fnsim sweep plant.yaml --slurm cluster/ --shards 16
              fnsim export quickstart-sweep.db --csv results/
            """)

    @OptionGroup var scenario: ScenarioOptions

    @Option(name: .customLong("param"), help: ArgumentHelp(
        "A swept path and values, such as parameters.N=1,2,4.", valueName: "path=values"))
    var parameters: [String] = []

    @Option(parsing: .unconditional, help: ArgumentHelp(
        "Replications of each point and design.", valueName: "n"),
            transform: { try OptionValue.number($0, minimum: 1, example: "10") })
    var replications: Int?

    @Option(help: ArgumentHelp("The results store (default: FILE-sweep.db here).", valueName: "path"))
    var store: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("Simulations at once (default: the cores).", valueName: "n"),
            transform: { try OptionValue.number($0, minimum: 1, example: "4") })
    var jobs = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: ArgumentHelp("Run only share k of N (1-based), e.g. 2/8.", valueName: "k/N"),
            transform: { try ShardOption.parse($0) })
    var shard: ShardOption?

    @Option(help: ArgumentHelp("Write a Slurm job array there instead of running.", valueName: "dir"))
    var slurm: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("Shards (array tasks) of --slurm (default 4).", valueName: "n"),
            transform: { try OptionValue.number($0, minimum: 1, example: "16") })
    var shards = 4

    @Option(parsing: .unconditional, help: ArgumentHelp("CPUs per array task of --slurm (default 2).", valueName: "n"),
            transform: { try OptionValue.number($0, minimum: 1, example: "8") })
    var slurmCpus = 2

    @Option(name: .customLong("slurm-option"), help: ArgumentHelp(
        "An #SBATCH option for --slurm (repeatable).", valueName: "option"))
    var slurmOptions: [String] = []

    @Option(parsing: .unconditional, help: ArgumentHelp(
        "Seconds between progress lines in a log (default 10).", valueName: "s"),
            transform: { try OptionValue.number($0, minimum: 0, example: "30") })
    var progressInterval = 10

    @Option(parsing: .unconditional, help: ArgumentHelp(
        "Seconds between commits (default 0.2).", valueName: "s"),
            transform: { try OptionValue.seconds($0, example: "0") })
    var commitInterval = Self.commitInterval

    @Flag(help: "Print the plan (points, designs, runs) and exit.")
    var dryRun = false

    func run() throws {
        var axes: [SweepAxis] = []
        for p in parameters {
            switch SweepAxis.parse(p) {
            case let .success(a): axes.append(a)
            case let .failure(e):
                Console.error("error: --param \(p): \(e)")
                throw ExitCode(1)
            }
        }
        let campaign: Campaign
        do {
            let made = try Campaign.make(
                path: scenario.file, overrides: scenario.overrides, seed: scenario.seed, duration: scenario.duration,
                warmup: scenario.warmup, maxMemory: try scenario.memoryLimit, parameters: axes,
                designs: scenario.variants.isEmpty ? nil : scenario.variants, replications: replications)
            campaign = made.0
            if !made.1.warnings.isEmpty { Console.error(made.1.warningText) }
        } catch let e as ScenarioErrors {
            Console.error(e.description)
            throw ExitCode(1)
        }
        let plan = campaign.plan
        if let unknown = scenario.variants.first(where: { !plan.designs.contains($0) }) {
            Console.error("error: unknown variant '\(unknown)'")
            throw ExitCode(1)
        }
        // The first and last points load before anything runs: a mistyped path or value
        // is reported now, not when its point comes up.
        for p in Set([0, plan.points.count - 1]).sorted() where !plan.points.isEmpty && !plan.designs.isEmpty {
            do { _ = try campaign.load(point: p) } catch {
                Console.error("error: at point \(p) (\(campaign.describe(point: p))):\n\(error)")
                throw ExitCode(1)
            }
        }
        if dryRun {
            print(planText(plan))
            return
        }
        if let slurm {
            try writeSlurm(slurm, plan: plan)
            return
        }
        let storePath = store ?? Self.defaultStore(scenario.file)
        let resultsStore: ResultsStore
        do { resultsStore = try ResultsStore(path: storePath, plan: plan) } catch {
            Console.error("error: \(storePath): \(error)")
            throw ExitCode(1)
        }
        let mine = shard.map { plan.shard($0.k, of: $0.n) } ?? plan.runs
        let done: Set<RunKey>
        do { done = try resultsStore.completed() } catch {
            Console.error("error: \(storePath): \(error)")
            throw ExitCode(1)
        }
        let todo = mine.filter { !done.contains($0) }
        let share = shard.map { " (shard \($0.k)/\($0.n): \(mine.count) runs)" } ?? ""
        Console.error("sweep: \(plan.points.count) point\(plan.points.count == 1 ? "" : "s") × \(plan.designs.count) "
            + "design\(plan.designs.count == 1 ? "" : "s") × \(plan.replications) replication"
            + "\(plan.replications == 1 ? "" : "s") = \(plan.runCount) runs\(share); "
            + (mine.count - todo.count > 0 ? "\(mine.count - todo.count) already in \(storePath), " : "")
            + "\(todo.count) to run on \(min(jobs, max(1, todo.count))) thread\(jobs == 1 ? "" : "s")")
        let started = Date()
        let progress = RunProgress(label: "sweep", interval: Double(progressInterval))
        var earlyStops = 0
        var storeSeconds = 0.0, cpuSeconds = 0.0, commits = 0
        do {
            try WorkerPool(campaign: campaign, keys: todo, jobs: jobs).run(handle: { batch in
                let t0 = Date()
                try resultsStore.record(batch.map {
                    (RunRecord(key: $0.key, seed: $0.seed, result: $0.result), $0.wallSeconds)
                })
                storeSeconds += Date().timeIntervalSince(t0)
                commits += 1
                for f in batch {
                    cpuSeconds += f.wallSeconds
                    if f.result.stopReason == .memoryLimit { earlyStops += 1 }
                }
            }, batchInterval: commitInterval, tick: progress.show)
        } catch {
            progress.finish()
            try? resultsStore.checkpoint()
            Console.error("error: \(error)")
            Console.error("the runs finished so far are in \(storePath); run the same command again to resume")
            throw ExitCode(1)
        }
        progress.finish()
        // The write-ahead log folded into the file: the store is one file to copy.
        try? resultsStore.checkpoint()
        let wall = Date().timeIntervalSince(started)
        print("\(todo.count) run\(todo.count == 1 ? "" : "s") in \(String(format: "%.1f", wall)) s; "
              + "\(mine.count) of \(mine.count) in \(storePath)"
              + (shard != nil ? " (merge the shards with fnsim merge)" : ""))
        if !todo.isEmpty {
            // The store works on this thread while the simulations go on in the others.
            print(String(format: "simulation %.1f s (%.2f× parallel); store %.2f s in %d commits, beside the simulations",
                         cpuSeconds, wall > 0 ? cpuSeconds / wall : 0, storeSeconds, commits))
        }
        print("export: fnsim export \(storePath) --csv DIR")
        if earlyStops > 0 {
            Console.error("warning: \(earlyStops) run\(earlyStops == 1 ? "" : "s") stopped early (too many frames in "
                + "flight); their stop_reason in the store says so")
        }
    }

    /// Finished runs are committed together at most this often (by default): one disk sync
    /// per 0.2 s instead of one per run (a quickstart run takes ~10 ms; a sync 0.2–4 ms). A
    /// crash loses at most the runs of the last 0.2 s, which the next start runs again.
    static let commitInterval = 0.2

    /// `plant.yaml` → `plant-sweep.db` in the current directory.
    static func defaultStore(_ file: String) -> String {
        URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent + "-sweep.db"
    }

    func planText(_ plan: Plan) -> String {
        var lines = ["\(plan.points.count) points × \(plan.designs.count) designs (\(plan.designs.joined(separator: ", "))) "
            + "× \(plan.replications) replications = \(plan.runCount) runs"]
        for p in plan.points.prefix(50) {
            lines.append("  point \(p.index): " + (p.settings.isEmpty ? "(as written)" : p.settings.map(\.override).joined(separator: ", ")))
        }
        if plan.points.count > 50 { lines.append("  … and \(plan.points.count - 50) more points") }
        return lines.joined(separator: "\n")
    }

    func writeSlurm(_ dir: String, plan: Plan) throws {
        let cwd = FileManager.default.currentDirectoryPath
        func absolute(_ p: String) -> String { p.hasPrefix("/") ? p : cwd + "/" + p }
        var args = ["sweep", absolute(scenario.file)]
        for o in scenario.overrides { args += ["--set", o] }
        for v in scenario.variants { args += ["--variant", v] }
        if let s = scenario.seed { args += ["--seed", String(s)] }
        if let d = scenario.duration { args += ["--duration", d] }
        if let w = scenario.warmup { args += ["--warmup", w] }
        if let m = scenario.maxMemory { args += ["--max-memory", m] }
        for p in parameters { args += ["--param", p] }
        if let r = replications { args += ["--replications", String(r)] }
        args += ["--progress-interval", "60"]
        let script = SlurmScript(
            fnsim: Self.executablePath, workingDirectory: cwd, arguments: args, shards: shards,
            directory: absolute(dir), jobName: "fnsim-" + plan.scenario.filter { $0.isLetter || $0.isNumber || $0 == "-" },
            cpusPerTask: slurmCpus, options: slurmOptions)
        do { try script.write() } catch {
            Console.error("error: cannot write the Slurm scripts to \(dir): \(error.localizedDescription)")
            throw ExitCode(1)
        }
        print("wrote \(dir)/sweep.sbatch (\(shards) array tasks for \(plan.runCount) runs), \(dir)/merge.sbatch "
              + "and \(dir)/submit.sh; submit with: bash \(dir)/submit.sh")
    }

    /// This executable, absolute (the scripts run it on the cluster's nodes).
    static var executablePath: String {
        if let p = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return p }
        let a = CommandLine.arguments[0]
        return a.hasPrefix("/") ? a : FileManager.default.currentDirectoryPath + "/" + a
    }
}

/// `--shard k/N`.
struct ShardOption {
    var k: Int
    var n: Int

    static func parse(_ text: String) throws -> ShardOption {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]) else {
            throw ValidationError("expected k/N such as 2/8 (share k of N, counted from 1)")
        }
        guard n >= 1, k >= 1, k <= n else {
            throw ValidationError("k must lie between 1 and N (1/\(max(n, 1)) … \(max(n, 1))/\(max(n, 1)))")
        }
        return ShardOption(k: k, n: n)
    }
}
