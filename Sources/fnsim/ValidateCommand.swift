import ArgumentParser
import Models
import Scenario

struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a scenario file without running it.",
        discussion: """
            Parses the file, expands templates, applies overrides and variants, resolves
            every reference and route, and reports errors as file:line:column. Exit
            status 0 when the file is valid (warnings allowed), 1 otherwise.

              fnsim validate Scenarios/quickstart.yaml
              fnsim validate plant.yaml --set parameters.C=16
            """)

    @OptionGroup var scenario: ScenarioOptions

    func run() async throws {
        let file = try scenario.load()
        for d in file.designs {
            let n = d.plant
            let sources = n.flows.reduce(0) { $0 + $1.sources.count }
            func count(_ k: Int, _ noun: String) -> String { "\(k) \(noun)\(k == 1 ? "" : "s")" }
            let extra = (n.links.isEmpty ? "" : ", " + count(n.links.count / 2, "external link"))
                + (n.computeNodes.isEmpty ? "" : ", " + count(n.computeNodes.count, "compute node"))
                + (n.cells.isEmpty ? "" : ", " + count(n.cells.count, "NR cell") + " (" + cellSummary(n.cells) + ")")
                + (n.ues.isEmpty ? "" : ", " + count(n.ues.count, "5G terminal"))
            print("\(d.variant): \(n.nodes.count) nodes, \(count(n.ports.count / 2, "Ethernet link"))\(extra), "
                  + "\(count(n.flows.count, "flow")) (\(count(sources, "source"))); about \(rounded(d.estimatedFrames)) frames and "
                  + "\(rounded(d.estimatedEvents)) events")
            for line in d.redundancyLines() { print("  " + line) }
        }
        if let sweep = file.sweep {
            let points = sweep.points.count, designs = sweep.designs?.count ?? file.designs.count
            let replications = sweep.replications ?? 1
            print("sweep: \(points) point\(points == 1 ? "" : "s") (\(sweep.paths.joined(separator: ", "))) × \(designs) "
                  + "design\(designs == 1 ? "" : "s") × \(replications) replication\(replications == 1 ? "" : "s") = "
                  + "\(points * designs * replications) runs (fnsim sweep runs them)")
        }
        print("\(file.path): valid, \(file.designs.count) design(s), \(file.warningCount) warning(s)")
    }

    /// The distinct carrier set-ups of the cells: "100MHz at 30kHz, 273 PRBs, DDDSU 10D2G2U".
    func cellSummary(_ cells: [CellSpec]) -> String {
        var seen: [String] = []
        for c in cells {
            let s = "\(Int(c.bandwidthHz / 1e6))MHz at \(c.numerology.subcarrierSpacingKHz)kHz, \(c.prbs) PRBs, \(c.pattern)"
                + (c.miniSlot.map { ", \($0)-symbol mini-slots" } ?? "")
            if !seen.contains(s) { seen.append(s) }
        }
        return seen.joined(separator: "; ")
    }

    /// Three significant digits with a k/M/G suffix: an estimate, not a count.
    func rounded(_ x: Double) -> String {
        guard x.isFinite else { return "?" }
        for (scale, suffix) in [(1e9, "G"), (1e6, "M"), (1e3, "k")] where x >= scale {
            return String(format: "%.3g", x / scale) + suffix
        }
        return String(format: "%.0f", x)
    }
}
