import ArgumentParser
import Foundation
import Scenario

/// Options shared by every command that reads a scenario.
struct ScenarioOptions: ParsableArguments {
    @Argument(help: "Scenario file (YAML).", completion: .file(extensions: ["yaml", "yml"]))
    var file: String

    @Option(name: .customLong("variant"), help: ArgumentHelp(
        "Only this design: base or a variant (repeatable).", valueName: "name"))
    var variants: [String] = []

    @Option(name: .customLong("set"), help: ArgumentHelp(
        "Change a value, e.g. parameters.C=4 (repeatable).", valueName: "path=value"))
    var overrides: [String] = []

    @Option(parsing: .unconditional, help: ArgumentHelp("Random seed, instead of the file's.", valueName: "n"),
            transform: { try OptionValue.number($0, minimum: UInt64(0), example: "7") })
    var seed: UInt64?

    @Option(parsing: .unconditional, help: ArgumentHelp("Simulated time with a unit, e.g. 2s.", valueName: "time"),
            transform: { try OptionValue.time($0, positive: true, example: "2s") })
    var duration: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("Warm-up whose samples are discarded, e.g. 100ms.",
                                                        valueName: "time"),
            transform: { try OptionValue.time($0, positive: false, example: "100ms") })
    var warmup: String?

    @Option(name: .customLong("max-memory"), help: ArgumentHelp(
        "Memory limit, such as 16GB (default: 8GB at most).", valueName: "size"))
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
    func load(resolvedYAML: Bool = false) throws -> ScenarioFile {
        do {
            let limit = try memoryLimit
            let file = try ScenarioLoader.load(
                path: file, overrides: overrides, seed: seed, duration: duration, warmup: warmup,
                variants: variants.isEmpty ? nil : variants, maxMemory: limit,
                resolvedYAML: resolvedYAML)
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
