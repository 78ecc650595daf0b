import Foundation
import Kernel
import Testing
@testable import Analysis
@testable import Reporting

/// The 5G-bridge columns of flows.csv and results.json and the console rows: present only
/// when some design has a flow crossing a 5G TSN bridge, so other plants' files read as before.
@Suite struct BridgeColumnsTests {
    static let ms = Time.millisecond

    /// A flow held to 4 ms at a 5G bridge: 200 frames, 3 of them late (up to 5.5 ms), 2
    /// more dropped late.
    static func bridged() -> FlowResult {
        var f = Fixtures.flow("robot-control", dropped: 2)
        f.drops = DropCounts(late: 2)
        f.bridge = BridgeDelayResult(frames: 200, late: 5, min: 4 * ms, mean: 4_010_000_000, max: 5_500_000_000,
                                     stddev: 110_000_000)
        return f
    }

    static let bridgeHeader = "bridge_frames,bridge_delay_min_s,bridge_delay_mean_s,bridge_delay_max_s,"
        + "bridge_delay_jitter_s,bridge_late,dropped_late"

    @Test func csvColumnsOnlyWithABridge() {
        let plain = ResultsCSV.flows(Fixtures.threeDesigns())
        #expect(!plain.contains("bridge_") && !plain.contains("dropped_late"))
        let lines = ResultsCSV.flows([Fixtures.run("5g", flows: [Self.bridged(), Fixtures.flow("bulk")])])
            .split(separator: "\n").map(String.init)
        #expect(lines[0].hasSuffix("," + Self.bridgeHeader))
        #expect(lines[0].hasPrefix("variant," + ResultTables.flows.map(\.name).joined(separator: ",") + ","))
        #expect(lines[1].hasSuffix(",200,0.004,0.00401,0.0055,0.00011,5,2"))
        #expect(lines[2].hasSuffix(",,,,,,,0"))  // a flow that crosses no bridge
    }

    @Test func jsonCarriesTheBridge() throws {
        let text = ResultsJSON.render(header: Fixtures.header(), results: [
            Fixtures.run("wired", flows: [Fixtures.flow("bulk")]), Fixtures.run("5g", flows: [Self.bridged()]),
        ])
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let designs = try #require(doc["designs"] as? [[String: Any]])
        let wired = try #require((designs[0]["flows"] as? [[String: Any]])?.first)
        let fiveG = try #require((designs[1]["flows"] as? [[String: Any]])?.first)
        #expect(wired["bridge_frames"] is NSNull && wired["dropped_late"] as? Int == 0)
        #expect(fiveG["bridge_frames"] as? Int == 200 && fiveG["bridge_late"] as? Int == 5)
        #expect(fiveG["bridge_delay_min_s"] as? Double == 0.004 && fiveG["bridge_delay_max_s"] as? Double == 0.0055)
        #expect(fiveG["dropped_late"] as? Int == 2)
        let plain = ResultsJSON.render(header: Fixtures.header(), results: Fixtures.threeDesigns())
        #expect(!plain.contains("bridge_"))
    }

    @Test func consoleRowsOnlyWithABridge() throws {
        let plain = ConsoleTable.render(Fixtures.threeDesigns(), perPort: false)
        #expect(!plain.contains("5G bridge"))
        let text = ConsoleTable.render([Fixtures.run("wired", flows: [Fixtures.flow("robot-control")]),
                                        Fixtures.run("5g", flows: [Self.bridged()])], perPort: false)
        let lines = text.split(separator: "\n").map(String.init)
        func cells(_ label: String) throws -> [Substring] {
            let line = try #require(lines.first { $0.hasPrefix(label + "  ") }, "\(label) in\n\(text)")
            return line.dropFirst(label.count).split(separator: " ", omittingEmptySubsequences: true)
        }
        #expect(try cells("  5G bridge delay min") == ["-", "4.000", "ms"])
        #expect(try cells("  5G bridge delay max") == ["-", "5.500", "ms"])
        #expect(try cells("  5G bridge late frames") == ["-", "5"])
        #expect(try cells("    dropped: late at a 5G bridge") == ["0", "2"])
    }
}
