import ArgumentParser
import Scenario

extension Fnsim {
    /// ArgumentParser's entry point, with one addition: a mistyped command (`fnsim rn
    /// plant.yaml`) is answered with the command meant. Exit status and message stay
    /// ArgumentParser's.
    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        do {
            var command = try await asyncParseAsRoot(arguments)
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let status = exitCode(for: error)
            if status != .success, let hint = commandHint(arguments) {
                Console.error(fullMessage(for: error))
                Console.error(hint)
                exit(withError: ExitCode(status.rawValue))
            }
            exit(withError: error)
        }
    }

    /// For the first word that is not a command where one is expected, the nearest
    /// command, or the list of commands.
    static func commandHint(_ arguments: [String]) -> String? {
        var command: ParsableCommand.Type = Fnsim.self
        var path = ["fnsim"]
        for word in arguments where !word.hasPrefix("-") {
            let subcommands = command.configuration.subcommands
            guard !subcommands.isEmpty else { return nil }
            let names = subcommands.map { name(of: $0) }
            guard let k = names.firstIndex(of: word) else {
                if word == "help" { return nil }
                let usage = path.joined(separator: " ")
                if path.count == 1 && (word.hasSuffix(".yaml") || word.hasSuffix(".yml")) {
                    return "Did you mean '\(usage) run \(word)'?"
                }
                if let near = nearestName(to: word, among: names) { return "Did you mean '\(usage) \(near)'?" }
                return "'\(word)' is not a command of \(usage); expected one of " + names.joined(separator: ", ")
            }
            command = subcommands[k]
            path.append(word)
        }
        return nil
    }

    private static func name(of command: ParsableCommand.Type) -> String {
        command.configuration.commandName ?? ""
    }
}
