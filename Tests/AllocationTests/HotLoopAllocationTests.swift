import Analysis
import CMallocCounter
import Foundation
import Kernel
import Models
import Testing

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

/// The same for a private 5G cell: a server on Ethernet to a gNB with one 40 MHz cell
/// (DDDSU at 30 kHz, InF-DH), eight terminals with periodic uplink and downlink flows at
/// distances where link adaptation, HARQ and the outer loop all work, one terminal on a
/// configured grant and one driving a loop (mobility steps). The NR model reserves its
/// scratch arrays when it is built and pools its rows, so once warm it allocates nothing.
@Suite struct NRAllocationTests {
    static func plant() -> PlantSpec {
        var spec = PlantSpec()
        spec.nodes = [NodeSpec(name: "server", kind: .station), NodeSpec(name: "gnb", kind: .switch, role: .gnb)]
        spec.ports = [
            PortSpec(name: "to-gnb", node: 0, peerNode: 1, rateBitsPerSecond: 10_000_000_000, propagation: 100_000),
            PortSpec(name: "to-server", node: 1, peerNode: 0, rateBitsPerSecond: 10_000_000_000, propagation: 100_000),
        ]
        let numerology = Numerology(subcarrierSpacingKHz: 30)!
        let pattern = try! TDDPattern.parse("DDDSU", special: "10D2G2U")
        let prbs = CarrierBandwidth.resourceBlocks(bandwidthMHz: 40, subcarrierSpacingKHz: 30, range: .fr1)!
        spec.radio = RadioEnvironment(scenario: .infDH, hall: Position(x: 120, y: 60, z: 10))
        spec.radio?.mobilityStep = 20 * Time.millisecond
        spec.cells = [CellSpec(name: "cell", node: 1, position: Position(x: 60, y: 30, z: 8), carrierHz: 3.7e9,
                               bandwidthHz: 40e6, numerology: numerology, prbs: prbs, pattern: pattern,
                               processing: RadioProcessing.defaults(numerology: numerology, capability: .one,
                                                                    miniSlot: nil)!)]
        var flows: [FlowSpec] = []
        for u in 0..<8 {
            let node = spec.nodes.count
            spec.nodes.append(NodeSpec(name: "ue\(u)", kind: .station))
            let angle = Double(u) * Double.pi / 4, distance = 5.0 + 6 * Double(u)
            let start = Position(x: 60 + distance * cos(angle), y: 30 + distance * sin(angle), z: 1.5)
            var ue = UESpec(name: "ue\(u)", node: node, gnb: 1, position: start)
            if u == 7 {  // drives a rectangle around the cell at 2 m/s
                ue.path = [start, Position(x: 100, y: 50, z: 1.5), Position(x: 20, y: 50, z: 1.5),
                           Position(x: 20, y: 10, z: 1.5)]
                ue.speed = 2
            }
            spec.ues.append(ue)
            let traffic = TrafficSpec(pattern: .periodic(period: 4 * Time.millisecond,
                                                         jitter: .uniform(low: 0, high: Double(Time.millisecond))),
                                      size: .uniform(low: 40, high: 400), offset: .uniform(low: 0, high: 4e9))
            let uplink: [Hop] = [.radio(ue: u, uplink: true), .port(1)]
            let downlink: [Hop] = [.port(0), .radio(ue: u, uplink: false)]
            flows.append(FlowSpec(name: "up\(u)", destination: 0, deadline: 10 * Time.millisecond,
                                  sources: [SourceSpec(node: node, route: uplink, traffic: traffic)],
                                  radio: FlowRadio(access: u == 0 ? .configured(period: 0, repetitions: 1) : .dynamic,
                                                   priorityLevel: u == 0 ? 19 : 90)))
            flows.append(FlowSpec(name: "down\(u)", destination: node, deadline: 10 * Time.millisecond,
                                  sources: [SourceSpec(node: 0, route: downlink, traffic: traffic)],
                                  radio: FlowRadio(priorityLevel: 22)))
        }
        spec.flows = flows
        return spec
    }

