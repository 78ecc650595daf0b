import Analysis
import Experiments
import Kernel
import Models
import Testing

/// A request/response loop across three technologies, against a hand-computed timeline.
@Suite struct RequestResponseTests {
    /// sensor —100M, 10 m— sw —1G, 100 m— gw ==external== cloud, and actuator —100M, 10 m— sw.
    /// Ethernet ports carry the 20 B overhead (8 B of it before the frame); the external
    /// link's uplink takes 10 ms, its downlink 12 ms (constant); the cloud serves each
    /// request in 2 ms. One 100 B request every 100 ms; its 64 B response goes to `responseTo`.
    static func loop(uplinkRate: Int64? = nil, responseTo: Int? = nil, gatewayDelay: SimTime = 0) -> PlantSpec {
        var spec = PlantSpec()
        spec.nodes = [NodeSpec(name: "sensor", kind: .station), NodeSpec(name: "sw", kind: .switch),
                      NodeSpec(name: "gw", kind: .switch, switchingDelay: .constant(Double(gatewayDelay))),
                      NodeSpec(name: "cloud", kind: .station, compute: ComputeSpec(servers: 1)),
                      NodeSpec(name: "actuator", kind: .station)]
        func ethernet(_ a: Int, _ b: Int, _ rate: Int64, _ prop: SimTime) {
            spec.ports.append(PortSpec(name: "to-\(b)", node: a, peerNode: b, rateBitsPerSecond: rate, propagation: prop))
            spec.ports.append(PortSpec(name: "to-\(a)", node: b, peerNode: a, rateBitsPerSecond: rate, propagation: prop))
        }
        ethernet(0, 1, 100_000_000, 50_000)      // ports 0 (sensor→sw), 1
        ethernet(1, 2, 1_000_000_000, 500_000)   // ports 2 (sw→gw), 3 (gw→sw)
        ethernet(4, 1, 100_000_000, 50_000)      // ports 4, 5 (sw→actuator)
        spec.links = [
            LinkSpec(name: "gw→cloud", node: 2, peerNode: 3, direction: .uplink,
                     delay: .distribution(.constant(10e9)), rateBitsPerSecond: uplinkRate),
            LinkSpec(name: "cloud→gw", node: 3, peerNode: 2, direction: .downlink, delay: .distribution(.constant(12e9))),
        ]
        spec.services = [ServiceSpec(name: "control", node: 3, demand: .time(.constant(2e9)))]
        let topology = Topology(spec)
        let request = try! topology.shortestRoute(from: 0, to: 3).get()
        let response = try! topology.shortestRoute(from: 3, to: responseTo ?? 0).get()
        let traffic = TrafficSpec(pattern: .periodic(period: 100 * Time.millisecond, jitter: nil), size: .constant(100))
        spec.flows = [FlowSpec(name: "loop", destination: 3, deadline: 24 * Time.millisecond,
                               sources: [SourceSpec(node: 0, route: request + [.service(0)] + response, traffic: traffic)],
                               request: RequestSpec(service: 0, responseSize: .constant(64), responsePriority: 6,
                                                    responseDestination: responseTo))]
        return spec
    }

    static func legs(_ spec: PlantSpec) -> (request: FlowResult, response: FlowResult, roundTrip: FlowResult, run: RunResult) {
        let r = Runner.run(RunRequest(variant: "base", plant: spec, seed: 1, duration: Time.second))
        return (r.flows[0], r.flows[1], r.flows[2], r)
    }

    /// Request: 108 B × 8 at 100 Mbit/s = 8.64 us + 0.05 us; at 1 Gbit/s 0.864 + 0.5 us;
    /// 10 ms uplink. Service 2 ms. Response (64 B): 12 ms downlink; 72 B × 8 at 1 Gbit/s =
    /// 0.576 us + 0.5 us; at 100 Mbit/s 5.76 us + 0.05 us.
    static let requestLeg: SimTime = 8_690_000 + 1_364_000 + 10 * Time.millisecond
    static let responseLeg: SimTime = 12 * Time.millisecond + 1_076_000 + 5_810_000

