import Analysis
import Kernel
import Models

/// What a report says about the run as a whole (the CLI fills it in).
public struct ReportHeader: Sendable, Codable, Equatable {
    /// Scenario name.
    public var scenario: String
    /// Scenario file path as given on the command line.
    public var file: String
    /// Stable hash of the scenario text.
    public var scenarioHash: String
    public var seed: UInt64
    public var replication: Int
    public var durationSeconds: Double
    public var warmupSeconds: Double
    public var fnsimVersion: String
    /// When the run started, ISO-8601 (run-time field).
    public var runStarted: String
    /// Wall-clock seconds for all designs together (run-time field).
    public var wallSeconds: Double

    public init(scenario: String, file: String, scenarioHash: String, seed: UInt64, replication: Int,
                durationSeconds: Double, warmupSeconds: Double, fnsimVersion: String, runStarted: String,
                wallSeconds: Double) {
        self.scenario = scenario
        self.file = file
        self.scenarioHash = scenarioHash
        self.seed = seed
        self.replication = replication
        self.durationSeconds = durationSeconds
        self.warmupSeconds = warmupSeconds
        self.fnsimVersion = fnsimVersion
        self.runStarted = runStarted
        self.wallSeconds = wallSeconds
    }

    enum CodingKeys: String, CodingKey {
        case scenario, file, seed, replication
        case scenarioHash = "scenario_hash"
        case durationSeconds = "duration_s"
        case warmupSeconds = "warmup_s"
        case fnsimVersion = "fnsim_version"
        case runStarted = "run_started"
        case wallSeconds = "wall_seconds"
    }
}

/// results.json, schema version 5:
///
/// ```
/// {
///   "schema_version": 5,
///   "fnsim_version": "…",
///   "scenario": {"name", "file", "hash", "seed", "replication", "duration_s", "warmup_s",
///                "run_started"*, "wall_seconds"*},
///   "designs": [
///     {"variant", "seed", "warmup_s", "events", "simulated_s", "stop_reason", "wall_s"*,
///      "flows": [...], "ports": [...], "links": [...], "compute": [...], "cells": [...], "terminals": [...],
///      "faults": [...], "redundancy": ["…"], "paths": [...], "routes": [...]}
///   ]
/// }
/// ```
/// Each of "flows", "ports", "links", "compute", "cells", "terminals" and "faults" is an array of
/// objects whose keys are the columns of the CSV file of that name (without `variant`), in the
/// same order (`ResultTables`). Keys always appear in this order. `*` marks the run-time
/// fields, the only ones that differ between two identical runs; they are left out with
/// `includeTimings: false`. Times are seconds (integer picoseconds exactly); undefined
/// values (no deliveries, no capacity, NaN, ±∞) are null. Per-source flow entries follow
/// the pooled entries of their design. Version 2 added "links", "compute" and the flows'
/// "leg", and ordered the flows' keys as flows.csv does. Version 3 added "cells",
/// "terminals" and the flows' latency split (queueing_mean_s … compute_mean_s). Version 4
/// added "faults", the flows' drops by reason (dropped_buffer_full … dropped_no_route),
/// availability (availability … max_consecutive_failed) and merge-point figures
/// (duplicates_discarded, out_of_order, longest_gap_s), and the drops_link_down,
/// drops_node_down and drops_no_route of ports, links and compute nodes, and "redundancy":
/// what `fnsim validate` says of the design's forwarding and faults, line by line, and
/// "paths": per scheduled fault, each source whose path it changes, with the nodes before
/// and after (null: none until the part returns; `PathChange`). Version 5 added "routes":
/// each source's path as the design was built, `{flow, source, path, hops}` with `path` 0
/// its own and 1, 2, … a replicated flow's other member paths, and per hop its
/// `technology` (ethernet, wan, radio, service), `from` and `to` node and `via` (the port,
/// link direction, radio direction or service; `RoutesReport`). A document whose designs
/// include a 5G TSN bridge adds the flows' bridge_frames … dropped_late
/// (`ResultTables.bridgeFlows`), in every design's flows; other documents are unchanged.
public enum ResultsJSON {
    public static let schemaVersion = 5

