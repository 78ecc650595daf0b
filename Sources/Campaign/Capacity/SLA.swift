import Analysis
import Experiments
import Reporting
import Scenario

/// A service-level agreement on flows, as `fnsim capacity --sla` takes it:
///
///     control: p99.99 < 1ms, loss < 1e-5; vision: availability > 99.999%
///
/// Clauses are separated by `;`, each `FLOW-GLOB: constraint, constraint, …`; a constraint
/// is `METRIC OP VALUE` with OP one of `<` `<=` `>` `>=`. A flow glob (`*`, `?`, `[a-z]`)
/// picks pooled flow rows by name; each matching flow must meet each constraint on its
/// end-to-end row (one-way, or the round trip of a request flow).
public struct SLA: Sendable {
    /// The text as given.
    public var text: String
    public var clauses: [Clause]

    public struct Clause: Sendable {
        /// The flow glob and its 1-based column in the text.
        public var flows: String
        public var column: Int
        public var constraints: [Constraint]
    }

    public struct Constraint: Sendable {
        public var metric: Metric
        public var comparison: Comparison
        /// The limit in SI units (seconds, bit/s, a fraction, a count).
        public var limit: Double
        /// The limit as written (`1ms`, `99.999%`).
        public var limitText: String
        /// 1-based column of the constraint in the text.
        public var column: Int

        /// `p99.99 < 1ms`.
        public var description: String { "\(metric.name) \(comparison.rawValue) \(limitText)" }
    }

    /// What a constraint compares: a named figure of the flows table.
    public struct Metric: Sendable, Equatable {
        /// As written (`p99.99`, `loss`, `latency_p99_s`).
        public var name: String
        /// The flows.csv column it reads (`latency_p9999_s`).
        public var column: String
        public var kind: Kind

        public enum Kind: Sendable, Equatable {
            /// Seconds; limits take a time unit (`1ms`).
            case time
            /// Bit/s; limits take a rate unit (`10Mbps`).
            case rate
            /// A fraction; limits are a fraction or a percentage (`1e-5`, `99.999%`).
            case probability
            /// A plain number (a count, a ratio).
            case number
        }
    }

    /// Why a metric name or a limit was refused (placed by the parser).
    public struct Refusal: Error, Sendable {
        public var message: String
        public init(_ message: String) { self.message = message }
    }

    public enum Comparison: String, Sendable, CaseIterable {
        case less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="

        /// `<` and `<=` cap a figure from above.
        public var isUpperLimit: Bool { self == .less || self == .lessOrEqual }

        public func holds(_ x: Double, _ limit: Double) -> Bool {
            switch self {
            case .less: return x < limit
            case .lessOrEqual: return x <= limit
            case .greater: return x > limit
            case .greaterOrEqual: return x >= limit
            }
        }

        /// The comparison that states a violation (`<` fails as `≥`), for messages.
        public var negated: String {
            switch self {
            case .less: return "≥"
            case .lessOrEqual: return ">"
            case .greater: return "≤"
            case .greaterOrEqual: return "<"
            }
        }

        /// For messages: `≤` and `≥` for the two-character operators.
        public var symbol: String {
            switch self {
            case .less: return "<"
            case .lessOrEqual: return "≤"
            case .greater: return ">"
            case .greaterOrEqual: return "≥"
            }
        }
    }
}

/// A mistake in an SLA: where (1-based column of the `--sla` text) and what.
public struct SLAError: Error, Sendable, CustomStringConvertible, Equatable {
    public var column: Int
    public var message: String

    public init(column: Int, _ message: String) {
        self.column = column
        self.message = message
    }

    public var description: String { "--sla: column \(column): \(message)" }
}

extension SLA.Metric {
    /// Short names for the figures SLAs usually bound, and the column each reads.
    public static let shortNames: [(name: String, column: String)] = [
        ("mean", "latency_mean_s"), ("max", "latency_max_s"), ("jitter", "jitter_s"),
        ("loss", "loss_ratio"), ("availability", "availability"), ("misses", "deadline_misses"),
        ("throughput", "throughput_bps"),
    ]

    /// The percentiles the flows table reports (HdrHistogram, 3 significant digits) and
    /// their columns.
    public static let percentiles: [(name: String, rank: Double, column: String)] = [
        ("p50", 50, "latency_p50_s"), ("p90", 90, "latency_p90_s"), ("p99", 99, "latency_p99_s"),
        ("p99.9", 99.9, "latency_p999_s"), ("p99.99", 99.99, "latency_p9999_s"),
        ("p99.999", 99.999, "latency_p99999_s"),
    ]