    @Test(.enabled(if: optimized, "allocation-free only in optimized builds; run with -c release"))
    func steadyStateNRCellAllocatesNothing() {
        let spec = Self.plant()
        let end = 8 * Time.second
        var plant = Plant(spec: spec, seed: 1, replication: 0, sink: StatsCollector(spec: spec, end: end, perSource: false))
        var queue = EventQueue(capacity: 4096)
        plant.start(&queue)
        _ = run(&plant, queue: &queue, until: 4 * Time.second)  // grow to working size
        let before = fnsim_allocation_count()
        let events = queue.handled
        _ = run(&plant, queue: &queue, until: end)
        let allocations = fnsim_allocation_count() - before
        let handled = queue.handled - events
        #expect(handled > 50_000)
        // A latency histogram may open a page for a value in a new range (pages and their
        // directory grow geometrically); one allocation per event would be tens of thousands.
        #expect(allocations <= 4, "\(allocations) allocations in \(handled) events")
        // The cell did its work: blocks both ways, HARQ retransmissions (the far terminals
        // sit near the link-adaptation threshold), and every flow delivered.
        let cells = plant.sink.cellResults()
        #expect(cells.count == 2 && cells.allSatisfy { $0.transportBlocks > 1_000 }, "\(cells)")
        #expect(cells.contains { $0.retransmissions > 0 }, "\(cells.map(\.retransmissions))")
        #expect(plant.sink.flowResults().allSatisfy { $0.delivered > 500 })
    }
}

/// The same for TSN ports: a line of three bridges whose ports have a protected window for
/// class 7 (on 802.1AS clocks within ±1 us, drifting), a credit-based shaper on class 3 and
/// preemption (class 7 express), carrying scheduled, shaped and best-effort traffic. Gate
/// wake-ups, credit updates, cuts and resumptions allocate nothing once warm.
@Suite struct TSNAllocationTests {
    @Test(.enabled(if: optimized, "allocation-free only in optimized builds; run with -c release"))
    func steadyStateTSNPortsAllocateNothing() {
        var spec = PlantSpec()
        let ms = Time.millisecond, us = Time.microsecond
        let tsn = PortTSN(gates: .protectedWindow(class: 7, cycle: ms, offset: 0, length: 100 * us),
                          idleSlopes: [0, 0, 0, 200_000_000], preemption: Preemption(express: 1 << 7))
        spec.nodes = ["sw0", "sw1", "sw2", "server"].map { NodeSpec(name: $0, kind: $0 == "server" ? .station : .switch) }
        func link(_ a: Int, _ b: Int, _ rate: Int64, shaped: Bool) {
            spec.ports.append(PortSpec(name: "to-\(b)", node: a, peerNode: b, rateBitsPerSecond: rate, propagation: 50_000,
                                       tsn: shaped ? tsn : nil))
            spec.ports.append(PortSpec(name: "to-\(a)", node: b, peerNode: a, rateBitsPerSecond: rate, propagation: 50_000))
        }
        link(0, 1, 1_000_000_000, shaped: true)
        link(1, 2, 1_000_000_000, shaped: true)
        link(2, 3, 1_000_000_000, shaped: true)
        spec.timeSync = TimeSyncSpec(precision: us, interval: 10 * ms, driftPPM: 10)
        var motion: [SourceSpec] = [], video: [SourceSpec] = [], bulk: [SourceSpec] = []
        for d in 0..<20 {
            let n = spec.nodes.count
            spec.nodes.append(NodeSpec(name: "dev\(d)", kind: .station))
            link(n, 0, 1_000_000_000, shaped: false)
            let route: [Hop] = [.port(spec.ports.count - 2), .port(0), .port(2), .port(4)]
            motion.append(SourceSpec(node: n, route: route, traffic: TrafficSpec(
                pattern: .periodic(period: ms, jitter: nil), size: .constant(100), offset: .constant(Double(d) * 2e6))))
            video.append(SourceSpec(node: n, route: route, traffic: TrafficSpec(
                pattern: .poisson(meanGap: 2e9), size: .uniform(low: 500, high: 1500))))
            bulk.append(SourceSpec(node: n, route: route, traffic: TrafficSpec(
                pattern: .poisson(meanGap: 4e8), size: .uniform(low: 64, high: 1522))))
        }
        spec.flows = [FlowSpec(name: "motion", destination: 3, priority: 7, deadline: ms, sources: motion),
                      FlowSpec(name: "video", destination: 3, priority: 3, sources: video),
                      FlowSpec(name: "bulk", destination: 3, sources: bulk)]
        let end = 3 * Time.second
        var plant = Plant(spec: spec, seed: 1, replication: 0, sink: StatsCollector(spec: spec, end: end, perSource: false))
        var queue = EventQueue(capacity: 4096)
        plant.start(&queue)
        _ = run(&plant, queue: &queue, until: Time.second)  // grow to working size
        let before = fnsim_allocation_count()
        let events = queue.handled
        _ = run(&plant, queue: &queue, until: end)
        let allocations = fnsim_allocation_count() - before
        let handled = queue.handled - events
        #expect(handled > 300_000)
        #expect(allocations <= 4, "\(allocations) allocations in \(handled) events")
        #expect(plant.sink.flowResults().allSatisfy { $0.delivered > 10_000 })
    }
}
