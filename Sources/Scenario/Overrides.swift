import Foundation

/// Paths into the scenario tree, used by `--set PATH=VALUE` and by a variant's `set:`.
///
/// A path is a chain of segments separated by dots. A segment names a mapping key
/// (`defaults.link.rate`), or picks an entry of a list by its `id` (nodes, links, flows)
/// or `name` (variants): `flows.control.period`. Brackets pick an entry whose id contains
/// dots or braces, or an entry by its 0-based position: `nodes[dev{c}-{i}].type`,
/// `links[0].rate`. Entries are matched as written in the file (before templates are
/// expanded). Setting a key that is absent adds it.
struct PathSegment: Equatable {
    var text: String
    /// Character offset of the segment in the path.
    var offset: Int
    /// Written as `[text]`.
    var bracketed: Bool
}

enum PathEditor {
    static func parse(_ path: String) -> Result<[PathSegment], SubstitutionError> {
        var segs: [PathSegment] = []
        let chars = Array(path)
        var i = 0
        var current = "", start = 0
        func flush() { if !current.isEmpty { segs.append(PathSegment(text: current, offset: start, bracketed: false)) } }
        var expectSegment = true
        while i < chars.count {
            let c = chars[i]
            if c == "." {
                if expectSegment && current.isEmpty {
                    return .failure(SubstitutionError(offset: i, message: "empty segment in path '\(path)'"))
                }
                flush(); current = ""; expectSegment = true
                i += 1; start = i
            } else if c == "[" {
                flush(); current = ""
                guard let close = chars[(i + 1)...].firstIndex(of: "]") else {
                    return .failure(SubstitutionError(offset: i, message: "unclosed '[' in path '\(path)'"))
                }
                let inner = String(chars[(i + 1)..<close])
                if inner.isEmpty { return .failure(SubstitutionError(offset: i, message: "empty '[]' in path '\(path)'")) }
                segs.append(PathSegment(text: inner, offset: i + 1, bracketed: true))
                i = close + 1
                start = i
                expectSegment = false
                if i < chars.count && chars[i] != "." && chars[i] != "[" {
                    return .failure(SubstitutionError(offset: i, message: "expected '.' or '[' after ']' in path '\(path)'"))
                }
            } else if c == " " || c == "\t" {
                return .failure(SubstitutionError(offset: i, message: "unexpected space in path '\(path)'"))
            } else {
                if current.isEmpty { start = i }
                current.append(c)
                expectSegment = false
                i += 1
            }
        }
        if expectSegment && !segs.isEmpty || (segs.isEmpty && current.isEmpty) {
            return .failure(SubstitutionError(offset: Swift.max(0, chars.count - 1), message: "path '\(path)' is incomplete"))
        }
        flush()
        return .success(segs)
    }

    /// Sets the value at `path` in `root`; reports a bad path at `pathPos` (+ offset).
    static func apply(_ root: inout YNode, path: String, pathPos: Pos, value: YNode, diags: Diagnostics) {
        switch parse(path) {
        case let .failure(e):
            diags.error(pathPos.offset(by: e.offset), e.message)
        case let .success(segs):
            if let e = set(&root, segs[...], value: value, walked: "", pathPos: pathPos) {
                diags.error(pathPos.offset(by: e.offset), e.message)
            }
        }
    }

    private static func label(_ n: YNode) -> String? {
        n["id"]?.scalar ?? n["name"]?.scalar
    }

    private static func set(_ node: inout YNode, _ segs: ArraySlice<PathSegment>, value: YNode,
                            walked: String, pathPos: Pos) -> SubstitutionError? {
        guard let seg = segs.first else {
            node = value
            return nil
        }
        let rest = segs.dropFirst()
        let here = walked.isEmpty ? seg.text : walked + "." + seg.text
        switch node.kind {
        case var .map(es):
            if let i = es.firstIndex(where: { $0.key == seg.text }) {
                let e = set(&es[i].value, rest, value: value, walked: here, pathPos: pathPos)
                node.kind = .map(es)
                return e
            }
            let keyPos = pathPos.offset(by: seg.offset)
            if rest.isEmpty {
                es.append(YEntry(key: seg.text, keyPos: keyPos, value: value))
                node.kind = .map(es)
                return nil
            }
            var fresh = YNode(kind: .map([]), pos: value.pos)
            if let e = set(&fresh, rest, value: value, walked: here, pathPos: pathPos) { return e }
            es.append(YEntry(key: seg.text, keyPos: keyPos, value: fresh))
            node.kind = .map(es)
            return nil
        case var .seq(xs):
            var index: Int?
            if seg.bracketed, let n = Int(seg.text) {
                guard n >= 0 && n < xs.count else {
                    return SubstitutionError(offset: seg.offset, message:
                        "'\(walked)' has \(xs.count) entries; index \(n) is out of range")
                }
                index = n
            } else {
                index = xs.firstIndex(where: { label($0) == seg.text })
            }
            guard let i = index else {
                let labels = xs.compactMap(label)
                return SubstitutionError(offset: seg.offset, message:
                    "no entry with id or name '\(seg.text)' in '\(walked)'" + didYouMean(seg.text, in: labels))
            }
            let e = set(&xs[i], rest, value: value, walked: here, pathPos: pathPos)
            node.kind = .seq(xs)
            return e
        case let .scalar(s, _):
            if s.isEmpty {  // an empty (null) value: treat as an empty mapping
                node.kind = .map([])
                return set(&node, segs, value: value, walked: walked, pathPos: pathPos)
            }
            return SubstitutionError(offset: seg.offset, message:
                "'\(walked)' is a value ('\(s)'), not a mapping or list, so it has no '\(seg.text)'")
        }
    }
}
