import Foundation
import Kernel
import Models

let stationTypes = ["device", "plc", "io", "camera", "controller", "server", "station"]
let nodeTypes = ["switch"] + stationTypes
let nodeKeys = ["id", "type", "group", "forwarding", "delay", "description"]
let linkPropertyKeys = ["rate", "delay", "length", "overhead", "max_frame", "min_frame", "buffer", "buffer_frames"]
let linkKeys = ["id", "from", "to"] + linkPropertyKeys + ["description"]
let flowKinds = ["periodic", "poisson", "cbr", "onoff", "burst", "trace"]
let flowCommonKeys = ["id", "kind", "from", "to", "priority", "deadline", "size", "offset", "stop", "path",
                      "description"]
let flowKindKeys: [String: [String]] = [
    "periodic": ["period", "jitter"],
    "poisson": ["rate", "gap"],
    "cbr": ["rate", "gap"],
    "onoff": ["on", "off", "rate", "gap"],
    "burst": ["every", "count", "spacing"],
    "trace": ["file"],
]
let allFlowKeys = flowCommonKeys + ["period", "jitter", "rate", "gap", "on", "off", "every", "count", "spacing", "file"]

/// Builds one design: overlay, parameters, templates, then nodes, links and flows.
final class DesignBuilder {
    let loader: Loader
    let d: Diagnostics
    let r: Reader
    let variant: VariantDef?
    let fileName: String
    var params: [String: TValue] = [:]
    var paramOrder: [String] = []
    var generated = 0
    /// YAML nodes in the entries generated so far (see `Limits.maxGeneratedNodes`).
    var generatedNodes = 0
    /// Mean frames per second of one source of each built flow (by flow index).
    var flowRates: [Double] = []
    /// Mean frame size as sent (clipped to [1B, the largest frame on the routes]) of each built flow.
    var flowMeanSizes: [Double] = []
    /// Expected frames and events of the design (see `Design.estimatedFrames`).
    var estimatedFrames = 0.0
    var estimatedEvents = 0.0

    init(loader: Loader, d: Diagnostics, variant: VariantDef?, fileName: String) {
        self.loader = loader
        self.d = d
        self.r = Reader(d: d)
        self.variant = variant
        self.fileName = fileName
    }

    var variantName: String { variant?.name ?? "base" }

