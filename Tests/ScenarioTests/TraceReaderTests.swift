import Foundation
import Kernel
import Testing
@testable import Scenario

/// The byte-level pieces of trace reading: lines read in chunks, and numbers parsed from
/// bytes, against decoding the text and `Double(String)`.
@Suite struct TraceReaderTests {
    static func temporaryFile(_ bytes: [UInt8]) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("fnsim-lines-\(UUID().uuidString)").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Every line of `path` read with `chunkSize`: bytes and whether they are ASCII; the
    /// chunks handed out, joined.
    static func read(_ path: String, chunkSize: Int) -> (lines: [[UInt8]], ascii: [Bool], chunks: [UInt8]) {
        var chunks: [UInt8] = []
        guard var reader = TraceReader(path: path, chunkSize: chunkSize, onChunk: { chunks += $0 }) else {
            Issue.record("cannot open \(path)")
            return ([], [], [])
        }
        var lines: [[UInt8]] = [], ascii: [Bool] = []
        while let line = reader.nextLine() {
            lines.append(Array(line))
            ascii.append(reader.lineIsASCII)
            #expect(reader.lineNumber == lines.count)
        }
        return (lines, ascii, chunks)
    }

    /// Pieces of text that stress line breaks: every newline Swift knows, CR LF, look-alikes
    /// (U+2027, U+00A0 share first bytes with LS and NEL), a byte-order mark, broken UTF-8.
    static let pieces: [[UInt8]] = [
        Array("a".utf8), Array("0.5,dev1,128".utf8), Array(",".utf8), Array(" ".utf8), Array("é".utf8),
        Array("\n".utf8), Array("\r".utf8), Array("\r\n".utf8), Array("\u{0B}".utf8), Array("\u{0C}".utf8),
        Array("\u{85}".utf8), Array("\u{2028}".utf8), Array("\u{2029}".utf8), Array("\u{2027}".utf8),
        Array("\u{A0}".utf8), Array("\u{FEFF}".utf8), Array("\u{301}".utf8), [0xC2], [0xE2, 0x80], [0xFF],
    ]

    @Test func linesSplitAsTheDecodedTextDoes() throws {
        var failed = false
        for seed in UInt64(1)...400 where !failed {
            var rng = SplitMix(state: seed)
            var bytes: [UInt8] = seed % 5 == 0 ? [0xEF, 0xBB, 0xBF] : []
            for _ in 0..<Int.random(in: 0...40, using: &rng) {
                var k = Int.random(in: 0..<Self.pieces.count, using: &rng)
                if seed % 3 != 0 && k >= Self.pieces.count - 3 { k = 0 }  // most files are UTF-8
                bytes += Self.pieces[k]
            }
            let path = try Self.temporaryFile(bytes)
            defer { unlink(path) }
            let reference = TraceReference.lines(bytes)
            for chunk in [1, 2, 3, 4, 7, 64, 1 << 20] {
                let got = Self.read(path, chunkSize: chunk)
                #expect(got.chunks == bytes, "seed \(seed), chunk \(chunk)")
                if let reference, got.lines != reference.map({ Array($0.utf8) })
                    || got.ascii != reference.map({ $0.utf8.allSatisfy { $0 < 0x80 } }) {
                    Issue.record("seed \(seed), chunk \(chunk): \(bytes) gives \(got.lines) \(got.ascii)")
                    failed = true
                }
                // Whether the file is UTF-8, judged line by line as the readers do.
                guard var reader = TraceReader(path: path, chunkSize: chunk) else {
                    Issue.record("cannot open \(path)")
                    return
                }
                #expect(reader.drain() == (reference != nil), "seed \(seed), chunk \(chunk): \(bytes)")
            }
        }
    }

    @Test func edgesOfLinesAndChunks() throws {
        let cases: [(String, [String])] = [
            ("", []), ("\n", [""]), ("a", ["a"]), ("a\n", ["a"]), ("a\n\n", ["a", ""]), ("a\r\nb", ["a", "b"]),
            ("a\r\rb\r", ["a", "", "b"]), ("\u{FEFF}h\r\n1\r\n", ["h", "1"]), ("\u{FEFF}", []),
            ("x\u{FEFF}\n", ["x\u{FEFF}"]), ("a\u{85}b\u{2028}c\u{2029}d\u{0B}e\u{0C}f", ["a", "b", "c", "d", "e", "f"]),
        ]
        for (text, lines) in cases {
            let path = try Self.temporaryFile(Array(text.utf8))
            defer { unlink(path) }
            for chunk in [1, 2, 3, 5, 1 << 20] {
                #expect(Self.read(path, chunkSize: chunk).lines == lines.map { Array($0.utf8) }, "\(text.debugDescription) \(chunk)")
            }
        }
        // A line longer than the buffer grows it.
        let long = String(repeating: "0123456789", count: 1000)
        let path = try Self.temporaryFile(Array((long + "\r\n" + long).utf8))
        defer { unlink(path) }
        #expect(Self.read(path, chunkSize: 16).lines == [Array(long.utf8), Array(long.utf8)])
    }

