import Foundation
import Reporting
import Scenario
import Testing

/// `fnsim routes` and the routes of results.json, checked against the scenario files by hand.
@Suite struct RoutesTests {
    static func designs(_ name: String, _ overrides: [String] = []) throws -> [RoutesReport.Design] {
        try ScenarioLoader.load(path: Repo.scenario(name), overrides: overrides).designs.map { ($0.variant, $0.plant) }
    }

    /// Quickstart: PLCs, I/O blocks and the camera on sw1, the controller and the edge
    /// server on line; the variants change priorities and a rate, not paths.
    @Test func quickstartText() throws {
        let text = RoutesReport.text(try Self.designs("quickstart.yaml"), flows: FlowSelection())
        #expect(text == """
            \(RoutesReport.legend)

            base: 8 flows, 10 sources
              io-poll-1   plc1 → sw1 → io1
              io-poll-2   plc2 → sw1 → io2
              io-poll-3   plc3 → sw1 → io3
              io-reply-1  io1 → sw1 → plc1
              io-reply-2  io2 → sw1 → plc2
              io-reply-3  io3 → sw1 → plc3
              plc-report  plc1, plc2, plc3 → sw1 → line → controller
              camera      camera → sw1 → line → edge

            prioritized: the routes of base

            gigabit-uplink: the routes of base

            """)
    }

    /// Cloud versus edge: request flows cross the service at their compute node and come
    /// back; the cloud design crosses the operator's wan link both ways; 5G cameras reach
    /// the cell switch over an abstract radio link (a wan link).
    @Test func cloudVersusEdgeTextAndCSV() throws {
        let designs = try Self.designs("cloud-vs-edge.yaml")
        let lines = RoutesReport.text(designs, flows: FlowSelection()).split(separator: "\n").map(String.init)
        #expect(lines.contains("  loop1    sensor1 → cell-sw → plant-sw → edge [control] → plant-sw → cell-sw → actuator1"))
        #expect(lines.contains("  vision   cam1, cam2 → cell-sw → plant-sw → edge [inference] → plant-sw → cell-sw → ejector"))
        #expect(lines.contains("  history  historian → plant-sw → gateway →[wan] cloud"))
        #expect(lines.contains("cloud: 5 of 6 flows routed otherwise than in base"))
        #expect(lines.contains("  loop1   sensor1 → cell-sw → plant-sw → gateway →[wan] cloud [control] →[wan] gateway → "
                               + "plant-sw → cell-sw → actuator1"))
        #expect(lines.contains("5g-cameras: 1 of 6 flows routed otherwise than in base"))
        #expect(lines.contains("  vision  cam1, cam2 →[wan] cell-sw → plant-sw → edge [inference] → plant-sw → cell-sw → ejector"))

        let csv = RoutesReport.csv(designs).split(separator: "\n").map(String.init)
        #expect(csv[0] == "variant,flow,source,path,hop,technology,from,to,via")
        let history = csv.filter { $0.hasPrefix("base,history,") }
        #expect(history == ["base,history,historian,0,1,ethernet,historian,plant-sw,to-plant-sw",
                            "base,history,historian,0,2,ethernet,plant-sw,gateway,to-gateway",
                            "base,history,historian,0,3,wan,gateway,cloud,gateway→cloud"])
        #expect(csv.contains("base,loop1,sensor1,0,4,service,edge,edge,control"))
        #expect(csv.filter { $0.hasPrefix("cloud,loop1,") }.count == 9)  // 4 hops there, the service, 4 back
    }

    /// Many sources: one line per path shape (here per cell), at most ten, then a count.
    @Test func manySourcesAreGroupedAndCapped() throws {
        let designs = try Self.designs("factory-tree.yaml", ["parameters.C=12", "parameters.D=4"])
        let text = RoutesReport.text(designs, flows: FlowSelection(top: 1))
        let lines = text.split(separator: "\n").map(String.init)  // the legend, then (no blank lines) …
        #expect(lines[1] == "base: 2 flows, 60 sources")  // 48 devices send control, each cell's first one camera
        #expect(lines[2] == "  control  dev1-1, dev1-2 and 2 more → cell1 → core → edge")
        #expect(lines[11] == "           dev10-1, dev10-2 and 2 more → cell10 → core → edge")
        #expect(lines[12] == "           (and 2 more paths of 8 sources: --flows 'control' --format csv lists them)")
        #expect(lines[13] == "  (1 more flow not shown: --top all or --flows GLOB shows them; --format csv lists every hop)")
        #expect(lines.count == 14)
    }

    /// A replicated flow lists each member path of a source.
    @Test func replicatedFlowsShowEveryPath() throws {
        let designs = try Self.designs("line-redundancy.yaml").filter { $0.variant == "base" || $0.variant == "prp" }
        let lines = RoutesReport.text(designs, flows: FlowSelection()).split(separator: "\n").map(String.init)
        let start = try #require(lines.firstIndex(of: "prp: 8 of 8 flows routed otherwise than in base"))
        #expect(Array(lines[(start + 1)...(start + 3)]) == ["  io-in    io1 (2 paths)",
                                                          "             → sw1 → sw0 → plc",
                                                          "             → swb1 → swb0 → plc"])
    }

    @Test func commandLine() throws {
        let r = try Invocation(["routes", "Scenarios/quickstart.yaml", "--flows", "io-poll-*", "--variant", "base"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.split(separator: "\n").filter { $0.hasPrefix("  io-poll-") }.count == 3)
        #expect(!r.stdout.contains("camera"))
        #expect(r.stdout.contains("  (5 flows not matching 'io-poll-*' not shown: "))
        let json = try Invocation(["routes", "Scenarios/quickstart.yaml", "--format", "json", "--sources", "plc2"])
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let designs = try #require(doc["designs"] as? [[String: Any]])
        #expect(designs.count == 3)
        let routes = try #require(designs[0]["routes"] as? [[String: Any]])
        #expect(routes.map { $0["flow"] as? String } == ["io-poll-2", "plc-report"])
        #expect(try Invocation(["routes", "Scenarios/quickstart.yaml", "--top", "0"]).status == 64)
    }
}