    func build(_ root: YNode) -> Design? {
        var tree = root
        if let v = variant { applySetAndAdd(&tree, v.node) }

        // Parameters.
        if let pn = tree["parameters"], pn.scalar != "", let es = r.map(pn, "'parameters'") {
            for e in es {
                guard isName(e.key) else {
                    d.error(e.keyPos, "parameter names are letters, digits and '_' (not starting with a digit), "
                        + "found '\(e.key)'")
                    continue
                }
                guard let s = e.value.scalar, !s.isEmpty else {
                    d.error(e.value.pos, "expected an integer or a quantity such as 1Gbps for parameter '\(e.key)', "
                        + "found \(e.value.describe)")
                    continue
                }
                if let i = Int64(s.replacingOccurrences(of: "_", with: "")) { params[e.key] = .int(i) } else {
                    params[e.key] = .text(s)
                }
                paramOrder.append(e.key)
            }
        }
        let sub = Substituter(vars: params, paramNames: paramOrder)

        // Run settings.
        var seed: UInt64 = 1
        if let sn = tree["seed"].flatMap({ substitute($0, sub) }) {
            if let s = sn.scalar, let v = UInt64(s.replacingOccurrences(of: "_", with: "")) { seed = v } else {
                d.error(sn.pos, "expected a non-negative integer for 'seed', found \(sn.describe)")
            }
        }
        var duration: SimTime = 0
        if let dn = tree["duration"] {
            if let x = substitute(dn, sub), let t = r.time(x, "'duration'", positive: true) { duration = t }
        } else {
            d.error(tree.pos, "missing required key 'duration' (how long to simulate, such as 10s)")
        }
        var warmup: SimTime = 0
        if let wn = tree["warmup"], let x = substitute(wn, sub), let t = r.time(x, "'warmup'", positive: false) {
            warmup = t
            if duration > 0 && t >= duration {
                d.error(x.pos, "'warmup' (\(x.scalar ?? "")) must be shorter than 'duration' (\(Format.time(Double(duration))))")
            }
        }

        // Defaults.
        var linkDefaults = YNode(kind: .map([]), pos: tree.pos)
        var switchDefaults = YNode(kind: .map([]), pos: tree.pos)
        if let dn = tree["defaults"], dn.scalar != "", r.map(dn, "'defaults'") != nil, let x = substitute(dn, sub) {
            r.checkKeys(x, ["link", "switch"], "'defaults'")
            if let l = x["link"], r.map(l, "'defaults.link'") != nil {
                r.checkKeys(l, linkPropertyKeys, "'defaults.link'")
                checkLinkDefaults(l)
                linkDefaults = l
            }
            if let s = x["switch"], r.map(s, "'defaults.switch'") != nil {
                r.checkKeys(s, ["forwarding", "delay"], "'defaults.switch'")
                switchDefaults = s
            }
        }

        // Templates.
        var nodes = expand(tree["nodes"], section: "nodes", sub: sub)
        var links = expand(tree["links"], section: "links", sub: sub)
        var flows = expand(tree["flows"], section: "flows", sub: sub)
        if let v = variant {
            applyRemove(v.node, nodes: &nodes, links: &links, flows: &flows)
            applyChange(v.node, nodes: &nodes, links: &links, flows: &flows, sub: sub)
        }

        var net = PlantSpec()
        var types: [String] = []
        let index = buildNodes(nodes, switchDefaults: switchDefaults, into: &net, types: &types)
        let portInfo = buildLinks(links, defaults: linkDefaults, index: index, into: &net)
        buildFlows(flows, index: index, portInfo: portInfo, duration: duration, into: &net)

        if d.errorCount > 0 { return nil }
        loadWarnings(net, portInfo: portInfo, duration: duration)

        // The design as resolved.
        var out = YNode(kind: .map([]), pos: tree.pos)
        let p = tree.pos
        out.set("name", .scalar(fileName, p), keyPos: p)
        let desc = variant?.description ?? tree["description"]?.scalar ?? ""
        if !desc.isEmpty { out.set("description", .scalar(desc, p), keyPos: p) }
        out.set("seed", .scalar(String(seed), p), keyPos: p)
        out.set("duration", .scalar(Format.time(Double(duration)), p), keyPos: p)
        out.set("warmup", .scalar(Format.time(Double(warmup)), p), keyPos: p)
        if let x = tree["parameters"], x.entries != nil { out.set("parameters", x, keyPos: p) }
        if let x = tree["defaults"], x.entries != nil { out.set("defaults", x, keyPos: p) }
        out.set("nodes", YNode(kind: .seq(nodes), pos: p), keyPos: p)
        out.set("links", YNode(kind: .seq(links), pos: p), keyPos: p)
        out.set("flows", YNode(kind: .seq(flows), pos: p), keyPos: p)
        defer { estimatedFrames = 0; estimatedEvents = 0 }
        var design = Design(variant: variantName, description: desc, plant: net, seed: seed, duration: duration,
                      warmup: warmup,
                      resolvedYAML: "# Design '\(variantName)' of \(fileName): templates, overrides and variant applied.\n"
                          + TreeEmitter.emit(out),
                      nodeTypes: types)
        design.estimatedFrames = estimatedFrames
        design.estimatedEvents = estimatedEvents
        return design
    }

    func isName(_ s: String) -> Bool {
        guard let f = s.first, f.isASCII, f.isLetter || f == "_" else { return false }
        return s.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
    }

    // MARK: Substitution and templates

    /// Replaces `$NAME` and `{expr}` in every value of `n` (not in keys, not in descriptions).
    func substitute(_ n: YNode, _ sub: Substituter) -> YNode? {
        switch n.kind {
        case let .scalar(s, quoted):
            switch sub.substitute(s) {
            case let .success(t): return t == s ? n : YNode(kind: .scalar(t, quoted: quoted), pos: n.pos)
            case let .failure(e):
                d.error(n.pos.offset(by: e.offset + (quoted ? 1 : 0)), e.message)
                return nil
            }
        case let .map(es):
            var out: [YEntry] = []
            out.reserveCapacity(es.count)
            for e in es {
                if e.key == "description" { out.append(e); continue }
                guard let v = substitute(e.value, sub) else { return nil }
                out.append(YEntry(key: e.key, keyPos: e.keyPos, value: v))
            }
            return YNode(kind: .map(out), pos: n.pos)
        case let .seq(xs):
            var out: [YNode] = []
            out.reserveCapacity(xs.count)
            for x in xs {
                guard let v = substitute(x, sub) else { return nil }
                out.append(v)
            }
            return YNode(kind: .seq(out), pos: n.pos)
        }
    }

