import Analysis
import CMallocCounter
import Kernel
import Models
import Testing

/// The stream functions allocate nothing in the hot loop: the factory plant of
/// `HotLoopAllocationTests` with IEEE 802.1Qci policing (a meter per stream that drops the
/// bulk flows' excess, a meter for unknown streams at the switch) and 802.1Qcr shaping
/// (frames held and released by events) runs two seconds, about a million events, without
/// a heap allocation once warm.
@Suite struct StreamAllocationTests {
    @Test(.enabled(if: optimized, "allocation-free only in optimized builds; run with -c release"))
    func policedAndShapedRunAllocatesNothing() {
        var spec = PlantSpec()
        spec.nodes = [NodeSpec(name: "sw", kind: .switch), NodeSpec(name: "server", kind: .station)]
        spec.nodes[0].unknownStreams = .police(PolicingSpec(maxSDU: 1000, meter: FlowMeterSpec(
            committedRate: 1_000_000, committedBurst: 3000, excessRate: 500_000, excessBurst: 1500)))
        func link(_ a: Int, _ b: Int, _ rate: Int64) {
            spec.ports.append(PortSpec(name: "to-\(b)", node: a, peerNode: b, rateBitsPerSecond: rate, propagation: 50_000))
            spec.ports.append(PortSpec(name: "to-\(a)", node: b, peerNode: a, rateBitsPerSecond: rate, propagation: 50_000))
        }
        link(0, 1, 1_000_000_000)
        var control: [SourceSpec] = [], bulk: [SourceSpec] = [], noise: [SourceSpec] = []
        for d in 0..<40 {
            let n = spec.nodes.count
            spec.nodes.append(NodeSpec(name: "dev\(d)", kind: .station))
            link(n, 0, 100_000_000)
            let route: [Hop] = [.port(spec.ports.count - 2), .port(0)]
            control.append(SourceSpec(node: n, route: route, traffic: TrafficSpec(
                pattern: .periodic(period: Time.millisecond, jitter: .uniform(low: 0, high: 1e8)),
                size: .constant(128), offset: .uniform(low: 0, high: 1e9))))
            bulk.append(SourceSpec(node: n, route: route, traffic: TrafficSpec(
                pattern: .poisson(meanGap: 1e9), size: .uniform(low: 64, high: 1500))))
            if d % 8 == 0 {
                noise.append(SourceSpec(node: n, route: route, traffic: TrafficSpec(
                    pattern: .poisson(meanGap: 5e8), size: .uniform(low: 64, high: 1500))))
            }
        }
        var c = FlowSpec(name: "control", destination: 1, priority: 6, deadline: 100 * Time.microsecond, sources: control)
        c.policing = PolicingSpec(maxSDU: 128, meter: FlowMeterSpec(committedRate: 2_000_000, committedBurst: 512))
        c.shaping = ATSSpec(committedRate: 1_030_000, committedBurst: 128, maxResidence: 50 * Time.microsecond)
        var b = FlowSpec(name: "bulk", destination: 1, sources: bulk)
        b.policing = PolicingSpec(meter: FlowMeterSpec(committedRate: 4_000_000, committedBurst: 6000))
        b.shaping = ATSSpec(committedRate: 8_000_000, committedBurst: 3000)
        spec.flows = [c, b, FlowSpec(name: "noise", destination: 1, sources: noise)]
        let end = 4 * Time.second
        var plant = Plant(spec: spec, seed: 1, replication: 0, sink: StatsCollector(spec: spec, end: end, perSource: false))
        var queue = EventQueue(capacity: 4096)
        plant.start(&queue)
        _ = run(&plant, queue: &queue, until: 2 * Time.second)  // grow to working size
        let before = fnsim_allocation_count()
        let events = queue.handled
        _ = run(&plant, queue: &queue, until: end)
        let allocations = fnsim_allocation_count() - before
        let handled = queue.handled - events
        #expect(handled > 400_000)
        let flows = plant.sink.flowResults()
        // Every mechanism worked: policed, oversized and ATS-discarded frames.
        #expect(flows.contains { $0.drops.policed > 0 } && flows.contains { $0.drops.oversize > 0 })
        #expect(flows.contains { $0.drops.maxResidence > 0 })
        // Tens of thousands of frames were policed, held and released in the window; a
        // latency histogram may still open a page for a value in a new range (the holds reach
        // new ones), as in the 5G test: one allocation per frame would be tens of thousands.
        #expect(flows.reduce(0) { $0 + $1.drops.policed } > 20_000)
        #expect(allocations <= 4, "\(allocations) allocations in \(handled) events")
    }
}
