import Analysis
import Experiments
import Kernel
import Models
import Testing

@Suite struct DeterminismTests {
    static func run(_ spec: PlantSpec, seed: UInt64, perSource: Bool = false) -> RunResult {
        Runner.run(RunRequest(variant: "base", plant: spec, seed: seed, duration: 200 * Time.millisecond,
                              perSource: perSource))
    }

    @Test func sameSeedSameResultsOtherSeedOtherResults() {
        let spec = Fixtures.factoryTree(cells: 3, devices: 5)
        let a = Self.run(spec, seed: 1), b = Self.run(spec, seed: 1), c = Self.run(spec, seed: 2)
        #expect(a.flows == b.flows)
        #expect(a.ports == b.ports)
        #expect(a.events == b.events)
        #expect(a.flows != c.flows)
    }

    /// Results do not depend on how many runs share the machine.
    @Test func parallelRunsEqualSerialRuns() async {
        let spec = Fixtures.factoryTree(cells: 2, devices: 4)
        let requests = (1...4).map {
            RunRequest(variant: "v\($0)", plant: spec, seed: UInt64($0), duration: 100 * Time.millisecond)
        }
        let parallel = await Runner.runAll(requests)
        for (r, p) in zip(requests, parallel) {
            let serial = Runner.run(r)
            #expect(serial.variant == p.variant)
            #expect(serial.flows == p.flows)
        }
    }

    /// Adding a device elsewhere in the plant (declared first, so every index shifts)
    /// leaves an existing device's random draws, and so its frames' fates, unchanged.
    @Test func addingADeviceDoesNotShiftOthersRandomNumbers() {
        let poisson = TrafficSpec(pattern: .poisson(meanGap: 10e6), size: .exponential(mean: 800),
                                  offset: .uniform(low: 0, high: 1e6))
        func plant(withExtra: Bool) -> PlantSpec {
            var spec = PlantSpec()
            let names = withExtra ? ["x", "y", "a", "b"] : ["a", "b"]
            spec.nodes = names.map { NodeSpec(name: $0, kind: .station) }
            for i in stride(from: 0, to: names.count, by: 2) {
                spec.ports.append(PortSpec(name: "out", node: i, peerNode: i + 1, rateBitsPerSecond: 1_000_000_000,
                                           propagation: 1000))
                spec.ports.append(PortSpec(name: "back", node: i + 1, peerNode: i, rateBitsPerSecond: 1_000_000_000,
                                           propagation: 1000))
            }
            let a = withExtra ? 2 : 0
            if withExtra {
                spec.flows.append(FlowSpec(name: "extra", destination: 1,
                                           sources: [SourceSpec(node: 0, route: [.port(0)], traffic: poisson)]))
            }
            spec.flows.append(FlowSpec(name: "f", destination: a + 1,
                                       sources: [SourceSpec(node: a, route: [.port(a)], traffic: poisson)]))
            return spec
        }
        let alone = Self.run(plant(withExtra: false), seed: 5)
        let crowded = Self.run(plant(withExtra: true), seed: 5)
        let f1 = alone.flows.first { $0.flow == "f" }!
        let f2 = crowded.flows.first { $0.flow == "f" }!
        #expect(f1 == f2)
        #expect(f1.delivered > 1000)
    }
}
