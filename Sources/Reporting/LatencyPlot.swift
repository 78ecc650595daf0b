import Analysis
import Foundation
import Kernel

/// A self-contained SVG comparing each flow's latency across designs: per flow one row,
/// per design one bar on a logarithmic time axis: a thin line from min to max, a box from
/// p50 to p99, a tick at p99.999 and a dot at the mean. Deterministic text (fixed
/// formatting, no timestamps), so a figure changes only when the results do.
public enum LatencyPlot {
    static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf"]

    public static func render(_ results: [RunResult], title: String) -> String {
        // One row per flow leg with deliveries, in order of first appearance.
        var flows: [(flow: String, leg: Leg, label: String)] = []
        for r in results {
            for f in r.flows where f.source == nil && f.latency != nil
                && !flows.contains(where: { $0.flow == f.flow && $0.leg == f.leg }) {
                flows.append((f.flow, f.leg, f.leg == .oneWay ? f.flow : f.flow + " · " + f.leg.rawValue))
            }
        }
        let all = results.flatMap { $0.flows.compactMap(\.latency) }
        let lo = Double(max(all.map(\.min).min() ?? 1_000, 1))
        let hi = Double(max(all.map(\.max).max() ?? 1_000_000, 2))
        let decadeLo = (log10(lo)).rounded(.down), decadeHi = max((log10(hi)).rounded(.up), decadeLo + 1)

        let labelWidth = 24 + 7 * (flows.map(\.label.count).max() ?? 4)
        let plotWidth = 640, barHeight = 12, rowGap = 10
        let rowHeight = results.count * (barHeight + 4) + rowGap
        let top = 48, width = labelWidth + plotWidth + 30
        let height = top + max(1, flows.count) * rowHeight + 56 + 18 * ((results.count + 3) / 4)
        func x(_ ps: Double) -> Double {
            let f = (log10(max(ps, 1)) - decadeLo) / (decadeHi - decadeLo)
            return Double(labelWidth) + f * Double(plotWidth)
        }

        var svg = SVG(width: width, height: height)
        svg.text(x: 10, y: 22, title, size: 15, weight: "bold")
        svg.text(x: 10, y: 38, "latency per flow and design: min–max line, p50–p99 box, p99.999 tick, mean dot",
                 size: 11, color: "#555")
        let axisY = top + flows.count * rowHeight
        // Decade grid lines and labels.
        var d = decadeLo
        while d <= decadeHi {
            let gx = x(pow(10, d))
            svg.line(x1: gx, y1: Double(top - 4), x2: gx, y2: Double(axisY), color: "#ddd")
            svg.text(x: gx, y: Double(axisY + 14), Format.time(picoseconds: pow(10, d), digits: 1),
                     size: 10, anchor: "middle", color: "#333")
            d += 1
        }
        for (row, flow) in flows.enumerated() {
            let y0 = top + row * rowHeight
            svg.text(x: 10, y: Double(y0 + rowHeight / 2), flow.label, size: 12)
            for (k, r) in results.enumerated() {
                guard let l = r.flows.first(where: { $0.source == nil && $0.flow == flow.flow && $0.leg == flow.leg })?
                    .latency else { continue }
                let color = palette[k % palette.count]
                let cy = Double(y0 + k * (barHeight + 4) + barHeight / 2)
                svg.line(x1: x(Double(l.min)), y1: cy, x2: x(Double(l.max)), y2: cy, color: color)
                svg.rect(x: x(Double(l.p50)), y: cy - Double(barHeight) / 2,
                         width: max(1.5, x(Double(l.p99)) - x(Double(l.p50))), height: Double(barHeight), color: color)
                svg.line(x1: x(Double(l.p99999)), y1: cy - 6, x2: x(Double(l.p99999)), y2: cy + 6, color: color, width: 2)
                svg.circle(x: x(l.mean), y: cy, r: 3, color: "#000")
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

    mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, color: String, width: Double = 1) {
        body += "<line x1=\"\(Self.n(x1))\" y1=\"\(Self.n(y1))\" x2=\"\(Self.n(x2))\" y2=\"\(Self.n(y2))\" "
            + "stroke=\"\(color)\" stroke-width=\"\(Self.n(width))\"/>\n"
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
