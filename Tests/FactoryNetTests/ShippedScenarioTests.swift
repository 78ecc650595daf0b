import Analysis
import Experiments
import Foundation
import Kernel
import Reporting
import Scenario
import Testing

@Suite struct ShippedScenarioTests {
    /// The deterministic timeline: a control frame's minimum latency over device →
    /// cell → core → edge is 128 B at 100 Mbit/s + 0.05 us, then twice 128 B at 1 Gbit/s
    /// + 0.5 us = 13.338 us; a camera frame's is 1500 B over the same hops = 145.05 us.
    @Test func factoryTreeMinimumLatencyIsTheSumOfItsHops() async throws {
        let (_, results) = try await Repo.run("factory-tree.yaml", duration: "200ms")
        let control = try #require(results[0].flows.first { $0.flow == "control" })
        let camera = try #require(results[0].flows.first { $0.flow == "camera" })
        let controlHops: SimTime = 10_240_000 + 50_000 + 2 * (1_024_000 + 500_000)
        let cameraHops: SimTime = 120_000_000 + 50_000 + 2 * (12_000_000 + 500_000)
        #expect(control.latency?.min == controlHops)
        #expect(camera.latency?.min == cameraHops)
        #expect(control.sent == 8 * 32 * 200)
        #expect(control.dropped == 0 && camera.dropped == 0)
    }

    /// C and D change with --set: C = 2 cells of D = 3 devices → 1 + 1 + 2 + 6 nodes.
    @Test func factoryTreeSizeFollowsOverrides() throws {
        let file = try ScenarioLoader.load(path: Repo.scenario("factory-tree.yaml"),
                                           overrides: ["parameters.C=2", "parameters.D=3"])
        let n = file.designs[0].plant
        #expect(n.nodes.count == 10)
        #expect(n.flows.first { $0.name == "control" }?.sources.count == 6)
        #expect(n.flows.first { $0.name == "camera" }?.sources.count == 2)
    }

    /// The estimate before a run: 8 × 32 devices × 1000 control frames/s + 8 cameras ×
    /// 1667 frames/s, over 10 s; each frame one creation and three hops.
    @Test func factoryTreeEstimate() throws {
        let d = try ScenarioLoader.load(path: Repo.scenario("factory-tree.yaml")).designs[0]
        let frames = (256 * 1000 + 8 * 20e6 / 12_000) * 10
        #expect(abs(d.estimatedFrames / frames - 1) < 1e-9)
        #expect(abs(d.estimatedEvents / (4 * frames) - 1) < 1e-9)
    }

    /// Camera frames offered to the edge server's port: the throughput of the camera flow
    /// is its offered 20 Mbit/s per cell within sampling error.
    @Test func factoryTreeThroughputMatchesOfferedLoad() async throws {
        let (_, results) = try await Repo.run("factory-tree.yaml", duration: "1s")
        let camera = try #require(results[0].flows.first { $0.flow == "camera" })
        #expect(abs(camera.throughputBitsPerSecond / (8 * 20e6) - 1) < 0.03)
        let control = try #require(results[0].flows.first { $0.flow == "control" })
        #expect(abs(control.throughputBitsPerSecond - 256 * 128 * 8 * 1000) < 256 * 128 * 8 * 2)
    }

