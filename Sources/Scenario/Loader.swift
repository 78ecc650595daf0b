import Foundation
import Kernel
import Models

/// One variant as written: an overlay on the base.
struct VariantDef {
    var name: String
    var description: String
    var node: YNode
}

/// Loads one file: parse, apply overrides, then build each selected design.
final class Loader {
    let file: String
    let baseDir: String
    var hash = StableHash()
    /// Trace files read so far (hashed once; what they gave is kept for the next designs).
    let traces = TraceStore()
    let maxMemory: MemoryLimit
    /// Whether each design's resolved YAML is written.
    let writesResolvedYAML: Bool

    init(file: String, baseDir: String, maxMemory: MemoryLimit, writesResolvedYAML: Bool = true) {
        self.file = file
        self.baseDir = baseDir
        self.maxMemory = maxMemory
        self.writesResolvedYAML = writesResolvedYAML
    }

    var defaultName: String {
        let last = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        return file.hasPrefix("<") || last.isEmpty ? "scenario" : last
    }

    func fail(_ d: Diagnostics) -> ScenarioErrors {
        ScenarioErrors(diagnostics: Diagnostics.sorted(d.items.filter { $0.severity == .error }, mainFile: file),
                       unreported: d.unreported.errors)
    }

    func run(text: String, bytes: [UInt8], overrides: [String], seed: UInt64?, duration: String?, warmup: String?,
             variants: [String]?) throws -> ScenarioFile {
        let d = Diagnostics()
        let r = Reader(d: d)
        hash.combine(bytes: bytes)
        hash.combine(UInt64(overrides.count))
        for o in overrides { hash.combine(o) }
        hash.combine(seed.map { "seed=\($0)" } ?? "")
        hash.combine(duration.map { "duration=\($0)" } ?? "")
        hash.combine(warmup.map { "warmup=\($0)" } ?? "")
        hash.combine(variants.map { "variants=" + $0.joined(separator: ",") } ?? "")

        let start = Pos(file: file, line: 1, column: 1)
        guard var root = TreeBuilder.parse(text, file: file, diags: d) else {
            if d.errorCount == 0 {
                d.error(start, "the file is empty; expected a mapping with keys such as name, duration, nodes, links "
                    + "and flows")
            }
            throw fail(d)
        }
        if root.scalar == "" {
            d.error(start, "the file is empty; expected a mapping with keys such as name, duration, nodes, links and flows")
            throw fail(d)
        }
        guard root.entries != nil else {
            d.error(root.pos, "expected a mapping with keys such as name, duration, nodes, links and flows at the top "
                + "of the file, found \(root.describe)")
            throw fail(d)
        }

        // Command-line overrides, in order.
        for (k, arg) in overrides.enumerated() {
            let p = Pos(file: "<--set>", line: k + 1, column: 1)
            guard let eq = arg.firstIndex(of: "=") else {
                d.error(p, "expected PATH=VALUE (such as parameters.C=4), found '\(arg)'")
                continue
            }
            let path = String(arg[..<eq])
            let valueText = String(arg[arg.index(after: eq)...])
            let eqOffset = arg.distance(from: arg.startIndex, to: eq)
            if path.isEmpty { d.error(p, "missing the path before '=' in '\(arg)'"); continue }
            let value: YNode
            if valueText.trimmingCharacters(in: .whitespaces).isEmpty {
                value = .scalar("", p.offset(by: eqOffset + 1))
            } else {
                let vd = Diagnostics()
                guard let v = TreeBuilder.parse(valueText, file: "<--set>", diags: vd, lineOffset: k,
                                                columnOffset: eqOffset + 1) else {
                    for x in vd.items { d.add(x) }
                    if vd.errorCount == 0 { d.error(p.offset(by: eqOffset + 1), "empty value in '\(arg)'") }
                    continue
                }
                value = v
            }
            PathEditor.apply(&root, path: path, pathPos: p, value: value, diags: d)
        }
        if let seed { root.set("seed", .scalar(String(seed), Pos(file: "<--seed>", line: 1, column: 1)), keyPos: start) }
        if let duration {
            root.set("duration", .scalar(duration, Pos(file: "<--duration>", line: 1, column: 1)), keyPos: start)
        }
        if let warmup { root.set("warmup", .scalar(warmup, Pos(file: "<--warmup>", line: 1, column: 1)), keyPos: start) }

        let K = ScenarioKeys.self
        K.file.checkKeys(root, r, "the scenario")
        let name = root[K.name.name].flatMap { K.name.read($0, r, "'name'") } ?? defaultName

        // Variants as written.
        var defs: [VariantDef] = []
        if let vn = root[K.variants.name], let vs = r.list(vn, "'variants'") {
            var seen: [String: Pos] = [:]
            for v in vs {
                guard r.map(v, "a variant") != nil else { continue }
                K.variant.checkKeys(v, r, "a variant")
                guard let nn = K.variantName.node(in: v, r, owner: "a variant"),
                      let vname = K.variantName.read(nn, r, "the variant's 'name'") else {
                    continue
                }
                if vname == "base" {
                    d.error(nn.pos, "'base' is the name of the base design; choose another name for the variant")
                    continue
                }
                if let first = seen[vname] {
                    d.error(nn.pos, "duplicate variant name '\(vname)' (first defined at \(first.line):\(first.column))")
                    continue
                }
                seen[vname] = nn.pos
                let desc = v[K.variantDescription.name]?.scalar ?? ""
                checkOverlayShape(v, r)
                defs.append(VariantDef(name: vname, description: desc, node: v))
            }
        }

        let sweep = self.sweep(root, r, designs: ["base"] + defs.map(\.name))

        // Selection.
        var selected: [VariantDef?] = [nil] + defs.map { Optional($0) }
        if let variants {
            let names = ["base"] + defs.map(\.name)
            for (k, v) in variants.enumerated() where !names.contains(v) {
                d.error(Pos(file: "<--variant>", line: k + 1, column: 1),
                        "unknown variant '\(v)'; the file has " + names.map { "'\($0)'" }.joined(separator: ", ")
                            + didYouMean(v, in: names))
            }
            selected = selected.filter { variants.contains($0?.name ?? "base") }
        }

        var designs: [Design] = []
        var warnings: [Diagnostic] = []
        var unreportedWarnings = 0
        var baseMessages: Set<String>?
        for v in selected {
            let vd = Diagnostics()
            let design = DesignBuilder(loader: self, d: vd, variant: v, fileName: name).build(root)
            var mine: Set<String> = []
            for x in vd.items {
                mine.insert(x.description)
                if v != nil, x.severity == .error, let base = baseMessages, base.contains(x.description) { continue }
                var y = x
                if let v, x.severity == .error, !x.message.contains("variant '") {
                    y.message += " (in variant '\(v.name)')"
                }
                if y.severity == .warning { warnings.append(y) } else { d.add(y) }
            }
            d.addUnreported(errors: vd.unreported.errors)
            unreportedWarnings = Swift.max(unreportedWarnings, vd.unreported.warnings)
            if v == nil { baseMessages = mine }
            if let design { designs.append(design) }
        }
        if d.errorCount > 0 { throw fail(d) }
        var h = ""
        h = String(hash.value, radix: 16)
        h = String(repeating: "0", count: Swift.max(0, 16 - h.count)) + h
        var out = ScenarioFile(path: file, name: name, hash: h, designs: designs,
                               warnings: Diagnostics.sorted(warnings, mainFile: file), unreportedWarnings: unreportedWarnings)
        out.sweep = sweep
        return out
    }

    /// Checks the keys of a variant's `set`, `add`, `remove` and `change` (their contents
    /// are checked when the variant is built).
    func checkOverlayShape(_ v: YNode, _ r: Reader) {
        let K = ScenarioKeys.self
        if let s = v[K.set.name] { r.map(s, "the variant's 'set' (PATH: VALUE pairs)") }
        for f in [K.add, K.remove, K.change] {
            guard let s = v[f.name], s.scalar != "" else { continue }
            _ = f.read(s, r, "the variant's '\(f.name)'")
        }
    }
}
