import Analysis
import Foundation
import Kernel
import Models

/// Everything one simulation needs: a run is a pure function of this value.
public struct RunRequest: Sendable {
    public var variant: String
    public var plant: PlantSpec
    public var seed: UInt64
    public var replication: Int
    public var duration: SimTime
    public var warmup: SimTime
    /// Also report each source of a flow on its own row.
    public var perSource: Bool
    /// The run stops (`StopReason.memoryLimit`) when this many frames are in flight.
    public var maxFramesInFlight = defaultMaxFramesInFlight
    /// About 40 bytes a frame: a runaway run is stopped near 1 GB.
    public static let defaultMaxFramesInFlight = 20_000_000

    public init(variant: String, plant: PlantSpec, seed: UInt64, replication: Int = 0,
                duration: SimTime, warmup: SimTime = 0, perSource: Bool = false) {
        self.variant = variant
        self.plant = plant
        self.seed = seed
        self.replication = replication
        self.duration = duration
        self.warmup = warmup
        self.perSource = perSource
    }
}

extension RunRequest {
    /// Memory a run of this design takes at its peak, with its loaded design, erring high:
    /// per node, port (both ends of a wire), source, flow, external link, 5G cell and
    /// terminal, as measured on release builds (iiot-platform from 10^4 to 2.5·10^5 devices:
    /// 4.8 KB per device, a device being a node, two ports and a source; README, "Scale").
    /// Frames in flight are bounded by `maxFramesInFlight` and not counted.
    public var estimatedBytes: Int64 {
        let p = plant
        let sources = p.flows.reduce(0) { $0 + $1.sources.count }
        var bytes: Int64 = 40_000_000
        bytes += Int64(p.nodes.count) * 600 + Int64(p.ports.count) * 1_800 + Int64(p.links.count) * 2_000
        bytes += Int64(sources) * (perSource ? 3_000 : 1_000) + Int64(p.flows.count) * 4_000
        bytes += Int64(p.cells.count) * 100_000 + Int64(p.ues.count) * 12_000
        return bytes
    }

    /// What the designs of one `Runner.runAll` take at once: the largest, as many as run
    /// together (one per core).
    public static func estimatedBytes(_ requests: [RunRequest]) -> Int64 {
        let together = Swift.max(1, ProcessInfo.processInfo.activeProcessorCount)
        return requests.map(\.estimatedBytes).sorted(by: >).prefix(together).reduce(0, +)
    }
}

public enum Runner {
    /// Runs one simulation. `progress` (if given) is called between slices of simulated
    /// time with the fraction done; it never changes the result.
    public static func run(_ request: RunRequest, progress: (@Sendable (Double) -> Void)? = nil) -> RunResult {
        let clock = ContinuousClock.now
        let end = request.duration
        let collector = StatsCollector(spec: request.plant, warmup: request.warmup, end: end,
                                       perSource: request.perSource)
        var plant = Plant(spec: request.plant, seed: request.seed, replication: request.replication, sink: collector)
        plant.maxFramesInFlight = request.maxFramesInFlight
        var queue = EventQueue(capacity: 4096)
        queue.scheduleWarmupEnd(at: request.warmup)
        plant.start(&queue)
        var reason = StopReason.endTime
        let slices: SimTime = progress == nil ? 1 : 100
        var sliceEnd: SimTime = 0
        for k in 1...slices {
            sliceEnd = k == slices ? end : end / slices * k
            reason = Kernel.run(&plant, queue: &queue, until: sliceEnd)
            progress?(Double(k) / Double(slices))
            if reason != .endTime { break }
        }
        if plant.overflowed { reason = .memoryLimit }
        let stop = reason == .endTime || reason == .noEvents ? end : queue.now
        plant.reportInFlight(at: stop)
        let wall = clock.duration(to: .now)
        return RunResult(
            variant: request.variant, flows: plant.sink.flowResults(stop: stop),
            ports: plant.sink.portResults(stop: stop), links: plant.sink.linkResults(stop: stop),
            compute: plant.sink.computeResults(stop: stop), cells: plant.sink.cellResults(stop: stop),
            terminals: plant.sink.terminalResults(), faults: plant.sink.faultResults(stop: stop),
            events: queue.handled, simulated: stop,
            wallSeconds: Double(wall.components.seconds) + Double(wall.components.attoseconds) * 1e-18,
            stopReason: reason, seed: request.seed, warmup: request.warmup)
    }

    /// Runs every request, in parallel on all cores; results come back in request order,
    /// and each is the same as if it had run alone.
    public static func runAll(_ requests: [RunRequest],
                              progress: (@Sendable (Int, Double) -> Void)? = nil) async -> [RunResult] {
        await withTaskGroup(of: (Int, RunResult).self, returning: [RunResult].self) { group in
            for i in requests.indices {
                let request = requests[i]
                let report: (@Sendable (Double) -> Void)?
                if let progress { report = { fraction in progress(i, fraction) } } else { report = nil }
                group.addTask { (i, Runner.run(request, progress: report)) }
            }
            var out = [RunResult?](repeating: nil, count: requests.count)
            for await (i, r) in group { out[i] = r }
            return out.compactMap { $0 }
        }
    }
}
