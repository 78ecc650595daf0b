/// The fast path of reading a trace row: fields of an ASCII line as byte ranges, numbers
/// parsed from bytes. Each parser returns nil for anything outside the plain form it knows,
/// and the row is then read as text, as it always was (same syntax, same messages), so the
/// fast path only has to be right, never complete.
enum TraceField {
    /// `line[from..<to]` without spaces and tabs at either end (what trimming
    /// `.whitespaces` does to ASCII text).
    @inline(__always)
    static func trimmed(_ line: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int) -> Range<Int> {
        var a = from, b = to
        while a < b && (line[a] == 0x20 || line[a] == 0x09) { a &+= 1 }
        while b > a && (line[b &- 1] == 0x20 || line[b &- 1] == 0x09) { b &-= 1 }
        return a..<b
    }

    /// Index of the first comma in `line[from...]`, or `line.count`.
    @inline(__always)
    static func comma(_ line: UnsafeBufferPointer<UInt8>, from: Int) -> Int {
        var i = from
        while i < line.count && line[i] != 0x2C { i &+= 1 }
        return i
    }

    /// Powers of ten that are exact doubles (10^22 is the last).
    static let exactPowers: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    /// The double nearest a decimal written `digits[.digits][(e|E)[+|-]digits]` — the value
    /// `Double(String)` gives — when it has at most 19 significant digits forming an integer
    /// M ≤ 2^53 and a power of ten 10^k with |k| ≤ 22. Then M and 10^k are exact doubles and
    /// one multiplication or division rounds once, correctly (Clinger's fast path). Nil for
    /// anything else (signs, hex, inf, more digits), which the caller parses as text.
    static func decimal(_ line: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Double? {
        var i = r.lowerBound
        let e = r.upperBound
        var m: UInt64 = 0
        var significant = 0, digits = 0, scale = 0
        while i < e, case let c = line[i] &- 0x30, c < 10 {
            if m != 0 || c != 0 {
                significant &+= 1
                m = m &* 10 &+ UInt64(c)
            }
            digits &+= 1
            i &+= 1
        }
        if i < e && line[i] == 0x2E {
            i &+= 1
            while i < e, case let c = line[i] &- 0x30, c < 10 {
                if m != 0 || c != 0 {
                    significant &+= 1
                    m = m &* 10 &+ UInt64(c)
                }
                digits &+= 1
                scale &-= 1
                i &+= 1
            }
        }
        guard digits > 0, significant <= 19 else { return nil }
        if i < e {
            guard line[i] | 0x20 == 0x65 else { return nil }  // e or E
            i &+= 1
            var negative = false
            if i < e && (line[i] == 0x2B || line[i] == 0x2D) {
                negative = line[i] == 0x2D
                i &+= 1
            }
            guard i < e else { return nil }
            var x = 0
            while i < e, case let c = line[i] &- 0x30, c < 10 {
                guard x < 10_000 else { return nil }
                x = x &* 10 &+ Int(c)
                i &+= 1
            }
            guard i == e else { return nil }
            scale &+= negative ? -x : x
        }
        if m == 0 { return 0 }
        guard m <= 1 << 53, scale >= -22, scale <= 22 else { return nil }
        return scale >= 0 ? Double(m) * exactPowers[scale] : Double(m) / exactPowers[-scale]
    }

    /// A whole number of 1 to 2^31 − 1 written in decimal digits only (leading zeros
    /// allowed, as `Int32(String)` allows them), or nil.
    static func positiveInt32(_ line: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Int32? {
        guard !r.isEmpty else { return nil }
        var v: Int64 = 0
        for i in r {
            let c = line[i] &- 0x30
            guard c < 10 else { return nil }
            v = v &* 10 &+ Int64(c)
            guard v <= Int64(Int32.max) else { return nil }
        }
        return v > 0 ? Int32(v) : nil
    }
}
