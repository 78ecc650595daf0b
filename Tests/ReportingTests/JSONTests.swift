import Foundation
import Testing
import Kernel
@testable import Analysis
@testable import Reporting

@Suite struct JSONTests {
    func parse(_ text: String) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
        return try #require(object as? [String: Any])
    }

    @Test func parsesBackWithExpectedKeysAndValues() throws {
        let text = ResultsJSON.render(header: Fixtures.header(), results: Fixtures.threeDesigns())
        let doc = try parse(text)
        #expect(doc["schema_version"] as? Int == 5)
        #expect(doc["fnsim_version"] as? String == "0.1.0")
        #expect(Set(doc.keys) == ["schema_version", "fnsim_version", "scenario", "designs"])

        let scenario = try #require(doc["scenario"] as? [String: Any])
        #expect(Set(scenario.keys) == ["name", "file", "hash", "seed", "replication", "duration_s", "warmup_s",
                                       "run_started", "wall_seconds"])
        #expect(scenario["name"] as? String == "demo plant")
        #expect(scenario["seed"] as? Int == 42)
        #expect(scenario["warmup_s"] as? Double == 0.5)
        #expect(scenario["run_started"] as? String == "2025-01-02T03:04:05Z")

        let designs = try #require(doc["designs"] as? [[String: Any]])
        #expect(designs.map { $0["variant"] as? String } == ["base", "tsn", "5g"])
        let base = designs[0]
        #expect(Set(base.keys) == ["variant", "seed", "warmup_s", "events", "simulated_s", "stop_reason", "wall_s", "flows",
                                   "ports", "links", "compute", "cells", "terminals", "faults", "redundancy", "paths", "routes"])
        #expect(base["events"] as? Int == 123_456)
        #expect(base["simulated_s"] as? Double == 10)
        #expect(base["stop_reason"] as? String == "end-time")
        #expect(designs[2]["stop_reason"] as? String == "no-events")

        let flows = try #require(base["flows"] as? [[String: Any]])
        #expect(flows.count == 2)
        let f = flows[0]
        #expect(Set(f.keys) == ["flow", "source", "sent", "delivered", "dropped", "in_flight", "loss_ratio",
                                "throughput_bps", "latency_min_s", "latency_mean_s", "latency_p50_s",
                                "latency_p90_s", "latency_p99_s", "latency_p999_s", "latency_p99999_s",
                                "latency_max_s", "jitter_s", "ipdv_mean_s", "deadline_misses", "leg", "queueing_mean_s",
                                "radio_mean_s", "harq_mean_s", "core_mean_s", "wired_mean_s", "compute_mean_s",
                                "dropped_buffer_full", "dropped_lost", "dropped_rejected", "dropped_link_down",
                                "dropped_node_down", "dropped_no_route", "dropped_policed", "dropped_oversize",
                                "dropped_max_residence", "availability", "service_failures", "mtbf_s",
                                "longest_outage_s", "max_consecutive_failed", "duplicates_discarded", "out_of_order",
                                "longest_gap_s", "worst_slack_s", "latency_p9999_s"])
        #expect(f["leg"] as? String == "one-way")
        #expect(f["flow"] as? String == "sensor-to-plc")
        #expect(f["source"] is NSNull)
        #expect(f["sent"] as? Int == 1000)
        #expect(f["latency_min_s"] as? Double == 0.000013338)
        #expect(f["jitter_s"] as? Double == 0.000001)
        #expect(f["deadline_misses"] as? Int == 2)
        #expect(text.contains("\"latency_min_s\": 0.000013338,"))

        // Per-source entries follow the pooled ones; undefined latency is null.
        let g = try #require(designs[2]["flows"] as? [[String: Any]])
        #expect(g.map { $0["source"] as? String } == [nil, nil, nil, "s1"])
        #expect(g[1]["latency_p99_s"] is NSNull)
        #expect(g[1]["ipdv_mean_s"] is NSNull)

        let ports = try #require(base["ports"] as? [[String: Any]])
        #expect(Set(ports[0].keys) == ["node", "port", "utilization", "frames_sent", "queue_mean_frames",
                                       "queue_max_frames", "queue_mean_bytes", "queue_max_bytes", "drops", "drops_link_down",
                                       "drops_node_down", "drops_no_route", "drops_policed", "drops_oversize",
                                       "drops_max_residence", "gate_held_s", "preemptions",
                                       "express_blocked_max_s", "express_blocked_mean_s", "cbs_a_class",
                                       "cbs_a_credit_min_bits", "cbs_a_credit_max_bits", "cbs_b_class",
                                       "cbs_b_credit_min_bits", "cbs_b_credit_max_bits"])
        #expect(ports[2]["drops"] as? Int == 12)
        #expect((designs[2]["ports"] as? [Any])?.isEmpty == true)
    }

    @Test func keyOrderIsStable() {
        let text = ResultsJSON.render(header: Fixtures.header(), results: Fixtures.threeDesigns())
        let order = ["\"schema_version\"", "\"fnsim_version\"", "\"scenario\"", "\"designs\""]
        let positions = order.map { text.range(of: $0)!.lowerBound }
        #expect(positions == positions.sorted())
        #expect(text.hasPrefix("{\n  \"schema_version\": 5,\n  \"fnsim_version\": \"0.1.0\",\n"))
        // A design's tables come in order, and a flow's keys in flows.csv's column order.
        let tables = ["\"flows\"", "\"ports\"", "\"links\"", "\"compute\"", "\"cells\"", "\"terminals\"", "\"faults\""].map { text.range(of: $0)!.lowerBound }
        #expect(tables == tables.sorted())
        let flowKeys = ResultTables.flows.map { text.range(of: "\"\($0.name)\"")!.lowerBound }
        #expect(flowKeys == flowKeys.sorted())
        #expect(text.hasSuffix("}\n"))
    }

    @Test func withoutTimingsIsByteIdentical() throws {
        let a = ResultsJSON.render(header: Fixtures.header(runStarted: "2025-01-01T00:00:00Z", wall: 1),
                                   results: Fixtures.threeDesigns(wall: 0.1), includeTimings: false)
        let b = ResultsJSON.render(header: Fixtures.header(runStarted: "2026-06-06T12:00:00Z", wall: 99),
                                   results: Fixtures.threeDesigns(wall: 7.5), includeTimings: false)
        #expect(a == b)
        #expect(!a.contains("wall") && !a.contains("run_started"))
        let doc = try parse(a)
        #expect((doc["scenario"] as? [String: Any])?["run_started"] == nil)
        // With timings they differ, and only in the run-time fields.
        let c = ResultsJSON.render(header: Fixtures.header(), results: Fixtures.threeDesigns(wall: 0.1))
        let d = ResultsJSON.render(header: Fixtures.header(), results: Fixtures.threeDesigns(wall: 0.2))
        let diff = zip(c.split(separator: "\n"), d.split(separator: "\n")).filter { $0 != $1 }
        #expect(diff.count == 3 && diff.allSatisfy { $0.0.contains("\"wall_s\"") })
    }

    @Test func nonFiniteBecomesNull() throws {
        let lat = Fixtures.latency(mean: .nan, stddev: .infinity)
        let run = Fixtures.run("v", flows: [Fixtures.flow("f", throughput: -.infinity, latency: lat, ipdv: .nan)],
                               ports: [Fixtures.port("n", "p", utilization: .nan, queueMean: .infinity,
                                                     queueMeanBytes: -.infinity)],
                               wall: .nan)
        let header = Fixtures.header(wall: .infinity)
        let text = ResultsJSON.render(header: header, results: [run])
        #expect(!text.lowercased().contains("nan") && !text.lowercased().contains("inf"))
        let doc = try parse(text)
        let design = try #require((doc["designs"] as? [[String: Any]])?.first)
        let flow = try #require((design["flows"] as? [[String: Any]])?.first)
        for key in ["throughput_bps", "latency_mean_s", "jitter_s", "ipdv_mean_s"] {
            #expect(flow[key] is NSNull, "\(key)")
        }
        #expect(flow["latency_min_s"] as? Double == 0.000013338)
        let port = try #require((design["ports"] as? [[String: Any]])?.first)
        for key in ["utilization", "queue_mean_frames", "queue_mean_bytes"] { #expect(port[key] is NSNull, "\(key)") }
        #expect(design["wall_s"] is NSNull)
        #expect((doc["scenario"] as? [String: Any])?["wall_seconds"] is NSNull)
    }

    @Test func writerEscapesStrings() throws {
        let value = JSONValue.object([("k\"ey", .string("a\\b\n\t\u{01}\u{7F}é✓")), ("empty", .array([])),
                                      ("obj", .object([])), ("big", .uint(UInt64.max)), ("neg", .int(-5))])
        let text = JSONWriter.render(value)
        #expect(text == "{\n  \"k\\\"ey\": \"a\\\\b\\n\\t\\u0001\\u007fé✓\",\n  \"empty\": [],\n  \"obj\": {},\n  \"big\": 18446744073709551615,\n  \"neg\": -5\n}\n")
        let doc = try parse(text)
        #expect(doc["k\"ey"] as? String == "a\\b\n\t\u{01}\u{7F}é✓")
    }

    @Test func headerIsCodable() throws {
        let data = try JSONEncoder().encode(Fixtures.header())
        let back = try JSONDecoder().decode(ReportHeader.self, from: data)
        #expect(back == Fixtures.header())
        let keys = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any]).keys
        #expect(keys.contains("scenario_hash") && keys.contains("run_started"))
    }
}
