import Experiments
import Kernel
import Models
import Testing

/// Small wired plants for the bound tests, written as specs: Ethernet links with the usual
/// 20 B of overhead and 64 B minimum frame, routes along given nodes.
struct BoundPlant {
    var spec = PlantSpec()

    mutating func node(_ name: String, switch isSwitch: Bool = false, delay: Distribution = .constant(0)) -> Int {
        spec.nodes.append(NodeSpec(name: name, kind: isSwitch ? .switch : .station, switchingDelay: delay))
        return spec.nodes.count - 1
    }

    /// A full-duplex link: two ports, both with `tsn`.
    mutating func link(_ a: Int, _ b: Int, rate: Int64, propagation: SimTime = 50_000, tsn: PortTSN? = nil) {
        for (x, y) in [(a, b), (b, a)] {
            spec.ports.append(PortSpec(name: "to-\(spec.nodes[y].name)", node: x, peerNode: y, rateBitsPerSecond: rate,
                                       propagation: propagation, tsn: tsn))
        }
    }

    func port(_ a: Int, _ b: Int) -> Int { spec.ports.firstIndex { $0.node == a && $0.peerNode == b }! }

    /// The hops along `nodes`.
    func route(_ nodes: [Int]) -> [Hop] { zip(nodes, nodes.dropFirst()).map { .port(port($0, $1)) } }

    /// A flow from each of `paths` (node lists, source first) to the last node of each.
    mutating func flow(_ name: String, priority: Int, paths: [[Int]], _ traffic: TrafficSpec) {
        spec.flows.append(FlowSpec(name: name, destination: paths[0].last!, priority: priority,
                                   sources: paths.map { SourceSpec(node: $0[0], route: route($0), traffic: traffic) }))
    }

    /// Periodic frames of `size` every `period`, at a random phase; a uniform jitter when given.
    static func periodic(_ size: Double, every period: SimTime, jitter: SimTime? = nil) -> TrafficSpec {
        TrafficSpec(pattern: .periodic(period: period, jitter: jitter.map { .uniform(low: 0, high: Double($0)) }),
                    size: .constant(size), offset: .uniform(low: 0, high: Double(period)))
    }

    /// Runs the plant with `seed` and checks every flow's simulated maximum against its
    /// bound; returns the bounds and the results.
    @discardableResult
    func checkSimulation(seeds: ClosedRange<UInt64> = 1...3, duration: SimTime = 500 * Time.millisecond,
                         sourceLocation: SourceLocation = #_sourceLocation) -> PlantBounds {
        let bounds = PlantBounds(spec)
        for seed in seeds {
            let r = Runner.run(RunRequest(variant: "base", plant: spec, seed: seed, duration: duration))
            for (flow, b) in zip(spec.flows, bounds.flows) {
                let sim = r.flows.first { $0.flow == flow.name && $0.source == nil }
                #expect(sim?.delivered ?? 0 > 0, "seed \(seed): \(flow.name) delivered nothing", sourceLocation: sourceLocation)
                guard let bound = b.bound, let max = sim?.latency?.max else {
                    Issue.record("seed \(seed): \(flow.name) has no bound: \(b.outcome)", sourceLocation: sourceLocation)
                    continue
                }
                #expect(max <= bound, "seed \(seed): \(flow.name) simulated \(max) ps above its bound \(bound) ps",
                        sourceLocation: sourceLocation)
            }
        }
        return bounds
    }
}
