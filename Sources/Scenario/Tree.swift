import Foundation
import Yams

/// The scenario's own YAML tree: scalars keep their text (types are decided by the
/// schema, not by YAML's implicit typing), every node keeps its position, and mappings
/// keep their key order. Overrides, variants and templates edit this tree.
struct YNode: Sendable, Equatable {
    indirect enum Kind: Sendable, Equatable {
        case scalar(String, quoted: Bool)
        case map([YEntry])
        case seq([YNode])
    }
    var kind: Kind
    var pos: Pos

    static func scalar(_ s: String, _ pos: Pos, quoted: Bool = false) -> YNode {
        YNode(kind: .scalar(s, quoted: quoted), pos: pos)
    }

    var scalar: String? { if case let .scalar(s, _) = kind { return s } else { return nil } }
    var isQuoted: Bool { if case let .scalar(_, q) = kind { return q } else { return false } }
    var entries: [YEntry]? { if case let .map(e) = kind { return e } else { return nil } }
    var items: [YNode]? { if case let .seq(i) = kind { return i } else { return nil } }

    /// The value under `key` in a mapping.
    subscript(key: String) -> YNode? {
        guard case let .map(es) = kind else { return nil }
        return es.first(where: { $0.key == key })?.value
    }

    func entry(_ key: String) -> YEntry? { entries?.first(where: { $0.key == key }) }

    /// Sets (or appends) `key` in a mapping.
    mutating func set(_ key: String, _ value: YNode, keyPos: Pos) {
        guard case var .map(es) = kind else { return }
        if let i = es.firstIndex(where: { $0.key == key }) { es[i].value = value } else {
            es.append(YEntry(key: key, keyPos: keyPos, value: value))
        }
        kind = .map(es)
    }

    mutating func remove(_ key: String) {
        guard case var .map(es) = kind else { return }
        es.removeAll { $0.key == key }
        kind = .map(es)
    }

    /// What the node is, for "found ..." in messages.
    var describe: String {
        switch kind {
        case let .scalar(s, _):
            if s.isEmpty { return "an empty value" }
            let short = s.count > 40 ? String(s.prefix(40)) + "..." : s
            return "'\(short)'"
        case .map: return "a mapping"
        case .seq: return "a list"
        }
    }

    /// Number of nodes in the tree.
    var size: Int {
        switch kind {
        case .scalar: return 1
        case let .map(es): return es.reduce(1) { $0 + $1.value.size }
        case let .seq(xs): return xs.reduce(1) { $0 + $1.size }
        }
    }
}

struct YEntry: Sendable, Equatable {
    var key: String
    var keyPos: Pos
    var value: YNode
}

/// Limits that keep hostile input from exhausting memory or time (memory itself is
/// bounded by `MemoryLimit`).
enum Limits {
    /// YAML nodes visited while converting, per byte of text (aliases count every time
    /// they are used): a plain document has at most one node per two bytes, so only an
    /// alias bomb reaches this.
    static let yamlNodesPerByte = 2
    static let minYAMLNodes = 1_000_000
    static let maxDepth = 200
}

enum TreeBuilder {
    /// Parses `text` into a tree, or reports why it cannot (with the parser's position).
    static func parse(_ text: String, file: String, diags: Diagnostics,
                      lineOffset: Int = 0, columnOffset: Int = 0) -> YNode? {
        let root: Node?
        do {
            let parser = try Parser(yaml: text, resolver: .basic, constructor: .default, encoding: .utf8)
            root = try parser.singleRoot()
        } catch let e as YamlError {
            report(e, text: text, file: file, diags: diags, lineOffset: lineOffset, columnOffset: columnOffset)
            return nil
        } catch {
            diags.error(Pos(file: file, line: 1, column: 1), "not a YAML file: \(error)")
            return nil
        }
        guard let root else { return nil }
        var budget = Swift.max(Limits.minYAMLNodes, Limits.yamlNodesPerByte * text.utf8.count)
        var failed = false
        let tree = convert(root, file: file, budget: &budget, depth: 0, failed: &failed, diags: diags,
                           lineOffset: lineOffset, columnOffset: columnOffset)
        return failed ? nil : tree
    }

    private static func pos(_ m: Mark?, _ file: String, _ lo: Int, _ co: Int) -> Pos {
        pos(line: m?.line ?? 1, column: m?.column ?? 1, file, lo, co)
    }

    private static func pos(line: Int, column col: Int, _ file: String, _ lo: Int, _ co: Int) -> Pos {
        Pos(file: file, line: line + lo, column: line == 1 ? col + co : col)
    }

