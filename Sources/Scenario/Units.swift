import Foundation
import Kernel

/// Physical quantities in scenario files. Every quantity carries its unit:
///
/// - time: `ps ns us µs ms s min h` (`250us`, `0.5us`, `1min`) → picoseconds
/// - rate: `bps kbps Mbps Gbps Tbps` (SI, powers of 1000; `2.5Gbps`) → bit/s
/// - size: `B`, decimal `KB kB MB GB` (powers of 1000) and binary `KiB MiB GiB`
///   (powers of 1024) → bytes
/// - length: `m km cm` → metres (a cable's propagation delay is 5 ns/m)
/// - frequency: `Hz kHz MHz GHz` (powers of 1000) → hertz (a processor's cycles per second)
/// - cycles: `cycles kcycles Mcycles Gcycles` (powers of 1000) → cycles (a task's work)
/// - power: `dBm` → dBm (a transmitter's power; may be negative)
/// - gain: `dB dBi` → dB (an antenna gain, a noise figure, a hysteresis; may be negative)
/// - speed: `m/s km/h` → metres per second
public enum Quantity: String, Sendable, CaseIterable {
    case time, rate, size, length, frequency, cycles, power, gain, speed

    /// Logarithmic quantities may be below zero.
    public var signed: Bool { self == .power || self == .gain }

    public var example: String {
        switch self {
        case .time: return "250us"
        case .rate: return "100Mbps"
        case .size: return "1500B"
        case .length: return "20m"
        case .frequency: return "2.5GHz"
        case .cycles: return "40Mcycles"
        case .power: return "23dBm"
        case .gain: return "7dB"
        case .speed: return "2m/s"
        }
    }

    var units: [(String, Double)] {
        switch self {
        case .time:
            return [("ps", 1), ("ns", 1e3), ("us", 1e6), ("µs", 1e6), ("μs", 1e6), ("ms", 1e9), ("s", 1e12),
                    ("min", 60e12), ("h", 3600e12)]
        case .rate:
            return [("bps", 1), ("kbps", 1e3), ("Kbps", 1e3), ("Mbps", 1e6), ("Gbps", 1e9), ("Tbps", 1e12)]
        case .size:
            return [("B", 1), ("kB", 1e3), ("KB", 1e3), ("MB", 1e6), ("GB", 1e9), ("KiB", 1024),
                    ("MiB", 1_048_576), ("GiB", 1_073_741_824)]
        case .length:
            return [("m", 1), ("km", 1e3), ("cm", 0.01)]
        case .frequency:
            return [("Hz", 1), ("kHz", 1e3), ("MHz", 1e6), ("GHz", 1e9)]
        case .cycles:
            return [("cycles", 1), ("kcycles", 1e3), ("Mcycles", 1e6), ("Gcycles", 1e9)]
        case .power: return [("dBm", 1)]
        case .gain: return [("dB", 1), ("dBi", 1)]
        case .speed: return [("m/s", 1), ("km/h", 1 / 3.6)]
        }
    }

    public static let unitList: [Quantity: String] = [
        .time: "ps, ns, us, ms, s, min, h",
        .rate: "bps, kbps, Mbps, Gbps, Tbps",
        .size: "B, KB, MB, GB, KiB, MiB, GiB",
        .length: "m, km, cm",
        .frequency: "Hz, kHz, MHz, GHz",
        .cycles: "cycles, kcycles, Mcycles, Gcycles",
        .power: "dBm",
        .gain: "dB, dBi",
        .speed: "m/s, km/h",
    ]

    /// Parses `text` into the base unit, or explains what is wrong.
    public func parse(_ text: String) -> Result<Double, UnitError> {
        // Plain ASCII (nearly every value) is split without Foundation: a template that makes
        // a million links parses a million rates.
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            let b = Array(text.utf8)
            func blank(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 }
            var lo = 0, hi = b.count
            while lo < hi && blank(b[lo]) { lo += 1 }
            while hi > lo && blank(b[hi - 1]) { hi -= 1 }
            func digit(_ k: Int) -> Bool { k < hi && b[k] >= 0x30 && b[k] <= 0x39 }
            var numEnd = lo, seenDigit = false, i = lo
            while i < hi {
                let c = b[i]
                if (c >= 0x30 && c <= 0x39) || c == 0x2E || c == 0x2B || c == 0x2D {
                    if c >= 0x30 && c <= 0x39 { seenDigit = true }
                    i += 1
                    numEnd = i
                } else if (c == 0x65 || c == 0x45) && seenDigit {
                    let j = i + 1
                    if digit(j) || (j < hi && (b[j] == 0x2B || b[j] == 0x2D) && digit(j + 1)) {
                        i = j
                        numEnd = i
                    } else { break }
                } else { break }
            }
            var u = numEnd
            while u < hi && blank(b[u]) { u += 1 }
            let numText = String(decoding: b[lo..<numEnd], as: UTF8.self)
            return finish(numText, unit: String(decoding: b[u..<hi], as: UTF8.self), seenDigit: seenDigit)
        }
        let s = text.trimmingCharacters(in: .whitespaces)
        // Split the number from the unit: the number is the longest prefix that parses.
        var numEnd = s.startIndex
        var seenDigit = false
        var i = s.startIndex
        while i < s.endIndex {
            let c = s[i]
            if c.isASCII && (c.isNumber || c == "." || c == "+" || c == "-") {
                if c.isNumber { seenDigit = true }
                i = s.index(after: i)
                numEnd = i
            } else if (c == "e" || c == "E") && seenDigit {
                // An exponent only if followed by a digit or sign and digit.
                let j = s.index(after: i)
                if j < s.endIndex, s[j].isNumber || ((s[j] == "+" || s[j] == "-")
                    && s.index(after: j) < s.endIndex && s[s.index(after: j)].isNumber) {
                    i = j
                    numEnd = i
                } else { break }
            } else { break }
        }
        let numText = String(s[s.startIndex..<numEnd])
        return finish(numText, unit: String(s[numEnd...]).trimmingCharacters(in: .whitespaces), seenDigit: seenDigit)
    }

    private func finish(_ numText: String, unit: String, seenDigit: Bool) -> Result<Double, UnitError> {
        guard !numText.isEmpty, seenDigit, let value = Double(numText), value.isFinite else {
            return .failure(.notANumber)
        }
        if unit.isEmpty { return .failure(.missingUnit) }
        guard let factor = units.first(where: { $0.0 == unit })?.1 else {
            let names = units.map(\.0)
            return .failure(.badUnit(unit, suggestion: nearest(unit, in: names)))
        }
        let v = value * factor
        guard v.isFinite else { return .failure(.tooLarge) }
        return .success(v)
    }
}

