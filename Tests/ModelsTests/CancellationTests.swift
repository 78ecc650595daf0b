import Kernel
@testable import Models
import Testing

/// A transmission cut short (preemption, a failing link): its end event and the frame's
/// arrival go stale by generation; the port frees at once and the next frame starts.
@Suite struct CancellationTests {
    /// a → b at 1 Gbit/s without overhead: frames X (1000 B, 8 us) at 0 and Y (500 B) at
    /// 1 us. At 3 us X is cut: Y starts at once and arrives at 3 + 4 = 7 us; X never does.
    @Test func cancelledTransmissionFreesThePortAndVoidsTheArrival() {
        var spec = PlantSpec()
        spec.nodes = [NodeSpec(name: "a", kind: .station), NodeSpec(name: "b", kind: .station)]
        spec.ports = [PortSpec(name: "to-b", node: 0, peerNode: 1, rateBitsPerSecond: 1_000_000_000, propagation: 0,
                               overheadBytes: 0, minFrameBytes: 0)]
        func once(_ name: String, _ size: Double, at t: SimTime) -> FlowSpec {
            FlowSpec(name: name, destination: 1, sources: [SourceSpec(node: 0, route: [.port(0)], traffic: TrafficSpec(
                pattern: .burst(every: .constant(1e12), count: 1, spacing: 0), size: .constant(size),
                offset: .constant(Double(t))))])
        }
        spec.flows = [once("X", 1000, at: 0), once("Y", 500, at: Time.microsecond)]
        var plant = Plant(spec: spec, seed: 1, replication: 0, sink: RecordingSink())
        var queue = EventQueue()
        plant.start(&queue)
        _ = run(&plant, queue: &queue, until: 3 * Time.microsecond)
        #expect(plant.ports[0].waitingFrames == 1)
        let cut = plant.ethernet.cancelTransmission(port: 0, &plant.shared, &queue)
        #expect(cut != nil)
        #expect(plant.frames[cut!].bytes == 1000)
        #expect(plant.ports[0].waitingFrames == 0)
        #expect(plant.ports[0].busyUntil == 7 * Time.microsecond)
        plant.shared.frames.release(cut!)  // the caller drops it
        _ = run(&plant, queue: &queue, until: Time.millisecond)
        #expect(plant.sink.delivered.map(\.created) == [Time.microsecond])
        #expect(plant.sink.delivered.map(\.latency) == [6 * Time.microsecond])
        // Nothing on the wire: cancelling again does nothing.
        #expect(plant.ethernet.cancelTransmission(port: 0, &plant.shared, &queue) == nil)
    }
}
