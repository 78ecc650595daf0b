import Foundation
import Kernel
import Models

/// A flow trace as read for one design: one source per distinct `source`, in order of first
/// appearance, each with its rows sorted by time. The loader keeps it; the next designs
/// reuse it when it had no errors, was read for the same run duration, and their nodes of
/// those names are end stations too (then a fresh read would give the same).
struct FlowTraceTable {
    /// Memory of a row once loaded: its time (8 bytes) and size (4 bytes).
    static let bytesPerRow = 12

    /// Per source: its name as first written (trimmed), its node, its rows.
    var names: [String] = []
    var nodes: [Int] = []
    var times: [[SimTime]] = []
    var sizes: [[Int32]] = []
    var errors = 0
    /// The run duration the count below is for: rows at or after it are never sent.
    var end: SimTime = 0
    var pastEnd = 0
    var firstPastEnd: (line: Int, time: SimTime)?
    /// Rows earlier than the row before them of the same source, and the first of them.
    var outOfOrder = 0
    var firstOutOfOrder: (line: Int, source: Int, time: SimTime, after: SimTime, afterLine: Int)?

    /// This table for another design (nil when that design must read the file itself).
    func reused(index: NodeIndex, net: PlantSpec, end: SimTime) -> FlowTraceTable? {
        guard errors == 0, end == self.end else { return nil }
        var t = self
        var seen: Set<Int> = []
        for (k, name) in names.enumerated() {
            guard let node = index.byId[name], net.nodes[node].kind == .station, seen.insert(node).inserted else {
                return nil
            }
            t.nodes[k] = node
        }
        return t
    }

    /// Appends a row of `source` read on `line`.
    @inline(__always)
    mutating func add(_ source: Int, _ time: SimTime, _ size: Int32, line: Int, lastLine: inout [Int]) {
        if let last = times[source].last, time < last {
            outOfOrder += 1
            if firstOutOfOrder == nil {
                firstOutOfOrder = (line, source, time, last, lastLine[source])
            }
        }
        if time >= end {
            pastEnd += 1
            if firstPastEnd == nil { firstPastEnd = (line, time) }
        }
        times[source].append(time)
        sizes[source].append(size)
        lastLine[source] = line
    }

    /// Sorts each source's rows by time where needed (stable: equal times keep file order)
    /// and trims the arrays to their size.
    mutating func finish() {
        for s in times.indices {
            if outOfOrder > 0 {
                let t = times[s], z = sizes[s]
                if zip(t, t.dropFirst()).contains(where: { $0 > $1 }) {
                    let order = t.indices.sorted { t[$0] != t[$1] ? t[$0] < t[$1] : $0 < $1 }
                    times[s] = order.map { t[$0] }
                    sizes[s] = order.map { z[$0] }
                }
            }
            times[s] = times[s].trimmedToSize()
            sizes[s] = sizes[s].trimmedToSize()
        }
    }
}

extension DesignBuilder {
    /// A trace flow's file: CSV with the header `time_s,source,size_bytes`; one source per
    /// distinct `source`, in order of first appearance, each with its rows in time order.
    /// Warns (once per load) of rows at or after the end of the run and of rows out of
    /// time order.
    func readTrace(_ name: String, at pos: Pos, index: NodeIndex, net: PlantSpec, duration: SimTime,
                   stop: SimTime?) -> [(Int, [SimTime], [Int32])] {
        let path = tracePath(name)
        let table: FlowTraceTable
        if let kept = loader.traces.flows[path], let t = kept.reused(index: index, net: net, end: duration) {
            table = t
        } else {
            guard var reader = openTrace(name, path: path, at: pos, noun: "trace file"),
                  let t = parseFlowTrace(&reader, path: path, index: index, net: net, end: duration) else {
                return []
            }
            table = t
            loader.traces.flows[path] = t
        }
        if table.errors == 0 { traceWarnings(table, path: path, duration: duration, stop: stop) }
        return table.nodes.indices.map { (table.nodes[$0], table.times[$0], table.sizes[$0]) }
    }

