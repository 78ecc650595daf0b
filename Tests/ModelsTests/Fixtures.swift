import Kernel
import Models

/// Small networks written directly as specs, independent of the scenario format.
enum Fixtures {
    /// Two stations joined by one link of `rate`, with no overhead, padding or propagation,
    /// so a frame's service time is exactly size × 8 / rate: a single-server queue.
    static func singleLink(rate: Int64, flows: [(name: String, priority: Int, traffic: TrafficSpec)],
                           bufferFrames: Int32? = nil) -> PlantSpec {
        var spec = PlantSpec()
        spec.nodes = [NodeSpec(name: "a", kind: .station), NodeSpec(name: "b", kind: .station)]
        spec.ports = [
            PortSpec(name: "to-b", node: 0, peerNode: 1, rateBitsPerSecond: rate, propagation: 0,
                     overheadBytes: 0, minFrameBytes: 0, maxFrameBytes: 1 << 28, bufferFrames: bufferFrames),
            PortSpec(name: "to-a", node: 1, peerNode: 0, rateBitsPerSecond: rate, propagation: 0,
                     overheadBytes: 0, minFrameBytes: 0, maxFrameBytes: 1 << 28),
        ]
        spec.flows = flows.map {
            FlowSpec(name: $0.name, destination: 1, priority: $0.priority,
                     sources: [SourceSpec(node: 0, route: [.port(0)], traffic: $0.traffic)])
        }
        return spec
    }

    /// The reference plant of the issue: a core switch, `cells` cell switches on 1 Gbit/s
    /// (0.5 us), `devices` devices per cell on 100 Mbit/s (0.05 us), an edge server on
    /// the core at 1 Gbit/s (0.5 us); no overhead; control 128 B every 1 ms with a
    /// uniform offset, camera 1500 B Poisson at 20 Mbit/s from each cell's first device.
    static func factoryTree(cells: Int, devices: Int) -> PlantSpec {
        var spec = PlantSpec()
        func link(_ a: Int, _ b: Int, _ rate: Int64, _ prop: SimTime) {
            spec.ports.append(PortSpec(name: "to-\(spec.nodes[b].name)", node: a, peerNode: b,
                                       rateBitsPerSecond: rate, propagation: prop, overheadBytes: 0))
            spec.ports.append(PortSpec(name: "to-\(spec.nodes[a].name)", node: b, peerNode: a,
                                       rateBitsPerSecond: rate, propagation: prop, overheadBytes: 0))
        }
        spec.nodes.append(NodeSpec(name: "core", kind: .switch))
        spec.nodes.append(NodeSpec(name: "edge", kind: .station))
        link(1, 0, 1_000_000_000, 500_000)
        var control: [SourceSpec] = [], camera: [SourceSpec] = []
        for c in 1...cells {
            let cell = spec.nodes.count
            spec.nodes.append(NodeSpec(name: "cell\(c)", kind: .switch))
            link(cell, 0, 1_000_000_000, 500_000)
            for d in 1...devices {
                let dev = spec.nodes.count
                spec.nodes.append(NodeSpec(name: "dev\(c)-\(d)", kind: .station))
                link(dev, cell, 100_000_000, 50_000)
                let route = try! Topology(spec).shortestRoute(from: dev, to: 1).get()
                control.append(SourceSpec(node: dev, route: route, traffic: TrafficSpec(
                    pattern: .periodic(period: Time.millisecond, jitter: nil), size: .constant(128),
                    offset: .uniform(low: 0, high: Double(Time.millisecond)))))
                if d == 1 {
                    camera.append(SourceSpec(node: dev, route: route, traffic: TrafficSpec(
                        pattern: .poisson(meanGap: 1500 * 8 / 20e6 * 1e12), size: .constant(1500))))
                }
            }
        }
        spec.flows = [FlowSpec(name: "control", destination: 1, sources: control),
                      FlowSpec(name: "camera", destination: 1, sources: camera)]
        return spec
    }
}
