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

    private func parseDelayTrace(_ name: String, at pos: Pos) -> [SimTime]? {
        let noun = "delay trace"
        guard let (path, lines) = traceLines(name, at: pos, noun: noun) else { return nil }
        let header = lines.first ?? ""
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
        var delays: [SimTime] = []
        var errors = FileErrors(path: path, d: d)
        for (k, line) in lines.enumerated().dropFirst() {
            let ln = k + 1
            if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            guard fields.count > delay.index else {
                errors.report(ln, 1, "expected at least \(delay.index + 1) fields ('\(delay.scale.name)' is field "
                    + "\(delay.index + 1)), found \(fields.count)")
                continue
            }
            let col = fields[..<delay.index].reduce(1) { $0 + $1.count + 1 }
            let text = fields[delay.index].trimmingCharacters(in: .whitespaces)
            guard let x = Double(text), x.isFinite, x >= 0, let t = Reader.simTime(x * delay.scale.ps) else {
                errors.report(ln, col, "expected a delay in \(delay.scale.unit) (a number, 0 or more) in "
                    + "'\(delay.scale.name)', found '\(text)'")
                continue
            }
            delays.append(t)
        }
        errors.finish(noun)
        if errors.count > 0 { return nil }
        if delays.isEmpty {
            d.error(Pos(file: path, line: 1, column: 1), "the delay trace has no rows after its header")
            return nil
        }
        return delays
    }
}