    @Test func roundTripIsTheHandComputedSum() {
        let (request, response, roundTrip, run) = Self.legs(Self.loop(responseTo: 4))
        #expect(request.leg == .request && response.leg == .response && roundTrip.leg == .roundTrip)
        for leg in [request, response, roundTrip] {
            #expect(leg.sent == 10 && leg.delivered == 10 && leg.dropped == 0, "\(leg.leg)")
        }
        #expect(request.latency?.min == Self.requestLeg && request.latency?.max == Self.requestLeg)
        #expect(response.latency?.min == Self.responseLeg && response.latency?.max == Self.responseLeg)
        let total = Self.requestLeg + 2 * Time.millisecond + Self.responseLeg
        #expect(total == 24_016_940_000)
        #expect(roundTrip.latency?.min == total && roundTrip.latency?.max == total)
        // The round trip (24.017 ms) misses its 24 ms deadline every time; the legs have none.
        #expect(roundTrip.deadlineMisses == 10 && request.deadlineMisses == 0)
        // The cloud served ten tasks of 2 ms without waiting.
        #expect(run.compute[0].tasks == 10 && run.compute[0].waitMax == 0)
        #expect(abs(run.compute[0].utilization - 0.02) < 1e-12)
        // The link carried ten frames each way, in exactly its delay.
        #expect(run.links.map(\.frames) == [10, 10])
        #expect(run.links[0].transitMax == 10 * Time.millisecond && run.links[1].transitMax == 12 * Time.millisecond)
        #expect(run.links[0].utilization == nil)
    }

    /// With a 10 Mbit/s uplink capacity (no overhead), the request also serializes:
    /// 100 B × 8 / 10 Mbit/s = 80 us before its 10 ms delay.
    @Test func uplinkCapacitySerializesFirst() {
        let (request, _, roundTrip, run) = Self.legs(Self.loop(uplinkRate: 10_000_000, responseTo: 4))
        #expect(request.latency?.max == Self.requestLeg + 80_000_000)
        #expect(roundTrip.latency?.max == Self.requestLeg + 80_000_000 + 2 * Time.millisecond + Self.responseLeg)
        #expect(run.links[0].transitMax == 10 * Time.millisecond + 80_000_000)
        #expect(abs(run.links[0].utilization! - 10 * 80e6 / 1e12) < 1e-12)
    }

    /// The gateway's switching delay applies whatever the next hop: onto the external link
    /// (requests) as onto the Ethernet (responses): 3 us on each leg.
    @Test func switchingDelayBeforeAnyHop() {
        let (request, response, roundTrip, _) = Self.legs(Self.loop(responseTo: 4, gatewayDelay: 3_000_000))
        #expect(request.latency?.max == Self.requestLeg + 3_000_000)
        #expect(response.latency?.max == Self.responseLeg + 3_000_000)
        #expect(roundTrip.latency?.max == Self.requestLeg + 2 * Time.millisecond + Self.responseLeg + 6_000_000)
    }

    /// By default the response returns to the requester over the same switches.
    @Test func responseReturnsToTheRequester() {
        let (_, response, _, _) = Self.legs(Self.loop())
        #expect(response.latency?.max == Self.responseLeg)  // sw→sensor is as fast as sw→actuator
        #expect(response.delivered == 10)
    }
}

/// The compute node's disciplines against hand-computed orders: one server, 1 ms tasks.
@Suite struct DisciplineTests {
    /// A first task at 0 occupies the server 0–1 ms; at 0.1, 0.2, 0.3 ms three requests
    /// arrive from flows a, b, c (priorities 1, 7, 4; deadlines 9, 3, 6 ms). Each then
    /// waits for the tasks served before it.
    static func waits(_ discipline: Discipline) -> [String: SimTime] {
        var spec = PlantSpec()
        spec.nodes = [NodeSpec(name: "server", kind: .station, compute: ComputeSpec(servers: 1, discipline: discipline))]
        spec.services = [ServiceSpec(name: "s", node: 0, demand: .time(.constant(1e9)))]
        func flow(_ name: String, at offset: SimTime, priority: Int, deadline: SimTime) -> FlowSpec {
            let traffic = TrafficSpec(pattern: .burst(every: .constant(1e13), count: 1, spacing: 0), size: .constant(100),
                                      offset: .constant(Double(offset)))
            return FlowSpec(name: name, destination: 0, priority: priority, deadline: deadline,
                            sources: [SourceSpec(node: 0, route: [.service(0)], traffic: traffic)],
                            request: RequestSpec(service: 0, responseSize: .constant(64), responsePriority: 0))
        }
        spec.flows = [flow("first", at: 0, priority: 0, deadline: Time.second),
                      flow("a", at: 100_000_000, priority: 1, deadline: 9 * Time.millisecond),
                      flow("b", at: 200_000_000, priority: 7, deadline: 3 * Time.millisecond),
                      flow("c", at: 300_000_000, priority: 4, deadline: 6 * Time.millisecond)]
        let r = Runner.run(RunRequest(variant: "base", plant: spec, seed: 1, duration: 10 * Time.millisecond))
        var out: [String: SimTime] = [:]
        for f in r.flows where f.leg == .roundTrip { out[f.flow] = f.latency!.max - Time.millisecond }
        return out
    }

