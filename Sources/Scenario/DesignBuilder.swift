import Foundation
import Kernel
import Models

/// Builds one design: overlay, parameters, templates, then nodes, links and flows.
final class DesignBuilder {
    let loader: Loader
    let d: Diagnostics
    let r: Reader
    let variant: VariantDef?
    let fileName: String
    var params: [String: TValue] = [:]
    var paramOrder: [String] = []
    /// Nodes named by a link that was refused: routes that fail for want of it are not
    /// reported again.
    var incomplete: Set<Int> = []
    /// Whether a template was refused (its entries, which routes may need, were not made).
    var refusedTemplate = false
    /// YAML nodes in the entries generated so far (see `checkMemory`).
    var generatedNodes = 0
    /// Rates and mean sizes of each built flow (by flow index), for the load estimate.
    var flowLoads: [FlowLoad] = []
    /// Delay traces read so far (by path; nil when unreadable).
    var delayTraces: [String: [SimTime]?] = [:]
    /// Files read by the design, as named in it → the path read.
    var filesRead: [String: String] = [:]
    /// Expected frames and events of the design (see `Design.estimatedFrames`).
    var estimatedFrames = 0.0
    var estimatedEvents = 0.0
    /// The wired links as a bridged network, for replicated flows (made when first needed).
    var wiredGraph: Result<WiredGraph, BridgedNetworkError>?
    /// Ports whose TSN settings come from an entry of `tsn.ports` (by port index): where.
    var portPositions: [Int: Pos] = [:]

    init(loader: Loader, d: Diagnostics, variant: VariantDef?, fileName: String) {
        self.loader = loader
        self.d = d
        self.r = Reader(d: d)
        self.variant = variant
        self.fileName = fileName
    }

    var variantName: String { variant?.name ?? "base" }

