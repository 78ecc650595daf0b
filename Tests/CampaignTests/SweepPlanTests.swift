import FactoryNet
import Foundation
import Testing

@Suite("Sweep values, sections and plans")
struct SweepPlanTests {
    static func values(_ text: String) -> [String]? {
        if case let .success(v) = SweepValues.expand(text) { return v }
        return nil
    }

    static func error(_ text: String) -> String? {
        if case let .failure(e) = SweepValues.expand(text) { return e.description }
        return nil
    }

    /// Log steps by hand: 100 us · 10^(k/4), k = 0…4.
    @Test func logRangeOfTimes() {
        #expect(Self.values("100us..1ms*5") == ["100us", "177.828us", "316.228us", "562.341us", "1000us"])
        #expect(Self.values("1..1000*4") == ["1", "10", "100", "1000"])
        // Integers stay integers, and rounding repeats are dropped.
        #expect(Self.values("1..4*8") == ["1", "2", "3", "4"])
    }

    @Test func linearRanges() {
        #expect(Self.values("1..4") == ["1", "2", "3", "4"])
        #expect(Self.values("10Mbps..100Mbps+30Mbps") == ["10Mbps", "40Mbps", "70Mbps", "100Mbps"])
        #expect(Self.values("0.1..0.5+0.2") == ["0.1", "0.3", "0.5"])
        #expect(Self.values("2ms") == ["2ms"])
    }

    @Test func badRanges() {
        #expect(Self.error("1ms..100us*3")?.contains("backwards") == true)
        #expect(Self.error("1ms..1Gbps*3")?.contains("different kinds") == true)
        #expect(Self.error("1ms..2ms")?.contains("needs a step") == true)
        #expect(Self.error("0..10*3")?.contains("above zero") == true)
        #expect(Self.error("1..10*1")?.contains("from 2 to 100000") == true)
        #expect(Self.error("1..x")?.contains("cannot read 'x'") == true)
        #expect(Self.error("1..10+0")?.contains("positive") == true)
        // A step too small for the range is refused before counting overflows an Int.
        #expect(Self.error("1..1e300+1e-300")?.contains("more than 100000") == true)
        #expect(Self.error("1..1e300")?.contains("needs a step") == true)
    }

    static let yaml = """
        name: s
        duration: 10ms
        parameters: {N: 2}
        nodes:
          - {id: sw, type: switch}
          - {id: "d{i}", type: device, count: $N}
          - {id: c, type: controller}
        links:
          - {from: sw, to: c, rate: 100Mbps}
          - {from: sw, to: "d{i}", count: $N, rate: 100Mbps}
        flows:
          - {id: f, kind: periodic, from: d1, to: c, size: 100B, period: 1ms}
        variants:
          - {name: fast, change: {links: [{from: sw, to: c, rate: 1Gbps}]}}
        sweep:
          grid:
            parameters.N: [1, 3]
            flows.f.period: 1ms..4ms*3
          zip:
            flows.f.size: [100B, 200B]
            flows.f.priority: [1, 2]
          replications: 3
          designs: [fast]

        """

    @Test func gridThenZipInOrder() throws {
        let file = try ScenarioLoader.load(yaml: Self.yaml)
        let spec = try #require(file.sweep)
        #expect(spec.paths == ["parameters.N", "flows.f.period", "flows.f.size", "flows.f.priority"])
        #expect(spec.replications == 3 && spec.designs == ["fast"])
        let points = spec.points.map { $0.map(\.value) }
        #expect(points.count == 2 * 3 * 2)
        #expect(points[0] == ["1", "1ms", "100B", "1"])
        #expect(points[1] == ["1", "1ms", "200B", "2"])
        #expect(points[2] == ["1", "2ms", "100B", "1"])
        #expect(points[11] == ["3", "4ms", "200B", "2"])
    }

    @Test func badSectionsNamePositions() {
        let cases: [(String, String, String)] = [
            ("  replications: 3", "  replications: 0", "<input>:22:17"),
            ("    flows.f.priority: [1, 2]", "    flows.f.priority: [1, 2, 3]", "<input>:21:23"),
            ("  designs: [fast]", "  designs: [fats]", "<input>:23:13"),
            ("    flows.f.period: 1ms..4ms*3", "    flows.f.period: 4ms..1ms*3", "<input>:18:21"),
            ("  grid:", "  gird:", "<input>:16:3"),
        ]
        for (from, to, at) in cases {
            let bad = Self.yaml.replacingOccurrences(of: from, with: to)
            #expect(bad != Self.yaml)
            do {
                _ = try ScenarioLoader.load(yaml: bad)
                Issue.record("\(to) was accepted")
            } catch let e as ScenarioErrors {
                #expect(e.diagnostics.count == 1, "\(e)")
                #expect(e.description.hasPrefix(at), "\(e)")
            } catch { Issue.record("\(error)") }
        }
    }

    @Test func shardsPartitionThePlan() {
        let points = (0..<5).map { Point(index: $0, settings: [Setting(path: "parameters.N", value: "\($0)")]) }
        let plan = Plan(parameters: ["parameters.N"], points: points, designs: ["base", "x"], replications: 3,
                        scenario: "s", scenarioHash: "h")
        #expect(plan.runs.count == 30 && plan.runs == plan.runs.sorted())
        let shards = (1...4).map { plan.shard($0, of: 4) }
        #expect(shards.map(\.count) == [8, 8, 7, 7])
        #expect(shards.flatMap { $0 }.sorted() == plan.runs)
        var other = plan
        other.replications = 4
        #expect(plan.fingerprint == plan.fingerprint && plan.fingerprint != other.fingerprint)
    }

    @Test func parameterOptionReplacesTheFilesAxis() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sweep-\(UUID().uuidString).yaml")
        try Self.yaml.write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        let axis = try SweepAxis.parse("parameters.N=1..3").get()
        let (campaign, _) = try Campaign.make(path: url.path, parameters: [axis], replications: 2)
        let plan = campaign.plan
        #expect(plan.parameters == ["parameters.N", "flows.f.period", "flows.f.size", "flows.f.priority"])
        #expect(plan.points.count == 3 * 3 * 2 && plan.designs == ["fast"] && plan.replications == 2)
        // A point loads with its settings: N = 3 devices, the period, size and priority given.
        let file = try campaign.load(point: plan.points.count - 1)
        #expect(file.designs.map(\.variant) == ["fast"])
        #expect(file.designs[0].plant.nodes.count == 5)
        if case let .failure(e) = SweepAxis.parse("parameters.N") { #expect(e.description.contains("PATH=V1,V2")) }
        else { Issue.record("accepted a --param without values") }
    }
}
