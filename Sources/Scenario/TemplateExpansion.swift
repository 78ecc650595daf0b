import Foundation

/// Substitution of parameters and expressions, and template expansion (`for`, `count`).
extension DesignBuilder {
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
                if e.key == "description" { out.append(e); continue }  // free text keeps its braces
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
            if let fe = item.entry(TemplateKeys.loop.name) {
                templatePos = fe.keyPos
                body.remove(TemplateKeys.loop.name)
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
            if countIsTemplate, let ce = item.entry(TemplateKeys.count.name) {
                if let fe = item.entry(TemplateKeys.loop.name) {
                    d.error(ce.keyPos, "use either 'count' or 'for' in one entry of '\(name)', not both "
                        + "('for' is at \(fe.keyPos.line):\(fe.keyPos.column))")
                    continue
                }
                templatePos = ce.keyPos
                body.remove(TemplateKeys.count.name)
                if let cn = substitute(ce.value, sub), let c = r.int(cn, "'count'", 0...Int64(Int32.max)) {
                    guard checkMemory(entries: Int(c), nodesEach: body.size, at: ce.keyPos) else { continue }
                    loops.append(("i", (0..<Int(c)).map { .int(Int64($0) + 1) }))
                } else { ok = false }
            }
            guard ok else {
                refusedTemplate = true
                continue
            }
            var total = 1
            for (_, vs) in loops {
                let (t, o) = total.multipliedReportingOverflow(by: vs.count)
                total = o ? Int.max : t
            }
            // Each entry is a copy of the body: what they hold is estimated from its YAML
            // nodes (aliases can make a short body large).
            let bodySize = body.size
            guard checkMemory(entries: total, nodesEach: bodySize, at: templatePos) else { continue }
            let nodesMade = total * bodySize
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
                guard let x = substitute(body, s) else {
                    refusedTemplate = true
                    break
                }
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

    /// Whether `entries` more entries of `nodesEach` YAML nodes fit in the memory limit
    /// with those made so far; if not, says so at `pos` with the estimate, after `what`
    /// (default: "this template makes N entries of M YAML nodes each").
    func checkMemory(entries: Int, nodesEach: Int, at pos: Pos, what: String? = nil) -> Bool {
        let (made, o1) = entries.multipliedReportingOverflow(by: nodesEach)
        let (all, o2) = made.addingReportingOverflow(generatedNodes)
        let (bytes, o3) = Int64(all).multipliedReportingOverflow(by: MemoryLimit.bytesPerYAMLNode)
        if !o1 && !o2 && !o3 && bytes <= loader.maxMemory.bytes { return true }
        refusedTemplate = true
        let entriesText = entries == Int.max ? "too many" : String(entries)
        d.error(pos, (what ?? "this template makes \(entriesText) entries of \(nodesEach) YAML nodes each")
            + "; with the entries before it the design would take " + loader.maxMemory.refusal(o1 || o2 || o3 ? .max : bytes))
        return false
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
        guard !o, span < Int64(loader.maxMemory.yamlNodes) else {
            d.error(n.pos, "the range '\(s)' has more values than entries fit in memory: "
                + loader.maxMemory.refusal(o ? .max : (span + 1).multipliedReportingOverflow(by: MemoryLimit.bytesPerYAMLNode).partialValue))
            return nil
        }
        return (0...span).map { .int(lo + $0) }
    }
}
