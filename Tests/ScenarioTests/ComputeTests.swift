import Foundation
import Kernel
import Models
import Testing
@testable import Scenario

/// Compute nodes, their services, and request flows with their routes.
@Suite struct ComputeTests {
    /// Cameras on a cell switch; an edge server with two services on the line switch; an
    /// ejector on the cell switch; the cloud behind a wan link from the line switch.
    static let plant = """
        name: edge
        duration: 1s
        defaults:
          link: {rate: 1Gbps, delay: 1us}
        nodes:
          - {id: cell, type: switch}
          - {id: line, type: switch}
          - {id: "cam{i}", type: camera, count: 2}
          - {id: ejector, type: device}
          - id: edge
            type: server
            compute:
              servers: 4
              discipline: edf
              queue: 64
              speed: 2.5GHz
              services:
                - {id: control, time: 200us}
                - {id: inference, work: {dist: lognormal, mean: 40Mcycles, cv: 0.2}}
          - {id: cloud, type: server, compute: {services: [{id: archive, time: {dist: exponential, mean: 2ms}}]}}
        links:
          - {from: cell, to: line}
          - {from: "cam{i}", to: cell, count: 2}
          - {from: ejector, to: cell}
          - {from: edge, to: line}
          - {from: line, to: cloud, type: wan, delay: 10ms}
        flows:
          - id: vision
            kind: periodic
            from: "cam*"
            to: edge
            service: inference
            response: {size: 64B, to: ejector, priority: 6}
            period: 100ms
            size: 1500B
            deadline: 50ms
          - {id: check, kind: poisson, from: [cam1, edge], to: edge, service: control, gap: 1ms, size: 100B, priority: 3}
          - {id: store, kind: cbr, from: cam2, to: cloud, service: archive, rate: 1Mbps, size: 1000B,
             response: {size: {dist: uniform, min: 40B, max: 80B}}}

        """

