import Analysis
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

    /// A flow that delivered nothing has no bar, and no results at all still make a valid figure.
    @Test func emptyInputsStillRender() {
        let empty = LatencyPlot.render([], title: "empty")
        #expect(XMLParser(data: Data(empty.utf8)).parse())
        let none = Fixtures.run("base", flows: [Fixtures.flow("idle", delivered: 0, latency: nil)])
        #expect(XMLParser(data: Data(LatencyPlot.render([none], title: "t").utf8)).parse())
    }
}
