import Foundation

/// A swept parameter: a path as `--set` takes it, and its values as text.
public struct SweepAxis: Sendable, Equatable {
    public var path: String
    public var values: [String]

    public init(path: String, values: [String]) {
        self.path = path
        self.values = values
    }
}

/// The `sweep:` section: grid axes (every combination), zipped axes (advanced together,
/// crossed with the grid as one more axis), replications and designs.
public struct SweepSpec: Sendable, Equatable {
    public var grid: [SweepAxis] = []
    public var zip: [SweepAxis] = []
    public var replications: Int?
    public var designs: [String]?

    public init(grid: [SweepAxis] = [], zip: [SweepAxis] = [], replications: Int? = nil, designs: [String]? = nil) {
        self.grid = grid
        self.zip = zip
        self.replications = replications
        self.designs = designs
    }

    /// A sweep of more points is refused (a typo such as 1..1000000 in two axes).
    public static let maxPoints = 1_000_000

    /// Every swept path, grid first.
    public var paths: [String] { (grid + zip).map(\.path) }

    /// The points: each a list of (path, value) in `paths` order. The last grid axis varies
    /// fastest; the zipped lists count as one axis after the grid.
    public var points: [[(path: String, value: String)]] {
        var out: [[(path: String, value: String)]] = [[]]
        for axis in grid {
            out = out.flatMap { p in axis.values.map { p + [(axis.path, $0)] } }
        }
        if let n = zip.first?.values.count {
            out = out.flatMap { p in (0..<n).map { k in p + zip.map { ($0.path, $0.values[k]) } } }
        }
        return out
    }
}

extension Loader {
    /// Reads `sweep:`; nil when the file has none. Reports bad ranges, empty lists, zipped
    /// lists of different lengths, malformed paths and unknown designs at their nodes.
    func sweep(_ root: YNode, _ r: Reader, designs: [String]) -> SweepSpec? {
        let K = SweepKeys.self
        guard let n = root[ScenarioKeys.sweep.name], ScenarioKeys.sweep.read(n, r, "'sweep'") != nil else { return nil }
        var spec = SweepSpec()
        var seen: [String: Pos] = [:]
        func axes(_ field: Field<YNode>) -> [SweepAxis] {
            guard let m = n[field.name], let entries = r.map(m, "'sweep.\(field.name)' (PATH: values)") else { return [] }
            var out: [SweepAxis] = []
            for e in entries {
                if case let .failure(err) = PathEditor.parse(e.key) {
                    r.d.error(e.keyPos.offset(by: err.offset), "bad path in 'sweep.\(field.name)': \(err.message)")
                    continue
                }
                if let first = seen[e.key] {
                    r.d.error(e.keyPos, "'\(e.key)' is swept twice (first at \(first.line):\(first.column))")
                    continue
                }
                seen[e.key] = e.keyPos
                let items = e.value.items ?? [e.value]
                var values: [String] = []
                for x in items {
                    guard let s = r.string(x, "a value of '\(e.key)' in 'sweep.\(field.name)'") else { continue }
                    switch SweepValues.expand(s) {
                    case let .success(vs): values += vs
                    case let .failure(err): r.d.error(x.pos, "\(err) (in 'sweep.\(field.name).\(e.key)')")
                    }
                }
                if items.isEmpty { r.d.error(e.value.pos, "'\(e.key)' in 'sweep.\(field.name)' has no values") }
                if !values.isEmpty { out.append(SweepAxis(path: e.key, values: values)) }
            }
            return out
        }
        spec.grid = axes(K.grid)
        spec.zip = axes(K.zip)
        if let first = spec.zip.first, let m = n[K.zip.name]?.entries {
            for (axis, e) in zip(spec.zip, m) where axis.values.count != first.values.count {
                r.d.error(e.value.pos, "the lists of 'sweep.zip' advance together, so they need one length: '\(axis.path)' "
                    + "has \(axis.values.count) values and '\(first.path)' \(first.values.count)")
            }
        }
        if let rn = n[K.replications.name], let k = K.replications.read(rn, r, "'sweep.replications'") {
            spec.replications = Int(k)
        }
        if let dn = n[K.designs.name], let xs = r.list(dn, "'sweep.designs'") {
            var names: [String] = []
            for x in xs {
                guard let s = r.string(x, "a design in 'sweep.designs'") else { continue }
                if !designs.contains(s) {
                    r.d.error(x.pos, "unknown design '\(s)' in 'sweep.designs'; the file has "
                        + designs.map { "'\($0)'" }.joined(separator: ", ") + didYouMean(s, in: designs))
                } else if !names.contains(s) { names.append(s) }
            }
            if xs.isEmpty { r.d.error(dn.pos, "'sweep.designs' is empty; list the designs to run, or leave it out for all") }
            spec.designs = names
        }
        let count = (spec.grid.map(\.values.count) + [spec.zip.first?.values.count ?? 1]).reduce(1.0) { $0 * Double($1) }
        if count > Double(SweepSpec.maxPoints) {
            r.d.error(n.pos, "'sweep' makes \(count < 1e15 ? String(Int64(count)) : String(format: "%.3g", count)) points, "
                + "more than \(SweepSpec.maxPoints); sweep fewer values, "
                + "or split the sweep into several files")
            return nil
        }
        return spec
    }
}
