import ArgumentParser
import Campaign
import Foundation
import Reporting
import Scenario

/// Options of replicated runs, checked in `run()` so that a bad value ends in one line,
/// "error: --confidence 1.5: …", and exit status 1.
enum ReplicationValue {
    /// A bad value: the message is printed as "error: …".
    struct Bad: Error { let message: String }

    /// A whole number of replications, 1 or more.
    static func count(_ text: String, option: String) throws -> Int {
        guard let n = Int(text.trimmingCharacters(in: .whitespaces)), n >= 1 else {
            throw Bad(message: "\(option) \(text): give a whole number of replications, 1 or more, such as 10")
        }
        return n
    }

    /// A replication index, 0 or more.
    static func index(_ text: String, option: String) throws -> Int {
        guard let n = Int(text.trimmingCharacters(in: .whitespaces)), n >= 0 else {
            throw Bad(message: "\(option) \(text): give a replication index of 0 or more, such as 10")
        }
        return n
    }

    /// A confidence level strictly between 0 and 1.
    static func level(_ text: String?) throws -> Double {
        guard let text else { return 0.95 }
        guard let x = Probability.parse(text), x > 0, x < 1 else {
            throw Bad(message: "--confidence \(text): give a level between 0 and 1 (both excluded), such as 0.95 or 95%")
        }
        return x
    }

    /// A relative half-width, positive.
    static func precision(_ text: String) throws -> Double {
        guard let x = Probability.parse(text), x > 0, x.isFinite else {
            throw Bad(message: "--precision \(text): give a positive relative half-width, such as 5% or 0.05")
        }
        return x
    }

    /// An availability target in (0, 1].
    static func availability(_ text: String) throws -> Double {
        guard let x = Probability.parse(text), x > 0, x <= 1 else {
            throw Bad(message: "--availability \(text): give a share of time up, such as 99.99% or 0.9999")
        }
        return x
    }

    /// The metrics a flow row has: the flows table's columns that are not keys.
    static let flowMetrics: [String] = {
        let t = ResultTables.table(named: "flows")!
        return t.columns.filter { !t.keys.contains($0) }
    }()

    /// Flow metric names, each option value possibly a comma-separated list.
    static func metrics(_ values: [String], option: String) throws -> [String] {
        var out: [String] = []
        for name in values.flatMap({ $0.split(separator: ",") }).map({ $0.trimmingCharacters(in: .whitespaces) })
        where !name.isEmpty {
            try metric(name, option: option)
            if !out.contains(name) { out.append(name) }
        }
        return out
    }

    /// Checks that `name` is a flow metric.
    static func metric(_ name: String, option: String) throws {
        guard !flowMetrics.contains(name) else { return }
        let hint = nearestName(to: name, among: flowMetrics).map { "did you mean '\($0)'? " } ?? ""
        throw Bad(message: "\(option) \(name): no such flow metric; \(hint)(the metrics are the columns of "
                  + "flows.csv, such as latency_p99_s, loss_ratio, availability; see README, \"Results\")")
    }
}

/// The files of a replicated run in --out: summary.csv, each table with a `replication`
/// column, the scenario and the resolved designs.
func replicatedFiles(_ run: ReplicatedRun, file: ScenarioFile, level: Double) -> [(name: String, text: String)] {
    var files: [(name: String, text: String)] = [(name: "summary.csv", text: SummaryCSV.render(run.replicated, level: level))]
    for table in ResultTables.all {
        files.append((name: "\(table.name).csv", text: ResultsCSV.replications(table, run.runs, first: run.first)))
    }
    files.append((name: "scenario.yaml", text: (try? String(contentsOfFile: file.path, encoding: .utf8)) ?? ""))
    for design in file.designs { files.append((name: "design-\(design.variant).yaml", text: design.resolvedYAML)) }
    return files
}