    private static func convert(_ n: Node, file: String, budget: inout Int, depth: Int, failed: inout Bool,
                                diags: Diagnostics, lineOffset: Int, columnOffset: Int) -> YNode {
        let p = pos(n.mark, file, lineOffset, columnOffset)
        if failed { return .scalar("", p) }
        budget -= 1
        if budget < 0 {
            failed = true
            diags.error(p, "the document has more YAML nodes once aliases are expanded than two per byte of its "
                + "text (an alias bomb?); refusing to read it")
            return .scalar("", p)
        }
        if depth > Limits.maxDepth {
            failed = true
            diags.error(p, "the document is nested more than \(Limits.maxDepth) levels deep")
            return .scalar("", p)
        }
        switch n {
        case let .scalar(s):
            let quoted = s.style == .singleQuoted || s.style == .doubleQuoted || s.style == .literal
                || s.style == .folded
            return .scalar(s.string, p, quoted: quoted)
        case let .alias(a):
            diags.error(p, "unresolved alias '\(a.anchor.rawValue)'")
            failed = true
            return .scalar("", p)
        case let .sequence(seq):
            var out: [YNode] = []
            for x in seq {
                out.append(convert(x, file: file, budget: &budget, depth: depth + 1, failed: &failed, diags: diags,
                                   lineOffset: lineOffset, columnOffset: columnOffset))
                if failed { break }
            }
            return YNode(kind: .seq(out), pos: p)
        case let .mapping(m):
            var out: [YEntry] = []
            for (k, v) in m {
                let kp = pos(k.mark, file, lineOffset, columnOffset)
                guard case let .scalar(ks) = k else {
                    diags.error(kp, "expected a key name, found a \(k.mapping != nil ? "mapping" : "list") used as a key")
                    failed = true
                    break
                }
                let value = convert(v, file: file, budget: &budget, depth: depth + 1, failed: &failed, diags: diags,
                                    lineOffset: lineOffset, columnOffset: columnOffset)
                if failed { break }
                if ks.string == "<<" {
                    // YAML merge key: copy the merged mapping's entries that are not set here.
                    let sources = value.items ?? [value]
                    for src in sources {
                        for e in src.entries ?? [] where !out.contains(where: { $0.key == e.key })
                            && !m.keys.contains(where: { $0.string == e.key }) {
                            out.append(e)
                        }
                    }
                    continue
                }
                out.append(YEntry(key: ks.string, keyPos: kp, value: value))
            }
            return YNode(kind: .map(out), pos: p)
        }
    }

    private static func report(_ e: YamlError, text: String, file: String, diags: Diagnostics,
                               lineOffset: Int, columnOffset: Int) {
        func at(_ m: Mark) -> Pos {
            // The parser may point past the end of text without a final newline (a one-line
            // `--set` value such as `duration=[`): point just after its last character instead.
            let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
            if m.line > lines.count, let last = lines.last {
                return pos(line: lines.count, column: last.count + 1, file, lineOffset, columnOffset)
            }
            return pos(m, file, lineOffset, columnOffset)
        }
        switch e {
        case let .scanner(ctx, problem, mark, _), let .parser(ctx, problem, mark, _),
             let .composer(ctx, problem, mark, _):
            var msg = "not valid YAML: \(problem)"
            if let ctx { msg += " (\(ctx.text) at line \(ctx.mark.line + lineOffset), column \(ctx.mark.column))" }
            diags.error(at(mark), msg)
        case let .reader(problem, offset, _, _):
            var line = 1, col = 1
            if let offset {
                for ch in text.prefix(offset) {
                    if ch == "\n" { line += 1; col = 1 } else { col += 1 }
                }
            }
            diags.error(pos(line: line, column: col, file, lineOffset, columnOffset), "not readable as YAML text: \(problem)")
        case let .duplicatedKeysInMapping(dups, ctx):
            // Yams marks the key's first occurrence; point at the repeat when it can be found.
            let sorted = dups.sorted()
            var msg = "duplicate key\(dups.count > 1 ? "s" : "") " + sorted.map { "'\($0)'" }.joined(separator: ", ")
                + " in one mapping"
            let first = at(ctx.mark)
            if let key = sorted.first, let (line, column) = repeatedKey(key, text: text, line: ctx.mark.line,
                                                                           column: ctx.mark.column) {
                msg += " (first at \(first.line):\(first.column))"
                diags.error(pos(line: line, column: column, file, lineOffset, columnOffset), msg)
            } else {
                diags.error(first, msg)
            }
        default:
            diags.error(Pos(file: file, line: 1 + lineOffset, column: 1 + columnOffset), "not valid YAML: \(e)")
        }
    }
}

/// Where `key`, first written at `line`:`column` (1-based), is written again in the same
/// mapping: later on the same line in flow style (`{a: 1, a: 2}`), or on a later line at the
/// same indentation in block style. A best effort on the text; nil when not found.
func repeatedKey(_ key: String, text: String, line: Int, column: Int) -> (Int, Int)? {
    let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map { Array($0) }
    guard line >= 1, line <= lines.count, column >= 1 else { return nil }
    let forms = [key, "\"\(key)\"", "'\(key)'"].map { Array($0) }
    /// Whether a form of the key is written at `chars[i...]`, followed by optional spaces and a colon.
    func keyAt(_ chars: [Character], _ i: Int) -> Bool {
        for f in forms where i + f.count <= chars.count && Array(chars[i..<(i + f.count)]) == f {
            var j = i + f.count
            while j < chars.count && chars[j] == " " { j += 1 }
            if j < chars.count && chars[j] == ":" { return true }
        }
        return false
    }
    // Flow style: `, key:` later on the first line.
    let l0 = lines[line - 1]
    var i = Swift.min(column - 1 + key.count, l0.count)
    while i < l0.count {
        if l0[i] == "," || l0[i] == "{" {
            var j = i + 1
            while j < l0.count && l0[j] == " " { j += 1 }
            if keyAt(l0, j) { return (line, j + 1) }
        }
        i += 1
    }
    // Block style: a later line indented to the same column.
    for n in line..<lines.count {
        let l = lines[n]
        guard let indent = l.firstIndex(where: { $0 != " " }), l[indent] != "#" else { continue }
        if indent + 1 < column { return nil }
        if indent + 1 == column && keyAt(l, indent) { return (n + 1, column) }
    }
    return nil
}

