import Analysis
import Foundation
import Kernel

/// A self-contained SVG comparing each flow's latency across designs: per flow one row,
/// per design one bar on a logarithmic time axis: a thin line from min to max, a box from
/// p50 to p99, a tick at p99.999, a dot at the mean, and a dashed mark at the flow's deadline.
/// Deterministic text (fixed formatting, no timestamps), so a figure changes only when the
/// results do.
///
/// The flows are those the console table shows (`FlowSelection`), as many as fit in
/// `maxHeight` pixels; when some are left out, a last row spans the lowest to the highest
/// p99 of all the others in each design, and says how many they are.
public enum LatencyPlot {
    static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf"]
    /// Common SVG renderers refuse much taller figures; the rows stop short of this.
    public static let maxHeight = 4000
    /// Longer flow names are cut, so the label column stays narrow.
    static let maxLabel = 40

    struct Row {
        var label: String
        var bars: [LatencySummary?]
        var deadlines: [SimTime?]
    }

    public static func render(_ results: [RunResult], title: String, flows selection: FlowSelection = FlowSelection())
        -> String {
        let designs = max(1, results.count)
        let legendHeight = 18 * ((results.count + 3) / 4)
        // One band per design in each row; narrower bands when designs are very many.
        let band = min(16, max(3, (maxHeight - 200 - legendHeight) / (2 * designs)))
        let barHeight = band - 4 < 4 ? band - 1 : band - 4, rowHeight = designs * band + 10
        let chosen = fitting(results, selection, rows: (maxHeight - 140 - legendHeight) / rowHeight - 1)
        let byLeg = FlowLeg.rows(results)
        let rows = FlowLeg.legs(results, of: chosen.shown).compactMap { key -> Row? in
            let flows = byLeg.map { $0[key] }
            guard flows.contains(where: { $0?.latency != nil }) else { return nil }
            return Row(label: key.label, bars: flows.map { $0?.latency }, deadlines: flows.map { $0?.deadline })
        }
        // The flows left out, as one row per design from their lowest to their highest p99.
        let hidden = Set(FlowRank.names(results)).subtracting(chosen.shown)
        let restP99 = results.map { run in
            run.flows.filter { $0.source == nil && hidden.contains($0.flow) }.compactMap(\.latency?.p99)
        }
        let rest = restP99.contains { !$0.isEmpty } ? restP99 : nil

        let shown = rows.flatMap { row in
            row.bars.compactMap { $0 }.flatMap { [$0.min, $0.max] } + row.deadlines.compactMap { $0 }
        }
        let times = (shown + (rest ?? []).flatMap { $0 }).map { max($0, 1) }
        let lo = Double(times.min() ?? 1_000), hi = Double(max(times.max() ?? 1_000_000, 2))
        let decadeLo = log10(lo).rounded(.down), decadeHi = max(log10(hi).rounded(.up), decadeLo + 1)

        let note = chosen.hidden > 0
            ? "\(Format.count(chosen.shown.count)) of \(Format.count(chosen.total)) flows" + (chosen.ranked
                ? ", least deadline slack first, then highest p99" : "") + "; all are in flows.csv"
            : nil
        let labels = rows.map { short($0.label) } + (rest == nil ? [] : [Format.count(hidden.count) + " more flows"])
        let labelWidth = 24 + 7 * (labels.map(\.count).max() ?? 4)
        let plotWidth = 640
        let top = note == nil ? 48 : 62, width = labelWidth + plotWidth + 30
        let rowCount = rows.count + (rest == nil ? 0 : 1)
        let height = top + max(1, rowCount) * rowHeight + 56 + legendHeight
        func x(_ ps: Double) -> Double {
            let f = (log10(max(ps, 1)) - decadeLo) / (decadeHi - decadeLo)
            return Double(labelWidth) + f * Double(plotWidth)
        }

        var svg = SVG(width: width, height: height)
        svg.text(x: 10, y: 22, title, size: 15, weight: "bold")
        svg.text(x: 10, y: 38, "latency per flow and design: min–max line, p50–p99 box, p99.999 tick, mean dot, "
                 + "dashed: deadline", size: 11, color: "#555")
        if let note { svg.text(x: 10, y: 52, note, size: 11, color: "#555") }
        let axisY = top + rowCount * rowHeight
        // Decade grid lines and labels.
        var d = decadeLo
        while d <= decadeHi {
            let gx = x(pow(10, d))
            svg.line(x1: gx, y1: Double(top - 4), x2: gx, y2: Double(axisY), color: "#ddd")
            svg.text(x: gx, y: Double(axisY + 14), Format.time(picoseconds: pow(10, d), digits: 1),
                     size: 10, anchor: "middle", color: "#333")
            d += 1
        }
        for (i, row) in rows.enumerated() {
            let y0 = top + i * rowHeight
            svg.text(x: 10, y: Double(y0 + rowHeight / 2), labels[i], size: 12)
            for (k, l) in row.bars.enumerated() {
                let cy = Double(y0 + k * band + barHeight / 2)
                if let deadline = row.deadlines[k] {
                    svg.line(x1: x(Double(deadline)), y1: cy - Double(band) / 2, x2: x(Double(deadline)),
                             y2: cy + Double(band) / 2, color: "#000", width: 1.5, dash: "4,3")
                }
                guard let l else { continue }
                let color = palette[k % palette.count]
                svg.line(x1: x(Double(l.min)), y1: cy, x2: x(Double(l.max)), y2: cy, color: color)
                svg.rect(x: x(Double(l.p50)), y: cy - Double(barHeight) / 2,
                         width: max(1.5, x(Double(l.p99)) - x(Double(l.p50))), height: Double(barHeight), color: color)
                svg.line(x1: x(Double(l.p99999)), y1: cy - Double(barHeight) / 2, x2: x(Double(l.p99999)),
                         y2: cy + Double(barHeight) / 2, color: color, width: 2)
                svg.circle(x: x(l.mean), y: cy, r: min(3, Double(barHeight) / 2), color: "#000")
            }
        }
        if let rest {
            let y0 = top + rows.count * rowHeight
            let all = rest.flatMap { $0 }
            svg.text(x: 10, y: Double(y0 + rowHeight / 2 - 2), labels[rows.count], size: 12)
            svg.text(x: 10, y: Double(y0 + rowHeight / 2 + 11), "p99 " + Format.time(picoseconds: all.min()!, digits: 3)
                     + " – " + Format.time(picoseconds: all.max()!, digits: 3), size: 10, color: "#555")
            for (k, p99s) in rest.enumerated() {
                guard let a = p99s.min(), let b = p99s.max() else { continue }
                let color = palette[k % palette.count], cy = Double(y0 + k * band + barHeight / 2)
                svg.line(x1: x(Double(a)), y1: cy, x2: x(Double(b)), y2: cy, color: color, width: 3)
                for t in [a, b] {
                    svg.line(x1: x(Double(t)), y1: cy - Double(barHeight) / 2, x2: x(Double(t)),
                             y2: cy + Double(barHeight) / 2, color: color, width: 1)
                }
            }
        }
        // Legend: one swatch per design.
        for (k, r) in results.enumerated() {
            let lx = 10 + (k % 4) * 180, ly = axisY + 36 + (k / 4) * 18
            svg.rect(x: Double(lx), y: Double(ly - 9), width: 12, height: 10, color: palette[k % palette.count])
            svg.text(x: Double(lx + 18), y: Double(ly), r.variant, size: 11)
        }
        return svg.finish()
    }

