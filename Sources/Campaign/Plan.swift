import Analysis
import Foundation

/// One value of a swept parameter: a scenario path as `--set` takes it, and the value's text.
public struct Setting: Sendable, Hashable, Codable {
    public var path: String
    public var value: String

    public init(path: String, value: String) {
        self.path = path
        self.value = value
    }

    /// `path=value`, as `--set` takes it.
    public var override: String { "\(path)=\(value)" }
}

/// A point of a sweep: one value for each swept parameter.
public struct Point: Sendable, Hashable, Codable {
    /// Position in the plan (0-based); the store and its export order by it.
    public var index: Int
    public var settings: [Setting]

    public init(index: Int, settings: [Setting]) {
        self.index = index
        self.settings = settings
    }
}

/// One simulation of a campaign: a point, a design (by position in `Plan.designs`) and a
/// replication. Designs of one point and replication share random numbers (streams are
/// named after the parts that draw them), and so do points: comparisons are paired.
public struct RunKey: Sendable, Hashable, Comparable, Codable {
    public var point: Int
    public var design: Int
    public var replication: Int

    public init(point: Int, design: Int, replication: Int) {
        self.point = point
        self.design = design
        self.replication = replication
    }

    public static func < (a: RunKey, b: RunKey) -> Bool {
        (a.point, a.design, a.replication) < (b.point, b.design, b.replication)
    }
}

/// What a campaign runs: every point × design × replication, point by point. A pure value:
/// the same scenario and sweep give the same plan, runs and shards on any machine.
public struct Plan: Sendable, Equatable, Codable {
    /// The swept paths, in the order each point lists its settings.
    public var parameters: [String]
    public var points: [Point]
    public var designs: [String]
    public var replications: Int
    /// The scenario's name and content hash (the store refuses another scenario's runs).
    public var scenario: String
    public var scenarioHash: String

    public init(parameters: [String], points: [Point], designs: [String], replications: Int,
                scenario: String, scenarioHash: String) {
        self.parameters = parameters
        self.points = points
        self.designs = designs
        self.replications = replications
        self.scenario = scenario
        self.scenarioHash = scenarioHash
    }

    public var runCount: Int { points.count * designs.count * replications }

    /// Every run in order: point, then design, then replication.
    public var runs: [RunKey] {
        var out: [RunKey] = []
        out.reserveCapacity(runCount)
        for p in points.indices {
            for d in designs.indices {
                for r in 0..<replications { out.append(RunKey(point: p, design: d, replication: r)) }
            }
        }
        return out
    }

    /// Shard `k` of `n` (1-based): every n-th run from the k-th, so each shard gets a like
    /// mix of points and designs. The shards of a plan partition its runs.
    public func shard(_ k: Int, of n: Int) -> [RunKey] {
        precondition(n >= 1 && k >= 1 && k <= n, "shard \(k)/\(n) out of range")
        return runs.enumerated().filter { $0.offset % n == k - 1 }.map(\.element)
    }

    /// Identifies the plan: a store holds the runs of one plan, and `merge` joins stores of
    /// the same plan only. FNV-1a over the plan's canonical JSON.
    public var fingerprint: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = (try? encoder.encode(self)) ?? Data()
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in data { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return String(h, radix: 16)
    }
}

/// A finished run as the store records it.
public struct RunRecord: Sendable {
    public var key: RunKey
    public var seed: UInt64
    public var result: RunResult

    public init(key: RunKey, seed: UInt64, result: RunResult) {
        self.key = key
        self.seed = seed
        self.result = result
    }
}
