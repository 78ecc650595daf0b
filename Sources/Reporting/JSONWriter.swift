/// A JSON value whose objects keep their key order, so output is stable and readable.
public indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int64)
    case uint(UInt64)
    /// Written as the shortest plain decimal that reads back exactly; NaN and ±∞ become null.
    case double(Double)
    /// A number already written as valid JSON number text (e.g. exact seconds).
    case numberText(String)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (a: JSONValue, b: JSONValue) -> Bool {
        JSONWriter.render(a) == JSONWriter.render(b)
    }

    /// `.double(x)` or `.null` for nil.
    public static func number(_ x: Double?) -> JSONValue {
        x.map { .double($0) } ?? .null
    }

    /// `.string(s)` or `.null` for nil.
    public static func text(_ s: String?) -> JSONValue {
        s.map { .string($0) } ?? .null
    }

    /// Picoseconds as exact seconds.
    public static func seconds(picoseconds ps: Int64) -> JSONValue {
        .numberText(Numbers.seconds(picoseconds: ps))
    }

    /// Picoseconds held as a Double as seconds (shortest exact digits, shifted); null when
    /// nil or not finite.
    public static func seconds(picoseconds ps: Double?) -> JSONValue {
        guard let ps, let d = DecimalText(ps) else { return .null }
        return .numberText(d.shifted(by: -12).plain())
    }
}

/// Pretty-prints JSONValue: two-space indent, `"key": value`, one member per line, empty
/// containers as `[]` / `{}`, a final newline. No locale, no exponents.
public enum JSONWriter {
    public static func render(_ value: JSONValue) -> String {
        var out = ""
        write(value, indent: 0, into: &out)
        out.append("\n")
        return out
    }

    static func write(_ value: JSONValue, indent: Int, into out: inout String) {
        switch value {
        case .null:
            out.append("null")
        case .bool(let b):
            out.append(b ? "true" : "false")
        case .int(let i):
            out.append(String(i))
        case .uint(let u):
            out.append(String(u))
        case .double(let d):
            out.append(Numbers.exact(d) ?? "null")
        case .numberText(let t):
            out.append(t)
        case .string(let s):
            writeString(s, into: &out)
        case .array(let items):
            if items.isEmpty {
                out.append("[]")
                return
            }
            out.append("[\n")
            for (i, item) in items.enumerated() {
                pad(indent + 1, &out)
                write(item, indent: indent + 1, into: &out)
                out.append(i + 1 < items.count ? ",\n" : "\n")
            }
            pad(indent, &out)
            out.append("]")
        case .object(let members):
            if members.isEmpty {
                out.append("{}")
                return
            }
            out.append("{\n")
            for (i, (key, item)) in members.enumerated() {
                pad(indent + 1, &out)
                writeString(key, into: &out)
                out.append(": ")
                write(item, indent: indent + 1, into: &out)
                out.append(i + 1 < members.count ? ",\n" : "\n")
            }
            pad(indent, &out)
            out.append("}")
        }
    }

    private static func pad(_ level: Int, _ out: inout String) {
        out.append(String(repeating: "  ", count: level))
    }

    /// RFC 8259 string: quote, backslash and control characters escaped; the rest as UTF-8.
    static func writeString(_ s: String, into out: inout String) {
        out.append("\"")
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out.append("\\\"")
            case "\\": out.append("\\\\")
            case "\n": out.append("\\n")
            case "\r": out.append("\\r")
            case "\t": out.append("\\t")
            case "\u{08}": out.append("\\b")
            case "\u{0C}": out.append("\\f")
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let hex = String(scalar.value, radix: 16, uppercase: false)
                    out.append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out.append("\"")
    }
}
