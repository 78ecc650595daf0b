import ArgumentParser
import Foundation
import Kernel
import Models
import Reporting
import Scenario

/// `fnsim nr …`: the NR calculators (transport block size, path loss, link budget, latency
/// budget). The simulator and its tests use the same code.
struct NRCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nr",
        abstract: "5G NR: block size, path loss, link and latency budget.",
        discussion: """
            Each prints a table, or with --format json one JSON object:

              fnsim nr tbs --prbs 51 --mcs 20 --table qam256 --symbols 12 --dmrs 12
              fnsim nr pathloss --scenario InF-DH --frequency 3.7GHz --distance 40m
              fnsim nr linkbudget --scenario InF-SL --frequency 3.7GHz --distance 60m \\
                  --bandwidth 100MHz
              fnsim nr budget --scs 30kHz --tdd DDDSU --direction uplink --grant dynamic
            """,
        subcommands: [NRTBSCommand.self, NRPathLossCommand.self, NRLinkBudgetCommand.self, NRBudgetCommand.self])
}

/// Table or JSON output of a calculator.
enum CalculatorFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json
}

/// One figure of a calculator: its JSON key, its label and how the table shows it.
struct Figure {
    let key: String
    let label: String
    let json: JSONValue
    let text: String

    init(_ key: String, _ label: String, _ value: Double, digits: Int = 4, unit: String = "") {
        self.key = key
        self.label = label
        json = .double(value)
        text = value.isFinite ? Format.number(value, digits: digits) + unit : "–"
    }

    init(_ key: String, _ label: String, int value: Int) {
        self.key = key
        self.label = label
        json = .int(Int64(value))
        text = String(value)
    }

    init(_ key: String, _ label: String, text value: String) {
        self.key = key
        self.label = label
        json = .string(value)
        text = value
    }

    init(_ key: String, _ label: String, time ps: SimTime) {
        self.key = key
        self.label = label
        json = .seconds(picoseconds: ps)
        text = Format.time(picoseconds: ps)
    }

    static func print(_ figures: [Figure], _ format: CalculatorFormat) {
        switch format {
        case .json: Swift.print(JSONWriter.render(.object(figures.map { ($0.key, $0.json) })), terminator: "")
        case .table:
            var table = TextTable(alignments: [.left, .right])
            for f in figures { table.add([f.label, f.text]) }
            Swift.print(table.render(), terminator: "")
        }
    }
}

/// Reads a quantity option ("3.7GHz", "40m"), or fails with the option's name.
func quantity(_ text: String, _ q: Quantity, _ option: String) throws -> Double {
    switch q.value(text) {
    case let .success(v): return v
    case let .failure(e): throw ValidationError("--\(option): \(e.description)")
    }
}

/// A choice among a model enumeration's names, or a failure listing them.
func choice<T: RawRepresentable & CaseIterable>(_ text: String, _ option: String) throws -> T where T.RawValue == String {
    if let v = T(rawValue: text) { return v }
    throw ValidationError("--\(option): '\(text)' is not one of " + T.allCases.map(\.rawValue).joined(separator: ", "))
}
