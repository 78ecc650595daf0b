// FlowResult, PortResult and LatencySummary have no public initializers yet, so the
// fixtures use Analysis's internal memberwise ones.
import Analysis
import Kernel
import Reporting

enum Fixtures {
    static func latency(min: SimTime = 13_338_000, mean: Double = 14_000_000, p50: SimTime = 13_900_000,
                        p90: SimTime = 15_000_000, p99: SimTime = 16_000_000, p999: SimTime = 17_000_000,
                        p99999: SimTime = 18_000_000, max: SimTime = 19_000_000,
                        stddev: Double = 1_000_000) -> LatencySummary {
        LatencySummary(min: min, mean: mean, p50: p50, p90: p90, p99: p99, p999: p999, p9999: (p999 + p99999) / 2, p99999: p99999,
                       max: max, stddev: stddev)
    }

    static func flow(_ name: String, source: String? = nil, sent: UInt64 = 1000, delivered: UInt64 = 990,
                     dropped: UInt64 = 5, throughput: Double = 1_000_000, latency: LatencySummary? = Fixtures.latency(),
                     ipdv: Double? = 250_000, misses: UInt64 = 2, leg: Leg = .oneWay) -> FlowResult {
        FlowResult(flow: name, source: source, leg: leg, sent: sent, delivered: delivered, dropped: dropped,
                   throughputBitsPerSecond: throughput, latency: latency, meanAbsIPDV: ipdv,
                   deadlineMisses: misses)
    }

    static func port(_ node: String, _ port: String, utilization: Double = 0.5, frames: UInt64 = 1234,
                     queueMean: Double = 0.25, queueMax: Int = 7, queueMeanBytes: Double = 375.5,
                     queueMaxBytes: Int64 = 10_500, drops: UInt64 = 0) -> PortResult {
        PortResult(node: node, port: port, utilization: utilization, framesSent: frames,
                   queueMeanFrames: queueMean, queueMaxFrames: queueMax, queueMeanBytes: queueMeanBytes,
                   queueMaxBytes: queueMaxBytes, drops: drops)
    }

    static func run(_ variant: String, flows: [FlowResult], ports: [PortResult] = [], events: UInt64 = 123_456,
                    simulated: SimTime = 10 * Time.second, wall: Double = 0.75,
                    stop: StopReason = .endTime) -> RunResult {
        RunResult(variant: variant, flows: flows, ports: ports, events: events, simulated: simulated,
                  wallSeconds: wall, stopReason: stop)
    }

    static func header(runStarted: String = "2025-01-02T03:04:05Z", wall: Double = 1.5) -> ReportHeader {
        ReportHeader(scenario: "demo plant", file: "Scenarios/demo.yaml", scenarioHash: "abc123", seed: 42,
                     replication: 0, durationSeconds: 10, warmupSeconds: 0.5, fnsimVersion: "0.1.0",
                     runStarted: runStarted, wallSeconds: wall)
    }

    /// Three designs: base, tsn, 5g; the 5g one has an extra flow and per-source rows.
    static func threeDesigns(wall: Double = 0.75) -> [RunResult] {
        [
            run("base", flows: [flow("sensor-to-plc"), flow("camera-to-edge", throughput: 94_210_000)],
                ports: [port("sw1", "p1", utilization: 0.9), port("sw1", "p2", utilization: 0.1),
                        port("plc", "eth0", utilization: 0.3, drops: 12)], wall: wall),
            run("tsn", flows: [flow("sensor-to-plc", latency: latency(mean: 5_000_000)),
                               flow("camera-to-edge", dropped: 0)],
                ports: [port("sw1", "p1", utilization: 0.45)], wall: wall),
            run("5g", flows: [flow("sensor-to-plc", source: "s1"), flow("sensor-to-plc"),
                              flow("camera-to-edge", delivered: 0, latency: nil, ipdv: nil),
                              flow("agv-control")],
                ports: [], wall: wall, stop: .noEvents),
        ]
    }
}
