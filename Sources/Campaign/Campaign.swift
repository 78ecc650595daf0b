import Analysis
import Experiments
import Foundation
import Kernel
import Scenario

/// A scenario file and what to sweep in it: the inputs every run of a plan is loaded from.
/// A pure description (no state): `Campaign.load` turns a point into its designs' requests.
public struct Campaign: Sendable {
    public var path: String
    /// `--set` overrides and `--seed`/`--duration`/`--warmup` applied to every point.
    public var overrides: [String]
    public var seed: UInt64?
    public var duration: String?
    public var warmup: String?
    public var maxMemory: MemoryLimit
    public var plan: Plan

    /// Loads the scenario once (its base settings, no point) and makes the plan: the
    /// file's `sweep:` section with `parameters` (`--param`) replacing or adding axes, the
    /// designs chosen (default: the section's, else all) and the replications (default:
    /// the section's, else 1). Throws `ScenarioErrors` for a bad file.
    public static func make(path: String, overrides: [String] = [], seed: UInt64? = nil, duration: String? = nil,
                            warmup: String? = nil, maxMemory: MemoryLimit = .machineDefault,
                            parameters: [SweepAxis] = [], designs: [String]? = nil,
                            replications: Int? = nil) throws -> (Campaign, ScenarioFile) {
        let file = try ScenarioLoader.load(path: path, overrides: overrides, seed: seed, duration: duration,
                                           warmup: warmup, variants: nil, maxMemory: maxMemory, resolvedYAML: false)
        var spec = file.sweep ?? SweepSpec()
        for axis in parameters {
            spec.zip.removeAll { $0.path == axis.path }
            if let i = spec.grid.firstIndex(where: { $0.path == axis.path }) { spec.grid[i] = axis } else { spec.grid.append(axis) }
        }
        let points = spec.points.enumerated().map { k, settings in
            Point(index: k, settings: settings.map { Setting(path: $0.path, value: $0.value) })
        }
        let all = file.designs.map(\.variant)
        let chosen = designs ?? spec.designs ?? all
        let plan = Plan(parameters: spec.paths, points: points, designs: chosen.filter(all.contains),
                        replications: replications ?? spec.replications ?? 1, scenario: file.name, scenarioHash: file.hash)
        let campaign = Campaign(path: path, overrides: overrides, seed: seed, duration: duration, warmup: warmup,
                                maxMemory: maxMemory, plan: plan)
        return (campaign, file)
    }

    public init(path: String, overrides: [String], seed: UInt64?, duration: String?, warmup: String?,
                maxMemory: MemoryLimit, plan: Plan) {
        self.path = path
        self.overrides = overrides
        self.seed = seed
        self.duration = duration
        self.warmup = warmup
        self.maxMemory = maxMemory
        self.plan = plan
    }

    /// The scenario at point `p` with the plan's designs (in plan order).
    public func load(point p: Int) throws -> ScenarioFile {
        let settings = plan.points[p].settings.map(\.override)
        var file = try ScenarioLoader.load(path: path, overrides: overrides + settings, seed: seed, duration: duration,
                                           warmup: warmup, variants: plan.designs, maxMemory: maxMemory,
                                           resolvedYAML: false)
        file.designs = plan.designs.compactMap { name in file.designs.first { $0.variant == name } }
        return file
    }

    /// The request of `key` in `file` (the scenario at its point).
    public func request(_ key: RunKey, in file: ScenarioFile) -> RunRequest {
        let d = file.designs[key.design]
        return RunRequest(variant: d.variant, plant: d.plant, seed: d.seed, replication: key.replication,
                          duration: d.duration, warmup: d.warmup)
    }

    /// "parameters.N=4, defaults.link.rate=1Gbps": a point as messages name it.
    public func describe(point p: Int) -> String {
        let s = plan.points[p].settings
        return s.isEmpty ? "the scenario as written" : s.map(\.override).joined(separator: ", ")
    }
}

extension SweepAxis {
    /// `PATH=V1,V2,…` (`--param`), each value a single value or a range (`SweepValues`).
    public static func parse(_ text: String) -> Result<SweepAxis, SweepValueError> {
        guard let eq = text.firstIndex(of: "="), eq != text.startIndex else {
            return .failure(SweepValueError("expected PATH=V1,V2,… (such as parameters.N=1,2,4 or "
                + "flows.camera.period=10ms..40ms*4), found '\(text)'"))
        }
        let path = String(text[..<eq])
        var values: [String] = []
        for part in text[text.index(after: eq)...].split(separator: ",", omittingEmptySubsequences: false) {
            let v = part.trimmingCharacters(in: .whitespaces)
            if v.isEmpty { return .failure(SweepValueError("an empty value in '\(text)'")) }
            switch SweepValues.expand(v) {
            case let .success(vs): values += vs
            case let .failure(e): return .failure(e)
            }
        }
        return .success(SweepAxis(path: path, values: values))
    }
}
