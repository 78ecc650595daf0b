import Foundation
import Kernel
@testable import Scenario

/// Trace files read the straightforward way, as fnsim read them before it streamed them:
/// decode the whole file, split it on newline Characters, split each row on commas and trim
/// its fields. The tests hold the streaming reader to these results, bit for bit, and to
/// these messages.
enum TraceReference {
    /// The file's lines (nil when it is not UTF-8).
    static func lines(_ bytes: [UInt8]) -> [Substring]? {
        guard let text = String(bytes: bytes, encoding: .utf8) else { return nil }
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        if lines.last?.isEmpty ?? false { lines.removeLast() }
        return lines
    }

    struct Flow {
        /// Per source, in order of first appearance: its id, times and sizes (sorted by time,
        /// stably).
        var sources: [(id: String, times: [SimTime], sizes: [Int32])] = []
        var errors: [Diagnostic] = []
    }

    /// A flow trace, given the plant's node ids in declaration order and which are switches.
    static func flow(_ bytes: [UInt8], path: String, ids: [String], switches: Set<String>) -> Flow {
        var out = Flow()
        func error(_ line: Int, _ column: Int, _ message: String) {
            out.errors.append(Diagnostic(file: path, line: line, column: column, message: message))
        }
        guard let lines = lines(bytes) else {
            error(1, 1, "the trace file is not UTF-8 text")
            return out
        }
        let header = "time_s,source,size_bytes"
        guard let first = lines.first, first == header[...] else {
            error(1, 1, "expected the header '\(header)' in the trace file, found '"
                + String((lines.first ?? "").prefix(60)) + "'")
            return out
        }
        var byId: [String: String] = [:]
        for id in ids { byId[id] = id }
        var order: [String] = []
        var rows: [String: [(SimTime, Int32)]] = [:]
        var count = 0
        func report(_ line: Int, _ column: Int, _ message: String) {
            count += 1
            if count <= 20 { error(line, column, message) }
        }
        for (k, line) in lines.enumerated().dropFirst() {
            let ln = k + 1
            if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            guard fields.count == 3 else {
                report(ln, 1, "expected 3 fields (time_s,source,size_bytes), found \(fields.count)")
                continue
            }
            let c2 = fields[0].count + 2, c3 = c2 + fields[1].count + 1
            let ts = fields[0].trimmingCharacters(in: .whitespaces)
            guard let t = Double(ts), t.isFinite, t >= 0, let time = Time.fromSeconds(t), time <= Time.maximum else {
                report(ln, 1, "expected a time in seconds (0 or more) in 'time_s', found '\(ts)'")
                continue
            }
            let src = fields[1].trimmingCharacters(in: .whitespaces)
            guard let id = byId[src] else {
                report(ln, c2, "unknown node '\(src)' in 'source'" + didYouMean(src, in: ids))
                continue
            }
            guard !switches.contains(id) else {
                report(ln, c2, "'\(src)' is a switch; traces are sent by end stations")
                continue
            }
            let ss = fields[2].trimmingCharacters(in: .whitespaces)
            guard let size = Int32(ss), size > 0 else {
                report(ln, c3, "expected a frame size in bytes (a whole number above 0) in 'size_bytes', found '\(ss)'")
                continue
            }
            if rows[id] == nil { order.append(id) }
            rows[id, default: []].append((time, size))
        }
        if count > 20 { error(1, 1, "\(count - 20) more errors in the trace file") }
        if count == 0 && order.isEmpty { error(1, 1, "the trace file has no rows after its header") }
        out.sources = order.map { id in
            let sorted = (rows[id] ?? []).enumerated().sorted { a, b in
                a.element.0 != b.element.0 ? a.element.0 < b.element.0 : a.offset < b.offset
            }.map(\.element)
            return (id, sorted.map(\.0), sorted.map(\.1))
        }
        return out
    }

    /// A delay trace: its delays, or its errors.
    static func delays(_ bytes: [UInt8], path: String) -> (delays: [SimTime]?, errors: [Diagnostic]) {
        var errors: [Diagnostic] = []
        func error(_ line: Int, _ column: Int, _ message: String) {
            errors.append(Diagnostic(file: path, line: line, column: column, message: message))
        }
        guard let lines = lines(bytes) else {
            error(1, 1, "the delay trace is not UTF-8 text")
            return (nil, errors)
        }
        let header = lines.first ?? ""
        let columns = header.split(separator: ",", omittingEmptySubsequences: false)
        let scales: [(String, String, Double)] = [
            ("delay_s", "seconds", 1e12), ("delay_ms", "milliseconds", 1e9), ("delay_us", "microseconds", 1e6),
        ]
        let found = columns.enumerated().compactMap { i, c in
            scales.first { $0.0 == c.trimmingCharacters(in: .whitespaces) }.map { (i, $0) }
        }
        guard found.count == 1, let (index, scale) = found.first else {
            error(1, 1, "bad header")  // the header's messages are checked elsewhere
            return (nil, errors)
        }
        var delays: [SimTime] = []
        var count = 0
        for (k, line) in lines.enumerated().dropFirst() {
            if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            func report(_ column: Int, _ message: String) {
                count += 1
                if count <= 20 { error(k + 1, column, message) }
            }
            guard fields.count > index else {
                report(1, "expected at least \(index + 1) fields ('\(scale.0)' is field \(index + 1)), found \(fields.count)")
                continue
            }
            let col = fields[..<index].reduce(1) { $0 + $1.count + 1 }
            let text = fields[index].trimmingCharacters(in: .whitespaces)
            guard let x = Double(text), x.isFinite, x >= 0, let t = Reader.simTime(x * scale.2) else {
                report(col, "expected a delay in \(scale.1) (a number, 0 or more) in '\(scale.0)', found '\(text)'")
                continue
            }
            delays.append(t)
        }
        if count > 20 { error(1, 1, "\(count - 20) more errors in the delay trace") }
        if count > 0 { return (nil, errors) }
        if delays.isEmpty {
            error(1, 1, "the delay trace has no rows after its header")
            return (nil, errors)
        }
        return (delays, errors)
    }
}
