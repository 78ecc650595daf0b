import CGSL
import Experiments
import Kernel
import Models
import Testing

/// Records every unit's fate in event order: deliveries with their latency, and losses.
struct RecordingSink: ProbeSink {
    var delivered: [(created: SimTime, latency: SimTime)] = []
    var lost: [SimTime] = []
    mutating func sent(flow: Int32, source: Int32, leg: Int32, bytes: Int32, created: SimTime, at time: SimTime) {}
    mutating func enqueued(site: Int32, frames: Int32, bytes: Int64, at time: SimTime) {}
    mutating func dequeued(site: Int32, frames: Int32, bytes: Int64, at time: SimTime) {}
    mutating func serviceStarted(site: Int32, duration: SimTime, waited: SimTime, at time: SimTime) {}
    mutating func departed(site: Int32, sojourn: SimTime, at time: SimTime) {}
    mutating func dropped(site: Int32, flow: Int32, source: Int32, leg: Int32, created: SimTime, reason: DropReason,
                          at time: SimTime) { lost.append(created) }
    mutating func arrived(flow: Int32, source: Int32, leg: Int32, bytes: Int32, created: SimTime, legStarted: SimTime,
                          final: Bool, at time: SimTime) {
        if final { delivered.append((created, time - created)) }
    }
    mutating func warmupEnded(at time: SimTime) {}
}

/// The external link against its inputs: a trace is replayed exactly, a distribution is
/// matched in mean and quantiles, Gilbert–Elliott loss in its stationary rate and bursts.
@Suite struct ExternalLinkTests {
    /// Station a → external link → station b, periodic 100 B frames every `period`.
    static func link(delay: DelayModel, loss: LossModel = .none, inOrder: Bool = false,
                     period: SimTime = Time.millisecond) -> PlantSpec {
        var spec = PlantSpec()
        spec.nodes = [NodeSpec(name: "a", kind: .station), NodeSpec(name: "b", kind: .station)]
        spec.links = [LinkSpec(name: "a→b", node: 0, peerNode: 1, direction: .uplink, delay: delay, loss: loss,
                               inOrder: inOrder),
                      LinkSpec(name: "b→a", node: 1, peerNode: 0, direction: .downlink, delay: .distribution(.constant(0)))]
        let traffic = TrafficSpec(pattern: .periodic(period: period, jitter: nil), size: .constant(100))
        spec.flows = [FlowSpec(name: "f", destination: 1, sources: [SourceSpec(node: 0, route: [.link(0)], traffic: traffic)])]
        return spec
    }

    /// Runs the plant with a recording sink until its source has sent `frames` frames
    /// and all have arrived.
    static func record(_ spec: PlantSpec, frames: Int, period: SimTime = Time.millisecond, seed: UInt64 = 5) -> RecordingSink {
        var spec = spec
        spec.flows[0].sources[0].traffic.stop = SimTime(frames) * period - 1
        var plant = Plant(spec: spec, seed: seed, replication: 0, sink: RecordingSink())
        var queue = EventQueue()
        plant.start(&queue)
        _ = run(&plant, queue: &queue, until: SimTime(frames) * period + 10 * Time.second)
        return plant.sink
    }

    /// Every delivered frame's delay, in order, is the trace's next row (cycling): so min,
    /// max and mean are the trace's too.
    @Test func cycledTraceIsReplayedExactly() {
        let trace: [SimTime] = [4_000_000_000, 7_500_000_000, 5_250_000_123, 31_000_000_000, 6_000_000_000]
        let sink = Self.record(Self.link(delay: .trace(trace, .cycle)), frames: 23)
        let delays = sink.delivered.sorted { $0.created < $1.created }.map(\.latency)
        #expect(delays.count == 23)
        #expect(delays == (0..<23).map { trace[$0 % trace.count] })
        #expect(delays.min() == trace.min() && delays.max() == trace.max())
    }

    /// Sampled, a trace gives only its own values, each about equally often.
    @Test func sampledTraceDrawsItsRows() {
        let trace: [SimTime] = [1_000_000_000, 2_000_000_000, 3_000_000_000, 4_000_000_000]
        let n = 40_000
        let sink = Self.record(Self.link(delay: .trace(trace, .sample)), frames: n)
        #expect(sink.delivered.count == n)
        for value in trace {
            let share = Double(sink.delivered.filter { $0.latency == value }.count) / Double(n)
            // Binomial standard error at p = 1/4: 0.0022; allow four of them.
            #expect(abs(share - 0.25) < 0.009, "share of \(value): \(share)")
        }
    }

    /// Keeping order stretches a short delay behind a long one: a frame never arrives
    /// before the one sent before it.
    @Test func inOrderDeliveryNeverOvertakes() {
        let trace: [SimTime] = [30_000_000_000, 2_000_000_000]  // 30 ms then 2 ms, frames 1 ms apart
        let sink = Self.record(Self.link(delay: .trace(trace, .cycle), inOrder: true), frames: 10)
        // Deliveries are recorded as they happen: in order means in the order sent.
        let sent = sink.delivered.map(\.created)
        #expect(sent == sent.sorted() && sent.count == 10)
        // The second frame (sent at 1 ms with 2 ms) waits for the first (0 + 30 ms).
        let second = sink.delivered.first { $0.created == Time.millisecond }!
        #expect(second.latency == 29 * Time.millisecond)
    }

