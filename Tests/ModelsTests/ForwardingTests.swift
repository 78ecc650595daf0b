import Analysis
import Experiments
import Kernel
import Models
import Testing

/// Hand-computed timelines for the relay: store-and-forward, cut-through, switching delay.
@Suite struct ForwardingTests {
    /// station a → switch → station b, 1000 B frames with 20 B overhead, 100 ns per hop.
    static func line(mode: ForwardingMode, ingress: Int64, egress: Int64, delay: Distribution = .constant(0)) -> RunResult {
        var spec = PlantSpec()
        spec.nodes = [NodeSpec(name: "a", kind: .station),
                      NodeSpec(name: "sw", kind: .switch, forwarding: mode, switchingDelay: delay),
                      NodeSpec(name: "b", kind: .station)]
        spec.ports = [
            PortSpec(name: "to-sw", node: 0, peerNode: 1, rateBitsPerSecond: ingress, propagation: 100_000),
            PortSpec(name: "to-a", node: 1, peerNode: 0, rateBitsPerSecond: ingress, propagation: 100_000),
            PortSpec(name: "to-b", node: 1, peerNode: 2, rateBitsPerSecond: egress, propagation: 100_000),
            PortSpec(name: "to-sw", node: 2, peerNode: 1, rateBitsPerSecond: egress, propagation: 100_000),
        ]
        let traffic = TrafficSpec(pattern: .periodic(period: Time.millisecond, jitter: nil), size: .constant(1000))
        spec.flows = [FlowSpec(name: "f", destination: 2, sources: [SourceSpec(node: 0, route: [.port(0), .port(2)], traffic: traffic)])]
        return Runner.run(RunRequest(variant: "base", plant: spec, seed: 1, duration: 10 * Time.millisecond))
    }

    /// Start of transmission to last bit: preamble and SFD (8 B) + 1000 B at the rate; the
    /// 12 B inter-packet gap follows the last bit and delays only the next frame.
    static let frame100M: SimTime = 80_640_000  // (8 + 1000) B × 8 / 100 Mbit/s
    static let frame1G: SimTime = 8_064_000

    @Test func storeAndForward() {
        let r = Self.line(mode: .storeAndForward, ingress: 100_000_000, egress: 100_000_000)
        #expect(r.flows[0].latency?.max == 2 * Self.frame100M + 200_000)
        #expect(r.flows[0].latency?.min == 2 * Self.frame100M + 200_000)
    }

    /// Cut-through starts the egress once preamble, SFD and the 14 B MAC header are in:
    /// 22 B at 100 Mbit/s = 1.76 us.
    @Test func cutThroughAtEqualRates() {
        let r = Self.line(mode: .cutThrough, ingress: 100_000_000, egress: 100_000_000)
        #expect(r.flows[0].latency?.max == 1_760_000 + Self.frame100M + 200_000)
    }

    /// A faster egress would run out of bits to send: the frame is stored first.
    @Test func cutThroughFallsBackWhenEgressIsFaster() {
        let r = Self.line(mode: .cutThrough, ingress: 100_000_000, egress: 1_000_000_000)
        #expect(r.flows[0].latency?.max == Self.frame100M + Self.frame1G + 200_000)
    }

    @Test func constantSwitchingDelayAdds() {
        let r = Self.line(mode: .storeAndForward, ingress: 100_000_000, egress: 100_000_000, delay: .constant(3_000_000))
        #expect(r.flows[0].latency?.min == 2 * Self.frame100M + 200_000 + 3_000_000)
    }

    @Test func randomSwitchingDelayStaysInItsRange() {
        let r = Self.line(mode: .storeAndForward, ingress: 100_000_000, egress: 100_000_000,
                          delay: .uniform(low: 1_000_000, high: 2_000_000))
        let base = 2 * Self.frame100M + 200_000
        #expect(r.flows[0].latency!.min >= base + 1_000_000)
        #expect(r.flows[0].latency!.max < base + 2_000_000)
        #expect(r.flows[0].latency!.min != r.flows[0].latency!.max)
    }

    /// Back to back, frames leave one full wire time apart, inter-packet gap included:
    /// the second of two 1000 B frames sent together arrives (1020 + 8) B × 8 later.
    @Test func interPacketGapSpacesFrames() {
        var spec = Fixtures.singleLink(rate: 1_000_000_000, flows: [("f", 0, TrafficSpec(
            pattern: .burst(every: .constant(1e12), count: 2, spacing: 0), size: .constant(1000)))])
        spec.ports[0].overheadBytes = 20
        let r = Runner.run(RunRequest(variant: "base", plant: spec, seed: 1, duration: Time.millisecond))
        #expect(r.flows[0].latency?.min == 8_064_000)
        let second: SimTime = 8_160_000 + 8_064_000
        #expect(r.flows[0].latency?.max == second)
    }

    /// Frames below 64 B are padded (IEEE 802.3 minFrameSize).
    @Test func shortFramesArePadded() {
        var spec = PortSpec(name: "p", node: 0, peerNode: 1, rateBitsPerSecond: 1_000_000_000, propagation: 0)
        #expect(EgressPort(spec).transmissionTime(bytes: 10) == (64 + 20) * 8 * 1000)
        spec.overheadBytes = 0
        #expect(EgressPort(spec).transmissionTime(bytes: 100) == 100 * 8 * 1000)
    }

