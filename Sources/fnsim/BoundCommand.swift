import Analysis
import ArgumentParser
import Experiments
import Models
import Reporting

struct BoundCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bound",
        abstract: "Worst-case latency bounds, beside the simulation.",
        discussion: """
            For each flow of each design, an upper bound on its end-to-end latency:
            token-bucket arrival curves per source, rate-latency service per port and
            traffic class (strict priority, credit-based shapers, gate windows,
            preemption), bursts growing hop by hop. Prints it beside the maximum latency
            the simulation saw (run as fnsim run would; --no-sim skips it), the
            deadline and the slack (deadline - bound). Poisson and trace sources have no
            bound, nor the flows that share or sit below their class on a port; flows
            through a radio, an external link or a service are not covered.

            A simulated latency above its bound is a bug in one of the two: it is
            reported as a warning.

              fnsim bound Scenarios/quickstart.yaml --variant prioritized
              fnsim bound Scenarios/line-redundancy.yaml --no-sim --format csv
            """)

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case text, csv, json
    }

    @OptionGroup var scenario: ScenarioOptions
    @OptionGroup var flows: FlowOptions

    @Option(help: "Format: text, csv or json.")
    var format: OutputFormat = .text

    @Flag(help: "Only the bounds: do not simulate.")
    var noSim = false

    @Option(parsing: .unconditional,
            help: ArgumentHelp("Replication: other random numbers (default 0).", valueName: "n"), transform: { try OptionValue.number($0, minimum: 0, example: "1") })
    var replication: Int = 0

    func run() async throws {
        let file = try scenario.load()
        var results: [RunResult?] = Array(repeating: nil, count: file.designs.count)
        if !noSim {
            let requests = file.designs.map {
                RunRequest(variant: $0.variant, plant: $0.plant, seed: $0.seed, replication: replication,
                           duration: $0.duration, warmup: $0.warmup)
            }
            let limit = try scenario.memoryLimit
            let need = RunRequest.estimatedBytes(requests)
            if need > limit.bytes {
                Console.error("error: simulating \(requests.count == 1 ? "the design" : "these designs") would take "
                              + limit.refusal(need) + "; --no-sim gives the bounds alone")
                throw ExitCode(1)
            }
            results = await Runner.runAll(requests).map { $0 }
        }
        let designs = zip(file.designs, results).map { d, r in
            BoundReport.Design(variant: d.variant, plant: d.plant, bounds: PlantBounds(d.plant), results: r)
        }
        switch format {
        case .text:
            print(BoundReport.text(designs, flows: flows.selection), terminator: "")
        case .csv:
            print(BoundReport.csv(designs, flows: flows.selection.matches), terminator: "")
            for w in BoundReport.warnings(designs) { Console.error(w) }
        case .json:
            print(BoundReport.json(designs, flows: flows.selection.matches), terminator: "")
            for w in BoundReport.warnings(designs) { Console.error(w) }
        }
    }
}