    /// Every numeric column of flows.csv (5G-bridge columns included).
    public static var numericColumns: [String] {
        let keys = ResultTables.table(named: "flows")?.keys ?? []
        return (ResultTables.flows + ResultTables.bridgeFlows).map(\.name).filter { !keys.contains($0) }
    }

    /// The kind of a flows.csv column, from its name.
    static func kind(ofColumn c: String) -> Kind {
        if c.hasSuffix("_s") { return .time }
        if c.hasSuffix("_bps") { return .rate }
        if c == "loss_ratio" || c == "availability" { return .probability }
        return .number
    }

    /// The metric `name` stands for, or why there is none.
    public static func named(_ name: String) -> Result<SLA.Metric, SLA.Refusal> {
        if let s = shortNames.first(where: { $0.name == name }) {
            return .success(SLA.Metric(name: name, column: s.column, kind: kind(ofColumn: s.column)))
        }
        if numericColumns.contains(name) { return .success(SLA.Metric(name: name, column: name, kind: kind(ofColumn: name))) }
        let all = shortNames.map(\.name) + percentiles.map(\.name)
        let expected = "expected " + all.joined(separator: ", ") + " or a numeric flows.csv column such as latency_p99_s"
        if name.hasPrefix("p"), let rank = Double(name.dropFirst()), rank.isFinite {
            if let p = percentiles.first(where: { $0.rank == rank }) {
                return .success(SLA.Metric(name: name, column: p.column, kind: .time))
            }
            return .failure(SLA.Refusal("percentile '\(name)' is not reported; the flows table has "
                            + percentiles.map(\.name).joined(separator: ", ")))
        }
        if ResultTables.table(named: "flows")?.keys.contains(name) == true {
            return .failure(SLA.Refusal("'\(name)' is a text column, not a figure; \(expected)"))
        }
        let near = nearestName(to: name, among: all + numericColumns)
        return .failure(SLA.Refusal("unknown metric '\(name)'; \(expected)" + (near.map { "; did you mean '\($0)'?" } ?? "")))
    }

    /// The limit `text` in SI units for this metric, or what is wrong with it.
    func limit(_ text: String) -> Result<Double, SLA.Refusal> {
        switch kind {
        case .time:
            switch Quantity.time.value(text) {
            case let .success(ps): return .success(ps / 1e12)
            case let .failure(e): return .failure(SLA.Refusal(e.description))
            }
        case .rate:
            return Quantity.rate.value(text).mapError { SLA.Refusal($0.description) }
        case .probability:
            guard let p = Probability.parse(text) else {
                return .failure(SLA.Refusal("expected a fraction or a percentage such as 1e-5 or 99.999%, found '\(text)'"))
            }
            guard p >= 0 && p <= 1 else {
                return .failure(SLA.Refusal("\(text) is not a probability (0 to 1, or 0% to 100%)"))
            }
            return .success(p)
        case .number:
            guard let x = Double(text.trimmingCharacters(in: .whitespaces)), x.isFinite else {
                return .failure(SLA.Refusal("expected a plain number for \(name), found '\(text)'"))
            }
            return .success(x)
        }
    }
}

extension SLA {
    /// Parses the `--sla` text.
    /// - Throws: `SLAError` at the first mistake, with its column and a suggestion.
    public init(parsing text: String) throws(SLAError) {
        self.text = text
        clauses = []
        let chars = Array(text)
        func column(_ i: Int) -> Int { i + 1 }
        func isBlank(_ c: Character) -> Bool { c == " " || c == "\t" }
        /// [lo, hi) with blanks trimmed.
        func trimmed(_ lo: Int, _ hi: Int) -> (Int, Int) {
            var a = lo, b = hi
            while a < b && isBlank(chars[a]) { a += 1 }
            while b > a && isBlank(chars[b - 1]) { b -= 1 }
            return (a, b)
        }
        func split(_ lo: Int, _ hi: Int, on sep: Character) -> [(Int, Int)] {
            var parts: [(Int, Int)] = [], start = lo
            for i in lo..<hi where chars[i] == sep {
                parts.append((start, i))
                start = i + 1
            }
            parts.append((start, hi))
            return parts
        }
        let example = "such as 'control: p99.99 < 1ms, loss < 1e-5'"
        let parts = split(0, chars.count, on: ";")
        for (k, part) in parts.enumerated() {
            let (lo, hi) = trimmed(part.0, part.1)
            if lo == hi {
                // A trailing ';' is harmless; an empty clause elsewhere is a slip.
                if k == parts.count - 1 && k > 0 { continue }
                throw SLAError(column: column(Swift.min(lo, Swift.max(0, chars.count - 1))),
                               (chars.isEmpty ? "the SLA is empty" : "empty clause")
                               + "; expected 'FLOW-GLOB: METRIC OP VALUE, …', \(example)")
            }
            guard let colon = chars[lo..<hi].firstIndex(of: ":") else {
                throw SLAError(column: column(lo), "expected 'FLOW-GLOB: constraint, …' (a flow, then ':'), found '"
                               + String(chars[lo..<hi]) + "'; \(example)")
            }
            let (glo, ghi) = trimmed(lo, colon)
            if glo == ghi {
                throw SLAError(column: column(colon), "missing the flow (a name or glob such as 'io-*') before ':'")
            }
            let glob = String(chars[glo..<ghi])
            if glob.contains(where: isBlank) {
                throw SLAError(column: column(glo), "'\(glob)' is not a flow name or glob (it holds a space); "
                               + "write one glob per clause, such as 'io-*: mean < 1ms'")
            }
            var constraints: [Constraint] = []
            for piece in split(colon + 1, hi, on: ",") {
                let (a, b) = trimmed(piece.0, piece.1)
                if a == b {
                    throw SLAError(column: column(Swift.min(a, chars.count - 1)),
                                   "missing a constraint (METRIC OP VALUE, such as p99 < 2ms) for '\(glob)'")
                }
                constraints.append(try Self.constraint(chars, a, b))
            }
            clauses.append(Clause(flows: glob, column: column(glo), constraints: constraints))
        }
    }

