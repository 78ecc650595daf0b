import ArgumentParser

/// `fnsim tsn …`: time-sensitive networking tools that work on a scenario's plant.
struct TSNCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tsn",
        abstract: "TSN: synthesize a Qbv schedule.",
        discussion: """
            fnsim tsn schedule computes 802.1Qbv gate control lists and talker offsets
            for the periodic streams of one priority:

              fnsim tsn schedule plant.yaml
              fnsim tsn schedule plant.yaml --variant ring --write plant-scheduled.yaml
            """,
        subcommands: [TSNScheduleCommand.self])
}
