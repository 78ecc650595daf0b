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

/// The same for a plant whose requests cross Ethernet and an external link (with a
/// capacity, a replayed delay trace and Gilbert–Elliott loss) to a compute node with a
/// bounded waiting room, and whose responses come back another way: not one allocation
/// (pooled rows only; per-source histograms may still widen now and then).
@Suite struct PlantAllocationTests {
    @Test(.enabled(if: optimized, "allocation-free only in optimized builds; run with -c release"))
    func steadyStateAcrossTechnologiesAllocatesNothing() {
        var spec = PlantSpec()
        spec.nodes = [NodeSpec(name: "gw", kind: .switch),
                      NodeSpec(name: "cloud", kind: .station,
                               compute: ComputeSpec(servers: 5, discipline: .edf, queueLimit: 20))]
        spec.links = [
            LinkSpec(name: "gw→cloud", node: 0, peerNode: 1, direction: .uplink,
                     delay: .trace([4_000_000_000, 6_000_000_000, 9_000_000_000], .cycle),
                     loss: .gilbertElliott(p: 0.01, r: 0.3, lossGood: 0, lossBad: 1),
                     rateBitsPerSecond: 200_000_000, bufferFrames: 50),
            LinkSpec(name: "cloud→gw", node: 1, peerNode: 0, direction: .downlink,
                     delay: .distribution(.shifted(.lognormal(mean: 3e9, cv: 0.5), by: 2e9)), inOrder: false),
        ]
        spec.services = [ServiceSpec(name: "infer", node: 1, demand: .time(.exponential(mean: 4e8)))]
        var sources: [SourceSpec] = []
        for d in 0..<20 {
            let n = spec.nodes.count
            spec.nodes.append(NodeSpec(name: "cam\(d)", kind: .station))
            spec.ports.append(PortSpec(name: "to-gw", node: n, peerNode: 0, rateBitsPerSecond: 100_000_000, propagation: 50_000))
            spec.ports.append(PortSpec(name: "to-cam\(d)", node: 0, peerNode: n, rateBitsPerSecond: 100_000_000,
                                       propagation: 50_000, bufferFrames: 10))
            let route: [Hop] = [.port(spec.ports.count - 2), .link(0), .service(0), .link(1), .port(spec.ports.count - 1)]
            sources.append(SourceSpec(node: n, route: route, traffic: TrafficSpec(
                pattern: .poisson(meanGap: 2e9), size: .uniform(low: 200, high: 1500))))
        }
        spec.flows = [FlowSpec(name: "vision", destination: 1, priority: 5, deadline: 30 * Time.millisecond,
                               sources: sources, request: RequestSpec(service: 0, responseSize: .uniform(low: 64, high: 200),
                                                                      responsePriority: 6))]
        let end = 6 * Time.second
        var plant = Plant(spec: spec, seed: 1, replication: 0, sink: StatsCollector(spec: spec, end: end, perSource: false))
        var queue = EventQueue(capacity: 4096)
        plant.start(&queue)
        _ = run(&plant, queue: &queue, until: 3 * Time.second)  // grow to working size
        let before = fnsim_allocation_count()
        let events = queue.handled
        _ = run(&plant, queue: &queue, until: end)
        let allocations = fnsim_allocation_count() - before
        let handled = queue.handled - events
        #expect(handled > 150_000)
        #expect(allocations == 0, "\(allocations) allocations in \(handled) events")
    }
}
