import ArgumentParser
import Campaign
import Foundation

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a results store as tidy CSV files.",
        discussion: """
            Writes runs.csv (one row per run: point, swept parameters, design,
            replication, seed), points.csv, and one file per result table (flows.csv,
            ports.csv, …) with the run's point, parameters, design and replication before
            the table's columns. Rows are in plan order, so the same runs give the same
            bytes whichever machine or shard ran them.

              fnsim export quickstart-sweep.db --csv results/
              python3 -c "import pandas as pd; print(pd.read_csv('results/flows.csv'))"
            """)

    @Argument(help: "The results store (of fnsim sweep or merge).")
    var store: String

    @Option(help: ArgumentHelp("Directory for the CSV files (created if missing).", valueName: "dir"))
    var csv: String

    func run() throws {
        do {
            let s = try ResultsStore(readingFrom: store)
            let files = try StoreExport.csv(store: s, directory: csv)
            print("wrote \(files.count) files to \(csv): " + files.map { URL(fileURLWithPath: $0).lastPathComponent }
                .joined(separator: ", "))
        } catch {
            Console.error("error: \(store): \(error)")
            throw ExitCode(1)
        }
    }
}

struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Join the results stores of one sweep (its shards) into one.",
        discussion: """
            The inputs must hold runs of the same plan (same scenario, sweep, designs and
            replications); a run found in several is taken once. OUT may be a new file or
            a store of the same plan, which gains the inputs' runs.

              fnsim merge sweep.db shard-1.db shard-2.db shard-3.db
            """)

    @Argument(help: "The store to write.")
    var output: String

    @Argument(help: "The stores to join.")
    var inputs: [String]

    func run() throws {
        guard !inputs.isEmpty else {
            Console.error("error: give the stores to join after the output, as in fnsim merge all.db shard-1.db shard-2.db")
            throw ExitCode(1)
        }
        do {
            let summary = try StoreMerge.merge(inputs, into: output)
            print("\(summary)")
        } catch {
            Console.error("error: \(error)")
            throw ExitCode(1)
        }
    }
}
