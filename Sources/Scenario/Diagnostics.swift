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
    /// Further findings of the same severity at the same position, not worded: the other
    /// entries a template makes share its positions, so its mistake is reported once.
    public var repeats: Int = 0

    public init(file: String, line: Int, column: Int, severity: Severity = .error, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.severity = severity
        self.message = message
    }

    /// `file:line:column: error: message`, the form editors and compilers use.
    public var description: String { plain + (repeats > 0 ? " (and \(repeats) more at this position)" : "") }

    var plain: String { "\(file):\(line):\(column): \(severity.rawValue): \(message)" }
}

/// Everything wrong with a scenario, sorted by position; past the first
/// `Diagnostics.limit`, errors are only counted (`unreported`).
public struct ScenarioErrors: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]
    public var unreported: Int
    public init(diagnostics: [Diagnostic], unreported: Int = 0) {
        self.diagnostics = diagnostics
        self.unreported = unreported
    }
    public var description: String {
        (diagnostics.map(\.description)
            + (unreported > 0 ? ["... and \(unreported) more errors (fix these and validate again)"] : []))
            .joined(separator: "\n")
    }
}

/// A position in a source: a file and a 1-based line and column.
struct Pos: Sendable, Equatable, Hashable {
    var file: String
    var line: Int
    var column: Int

    func offset(by columns: Int) -> Pos { Pos(file: file, line: line, column: column + columns) }
}

/// Collects diagnostics while a file is checked, so that one run reports many errors, and
/// each mistake once. Messages are built only when they will be shown: a finding at a
/// position that already has one of its severity counts as a repeat there, and past
/// `limit` worded findings of a severity the rest are only counted — so no suggestion is
/// searched for an error nobody will read.
final class Diagnostics {
    static let limit = 100
    private(set) var items: [Diagnostic] = []
    private var seen: Set<String> = []
    /// Per position and severity: the index in `items` of its first finding.
    private var first: [Key: Int] = [:]
    /// Per item: repeats worded to compare with it (a few, then they are only counted).
    private var checked: [Int: Int] = [:]
    private(set) var errorCount = 0
    private(set) var worded = (errors: 0, warnings: 0)
    /// Findings past the limit, per severity.
    private(set) var unreported = (errors: 0, warnings: 0)

    private struct Key: Hashable {
        var file: String, line: Int, column: Int, error: Bool
    }

    func error(_ pos: Pos, _ message: @autoclosure () -> String) { add(pos, .error, message) }

    func warning(_ pos: Pos, _ message: @autoclosure () -> String) { add(pos, .warning, message) }

    private func add(_ pos: Pos, _ severity: Severity, _ message: () -> String) {
        let isError = severity == .error
        if isError { errorCount += 1 }
        let key = Key(file: pos.file, line: pos.line, column: pos.column, error: isError)
        if let k = first[key] {
            // A second report of the very same finding (two checks of one entry) is dropped;
            // only the first few repeats are worded to tell.
            if checked[k, default: 0] < 3 {
                checked[k, default: 0] += 1
                let d = Diagnostic(file: pos.file, line: pos.line, column: pos.column, severity: severity, message: message())
                if seen.contains(d.plain) {
                    if isError { errorCount -= 1 }
                    return
                }
            }
            items[k].repeats += 1
            return
        }
        if (isError ? worded.errors : worded.warnings) >= Self.limit {
            if isError { unreported.errors += 1 } else { unreported.warnings += 1 }
            return
        }
        store(Diagnostic(file: pos.file, line: pos.line, column: pos.column, severity: severity, message: message()))
    }

    /// Adds a finding of another collector, with its repeats.
    func add(_ d: Diagnostic) {
        guard !seen.contains(d.plain) else { return }
        if d.severity == .error { errorCount += 1 + d.repeats }
        store(d)
    }

    private func store(_ d: Diagnostic) {
        seen.insert(d.plain)
        let isError = d.severity == .error
        if isError { worded.errors += 1 } else { worded.warnings += 1 }
        first[Key(file: d.file, line: d.line, column: d.column, error: isError)] = items.count
        items.append(d)
    }

    /// Counts errors of another collector that it did not word.
    func addUnreported(errors: Int) {
        unreported.errors += errors
        errorCount += errors
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
