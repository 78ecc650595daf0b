import Foundation
import Kernel

extension DesignBuilder {
    /// The delay columns a delay trace may name, with their scale to picoseconds.
    static let delayColumns: [(name: String, unit: String, ps: Double)] = [
        ("delay_s", "seconds", 1e12), ("delay_ms", "milliseconds", 1e9), ("delay_us", "microseconds", 1e6),
    ]

    /// A wan link's delay trace: CSV whose header names exactly one delay column
    /// (`delay_s`, `delay_ms` or `delay_us`; other columns are ignored), then one delay per
    /// row (0 or more), in picoseconds. Read once per design.
    func readDelayTrace(_ name: String, at pos: Pos) -> [SimTime]? {
        let path = name.hasPrefix("/") ? name : URL(fileURLWithPath: loader.baseDir).appendingPathComponent(name).path
        if let cached = delayTraces[path] { return cached }
        let delays = parseDelayTrace(name, at: pos)
        delayTraces[path] = .some(delays)
        return delays
    }

    /// Reads a delay trace, or reuses what another design read (delays and messages alike:
    /// nothing in the file depends on the design).
    private func parseDelayTrace(_ name: String, at pos: Pos) -> [SimTime]? {
        let path = tracePath(name)
        if let kept = loader.traces.delays[path] {
            for x in kept.diagnostics { d.add(x) }
            return kept.delays
        }
        guard var reader = openTrace(name, path: path, at: pos, noun: "delay trace") else { return nil }
        let local = Diagnostics()
        let delays = readDelayRows(&reader, path: path, d: local)
        loader.traces.delays[path] = (delays, local.items)
        for x in local.items { d.add(x) }
        return delays
    }

    private func readDelayRows(_ reader: inout TraceReader, path: String, d: Diagnostics) -> [SimTime]? {
        let noun = "delay trace"
        let first = reader.nextLine(), ascii = reader.lineIsASCII
        guard let header = first.map({ Self.text($0, ascii: ascii) }) ?? "" else {
            _ = reader.drain()
            d.error(Pos(file: path, line: 1, column: 1), "the \(noun) is not UTF-8 text")
            return nil
        }
        let columns = header.split(separator: ",", omittingEmptySubsequences: false)
        var found: [(index: Int, column: Int, scale: (name: String, unit: String, ps: Double))] = []
        var column = 1
        for (i, c) in columns.enumerated() {
            let trimmed = c.trimmingCharacters(in: .whitespaces)
            if let s = Self.delayColumns.first(where: { $0.name == trimmed }) { found.append((i, column, s)) }
            column += c.count + 1
        }
        let names = Self.delayColumns.map(\.name)
        guard found.count == 1, let delay = found.first else {
            guard reader.drain() else {
                d.error(Pos(file: path, line: 1, column: 1), "the \(noun) is not UTF-8 text")
                return nil
            }
            if found.count > 1 {
                d.error(Pos(file: path, line: 1, column: found[1].column), "the header names \(found.count) delay "
                    + "columns (" + found.map { "'\($0.scale.name)'" }.joined(separator: ", ") + "); keep one")
            } else {
                let near = columns.lazy.compactMap { nearest($0.trimmingCharacters(in: .whitespaces), in: names) }.first
                d.error(Pos(file: path, line: 1, column: 1), "expected a header naming one delay column (delay_s, "
                    + "delay_ms or delay_us) in the delay trace, found '" + String(header.prefix(60)) + "'"
                    + (near.map { "; did you mean '\($0)'?" } ?? ""))
            }
            return nil
        }
        let local = Diagnostics()
        var delays: [SimTime] = []
        var errors = FileErrors(path: path, d: local)
        var utf8 = true
        while let line = reader.nextLine() {
            let ln = reader.lineNumber
            if ln & 0xFFFF == 0,
               traceTooLarge(bytesRead: reader.bytesConsumed, rows: delays.count, bytesPerRow: 8, path: path, noun: noun) {
                return nil
            }
            if line.isEmpty { continue }
            if reader.lineIsASCII {
                // The plain row: the delay field holds a decimal number.
                var from = 0
                for _ in 0..<delay.index where from <= line.count { from = TraceField.comma(line, from: from) &+ 1 }
                if from <= line.count, let x = TraceField.decimal(line, TraceField.trimmed(line, from,
                                                                    TraceField.comma(line, from: from))),
                   let t = Reader.simTime(x * delay.scale.ps) {
                    delays.append(t)
                    continue
                }
            }
            // Anything else is read as text, as before.
            guard let text = Self.text(line, ascii: reader.lineIsASCII) else { utf8 = false; continue }
            if let t = delayRow(text[...], ln, delay: (delay.index, delay.scale), errors: &errors) { delays.append(t) }
        }
        if let e = reader.readError {
            d.error(Pos(file: path, line: 1, column: 1), "cannot read the \(noun) to its end: " + String(cString: strerror(e)))
            return nil
        }
        guard utf8 else {
            d.error(Pos(file: path, line: 1, column: 1), "the \(noun) is not UTF-8 text")
            return nil
        }
        errors.finish(noun)
        for x in local.items { d.add(x) }
        if errors.count > 0 { return nil }
        if delays.isEmpty {
            d.error(Pos(file: path, line: 1, column: 1), "the delay trace has no rows after its header")
            return nil
        }
        return delays.trimmedToSize()
    }

    /// One row read as text (split on commas into Characters, the delay field trimmed of
    /// white space): its delay, or nil when it is blank or wrong (then reported).
    private func delayRow(_ line: Substring, _ ln: Int, delay: (index: Int, scale: (name: String, unit: String, ps: Double)),
                          errors: inout FileErrors) -> SimTime? {
        if line.trimmingCharacters(in: .whitespaces).isEmpty { return nil }
        let fields = line.split(separator: ",", omittingEmptySubsequences: false)
        guard fields.count > delay.index else {
            errors.report(ln, 1, "expected at least \(delay.index + 1) fields ('\(delay.scale.name)' is field "
                + "\(delay.index + 1)), found \(fields.count)")
            return nil
        }
        let col = fields[..<delay.index].reduce(1) { $0 + $1.count + 1 }
        let text = fields[delay.index].trimmingCharacters(in: .whitespaces)
        guard let x = Double(text), x.isFinite, x >= 0, let t = Reader.simTime(x * delay.scale.ps) else {
            errors.report(ln, col, "expected a delay in \(delay.scale.unit) (a number, 0 or more) in "
                + "'\(delay.scale.name)', found '\(text)'")
            return nil
        }
        return t
    }
}
