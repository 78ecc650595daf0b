import Foundation

/// Variant overlays. A variant is applied to the base in this order:
///
/// 1. `set: {PATH: VALUE}`: the same paths as `--set` (`parameters.C: 4`,
///    `defaults.link.rate: 1Gbps`, `flows.control.priority: 6`);
/// 2. `add: {nodes: [...], links: [...], flows: [...]}`: entries appended to the base's
///    lists (templates allowed);
/// 3. templates are expanded;
/// 4. `remove: {nodes: [ids], links: [{from, to} or ids], flows: [ids]}`: ids may be
///    glob patterns (`dev*-32`); removing a node removes its links;
/// 5. `change: {nodes: [{id, ...}], links: [{from, to, ...}], flows: [{id, ...}]}`: the
///    selector (`id`, or `from`/`to` for links, either direction; globs allowed) picks
///    entries, the other keys replace theirs.
extension DesignBuilder {
    func applySetAndAdd(_ tree: inout YNode, _ v: YNode) {
        if let s = v[ScenarioKeys.set.name], let es = s.entries {
            for e in es { PathEditor.apply(&tree, path: e.key, pathPos: e.keyPos, value: e.value, diags: d) }
        }
        if let a = v[ScenarioKeys.add.name], let es = a.entries {
            for e in es where ScenarioKeys.overlaySections.contains(e.key) {
                guard let items = r.list(e.value, "'add.\(e.key)'") else { continue }
                var existing = tree[e.key]?.items ?? []
                if let cur = tree[e.key], cur.items == nil, cur.scalar != "" {
                    d.error(cur.pos, "expected a list for '\(e.key)', found \(cur.describe)")
                    continue
                }
                existing.append(contentsOf: items)
                tree.set(e.key, YNode(kind: .seq(existing), pos: tree[e.key]?.pos ?? e.keyPos), keyPos: e.keyPos)
            }
        }
    }

    func id(_ n: YNode) -> String? { n["id"]?.scalar }

    private func selectorList(_ v: YNode, _ op: String, _ section: String) -> [YNode] {
        guard let o = v[op], let s = o[section] else { return [] }
        return r.list(s, "'\(op).\(section)'") ?? []
    }

    /// Link matches a `{from, to}` selector in either direction, or an id.
    private func linkMatches(_ link: YNode, _ sel: YNode) -> Bool {
        if let s = sel.scalar { return id(link).map { Glob.matches(s, $0) } ?? false }
        if let sid = sel["id"]?.scalar { return id(link).map { Glob.matches(sid, $0) } ?? false }
        guard let f = sel["from"]?.scalar, let t = sel["to"]?.scalar,
              let lf = link["from"]?.scalar, let lt = link["to"]?.scalar else { return false }
        return (Glob.matches(f, lf) && Glob.matches(t, lt)) || (Glob.matches(f, lt) && Glob.matches(t, lf))
    }

    private func linkLabel(_ l: YNode) -> String {
        if let i = id(l) { return i }
        return "\(l["from"]?.scalar ?? "?")~\(l["to"]?.scalar ?? "?")"
    }

