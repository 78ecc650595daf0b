import Kernel
@testable import Models
import Testing

/// A transmission cut short (preemption, a failing link): its end event and the frame's
/// arrival go stale by generation; the port frees at once and the next frame starts.
@Suite struct CancellationTests {
    /// a → b at 1 Gbit/s without overhead: X (1000 B, 8 us) at 0 and Y (500 B) at 1 us;
    /// at 3 us X is cut and dropped: Y starts at once (3–7 us). Then Z (1000 B) at 5 us
    /// waits for Y and is sent 7–15 us, and W (500 B) at 7.5 us waits for Z, 15–19 us.
    /// Two stale events would break this: X's transmission end at 8 us (stale by the
    /// port's generation; obeyed, it would start W while Z is on the wire) and X's arrival
    /// at 8 us (stale by the frame slot's generation: Z reuses X's slot; obeyed, it would
    /// deliver Z 7 us early).
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
        spec.flows = [once("X", 1000, at: 0), once("Y", 500, at: Time.microsecond),
                      once("Z", 1000, at: 5 * Time.microsecond), once("W", 500, at: 7_500_000)]
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
        let us = Time.microsecond
        #expect(plant.sink.delivered.map(\.created) == [us, 5 * us, 7_500_000])
        #expect(plant.sink.delivered.map(\.latency) == [6 * us, 10 * us, 11_500_000])
        // Nothing on the wire: cancelling again does nothing.
        #expect(plant.ethernet.cancelTransmission(port: 0, &plant.shared, &queue) == nil)
    }
}
