import Foundation
import Kernel

extension DesignBuilder {
    /// The lines of a file named in the scenario (relative to it), read once per load
    /// through the loader (which hashes it). `noun` names the file in messages ("trace
    /// file", "delay trace"). Lines are split on any newline, so CRLF files keep their
    /// line numbers; a final empty line is dropped.
    func traceLines(_ name: String, at pos: Pos, noun: String) -> (path: String, lines: [Substring])? {
        let path = name.hasPrefix("/") ? name : URL(fileURLWithPath: loader.baseDir).appendingPathComponent(name).path
        filesRead[name] = path
        guard let bytes = loader.traceBytes(path) else {
            let kind = fileKind(path)
            d.error(pos, kind == .other || kind == .directory
                ? "the \(noun) '\(name)' (\(path)) is not a regular file"
                : "cannot read \(noun) '\(name)' (looked for \(path); at most 50 MB)")
            return nil
        }
        guard let text = String(bytes: bytes, encoding: .utf8) else {
            d.error(Pos(file: path, line: 1, column: 1), "the \(noun) is not UTF-8 text")
            return nil
        }
        // "\r\n" is one Character, so split on any newline (line numbers stay right).
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        if lines.last?.isEmpty ?? false { lines.removeLast() }
        return (path, lines)
    }
}

extension DesignBuilder {
    /// `n` with the files it names (a trace flow's `file`, a delay's `trace`) as the paths
    /// they were read from, so the resolved design runs again from wherever it is written.
    func withReadPaths(_ n: YNode) -> YNode {
        switch n.kind {
        case .scalar: return n
        case let .seq(xs): return YNode(kind: .seq(xs.map(withReadPaths)), pos: n.pos)
        case let .map(es):
            return YNode(kind: .map(es.map { e in
                if e.key == FlowKeys.file.name || e.key == WANLinkKeys.trace.name,
                   let s = e.value.scalar, let path = filesRead[s] {
                    return YEntry(key: e.key, keyPos: e.keyPos, value: .scalar(path, e.value.pos, quoted: e.value.isQuoted))
                }
                return YEntry(key: e.key, keyPos: e.keyPos, value: withReadPaths(e.value))
            }), pos: n.pos)
        }
    }
}

/// Counts errors in one file and stops reporting after the first 20.
struct FileErrors {
    let path: String
    let d: Diagnostics
    private(set) var count = 0

    init(path: String, d: Diagnostics) {
        self.path = path
        self.d = d
    }

    mutating func report(_ line: Int, _ column: Int, _ message: String) {
        count += 1
        if count <= 20 { d.error(Pos(file: path, line: line, column: column), message) }
    }

    /// "N more errors in the FILE", when some were not reported.
    func finish(_ noun: String) {
        if count > 20 { d.error(Pos(file: path, line: 1, column: 1), "\(count - 20) more errors in the \(noun)") }
    }
}
