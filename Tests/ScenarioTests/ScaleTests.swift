import Foundation
@testable import Scenario
import Testing

/// Large plants and large mistakes: one mistake gives one message, quickly; memory is
/// estimated and refused with the estimate, not by a count of entries.
@Suite struct ScaleTests {
    /// factory-tree's shape with C cells of D devices; `cellID` is the cell template's id.
    static func tree(cells: Int, devices: Int, cellID: String = "cell{c}", deviceKeys: String = "type: device") -> String {
        """
        name: tree
        duration: 1s
        parameters: {C: \(cells), D: \(devices)}
        nodes:
          - {id: core, type: switch}
          - {id: edge, type: server}
          - {id: "\(cellID)", type: switch, for: {c: 1..$C}}
          - {id: "dev{c}-{i}", \(deviceKeys), for: {c: 1..$C, i: 1..$D}}
        links:
          - {from: edge, to: core, rate: 1Gbps}
          - {from: "cell{c}", to: core, rate: 1Gbps, for: {c: 1..$C}}
          - {from: "dev{c}-{i}", to: "cell{c}", rate: 100Mbps, for: {c: 1..$C, i: 1..$D}}
        flows:
          - {id: control, kind: periodic, from: "dev*", to: edge, size: 128B, period: 1ms}

        """
    }

    /// The cell template's id mistyped: each link template reports once (with how many of
    /// its entries repeat the mistake), and the flow that cannot route over the refused
    /// links is not reported again. 20,000 dangling references take well under a second to
    /// report (the suggestions were once searched for each).
    @Test func aMistypedTemplateIdIsReportedOncePerTemplate() {
        let start = Date()
        let ds = errors(yaml: Self.tree(cells: 8, devices: 2500, cellID: "cell{c}{c+1}"))
        #expect(Date().timeIntervalSince(start) < 10)
        #expect(ds.count == 2, "\(ds.map(\.description))")
        #expect(ds.map(\.line) == [11, 12])
        #expect(ds[0].message == "unknown node 'cell1' in the link's 'from'; did you mean 'cell12'?" && ds[0].repeats == 7)
        // The same text at one position is compared a few times (a finding reported twice is
        // shown once), then counted: the count may miss those few.
        #expect(ds[1].message == "unknown node 'cell1' in the link's 'to'; did you mean 'cell12'?")
        #expect((19_996...19_999).contains(ds[1].repeats), "\(ds[1].repeats)")
        #expect(ds[1].description.hasSuffix("more at this position)"))
    }

    /// A misspelt key in the device template: two messages for 20,000 devices.
    @Test func aMisspeltTemplateKeyIsReportedOnce() {
        let ds = errors(yaml: Self.tree(cells: 8, devices: 2500, deviceKeys: "tpye: device"))
        #expect(ds.map(\.message) == ["missing required key 'type' in node 'dev1-1'",
                                      "unknown key 'tpye' in a node; did you mean 'type'?"], "\(ds)")
        #expect(ds.count == 2 && ds[0].repeats == 19_999 && (19_996...19_999).contains(ds[1].repeats))
    }

    /// Single mistakes in the templates of a 16,384-device plant, as a fuzzer of `validate`
    /// makes them: each is answered in a few lines and seconds, however many entries repeat it.
    @Test(arguments: [
        ("id: \"cell{c}\"", "id: \"cell{c}{c+1}\""), ("type: device", "tpye: device"),
        ("to: \"cell{c}\"", "to: \"cel{c}\""), ("from: \"dev*\"", "from: \"dve*\""),
        ("rate: 100Mbps", "rate: 100Mbsp"), ("i: 1..$D}}\nflows", "i: 1..$E}}\nflows"),
        ("to: edge", "to: egde"), ("period: 1ms", "period: 1"),
    ])
    func aTemplateMistakeIsAnsweredInAFewLines(_ mistake: (String, String)) throws {
        let yaml = Self.tree(cells: 64, devices: 256)
        #expect(yaml.contains(mistake.0))
        let start = Date()
        let ds = errors(yaml: yaml.replacingOccurrences(of: mistake.0, with: mistake.1))
        #expect(Date().timeIntervalSince(start) < 10)
        #expect((1...3).contains(ds.count), "\(ds.map(\.description))")
    }

    /// Past `Diagnostics.limit` distinct errors the rest are counted, and the report says how many.
    @Test func errorsPastTheLimitAreCounted() throws {
        let nodes = (1...150).map { "  - {id: n\($0), type: devise}" }.joined(separator: "\n")
        do {
            _ = try ScenarioLoader.load(yaml: "name: x\nduration: 1s\nnodes:\n" + nodes + "\n")
            Issue.record("expected errors")
        } catch let e as ScenarioErrors {
            #expect(e.diagnostics.count == Diagnostics.limit)
            #expect(e.unreported == 150 - Diagnostics.limit)
            #expect(e.description.hasSuffix("... and 50 more errors (fix these and validate again)"))
        }
    }

    /// The same finding reported twice (two checks of one entry) is shown once, not as a repeat.
    @Test func anIdenticalFindingIsNotARepeat() {
        let d = Diagnostics()
        let p = Pos(file: "f", line: 3, column: 4)
        d.error(p, "bad")
        d.error(p, "bad")
        d.error(p, "other")
        #expect(d.items.count == 1 && d.items[0].repeats == 1 && d.errorCount == 2)
    }

    /// A template larger than the memory limit is refused before it is expanded, with the
    /// estimate and the option that raises the limit; the same plant loads under a larger one.
    @Test func aTemplateBeyondTheMemoryLimitIsRefusedWithTheEstimate() throws {
        let yaml = Self.tree(cells: 100, devices: 100)
        let small = MemoryLimit(bytes: 1_000_000)
        let ds = loadErrors({ try ScenarioLoader.load(yaml: yaml, maxMemory: small) })
        let e = try #require(ds.first)
        // 10,000 entries of 3 YAML nodes (the mapping and its two values) after the cells'
        // 100 entries of 3: 30,300 nodes at 320 B each.
        #expect(e.line == 8, "\(e)")
        #expect(e.message == "this template makes 10000 entries of 3 YAML nodes each; with the entries before it the "
            + "design would take about 9.7 MB of memory, more than the limit of 1.0 MB (raise it with --max-memory, "
            + "such as --max-memory 1GB)", "\(e.message)")
        // What the refused templates would have made is not reported missing (the flow's
        // `dev*` matches nothing, the links name no devices).
        #expect(ds.allSatisfy { $0.message.hasPrefix("this template makes") }, "\(ds.map(\.message))")
        let file = try ScenarioLoader.load(yaml: yaml, maxMemory: MemoryLimit(bytes: 1_000_000_000))
        #expect(file.designs[0].plant.nodes.count == 10_102)
    }

    /// The scenario text itself is weighed against the limit before it is parsed.
    @Test func aFileBeyondTheLimitIsRefusedBeforeParsing() {
        let ds = loadErrors({ try ScenarioLoader.load(yaml: String(repeating: "#\n", count: 100_000),
                                                      maxMemory: MemoryLimit(bytes: 1_000_000)) })
        #expect(ds.first?.message.hasPrefix("the file is 200 kB; reading it would take about 8.0 MB of memory") ?? false,
                "\(ds)")
    }
}