    func applyRemove(_ v: YNode, nodes: inout [YNode], links: inout [YNode], cells: inout [YNode], flows: inout [YNode],
                     faults: inout [YNode]) {
        var removedNodes: Set<String> = []
        for sel in selectorList(v, ScenarioKeys.remove.name, "nodes") {
            guard let pat = r.string(sel, "a node id to remove") else { continue }
            let before = nodes.count
            nodes.removeAll { n in
                guard let i = id(n), Glob.matches(pat, i) else { return false }
                removedNodes.insert(i)
                return true
            }
            if nodes.count == before {
                d.error(sel.pos, "no node '\(pat)' to remove" + didYouMean(pat, in: nodes.compactMap(id)))
            }
        }
        if !removedNodes.isEmpty {
            links.removeAll { l in
                removedNodes.contains(l["from"]?.scalar ?? "") || removedNodes.contains(l["to"]?.scalar ?? "")
            }
        }
        for sel in selectorList(v, ScenarioKeys.remove.name, "links") {
            if sel.entries != nil {
                r.checkKeys(sel, [LinkKeys.id, LinkKeys.from, LinkKeys.to].map(\.name), "a link to remove")
                if sel["id"] == nil && (sel["from"] == nil || sel["to"] == nil) {
                    d.error(sel.pos, "a link to remove is given by 'from' and 'to' (or 'id')")
                    continue
                }
            } else if r.string(sel, "a link to remove") == nil { continue }
            let before = links.count
            links.removeAll { linkMatches($0, sel) }
            if links.count == before {
                let what = sel.scalar ?? "\(sel["from"]?.scalar ?? "?")~\(sel["to"]?.scalar ?? "?")"
                d.error(sel.pos, "no link '\(what)' to remove" + didYouMean(what, in: links.map(linkLabel)))
            }
        }
        for (section, noun) in [("cells", "cell"), ("flows", "flow"), ("faults", "fault")] {
            for sel in selectorList(v, ScenarioKeys.remove.name, section) {
                guard let pat = r.string(sel, "a \(noun) id to remove") else { continue }
                func remove(_ list: inout [YNode]) {
                    let before = list.count
                    list.removeAll { f in id(f).map { Glob.matches(pat, $0) } ?? false }
                    if list.count == before {
                        d.error(sel.pos, "no \(noun) '\(pat)' to remove" + didYouMean(pat, in: list.compactMap(id)))
                    }
                }
                switch section {
                case "cells": remove(&cells)
                case "flows": remove(&flows)
                default: remove(&faults)
                }
            }
        }
    }

    func applyChange(_ v: YNode, nodes: inout [YNode], links: inout [YNode], cells: inout [YNode], flows: inout [YNode],
                     faults: inout [YNode], sub: Substituter) {
        /// `exclusive`: sets of alternative key groups, of which an entry holds one; a change
        /// that sets a key of one group drops the keys of the others (a fault changed from
        /// `down` to `mtbf`, or from `link` to `node`). `renamed`: keys read under a former
        /// name too.
        func change(_ section: String, _ list: inout [YNode], selector: (YNode) -> [String], allowed: [String],
                    matches: (YNode, YNode) -> Bool, label: (YNode) -> String, exclusive: [[[String]]] = [],
                    renamed: [FormerName] = []) {
            for var sel in selectorList(v, ScenarioKeys.change.name, section) {
                let selectorKeys = selector(sel)
                guard r.map(sel, "an entry of 'change.\(section)'") != nil else { continue }
                renameFormerKeys(&sel, renamed, what: "an entry of 'change.\(section)'")
                r.checkKeys(sel, allowed, "an entry of 'change.\(section)'")
                guard selectorKeys.allSatisfy({ sel[$0] != nil }) else {
                    d.error(sel.pos, "an entry of 'change.\(section)' needs "
                        + selectorKeys.map { "'\($0)'" }.joined(separator: " and ") + " to say what it changes")
                    continue
                }
                guard let updates = substitute(sel, sub)?.entries?.filter({ !selectorKeys.contains($0.key) }) else {
                    continue
                }
                var hit = false
                let updateSize = updates.reduce(0) { $0 + $1.value.size }
                for k in list.indices where matches(list[k], sel) {
                    hit = true
                    // Every changed entry carries a copy of the updates (into the resolved YAML too).
                    guard checkMemory(entries: 1, nodesEach: updateSize, at: sel.pos, what: "this change adds "
                        + "\(updateSize) YAML nodes to each matching \(section.dropLast())") else { break }
                    generatedNodes += updateSize
                    for alternatives in exclusive {
                        for group in alternatives where updates.contains(where: { group.contains($0.key) }) {
                            for other in alternatives where other != group {
                                for key in other where !updates.contains(where: { $0.key == key }) { list[k].remove(key) }
                            }
                        }
                    }
                    for u in updates { list[k].set(u.key, u.value, keyPos: u.keyPos) }
                }
                if !hit {
                    let what = selectorKeys.map { sel[$0]?.scalar ?? "?" }.joined(separator: "~")
                    d.error(sel.pos, "no \(section.dropLast()) '\(what)' to change" + didYouMean(what, in: list.map(label)))
                }
            }
        }
        let byId = { (item: YNode, sel: YNode) -> Bool in
            guard let p = sel["id"]?.scalar, let i = self.id(item) else { return false }
            return Glob.matches(p, i)
        }
        // An entry of `change` may set any key its section declares.
        change("nodes", &nodes, selector: { _ in ["id"] }, allowed: NodeKeys.family.names, matches: byId,
               label: { self.id($0) ?? "?" })
        let E = EthernetLinkKeys.self
        change("links", &links, selector: { $0["id"] != nil ? ["id"] : ["from", "to"] }, allowed: LinkKeys.family.names,
               matches: { self.linkMatches($0, $1) }, label: { self.linkLabel($0) },
               exclusive: [[[E.delay.name], [E.length.name]]])
        change("cells", &cells, selector: { _ in ["id"] }, allowed: CellKeys.record.names, matches: byId,
               label: { self.id($0) ?? "?" })
        change("flows", &flows, selector: { _ in ["id"] }, allowed: FlowKeys.family.names, matches: byId,
               label: { self.id($0) ?? "?" }, renamed: FlowKeys.formerNames)
        let F = FaultKeys.self
        change("faults", &faults, selector: { _ in ["id"] }, allowed: F.record.names, matches: byId,
               label: { self.id($0) ?? "?" },
               exclusive: [[[F.down.name, F.up.name], [F.mtbf.name, F.mttr.name], [F.timeToFailure.name, F.timeToRepair.name]],
                           [[F.link.name], [F.node.name], [F.group.name]]])
    }
}

