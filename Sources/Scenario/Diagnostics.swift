import Foundation

/// How bad a finding is: an error stops the load, a warning travels with the result.
public enum Severity: String, Sendable, Equatable {
    case error
    case warning
}

/// One finding about a scenario, located in a file (or in a command-line argument such as
/// `<--set>`, where `line` is the argument's number, counting from 1, and `column` the
/// character within it). Lines and columns count from 1.
public struct Diagnostic: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    public var severity: Severity
    public var message: String

    public init(file: String, line: Int, column: Int, severity: Severity = .error, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.severity = severity
        self.message = message
    }

    /// `file:line:column: error: message`, the form editors and compilers use.
    public var description: String { "\(file):\(line):\(column): \(severity.rawValue): \(message)" }
}

/// Everything wrong with a scenario, sorted by position.
public struct ScenarioErrors: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]
    public init(diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

/// A position in a source: a file and a 1-based line and column.
struct Pos: Sendable, Equatable, Hashable {
    var file: String
    var line: Int
    var column: Int

    func offset(by columns: Int) -> Pos { Pos(file: file, line: line, column: column + columns) }
}

/// Collects diagnostics while a file is checked, so that one run reports many errors.
final class Diagnostics {
    private(set) var items: [Diagnostic] = []
    private var seen: Set<String> = []
    /// Appended to messages of errors found only while building a variant.
    var context: String = ""

    var errorCount: Int { items.count(where: { $0.severity == .error }) }

    func error(_ pos: Pos, _ message: String) {
        add(Diagnostic(file: pos.file, line: pos.line, column: pos.column, severity: .error, message: message))
    }

    func warning(_ pos: Pos, _ message: String) {
        add(Diagnostic(file: pos.file, line: pos.line, column: pos.column, severity: .warning, message: message))
    }

    func add(_ d: Diagnostic) {
        let key = d.description
        guard seen.insert(key).inserted else { return }
        items.append(d)
    }

    /// Errors and warnings sorted by position (the scenario file before other files).
    static func sorted(_ ds: [Diagnostic], mainFile: String) -> [Diagnostic] {
        ds.enumerated().sorted { a, b in
            let x = a.element, y = b.element
            let rx = x.file == mainFile ? 0 : 1, ry = y.file == mainFile ? 0 : 1
            if rx != ry { return rx < ry }
            if x.file != y.file { return x.file < y.file }
            if x.line != y.line { return x.line < y.line }
            if x.column != y.column { return x.column < y.column }
            return a.offset < b.offset
        }.map(\.element)
    }
}

/// Levenshtein distance over Unicode scalars (small strings only: keys and ids).
func editDistance(_ a: String, _ b: String) -> Int {
    let x = Array(a.unicodeScalars), y = Array(b.unicodeScalars)
    if x.isEmpty { return y.count }
    if y.isEmpty { return x.count }
    var prev = Array(0...y.count)
    var cur = Array(repeating: 0, count: y.count + 1)
    for i in 1...x.count {
        cur[0] = i
        for j in 1...y.count {
            let cost = x[i - 1] == y[j - 1] ? 0 : 1
            cur[j] = Swift.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
        }
        swap(&prev, &cur)
    }
    return prev[y.count]
}

/// Levenshtein distance if it is at most `limit`, else nil; only the diagonal band of
/// width 2·limit+1 is computed, and the search stops as soon as the band exceeds `limit`.
func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], limit: Int) -> Int? {
    let (x, y) = a.count <= b.count ? (a, b) : (b, a)
    guard y.count - x.count <= limit else { return nil }
    if x.isEmpty { return y.count }
    let big = limit + 1
    var prev = Array(repeating: big, count: y.count + 1)
    var cur = prev
    for j in 0...Swift.min(limit, y.count) { prev[j] = j }
    for i in 1...x.count {
        let lo = Swift.max(1, i - limit), hi = Swift.min(y.count, i + limit)
        cur[lo - 1] = lo == 1 ? (i <= limit ? i : big) : big
        var rowMin = cur[lo - 1]
        for j in lo...hi {
            let cost = x[i - 1] == y[j - 1] ? 0 : 1
            let v = Swift.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost, big)
            cur[j] = v
            rowMin = Swift.min(rowMin, v)
        }
        if hi < y.count { cur[hi + 1] = big }
        if rowMin > limit { return nil }
        swap(&prev, &cur)
    }
    return prev[y.count] <= limit ? prev[y.count] : nil
}

/// The candidate nearest to `word`, if it is near enough to be a plausible typo. Long words
/// (over 64 characters) get no suggestion, and at most 20,000 candidates are compared.
func nearest(_ word: String, in candidates: some Sequence<String>) -> String? {
    let lw = Array(word.lowercased().unicodeScalars)
    guard !lw.isEmpty, lw.count <= 64 else { return nil }
    let limit = Swift.max(1, Swift.min(3, (lw.count + 2) / 3))
    var best: (String, Int)?
    var checked = 0
    for c in candidates {
        checked += 1
        if checked > 20_000 { break }  // ids of huge plants: stop looking
        // Cheap length test before lowercasing (with slack: lowercasing may add scalars).
        let n = c.unicodeScalars.count
        if n > lw.count + limit + 4 || n + limit + 4 < lw.count { continue }
        let cand = Array(c.lowercased().unicodeScalars)
        let bound = best.map { $0.1 - 1 } ?? limit
        guard bound >= 0, let d = editDistance(lw, cand, limit: bound) else { continue }
        best = (c, d)
        if d == 0 { break }
    }
    return best?.0
}

/// "; did you mean 'x'?" or "".
func didYouMean(_ word: String, in candidates: some Sequence<String>) -> String {
    if let n = nearest(word, in: candidates) { return "; did you mean '\(n)'?" }
    return ""
}
