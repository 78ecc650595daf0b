/// A plain-text table for terminals: columns separated by two spaces, each left- or
/// right-aligned, no trailing spaces when the last column is right-aligned. Widths are
/// counted in Characters (names are assumed to be narrow, e.g. ASCII).
public struct TextTable: Sendable {
    public enum Alignment: Sendable { case left, right }

    public enum Row: Sendable {
        /// One cell per column (missing cells are blank).
        case cells([String])
        /// A line of its own, written as is (not padded), e.g. a group title.
        case heading(String)
        /// A line of "-" as wide as the table.
        case rule
        /// An empty line.
        case blank
    }

    public var alignments: [Alignment]
    public var rows: [Row] = []
    public var gap = "  "

    public init(alignments: [Alignment]) {
        self.alignments = alignments
    }

    public mutating func add(_ cells: [String]) { rows.append(.cells(cells)) }
    public mutating func heading(_ text: String) { rows.append(.heading(text)) }
    public mutating func rule() { rows.append(.rule) }
    public mutating func blank() { rows.append(.blank) }

    /// Column widths: the widest cell of each column.
    public var widths: [Int] {
        var w = Array(repeating: 0, count: alignments.count)
        for case .cells(let cells) in rows {
            for (i, c) in cells.enumerated() where i < w.count {
                w[i] = max(w[i], c.count)
            }
        }
        return w
    }

    /// Total width of a cell row.
    public var width: Int {
        let w = widths
        return w.reduce(0, +) + gap.count * max(0, w.count - 1)
    }

    public func render() -> String {
        let w = widths
        let total = width
        var out = ""
        for row in rows {
            switch row {
            case .cells(let cells):
                var line = ""
                for i in 0..<w.count {
                    let c = i < cells.count ? cells[i] : ""
                    let padding = String(repeating: " ", count: w[i] - c.count)
                    if i > 0 { line += gap }
                    line += alignments[i] == .right ? padding + c : c + padding
                }
                while line.last == " " { line.removeLast() }
                out += line + "\n"
            case .heading(let text):
                out += text + "\n"
            case .rule:
                out += String(repeating: "-", count: total) + "\n"
            case .blank:
                out += "\n"
            }
        }
        return out
    }
}