    func traceWarnings(_ t: FlowTraceTable, path: String, duration: SimTime, stop: SimTime?) {
        func rows(_ n: Int) -> String { n == 1 ? "1 row" : "\(n) rows" }
        // A flow that stops before the end leaves out the later rows by design.
        if let first = t.firstPastEnd, duration > 0, (stop ?? Time.maximum) >= duration {
            loader.traces.warnOnce(d, Pos(file: path, line: first.line, column: 1),
                "\(rows(t.pastEnd)) of the trace file, from this one (at \(Format.time(Double(first.time)))), are at "
                    + "or after the end of the run (duration \(Format.time(Double(duration)))) and are not sent")
        }
        if let o = t.firstOutOfOrder {
            loader.traces.warnOnce(d, Pos(file: path, line: o.line, column: 1),
                "rows out of time order: '\(t.names[o.source])' at \(Format.time(Double(o.time))) comes after its row "
                    + "at \(Format.time(Double(o.after))) (line \(o.afterLine)); \(rows(t.outOfOrder)) in all come "
                    + "earlier than the row before them of the same source. Each source's rows are sent in time "
                    + "order (sorted; rows of equal time keep the file's order)")
        }
    }

    /// Reads a flow trace for this design. Its errors (the first 20 of its rows, then a
    /// count) are given once the whole file is known to be UTF-8 text; nil when the file
    /// is unusable (no header, not UTF-8, too large).
    func parseFlowTrace(_ reader: inout TraceReader, path: String, index: NodeIndex, net: PlantSpec,
                        end: SimTime) -> FlowTraceTable? {
        let noun = "trace file", header = "time_s,source,size_bytes"
        let first = reader.nextLine(), ascii = reader.lineIsASCII
        let firstText = first.flatMap { Self.text($0, ascii: ascii) }
        guard first != nil && firstText == header else {
            let rest = reader.drain()
            if (first != nil && firstText == nil) || !rest { notUTF8(path, noun: noun); return nil }
            d.error(Pos(file: path, line: 1, column: 1), "expected the header '\(header)' in the trace file, found '"
                + String((firstText ?? "").prefix(60)) + "'")
            return nil
        }
        let local = Diagnostics()
        var errors = FileErrors(path: path, d: local)
        var table = FlowTraceTable()
        table.end = end
        var names = TraceNames()  // name → node, or -1 when not a station's id
        var sourceOf = [Int32](repeating: -1, count: net.nodes.count)
        var lastLine: [Int] = []
        var utf8 = true
        var rows = 0
        while let line = reader.nextLine() {
            let ln = reader.lineNumber
            rows &+= 1
            if rows & 0xFFFF == 0, traceTooLarge(bytesRead: reader.bytesConsumed, rows: rows,
                                                 bytesPerRow: Double(FlowTraceTable.bytesPerRow), path: path, noun: noun) {
                return nil
            }
            if line.isEmpty { continue }
            if reader.lineIsASCII {
                // The plain row: three fields, a decimal time, a known station, digits.
                let n = line.count
                let c1 = TraceField.comma(line, from: 0), c2 = TraceField.comma(line, from: c1 &+ 1)
                if c2 < n && TraceField.comma(line, from: c2 &+ 1) == n,
                   let secs = TraceField.decimal(line, TraceField.trimmed(line, 0, c1)),
                   let time = Time.fromSeconds(secs), time <= Time.maximum {
                    let nameRange = TraceField.trimmed(line, c1 &+ 1, c2)
                    var node = names.value(line, nameRange)
                    if node == nil {
                        let s = String(decoding: UnsafeBufferPointer(rebasing: line[nameRange]), as: UTF8.self)
                        let found = index.byId[s].flatMap { net.nodes[$0].kind == .station ? $0 : nil }
                        node = Int32(found ?? -1)
                        names.add(line, nameRange, value: node ?? -1)
                    }
                    if let node, node >= 0,
                       let size = TraceField.positiveInt32(line, TraceField.trimmed(line, c2 &+ 1, n)) {
                        var source = Int(sourceOf[Int(node)])
                        if source < 0 {
                            source = table.names.count
                            sourceOf[Int(node)] = Int32(source)
                            newSource(&table, &lastLine, node: Int(node),
                                      name: String(decoding: UnsafeBufferPointer(rebasing: line[nameRange]), as: UTF8.self))
                        }
                        table.add(source, time, size, line: ln, lastLine: &lastLine)
                        continue
                    }
                }
            }
            // Anything else is read as text, as before.
            guard let text = Self.text(line, ascii: reader.lineIsASCII) else { utf8 = false; continue }
            guard let (time, node, size, src) = flowTraceRow(text[...], ln, index: index, net: net, errors: &errors) else {
                continue
            }
            var source = Int(sourceOf[node])
            if source < 0 {
                source = table.names.count
                sourceOf[node] = Int32(source)
                newSource(&table, &lastLine, node: node, name: src)
            }
            table.add(source, time, size, line: ln, lastLine: &lastLine)
        }
        if let e = reader.readError {
            d.error(Pos(file: path, line: 1, column: 1), "cannot read the \(noun) to its end: " + String(cString: strerror(e)))
            return nil
        }
        guard utf8 else { notUTF8(path, noun: noun); return nil }
        errors.finish(noun)
        if errors.count == 0 && table.names.isEmpty {
            local.error(Pos(file: path, line: 1, column: 1), "the trace file has no rows after its header")
        }
        for x in local.items { d.add(x) }
        table.errors = local.errorCount
        table.finish()
        return table
    }

