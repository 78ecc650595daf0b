import Analysis
import Kernel
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Reporting
import Testing

@Suite struct LatencyPlotTests {
    @Test func wellFormedDeterministicAndComplete() throws {
        let runs = Fixtures.threeDesigns()
        let svg = LatencyPlot.render(runs, title: "plant <A&B>")
        #expect(svg == LatencyPlot.render(runs, title: "plant <A&B>"))
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(svg.contains("plant &lt;A&amp;B&gt;"))
        for r in runs {
            #expect(svg.contains(">\(r.variant)</text>"))
            for f in r.flows where f.source == nil { #expect(svg.contains(">\(f.flow)</text>")) }
        }
        let parser = XMLParser(data: Data(svg.utf8))
        #expect(parser.parse(), "not well-formed XML: \(String(describing: parser.parserError))")
        #expect(!svg.contains("nan") && !svg.contains("inf"))
    }

    /// 5,000 flows in three designs: the 20 most urgent (as in the table) and a row for the
    /// rest, in a figure renderers accept (at most 4,000 px high) and of modest size; each
    /// flow's deadline is a dashed mark in each design.
    @Test func fiveThousandFlowsStayReadable() throws {
        let runs = ["base", "tsn", "5g"].enumerated().map { k, variant in
            Fixtures.run(variant, flows: (0..<5000).map { i in
                var f = Fixtures.flow("flow-\(i)", latency: Fixtures.latency(
                    min: 1_000_000, mean: 2_000_000, p50: 2_000_000, p90: 3_000_000, p99: SimTime(1 + i % 997) * 1_000_000,
                    p999: 4_000_000, p99999: 5_000_000, max: SimTime(2 + i % 997 + k) * 1_000_000))
                if i % 2 == 0 { f.deadline = 1_000_000_000 }
                return f
            })
        }
        let svg = LatencyPlot.render(runs, title: "plant")
        #expect(XMLParser(data: Data(svg.utf8)).parse())
        let height = try #require(Int(svg.split(separator: "\"")[5]))  // <svg xmlns=".." width=".." height="..">
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\""))
        #expect(height <= LatencyPlot.maxHeight && height > 1000)
        #expect(svg.utf8.count < 100_000)
        // The most urgent: the deadline flows (even i) with the highest max, i mod 997 = 996: i = 996, 2990, 4984.
        #expect(svg.contains(">flow-996</text>") && svg.contains(">flow-4984</text>"))
        #expect(!svg.contains(">flow-1</text>"))
        #expect(svg.contains(">4,980 more flows</text>"))
        #expect(svg.contains("20 of 5,000 flows, least deadline slack first, then highest p99; all are in flows.csv"))
        #expect(svg.components(separatedBy: "stroke-dasharray").count - 1 == 20 * 3)

        // As many as fit when the table would show them all: still within bounds.
        let all = LatencyPlot.render(runs, title: "plant", flows: FlowSelection(top: nil))
        let allHeight = try #require(Int(all.split(separator: "\"")[5]))
        #expect(allHeight <= LatencyPlot.maxHeight && all.utf8.count < 400_000)
        #expect(all.contains(" more flows</text>"))
    }

    /// A small plant: every flow, no summary row, a deadline mark per design of a flow with one.
    @Test func smallPlantShowsEveryFlow() {
        var runs = Fixtures.threeDesigns()
        runs[0].flows[0].deadline = 20_000_000
        let svg = LatencyPlot.render(runs, title: "t")
        for name in ["sensor-to-plc", "camera-to-edge", "agv-control"] { #expect(svg.contains(">\(name)</text>")) }
        #expect(!svg.contains("more flows"))
        #expect(svg.components(separatedBy: "stroke-dasharray").count - 1 == 1)
    }

    /// A flow that delivered nothing has no bar, and no results at all still make a valid figure.
    @Test func emptyInputsStillRender() {
        let empty = LatencyPlot.render([], title: "empty")
        #expect(XMLParser(data: Data(empty.utf8)).parse())
        let none = Fixtures.run("base", flows: [Fixtures.flow("idle", delivered: 0, latency: nil)])
        #expect(XMLParser(data: Data(LatencyPlot.render([none], title: "t").utf8)).parse())
    }
}
