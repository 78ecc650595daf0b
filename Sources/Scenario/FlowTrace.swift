import Foundation
import Kernel
import Models

extension DesignBuilder {
    /// A trace flow's file: CSV with the header `time_s,source,size_bytes`; one source per
    /// distinct `source`, in order of first appearance.
    func readTrace(_ name: String, at pos: Pos, index: NodeIndex, net: PlantSpec) -> [(Int, [SimTime], [Int32])] {
        guard let (path, lines) = traceLines(name, at: pos, noun: "trace file") else { return [] }
        let header = "time_s,source,size_bytes"
        guard let first = lines.first, first == header[...] else {
            d.error(Pos(file: path, line: 1, column: 1), "expected the header '\(header)' in the trace file, found '"
                + String((lines.first ?? "").prefix(60)) + "'")
            return []
        }
        var order: [Int] = []
        var rows: [Int: [(SimTime, Int32)]] = [:]
        var errors = FileErrors(path: path, d: d)
        for (k, line) in lines.enumerated().dropFirst() {
            let ln = k + 1
            if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            guard fields.count == 3 else {
                errors.report(ln, 1, "expected 3 fields (time_s,source,size_bytes), found \(fields.count)")
                continue
            }
            let c2 = fields[0].count + 2, c3 = c2 + fields[1].count + 1
            let ts = fields[0].trimmingCharacters(in: .whitespaces)
            guard let t = Double(ts), t.isFinite, t >= 0, let time = Time.fromSeconds(t), time <= Time.maximum else {
                errors.report(ln, 1, "expected a time in seconds (0 or more) in 'time_s', found '\(ts)'")
                continue
            }
            let src = fields[1].trimmingCharacters(in: .whitespaces)
            guard let node = index.byId[src] else {
                errors.report(ln, c2, "unknown node '\(src)' in 'source'" + didYouMean(src, in: index.ids))
                continue
            }
            guard net.nodes[node].kind == .station else {
                errors.report(ln, c2, "'\(src)' is a switch; traces are sent by end stations")
                continue
            }
            let ss = fields[2].trimmingCharacters(in: .whitespaces)
            guard let size = Int32(ss), size > 0 else {
                errors.report(ln, c3, "expected a frame size in bytes (a whole number above 0) in 'size_bytes', found '\(ss)'")
                continue
            }
            if rows[node] == nil { order.append(node) }
            rows[node, default: []].append((time, size))
        }
        errors.finish("trace file")
        if errors.count == 0 && order.isEmpty {
            d.error(Pos(file: path, line: 1, column: 1), "the trace file has no rows after its header")
        }
        return order.map { node in
            let sorted = (rows[node] ?? []).enumerated().sorted { a, b in
                a.element.0 != b.element.0 ? a.element.0 < b.element.0 : a.offset < b.offset
            }.map(\.element)
            return (node, sorted.map(\.0), sorted.map(\.1))
        }
    }
}