    @Test func firstComeFirstServed() {
        // a starts at 1 ms (waited 0.9), b at 2 (1.8), c at 3 (2.7).
        #expect(Self.waits(.fcfs) == ["first": 0, "a": 900_000_000, "b": 1_800_000_000, "c": 2_700_000_000])
    }

    @Test func highestPriorityFirst() {
        // b (7) at 1 ms, c (4) at 2, a (1) at 3.
        #expect(Self.waits(.priority) == ["first": 0, "b": 800_000_000, "c": 1_700_000_000, "a": 2_900_000_000])
    }

    @Test func earliestDeadlineFirst() {
        // Absolute deadlines: a 9.1, b 3.2, c 6.3 ms: b, c, a.
        #expect(Self.waits(.edf) == ["first": 0, "b": 800_000_000, "c": 1_700_000_000, "a": 2_900_000_000])
    }

    /// EDF and priority disagree when the urgent request has the low priority.
    @Test func deadlineBeatsPriorityUnderEDF() {
        var spec = PlantSpec()
        spec.nodes = [NodeSpec(name: "server", kind: .station, compute: ComputeSpec(servers: 1, discipline: .edf))]
        spec.services = [ServiceSpec(name: "s", node: 0, demand: .time(.constant(1e9)))]
        func flow(_ name: String, at offset: SimTime, priority: Int, deadline: SimTime?) -> FlowSpec {
            let traffic = TrafficSpec(pattern: .burst(every: .constant(1e13), count: 1, spacing: 0), size: .constant(100),
                                      offset: .constant(Double(offset)))
            return FlowSpec(name: name, destination: 0, priority: priority, deadline: deadline,
                            sources: [SourceSpec(node: 0, route: [.service(0)], traffic: traffic)],
                            request: RequestSpec(service: 0, responseSize: .constant(64), responsePriority: 0))
        }
        spec.flows = [flow("first", at: 0, priority: 0, deadline: nil),
                      flow("none", at: 100_000_000, priority: 7, deadline: nil),
                      flow("urgent", at: 200_000_000, priority: 0, deadline: 2 * Time.millisecond)]
        let r = Runner.run(RunRequest(variant: "base", plant: spec, seed: 1, duration: 10 * Time.millisecond))
        let trips = Dictionary(uniqueKeysWithValues: r.flows.filter { $0.leg == .roundTrip }.map { ($0.flow, $0.latency!.max) })
        #expect(trips["urgent"] == 1_800_000_000)  // served 1–2 ms
        #expect(trips["none"] == 2_900_000_000)    // no deadline: after every task that has one
    }
}

@Suite struct LocalTaskTests {
    /// Tasks made where they run have no way to go and none back: request and response
    /// legs of zero latency (every percentile 0, not the histogram's sub-nanosecond bucket),
    /// and a round trip that is the service time.
    @Test func zeroLatencyLegsReportZero() {
        let spec = ComputeTheoryTests.node(servers: 1, service: .constant(2e9), rate: 100)
        let r = Runner.run(RunRequest(variant: "base", plant: spec, seed: 3, duration: Time.second))
        let request = r.flows.first { $0.leg == .request }!, response = r.flows.first { $0.leg == .response }!
        for leg in [request, response] {
            let l = leg.latency!
            #expect([l.min, l.p50, l.p90, l.p99, l.p999, l.p99999, l.max] == [0, 0, 0, 0, 0, 0, 0], "\(leg.leg)")
        }
        let trip = r.flows.first { $0.leg == .roundTrip }!.latency!
        #expect(trip.min >= 2 * Time.millisecond && trip.p50 >= 2 * Time.millisecond)
    }
}