    /// The selection's flows, fewer if their legs with deliveries take more than `rows` rows.
    static func fitting(_ results: [RunResult], _ selection: FlowSelection, rows: Int) -> ChosenFlows {
        var limited = selection
        limited.top = min(selection.top ?? .max, max(1, rows))
        var chosen = limited.choose(results)
        let delivering = Set(results.flatMap { $0.flows.filter { $0.source == nil && $0.latency != nil }
            .map { FlowLeg(flow: $0.flow, leg: $0.leg) } })
        var legs: [String: Int] = [:]
        for key in FlowLeg.legs(results, of: chosen.shown) where delivering.contains(key) {
            legs[key.flow, default: 0] += 1
        }
        var used = 0
        for (i, name) in chosen.shown.enumerated() {
            used += legs[name] ?? 0
            if used > rows {
                chosen.shown = Array(chosen.shown[..<i])
                break
            }
        }
        return chosen
    }

    static func short(_ label: String) -> String {
        label.count <= maxLabel ? label : String(label.prefix(maxLabel - 1)) + "…"
    }
}

/// Minimal SVG text builder with fixed number formatting.
struct SVG {
    private var body = ""
    let width: Int, height: Int

    init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    static func n(_ v: Double) -> String { Numbers.decimal((v * 10).rounded() / 10, significantDigits: 8) ?? "0" }

    static func escape(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(c)
            }
        }
        return out
    }

    mutating func text(x: Double, y: Double, _ s: String, size: Int, anchor: String = "start",
                       color: String = "#000", weight: String = "normal") {
        body += "<text x=\"\(Self.n(x))\" y=\"\(Self.n(y))\" font-size=\"\(size)\" text-anchor=\"\(anchor)\" "
            + "fill=\"\(color)\" font-weight=\"\(weight)\">\(Self.escape(s))</text>\n"
    }

    mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, color: String, width: Double = 1,
                       dash: String? = nil) {
        body += "<line x1=\"\(Self.n(x1))\" y1=\"\(Self.n(y1))\" x2=\"\(Self.n(x2))\" y2=\"\(Self.n(y2))\" "
            + "stroke=\"\(color)\" stroke-width=\"\(Self.n(width))\""
            + (dash.map { " stroke-dasharray=\"\($0)\"" } ?? "") + "/>\n"
    }

    mutating func rect(x: Double, y: Double, width: Double, height: Double, color: String) {
        body += "<rect x=\"\(Self.n(x))\" y=\"\(Self.n(y))\" width=\"\(Self.n(width))\" height=\"\(Self.n(height))\" "
            + "fill=\"\(color)\" fill-opacity=\"0.75\"/>\n"
    }

    mutating func circle(x: Double, y: Double, r: Double, color: String) {
        body += "<circle cx=\"\(Self.n(x))\" cy=\"\(Self.n(y))\" r=\"\(Self.n(r))\" fill=\"\(color)\"/>\n"
    }

    func finish() -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" "
            + "viewBox=\"0 0 \(width) \(height)\" font-family=\"Helvetica, Arial, sans-serif\">\n"
            + "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n" + body + "</svg>\n"
    }
}