    /// A capacity in front of the delay, against a hand-computed timeline: five 1000 B
    /// frames at once onto 8 Mbit/s (1 ms each) with room for two waiting and a 10 ms
    /// delay: the first is sent at once (arrives at 11 ms), two wait (sent 1–2 and 2–3 ms,
    /// arriving at 12 and 13 ms), two are dropped. Over 100 ms: utilization 3 %, two
    /// frames waiting for 1 ms and one for another 1 ms (time-average 0.03).
    @Test func capacityQueuesSerializesAndDrops() {
        var spec = Self.link(delay: .distribution(.constant(10e9)))
        spec.links[0].rateBitsPerSecond = 8_000_000
        spec.links[0].bufferFrames = 2
        spec.flows[0].sources[0].traffic = TrafficSpec(pattern: .burst(every: .constant(1e13), count: 5, spacing: 0),
                                                       size: .constant(1000))
        let r = Runner.run(RunRequest(variant: "base", plant: spec, seed: 1, duration: 100 * Time.millisecond))
        let flow = r.flows[0], link = r.links[0]
        #expect(flow.sent == 5 && flow.delivered == 3 && flow.dropped == 2)
        #expect(flow.latency?.min == 11 * Time.millisecond && flow.latency?.max == 13 * Time.millisecond)
        #expect(flow.latency?.mean == 12e9)
        #expect(link.frames == 3 && link.drops == 2 && link.lost == 0)
        #expect(link.queueMaxFrames == 2)
        #expect(abs(link.queueMeanFrames! - 0.03) < 1e-12)
        #expect(abs(link.utilization! - 0.03) < 1e-12)
        #expect(link.transitMax == 13 * Time.millisecond && link.transitMean == 12e9)
    }

    /// A shifted lognormal delay (3 ms + lognormal of mean 5 ms, cv 1.1): the sample mean
    /// within four standard errors of 8 ms, and the 50th, 90th and 99th percentiles within
    /// 2 % of the distribution's (GSL's lognormal quantile).
    @Test func distributionDelayMatchesMeanAndQuantiles() {
        let mean = 5e9, cv = 1.1, shift = 3e9
        let n = 200_000
        let spec = Self.link(delay: .distribution(.shifted(.lognormal(mean: mean, cv: cv), by: shift)),
                             period: 100 * Time.microsecond)
        let delays = Self.record(spec, frames: n, period: 100 * Time.microsecond).delivered.map { Double($0.latency) }
            .sorted()
        #expect(delays.count == n)
        let sampleMean = delays.reduce(0, +) / Double(n)
        let se = mean * cv / Double(n).squareRoot()
        #expect(abs(sampleMean - (mean + shift)) < 4 * se, "mean \(sampleMean)")
        let s2 = log1p(cv * cv), zeta = log(mean) - s2 / 2
        for q in [0.5, 0.9, 0.99] {
            let theory = shift + gsl_cdf_lognormal_Pinv(q, zeta, s2.squareRoot())
            let simulated = delays[Int(q * Double(n))]
            #expect(abs(simulated / theory - 1) < 0.02, "p\(q * 100): \(simulated) vs \(theory)")
        }
    }

    /// Gilbert's model (lost exactly in the bad state): the share lost is p / (p + r) and
    /// losses come in runs of mean length 1 / r.
    @Test func gilbertLossRateAndBurstLength() {
        let p = 0.01, r = 0.25
        let n = 1_000_000
        let spec = Self.link(delay: .distribution(.constant(0)), loss: .gilbertElliott(p: p, r: r, lossGood: 0, lossBad: 1),
                             period: 10 * Time.microsecond)
        let sink = Self.record(spec, frames: n, period: 10 * Time.microsecond)
        let lost = Set(sink.lost)
        #expect(lost.count + sink.delivered.count == n)
        let rate = Double(lost.count) / Double(n)
        let stationary = LossModel.gilbertElliott(p: p, r: r, lossGood: 0, lossBad: 1).stationaryRate
        #expect(abs(stationary - p / (p + r)) < 1e-15)
        #expect(abs(rate / stationary - 1) < 0.03, "loss rate \(rate) vs \(stationary)")
        // Runs of consecutive lost frames (frames are 10 us apart).
        var runs = 0
        for t in lost where !lost.contains(t - 10 * Time.microsecond) { runs += 1 }
        let meanRun = Double(lost.count) / Double(runs)
        #expect(abs(meanRun * r - 1) < 0.03, "mean burst \(meanRun) vs \(1 / r)")
    }

    /// Gilbert–Elliott with losses in both states: the long-run rate is
    /// π_good·h_good + π_bad·h_bad.
    @Test func gilbertElliottStationaryRate() {
        let model = LossModel.gilbertElliott(p: 0.02, r: 0.1, lossGood: 0.001, lossBad: 0.4)
        let n = 1_000_000
        let sink = Self.record(Self.link(delay: .distribution(.constant(0)), loss: model, period: 10 * Time.microsecond),
                               frames: n, period: 10 * Time.microsecond)
        let expected = (0.1 / 0.12) * 0.001 + (0.02 / 0.12) * 0.4
        #expect(abs(model.stationaryRate - expected) < 1e-15)
        let rate = Double(sink.lost.count) / Double(n)
        #expect(abs(rate / expected - 1) < 0.04, "loss rate \(rate) vs \(expected)")
    }

    /// Independent loss at 2 %.
    @Test func independentLossRate() {
        let n = 500_000
        let sink = Self.record(Self.link(delay: .distribution(.constant(0)), loss: .independent(rate: 0.02),
                                         period: 10 * Time.microsecond), frames: n, period: 10 * Time.microsecond)
        let rate = Double(sink.lost.count) / Double(n)
        // Binomial standard error 0.0002; allow four.
        #expect(abs(rate - 0.02) < 0.0008, "loss rate \(rate)")
    }
}
