import Experiments
import Kernel
import Models
import Testing

/// Changes of a port's TSN settings during the run (IEEE 802.1Q 8.6.9.1): asked for at
/// some time, they take effect at the port's next cycle boundary.
@Suite struct TSNReconfigurationTests {
    /// talker → sw1 → sw2 → listener at 1 Gbit/s, no propagation, no switching delay,
    /// 20 B overhead; class 7 windows on sw1→sw2 ([10, 30) us) and sw2→listener ([10, 40) us)
    /// of a 1 ms cycle; a 64 B frame every 1 ms at 9 us.
    static func line(changes: [(SimTime, GateControlList)]) -> PlantSpec {
        var spec = PlantSpec()
        spec.nodes = [NodeSpec(name: "talker", kind: .station), NodeSpec(name: "sw1", kind: .switch),
                      NodeSpec(name: "sw2", kind: .switch), NodeSpec(name: "listener", kind: .station)]
        let g1 = GateControlList.protectedWindow(class: 7, cycle: Time.millisecond, offset: 10 * Time.microsecond,
                                                 length: 20 * Time.microsecond)
        let g2 = GateControlList.protectedWindow(class: 7, cycle: Time.millisecond, offset: 10 * Time.microsecond,
                                                 length: 30 * Time.microsecond)
        func port(_ a: Int, _ b: Int, _ g: GateControlList?) -> PortSpec {
            PortSpec(name: "to-\(b)", node: a, peerNode: b, rateBitsPerSecond: 1_000_000_000, propagation: 0,
                     tsn: g.map { PortTSN(gates: $0) })
        }
        spec.ports = [port(0, 1, nil), port(1, 2, g1), port(2, 3, g2)]
        let traffic = TrafficSpec(pattern: .periodic(period: Time.millisecond, jitter: nil), size: .constant(64),
                                  offset: .constant(Double(9 * Time.microsecond)))
        spec.flows = [FlowSpec(name: "motion", destination: 3, priority: 7,
                               sources: [SourceSpec(node: 0, route: [.port(0), .port(1), .port(2)], traffic: traffic)])]
        spec.tsnChanges = changes.map { TSNChange(time: $0.0, port: 1, tsn: PortTSN(gates: $0.1)) }
        return spec
    }

    /// Before the change: sent at 9 us, at sw1 at 9.576 us (8 + 64 B), held to 10 us, at sw2
    /// at 10.576 us, through the open window to the listener at 11.152 us: 2.152 us. After it
    /// (window moved to [30, 50) us): held to 30 us, 22.152 us. The change asked for at
    /// 50.5 ms takes effect at 51 ms, so the frames of 0…50 ms (51) see the old window and the
    /// 49 of 51…99 ms the new one.
    @Test func newWindowAppliesAtTheNextCycle() {
        let moved = GateControlList.protectedWindow(class: 7, cycle: Time.millisecond, offset: 30 * Time.microsecond,
                                                    length: 20 * Time.microsecond)
        let r = Runner.run(RunRequest(variant: "base", plant: Self.line(changes: [(50_500 * Time.microsecond, moved)]),
                                      seed: 1, duration: 100 * Time.millisecond))
        let f = r.flows[0]
        #expect(f.delivered == 100)
        #expect(f.latency?.min == 2_152_000)
        #expect(f.latency?.max == 22_152_000)
        #expect(f.latency?.mean == (51 * 2_152_000.0 + 49 * 22_152_000.0) / 100)
    }

    /// Asked for at 50.0095 ms, while the 50 ms frame is on its way to sw1 (it reaches it
    /// at 50.009576 ms and is held to 50.010 ms): the change waits for the cycle boundary at
    /// 51 ms, so that frame still goes in the old window.
    @Test func aChangeDoesNotCutTheCycleInProgress() {
        let moved = GateControlList.protectedWindow(class: 7, cycle: Time.millisecond, offset: 30 * Time.microsecond,
                                                    length: 20 * Time.microsecond)
        let r = Runner.run(RunRequest(variant: "base", plant: Self.line(changes: [(50_009_500_000, moved)]),
                                      seed: 1, duration: 100 * Time.millisecond))
        #expect(r.flows[0].latency?.mean == (51 * 2_152_000.0 + 49 * 22_152_000.0) / 100)
    }
}