/// Shell-style patterns: `*` any run of characters, `?` one character, `[abc]` / `[a-z]`
/// one of a set. A pattern without these characters matches only itself.
public enum Glob {
    public static func isPattern(_ s: String) -> Bool { s.utf8.contains { $0 == 0x2A || $0 == 0x3F || $0 == 0x5B } }

    public static func matches(_ pattern: String, _ text: String) -> Bool {
        if !isPattern(pattern) { return pattern == text }
        // The literal start of the pattern rules out most names at once (a flow's `from`
        // is matched against every node of the plant).
        let literal = pattern.utf8.prefix { $0 != 0x2A && $0 != 0x3F && $0 != 0x5B }
        guard text.utf8.starts(with: literal) else { return false }
        if pattern.utf8.allSatisfy({ $0 < 0x80 }) && text.utf8.allSatisfy({ $0 < 0x80 }) {
            return matches(Array(pattern.utf8), Array(text.utf8))
        }
        return matches(Array(pattern), Array(text))
    }

    private static func matches<C: TemplateChar & Comparable>(_ p: [C], _ t: [C]) -> Bool {
        let star = C.ascii("*")
        var pi = 0, ti = 0
        var starP = -1, starT = 0
        while ti < t.count {
            if pi < p.count, p[pi] == star {
                starP = pi; starT = ti; pi += 1
                continue
            }
            if pi < p.count {
                let (ok, next) = single(p, pi, t[ti])
                if ok {
                    pi = next; ti += 1
                    continue
                }
            }
            if starP >= 0 {
                pi = starP + 1; starT += 1; ti = starT
                continue
            }
            return false
        }
        while pi < p.count && p[pi] == star { pi += 1 }
        return pi == p.count
    }

    /// Whether `c` matches the pattern element at `i`, and the index after that element.
    private static func single<C: TemplateChar & Comparable>(_ p: [C], _ i: Int, _ c: C) -> (Bool, Int) {
        switch p[i] {
        case C.ascii("?"): return (true, i + 1)
        case C.ascii("["):
            guard let close = p[(i + 1)...].firstIndex(of: C.ascii("]")), close > i + 1 else { return (p[i] == c, i + 1) }
            var j = i + 1
            var negate = false
            if p[j] == C.ascii("!") || p[j] == C.ascii("^") { negate = true; j += 1 }
            var hit = false
            while j < close {
                if j + 2 < close, p[j + 1] == C.ascii("-") {
                    if p[j] <= c && c <= p[j + 2] { hit = true }
                    j += 3
                } else {
                    if p[j] == c { hit = true }
                    j += 1
                }
            }
            return (hit != negate, close + 1)
        default:
            return (p[i] == c, i + 1)
        }
    }
}
