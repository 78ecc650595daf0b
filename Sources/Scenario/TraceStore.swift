import Foundation
import Kernel

/// The trace files of one load. Each is hashed into the scenario's fingerprint (its path,
/// then its bytes, chunk by chunk) the first time it is read, and what it gave is kept, so
/// that the next designs read it again only when they cannot reuse it.
final class TraceStore {
    private var hashed: Set<String> = []
    /// Flow traces by path, as last read (see `FlowTraceTable`).
    var flows: [String: FlowTraceTable] = [:]
    /// Delay traces by path: the delays (nil when unusable) and the file's diagnostics.
    var delays: [String: (delays: [SimTime]?, diagnostics: [Diagnostic])] = [:]
    /// Warnings already given (a trace read by several designs warns once).
    private var warned: Set<String> = []
    /// Bytes read at a time (tests make it tiny to split rows across reads).
    var chunkSize = 1 << 20

    /// Opens `path`; its bytes go into `hash` (through `loader`) the first time.
    func open(_ path: String, loader: Loader) -> TraceReader? {
        guard !hashed.contains(path) else { return TraceReader(path: path, chunkSize: chunkSize) }
        guard let reader = TraceReader(path: path, chunkSize: chunkSize, onChunk: { [unowned loader] chunk in
            loader.hash.combine(bytes: chunk)
        }) else { return nil }
        hashed.insert(path)
        loader.hash.combine(path)
        return reader
    }

    /// Gives `message` at `pos` once per load.
    func warnOnce(_ d: Diagnostics, _ pos: Pos, _ message: String) {
        let w = Diagnostic(file: pos.file, line: pos.line, column: pos.column, severity: .warning, message: message)
        if warned.insert(w.description).inserted { d.add(w) }
    }
}