public enum UnitError: Error, Equatable {
    case notANumber
    case missingUnit
    case badUnit(String, suggestion: String?)
    case tooLarge
}

extension Quantity {
    /// The value of `text` in the base unit, or a message saying what is wrong (for
    /// command-line options).
    public func value(_ text: String) -> Result<Double, QuantityError> {
        switch parse(text) {
        case let .success(v):
            if v < 0 && !signed { return .failure(QuantityError(description: "\(text) must not be negative")) }
            return .success(v)
        case .failure(.missingUnit), .failure(.notANumber):
            return .failure(QuantityError(description: "expected a \(rawValue) with a unit such as \(example), found '\(text)'"))
        case let .failure(.badUnit(u, suggestion)):
            return .failure(QuantityError(description: "unknown \(rawValue) unit '\(u)' in '\(text)'; expected one of "
                + (Quantity.unitList[self] ?? "") + (suggestion.map { "; did you mean '\($0)'?" } ?? "")))
        case .failure(.tooLarge): return .failure(QuantityError(description: "\(text) is too large"))
        }
    }
}

public struct QuantityError: Error, CustomStringConvertible {
    public let description: String
}

/// Rendering of base-unit values back to text (for messages and the resolved YAML).
enum Format {
    static func number(_ v: Double) -> String {
        if v == v.rounded() && abs(v) < 1e15 { return String(Int64(v)) }
        var s = String(format: "%.6g", v)
        if s.contains("e") { return s }
        if s.contains(".") { while s.hasSuffix("0") { s.removeLast() }; if s.hasSuffix(".") { s.removeLast() } }
        return s
    }

    static func time(_ ps: Double) -> String {
        let a = abs(ps)
        if a == 0 { return "0s" }
        if a >= 1e12 { return number(ps / 1e12) + "s" }
        if a >= 1e9 { return number(ps / 1e9) + "ms" }
        if a >= 1e6 { return number(ps / 1e6) + "us" }
        if a >= 1e3 { return number(ps / 1e3) + "ns" }
        return number(ps) + "ps"
    }

    static func rate(_ bps: Double) -> String {
        if bps >= 1e12 { return number(bps / 1e12) + "Tbps" }
        if bps >= 1e9 { return number(bps / 1e9) + "Gbps" }
        if bps >= 1e6 { return number(bps / 1e6) + "Mbps" }
        if bps >= 1e3 { return number(bps / 1e3) + "kbps" }
        return number(bps) + "bps"
    }

    static func size(_ b: Double) -> String { number(b) + "B" }

    static func frequency(_ hz: Double) -> String {
        if hz >= 1e9 { return number(hz / 1e9) + "GHz" }
        if hz >= 1e6 { return number(hz / 1e6) + "MHz" }
        if hz >= 1e3 { return number(hz / 1e3) + "kHz" }
        return number(hz) + "Hz"
    }
}

/// Probabilities, in scenario files and on the command line: a percentage (`0.1%`,
/// `99.999%`) or a fraction (`0.001`, `1e-5`).
public enum Probability {
    /// The fraction `text` stands for (not checked against [0, 1]); nil when it is not a
    /// finite number with an optional `%`.
    public static func parse(_ text: String) -> Double? {
        let s = text.trimmingCharacters(in: .whitespaces)
        let percent = s.hasSuffix("%")
        let number = percent ? String(s.dropLast()).trimmingCharacters(in: .whitespaces) : s
        guard !number.isEmpty, let x = Double(number), x.isFinite else { return nil }
        return percent ? x / 100 : x
    }
}