    private func newSource(_ table: inout FlowTraceTable, _ lastLine: inout [Int], node: Int, name: String) {
        table.names.append(name)
        table.nodes.append(node)
        table.times.append([])
        table.sizes.append([])
        lastLine.append(0)
    }

    /// One row read as text (split on commas into Characters, fields trimmed of white
    /// space): its time, node, size and source name, or nil when it is blank or wrong
    /// (then reported).
    func flowTraceRow(_ line: Substring, _ ln: Int, index: NodeIndex, net: PlantSpec,
                      errors: inout FileErrors) -> (SimTime, Int, Int32, String)? {
        if line.trimmingCharacters(in: .whitespaces).isEmpty { return nil }
        let fields = line.split(separator: ",", omittingEmptySubsequences: false)
        guard fields.count == 3 else {
            errors.report(ln, 1, "expected 3 fields (time_s,source,size_bytes), found \(fields.count)")
            return nil
        }
        let c2 = fields[0].count + 2, c3 = c2 + fields[1].count + 1
        let ts = fields[0].trimmingCharacters(in: .whitespaces)
        guard let t = Double(ts), t.isFinite, t >= 0, let time = Time.fromSeconds(t), time <= Time.maximum else {
            errors.report(ln, 1, "expected a time in seconds (0 or more) in 'time_s', found '\(ts)'")
            return nil
        }
        let src = fields[1].trimmingCharacters(in: .whitespaces)
        guard let node = index.byId[src] else {
            errors.report(ln, c2, "unknown node '\(src)' in 'source'" + didYouMean(src, in: index.ids))
            return nil
        }
        guard net.nodes[node].kind == .station else {
            errors.report(ln, c2, "'\(src)' is a switch; traces are sent by end stations")
            return nil
        }
        let ss = fields[2].trimmingCharacters(in: .whitespaces)
        guard let size = Int32(ss), size > 0 else {
            errors.report(ln, c3, "expected a frame size in bytes (a whole number above 0) in 'size_bytes', found '\(ss)'")
            return nil
        }
        return (time, node, size, src)
    }
}
