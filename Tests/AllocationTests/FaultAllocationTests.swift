import Analysis
import CMallocCounter
import Kernel
import Models
import Testing

/// Faults and replication keep the hot loop free of allocation: PRP over two LANs with
/// twenty dual-homed stations sending every millisecond (with deadlines and survival
/// times), while a LAN link and a LAN switch fail and return inside the measured seconds
/// (static routes: nothing is rerouted, which is the one step that may allocate).
@Suite struct FaultAllocationTests {
    @Test(.enabled(if: optimized, "allocation-free only in optimized builds; run with -c release"))
    func faultsAndReplicationAllocateNothing() {
        var spec = PlantSpec()
        spec.nodes = [NodeSpec(name: "plc", kind: .station), NodeSpec(name: "lan-a", kind: .switch),
                      NodeSpec(name: "lan-b", kind: .switch)]
        func link(_ a: Int, _ b: Int) {
            for (x, y) in [(a, b), (b, a)] {
                spec.ports.append(PortSpec(name: "\(x)-\(y)", node: x, peerNode: y, rateBitsPerSecond: 1_000_000_000,
                                           propagation: 50_000))
            }
        }
        link(0, 1)  // ports 0, 1
        link(0, 2)  // ports 2, 3
        var sources: [SourceSpec] = []
        for d in 0..<20 {
            let n = spec.nodes.count
            spec.nodes.append(NodeSpec(name: "io\(d)", kind: .station))
            link(n, 1)
            link(n, 2)
            let p = spec.ports.count - 4
            var s = SourceSpec(node: n, route: [.port(p), .port(1)], traffic: TrafficSpec(
                pattern: .periodic(period: Time.millisecond, jitter: nil), size: .constant(100),
                offset: .uniform(low: 0, high: 1e9)))
            s.replicas = [[.port(p + 2), .port(3)]]
            s.pinned = true
            sources.append(s)
        }
        var flow = FlowSpec(name: "io", destination: 0, deadline: Time.millisecond, sources: sources)
        flow.survivalTime = 2 * Time.millisecond
        flow.replication = ReplicationSpec(elimination: .prp(windowSize: 256, entryForgetTime: 400 * Time.millisecond))
        spec.flows = [flow]
        spec.faults = [
            FaultSpec(name: "lan-a uplink", targets: [.ethernet(port: 1, reverse: 0)],
                      timing: .scheduled(down: 5_200_000_000_000, up: 5_700_000_000_000)),
            FaultSpec(name: "lan-b", targets: [.node(2)], timing: .scheduled(down: 6_200_000_000_000, up: 6_500_000_000_000)),
        ]
        let end = 8 * Time.second
        var plant = Plant(spec: spec, seed: 1, replication: 0, sink: StatsCollector(spec: spec, end: end, perSource: false))
        var queue = EventQueue(capacity: 4096)
        plant.start(&queue)
        _ = run(&plant, queue: &queue, until: 4 * Time.second)
        let before = fnsim_allocation_count()
        _ = run(&plant, queue: &queue, until: end)
        let allocations = fnsim_allocation_count() - before
        #expect(allocations == 0, "\(allocations) allocations")
        // Both faults struck, and PRP carried every frame through them.
        let flows = plant.sink.flowResults(stop: end)
        #expect(flows[0].sent > 150_000 && flows[0].dropped == 0, "\(flows[0].sent) sent, \(flows[0].dropped) dropped")
    }
}
