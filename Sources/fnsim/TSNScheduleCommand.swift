import ArgumentParser
import Foundation
import Kernel
import Models
import Reporting
import Scenario

/// `fnsim tsn schedule FILE`: an 802.1Qbv no-wait schedule for one design.
struct TSNScheduleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedule",
        abstract: "Compute Qbv gate control lists and talker offsets.",
        discussion: """
            Every periodic flow at --priority (default 7) is scheduled, one stream per
            source: each frame crosses its route hop after hop without queueing, in a
            window reserved for it on every egress port (widened for the clocks when
            tsn.sync is given). Talker offsets are chosen greedily, tightest deadline
            first. The cycle is the hyperperiod of the periods, or --cycle. Each port's
            gates open the scheduled class in its windows only and every other class
            the rest of the cycle.

            Prints a summary (streams: offset, latency, deadline, slack; ports: windows,
            entries, utilisation), streams refused with the reason, the bottleneck port
            and what would make them fit (a faster link, a longer period, another
            path), then the schedule as a variant to paste under 'variants:'. With
            --write the variant is added to a copy of the scenario (named
            qbv-scheduled, or qbv-scheduled-2 and so on when taken); a flow with
            several sources is split into one flow per source, FLOW@SOURCE, each with
            its offset. Exit status 0 when every stream is placed and every gate control
            list fits the limit, 2 when not (the schedule of the rest is still given),
            1 for a bad scenario.

              fnsim tsn schedule Scenarios/tsn-motion-cell.yaml
              fnsim tsn schedule plant.yaml --priority 6 --cycle 2ms --write out.yaml
            """)

    @OptionGroup var scenario: ScenarioOptions

    @Option(help: "Priority of the scheduled streams (0-7).")
    var priority: Int = 7

    @Option(help: ArgumentHelp("Gate cycle, such as 1ms (default: the hyperperiod).", valueName: "time"))
    var cycle: String?

    @Option(name: .customLong("gcl-limit"), help: ArgumentHelp(
        "Largest gate control list (default: tsn.gcl_limit).", valueName: "n"))
    var gclLimit: Int?

    @Option(help: ArgumentHelp("Write the scenario with the schedule as a variant.", valueName: "file"))
    var write: String?

    @Option(help: ArgumentHelp("Name of the new variant (default: qbv-scheduled).", valueName: "name"))
    var name: String?

    func validate() throws {
        guard (0...7).contains(priority) else { throw ValidationError("--priority: give 0 to 7, not \(priority)") }
        if let gclLimit, gclLimit < 1 { throw ValidationError("--gcl-limit: give at least 1, not \(gclLimit)") }
        if scenario.variants.count > 1 {
            throw ValidationError("--variant: give one design to schedule, not \(scenario.variants.count)")
        }
        if let write, URL(fileURLWithPath: write).standardized.path
            == URL(fileURLWithPath: scenario.file).standardized.path {
            throw ValidationError("--write: give another file than the scenario; it writes a copy")
        }
    }

    func run() async throws {
        let file = try scenario.load(resolvedYAML: true)
        guard let design = file.designs.first else { throw ExitCode(1) }
        var options = ScheduleOptions(priority: priority)
        if let cycle {
            let ps = try quantity(cycle, .time, "cycle")
            guard ps >= 1, let t = Time.fromPicoseconds(ps) else {
                throw ValidationError("--cycle: give a positive time such as 1ms, not \(cycle)")
            }
            options.cycle = t
        }
        let text = try String(contentsOfFile: scenario.file, encoding: .utf8)
        options.gclLimit = gclLimit ?? ScheduleVariant.gclLimit(in: text) ?? 1024
        let plant = design.plant
        let atPriority = plant.flows.filter { $0.priority == priority }
        if atPriority.isEmpty {
            let used = Set(plant.flows.map(\.priority)).sorted().map(String.init).joined(separator: ", ")
            Console.error("\(scenario.file): design '\(design.variant)' has no flow of priority \(priority)"
                + (used.isEmpty ? "" : "; its flows have priority \(used) (give --priority)"))
            throw ExitCode(1)
        }
        let schedule = ScheduleSynthesis.synthesize(plant, options: options)
        let report = ScheduleReport.text(schedule, plant, design: design.variant)
        let item: String
        do {
            item = try ScheduleVariant.item(schedule, design: design, text: text, path: scenario.file, name: name,
                                            overrides: scenario.overrides)
        } catch let e as ScenarioErrors {
            Console.error(e.description)
            throw ExitCode(1)
        }
        let variantName = ScheduleVariant.name(of: item) ?? ScheduleVariant.defaultName
        if let write {
            let written: String
            do {
                written = try ScheduleVariant.insert(item, into: text, path: scenario.file)
                // What is written must load: the new variant is built as a check.
                _ = try ScenarioLoader.load(yaml: written, path: write, variants: [variantName], resolvedYAML: false)
            } catch let e as ScenarioErrors {
                Console.error("the scheduled copy does not load; nothing written:\n" + e.description)
                throw ExitCode(1)
            }
            do { try written.write(toFile: write, atomically: true, encoding: .utf8) } catch {
                Console.error("cannot write '\(write)': \(error.localizedDescription)")
                throw ExitCode(1)
            }
            print(report, terminator: "")
            print("\nWrote \(write): the scenario with variant '\(variantName)' (fnsim run \(write) --variant \(variantName))")
        } else {
            // The summary as comments: the whole output is YAML.
            let commented = report.split(separator: "\n", omittingEmptySubsequences: false)
                .map { $0.isEmpty ? "#" : "# " + $0 }.joined(separator: "\n")
            print(commented)
            print("# The schedule as a variant (under 'variants:'; --write adds it to a copy of the scenario):")
            print(item, terminator: "")
        }
        if !schedule.isComplete { throw ExitCode(2) }
    }
}