    /// PCP to traffic class (802.1Q Table 8-5): background (PCP 1) ranks below best
    /// effort (PCP 0); the others in order.
    @Test func priorityCodePointsMapToTrafficClasses() {
        #expect((0...7).map { TrafficClassMap.trafficClass(priority: $0, classes: 8) } == [1, 0, 2, 3, 4, 5, 6, 7])
        let traffic = TrafficSpec(pattern: .burst(every: .constant(1e12), count: 2, spacing: 0), size: .constant(1000))
        let spec = Fixtures.singleLink(rate: 1_000_000_000, flows: [("background", 1, traffic), ("best-effort", 0, traffic)])
        let r = Runner.run(RunRequest(variant: "base", plant: spec, seed: 1, duration: Time.millisecond))
        // background's first frame takes the idle wire; then both best-effort frames go first.
        #expect(r.flows[1].latency?.max == 24_000_000)
        #expect(r.flows[0].latency?.max == 32_000_000)
    }

    /// Fewer traffic classes merge priorities by IEEE 802.1Q Table 8-5: with one class the
    /// port is a single FIFO (a high-priority frame waits behind those before it); with two,
    /// priorities 0–3 share class 0 and 4–7 class 1.
    @Test func trafficClassCountMergesPriorities() {
        let low = TrafficSpec(pattern: .burst(every: .constant(1e12), count: 3, spacing: 0), size: .constant(1000))
        let high = TrafficSpec(pattern: .burst(every: .constant(1e12), count: 1, spacing: 0), size: .constant(1000),
                               offset: .constant(1_000_000))
        func highLatency(classes: Int, lowPriority: Int) -> SimTime? {
            var spec = Fixtures.singleLink(rate: 1_000_000_000, flows: [("low", lowPriority, low), ("high", 6, high)])
            spec.ports[0].trafficClasses = classes
            return Runner.run(RunRequest(variant: "base", plant: spec, seed: 1, duration: Time.millisecond))
                .flows[1].latency?.max
        }
        // FIFO: high (at 1 us) goes after the three low frames: 32 − 1 = 31 us.
        #expect(highLatency(classes: 1, lowPriority: 0) == 31_000_000)
        // Two classes: priority 3 shares class 0 below 6, so high goes next (15 us) ...
        #expect(highLatency(classes: 2, lowPriority: 3) == 15_000_000)
        // ... but priority 4 shares class 1 with 6: FIFO again.
        #expect(highLatency(classes: 2, lowPriority: 4) == 31_000_000)
        #expect((0...7).map { TrafficClassMap.trafficClass(priority: $0, classes: 4) } == [0, 0, 1, 1, 2, 2, 3, 3])
    }

    /// Strict priority: with frames of both classes waiting, the higher class goes first
    /// even though it arrived last; the frame already on the wire is not interrupted.
    @Test func strictPriorityServesHigherClassFirst() {
        let low = TrafficSpec(pattern: .burst(every: .constant(1e12), count: 3, spacing: 0), size: .constant(1000))
        let high = TrafficSpec(pattern: .burst(every: .constant(1e12), count: 1, spacing: 0), size: .constant(1000),
                               offset: .constant(1_000_000))
        let spec = Fixtures.singleLink(rate: 1_000_000_000, flows: [("low", 0, low), ("high", 6, high)])
        let r = Runner.run(RunRequest(variant: "base", plant: spec, seed: 1, duration: Time.millisecond))
        // low #1 on the wire 0–8 us; high arrives at 1 us, goes next: 8–16 us → 15 us latency.
        #expect(r.flows[1].latency?.max == 15_000_000)
        // low #2 and #3 finish at 24 and 32 us.
        #expect(r.flows[0].latency?.max == 32_000_000)
    }
}

@Suite struct TransmissionTimeTests {
    static func port(rate: Int64) -> EgressPort {
        EgressPort(PortSpec(name: "p", node: 0, peerNode: 1, rateBitsPerSecond: rate, propagation: 0, overheadBytes: 0,
                            minFrameBytes: 0, maxFrameBytes: .max))
    }

    /// Exact where the division is exact, rounded up otherwise, no overflow for huge frames
    /// or tiny rates, capped at the engine's maximum time.
    @Test func exactRoundedAndOverflowFree() {
        #expect(Self.port(rate: 1_000_000_000).transmissionTime(bytes: 1500) == 12_000_000)
        #expect(Self.port(rate: 3_000_000_000).transmissionTime(bytes: 1) == 2_667)  // 8/3 ns rounded up
        #expect(Self.port(rate: 1).transmissionTime(bytes: 64) == 512 * Time.second)
        // 16 MiB at 100 Mbit/s: 1.34 s; the naive product (1.3e20) overflows Int64.
        #expect(Self.port(rate: 100_000_000).transmissionTime(bytes: 16 << 20) == 1_342_177_280_000)
        #expect(Self.port(rate: 1).transmissionTime(bytes: 16 << 20) == Time.maximum)
    }

    /// Rates with a whole number of picoseconds per bit take a product instead of the
    /// division: the same times, against ⌈bits·10^12 / rate⌉ in 128 bits.
    @Test func wholePicosecondsPerBitAsTheDivision() {
        for rate: Int64 in [1_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000, 2_500_000_000, 10_000_000_000,
                            25_000_000_000, 40_000_000_000, 100_000_000_000, 400_000_000_000, 3_000_000_000, 7] {
            for bytes: Int32 in [0, 1, 46, 64, 1500, 9000, 1 << 20, Int32.max] {
                let bits = UInt128(bytes) * 8
                let exact = (bits * UInt128(Time.second) + UInt128(rate) - 1) / UInt128(rate)
                let expected = exact < UInt128(Time.maximum) ? SimTime(exact) : Time.maximum
                #expect(Self.port(rate: rate).transmissionTime(bytes: bytes) == expected, "\(rate) b/s, \(bytes) B")
            }
        }
    }
}
