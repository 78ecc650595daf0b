import Campaign
import Foundation

/// Progress of many runs on stderr (`sweep`, `run --replications`, `compare`): done,
/// running, remaining, elapsed and the time left. On a terminal one line is rewritten a
/// few times a second; otherwise a line is printed every `interval` seconds (never for a
/// batch over in less). Safe to call from any thread.
final class RunProgress: @unchecked Sendable {
    private let label: String
    private let interval: Double
    private let lock = NSLock()
    private let start = Date()
    private var last = Date()
    private var shown = false
    private let terminal = Console.stderrIsTerminal

    init(label: String, interval: Double = 10) {
        self.label = label
        self.interval = interval
    }

    func show(_ s: RunCounts) {
        lock.lock()
        defer { lock.unlock() }
        let now = Date()
        let elapsed = now.timeIntervalSince(start)
        guard now.timeIntervalSince(last) >= (terminal ? 0.25 : interval), elapsed >= (terminal ? 1 : interval) else { return }
        last = now
        // Time per run so far, counting the ones in progress as half done.
        let total = s.done + s.running + s.remaining
        let progressed = Double(s.done) + Double(s.running) / 2
        let eta = progressed > 0 ? elapsed / progressed * (Double(total) - progressed) : nil
        let line = "\(label): \(s.done)/\(total) done, \(s.running) running, \(s.remaining) remaining, "
            + "\(Self.duration(elapsed)) elapsed" + (eta.map { ", ETA \(Self.duration($0))" } ?? "")
        if terminal {
            FileHandle.standardError.write(Data("\r\u{1B}[K\(line)".utf8))
            shown = true
        } else {
            Console.error(line)
        }
    }

    var report: @Sendable (RunCounts) -> Void { { [self] in show($0) } }

    func finish() {
        lock.lock()
        defer { lock.unlock() }
        if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }

    static func duration(_ s: Double) -> String {
        let t = Int(s.rounded())
        if t >= 3600 { return "\(t / 3600)h\(String(format: "%02d", t % 3600 / 60))m" }
        if t >= 60 { return "\(t / 60)m\(String(format: "%02d", t % 60))s" }
        return "\(t)s"
    }
}