    /// Every design of the quickstart runs, delivers every flow, and the variants keep
    /// common random numbers: a flow whose path and priority a variant leaves alone sees
    /// exactly the same frames.
    @Test func quickstartRunsWithCommonRandomNumbers() async throws {
        let (file, results) = try await Repo.run("quickstart.yaml")
        #expect(file.designs.map(\.variant).first == "base")
        #expect(results.count >= 2)
        for r in results {
            for f in r.flows { #expect(f.delivered > 0, "\(r.variant) \(f.flow)") }
        }
        let base = results[0].flows.map(\.sent)
        for r in results.dropFirst() { #expect(r.flows.map(\.sent) == base, "\(r.variant) sends differently") }
    }

    /// cloud-vs-edge: at the edge, a control loop's round trip is at least the hand-computed
    /// sum of its hops and its service: 64 B requests and responses at 100 Mbit/s on the
    /// sensor and actuator links (5.76 us + 0.1 us for 20 m), at 1 Gbit/s between the
    /// switches and to the edge (0.576 + 0.1 us each), 2 us in each switch, and 150 kcycles
    /// at 3 GHz (50 us): 72.424 us, and every loop meets its 10 ms deadline. In the cloud
    /// the operator network adds at least 3 ms each way, and most round trips miss.
    /// With 5G cameras, inspection takes at least the radio's uplink longer.
    @Test func cloudVersusEdge() async throws {
        let (file, results) = try await Repo.run("cloud-vs-edge.yaml", duration: "2s")
        #expect(file.designs.map(\.variant) == ["base", "cloud", "5g-cameras"])
        func trip(_ r: RunResult, _ flow: String) throws -> FlowResult {
            try #require(r.flows.first { $0.flow == flow && $0.leg == .roundTrip && $0.source == nil })
        }
        let (edge, cloud, radio) = (results[0], results[1], results[2])
        let hops: SimTime = 2 * (5_860_000 + 2_000_000 + 676_000 + 2_000_000 + 676_000) + 50_000_000
        #expect(hops == 72_424_000)
        for i in 1...4 {
            let e = try trip(edge, "loop\(i)"), c = try trip(cloud, "loop\(i)")
            #expect(e.latency?.min == hops && e.deadlineMisses == 0 && e.dropped == 0)
            #expect(c.latency!.min >= 6 * Time.millisecond + 50_000_000)
            #expect(Double(c.deadlineMisses) > 0.7 * Double(c.delivered))
        }
        let visionEdge = try trip(edge, "vision"), visionRadio = try trip(radio, "vision")
        #expect(visionRadio.latency!.mean > visionEdge.latency!.mean + 4e9)
        // Where the work ran: the edge server in base and 5g-cameras, the cloud in 'cloud'.
        #expect(edge.compute.map(\.tasks)[1] == 0 && cloud.compute.map(\.tasks)[0] == 0)
        #expect(edge.compute[0].tasks == radio.compute[0].tasks && edge.compute[0].tasks > 0)
        // The cameras' radio hop appears as external-link directions.
        #expect(radio.links.map(\.link).contains("cam1→cell-sw"))
    }

    /// Same scenario and seed: byte-identical flows.csv, ports.csv and results.json (without
    /// run-time fields); another seed: different numbers.
    @Test func outputsAreByteIdenticalForTheSameSeed() async throws {
        let (f1, a) = try await Repo.run("quickstart.yaml", duration: "300ms")
        let (_, b) = try await Repo.run("quickstart.yaml", duration: "300ms")
        let (_, c) = try await Repo.run("quickstart.yaml", duration: "300ms", seed: 777)
        #expect(ResultsCSV.flows(a) == ResultsCSV.flows(b))
        #expect(ResultsCSV.ports(a) == ResultsCSV.ports(b))
        let header = ReportHeader(scenario: f1.name, file: f1.path, scenarioHash: f1.hash, seed: 42, replication: 0,
                                  durationSeconds: 0.3, warmupSeconds: 0, fnsimVersion: "test", runStarted: "",
                                  wallSeconds: 0)
        #expect(ResultsJSON.render(header: header, results: a, includeTimings: false)
                == ResultsJSON.render(header: header, results: b, includeTimings: false))
        #expect(ResultsCSV.flows(a) != ResultsCSV.flows(c))
    }
}


@Suite struct VariantSettingsTests {
    /// A variant that sets its own seed and warm-up runs with them, and results.json says so
    /// per design.
    @Test func perDesignSeedIsReported() async throws {
        let yaml = """
            name: seeds
            seed: 42
            duration: 50ms
            nodes: [{id: a, type: device}, {id: b, type: server}]
            links: [{from: a, to: b, rate: 1Gbps, delay: 1us}]
            flows: [{id: f, kind: poisson, from: a, to: b, size: 500B, rate: 10Mbps}]
            variants: [{name: other, set: {seed: 7, warmup: 10ms}}]
            """
        let file = try ScenarioLoader.load(yaml: yaml)
        let results = await Runner.runAll(file.designs.map {
            RunRequest(variant: $0.variant, plant: $0.plant, seed: $0.seed, duration: $0.duration, warmup: $0.warmup)
        })
        #expect(results.map(\.seed) == [42, 7])
        let header = ReportHeader(scenario: "seeds", file: "-", scenarioHash: file.hash, seed: 42, replication: 0,
                                  durationSeconds: 0.05, warmupSeconds: 0, fnsimVersion: "test", runStarted: "",
                                  wallSeconds: 0)
        let doc = try JSONSerialization.jsonObject(with: Data(ResultsJSON.render(header: header, results: results).utf8))
        let designs = try #require((doc as? [String: Any])?["designs"] as? [[String: Any]])
        #expect(designs.map { $0["seed"] as? Int } == [42, 7])
        #expect(designs.map { $0["warmup_s"] as? Double } == [0, 0.01])
    }
}
