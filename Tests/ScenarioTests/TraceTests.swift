import Foundation
import Kernel
import Models
import Testing
@testable import Scenario

/// Trace files as the loader reads them (streamed): the same sources, times, sizes,
/// messages and fingerprint as reading them whole, warnings for rows the run never sends.
@Suite struct TraceTests {
    /// Node ids of `plant`, in order; `sw` is the one switch.
    static let ids = ["sw", "a", "b", "c", "d", "gerät"]

    static func plant(flows: String = "  - {id: t, kind: trace, to: b, file: t.csv}\n", extra: String = "") -> String {
        """
        name: traces
        duration: 1s
        defaults:
          link: {rate: 1Gbps, delay: 1us}
        nodes:
          - {id: sw, type: switch}
          - {id: a, type: device}
          - {id: b, type: server}
          - {id: c, type: io}
          - {id: d, type: device}
          - {id: "gerät", type: device}
        links:
          - {from: a, to: sw}
          - {from: b, to: sw}
          - {from: c, to: sw}
          - {from: d, to: sw}
          - {from: "gerät", to: sw}
        flows:
        \(flows)\(extra)
        """
    }

    /// A fresh directory holding `files`.
    static func directory(_ files: [String: [UInt8]]) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fnsim-traces-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for (name, bytes) in files { try Data(bytes).write(to: dir.appendingPathComponent(name)) }
        return dir
    }

    /// Loads `yaml` (written as s.yaml in `dir`) reading traces `chunkSize` bytes at a time.
    static func load(_ yaml: String, in dir: URL, chunkSize: Int = 1 << 20, memoryBudget: Double? = nil)
        -> Result<ScenarioFile, ScenarioErrors> {
        let path = dir.appendingPathComponent("s.yaml").path
        let loader = Loader(file: path, baseDir: dir.path,
                            maxMemory: memoryBudget.map { MemoryLimit(bytes: Int64($0)) } ?? .machineDefault)
        loader.traces.chunkSize = chunkSize
        do {
            return .success(try loader.run(text: yaml, bytes: Array(yaml.utf8), overrides: [], seed: nil, duration: nil,
                                           warmup: nil, variants: nil))
        } catch let e as ScenarioErrors {
            return .failure(e)
        } catch {
            return .failure(ScenarioErrors(diagnostics: [Diagnostic(file: "", line: 0, column: 0, message: "\(error)")]))
        }
    }

    /// The trace sources of the first flow of design `k`: node id, times, sizes.
    static func sources(_ f: ScenarioFile, design k: Int = 0) -> [(String, [SimTime], [Int32])] {
        let plant = f.designs[k].plant
        return plant.flows[0].sources.map { s in
            guard case let .trace(times, sizes) = s.traffic.pattern else { return ("?", [], []) }
            return (plant.nodes[s.node].name, times, sizes)
        }
    }

    // MARK: Random traces against the reference

    static let goodTimes = [
        "0.1", "0.2", "0.3", "1e-3", "1E-3", "2.5e-1", ".5", "5.", "00.125", "0.000001", "0.30000000000000004",
        "9007199254740993e-15", "+0.5", "0x1p-3", "  0.25", "0.25\t", "-0", "1e-400", "3.0e+0", "0.999999999999",
        "123456789012345678901234567890e-29", "1.0000000000000000000001", "0.0000000000005", "0.0000000000015",
    ]
    static let badTimes = ["-1", "abc", "inf", "nan", "", "1e400", "1_0", "0x", "1e", "..5", "9e9", "1 2"]
    static let goodNames = ["a", "c", "d", " a ", "\tc", "d\t", "gerät", "gera\u{308}t"]
    static let badNames = ["sw", "zz", "", "A", "é", "a\u{301}", "dd"]
    static let goodSizes = ["100", "0100", "+64", "1500", " 64 ", "007", "1"]
    static let badSizes = ["0", "-5", "1e2", "100.0", "2147483648", "x", ""]
    static let breaks = ["\n", "\r\n", "\r", "\u{0B}", "\u{0C}", "\u{85}", "\u{2028}", "\u{2029}"]

    /// A random trace: plain rows mostly, every odd form the reader accepts, and (when
    /// `bad`) rows with errors, a bad header or bytes that are not UTF-8.
    static func randomTrace(_ rng: inout SplitMix, bad: Bool) -> [UInt8] {
        func pick(_ xs: [String]) -> String { xs.randomElement(using: &rng)! }
        func chance(_ n: UInt64) -> Bool { rng.next() % n == 0 }
        func time() -> String {
            if chance(4) { return pick(goodTimes) }
            let whole = Int.random(in: 0...2, using: &rng)
            let decimals = Int.random(in: 0...12, using: &rng)
            let frac = String((0..<decimals).map { _ in "0123456789".randomElement(using: &rng)! })
            return decimals == 0 && chance(2) ? "\(whole)" : "\(whole).\(frac)"
        }
        var text = chance(10) ? "\u{FEFF}" : ""
        text += bad && chance(15) ? "time_s,source,size_bytes " : "time_s,source,size_bytes"
        let rows = Int.random(in: 0...60, using: &rng)
        for _ in 0..<rows {
            text += chance(4) ? pick(breaks) : "\n"
            if chance(15) { text += pick(["", "  ", "\t "]); continue }
            var t = time(), n = chance(5) ? pick(goodNames) : pick(["a", "c", "d"]), s = chance(5) ? pick(goodSizes) : "128"
            var comma2 = ","
            if bad && chance(6) {
                switch Int.random(in: 0..<5, using: &rng) {
                case 0: t = pick(badTimes)
                case 1: n = pick(badNames)
                case 2: s = pick(badSizes)
                case 3: comma2 = pick([",\u{301}", ",,", ""])
                default: s += ",x"
                }
            }
            text += t + "," + n + comma2 + s
        }
        if !chance(3) { text += "\n" }
        var bytes = Array(text.utf8)
        if bad && chance(25) { bytes.insert(0xFF, at: Int.random(in: 0...bytes.count, using: &rng)) }
        return bytes
    }

    @Test func randomTracesReadAsTheReferenceDoes() throws {
        var failures = 0, loaded = 0
        for seed in UInt64(1)...300 where failures < 3 {
            var rng = SplitMix(state: seed)
            let bytes = Self.randomTrace(&rng, bad: seed % 2 == 0)
            let dir = try Self.directory(["t.csv": bytes])
            defer { try? FileManager.default.removeItem(at: dir) }
            let tracePath = dir.appendingPathComponent("t.csv").path
            let reference = TraceReference.flow(bytes, path: tracePath, ids: Self.ids, switches: ["sw"])
            let chunk = [1, 2, 3, 7, 64, 1 << 20][Int(seed % 6)]
            switch Self.load(Self.plant(), in: dir, chunkSize: chunk) {
            case let .success(f):
                loaded += 1
                let got = Self.sources(f)
                let same = got.count == reference.sources.count && zip(got, reference.sources).allSatisfy {
                    $0.0 == $1.id && $0.1 == $1.times && $0.2 == $1.sizes
                }
                if !same || !reference.errors.isEmpty {
                    failures += 1
                    Issue.record("seed \(seed), chunk \(chunk): \(got) against \(reference.sources) \(reference.errors)")
                }
            case let .failure(e):
                let mine = e.diagnostics.filter { $0.file == tracePath }
                let expected = Diagnostics.sorted(reference.errors, mainFile: dir.appendingPathComponent("s.yaml").path)
                if mine != expected || reference.errors.isEmpty {
                    failures += 1
                    Issue.record("seed \(seed), chunk \(chunk):\n\(e)\nexpected:\n\(ScenarioErrors(diagnostics: expected))")
                }
            }
        }
        #expect(loaded > 100, "only \(loaded) random traces loaded")
    }

    @Test func randomDelayTracesReadAsTheReferenceDoes() throws {
        for seed in UInt64(1)...120 {
            var rng = SplitMix(state: seed)
            func chance(_ n: UInt64) -> Bool { rng.next() % n == 0 }
            let column = ["delay_s", "delay_ms", "delay_us"].randomElement(using: &rng)!
            let before = Int.random(in: 0...2, using: &rng)
            var text = Array(repeating: "x", count: before).map { $0 + "," }.joined() + " " + column + ",note"
            for _ in 0..<Int.random(in: 0...40, using: &rng) {
                text += chance(4) ? Self.breaks.randomElement(using: &rng)! : "\r\n"
                var fields = (0..<before).map { _ in chance(3) ? "é" : "\(Int.random(in: 0...9, using: &rng))" }
                let value = chance(4) ? (Self.goodTimes + (seed % 2 == 0 ? Self.badTimes : [])).randomElement(using: &rng)!
                    : String(format: "%.\(Int.random(in: 0...9, using: &rng))f", Double.random(in: 0..<50, using: &rng))
                fields.append(value)
                if chance(2) { fields.append("comment, with commas") }
                text += fields.joined(separator: ",")
            }
            let bytes = Array(text.utf8)
            let dir = try Self.directory(["d.csv": bytes])
            defer { try? FileManager.default.removeItem(at: dir) }
            let path = dir.appendingPathComponent("d.csv").path
            let yaml = Self.plant(flows: "  - {id: f, kind: periodic, from: a, to: b, size: 100B, period: 1ms}\n")
                .replacingOccurrences(of: "  - {from: a, to: sw}", with: "  - {from: a, to: sw, type: wan, delay: {trace: d.csv}}")
            let reference = TraceReference.delays(bytes, path: path)
            switch Self.load(yaml, in: dir, chunkSize: [1, 5, 1 << 20][Int(seed % 3)]) {
            case let .success(f):
                let link = f.designs[0].plant.links.first { $0.delay == .trace(reference.delays ?? [], .cycle) }
                #expect(reference.delays != nil && link != nil, "seed \(seed): \(f.designs[0].plant.links.map(\.delay))")
            case let .failure(e):
                let mine = e.diagnostics.filter { $0.file == path }
                #expect(reference.delays == nil && mine == reference.errors, "seed \(seed):\n\(e)\n\(reference.errors)")
            }
        }
    }

    // MARK: Warnings

    static let unordered = """
        time_s,source,size_bytes
        0.5,a,100
        0.2,a,200
        0.2,c,300
        0.2,a,250
        1.0,a,400
        0.1,c,500
        2,c,600

        """

    @Test func rowsAfterTheEndAndOutOfOrderWarnAndAreSorted() throws {
        let dir = try Self.directory(["t.csv": Array(Self.unordered.utf8)])
        defer { try? FileManager.default.removeItem(at: dir) }
        let f = try Self.load(Self.plant(), in: dir).get()
        let got = Self.sources(f)
        // Sorted by time per source; rows of equal time in file order (200 before 250).
        #expect(got.map(\.0) == ["a", "c"])
        #expect(got[0].1 == [200, 200, 500, 1000].map { $0 * Time.millisecond } && got[0].2 == [200, 250, 100, 400])
        #expect(got[1].1 == [100, 200, 2000].map { $0 * Time.millisecond } && got[1].2 == [500, 300, 600])
        let trace = dir.appendingPathComponent("t.csv").path
        let ws = f.warnings.filter { $0.file == trace }
        #expect(ws.count == 2, "\(f.warnings)")
        #expect(ws.first { $0.line == 3 && $0.column == 1 }?.message == "rows out of time order: 'a' at 200ms comes "
            + "after its row at 500ms (line 2); 2 rows in all come earlier than the row before them of the same source. "
            + "Each source's rows are sent in time order (sorted; rows of equal time keep the file's order)", "\(ws)")
        #expect(ws.first { $0.line == 6 && $0.column == 1 }?.message == "2 rows of the trace file, from this one (at 1s), "
            + "are at or after the end of the run (duration 1s) and are not sent", "\(ws)")
        // validate's estimate counts only the rows that are sent: 3 of a's, 2 of c's.
        #expect(f.designs[0].estimatedFrames == 5)

        // A flow that stops before the end leaves the later rows out on purpose.
        let stopped = try Self.load(Self.plant(flows: "  - {id: t, kind: trace, to: b, file: t.csv, stop: 0.5s}\n"), in: dir).get()
        #expect(stopped.warnings.filter { $0.message.contains("end of the run") }.isEmpty, "\(stopped.warnings)")

        // A longer run sends every row; rows in order give no warning at all.
        let long = try Self.load(Self.plant().replacingOccurrences(of: "duration: 1s", with: "duration: 3s"), in: dir).get()
        #expect(long.warnings.filter { $0.message.contains("end of the run") }.isEmpty, "\(long.warnings)")
        #expect(long.designs[0].estimatedFrames == 7)
        let ordered = try Self.directory(["t.csv": Array("time_s,source,size_bytes\n0.1,a,1\n0.1,c,2\n0.2,a,3\n".utf8)])
        defer { try? FileManager.default.removeItem(at: ordered) }
        #expect(try Self.load(Self.plant(), in: ordered).get().warnings.isEmpty)
    }

    @Test func designsShareOneReadingAndWarnOnce() throws {
        let dir = try Self.directory(["t.csv": Array(Self.unordered.utf8)])
        defer { try? FileManager.default.removeItem(at: dir) }
        let variants = """
            variants:
              - {name: slow, set: {defaults.link.rate: 100Mbps}}
              - {name: long, set: {duration: 3s}}
              - {name: noc, remove: {nodes: [c]}}

            """
        // Without c, the rows of c are errors of that variant alone.
        let e = try #require(Self.load(Self.plant(extra: variants), in: dir).failure)
        #expect(e.diagnostics.map(\.description).allSatisfy { $0.contains("(in variant 'noc')") }, "\(e)")
        #expect(e.diagnostics.first?.message.hasPrefix("unknown node 'c' in 'source'") ?? false, "\(e)")

        let f = try Self.load(Self.plant(extra: String(variants.split(separator: "\n").dropLast().joined(separator: "\n")) + "\n"),
                              in: dir).get()
        #expect(f.designs.count == 3)
        for k in 1..<3 { #expect(Self.sources(f, design: k).map(\.1) == Self.sources(f).map(\.1)) }
        // One warning of each kind: the base and 'slow' share them, 'long' sends every row.
        #expect(f.warnings.filter { $0.message.contains("out of time order") }.count == 1, "\(f.warnings)")
        #expect(f.warnings.filter { $0.message.contains("end of the run") }.count == 1, "\(f.warnings)")
    }

    // MARK: Errors

    @Test func badRowsAreReportedWhereTheyAre() throws {
        var text = "time_s,source,size_bytes\r\n0.001,a,100\r\n\t0.x ,a,100\r\n0.002, zz ,100\r\n0.003,sw,100\r\n"
            + "0.004,\ta,0\r\n0.005,a\r\n\r\n0.006,a,100,1\r\n"
        for k in 0..<30 { text += "0.01,a,-\(k)\n" }
        let dir = try Self.directory(["t.csv": Array(text.utf8)])
        defer { try? FileManager.default.removeItem(at: dir) }
        let e = try #require(Self.load(Self.plant(), in: dir, chunkSize: 5).failure)
        let ds = e.diagnostics.map { "\($0.line):\($0.column): \($0.message)" }
        #expect(Array(ds.prefix(7)) == [
            "1:1: 16 more errors in the trace file",
            "3:1: expected a time in seconds (0 or more) in 'time_s', found '0.x'",
            "4:7: unknown node 'zz' in 'source'",
            "5:7: 'sw' is a switch; traces are sent by end stations",
            "6:10: expected a frame size in bytes (a whole number above 0) in 'size_bytes', found '0'",
            "7:1: expected 3 fields (time_s,source,size_bytes), found 2",
            "9:1: expected 3 fields (time_s,source,size_bytes), found 4",
        ], "\(e)")
        #expect(ds.count == 21 && ds.last == "23:8: expected a frame size in bytes (a whole number above 0) in "
            + "'size_bytes', found '-13'", "\(e)")

        // A byte that is not UTF-8, even after rows with errors, is the one error.
        let broken = try Self.directory(["t.csv": Array(text.utf8) + [0x0A, 0xFF, 0x0A]])
        defer { try? FileManager.default.removeItem(at: broken) }
        let u = try #require(Self.load(Self.plant(), in: broken, chunkSize: 3).failure)
        #expect(u.diagnostics.map(\.message) == ["the trace file is not UTF-8 text"], "\(u)")

        // A header with a byte-order mark is read; a missing file says where it was looked for.
        let bom = try Self.directory(["t.csv": [0xEF, 0xBB, 0xBF] + Array("time_s,source,size_bytes\n0.001,a,100".utf8)])
        defer { try? FileManager.default.removeItem(at: bom) }
        #expect(Self.sources(try Self.load(Self.plant(), in: bom).get()).map(\.2) == [[100]])
        let missing = try #require(Self.load(Self.plant().replacingOccurrences(of: "t.csv", with: "none.csv"), in: bom).failure)
        #expect(missing.diagnostics.first?.message == "cannot read trace file 'none.csv' (looked for "
            + bom.appendingPathComponent("none.csv").path + ": No such file or directory)", "\(missing)")
    }

    @Test func aTraceTooLargeForMemoryIsRefusedWithItsEstimate() throws {
        var text = "time_s,source,size_bytes\n"
        for k in 0..<70_000 { text += "0.\(k),a,128\n" }
        let dir = try Self.directory(["t.csv": Array(text.utf8)])
        defer { try? FileManager.default.removeItem(at: dir) }
        let e = try #require(Self.load(Self.plant(), in: dir, memoryBudget: 100_000).failure)
        let m = try #require(e.diagnostics.first?.message)
        // Rows estimated from the part read (65,536 rows), the memory at 12 bytes a row.
        #expect(m == "the trace file is 968.9 kB (about 70055 rows); at 12 bytes a row it would take about 841 kB of "
            + "memory, more than the limit of 100 kB (raise it with --max-memory, such as --max-memory 1GB)", "\(m)")
        #expect(try Self.sources(Self.load(Self.plant(), in: dir).get())[0].1.count == 70_000)
    }

    // MARK: Fingerprint

    @Test func fingerprintIsTheHashOfTheWholeFiles() throws {
        let trace = Array(Self.unordered.utf8)
        let dir = try Self.directory(["t.csv": trace])
        defer { try? FileManager.default.removeItem(at: dir) }
        let yaml = Self.plant()
        // As the loader always hashed: the scenario, its options, then each trace's path and bytes.
        var h = StableHash()
        h.combine(bytes: Array(yaml.utf8))
        h.combine(UInt64(0))
        for _ in 0..<4 { h.combine("") }
        h.combine(dir.appendingPathComponent("t.csv").path)
        h.combine(bytes: trace)
        var expected = String(h.value, radix: 16)
        expected = String(repeating: "0", count: 16 - expected.count) + expected
        for chunk in [1, 4, 1 << 20] { #expect(try Self.load(yaml, in: dir, chunkSize: chunk).get().hash == expected) }
        try Data(trace + [0x0A]).write(to: dir.appendingPathComponent("t.csv"))
        #expect(try Self.load(yaml, in: dir).get().hash != expected)
    }
}

extension Result {
    var failure: Failure? {
        if case let .failure(e) = self { return e }
        return nil
    }
}