    /// Expands the entries of a list, repeating those with `for:` (or `count:` on nodes and links).
    func expand(_ section: YNode?, section name: String, sub: Substituter) -> [YNode] {
        guard let section, let items = r.list(section, "'\(name)'") else { return [] }
        var out: [YNode] = []
        let countIsTemplate = name != "flows"
        for item in items {
            guard item.entries != nil else {
                d.error(item.pos, "expected a mapping for an entry of '\(name)', found \(item.describe)")
                continue
            }
            var loops: [(String, [TValue])] = []
            var ok = true
            var body = item
            var templatePos = item.pos
            if let fe = item.entry("for") {
                templatePos = fe.keyPos
                body.remove("for")
                if let es = r.map(fe.value, "'for' (variables with ranges, such as {i: 1..8})") {
                    if es.isEmpty { d.error(fe.value.pos, "'for' needs at least one variable, such as {i: 1..8}"); ok = false }
                    for e in es {
                        guard isName(e.key) else {
                            d.error(e.keyPos, "a template variable name is letters, digits and '_', found '\(e.key)'")
                            ok = false
                            continue
                        }
                        guard let values = loopValues(e.value, sub) else { ok = false; continue }
                        loops.append((e.key, values))
                    }
                } else { ok = false }
            }
            if countIsTemplate, let ce = item.entry("count") {
                if let fe = item.entry("for") {
                    d.error(ce.keyPos, "use either 'count' or 'for' in one entry of '\(name)', not both "
                        + "('for' is at \(fe.keyPos.line):\(fe.keyPos.column))")
                    continue
                }
                templatePos = ce.keyPos
                body.remove("count")
                if let cn = substitute(ce.value, sub), let c = r.int(cn, "'count'", 0...Int64(Limits.maxGenerated)) {
                    loops.append(("i", (0..<Int(c)).map { .int(Int64($0) + 1) }))
                } else { ok = false }
            }
            guard ok else { continue }
            var total = 1
            for (_, vs) in loops {
                let (t, o) = total.multipliedReportingOverflow(by: vs.count)
                total = o ? Int.max : t
            }
            if total > Limits.maxGenerated - generated {
                d.error(templatePos, "this template makes \(total == Int.max ? "too many" : String(total)) entries; "
                    + "a design may generate at most \(Limits.maxGenerated)")
                continue
            }
            // Each entry is a copy of the body: charge its YAML nodes too (aliases can make a
            // short body large).
            let bodySize = body.size
            let (nodesMade, o) = total.multipliedReportingOverflow(by: bodySize)
            if o || nodesMade > Limits.maxGeneratedNodes - generatedNodes {
                d.error(templatePos, "this template makes \(total) entries of \(bodySize) YAML nodes each"
                    + (o ? "" : " (\(nodesMade) in all)") + "; a design may generate at most "
                    + "\(Limits.maxGeneratedNodes) YAML nodes")
                continue
            }
            generated += total
            generatedNodes += nodesMade
            // `count: 0` (such as `count: $N` with N=0) makes nothing.
            if total == 0 { continue }
            if loops.isEmpty {
                if let x = substitute(body, sub) { out.append(x) }
                continue
            }
            var counters = Array(repeating: 0, count: loops.count)
            var vars = params
            outer: while true {
                for (k, (name, vs)) in loops.enumerated() { vars[name] = vs[counters[k]] }
                let s = Substituter(vars: vars, paramNames: paramOrder)
                guard let x = substitute(body, s) else { break }
                out.append(x)
                var k = loops.count - 1
                while k >= 0 {
                    counters[k] += 1
                    if counters[k] < loops[k].1.count { break }
                    counters[k] = 0
                    k -= 1
                }
                if k < 0 { break outer }
            }
        }
        return out
    }

    /// `a..b` (inclusive) or a list of values.
    func loopValues(_ n: YNode, _ sub: Substituter) -> [TValue]? {
        if let xs = n.items {
            var out: [TValue] = []
            for x in xs {
                guard let y = substitute(x, sub), let s = y.scalar, !s.isEmpty else {
                    if x.scalar == nil { d.error(x.pos, "expected a value in the list, found \(x.describe)") }
                    return nil
                }
                out.append(Int64(s).map { .int($0) } ?? .text(s))
            }
            if out.isEmpty { d.error(n.pos, "the list of values is empty") ; return nil }
            return out
        }
        guard let y = substitute(n, sub) else { return nil }
        guard let s = y.scalar, let dots = s.range(of: "..") else {
            d.error(n.pos, "expected a range such as 1..8 or a list of values, found \(y.describe)")
            return nil
        }
        let a = s[..<dots.lowerBound].trimmingCharacters(in: .whitespaces)
        let b = s[dots.upperBound...].trimmingCharacters(in: .whitespaces)
        guard let lo = Int64(a), let hi = Int64(b) else {
            d.error(n.pos, "expected a range of integers such as 1..8, found '\(s)'")
            return nil
        }
        guard lo <= hi else {
            d.error(n.pos, "the range '\(s)' is empty (its start is above its end)")
            return nil
        }
        let (span, o) = hi.subtractingReportingOverflow(lo)
        guard !o, span < Int64(Limits.maxGenerated) else {
            d.error(n.pos, "the range '\(s)' has more than \(Limits.maxGenerated) values")
            return nil
        }
        return (0...span).map { .int(lo + $0) }
    }
}
