import Analysis
import Experiments
import Scenario
import Testing

/// The shipped iiot-platform scenario, shrunk to 2 sites of 2 cells of 2 gateways of
/// 2 + 2 + 2 devices: its size and its traffic counted by hand.
@Suite struct IIoTPlatformTests {
    static let small = ["parameters.S=2", "parameters.C=2", "parameters.G=2", "parameters.FAST=2", "parameters.MID=2",
                        "parameters.SLOW=2"]

    @Test func sizeAndTrafficAreTheHandCount() async throws {
        let (file, results) = try await Repo.run("iiot-platform.yaml", overrides: Self.small, duration: "20s")
        let plant = file.designs[0].plant
        // cloud, 2 cores, 2 edges, 4 cells, 4 PLCs, 4 actuators, 8 gateways, 48 devices.
        let nodes = 1 + 2 + 2 + 4 + 4 + 4 + 8 + 48, wires = 2 + 4 + 4 + 4 + 8 + 48
        #expect(plant.nodes.count == nodes)
        #expect(plant.ports.count == 2 * wires)
        #expect(plant.links.count == 2 * 2)
        // Per site: 3 telemetry flows, an alarm flow, a control flow per cell.
        #expect(plant.flows.count == 2 * (3 + 1 + 2))
        let flows = results[0].flows
        func sent(_ id: String) -> UInt64? { flows.first { $0.flow == id && $0.leg == .oneWay }?.sent }
        // 8 devices of each kind per site; a device sends 20 s / its period frames, its
        // phase below one period.
        #expect(sent("telemetry-fast1") == 160)
        #expect(sent("telemetry-mid2") == 32)
        #expect(sent("telemetry-slow1") == 16)
        let control = try #require(flows.first { $0.flow == "control2-1" && $0.leg == .roundTrip })
        #expect(control.sent == 2_000 && control.delivered == 2_000 && control.deadlineMisses == 0)
        // Nothing is lost: the plant is lightly loaded.
        #expect(flows.allSatisfy { $0.dropped == 0 })
        // The alarm sensors are the first of each gateway: 4 per site.
        #expect(plant.flows.first { $0.name == "alarm1" }?.sources.count == 4)
    }
}