    func build(_ root: YNode) -> Design? {
        let K = ScenarioKeys.self
        var tree = root
        if let v = variant { applySetAndAdd(&tree, v.node) }

        // Parameters.
        if let pn = tree[K.parameters.name], pn.scalar != "", let es = r.map(pn, "'parameters'") {
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
        if let sn = tree[K.seed.name].flatMap({ substitute($0, sub) }), let v = K.seed.read(sn, r, "'seed'") { seed = v }
        var duration: SimTime = 0
        if let dn = tree[K.duration.name] {
            if let x = substitute(dn, sub), let t = K.duration.read(x, r, "'duration'") { duration = t }
        } else {
            d.error(tree.pos, "missing required key 'duration' (how long to simulate, such as 10s)")
        }
        var warmup: SimTime = 0
        if let wn = tree[K.warmup.name], let x = substitute(wn, sub), let t = K.warmup.read(x, r, "'warmup'") {
            warmup = t
            if duration > 0 && t >= duration {
                d.error(x.pos, "'warmup' (\(x.scalar ?? "")) must be shorter than 'duration' (\(Format.time(Double(duration))))")
            }
        }

        // Defaults.
        var linkDefaults = YNode(kind: .map([]), pos: tree.pos)
        var switchDefaults = YNode(kind: .map([]), pos: tree.pos)
        if let dn = tree[K.defaults.name], dn.scalar != "", r.map(dn, "'defaults'") != nil, let x = substitute(dn, sub),
           let defaults = K.defaults.read(x, r, "'defaults'") {
            if let l = defaults[K.linkDefaults.name], let checked = K.linkDefaults.read(l, r, "'defaults.link'") {
                checkLinkDefaults(checked)
                linkDefaults = checked
            }
            if let s = defaults[K.switchDefaults.name], let checked = K.switchDefaults.read(s, r, "'defaults.switch'") {
                switchDefaults = checked
            }
        }

        // Templates.
        var nodes = expand(tree[K.nodes.name], section: K.nodes.name, sub: sub)
        var links = expand(tree[K.links.name], section: K.links.name, sub: sub)
        var flows = expand(tree[K.flows.name], section: K.flows.name, sub: sub)
        for k in flows.indices {
            let id = self.id(flows[k]) ?? "?"
            renameFormerKeys(&flows[k], FlowKeys.formerNames, what: "flow '\(id)'")
        }
        var cells = expand(tree[K.cells.name], section: K.cells.name, sub: sub)
        var faults = expand(tree[K.faults.name], section: K.faults.name, sub: sub)
        if let v = variant {
            applyRemove(v.node, nodes: &nodes, links: &links, cells: &cells, flows: &flows, faults: &faults)
            applyChange(v.node, nodes: &nodes, links: &links, cells: &cells, flows: &flows, faults: &faults, sub: sub)
        }

        var net = PlantSpec()
        var types: [String] = []
        let index = buildNodes(nodes, switchDefaults: switchDefaults, into: &net, types: &types)
        // Without a resolved design to write, entries are done with once built (a large
        // plant's outweigh its specs): keep only the UPF entries the 5G-bridge check reads.
        if !loader.writesResolvedYAML {
            let bridged = Set(net.nodes.filter { $0.tsnBridge != nil }.map(\.name))
            nodes = bridged.isEmpty ? [] : nodes.filter { self.id($0).map(bridged.contains) ?? false }
        }
        buildRadio(tree, cells: cells, index: index, sub: sub, into: &net)
        let sites = buildLinks(links, defaults: linkDefaults, index: index, into: &net)
        if !loader.writesResolvedYAML { links = [] }
        buildTSN(tree, sub: sub, index: index, sites: sites, into: &net)
        buildForwarding(tree, sub: sub, index: index, sites: sites, into: &net)
        buildFlows(flows, index: index, sites: sites, duration: duration, into: &net)
        buildFaults(faults, index: index, sites: sites, duration: duration, into: &net)
        if d.errorCount == 0 && net.forwarding != .staticRoutes {
            // The paths the protocol's active topology gives (a spanning tree, rings each
            // blocked at their manager), not the shortest.
            do { net = try net.routedByForwarding() } catch {
                let why: String
                if case let .noPath(f, s) = error {
                    why = "flow '\(net.flows[f].name)' from '\(net.nodes[net.flows[f].sources[s].node].name)' has no path "
                        + "on the links the protocol forwards on"
                } else { why = "\(error)" }
                d.error(tree[K.forwarding.name]?.pos ?? tree.pos, "'forwarding': " + why)
            }
        }
        if d.errorCount == 0 && (net.hasFiveGBridge || net.flows.contains { $0.tsnBridge != nil }) {
            checkFiveGBridges(net, flows: flows, nodes: nodes, at: tree.pos)
        }
        if !net.cells.isEmpty {
            var entries: [String: YNode] = [:]
            for f in flows { if let id = f["id"]?.scalar, entries[id] == nil { entries[id] = f } }
            checkSlices(net, flowEntries: entries, cellsPos: tree[K.cells.name]?.pos ?? tree.pos)
        }

        if d.errorCount > 0 { return nil }
        loadWarnings(net, sites: sites, computePos: index.computePos, duration: duration)

        // The design as resolved.
        var out = YNode(kind: .map([]), pos: tree.pos)
        let p = tree.pos
        out.set(K.name.name, .scalar(fileName, p), keyPos: p)
        let desc = variant?.description ?? tree[K.description.name]?.scalar ?? ""
        if !desc.isEmpty { out.set(K.description.name, .scalar(desc, p), keyPos: p) }
        out.set(K.seed.name, .scalar(String(seed), p), keyPos: p)
        out.set(K.duration.name, .scalar(Format.time(Double(duration)), p), keyPos: p)
        out.set(K.warmup.name, .scalar(Format.time(Double(warmup)), p), keyPos: p)
        for k in [K.parameters.name, K.defaults.name] {
            if let x = tree[k], x.entries != nil { out.set(k, x, keyPos: p) }
        }
        out.set(K.nodes.name, YNode(kind: .seq(nodes), pos: p), keyPos: p)
        out.set(K.links.name, withReadPaths(YNode(kind: .seq(links), pos: p)), keyPos: p)
        if let x = tree[K.radio.name], x.entries != nil { out.set(K.radio.name, x, keyPos: p) }
        if !cells.isEmpty { out.set(K.cells.name, YNode(kind: .seq(cells), pos: p), keyPos: p) }
        out.set(K.flows.name, withReadPaths(YNode(kind: .seq(flows), pos: p)), keyPos: p)
        if let x = tree[K.forwarding.name], x.entries != nil { out.set(K.forwarding.name, x, keyPos: p) }
        if let x = tree[K.tsn.name], x.entries != nil { out.set(K.tsn.name, x, keyPos: p) }
        if !faults.isEmpty { out.set(K.faults.name, YNode(kind: .seq(faults), pos: p), keyPos: p) }
        defer { estimatedFrames = 0; estimatedEvents = 0 }
        var design = Design(variant: variantName, description: desc, plant: net, seed: seed, duration: duration,
                            warmup: warmup,
                            resolvedYAML: !loader.writesResolvedYAML ? "" : "# Design '\(variantName)' of \(fileName): "
                                + "templates, overrides and variant applied.\n" + TreeEmitter.emit(out),
                            nodeTypes: types)
        design.estimatedFrames = estimatedFrames
        design.estimatedEvents = estimatedEvents
        return design
    }

    /// Reports a name that names nothing, unless a refused template may have been what
    /// would have made it (that refusal is the message).
    func unknown(_ pos: Pos, _ message: @autoclosure () -> String) {
        if !refusedTemplate { d.error(pos, message()) }
    }

    func isName(_ s: String) -> Bool {
        guard let f = s.first, f.isASCII, f.isLetter || f == "_" else { return false }
        return s.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
    }
}
