@testable import Campaign
import FactoryNet
import Foundation
import Testing

@Suite("Results store: a run killed half-way leaves no trace")
struct StoreCrashTests {
    /// What a crash just before the commit would leave: the store's files are copied while
    /// `record` has written the run and all its rows but not committed (its transaction
    /// is then abandoned). The copy, opened as a store, holds the committed run only; the
    /// store itself too, and records the run normally afterwards.
    @Test func uncommittedRunIsInvisibleAfterReopening() throws {
        let plan = try StoreFixture.plan()
        let runs = try StoreFixture.records(plan)
        let dir = try StoreFixture.directory()
        defer { StoreFixture.remove(dir) }
        let path = dir.appendingPathComponent("s.sqlite").path
        let image = try StoreFixture.directory()
        defer { StoreFixture.remove(image) }
        struct Abandon: Error {}
        do {
            let store = try ResultsStore(path: path, plan: plan)
            try store.record(runs[0], wallSeconds: 0.01)
            #expect(throws: Abandon.self) {
                try store.record([(runs[1], 0.01)], beforeCommit: { _ in
                    for suffix in ["", "-wal"] where FileManager.default.fileExists(atPath: path + suffix) {
                        try FileManager.default.copyItem(atPath: path + suffix,
                                                         toPath: image.appendingPathComponent("s.sqlite" + suffix).path)
                    }
                    throw Abandon()
                })
            }
            #expect(try store.completed() == [runs[0].key])
            #expect(try store.rows(table: "flows").count == runs[0].result.flows.count)
        }
        let crashed = try ResultsStore(path: image.appendingPathComponent("s.sqlite").path, plan: plan)
        #expect(try crashed.completed() == [runs[0].key])
        #expect(try crashed.rows(table: "flows").count == runs[0].result.flows.count)
        #expect(try crashed.rows(table: "ports").count == runs[0].result.ports.count)
        try crashed.record(runs[1], wallSeconds: 0.01)
        #expect(try crashed.completed() == [runs[0].key, runs[1].key])
    }

    /// A writer killed with SIGKILL in the middle of a run's transaction, after 200,000 of
    /// its rows were spilled into the write-ahead log on disk: on reopening, the store holds
    /// the runs committed before, SQLite finds the file intact, and the run can be recorded.
    /// The writer is the sqlite3 shell (a process of its own that can be killed).
    @Test func writerKilledMidTransactionLeavesNoTrace() throws {
        let plan = try StoreFixture.plan()
        let runs = try StoreFixture.records(plan)
        let scratch = try StoreFixture.directory()
        defer { StoreFixture.remove(scratch) }
        let path = scratch.appendingPathComponent("s.sqlite").path
        try StoreFixture.store(path, plan, [runs[0]])

        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: StoreShell.path)
        shell.arguments = [path]
        let input = Pipe()
        shell.standardInput = input
        shell.standardOutput = FileHandle.nullDevice
        try shell.run()
        // A tiny page cache makes SQLite write the uncommitted pages to the WAL as it goes.
        let sql = """
            PRAGMA cache_size = 8;
            BEGIN IMMEDIATE;
            INSERT INTO runs VALUES (1, 'base', 0, 0, 42, '\(plan.scenarioHash)', 'x', 0.2, 1, 0.1, 'end-time', 'now');
            INSERT INTO flows (point, design, replication, row, flow, sent)
              WITH RECURSIVE c(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM c WHERE i < 199999)
              SELECT 1, 'base', 0, i, 'flow-' || i, i FROM c;

            """
        input.fileHandleForWriting.write(Data(sql.utf8))
        // stdin stays open: the shell waits for more, inside its transaction.
        let wal = path + "-wal"
        let deadline = Date().addingTimeInterval(60)
        func walBytes() -> Int {
            ((try? FileManager.default.attributesOfItem(atPath: wal))?[.size] as? NSNumber)?.intValue ?? 0
        }
        while walBytes() < 4_000_000 && Date() < deadline && shell.isRunning { Thread.sleep(forTimeInterval: 0.01) }
        let spilled = walBytes()
        kill(shell.processIdentifier, SIGKILL)
        shell.waitUntilExit()
        #expect(shell.terminationReason == .uncaughtSignal && shell.terminationStatus == SIGKILL)
        #expect(spilled >= 4_000_000, "the uncommitted rows reached the WAL on disk")

        let store = try ResultsStore(path: path, plan: plan)
        #expect(try store.completed() == [runs[0].key])
        #expect(try store.rows(table: "flows").count == runs[0].result.flows.count)
        #expect(try StoreShell.sqlite(path, "PRAGMA integrity_check;") == "ok\n")
        let again = runs.first { $0.key == RunKey(point: 1, design: 0, replication: 0) }!
        try store.record(again, wallSeconds: 0.01)
        #expect(try store.completed() == [runs[0].key, again.key])
        #expect(try store.rows(table: "flows", point: 1).count == again.result.flows.count)
    }
}
