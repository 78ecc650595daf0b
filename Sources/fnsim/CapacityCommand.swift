import ArgumentParser
import Campaign
import Experiments
import Foundation
import Reporting
import Scenario

struct CapacityCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "capacity",
        abstract: "Largest scale at which each design meets an SLA.",
        discussion: """
            Varies one value of the scenario (--scale, a --set path such as parameters.N:
            devices per cell, AGVs, a load factor) and finds, for each design, the
            largest value at which every constraint of the SLA holds with the chosen
            confidence. Each value tried runs --replications replications (the same
            random numbers at every value); a constraint holds when its confidence
            interval over the replications lies inside the limit: for an upper limit
            (< or <=) the interval's high end is below it, for a lower limit (> or >=)
            its low end above it. A figure undefined in some replication (nothing
            delivered) fails.

            The search starts at --from (default: the path's value in the file, or 1),
            doubles while the SLA holds (up to --max, default 2^20 times the start) or
            halves while it fails, then bisects until the last holding and first failing
            values are adjacent (whole numbers: when the file's value is one) or within
            --tolerance (default 2 %).

            SLA: clauses separated by ';', each 'FLOW-GLOB: METRIC OP VALUE, ...' with OP
            <, <=, >, >=; metrics mean, max, jitter, p50, p90, p99, p99.9, p99.99,
            p99.999, loss, availability, misses, throughput, or any numeric flows.csv
            column; values with units (1ms, 10Mbps, 99.999%, 1e-5). Each flow matching the
            glob is judged on its end-to-end row (one-way, or a request flow's round trip).

              fnsim capacity plant.yaml --scale parameters.N \\
                --sla "control: p99.99 < 1ms, loss < 1e-5; vision: availability > 99.999%"
              fnsim capacity plant.yaml --scale parameters.load --from 0.5 \\
                --tolerance 1% --format csv

            Exit status: 0 when every design was searched (whatever its limit); 1 for a
            bad scenario, --sla or scale; 64 for bad arguments.
            """)

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case table, csv, json
    }

    @OptionGroup var scenario: ScenarioOptions

    @Option(help: ArgumentHelp("The value to vary: a --set path such as parameters.N.", valueName: "path"))
    var scale: String

    @Option(help: ArgumentHelp("Service levels, such as \"io-*: p99 < 1ms\".", valueName: "sla"))
    var sla: String

    @Option(parsing: .unconditional, help: ArgumentHelp("Replications at each value (default 5, at least 2).", valueName: "n"),
            transform: { try OptionValue.number($0, minimum: 2, example: "5") })
    var replications = 5

    @Option(parsing: .unconditional, help: ArgumentHelp("Confidence level of the intervals (default 0.95).", valueName: "level"),
            transform: { text in
                guard let x = Probability.parse(text), x > 0, x < 1 else {
                    throw ValidationError("give a level between 0 and 1 such as 0.95 or 99%")
                }
                return x
            })
    var confidence = 0.95

    @Option(help: ArgumentHelp("Start value (default: the path's value in the file, or 1).", valueName: "value"))
    var from: String?

    @Option(help: ArgumentHelp("Largest value tried (default: 2^20 times the start).", valueName: "value"))
    var max: String?

    @Option(help: ArgumentHelp("Stop bisecting within this width, or share with % (default: adjacent whole "
                               + "numbers, or 2%).", valueName: "T|P%"))
    var tolerance: String?

    @Option(help: "What to print on stdout; csv prints the curve.")
    var format: OutputFormat = .table

    @Option(parsing: .unconditional, help: ArgumentHelp("Simulations at once (default: all cores).", valueName: "n"),
            transform: { try OptionValue.number($0, minimum: 1, example: "2") })
    var jobs: Int?

    @Option(parsing: .unconditional, help: ArgumentHelp(
        "Frames in flight that stop a run (default \(RunRequest.defaultMaxFramesInFlight)); a run stopped so fails.",
        valueName: "n"), transform: { try OptionValue.number($0, minimum: 1, example: "1000000") })
    var maxInFlight = RunRequest.defaultMaxFramesInFlight

    /// The tolerance option: `T` (absolute) or `P%` (relative).
    func parsedTolerance(integer: Bool) throws -> CapacitySearch.Tolerance? {
        guard let tolerance else { return nil }
        let t = tolerance.trimmingCharacters(in: .whitespaces)
        if t.hasSuffix("%") {
            guard let p = Probability.parse(t), p > 0, p < 1 else {
                throw ValidationError("--tolerance: expected a share such as 2% or a width such as 0.5, found '\(t)'")
            }
            return .relative(p)
        }
        guard let x = Double(t), x > 0, x.isFinite else {
            throw ValidationError("--tolerance: expected a share such as 2% or a width such as 0.5, found '\(t)'")
        }
        if integer && x != x.rounded() {
            throw ValidationError("--tolerance: \(scale) takes whole numbers; give a whole width such as 2, or a share such as 5%")
        }
        return .absolute(x)
    }

    func run() async throws {
        let parsedSLA: SLA
        do { parsedSLA = try SLA(parsing: sla) } catch {
            Console.error("error: \(error)")
            throw ExitCode(1)
        }
        let fileValue: PathValue
        do { fileValue = try ScenarioLoader.value(at: scale, inFile: scenario.file) } catch let e as ScenarioErrors {
            Console.error(e.description.replacingOccurrences(of: "<--scale>:1:", with: "--scale: column "))
            throw ExitCode(1)
        }
        let parameter: ScaleParameter
        do {
            parameter = try ScaleParameter.resolve(path: scale, fileValue: fileValue.text, overrides: scenario.overrides,
                                                   from: from)
        } catch {
            Console.error("error: \(error)")
            throw ExitCode(1)
        }
        var maximum: Double?
        if let max {
            guard let m = ScaleParameter.resolve(maximum: max, for: parameter) else {
                throw ValidationError("--max: expected a number above the start \(parameter.text(parameter.start))"
                                      + ", found '\(max)'")
            }
            maximum = m
        }
        // Load once at the start as `run` would: errors and warnings shown as usual.
        var atStart = scenario
        atStart.overrides.append("\(scale)=\(parameter.text(parameter.start))")
        _ = try atStart.load()

        var study = CapacityStudy(file: scenario.file, scale: parameter, sla: parsedSLA, replications: replications,
                                  level: confidence, jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount)
        study.maximum = maximum
        study.tolerance = try parsedTolerance(integer: parameter.integer)
        study.overrides = scenario.overrides
        study.seed = scenario.seed
        study.duration = scenario.duration
        study.warmup = scenario.warmup
        study.maxMemory = try scenario.memoryLimit
        study.maxFramesInFlight = maxInFlight
        let designs: [String], skipped: [String: String]
        do {
            (designs, skipped) = try study.prepare(variants: scenario.variants.isEmpty ? nil : scenario.variants)
        } catch let e as SLAError {
            Console.error("error: \(e)")
            throw ExitCode(1)
        } catch let e as ScaleError {
            Console.error("error: \(e)")
            throw ExitCode(1)
        } catch let e as ScenarioErrors {
            Console.error(e.description)
            throw ExitCode(1)
        }
        for v in fileValue.variantsSetting where designs.contains(v) {
            Console.error("warning: variant '\(v)' sets \(scale) itself, after --set: the scale does not reach it")
        }
        Console.error("capacity: \(scale) from \(parameter.text(parameter.start)) (\(parameter.origin)), "
                      + (parameter.integer ? "whole numbers" : "real values") + ", \(replications) replications "
                      + "at \(Format.percent(confidence)) confidence, \(designs.count) design"
                      + (designs.count == 1 ? "" : "s"))
        let results = await study.run(designs: designs, skipped: skipped) { Console.error($0) }
        switch format {
        case .table: print(CapacityReport.table(study, results), terminator: "")
        case .csv: print(CapacityReport.csv(results), terminator: "")
        case .json: print(CapacityReport.json(study, results), terminator: "")
        }
    }
}
