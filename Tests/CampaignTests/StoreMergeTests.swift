import FactoryNet
import Foundation
import Testing

@Suite("Results store: merging stores")
struct StoreMergeTests {
    /// Two stores holding halves of a sweep (every other run, as shards do), merged, export
    /// byte for byte as one store that recorded every run; a third, overlapping store adds
    /// nothing and counts nothing twice; merging into an existing store adds to it.
    @Test func halvesMergeIntoTheWhole() throws {
        let plan = try StoreFixture.plan()
        let runs = try StoreFixture.records(plan)
        let dir = try StoreFixture.directory()
        defer { StoreFixture.remove(dir) }
        let all = try StoreFixture.store(dir.appendingPathComponent("all.sqlite").path, plan, runs)
        let half = { (k: Int) in plan.shard(k, of: 2).map { key in runs.first { $0.key == key }! } }
        let a = dir.appendingPathComponent("a.sqlite").path, b = dir.appendingPathComponent("b.sqlite").path
        try StoreFixture.store(a, plan, half(1))
        try StoreFixture.store(b, plan, half(2).reversed())
        let overlap = dir.appendingPathComponent("overlap.sqlite").path
        try StoreFixture.store(overlap, plan, [runs[2], runs[3]])

        let merged = dir.appendingPathComponent("merged.sqlite").path
        let summary = try StoreMerge.merge([a, b, overlap], into: merged)
        #expect(summary == MergeSummary(inputs: 3, added: runs.count, duplicates: 2, total: runs.count,
                                        planned: runs.count))
        let whole = try StoreFixture.export(all, into: dir.appendingPathComponent("all"))
        let joined = try StoreFixture.export(ResultsStore(readingFrom: merged), into: dir.appendingPathComponent("merged"))
        #expect(whole == joined)
        #expect(whole["flows.csv"]!.count > 1000)

        // Into an existing store: a (half 1) gains half 2; merging again changes nothing.
        let more = try StoreMerge.merge([b], into: a)
        #expect(more.added == runs.count / 2 && more.total == runs.count)
        let again = try StoreMerge.merge([merged, a, b], into: a)
        #expect(again.added == 0 && again.duplicates == runs.count + runs.count / 2 && again.inputs == 2)
        #expect(try StoreFixture.export(ResultsStore(readingFrom: a), into: dir.appendingPathComponent("a")) == whole)
    }

    /// A store of another plan is refused, naming it; an existing non-store output is
    /// refused and left as it was; a run with different results in two stores is refused.
    @Test func mergeRefusals() throws {
        let plan = try StoreFixture.plan()
        let runs = try StoreFixture.records(plan)
        let dir = try StoreFixture.directory()
        defer { StoreFixture.remove(dir) }
        let a = dir.appendingPathComponent("a.sqlite").path, b = dir.appendingPathComponent("b.sqlite").path
        let c = dir.appendingPathComponent("c.sqlite").path
        try StoreFixture.store(a, plan, [runs[0]])
        try StoreFixture.store(b, plan, [runs[1]])
        var other = plan
        other.designs = ["base"]
        try StoreFixture.store(c, other, [runs[0]])

        let out = dir.appendingPathComponent("out.sqlite").path
        do {
            try StoreMerge.merge([a, b, c], into: out)
            Issue.record("stores of two plans were merged")
        } catch let error as StoreError {
            guard case let .otherPlan(path, differences, _) = error else { Issue.record("\(error)"); return }
            #expect(path == c)
            #expect(differences == ["its designs are base, this one's base, prioritized, gigabit-uplink"])
        }
        #expect(!FileManager.default.fileExists(atPath: out))

        let notes = dir.appendingPathComponent("notes.txt")
        try Data("not a store\n".utf8).write(to: notes)
        #expect(throws: StoreError.notAStore(path: notes.path, why: "not an SQLite database")) {
            try StoreMerge.merge([a, b], into: notes.path)
        }
        #expect(try Data(contentsOf: notes) == Data("not a store\n".utf8))

        // The same run with a different result in two stores.
        let d = dir.appendingPathComponent("d.sqlite").path
        try StoreFixture.store(d, plan, [runs[0]])
        _ = try StoreShell.sqlite(d, "UPDATE flows SET sent = sent + 1 WHERE row = 2;")
        do {
            try StoreMerge.merge([a, d], into: dir.appendingPathComponent("e.sqlite").path)
            Issue.record("a run with two results was merged")
        } catch let error as StoreError {
            #expect(error == .conflictingRun(runs[0].key, first: dir.appendingPathComponent("e.sqlite").path,
                                             second: d, table: "flows rows"))
        }
        _ = try StoreShell.sqlite(d, "UPDATE flows SET sent = sent - 1 WHERE row = 2; UPDATE runs SET events = 1;")
        #expect(throws: StoreError.self) { try StoreMerge.merge([a, d], into: dir.appendingPathComponent("f.sqlite").path) }
        // Only the run's results count: where and how fast it ran may differ.
        _ = try StoreShell.sqlite(d, "UPDATE runs SET events = \(runs[0].result.events), wall_s = 99, finished_at = 'x';")
        #expect(try StoreMerge.merge([a, d], into: dir.appendingPathComponent("g.sqlite").path).duplicates == 1)
    }
}
