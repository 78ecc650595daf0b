import Foundation
import Testing

/// `run --out DIR`: fnsim replaces only the files it listed in DIR/fnsim-files.txt, and
/// refuses a directory of someone else's files, or one it cannot write, saying why.
@Suite struct OutDirectoryTests {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fnsim-out-\(UUID().uuidString)")

    func run(_ extra: [String] = [], out: String? = nil) throws -> Invocation {
        try Invocation(["run", "Scenarios/quickstart.yaml", "--duration", "100ms", "--out", out ?? dir.path] + extra)
    }

    func names() throws -> Set<String> { Set(try FileManager.default.contentsOfDirectory(atPath: dir.path)) }

    func listed() throws -> [String] {
        try String(contentsOf: dir.appendingPathComponent("fnsim-files.txt"), encoding: .utf8)
            .split(separator: "\n").filter { !$0.hasPrefix("#") }.map(String.init)
    }

    /// A second run with fewer designs leaves no design file of the first, and the list
    /// names exactly what is there; a file the user added is left alone.
    @Test func aRunReplacesTheFilesOfTheRunBefore() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let first = try run()
        #expect(first.status == 0, "\(first.stderr)")
        #expect(try names().contains("design-prioritized.yaml"))
        #expect(Set(try listed()) == (try names()).subtracting(["fnsim-files.txt"]))
        try "mine".write(to: dir.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)

        let second = try run(["--variant", "base"])
        #expect(second.status == 0, "\(second.stderr)")
        let now = try names()
        #expect(!now.contains("design-prioritized.yaml") && !now.contains("design-gigabit-uplink.yaml"))
        #expect(now.contains("design-base.yaml") && now.contains("flows.csv") && now.contains("notes.txt"))
        #expect(Set(try listed()) == now.subtracting(["fnsim-files.txt", "notes.txt"]))
        #expect(!now.contains { $0.hasPrefix(".") }, "temporary files left: \(now)")
    }

    /// Files but no list: not fnsim's to replace. The run is refused before it starts,
    /// naming the files, and nothing is written.
    @Test func aDirectoryOfOtherFilesIsRefused() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try "x".write(to: dir.appendingPathComponent("flows.csv"), atomically: true, encoding: .utf8)
        let r = try run()
        #expect(r.status == 1)
        #expect(r.stderr.contains("error: --out \(dir.path): the directory holds files fnsim did not write (flows.csv)"),
                "\(r.stderr)")
        #expect(r.stderr.contains("choose another directory or move those files away"))
        #expect(r.stdout.isEmpty)
        #expect(try names() == ["flows.csv"])
        #expect(try String(contentsOf: dir.appendingPathComponent("flows.csv"), encoding: .utf8) == "x")
    }

    /// With a list, a file of the same name as a result that the list does not name is
    /// someone else's: refused too.
    @Test func anUnlistedFileOfAResultNameIsRefused() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try "# none\n".write(to: dir.appendingPathComponent("fnsim-files.txt"), atomically: true, encoding: .utf8)
        try "x".write(to: dir.appendingPathComponent("results.json"), atomically: true, encoding: .utf8)
        let r = try run()
        #expect(r.status == 1)
        #expect(r.stderr.contains("fnsim would replace results.json, which it did not write"), "\(r.stderr)")
        #expect(try String(contentsOf: dir.appendingPathComponent("results.json"), encoding: .utf8) == "x")
    }

    /// A directory that cannot be made: the message names the path and the reason.
    @Test(arguments: [("/proc/fnsim-results", "cannot create the directory '/proc/fnsim-results': "),
                      ("README.md/results", "'README.md' is a file, not a directory"),
                      ("README.md", "'README.md' is a file, not a directory")])
    func anUnwritableDirectoryIsNamedWithTheReason(out: String, reason: String) throws {
        let r = try run(out: out)
        #expect(r.status == 1)
        #expect(r.stderr.contains("error: --out \(out): \(reason)"), "\(r.stderr)")
    }
}
