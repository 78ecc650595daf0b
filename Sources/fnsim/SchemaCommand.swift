import ArgumentParser
import Scenario

struct SchemaCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the JSON Schema of the scenario format.",
        discussion: """
            Editors use it to validate and complete scenario files as you type, e.g. with
            the YAML language server:

              fnsim schema > fnsim.schema.json
              # first line of plant.yaml:
              # yaml-language-server: $schema=./fnsim.schema.json
            """)

    func run() async throws {
        print(ScenarioSchema.jsonSchema())
    }
}
