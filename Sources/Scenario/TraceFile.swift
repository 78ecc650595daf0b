import Foundation
import Kernel

extension DesignBuilder {
    /// The path of a file named in the scenario (relative to it), recorded as read.
    func tracePath(_ name: String) -> String {
        let path = name.hasPrefix("/") ? name : URL(fileURLWithPath: loader.baseDir).appendingPathComponent(name).path
        filesRead[name] = path
        return path
    }

    /// A reader of the trace file at `path`, or nil after reporting why it cannot be read.
    /// `noun` names the file in messages ("trace file", "delay trace").
    func openTrace(_ name: String, path: String, at pos: Pos, noun: String) -> TraceReader? {
        let kind = fileKind(path)
        if kind == .other || kind == .directory {
            // A FIFO would block, a device reads as anything.
            d.error(pos, "the \(noun) '\(name)' (\(path)) is not a regular file")
            return nil
        }
        guard let reader = loader.traces.open(path, loader: loader) else {
            d.error(pos, "cannot read \(noun) '\(name)' (looked for \(path): \(String(cString: strerror(errno))))")
            return nil
        }
        return reader
    }

    /// The error for a trace file whose bytes are not UTF-8 (checked over the whole file).
    func notUTF8(_ path: String, noun: String) {
        d.error(Pos(file: path, line: 1, column: 1), "the \(noun) is not UTF-8 text")
    }

    /// A line of a trace file as text (decoded; nil when it is not valid UTF-8).
    static func text(_ line: UnsafeBufferPointer<UInt8>, ascii: Bool) -> String? {
        ascii ? String(decoding: line, as: UTF8.self) : String(validating: line, as: UTF8.self)
    }

    /// Refuses a trace whose estimated memory (from the rows in the bytes read so far and
    /// the file's size) is above the budget, with both figures.
    func traceTooLarge(bytesRead: Int64, rows: Int, bytesPerRow: Double, path: String, noun: String) -> Bool {
        guard rows > 0, bytesRead > 0 else { return false }
        var st = stat()
        guard stat(path, &st) == 0 else { return false }
        let size = Double(st.st_size)
        let estimate = Double(rows) * size / Double(bytesRead) * bytesPerRow
        guard estimate > Double(loader.maxMemory.bytes) else { return false }
        d.error(Pos(file: path, line: 1, column: 1), "the \(noun) is \(Self.bytesText(size)) (about "
            + "\(Format.number((estimate / bytesPerRow).rounded())) rows); at \(Format.number(bytesPerRow)) bytes a row "
            + "it would take " + loader.maxMemory.refusal(Int64(Swift.min(estimate, 9e18))))
        return true
    }

    /// "64.0 MB", "1.2 GB" (decimal units).
    static func bytesText(_ b: Double) -> String {
        for (scale, unit) in [(1e12, "TB"), (1e9, "GB"), (1e6, "MB"), (1e3, "kB")] where b >= scale {
            return String(format: "%.1f ", b / scale) + unit
        }
        return "\(Int(b)) B"
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

extension Array {
    /// The array in a buffer of its size (appending leaves up to twice the room).
    func trimmedToSize() -> [Element] {
        guard capacity > count + Swift.max(8, count / 1024) else { return self }
        return Array(unsafeUninitializedCapacity: count) { b, n in
            withUnsafeBufferPointer { src in
                if let from = src.baseAddress, let to = b.baseAddress { to.initialize(from: from, count: src.count) }
            }
            n = count
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

    /// Counts an error and reports the first 20 (the message is made only for those).
    mutating func report(_ line: Int, _ column: Int, _ message: @autoclosure () -> String) {
        count += 1
        if count <= 20 { d.error(Pos(file: path, line: line, column: column), message()) }
    }

    /// "N more errors in the FILE", when some were not reported.
    func finish(_ noun: String) {
        if count > 20 { d.error(Pos(file: path, line: 1, column: 1), "\(count - 20) more errors in the \(noun)") }
    }
}
