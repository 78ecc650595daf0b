import Foundation
import Testing

/// `fnsim tsn schedule` as a user meets it: the schedule on stdout, a written copy that
/// validates and runs, a refused stream's bottleneck and the rate that makes it fit.
@Suite struct TSNScheduleCommandTests {
    /// Nine talkers send 1500 B every 1 ms to one listener over a 100 Mbit/s port
    /// (121.6 us a frame): eight fit, the ninth does not; at 1 Gbit/s all do.
    static let crowded = """
        name: crowded
        duration: 20ms
        defaults:
          link: {rate: 100Mbps, length: 10m}
        nodes:
          - {id: sw1, type: switch}
          - {id: l, type: controller}
          - {id: "t{i}", type: io, count: 9}
        links:
          - {from: sw1, to: l}
          - {from: sw1, to: "t{i}", count: 9}
        flows:
          - {id: "s{i}", kind: periodic, from: "t{i}", to: l, size: 1500B, period: 1ms, priority: 7, for: {i: 1..9}}
          - {id: bulk, kind: poisson, from: t1, to: l, size: 1500B, rate: 2Mbps}
        """

    func scenario(_ text: String) throws -> (URL, URL) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fnsim-tsn-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let file = dir.appendingPathComponent("plant.yaml")
        try text.write(to: file, atomically: true, encoding: .utf8)
        return (dir, file)
    }

    @Test func refusedStreamNamesTheBottleneckAndTheRateFits() throws {
        let (dir, file) = try scenario(Self.crowded)
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try Invocation(["tsn", "schedule", file.path])
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.stdout.contains("8 of 9 streams placed"))
        #expect(r.stdout.contains("s9 from t9: no phase leaves its windows free on sw1→l"))
        #expect(r.stdout.contains("97.28 %"))
        #expect(r.stdout.contains("link sw1–l at 1Gbps"))
        #expect(r.stdout.contains("- name: qbv-scheduled"))
        // Taking the suggestion places every stream.
        let again = try Invocation(["tsn", "schedule", file.path, "--set", "links[0].rate=1Gbps"])
        #expect(again.status == 0, "\(again.stdout)\(again.stderr)")
        #expect(again.stdout.contains("9 of 9 streams placed"))
    }

    @Test func writtenCopyValidatesAndRuns() throws {
        let (dir, file) = try scenario(Self.crowded)
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("scheduled.yaml").path
        let w = try Invocation(["tsn", "schedule", file.path, "--set", "links[0].rate=1Gbps", "--write", out])
        #expect(w.status == 0, "\(w.stderr)")
        #expect(w.stdout.contains("Wrote \(out)"))
        let v = try Invocation(["validate", out])
        #expect(v.status == 0, "\(v.stderr)")
        #expect(v.stdout.contains("3 design(s)") == false && v.stdout.contains("2 design(s)"))
        let run = try Invocation(["run", out, "--variant", "qbv-scheduled", "--format", "csv"])
        #expect(run.status == 0, "\(run.stderr)")
        // Every scheduled frame takes the no-wait latency, 1508 B at 100 Mbit/s and at
        // 1 Gbit/s plus two 50 ns cables: 120.64 + 0.05 + 12.064 + 0.05 = 132.804 us.
        let rows = run.stdout.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        let header = try #require(rows.first), minCol = try #require(header.firstIndex(of: "latency_min_s"))
        let maxCol = try #require(header.firstIndex(of: "latency_max_s"))
        let scheduled = rows.filter { $0.count > maxCol && $0[0] == "qbv-scheduled" && $0[1].hasPrefix("s") }
        #expect(scheduled.count == 9)
        for r in scheduled { #expect(r[minCol] == "0.000132804" && r[maxCol] == "0.000132804", "\(r)") }
        // The command line's --set is carried into the variant, not into the base; the
        // new schedule takes the next free name.
        let base = try Invocation(["tsn", "schedule", out, "--variant", "base"])
        #expect(base.status == 2)
        #expect(base.stdout.contains("- name: qbv-scheduled-2"))
    }

    @Test func badArguments() throws {
        let (dir, file) = try scenario(Self.crowded)
        defer { try? FileManager.default.removeItem(at: dir) }
        let none = try Invocation(["tsn", "schedule", file.path, "--priority", "5"])
        #expect(none.status == 1 && none.stderr.contains("no flow of priority 5; its flows have priority 0, 7"))
        let same = try Invocation(["tsn", "schedule", file.path, "--write", file.path])
        #expect(same.status == 64 && same.stderr.contains("give another file"))
        let limit = try Invocation(["tsn", "schedule", file.path, "--set", "links[0].rate=1Gbps", "--gcl-limit", "2"])
        #expect(limit.status == 2 && limit.stdout.contains("longer than the limit of 2 entries: sw1→l"))
        // The file's own limit: the schedule is reported, but a copy that would not load is not written.
        let (small, smallFile) = try scenario(Self.crowded + "\ntsn: {gcl_limit: 2}\n")
        defer { try? FileManager.default.removeItem(at: small) }
        let out = small.appendingPathComponent("out.yaml")
        let fromFile = try Invocation(["tsn", "schedule", smallFile.path, "--set", "links[0].rate=1Gbps"])
        #expect(fromFile.status == 2 && fromFile.stdout.contains("longer than the limit of 2 entries: sw1→l"))
        let refused = try Invocation(["tsn", "schedule", smallFile.path, "--set", "links[0].rate=1Gbps", "--write", out.path])
        #expect(refused.status == 1 && refused.stderr.contains("does not load; nothing written"))
        #expect(refused.stderr.contains("more than a port holds (tsn.gcl_limit 2)"))
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }
}
