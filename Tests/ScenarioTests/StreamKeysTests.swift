import Kernel
import Models
import Testing
@testable import Scenario

/// The IEEE 802.1Qci and 802.1Qcr keys: read into the plant's specs, with defaults, in
/// variants and in the schema.
@Suite struct StreamKeysTests {
    static let plant = """
    name: streams
    duration: 1s
    defaults:
      link: {rate: 100Mbps, delay: 1us}
      switch: {unknown_streams: drop}
    nodes:
      - {id: sw1, type: switch}
      - {id: sw2, type: switch, unknown_streams: {max_sdu: 1000B, rate: 5Mbps, burst: 3000B}}
      - {id: sw3, type: switch, unknown_streams: pass}
      - {id: plc, type: plc}
      - {id: io, type: io}
      - {id: cam, type: camera}
    links:
      - {from: plc, to: sw1}
      - {from: sw1, to: sw2}
      - {from: sw2, to: sw3}
      - {from: io, to: sw3}
      - {from: cam, to: sw2}
    flows:
      - {id: ctl, kind: periodic, from: plc, to: io, size: 128B, period: 1ms, priority: 6,
         policing: {max_sdu: 128B, rate: 2Mbps, burst: 3000B, excess_rate: 1Mbps, excess_burst: 1500B, drop_yellow: true},
         ats: {rate: 1.1Mbps, burst: 256B, max_residence: 500us}}
      - {id: video, kind: cbr, from: cam, to: io, size: 1500B, rate: 20Mbps, ats: {rate: 25Mbps, burst: 3000B}}
    faults:
      - {id: babble, babbling: cam, to: io, from: 100ms, policing: {rate: 1Mbps, burst: 1500B}}
    variants:
      - name: open
        change: {nodes: [{id: sw1, unknown_streams: pass}], flows: [{id: ctl, policing: {max_sdu: 64B}}]}

    """

    @Test func keysReachThePlant() throws {
        let f = try ScenarioLoader.load(yaml: Self.plant)
        let base = f.designs[0].plant, open = f.designs[1].plant
        func node(_ p: PlantSpec, _ id: String) -> NodeSpec { p.nodes.first { $0.name == id }! }
        #expect(node(base, "sw1").unknownStreams == .drop)  // from defaults.switch
        #expect(node(base, "sw2").unknownStreams == .police(PolicingSpec(maxSDU: 1000, meter: FlowMeterSpec(
            committedRate: 5_000_000, committedBurst: 3000))))
        #expect(node(base, "sw3").unknownStreams == .pass)
        let ctl = base.flows[0]
        #expect(ctl.policing == PolicingSpec(maxSDU: 128, meter: FlowMeterSpec(
            committedRate: 2_000_000, committedBurst: 3000, excessRate: 1_000_000, excessBurst: 1500, dropYellow: true)))
        #expect(ctl.shaping == ATSSpec(committedRate: 1_100_000, committedBurst: 256, maxResidence: 500 * Time.microsecond))
        #expect(base.flows[1].policing == nil && base.flows[1].shaping?.maxResidence == nil)
        #expect(base.flows[2].name == "babble"
            && base.flows[2].policing?.meter == FlowMeterSpec(committedRate: 1_000_000, committedBurst: 1500))
        #expect(node(open, "sw1").unknownStreams == .pass)
        #expect(open.flows[0].policing == PolicingSpec(maxSDU: 64) && open.flows[0].shaping == ctl.shaping)
    }

    /// `--set` reaches the keys as any other.
    @Test func overridesReachTheKeys() throws {
        let f = try ScenarioLoader.load(yaml: Self.plant, overrides: ["flows.ctl.ats.rate=2Mbps",
                                                                      "nodes.sw3.unknown_streams=drop"])
        #expect(f.designs[0].plant.flows[0].shaping?.committedRate == 2_000_000)
        #expect(f.designs[0].plant.nodes.first { $0.name == "sw3" }?.unknownStreams == .drop)
    }

    /// A meter burst below the largest frame is a warning (every such frame is red); a meter
    /// that would make drop_yellow useless too.
    @Test func warnings() throws {
        let yaml = Self.plant.replacingOccurrences(of: "max_sdu: 128B, rate: 2Mbps, burst: 3000B, excess_rate: 1Mbps, "
                                                       + "excess_burst: 1500B, drop_yellow: true",
                                                   with: "rate: 2Mbps, burst: 100B, drop_yellow: true")
        let f = try ScenarioLoader.load(yaml: yaml)
        let texts = f.warnings.map(\.message)
        #expect(texts.contains { $0.contains("'burst' of 'policing' of flow 'ctl' is 100B, below the flow's largest frame (128B)") },
                "\(texts)")
        #expect(texts.contains { $0.contains("'drop_yellow' of 'policing' of flow 'ctl' has no effect without 'excess_rate'") })
    }

    /// Every key is in the JSON Schema, where the declarations put it.
    @Test func schemaHasTheKeys() {
        let schema = ScenarioSchema.jsonSchema()
        for word in ["\"policing\"", "\"ats\"", "\"unknown_streams\"", "\"max_sdu\"", "\"excess_rate\"",
                     "\"excess_burst\"", "\"drop_yellow\"", "\"max_residence\""] {
            #expect(schema.contains(word), "\(word) missing from the schema")
        }
    }
}
