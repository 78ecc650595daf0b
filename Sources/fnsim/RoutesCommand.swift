import ArgumentParser
import Reporting

struct RoutesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "routes",
        abstract: "Show the path of each flow in each design, hop by hop.",
        discussion: """
            Builds each design as validate does and prints the path of every source of
            each flow, node by node, with the technology of each hop: → Ethernet,
            →[wan] an external link, →[5G] NR radio, [name] a service at its compute
            node. Sources that share their path after the first hop are listed
            together, up to 10 shapes a flow; a design whose routes are those of the
            first says so in one line, and otherwise lists the flows it routes
            differently. The first 20 flows of each design are shown (--top, --flows);
            --format csv or json lists every hop of every source (--flows and
            --sources still apply).

              fnsim routes Scenarios/quickstart.yaml
              fnsim routes Scenarios/factory-tree.yaml --sources 'dev1-*'
              fnsim routes Scenarios/cloud-vs-edge.yaml --format csv > routes.csv
            """)

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case text, csv, json
    }

    @OptionGroup var scenario: ScenarioOptions
    @OptionGroup var flows: FlowOptions

    @Option(help: ArgumentHelp("Only the sources whose node id matches a glob.", valueName: "glob"))
    var sources: String?

    @Option(help: "Format: text, csv (one row per hop) or json.")
    var format: OutputFormat = .text

    func run() async throws {
        let file = try scenario.load()
        let designs = file.designs.map { (variant: $0.variant, plant: $0.plant) }
        let selection = flows.selection, sources = matcher(sources)
        switch format {
        case .text: print(RoutesReport.text(designs, flows: selection, sources: sources), terminator: "")
        case .csv: print(RoutesReport.csv(designs, flows: selection.matches, sources: sources), terminator: "")
        case .json: print(RoutesReport.json(designs, flows: selection.matches, sources: sources), terminator: "")
        }
    }
}