    func fast(_ s: String) -> Double? {
        let b = Array(s.utf8)
        return b.withUnsafeBufferPointer { TraceField.decimal($0, 0..<b.count) }
    }

    @Test func decimalsAreExactlyWhatDoubleParses() {
        let tricky = [
            "0", "0.0", "0.1", "0.2", "0.3", "1e-3", "1E-3", "1e+3", "1e0", "0e0", ".5", "5.", "00.125", "0.000001",
            "0.30000000000000004", "9007199254740993e-15", "9007199254740992", "9007199254740993", "1e22", "1e23",
            "1e-22", "1e-23", "123456789.123456789", "0.1234567890123456789", "1.0000000000000000000001",
            "4.35", "2.675", "0.000000000001", "1.5e-12", "10.000000001", "3.0e+0", "1e-0",
            "", ".", "e5", "1e", "1e+", "+1", "-1", "-0", "0x1p-3", "inf", "nan", "1_0", "1.2.3", "1e5x", " 1", "1 ",
        ]
        for s in tricky {
            if let v = fast(s) {
                let d = Double(s)
                #expect(d?.bitPattern == v.bitPattern, "'\(s)': \(v) against \(String(describing: d))")
            }
        }
        #expect(fast("0.1") == 0.1 && fast("1e-3") == 0.001 && fast(".5") == 0.5 && fast("5.") == 5)
        for s in ["", ".", "e5", "1e", "1e+", "+1", "-1", "0x1p-3", "inf", "1_0", "1.2.3", " 1"] { #expect(fast(s) == nil, "'\(s)'") }

        var rng = SplitMix(state: 42)
        var handled = 0, plain = 0
        let n = 200_000
        for k in 0..<n {
            let s: String
            switch k % 4 {
            case 0:  // how traces write times: a fixed number of decimals
                let x = Double.random(in: 0..<1000, using: &rng)
                s = String(format: "%.\(Int.random(in: 0...12, using: &rng))f", x)
            case 1:  // shortest round-trip form, any magnitude
                s = "\(Double(bitPattern: rng.next() & 0x7FEF_FFFF_FFFF_FFFF))"
            case 2:  // random digits and exponents, near halfway cases included
                let digits = String((0..<Int.random(in: 1...20, using: &rng)).map { _ in "0123456789".randomElement(using: &rng)! })
                let dot = Int.random(in: 0...digits.count, using: &rng)
                let e = Bool.random(using: &rng) ? "e\(Int.random(in: -30...30, using: &rng))" : ""
                s = String(digits.prefix(dot)) + "." + String(digits.dropFirst(dot)) + e
            default:
                s = String(format: "%.17g", Double.random(in: 0..<10, using: &rng))
            }
            if let v = fast(s) {
                handled += 1
                if k % 4 == 0 { plain += 1 }
                guard let d = Double(s), d.bitPattern == v.bitPattern else {
                    Issue.record("'\(s)': \(v) against \(String(describing: Double(s)))")
                    return
                }
                // The time as fnsim takes it: the same picoseconds.
                #expect(Time.fromSeconds(v) == Time.fromSeconds(d))
            }
        }
        // Every time written with a fixed number of decimals takes the fast path.
        #expect(plain == n / 4 && handled > n / 3, "\(plain), \(handled) of \(n) parsed on the fast path")
    }

    @Test func sizesAreWhatInt32Parses() {
        for s in ["1", "128", "0128", "1500", "2147483647", "2147483648", "0", "00", "", "+5", "-5", "1e2", "12a", "99999999999"] {
            let b = Array(s.utf8)
            let v = b.withUnsafeBufferPointer { TraceField.positiveInt32($0, 0..<b.count) }
            if let v { #expect(Int32(s) == v, "'\(s)'") } else {
                #expect(!(s.allSatisfy(\.isASCII) && s.allSatisfy(\.isNumber) && (Int32(s) ?? 0) > 0), "'\(s)'")
            }
        }
    }

    @Test func namesFindTheirValues() {
        var names = TraceNames()
        let words = (0..<5000).map { "dev\($0 / 32)-\($0 % 32)" }
        func value(_ s: String) -> Int32? {
            let b = Array(s.utf8)
            return b.withUnsafeBufferPointer { names.value($0, 0..<b.count) }
        }
        for (k, w) in words.enumerated() {
            #expect(value(w) == nil)
            let b = Array(" \(w),".utf8)
            b.withUnsafeBufferPointer { names.add($0, 1..<(b.count - 1), value: Int32(k)) }
        }
        for (k, w) in words.enumerated() where value(w) != Int32(k) { Issue.record("\(w)"); break }
        #expect(value("dev0-") == nil && value("") == nil && value("dev0-00") == nil)
    }
}
