import Foundation

/// The value a `--set` path has in a scenario file as written (before templates and
/// variants), for commands that vary it (`fnsim capacity --scale PATH` starts there).
public struct PathValue: Sendable, Equatable {
    /// The scalar's text (`48`, `0.75`, `60Mbps`, `$N`); nil when the path is absent.
    public var text: String?
    /// Variants whose `set:` writes the same path: in those designs their value wins over
    /// a `--set` of it (overrides apply before variants).
    public var variantsSetting: [String]
}

extension ScenarioLoader {
    /// The value at `path` (the `--set` path syntax) in the file at `file`, as written.
    /// - Throws: `ScenarioErrors` when the file cannot be read or parsed, or the path is
    ///   malformed or leads through a value or a missing list entry (as `--set` would say).
    public static func value(at path: String, inFile file: String) throws -> PathValue {
        guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
            throw ScenarioErrors(diagnostics: [Diagnostic(file: file, line: 1, column: 1,
                                                          message: "cannot read '\(file)': no such file or not readable")])
        }
        return try value(at: path, inYAML: text, file: file)
    }

    /// The value at `path` in scenario text (`file` names it in messages).
    public static func value(at path: String, inYAML text: String, file: String = "<input>") throws -> PathValue {
        let d = Diagnostics()
        guard let root = TreeBuilder.parse(text, file: file, diags: d) else {
            throw ScenarioErrors(diagnostics: d.items.isEmpty
                ? [Diagnostic(file: file, line: 1, column: 1, message: "the file is empty")] : d.items)
        }
        let pathPos = Pos(file: "<--scale>", line: 1, column: 1)
        let segs: [PathSegment]
        switch PathEditor.parse(path) {
        case let .success(s): segs = s
        case let .failure(e):
            throw ScenarioErrors(diagnostics: [Diagnostic(file: pathPos.file, line: 1, column: 1 + e.offset,
                                                          message: e.message)])
        }
        var found: String?
        switch PathEditor.get(root, segs[...], walked: "") {
        case let .success(node): found = node?.scalar
        case let .failure(e):
            throw ScenarioErrors(diagnostics: [Diagnostic(file: pathPos.file, line: 1, column: 1 + e.offset,
                                                          message: e.message)])
        }
        var setting: [String] = []
        for v in root[ScenarioKeys.variants.name]?.items ?? [] {
            guard let name = v[ScenarioKeys.variantName.name]?.scalar, let set = v[ScenarioKeys.set.name]?.entries
            else { continue }
            if set.contains(where: { $0.key == path }) { setting.append(name) }
        }
        return PathValue(text: found, variantsSetting: setting)
    }
}

extension PathEditor {
    /// The node at `segs` below `node`: nil when a mapping lacks the key (`--set` would add
    /// it); an error when a list has no such entry or the path runs through a value.
    static func get(_ node: YNode, _ segs: ArraySlice<PathSegment>, walked: String)
        -> Result<YNode?, SubstitutionError> {
        guard let seg = segs.first else { return .success(node) }
        let here = walked.isEmpty ? seg.text : walked + "." + seg.text
        switch node.kind {
        case let .map(es):
            guard let e = es.first(where: { $0.key == seg.text }) else { return .success(nil) }
            return get(e.value, segs.dropFirst(), walked: here)
        case let .seq(xs):
            let index: Int?
            if seg.bracketed, let n = Int(seg.text) {
                index = n >= 0 && n < xs.count ? n : nil
            } else {
                index = xs.firstIndex { ($0["id"]?.scalar ?? $0["name"]?.scalar) == seg.text }
            }
            guard let i = index else {
                let labels = xs.compactMap { $0["id"]?.scalar ?? $0["name"]?.scalar }
                return .failure(SubstitutionError(offset: seg.offset, message:
                    "no entry with id or name '\(seg.text)' in '\(walked)'" + didYouMean(seg.text, in: labels)))
            }
            return get(xs[i], segs.dropFirst(), walked: here)
        case let .scalar(s, _):
            if s.isEmpty { return .success(nil) }
            return .failure(SubstitutionError(offset: seg.offset, message:
                "'\(walked)' is a value ('\(s)'), not a mapping or list, so it has no '\(seg.text)'"))
        }
    }
}
