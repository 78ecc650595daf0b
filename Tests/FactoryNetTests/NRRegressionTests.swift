import Experiments
import Foundation
import Kernel
import Scenario
import Testing

/// Regressions of the NR model found by the fuzz and allocation work.
@Suite struct NRRegressionTests {
    /// Two terminals on configured grants of the same period, each sized at start for its
    /// 1400 B frames at a far terminal's MCS: each grant needs every PRB of the 10 MHz cell.
    /// Grants have no offset, so both fall in the same occasions; the first reserves the
    /// PRBs and the second (`limit >= g.prbs` false, CellScheduling.swift's configured-grant
    /// loop) was skipped every time, and its frames waited forever. Now the skipped grant's
    /// data asks for a dynamic grant: every frame is delivered or dropped.
    @Test func configuredGrantsThatCannotShareAnOccasionStarve() throws {
        let yaml = """
            name: cg
            duration: 1s
            defaults:
              link: {rate: 1Gbps, delay: 1us}
            radio: {scenario: InF-DH}
            nodes:
              - {id: gnb, type: gnb}
              - {id: sw, type: switch}
              - {id: plc, type: controller}
              - {id: agv1, type: agv, radio: {position: [90m, 50m]}}
              - {id: agv2, type: agv, radio: {position: [95m, 55m]}}
            links:
              - {from: gnb, to: sw}
              - {from: sw, to: plc}
            cells:
              - {id: c1, gnb: gnb, position: [20m, 20m], carrier: 3.7GHz, bandwidth: 10MHz}
            flows:
              - {id: f1, kind: periodic, from: agv1, to: plc, size: 1400B, period: 20ms, radio: {5qi: 82, access: configured, period: 20ms}}
              - {id: f2, kind: periodic, from: agv2, to: plc, size: 1400B, period: 20ms, radio: {5qi: 82, access: configured, period: 20ms}}
            """
        let d = try ScenarioLoader.load(yaml: yaml).designs[0]
        let r = Runner.run(RunRequest(variant: d.variant, plant: d.plant, seed: d.seed, duration: d.duration, warmup: 0))
        let f1 = try #require(r.flows.first { $0.flow == "f1" }), f2 = try #require(r.flows.first { $0.flow == "f2" })
        #expect(f1.sent == 50 && f1.delivered == 50)
        #expect(f2.delivered + f2.dropped >= f2.sent - 1, "f2: sent \(f2.sent), delivered \(f2.delivered)")
    }
}
