import FactoryNet
import Testing

/// The scale parameter: where a search starts, whether it takes whole numbers, its unit.
@Suite("Capacity: scale parameter")
struct CapacityScaleTests {
    static let yaml = """
        name: s
        duration: 1s
        parameters: {N: 48, load: 0.75, expr: $N}
        nodes:
          - {id: a, type: device}
          - {id: "dev{i}", type: device, count: $N}
        flows:
          - {id: cam, kind: poisson, from: a, to: dev1, size: 1000B, rate: 60Mbps}
        variants:
          - {name: more, set: {parameters.N: 96}}
          - {name: other, set: {parameters.load: 0.5}}
        """

    @Test func readsTheValueAsWritten() throws {
        #expect(try ScenarioLoader.value(at: "parameters.N", inYAML: Self.yaml).text == "48")
        #expect(try ScenarioLoader.value(at: "parameters.N", inYAML: Self.yaml).variantsSetting == ["more"])
        #expect(try ScenarioLoader.value(at: "flows.cam.rate", inYAML: Self.yaml).text == "60Mbps")
        #expect(try ScenarioLoader.value(at: "nodes[dev{i}].count", inYAML: Self.yaml).text == "$N")
        #expect(try ScenarioLoader.value(at: "parameters.M", inYAML: Self.yaml).text == nil)
        do {
            _ = try ScenarioLoader.value(at: "flows.camm.rate", inYAML: Self.yaml)
            Issue.record("a missing flow was accepted")
        } catch let e as ScenarioErrors {
            #expect(e.description.contains("no entry with id or name 'camm' in 'flows'; did you mean 'cam'?"))
            #expect(e.diagnostics.first?.column == 7)
        }
    }

    @Test func startAndKind() throws {
        let n = try ScaleParameter.resolve(path: "parameters.N", fileValue: "48", overrides: [], from: nil)
        #expect(n.integer && n.start == 48 && n.unit == "" && n.label == "N" && n.text(72) == "72")
        let load = try ScaleParameter.resolve(path: "parameters.load", fileValue: "0.75", overrides: [], from: nil)
        #expect(!load.integer && load.start == 0.75 && load.text(0.875) == "0.875")
        let rate = try ScaleParameter.resolve(path: "flows.cam.rate", fileValue: "60Mbps", overrides: [], from: nil)
        #expect(!rate.integer && rate.start == 60 && rate.unit == "Mbps" && rate.text(90) == "90Mbps")
        #expect(rate.label == "rate")
        // --set of the same path, then --from, take precedence over the file.
        let set = try ScaleParameter.resolve(path: "parameters.N", fileValue: "48", overrides: ["parameters.N=10"],
                                             from: nil)
        #expect(set.start == 10 && set.origin == "--set")
        let from = try ScaleParameter.resolve(path: "parameters.N", fileValue: "48", overrides: [], from: "2.5")
        #expect(from.start == 2.5 && !from.integer)
        // Absent, or an expression: 1.
        let absent = try ScaleParameter.resolve(path: "parameters.M", fileValue: nil, overrides: [], from: nil)
        #expect(absent.start == 1 && absent.integer)
        #expect(try ScaleParameter.resolve(path: "nodes[x].count", fileValue: "$N", overrides: [], from: nil).start == 1)
        #expect(try ScaleParameter.resolve(path: "nodes[x].count", fileValue: "$N", overrides: [], from: nil).label
            == "count")
    }

    @Test func refusals() {
        #expect(throws: ScaleError.self) {
            try ScaleParameter.resolve(path: "parameters.N", fileValue: "0", overrides: [], from: nil)
        }
        #expect(throws: ScaleError.self) {
            try ScaleParameter.resolve(path: "parameters.N", fileValue: "48", overrides: [], from: "-3")
        }
        do {
            _ = try ScaleParameter.resolve(path: "flows.cam.rate", fileValue: "60Mbps", overrides: [], from: "1Gbps")
            Issue.record("a --from in another unit was accepted")
        } catch {
            #expect(error.description.contains("give --from in Mbps, such as 60Mbps"))
        }
        let p = ScaleParameter(path: "parameters.N", unit: "", integer: true, start: 48, origin: "the file")
        #expect(ScaleParameter.resolve(maximum: "1000", for: p) == 1000)
        #expect(ScaleParameter.resolve(maximum: "40", for: p) == nil)
    }
}
