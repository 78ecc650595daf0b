import Kernel
import Models

/// Plants for the TSN port tests (Qbv, Qav, Qbu, 802.1AS), written directly as specs, and a
/// sink that keeps every delivery and the TSN probes so that single frames can be checked.
///
/// Every link runs at 1 Gbit/s with real Ethernet overhead (20 B: preamble + SFD 8 before
/// the frame, gap 12 after it) and 64 B padding: one octet is 8 ns on the wire, a frame of
/// S bytes reaches the far end (S + 8) × 8 ns after it starts and frees the port after
/// (S + 20) × 8 ns.
enum TSNFixtures {
    static let gbps: Int64 = 1_000_000_000
    static let ns = Time.nanosecond
    static let us = Time.microsecond
    static let ms = Time.millisecond
    /// One octet on the wire at 1 Gbit/s.
    static let octet: SimTime = 8 * Time.nanosecond

    static func port(_ a: Int, _ b: Int, propagation: SimTime, tsn: PortTSN? = nil) -> PortSpec {
        PortSpec(name: "\(a)-\(b)", node: a, peerNode: b, rateBitsPerSecond: gbps, propagation: propagation,
                 overheadBytes: 20, minFrameBytes: 64, maxFrameBytes: 1522, tsn: tsn)
    }

    // MARK: Two scheduled hops

    /// Node indices of `line`.
    enum Node: Int { case talker = 0, sw1, sw2, listener, cross }
    /// The ports of `line` that may be scheduled: sw1 → sw2 and sw2 → listener.
    static let hop1 = 2, hop2 = 4
    /// Propagation on every cable of `line`: 100 ns (20 m).
    static let propagation: SimTime = 100 * ns

    /// talker → sw1 → sw2 → listener, and a second station `cross` on sw1 whose traffic
    /// shares sw1 → sw2 → listener; store-and-forward switches without switching delay.
    /// Ports: 0 talker→sw1, 1 back, 2 sw1→sw2 (`hop1`), 3 back, 4 sw2→listener (`hop2`), 5
    /// back, 6 cross→sw1, 7 back.
    static func line(hop1 tsn1: PortTSN? = nil, hop2 tsn2: PortTSN? = nil) -> PlantSpec {
        var spec = PlantSpec()
        spec.nodes = [NodeSpec(name: "talker", kind: .station), NodeSpec(name: "sw1", kind: .switch),
                      NodeSpec(name: "sw2", kind: .switch), NodeSpec(name: "listener", kind: .station),
                      NodeSpec(name: "cross", kind: .station)]
        let p = propagation
        spec.ports = [port(0, 1, propagation: p), port(1, 0, propagation: p),
                      port(1, 2, propagation: p, tsn: tsn1), port(2, 1, propagation: p),
                      port(2, 3, propagation: p, tsn: tsn2), port(3, 2, propagation: p),
                      port(4, 1, propagation: p), port(1, 4, propagation: p)]
        return spec
    }

    /// A flow of `line` from `from` (talker or cross) to the listener.
    static func lineFlow(_ name: String, from: Node, priority: Int, _ traffic: TrafficSpec) -> FlowSpec {
        let route: [Hop] = from == .talker ? [.port(0), .port(2), .port(4)] : [.port(6), .port(2), .port(4)]
        return FlowSpec(name: name, destination: Node.listener.rawValue, priority: priority,
                        sources: [SourceSpec(node: from.rawValue, route: route, traffic: traffic)])
    }

    // MARK: One link

    /// Station a → station b over one 1 Gbit/s cable without propagation; port 0 (a → b)
    /// carries `tsn`. Flows are given as (name, priority, traffic), in the order their
    /// same-time frames are made.
    static func link(tsn: PortTSN?, flows: [(name: String, priority: Int, traffic: TrafficSpec)]) -> PlantSpec {
        var spec = PlantSpec()
        spec.nodes = [NodeSpec(name: "a", kind: .station), NodeSpec(name: "b", kind: .station)]
        spec.ports = [port(0, 1, propagation: 0, tsn: tsn), port(1, 0, propagation: 0)]
        spec.flows = flows.map {
            FlowSpec(name: $0.name, destination: 1, priority: $0.priority,
                     sources: [SourceSpec(node: 0, route: [.port(0)], traffic: $0.traffic)])
        }
        return spec
    }

