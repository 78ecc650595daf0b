import Analysis
import CMallocCounter
import Kernel
import Models
import Testing

/// The NR plant of `NRAllocationTests` with a UPF between the gNB and the server acting as
/// a 5G TSN bridge: every frame is stamped at one translator and held at the other (one
/// event each), some arrive late and go on at once; once warm, nothing allocates.
@Suite struct FiveGBridgeAllocationTests {
    static func plant() -> PlantSpec {
        var spec = NRAllocationTests.plant()
        // server ↔ upf ↔ gnb instead of server ↔ gnb.
        let upf = spec.nodes.count
        spec.nodes.append(NodeSpec(name: "upf", kind: .switch, switchingDelay: .uniform(low: 5e6, high: 30e6), role: .upf))
        spec.nodes[upf].tsnBridge = FiveGBridgeSpec(residence: 6 * Time.millisecond)
        spec.ports[0].peerNode = upf  // server → upf
        spec.ports[1].node = upf      // upf → server
        spec.ports.append(PortSpec(name: "to-gnb", node: upf, peerNode: 1, rateBitsPerSecond: 10_000_000_000,
                                   propagation: 100_000))
        spec.ports.append(PortSpec(name: "to-upf", node: 1, peerNode: upf, rateBitsPerSecond: 10_000_000_000,
                                   propagation: 100_000))
        for f in spec.flows.indices {
            for s in spec.flows[f].sources.indices {
                let r = spec.flows[f].sources[s].route
                spec.flows[f].sources[s].route = r.flatMap { h -> [Hop] in
                    guard h.kind == .port else { return [h] }
                    return h.index == 0 ? [.port(0), .port(2)] : [.port(3), .port(1)]
                }
            }
        }
        return spec
    }

    @Test(.enabled(if: optimized, "allocation-free only in optimized builds; run with -c release"))
    func steadyStateBridgeAllocatesNothing() {
        let spec = Self.plant()
        #expect(spec.flows.allSatisfy { spec.crossesFiveGBridge($0) })
        let end = 8 * Time.second
        var plant = Plant(spec: spec, seed: 1, replication: 0, sink: StatsCollector(spec: spec, end: end, perSource: true))
        var queue = EventQueue(capacity: 4096)
        plant.start(&queue)
        _ = run(&plant, queue: &queue, until: 4 * Time.second)  // grow to working size
        let before = fnsim_allocation_count()
        let events = queue.handled
        _ = run(&plant, queue: &queue, until: end)
        let allocations = fnsim_allocation_count() - before
        let handled = queue.handled - events
        #expect(handled > 50_000)
        // As for the NR cell alone: a histogram may open a page for a value in a new range.
        #expect(allocations <= 4, "\(allocations) allocations in \(handled) events")
        let flows = plant.sink.flowResults().filter { $0.source == nil }
        #expect(flows.allSatisfy { ($0.bridge?.frames ?? 0) > 500 }, "\(flows.map(\.bridge))")
        #expect(flows.contains { ($0.bridge?.late ?? 0) > 0 } && flows.contains { $0.bridge?.min == 6 * Time.millisecond })
    }
}
