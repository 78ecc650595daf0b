import Analysis
import Experiments
import Foundation
import Kernel
import Models
import Reporting
import Scenario
import Testing

/// `fnsim bound` on the shipped wired scenarios: the simulated maximum of every flow stays
/// within its bound, and the flows without one are those the model says.
@Suite struct BoundTests {
    /// Every design of a shipped scenario, changed by `change`, bounded and simulated;
    /// each simulated maximum checked against its bound. Returns the report's designs.
    static func check(_ name: String, _ overrides: [String] = [], duration: String,
                      change: (inout PlantSpec) -> Void = { _ in }) async throws -> [BoundReport.Design] {
        let file = try ScenarioLoader.load(path: Repo.scenario(name), overrides: overrides, duration: duration)
        var designs: [BoundReport.Design] = []
        for d in file.designs {
            var plant = d.plant
            change(&plant)
            let r = Runner.run(RunRequest(variant: d.variant, plant: plant, seed: d.seed, duration: d.duration,
                                          warmup: d.warmup))
            designs.append(BoundReport.Design(variant: d.variant, plant: plant, bounds: PlantBounds(plant), results: r))
        }
        for d in designs {
            for row in BoundReport.rows(d) {
                if row.bound != nil { #expect(row.simulated != nil, "\(d.variant) \(row.flow) delivered nothing") }
                #expect(!row.exceeds, "\(name) \(d.variant): \(row.flow) simulated \(row.simulated ?? 0) > \(row.bound ?? 0)")
            }
        }
        #expect(BoundReport.warnings(designs).isEmpty)
        return designs
    }

    /// Quickstart: in the base design every frame is PCP 0, so the PLC reports share the
    /// uplink's class with the Poisson camera and have no bound; the I/O polls never meet
    /// the camera. With the control traffic at PCP 6 (prioritized) it has a bound.
    @Test func quickstart() async throws {
        let designs = try await Self.check("quickstart.yaml", duration: "500ms")
        let base = BoundReport.rows(designs[0])
        #expect(base.filter { $0.flow.hasPrefix("io-") }.allSatisfy { $0.bound != nil })
        let report = try #require(base.first { $0.flow == "plc-report" })
        #expect(report.outcome == .unbounded("class 1 at sw1→line carries unbounded traffic "
                                             + "(flow camera: Poisson arrivals have no finite burst)"))
        #expect(base.last?.outcome == .unbounded("Poisson arrivals have no finite burst"))
        let prioritized = BoundReport.rows(designs[1])
        #expect(prioritized.filter { $0.bound != nil }.count == 7)
        // The reports (256 B, jitter ≤ 50 us, three PLCs) wait behind one camera frame of
        // 1500 B at 100 Mbit/s at most once per hop: their bound is well under a millisecond.
        #expect(prioritized.first { $0.flow == "plc-report" }!.bound! < Time.millisecond)
    }

    /// The production line without its failures (bounds are for the routes without
    /// failures): every flow of every design has a bound, PRP's two copies included.
    @Test func lineRedundancy() async throws {
        let designs = try await Self.check("line-redundancy.yaml", duration: "2s") { $0.faults = [] }
        #expect(designs.count == 4)
        for d in designs { #expect(BoundReport.rows(d).allSatisfy { $0.bound != nil }, "\(d.variant)") }
    }

    /// The factory tree with its control traffic raised above the Poisson cameras.
    @Test func factoryTree() async throws {
        let designs = try await Self.check("factory-tree.yaml", ["parameters.C=3", "parameters.D=6"], duration: "1s") {
            $0.flows[0].priority = 6
        }
        let rows = BoundReport.rows(designs[0])
        #expect(rows[0].bound != nil && rows[1].bound == nil)
    }

    /// The TSN motion cell in its six designs (strict priority, Qbv windows, Qbv with
    /// preemption, a CBS for the video, windows on poorly synchronised clocks, and the
    /// schedule `fnsim tsn schedule` made for those clocks): the motion, I/O and video flows
    /// have bounds and the simulation stays within them; the AGV flows cross the 5G bridge
    /// and the bulk flows are Poisson.
    @Test func tsnMotionCell() async throws {
        let designs = try await Self.check("tsn-motion-cell.yaml", duration: "500ms")
        #expect(designs.count == 6)
        for d in designs {
            let rows = BoundReport.rows(d)
            // With clocks 5 us apart the model takes 2 × their offset bound off every
            // window (a correction may fall in it): too little is left of the 20 us window
            // for a frame to the 100 Mbit/s drives, so the motion flows have no bound there
            // (nor, asserted or not, in the one-frame windows of the synthesized schedule).
            let poor = d.variant == "poor-sync"
            let scheduled = d.variant == "qbv-scheduled"
            let covered = rows.filter {
                ($0.flow.hasPrefix("motion-") && !poor && !scheduled) || $0.flow.hasPrefix("io-") || $0.flow == "video"
            }
            #expect(covered.allSatisfy { $0.bound != nil }, "\(d.variant)")
            if poor {
                #expect(rows.filter { $0.flow.hasPrefix("motion-") }
                    .allSatisfy { $0.reason?.hasSuffix("are too short for its frames") == true })
            }
            #expect(rows.filter { $0.flow.hasPrefix("agv-") }.allSatisfy { $0.outcome == .leavesWired })
        }
    }

    /// The three formats, and the help's example.
    @Test func commandLine() throws {
        let text = try Invocation(["bound", "Scenarios/quickstart.yaml", "--duration", "200ms"])
        #expect(text.status == 0, "\(text.stderr)")
        let lines = text.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "Worst-case latency bounds by network calculus, beside the simulated maximum")
        #expect(lines.contains { $0.hasPrefix("  flow ") && $0.contains("bound") && $0.contains("sim max") })
        #expect(lines.contains { $0.hasPrefix("  camera ") && $0.contains("unbounded")
                                 && $0.contains("Poisson arrivals have no finite burst") })
        #expect(lines.contains("prioritized (simulated 200.0 ms)"))

        let csv = try Invocation(["bound", "Scenarios/quickstart.yaml", "--duration", "200ms", "--format", "csv",
                                  "--variant", "prioritized"])
        #expect(csv.status == 0, "\(csv.stderr)")
        let rows = csv.stdout.split(separator: "\n").map(String.init)
        #expect(rows.first == "variant,flow,status,bound_s,simulated_max_s,deadline_s,slack_s,exceeds_bound,reason")
        #expect(rows.count == 9)
        #expect(rows[1].hasPrefix("prioritized,io-poll-1,bounded,0.0000") && rows[1].contains(",0.001,"))
        #expect(rows.last == "prioritized,camera,unbounded,,\(rows.last!.split(separator: ",", omittingEmptySubsequences: false)[4]),,,,"
                + "Poisson arrivals have no finite burst")

        let json = try Invocation(["bound", "Scenarios/line-redundancy.yaml", "--no-sim", "--format", "json",
                                   "--variant", "prp", "--flows", "video"])
        #expect(json.status == 0, "\(json.stderr)")
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let design = try #require((doc["designs"] as? [[String: Any]])?.first)
        #expect(design["variant"] as? String == "prp" && design["simulated"] as? Bool == false)
        let flow = try #require((design["flows"] as? [[String: Any]])?.first)
        #expect(flow["flow"] as? String == "video" && flow["status"] as? String == "bounded")
        #expect(flow["simulated_max_s"] is NSNull)
        let hops = try #require(flow["hops"] as? [[String: Any]])
        #expect(hops.first?["from"] as? String == "cam" && hops.last?["to"] as? String == "hmi")

        let help = try Invocation(["bound", "--help"])
        #expect(help.stdout.contains("  fnsim bound Scenarios/quickstart.yaml"))
    }
}
