import ArgumentParser
import Reporting
import Scenario

/// Which flows a command shows: `--top` and `--flows`, shared by `run` and `routes`.
struct FlowOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Show at most this many flows (a number, or all).", valueName: "n"))
    var top = FlowLimit(count: FlowSelection.defaultTop)

    @Option(help: ArgumentHelp("Only the flows whose id matches a glob (*, ?, [a-z]).",
                               valueName: "glob"))
    var flows: String?

    var selection: FlowSelection { FlowSelection(top: top.count, pattern: flows, matches: matcher(flows)) }
}

/// Whether a name matches `glob` (shell-style); nil without a glob.
func matcher(_ glob: String?) -> (@Sendable (String) -> Bool)? {
    guard let glob else { return nil }
    return { @Sendable name in Glob.matches(glob, name) }
}

/// `--top N` (N at least 1) or `--top all`.
struct FlowLimit: ExpressibleByArgument {
    /// nil: all.
    var count: Int?

    init(count: Int?) { self.count = count }

    init?(argument: String) {
        if argument == "all" { count = nil; return }
        guard let n = Int(argument), n > 0 else { return nil }
        count = n
    }

    var defaultValueDescription: String { count.map(String.init) ?? "all" }
}
