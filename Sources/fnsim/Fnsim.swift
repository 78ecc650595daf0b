import ArgumentParser
import Campaign

@main
struct Fnsim: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fnsim",
        abstract: "Simulate factory networks: Ethernet, private 5G, edge and cloud.",
        discussion: """
            Describe a plant and candidate designs in a YAML scenario file, then run it:

              fnsim run Scenarios/quickstart.yaml
              fnsim run Scenarios/factory-tree.yaml --set parameters.C=4 --out results/

            Exit status: 0 on success; 1 for a bad scenario or input, or results that
            cannot be written; 3 when a run stopped early (see run --help); 64 for bad
            arguments.
            """,
        version: FnsimVersion.string,
        subcommands: [RunCommand.self, ValidateCommand.self, CompareCommand.self, RoutesCommand.self, BoundCommand.self,
                      SchemaCommand.self, BenchCommand.self, NRCommand.self, TSNCommand.self, SweepCommand.self,
                      MergeCommand.self, ExportCommand.self, CapacityCommand.self])
}
