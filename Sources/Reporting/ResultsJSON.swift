import Analysis
import Kernel

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

/// results.json, schema version 1:
///
/// ```
/// {
///   "schema_version": 1,
///   "fnsim_version": "…",
///   "scenario": {"name", "file", "hash", "seed", "replication", "duration_s", "warmup_s",
///                "run_started"*, "wall_seconds"*},
///   "designs": [
///     {"variant", "seed", "warmup_s", "events", "simulated_s", "stop_reason", "wall_s"*,
///      "flows": [{"flow", "source", "sent", "delivered", "dropped", "in_flight",
///                 "loss_ratio", "throughput_bps", "latency_min_s", "latency_mean_s",
///                 "latency_p50_s", "latency_p90_s", "latency_p99_s", "latency_p999_s",
///                 "latency_p99999_s", "latency_max_s", "jitter_s", "ipdv_mean_s",
///                 "deadline_misses"}],
///      "ports": [{"node", "port", "utilization", "frames_sent", "queue_mean_frames",
///                 "queue_max_frames", "queue_mean_bytes", "queue_max_bytes", "drops"}]}
///   ]
/// }
/// ```
/// Keys always appear in this order. `*` marks the run-time fields, the only ones that
/// differ between two identical runs; they are left out with `includeTimings: false`.
/// Times are seconds (integer picoseconds exactly); undefined values (no deliveries,
/// NaN, ±∞) are null. `source` is null on a flow's pooled entry and names the sending
/// node on per-source entries, which follow the pooled entries of their design.
public enum ResultsJSON {
    public static let schemaVersion = 1

    public static func render(header: ReportHeader, results: [RunResult], includeTimings: Bool = true) -> String {
        JSONWriter.render(document(header: header, results: results, includeTimings: includeTimings))
    }

    /// The document as an ordered value (for embedding, e.g. in an HTML report).
    public static func document(header: ReportHeader, results: [RunResult], includeTimings: Bool = true) -> JSONValue {
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
        return .object([
            ("schema_version", .int(Int64(schemaVersion))),
            ("fnsim_version", .string(header.fnsimVersion)),
            ("scenario", .object(scenario)),
            ("designs", .array(results.map { design($0, includeTimings: includeTimings) })),
        ])
    }

    static func design(_ run: RunResult, includeTimings: Bool) -> JSONValue {
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
        let ordered = run.flows.filter { $0.source == nil } + run.flows.filter { $0.source != nil }
        members.append(("flows", .array(ordered.map(flow))))
        members.append(("ports", .array(run.ports.map(port))))
        return .object(members)
    }

    static func flow(_ f: FlowResult) -> JSONValue {
        let l = f.latency
        func ps(_ t: SimTime?) -> JSONValue { t.map { .seconds(picoseconds: $0) } ?? .null }
        return .object([
            ("flow", .string(f.flow)),
            ("source", .text(f.source)),
            ("sent", .uint(f.sent)),
            ("delivered", .uint(f.delivered)),
            ("dropped", .uint(f.dropped)),
            ("in_flight", .uint(f.inFlight)),
            ("loss_ratio", .number(f.lossRatio)),
            ("throughput_bps", .double(f.throughputBitsPerSecond)),
            ("latency_min_s", ps(l?.min)),
            ("latency_mean_s", .seconds(picoseconds: l?.mean)),
            ("latency_p50_s", ps(l?.p50)),
            ("latency_p90_s", ps(l?.p90)),
            ("latency_p99_s", ps(l?.p99)),
            ("latency_p999_s", ps(l?.p999)),
            ("latency_p99999_s", ps(l?.p99999)),
            ("latency_max_s", ps(l?.max)),
            ("jitter_s", .seconds(picoseconds: l?.stddev)),
            ("ipdv_mean_s", .seconds(picoseconds: f.meanAbsIPDV)),
            ("deadline_misses", .uint(f.deadlineMisses)),
        ])
    }

    static func port(_ p: PortResult) -> JSONValue {
        .object([
            ("node", .string(p.node)),
            ("port", .string(p.port)),
            ("utilization", .double(p.utilization)),
            ("frames_sent", .uint(p.framesSent)),
            ("queue_mean_frames", .double(p.queueMeanFrames)),
            ("queue_max_frames", .int(Int64(p.queueMaxFrames))),
            ("queue_mean_bytes", .double(p.queueMeanBytes)),
            ("queue_max_bytes", .int(p.queueMaxBytes)),
            ("drops", .uint(p.drops)),
        ])
    }
}
