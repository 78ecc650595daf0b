import ArgumentParser
import Foundation
import Scenario

/// Options shared by every command that reads a scenario.
struct ScenarioOptions: ParsableArguments {
    @Argument(help: "Scenario file (YAML).", completion: .file(extensions: ["yaml", "yml"]))
    var file: String

    @Option(name: .customLong("variant"), help: ArgumentHelp(
        "Run only this design ('base' or a variant name); repeatable.", valueName: "name"))
    var variants: [String] = []

    @Option(name: .customLong("set"), help: ArgumentHelp(
        "Override a parameter, e.g. parameters.C=4 or defaults.link.rate=1Gbps; repeatable.",
        valueName: "path=value"))
    var overrides: [String] = []

    @Option(help: "Random seed (replaces the file's seed).")
    var seed: UInt64?

    @Option(help: ArgumentHelp("Simulated time, with a unit, e.g. 2s.", valueName: "time"))
    var duration: String?

    @Option(help: ArgumentHelp("Warm-up period whose samples are discarded, e.g. 100ms.", valueName: "time"))
    var warmup: String?

    /// Loads and validates the scenario; on error prints every diagnostic to stderr and
    /// exits with status 1.
    func load() throws -> ScenarioFile {
        do {
            let file = try ScenarioLoader.load(
                path: file, overrides: overrides, seed: seed, duration: duration, warmup: warmup,
                variants: variants.isEmpty ? nil : variants)
            for w in file.warnings { Console.error(w.description) }
            return file
        } catch let e as ScenarioErrors {
            Console.error(e.description)
            throw ExitCode(1)
        }
    }
}

/// Standard error, unbuffered, for diagnostics and progress.
enum Console {
    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }

    static var stderrIsTerminal: Bool { isatty(2) != 0 }
}
