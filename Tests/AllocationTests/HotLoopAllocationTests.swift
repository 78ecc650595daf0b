import Analysis
import CMallocCounter
import Kernel
import Models
import Testing

/// Whether this is an optimized build: unoptimized code boxes values on the heap that the
/// optimizer keeps in registers, so the property holds for release builds (as CI runs).
private let optimized: Bool = {
    #if DEBUG
    return false
    #else
    return true
    #endif
}()

/// The hot loop allocates nothing: once queues, the packet pool and the histograms have
/// grown to their working size, two more seconds of simulated factory traffic (about a
/// million events) make no heap allocation.
@Suite struct HotLoopAllocationTests {
    @Test(.enabled(if: optimized, "allocation-free only in optimized builds; run with -c release"))
    func steadyStateRunAllocatesNothing() {
        var spec = PlantSpec()
        spec.nodes = [NodeSpec(name: "sw", kind: .switch), NodeSpec(name: "server", kind: .station)]
        func link(_ a: Int, _ b: Int, _ rate: Int64) {
            spec.ports.append(PortSpec(name: "to-\(b)", node: a, peerNode: b, rateBitsPerSecond: rate, propagation: 50_000))
            spec.ports.append(PortSpec(name: "to-\(a)", node: b, peerNode: a, rateBitsPerSecond: rate, propagation: 50_000))
        }
        link(0, 1, 1_000_000_000)
        var control: [SourceSpec] = [], bulk: [SourceSpec] = []
        for d in 0..<40 {
            let n = spec.nodes.count
            spec.nodes.append(NodeSpec(name: "dev\(d)", kind: .station))
            link(n, 0, 100_000_000)
            let route: [Hop] = [.port(spec.ports.count - 2), .port(0)]
            control.append(SourceSpec(node: n, route: route, traffic: TrafficSpec(
                pattern: .periodic(period: Time.millisecond, jitter: .uniform(low: 0, high: 1e7)),
                size: .constant(128), offset: .uniform(low: 0, high: 1e9))))
            bulk.append(SourceSpec(node: n, route: route, traffic: TrafficSpec(
                pattern: .poisson(meanGap: 1e9), size: .uniform(low: 64, high: 1500))))
        }
        spec.flows = [FlowSpec(name: "control", destination: 1, priority: 6, deadline: 100 * Time.microsecond,
                               sources: control),
                      FlowSpec(name: "bulk", destination: 1, sources: bulk)]
        let end = 3 * Time.second
        var network = Plant(spec: spec, seed: 1, replication: 0,
                              sink: StatsCollector(spec: spec, end: end, perSource: true))
        var queue = EventQueue(capacity: 4096)
        network.start(&queue)
        _ = run(&network, queue: &queue, until: Time.second)  // grow to working size
        let before = fnsim_allocation_count()
        let events = queue.handled
        _ = run(&network, queue: &queue, until: end)
        let allocations = fnsim_allocation_count() - before
        let handled = queue.handled - events
        #expect(handled > 500_000)
        // A histogram may still widen its range once or twice; one allocation per event
        // would be a million.
        #expect(allocations <= 8, "\(allocations) allocations in \(handled) events")
    }
}
