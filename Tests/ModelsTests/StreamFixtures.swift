import Kernel
import Models

/// Records what the stream functions need checked: every frame sent (flow, creation time,
/// size), delivered (with its latency) and dropped (with its reason and site), in event order.
struct StreamSink: ProbeSink {
    struct Sent { var flow: Int32, created: SimTime, bytes: Int32 }
    struct Delivered { var flow: Int32, created: SimTime, latency: SimTime }
    struct Dropped { var flow: Int32, created: SimTime, reason: DropReason, site: Int32 }
    var sent: [Sent] = []
    var delivered: [Delivered] = []
    var dropped: [Dropped] = []

    mutating func sent(flow: Int32, source: Int32, leg: Int32, bytes: Int32, created: SimTime, at time: SimTime) {
        sent.append(Sent(flow: flow, created: created, bytes: bytes))
    }
    mutating func enqueued(site: Int32, frames: Int32, bytes: Int64, at time: SimTime) {}
    mutating func dequeued(site: Int32, frames: Int32, bytes: Int64, at time: SimTime) {}
    mutating func serviceStarted(site: Int32, duration: SimTime, waited: SimTime, at time: SimTime) {}
    mutating func departed(site: Int32, sojourn: SimTime, at time: SimTime) {}
    mutating func dropped(site: Int32, flow: Int32, source: Int32, leg: Int32, created: SimTime, reason: DropReason,
                          at time: SimTime) {
        dropped.append(Dropped(flow: flow, created: created, reason: reason, site: site))
    }
    mutating func arrived(flow: Int32, source: Int32, leg: Int32, bytes: Int32, created: SimTime, legStarted: SimTime,
                          final: Bool, at time: SimTime) {
        if final { delivered.append(Delivered(flow: flow, created: created, latency: time - created)) }
    }
    mutating func warmupEnded(at time: SimTime) {}

    func delivered(_ flow: Int32) -> [Delivered] { delivered.filter { $0.flow == flow } }
    func dropped(_ flow: Int32) -> [Dropped] { dropped.filter { $0.flow == flow } }
}

/// Small bridged networks for the stream functions, written as specs: no overhead,
/// padding, propagation or switching delay unless asked, so every time is a sum of
/// transmission times.
enum StreamFixtures {
    /// Talkers `talkers` (each on its own link to sw1), sw1 → sw2 → listener; returns the
    /// plant and the index of each talker's node, sw1's egress to sw2 and sw2's to the
    /// listener. Rates per link: talkers' `edge`, sw1 → sw2 `core`, sw2 → listener `last`.
    struct Line {
        var spec = PlantSpec()
        var talkers: [Int] = []
        /// Port of each talker to sw1.
        var talkerPorts: [Int] = []
        var sw1ToSw2 = 0
        var sw2ToListener = 0
        let sw1 = 0, sw2 = 1, listener = 2

        init(talkers names: [String], edge: Int64, core: Int64, last: Int64, overhead: Int32 = 0,
             coreBufferFrames: Int32? = nil) {
            spec.nodes = [NodeSpec(name: "sw1", kind: .switch), NodeSpec(name: "sw2", kind: .switch),
                          NodeSpec(name: "listener", kind: .station)]
            func link(_ a: Int, _ b: Int, _ rate: Int64, buffer: Int32? = nil) -> Int {
                spec.ports.append(PortSpec(name: "to-\(spec.nodes[b].name)", node: a, peerNode: b, rateBitsPerSecond: rate,
                                           propagation: 0, overheadBytes: overhead, minFrameBytes: 0,
                                           bufferFrames: buffer))
                spec.ports.append(PortSpec(name: "to-\(spec.nodes[a].name)", node: b, peerNode: a, rateBitsPerSecond: rate,
                                           propagation: 0, overheadBytes: overhead, minFrameBytes: 0))
                return spec.ports.count - 2
            }
            sw1ToSw2 = link(sw1, sw2, core, buffer: coreBufferFrames)
            sw2ToListener = link(sw2, listener, last)
            for name in names {
                talkers.append(spec.nodes.count)
                spec.nodes.append(NodeSpec(name: name, kind: .station))
                talkerPorts.append(link(talkers.last!, sw1, edge))
            }
        }

        /// The route of talker `t` to the listener.
        func route(_ t: Int) -> [Hop] { [.port(talkerPorts[t]), .port(sw1ToSw2), .port(sw2ToListener)] }

        /// Adds a flow from talker `t`; returns its index.
        @discardableResult
        mutating func flow(_ name: String, from t: Int, priority: Int = 0, _ traffic: TrafficSpec,
                           policing: PolicingSpec? = nil, ats: ATSSpec? = nil) -> Int32 {
            var f = FlowSpec(name: name, destination: listener, priority: priority,
                             sources: [SourceSpec(node: talkers[t], route: route(t), traffic: traffic)])
            f.policing = policing
            f.shaping = ats
            spec.flows.append(f)
            return Int32(spec.flows.count - 1)
        }
    }

    /// Runs `spec` with a `StreamSink` until `end`.
    static func record(_ spec: PlantSpec, until end: SimTime, seed: UInt64 = 3) -> StreamSink {
        var plant = Plant(spec: spec, seed: seed, replication: 0, sink: StreamSink())
        var queue = EventQueue()
        plant.start(&queue)
        _ = run(&plant, queue: &queue, until: end)
        return plant.sink
    }
}
