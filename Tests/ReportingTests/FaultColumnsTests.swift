import Foundation
import Kernel
import Testing
@testable import Analysis
@testable import Reporting

/// The columns, JSON keys and console rows of drop reasons, availability, replication and
/// faults (schema version 4).
@Suite struct FaultColumnsTests {
    static let ms = Time.millisecond
    static let us = Time.microsecond

    /// A flow that lost frames to a cable cut, with availability and merge-point figures:
    /// 100 us down in 40 ms (0.9975), one failure, MTBF 39.9 ms.
    static func cutFlow(source: String? = nil) -> FlowResult {
        var f = Fixtures.flow("control", source: source, dropped: 6)
        f.drops = DropCounts(bufferFull: 1, lost: 1, linkDown: 2, nodeDown: 1, noRoute: 1)
        f.availability = AvailabilityResult(observed: 40 * ms, down: 100 * us, serviceFailures: 1,
                                            longestOutage: 100 * us, mostConsecutiveFailures: 3, messages: 40,
                                            failedMessages: 3)
        f.replication = ReplicationResult(duplicatesDiscarded: 4, outOfOrder: 2, longestGap: 6_500 * us)
        return f
    }

    static func faults() -> [FaultResult] {
        [FaultResult(fault: "cable", failures: 3, downtime: 17 * ms, longestDowntime: 10 * ms, downAtEnd: true),
         FaultResult(fault: "spare", failures: 0, downtime: 0, longestDowntime: 0, downAtEnd: false)]
    }

    static func column(_ csv: String, _ name: String, row: Int = 1) -> String {
        let lines = csv.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        let i = lines[0].firstIndex(of: Substring(name))!
        return String(lines[row][i])
    }