/// `s` in double quotes with escapes, valid both as a JSON string and as a YAML
/// double-quoted scalar.
func doubleQuoted(_ s: String) -> String {
    var q = "\""
    for c in s.unicodeScalars {
        switch c {
        case "\"": q += "\\\""
        case "\\": q += "\\\\"
        case "\n": q += "\\n"
        case "\t": q += "\\t"
        default:
            if c.value < 0x20 { q += String(format: "\\u%04X", c.value) } else { q.unicodeScalars.append(c) }
        }
    }
    return q + "\""
}

/// Writes a tree back as block YAML (for `Design.resolvedYAML`).
enum TreeEmitter {
    /// Characters besides letters and digits that a plain scalar may hold.
    private static let plainPunctuation = Set("._-/+*?@~ ".utf8)

    static func emit(_ n: YNode) -> String {
        var out = ""
        write(n, indent: 0, into: &out, inline: false)
        if !out.hasSuffix("\n") { out += "\n" }
        return out
    }

    static func quote(_ s: String) -> String {
        // ASCII (nearly every key and value) is checked byte by byte; the rest below.
        if !s.isEmpty, s.utf8.allSatisfy({ $0 < 0x80 }) {
            for b in s.utf8 {
                let alnum = (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
                if !alnum && !plainPunctuation.contains(b) { return doubleQuoted(s) }
            }
            let first = s.utf8.first!, last = s.utf8.last!
            let plain = first != 0x20 && last != 0x20 && first != 0x2D && first != 0x3F && first != 0x2A
                && (s.utf8.count > 5 || !["true", "false", "null", "yes", "no", "~"].contains(s.lowercased()))
            return plain ? s : doubleQuoted(s)
        }
        let plainOK = !s.isEmpty && s.unicodeScalars.allSatisfy { c in
            CharacterSet.alphanumerics.contains(c) || "._-/+*?@~ ".unicodeScalars.contains(c)
        } && !s.hasPrefix(" ") && !s.hasSuffix(" ") && !["true", "false", "null", "yes", "no", "~"].contains(s.lowercased())
            && !s.hasPrefix("-") && !s.hasPrefix("?") && !s.hasPrefix("*")
        return plainOK ? s : doubleQuoted(s)
    }

    private static func isFlat(_ n: YNode) -> Bool {
        switch n.kind {
        case .scalar: return true
        case let .map(es): return es.count <= 8 && es.allSatisfy { $0.value.scalar != nil }
        case let .seq(xs): return xs.count <= 8 && xs.allSatisfy { $0.scalar != nil }
        }
    }

    /// Appends `n` in flow style (`{a: 1, b: [x, y]}`) to `out`.
    private static func flow(_ n: YNode, into out: inout String) {
        switch n.kind {
        case let .scalar(s, _): out += quote(s)
        case let .map(es):
            out += "{"
            for (i, e) in es.enumerated() {
                if i > 0 { out += ", " }
                out += quote(e.key)
                out += ": "
                flow(e.value, into: &out)
            }
            out += "}"
        case let .seq(xs):
            out += "["
            for (i, x) in xs.enumerated() {
                if i > 0 { out += ", " }
                flow(x, into: &out)
            }
            out += "]"
        }
    }

    private static func write(_ n: YNode, indent: Int, into out: inout String, inline: Bool) {
        let pad = String(repeating: " ", count: indent)
        switch n.kind {
        case .scalar:
            flow(n, into: &out)
            out += "\n"
        case let .map(es):
            if es.isEmpty { out += "{}\n"; return }
            for (i, e) in es.enumerated() {
                if !(i == 0 && inline) { out += pad }
                out += quote(e.key)
                out += ":"
                if isFlat(e.value) {
                    out += " "
                    flow(e.value, into: &out)
                    out += "\n"
                } else {
                    out += "\n"
                    write(e.value, indent: indent + 2, into: &out, inline: false)
                }
            }
        case let .seq(xs):
            if xs.isEmpty { out += pad + "[]\n"; return }
            for x in xs {
                if x.items != nil && !isFlat(x) {
                    out += pad + "-\n"
                    write(x, indent: indent + 2, into: &out, inline: false)
                    continue
                }
                out += pad
                out += "- "
                if isFlat(x) {
                    flow(x, into: &out)
                    out += "\n"
                } else {
                    write(x, indent: indent + 2, into: &out, inline: true)
                }
            }
        }
    }
}