    /// `redundancy`, per design (in `results` order), the lines `fnsim validate` prints about
    /// its forwarding and faults: the ports it blocks, and what each scheduled fault does to
    /// the flows' paths; `paths`, per design, the sources each fault moves; `routes`, per
    /// design, the routes of the sources listed (`PlantSpec.sourceRoutes(sourcesPerFlow:)`).
    public static func render(header: ReportHeader, results: [RunResult], redundancy: [[String]] = [],
                              paths: [[PathChange]] = [], routes: [[SourceRoute]] = [],
                              includeTimings: Bool = true) -> String {
        JSONWriter.render(document(header: header, results: results, redundancy: redundancy, paths: paths,
                                   routes: routes, includeTimings: includeTimings))
    }

    /// The document as an ordered value (for embedding, e.g. in an HTML report).
    public static func document(header: ReportHeader, results: [RunResult], redundancy: [[String]] = [],
                                paths: [[PathChange]] = [], routes: [[SourceRoute]] = [],
                                includeTimings: Bool = true) -> JSONValue {
        var scenario: [(String, JSONValue)] = [
            ("name", .string(header.scenario)),
            ("file", .string(header.file)),
            ("hash", .string(header.scenarioHash)),
            ("seed", .uint(header.seed)),
            ("replication", .int(Int64(header.replication))),
            ("duration_s", .double(header.durationSeconds)),
            ("warmup_s", .double(header.warmupSeconds)),
        ]
        if includeTimings {
            scenario.append(("run_started", .string(header.runStarted)))
            scenario.append(("wall_seconds", .double(header.wallSeconds)))
        }
        let flowColumns = ResultTables.flowColumns(results)
        return .object([
            ("schema_version", .int(Int64(schemaVersion))),
            ("fnsim_version", .string(header.fnsimVersion)),
            ("scenario", .object(scenario)),
            ("designs", .array(results.indices.map { i in
                design(results[i], flowColumns: flowColumns,
                       redundancy: i < redundancy.count ? redundancy[i] : [],
                       paths: i < paths.count ? paths[i] : [], routes: i < routes.count ? routes[i] : [],
                       includeTimings: includeTimings)
            })),
        ])
    }

    static func design(_ run: RunResult, flowColumns: [Column<FlowResult>], redundancy: [String], paths: [PathChange],
                       routes: [SourceRoute], includeTimings: Bool) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("variant", .string(run.variant)),
            ("seed", .uint(run.seed)),
            ("warmup_s", .seconds(picoseconds: run.warmup)),
            ("events", .uint(run.events)),
            ("simulated_s", .seconds(picoseconds: run.simulated)),
            ("stop_reason", .string(run.stopReason.rawValue)),
        ]
        if includeTimings {
            members.append(("wall_s", .double(run.wallSeconds)))
        }
        members.append(("flows", table(flowColumns, ResultTables.flowRows(run))))
        members.append(("ports", table(ResultTables.ports, run.ports)))
        members.append(("links", table(ResultTables.links, run.links)))
        members.append(("compute", table(ResultTables.compute, run.compute)))
        members.append(("cells", table(ResultTables.cells, run.cells)))
        members.append(("terminals", table(ResultTables.terminals, run.terminals)))
        members.append(("faults", table(ResultTables.faults, run.faults)))
        members.append(("redundancy", .array(redundancy.map { .string($0) })))
        members.append(("paths", .array(paths.map { p in
            .object([("fault", .string(p.fault)), ("flow", .string(p.flow)), ("source", .string(p.source)),
                     ("before", .array(p.before.map { .string($0) })),
                     ("after", p.after.map { .array($0.map { .string($0) }) } ?? .null)])
        })))
        members.append(("routes", RoutesReport.json(routes)))
        return .object(members)
    }

    static func table<Row>(_ columns: [Column<Row>], _ rows: [Row]) -> JSONValue {
        .array(rows.map { row in .object(columns.map { ($0.name, $0.cell(row).json) }) })
    }
}