    @Test func flowsCSVColumns() {
        var plain = Fixtures.flow("bulk")
        plain.drops = DropCounts(bufferFull: 5)
        let csv = ResultsCSV.flows([Fixtures.run("ring", flows: [Self.cutFlow(), plain])])
        let tail = csv.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).dropLast(5).suffix(14) }
        #expect(tail[1].joined(separator: ",") == "1,1,0,2,1,1,0.9975,1,0.0399,0.0001,3,4,2,0.0065")
        // No survival time, no replication: those cells are empty.
        #expect(tail[2].joined(separator: ",") == "5,0,0,0,0,0,,,,,,,,")
        #expect(Self.column(csv, "dropped") == "6")
        // Available all the time: 1, no failures, MTBF undefined (empty), outage 0.
        var up = Self.cutFlow()
        up.availability = AvailabilityResult(observed: 40 * Self.ms, messages: 40)
        let upCSV = ResultsCSV.flows([Fixtures.run("ring", flows: [up])])
        #expect(["availability", "service_failures", "mtbf_s", "longest_outage_s", "max_consecutive_failed"]
            .map { Self.column(upCSV, $0) } == ["1", "0", "", "0", "0"])
        // A replicated flow that passed fewer than two frames per stream: no gap.
        up.replication = ReplicationResult()
        #expect(Self.column(ResultsCSV.flows([Fixtures.run("ring", flows: [up])]), "longest_gap_s") == "")
    }

    @Test func sitesGainFaultDropColumns() {
        var port = Fixtures.port("sw", "p1", drops: 3)
        port.faultDrops = FaultDrops(linkDown: 7, nodeDown: 2, noRoute: 1)
        let csv = ResultsCSV.ports([Fixtures.run("ring", flows: [], ports: [port])])
        port.streamDrops = StreamDrops(policed: 5, oversize: 4, maxResidence: 6)
        #expect(csv.hasSuffix(",3,7,2,1,,,,,,,,,,,0,0,0\n"))
        #expect(csv.hasPrefix("variant,node,port,utilization,frames_sent,queue_mean_frames,queue_max_frames,"
                              + "queue_mean_bytes,queue_max_bytes,drops,drops_link_down,drops_node_down,drops_no_route,"))
        #expect(csv.contains(",cbs_b_credit_max_bits,drops_policed,drops_oversize,drops_max_residence\n"))
        let streams = ResultsCSV.ports([Fixtures.run("ring", flows: [], ports: [port])])
        #expect(streams.hasSuffix(",3,7,2,1,,,,,,,,,,,5,4,6\n"))
    }

    /// faults.csv is written for every run, like cells.csv: only its header without faults.
    @Test func faultsCSV() {
        var ring = Fixtures.run("ring", flows: [])
        ring.faults = Self.faults()
        #expect(ResultsCSV.faults([Fixtures.run("tree", flows: []), ring]) == """
            variant,fault,failures,downtime_s,longest_downtime_s,down_at_end
            ring,cable,3,0.017,0.01,true
            ring,spare,0,0,0,false

            """)
        #expect(ResultsCSV.faults([Fixtures.run("tree", flows: [])])
                == "variant,fault,failures,downtime_s,longest_downtime_s,down_at_end\n")
    }

    @Test func jsonCarriesFaults() throws {
        var ring = Fixtures.run("ring", flows: [Self.cutFlow(), Fixtures.flow("bulk")])
        ring.faults = Self.faults()
        let text = ResultsJSON.render(header: Fixtures.header(), results: [ring])
        #expect(ResultsJSON.schemaVersion == 5)
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(doc["schema_version"] as? Int == 5)
        let design = try #require((doc["designs"] as? [[String: Any]])?.first)
        let faults = try #require(design["faults"] as? [[String: Any]])
        #expect(faults.count == 2 && faults[0]["fault"] as? String == "cable")
        #expect(faults[0]["downtime_s"] as? Double == 0.017 && faults[0]["down_at_end"] as? Bool == true)
        #expect(text.contains("\"down_at_end\": true"))
        let flows = try #require(design["flows"] as? [[String: Any]])
        #expect(flows[0]["availability"] as? Double == 0.9975)
        #expect(flows[0]["dropped_link_down"] as? Int == 2)
        #expect(flows[0]["longest_gap_s"] as? Double == 0.0065)
        for key in ["availability", "service_failures", "mtbf_s", "duplicates_discarded", "longest_gap_s"] {
            #expect(flows[1][key] is NSNull, "\(key)")
        }
        #expect(flows[1]["dropped_buffer_full"] as? Int == 5)
    }

    @Test func availabilityText() {
        #expect(Format.availability(1) == "100 %")
        #expect(Format.availability(0.9975) == "99.75 %")
        #expect(Format.availability(0.9) == "90.00 %")
        #expect(Format.availability(0.999999) == "99.99990 %")
        #expect(Format.availability(0.99999949) == "99.999949 %")
        #expect(Format.availability(0) == "0.00 %")
    }

    /// A plain run reads as before; the new rows appear only where they say something.
    @Test func consoleRowsOnlyWhenNeeded() throws {
        let plain = ConsoleTable.render(Fixtures.threeDesigns(), perPort: false)
        for label in ["dropped:", "availability", "service failures", "longest outage", "duplicates", "longest gap",
                      "faults"] {
            #expect(!plain.contains(label), "\(label)")
        }

        var tree = Fixtures.run("tree", flows: [Fixtures.flow("control"), Fixtures.flow("bulk")])
        tree.faults = [FaultResult(fault: "cable", failures: 1, downtime: 20 * Self.ms, longestDowntime: 20 * Self.ms,
                                   downAtEnd: false)]
        var ring = Fixtures.run("ring", flows: [Self.cutFlow(), Fixtures.flow("bulk")])
        ring.faults = Self.faults()
        let text = ConsoleTable.render([tree, ring], perPort: false)
        let lines = text.split(separator: "\n").map(String.init)
        func cells(_ label: String, after heading: String) throws -> [Substring] {
            let start = try #require(lines.firstIndex(of: heading))
            let line = try #require(lines[start...].first { $0.hasPrefix(label + "  ") })
            return line.dropFirst(label.count).split(separator: " ", omittingEmptySubsequences: true)
        }
        // Run totals and the control flow's breakdown: the reasons any design saw.
        #expect(try cells("  dropped (all flows): link down", after: "run") == ["0", "2"])
        #expect(try cells("  dropped (all flows): buffer full", after: "run") == ["10", "6"])
        #expect(try cells("  service failures (all flows)", after: "run") == ["-", "1"])
        #expect(try cells("    dropped: link down", after: "flow control") == ["0", "2"])
        #expect(try cells("    dropped: no route", after: "flow control") == ["0", "1"])
        #expect(try cells("  availability", after: "flow control") == ["-", "99.75", "%"])
        #expect(try cells("  service failures", after: "flow control") == ["-", "1"])
        #expect(try cells("  longest outage", after: "flow control") == ["-", "100.0", "us"])
        #expect(try cells("  duplicates discarded", after: "flow control") == ["-", "4"])
        #expect(try cells("  longest gap", after: "flow control") == ["-", "6.500", "ms"])
        // The bulk flow dropped to full buffers only: no breakdown, no availability.
        let bulk = try #require(lines.firstIndex(of: "flow bulk"))
        #expect(!lines[bulk...].prefix { !$0.hasPrefix("faults") }.contains { $0.contains("dropped:") || $0.contains("availability") })
        // Faults of each design, longest down first.
        let faults = try #require(lines.firstIndex(of: "faults"))
        #expect(lines[faults + 3].split(separator: " ") == ["tree", "cable", "1", "20.00", "ms", "20.00", "ms", "up"])
        #expect(lines[faults + 4].split(separator: " ") == ["ring", "cable", "3", "17.00", "ms", "10.00", "ms", "down"])
        #expect(lines[faults + 5].split(separator: " ") == ["spare", "0", "0", "s", "0", "s", "up"])
        // Aligned: every metric row as wide as the header.
        let rows = lines.prefix { !$0.isEmpty && !$0.hasPrefix("faults") }.filter { $0.hasPrefix("  ") || $0.hasPrefix("metric") }
        #expect(rows.allSatisfy { $0.count == rows[0].count })
    }
}