    /// Frames of `size` bytes made at exactly `times` (trace replay).
    static func at(_ times: [SimTime], size: Int32) -> TrafficSpec {
        TrafficSpec(pattern: .trace(times: times, sizes: Array(repeating: size, count: times.count)),
                    size: .constant(Double(size)))
    }

    /// Frames of `size` bytes every `period` from `offset`.
    static func periodic(_ period: SimTime, size: Int32, offset: SimTime = 0) -> TrafficSpec {
        TrafficSpec(pattern: .periodic(period: period, jitter: nil), size: .constant(Double(size)),
                    offset: .constant(Double(offset)))
    }

    // MARK: Running

    /// Runs `spec` to `end` with a `Recorder` as the only listener.
    static func record(_ spec: PlantSpec, until end: SimTime, seed: UInt64 = 1) -> Recorder {
        var plant = Plant(spec: spec, seed: seed, replication: 0, sink: Recorder())
        var queue = EventQueue(capacity: 1024)
        plant.start(&queue)
        _ = run(&plant, queue: &queue, until: end)
        plant.reportInFlight(at: end)
        return plant.sink
    }
}

/// Keeps every frame that reached its destination and what the TSN probes said.
struct Recorder: ProbeSink {
    struct Delivery: Equatable {
        var flow: Int32
        var created: SimTime
        var at: SimTime
        var latency: SimTime { at - created }
    }
    struct Credit: Equatable {
        var site: Int32
        var trafficClass: Int32
        var least: Double
        var most: Double
    }

    var deliveries: [Delivery] = []
    var drops = 0
    /// Times at which a preemptable frame was cut.
    var preemptions: [SimTime] = []
    /// `expressBlocked` durations.
    var expressBlocking: [SimTime] = []
    /// Total `gateHeld` time.
    var gateHeld: SimTime = 0
    var credits: [Credit] = []

    /// Latencies of flow `flow` in delivery order.
    func latencies(_ flow: Int32) -> [SimTime] { deliveries.filter { $0.flow == flow }.map(\.latency) }
    /// Deliveries of flow `flow` in delivery order.
    func of(_ flow: Int32) -> [Delivery] { deliveries.filter { $0.flow == flow } }

    mutating func sent(flow: Int32, source: Int32, leg: Int32, bytes: Int32, created: SimTime, at time: SimTime) {}
    mutating func enqueued(site: Int32, frames: Int32, bytes: Int64, at time: SimTime) {}
    mutating func dequeued(site: Int32, frames: Int32, bytes: Int64, at time: SimTime) {}
    mutating func serviceStarted(site: Int32, duration: SimTime, waited: SimTime, at time: SimTime) {}
    mutating func departed(site: Int32, sojourn: SimTime, at time: SimTime) {}
    mutating func dropped(site: Int32, flow: Int32, source: Int32, leg: Int32, created: SimTime,
                          reason: DropReason, at time: SimTime) { drops += 1 }
    mutating func arrived(flow: Int32, source: Int32, leg: Int32, bytes: Int32, created: SimTime,
                          legStarted: SimTime, final: Bool, at time: SimTime) {
        if final { deliveries.append(Delivery(flow: flow, created: created, at: time)) }
    }
    mutating func warmupEnded(at time: SimTime) {}
    mutating func gateHeld(site: Int32, duration: SimTime, at time: SimTime) { gateHeld += duration }
    mutating func preempted(site: Int32, at time: SimTime) { preemptions.append(time) }
    mutating func expressBlocked(site: Int32, duration: SimTime, at time: SimTime) { expressBlocking.append(duration) }
    mutating func creditRange(site: Int32, trafficClass: Int32, least: Double, most: Double) {
        credits.append(Credit(site: site, trafficClass: trafficClass, least: least, most: most))
    }
}
