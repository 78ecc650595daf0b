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

    @Option(name: .customLong("max-memory"), help: ArgumentHelp(
        "Memory a design may take, e.g. 16GB (default: 3/4 of this machine's).", valueName: "size"))
    var maxMemory: String?

    /// The limit of --max-memory, or this machine's default.
    var memoryLimit: MemoryLimit {
        get throws {
            guard let maxMemory else { return .machineDefault }
            switch Quantity.size.value(maxMemory) {
            case let .success(v) where v >= 1: return MemoryLimit(bytes: Int64(Swift.min(v, 9e18)))
            case .success: throw ValidationError("--max-memory: \(maxMemory) is too small; give a size such as 16GB")
            case let .failure(e): throw ValidationError("--max-memory: \(e.description)")
            }
        }
    }

    /// Loads and validates the scenario; on error prints every diagnostic to stderr and
    /// exits with status 1.
    func load() throws -> ScenarioFile {
        do {
            let limit = try memoryLimit
            let file = try ScenarioLoader.load(
                path: file, overrides: overrides, seed: seed, duration: duration, warmup: warmup,
                variants: variants.isEmpty ? nil : variants, maxMemory: limit)
            if !file.warnings.isEmpty { Console.error(file.warningText) }
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