    @Test func computeSpecAndServices() throws {
        let net = try #require(try ScenarioLoader.load(yaml: Self.plant).designs.first).plant
        let edge = 5, cloud = 6
        #expect(net.nodes[edge].compute == ComputeSpec(servers: 4, discipline: .edf, queueLimit: 64, speedHz: 2.5e9))
        #expect(net.nodes[cloud].compute == ComputeSpec())
        #expect(net.nodes.filter { $0.compute != nil }.count == 2)
        #expect(net.services == [
            ServiceSpec(name: "control", node: edge, demand: .time(.constant(200_000_000))),
            ServiceSpec(name: "inference", node: edge, demand: .work(.lognormal(mean: 40e6, cv: 0.2))),
            ServiceSpec(name: "archive", node: cloud, demand: .time(.exponential(mean: 2e9))),
        ])
    }

    @Test func requestRoutes() throws {
        let net = try #require(try ScenarioLoader.load(yaml: Self.plant).designs.first).plant
        // Ports: cell→line 0, line→cell 1, cam1→cell 2, cell→cam1 3, cam2→cell 4, cell→cam2 5,
        // ejector→cell 6, cell→ejector 7, edge→line 8, line→edge 9; links: line→cloud 0, back 1.
        let vision = try #require(net.flows.first { $0.name == "vision" })
        #expect(vision.destination == 5 && vision.deadline == 50 * Time.millisecond && vision.priority == 0)
        #expect(vision.request == RequestSpec(service: 1, responseSize: .constant(64), responsePriority: 6,
                                              responseDestination: 4))
        #expect(vision.sources.map(\.node) == [2, 3])
        #expect(vision.sources.map(\.route) == [
            [.port(2), .port(0), .port(9), .service(1), .port(8), .port(1), .port(7)],
            [.port(4), .port(0), .port(9), .service(1), .port(8), .port(1), .port(7)],
        ])
        // Responses go back to each requester; a request made at the compute node itself
        // goes nowhere before and after its task. Response priority defaults to the flow's.
        let check = try #require(net.flows.first { $0.name == "check" })
        #expect(check.request == RequestSpec(service: 0, responseSize: .constant(64), responsePriority: 3))
        #expect(check.sources.map(\.route) == [
            [.port(2), .port(0), .port(9), .service(0), .port(8), .port(1), .port(3)],
            [.service(0)],
        ])
        // Over the wan link to the cloud and back.
        let store = try #require(net.flows.first { $0.name == "store" })
        #expect(store.request?.responseSize == .uniform(low: 40, high: 80))
        #expect(store.sources.map(\.route) == [[.port(4), .port(0), .link(0), .service(2), .link(1), .port(1), .port(5)]])
    }

    /// Requests and responses both count: frames × (1 + hops) each way, plus a task's
    /// arrival and completion.
    @Test func estimateCountsTheResponses() throws {
        let only = Self.plant.components(separatedBy: "  - {id: check")[0]
        let d = try #require(try ScenarioLoader.load(yaml: only).designs.first)
        #expect(d.plant.flows.map(\.name) == ["vision"])
        // Two cameras at 10 requests/s: 20 requests and 20 responses, 3 hops each way.
        #expect(d.estimatedFrames == 40)
        let events: Double = 20 * 4 + 20 * 4 + 2 * 20
        #expect(d.estimatedEvents == events)
    }

    /// A compute node offered more work than its servers do is a warning at its `compute`:
    /// 125 archive requests a second of 10 ms each keep 1.25 servers busy; the cloud has one.
    @Test func overloadedComputeNodeIsAWarning() throws {
        #expect(try ScenarioLoader.load(yaml: Self.plant).warnings.isEmpty)
        let f = try ScenarioLoader.load(yaml: Self.plant, overrides: ["nodes.cloud.compute.services.archive.time=10ms"])
        let w = try #require(f.warnings.first)
        #expect(w.message == "offered work on compute node 'cloud' is 125.0% of its 1 server (variant 'base')", "\(w)")
        let line = Self.plant.split(separator: "\n", omittingEmptySubsequences: false)
            .firstIndex { $0.contains("{id: cloud, type: server") }.map { $0 + 1 }
        #expect(w.line == line)
    }

    @Test func variantsAndOverridesReachTheNewKeys() throws {
        let y = Self.plant + """
            variants:
              - name: bigger
                remove: {flows: [check]}
                change:
                  nodes: [{id: edge, compute: {servers: 8, speed: 3GHz, services: [{id: inference, work: 10Mcycles}]}}]
                  links: [{from: line, to: cloud, loss: 1%}, {from: cell, to: line, traffic_classes: 2, selection: strict-priority}]
                  flows: [{id: vision, service: inference, response: {priority: 7}}]
              - name: no-check
                remove: {flows: [check]}

            """
        let f = try ScenarioLoader.load(yaml: y, overrides: ["nodes.edge.compute.servers=6", "links[4].delay=20ms",
                                                             "flows.vision.response.size=128B"])
        let base = f.designs[0].plant, bigger = f.designs[1].plant
        #expect(base.nodes[5].compute?.servers == 6)
        #expect(base.links[0].delay == .distribution(.constant(20e9)))
        #expect(base.flows[0].request?.responseSize == .constant(128))
        #expect(bigger.nodes[5].compute == ComputeSpec(servers: 8, speedHz: 3e9))
        #expect(bigger.services.map(\.name) == ["inference", "archive"])
        #expect(bigger.links[0].loss == .independent(rate: 0.01))
        #expect(bigger.links[1].loss == .independent(rate: 0.01))
        #expect(bigger.ports[0].trafficClasses == 2)
        #expect(bigger.ports[1].trafficClasses == 2)
        #expect(base.ports[0].trafficClasses == 8)
        // `change` replaces a key's whole value: the response set by --set is gone.
        #expect(bigger.flows[0].request == RequestSpec(service: 0, responseSize: .constant(64), responsePriority: 7,
                                                       responseDestination: nil))
        #expect(bigger.flows.map(\.name) == ["vision", "store"])
        #expect(f.designs.count == 3)
    }

    @Test func badRequests() {
        func first(_ from: String, _ to: String) -> Diagnostic? {
            errors(yaml: Self.plant.replacingOccurrences(of: from, with: to)).first
        }
        var e = first("response: {size: 64B, to: ejector, priority: 6}", "response: {size: 64B, to: cell}")
        #expect(e?.message == "the responses of flow 'vision' go to switch 'cell'; responses end at end stations", "\(String(describing: e))")
        e = first("to: edge, service: control", "to: ejector, service: control")
        #expect(e?.message == "'service' of flow 'check' names 'control', but its destination 'ejector' has no 'compute' (servers and services)", "\(String(describing: e))")
        e = first("size: 64B, to: ejector, priority: 6}", "size: 2000B}")
        #expect(e?.message == "flow 'vision' sends responses of up to 2000B, larger than the maximum frame 1522B of link edge→line", "\(String(describing: e))")
        e = first("from: [cam1, edge], to: edge, service: control", "from: [cam1, edge], to: edge")
        #expect(e?.message == "flow 'check' starts and ends at the same node 'edge'", "\(String(describing: e))")
        e = first("{id: control, time: 200us}", "{id: inference, time: 200us}")
        #expect(e?.message.hasPrefix("duplicate service id 'inference' in node 'edge' (first defined at") ?? false, "\(String(describing: e))")
        e = first("{id: control, time: 200us}", "{id: control, time: 200us, work: 1Mcycles}")
        #expect(e?.message == "give either 'time' or 'work' for service 'control' of node 'edge', not both", "\(String(describing: e))")
        e = first("services: [{id: archive, time: {dist: exponential, mean: 2ms}}]", "services: []")
        #expect(e?.message.contains("'compute.services' of node 'cloud' needs at least one service") ?? false, "\(String(describing: e))")
        e = first("servers: 4", "servers: 0")
        #expect(e?.message == "'compute.servers' of node 'edge' must be between 1 and 1000000, found 0", "\(String(describing: e))")
        e = first("discipline: edf", "discipline: lifo")
        #expect(e?.message == "unknown discipline 'lifo'; expected one of fcfs, priority, edf", "\(String(describing: e))")
        e = first("queue: 64", "queue: lots")
        #expect(e?.message == "expected an integer for 'compute.queue' of node 'edge', found 'lots'", "\(String(describing: e))")
        e = first("mean: 40Mcycles", "mean: 40Mcycle")
        #expect(e?.message.contains("unknown cycles unit 'Mcycle' in '40Mcycle'") ?? false, "\(String(describing: e))")
        #expect(e?.message.contains("did you mean 'Mcycles'?") ?? false, "\(String(describing: e))")
        // A unit where work is expected: 'work' takes cycles, not a time.
        e = first("work: {dist: lognormal, mean: 40Mcycles, cv: 0.2}", "work: 40ms")
        #expect(e?.message.contains("unknown cycles unit 'ms'") ?? false, "\(String(describing: e))")
    }

    /// The resolved design (as `run --out` writes it) loads again to the same plant.
    @Test func resolvedDesignLoadsAgain() throws {
        let f = try ScenarioLoader.load(yaml: Self.plant)
        for d in f.designs {
            let again = try ScenarioLoader.load(yaml: d.resolvedYAML)
            #expect(again.designs[0].plant == d.plant, "\(d.resolvedYAML)")
        }
    }
}
