import Analysis
import Experiments
import Foundation
import Scenario

/// Runs a campaign's runs on `jobs` threads, each simulation on one thread, and hands each
/// finished run to the caller's thread in finish order (the store writes there, so a commit
/// never waits on a simulation and writes never interleave).
///
/// Memory-aware: a run starts only when the estimated bytes of the runs in progress and its
/// own (`RunRequest.estimatedBytes`) fit the campaign's memory limit; one run always may.
/// Each point's scenario is loaded once, by the first thread that needs it, and dropped
/// when its last run has started. A point that fails to load stops the campaign: runs in
/// progress finish and are handed over, no new one starts, and `run` throws.
public final class WorkerPool: @unchecked Sendable {
    public struct Finished: Sendable {
        public var key: RunKey
        public var seed: UInt64
        public var result: RunResult
        public var wallSeconds: Double
    }

    public enum Failure: Error, CustomStringConvertible {
        case point(String, ScenarioErrors)
        case tooLarge(String)
        public var description: String {
            switch self {
            case let .point(p, e): return "at \(p):\n\(e.description)"
            case let .tooLarge(why): return why
            }
        }
    }

    private let campaign: Campaign
    private let keys: [RunKey]
    private let jobs: Int
    private let cond = NSCondition()
    // Guarded by `cond`.
    private var next = 0
    private var running = 0
    private var bytesInUse: Int64 = 0
    private var finished: [Finished] = []
    private var handedOver = 0
    private var failure: Failure?
    private var loads: [Int: Load] = [:]
    private var unstarted: [Int: Int] = [:]

    private enum Load { case loading, loaded(ScenarioFile) }

    public init(campaign: Campaign, keys: [RunKey], jobs: Int) {
        self.campaign = campaign
        self.keys = keys
        self.jobs = max(1, min(jobs, max(1, keys.count)))
        for k in keys { unstarted[k.point, default: 0] += 1 }
    }

    /// Runs every key; `handle` is called on this thread with the runs finished since its
    /// last call, at most every `batchInterval` seconds (and at the end), so that a store
    /// commits short runs together: one disk sync per batch, not per run. `tick` is called
    /// about every `tickInterval` seconds and after each batch with the counts.
    public func run(handle: ([Finished]) throws -> Void, batchInterval: Double = 0, tickInterval: Double = 0.25,
                    tick: (RunCounts) -> Void = { _ in }) throws {
        guard !keys.isEmpty else { return }
        var threads: [Thread] = []
        for _ in 0..<jobs {
            let t = Thread { [self] in work() }
            t.stackSize = 8 << 20
            threads.append(t)
            t.start()
        }
        var handlerError: Error?
        var lastBatch = Date.distantPast
        cond.lock()
        while handedOver < keys.count {
            // Gather until the interval has passed, unless nothing else can come.
            let allIn = handedOver + finished.count == keys.count || ((failure != nil || handlerError != nil) && running == 0)
            if !finished.isEmpty, !allIn, Date().timeIntervalSince(lastBatch) < batchInterval {
                _ = cond.wait(until: lastBatch.addingTimeInterval(batchInterval))
                continue
            }
            if finished.isEmpty {
                if (failure != nil || handlerError != nil) && running == 0 { break }
                _ = cond.wait(until: Date(timeIntervalSinceNow: tickInterval))
                let status = RunCounts(done: handedOver, running: running, remaining: keys.count - handedOver - running)
                cond.unlock()
                tick(status)
                cond.lock()
                continue
            }
            let batch = finished
            finished.removeAll()
            lastBatch = Date()
            cond.unlock()
            do { try handle(batch) } catch { handlerError = error }
            cond.lock()
            handedOver += batch.count
            if handlerError != nil { next = keys.count }  // start nothing more
            let status = RunCounts(done: handedOver, running: running, remaining: keys.count - handedOver - running)
            cond.unlock()
            tick(status)
            cond.lock()
        }
        cond.unlock()
        // Threads end on their own once `next` passes the end or a failure is set.
        if let handlerError { throw handlerError }
        if let failure { throw failure }
    }

    private func work() {
        cond.lock()
        defer { cond.unlock() }
        while failure == nil, next < keys.count {
            let key = keys[next]
            next += 1
            // The point's scenario: loaded here, or by another thread (wait for it).
            var file: ScenarioFile?
            while file == nil, failure == nil {
                switch loads[key.point] {
                case let .loaded(f)?: file = f
                case .loading?: cond.wait()
                case nil:
                    loads[key.point] = .loading
                    cond.unlock()
                    let outcome = Result { try campaign.load(point: key.point) }
                    cond.lock()
                    switch outcome {
                    case let .success(f): loads[key.point] = .loaded(f)
                    case let .failure(e as ScenarioErrors):
                        failure = .point(campaign.describe(point: key.point), e)
                        loads[key.point] = nil
                    case let .failure(e):
                        failure = .point(campaign.describe(point: key.point), ScenarioErrors(diagnostics: [
                            Diagnostic(file: campaign.path, line: 1, column: 1, message: "\(e)")]))
                        loads[key.point] = nil
                    }
                    cond.broadcast()
                }
            }
            guard let file, failure == nil else { return }
            let request = campaign.request(key, in: file)
            unstarted[key.point, default: 1] -= 1
            if unstarted[key.point] == 0 { loads[key.point] = nil }
            let need = request.estimatedBytes
            if need > campaign.maxMemory.bytes {
                failure = .tooLarge("a run of design '\(request.variant)' at \(campaign.describe(point: key.point)) "
                    + "would take \(campaign.maxMemory.refusal(need))")
                cond.broadcast()
                return
            }
            while running > 0 && bytesInUse + need > campaign.maxMemory.bytes && failure == nil { cond.wait() }
            running += 1
            bytesInUse += need
            cond.unlock()
            let clock = ContinuousClock.now
            let result = Runner.run(request)
            let wall = clock.duration(to: .now)
            cond.lock()
            running -= 1
            bytesInUse -= need
            finished.append(Finished(key: key, seed: request.seed, result: result,
                                     wallSeconds: Double(wall.components.seconds) + Double(wall.components.attoseconds) * 1e-18))
            cond.broadcast()
        }
    }
}
