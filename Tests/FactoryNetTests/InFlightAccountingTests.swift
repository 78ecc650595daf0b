import Analysis
import Experiments
import Scenario
import Testing

/// Every unit still on its way at the end of a run is reported once (`Plant.reportInFlight`):
/// with a deadline of 0 on every flow, each of them is older than its deadline, so the late
/// count equals the in-flight count (sent − delivered − dropped) on every row that has a
/// deadline, pooled and per source: through queues, wires, relays, radio buffers, compute
/// services (a request waiting or served), and replicated frames whose copies are out on
/// several paths (counted once, and not at all once one copy got through).
@Suite struct InFlightAccountingTests {
    /// Durations that end while some frames are on their way.
    @Test(arguments: [
        ("quickstart.yaml", [String](), "200007us"),
        ("factory-tree.yaml", ["parameters.C=3", "parameters.D=5"], "199993us"),
        ("cloud-vs-edge.yaml", [], "1s"),
        ("agv-fleet-5g.yaml", FingerprintTests.fleet, "300ms"),
        ("line-redundancy.yaml", [], "3s"),
    ])
    func everyUnitInFlightIsCountedOnce(scenario: String, overrides: [String], duration: String) async throws {
        let file = try ScenarioLoader.load(path: Repo.scenario(scenario), overrides: overrides, duration: duration,
                                           warmup: "20ms")
        let requests = file.designs.map { d in
            var plant = d.plant
            for f in plant.flows.indices { plant.flows[f].deadline = 0 }
            return RunRequest(variant: d.variant, plant: plant, seed: d.seed, duration: d.duration, warmup: d.warmup,
                              perSource: true)
        }
        var inFlight: UInt64 = 0
        for r in await Runner.runAll(requests) {
            for f in r.flows where f.deadline != nil {
                #expect(f.lateInFlight == f.inFlight, "\(r.variant) \(f.flow) \(f.source ?? "") \(f.leg)")
                #expect(f.deadlineMisses >= f.lateInFlight)
                inFlight += f.inFlight
            }
        }
        #expect(inFlight > 0)  // the check saw something
    }
}