    private static func constraint(_ chars: [Character], _ lo: Int, _ hi: Int) throws(SLAError) -> Constraint {
        func isOp(_ c: Character) -> Bool { c == "<" || c == ">" || c == "=" || c == "!" }
        var i = lo
        while i < hi && !isOp(chars[i]) && chars[i] != " " && chars[i] != "\t" { i += 1 }
        let name = String(chars[lo..<i])
        if name.isEmpty {
            throw SLAError(column: lo + 1, "missing the metric before '\(chars[lo])'; such as 'p99.99 < 1ms'")
        }
        while i < hi && (chars[i] == " " || chars[i] == "\t") { i += 1 }
        let opStart = i
        while i < hi && isOp(chars[i]) { i += 1 }
        let opText = String(chars[opStart..<i])
        let metric: Metric
        switch Metric.named(name) {
        case let .success(m): metric = m
        case let .failure(why): throw SLAError(column: lo + 1, why.message)
        }
        guard let op = Comparison(rawValue: opText) else {
            let found = opText.isEmpty ? (opStart < hi ? "'\(chars[opStart])'" : "the end") : "'\(opText)'"
            var hint = ""
            if opText == "=" || opText == "==" { hint = "; an SLA bounds a figure: use <= or >=" }
            if opText == "=<" { hint = "; did you mean '<='?" }
            if opText == "=>" { hint = "; did you mean '>='?" }
            throw SLAError(column: opStart + 1, "expected <, <=, > or >= after '\(name)', found \(found)\(hint)")
        }
        while i < hi && (chars[i] == " " || chars[i] == "\t") { i += 1 }
        let valueText = String(chars[i..<hi])
        if valueText.isEmpty {
            throw SLAError(column: Swift.min(i, chars.count - 1) + 1, "missing the limit after '\(opText)' for "
                           + "'\(name)'" + (metric.kind == .time ? "; such as 1ms" : ""))
        }
        switch metric.limit(valueText) {
        case let .success(v):
            return Constraint(metric: metric, comparison: op, limit: v, limitText: valueText, column: lo + 1)
        case let .failure(why):
            throw SLAError(column: i + 1, "the limit of '\(name)': \(why.message)")
        }
    }

    /// Checks that every clause's glob matches a flow of `flows` (a design's flow names,
    /// in order), and that a flow bound on availability measures it.
    /// - Parameter availability: whether a flow (by name) reports availability (has a
    ///   deadline and a survival time).
    public func check(flows: [String], design: String? = nil,
                      availability: (String) -> Bool = { _ in true }) throws(SLAError) {
        for c in clauses {
            let matching = flows.filter { Glob.matches(c.flows, $0) }
            if matching.isEmpty {
                let near = nearestName(to: c.flows, among: flows)
                throw SLAError(column: c.column, "no flow matches '\(c.flows)'"
                               + (design.map { " in design '\($0)'" } ?? "")
                               + (near.map { "; did you mean '\($0)'?" }
                                  ?? "; the flows are " + flows.prefix(10).joined(separator: ", ")
                                  + (flows.count > 10 ? ", …" : "")))
            }
            for k in c.constraints where k.metric.column == "availability" {
                if let f = matching.first(where: { !availability($0) }) {
                    throw SLAError(column: k.column, "flow '\(f)' reports no availability: give it a deadline and "
                                   + "a survival_time (TS 22.104), or bound another metric")
                }
            }
        }
    }
}
