import Foundation

/// How much memory a load and a run may take, and what each part costs: a scenario is
/// refused with an estimate of its memory, not by a count of its entries. The costs are
/// measured on release builds (README, "Scale"); they err on the high side.
public struct MemoryLimit: Sendable, Equatable {
    public var bytes: Int64

    public init(bytes: Int64) { self.bytes = bytes }

    /// 8 GB, or three quarters of this machine's physical memory if that is less: a plant
    /// of a million devices fits, and a typo that makes ten million entries is answered at
    /// once instead of after minutes of loading.
    public static var machineDefault: MemoryLimit {
        MemoryLimit(bytes: Swift.min(8_000_000_000, Int64(ProcessInfo.processInfo.physicalMemory / 4 * 3)))
    }

    /// Bytes held per YAML node of the expanded design while it is built (the entries, the
    /// specs made from them and the resolved design's text): factory-tree at 200,000
    /// devices holds 305 B per node at its peak.
    static let bytesPerYAMLNode: Int64 = 320
    /// Bytes held per byte of scenario text while the YAML parser's tree exists.
    static let bytesPerTextByte: Int64 = 40

    /// YAML nodes the limit allows.
    var yamlNodes: Int { Int(bytes / Self.bytesPerYAMLNode) }

    /// "1.2 GB", for messages.
    static func text(_ bytes: Int64) -> String {
        let x = Double(bytes)
        for (scale, unit) in [(1e9, "GB"), (1e6, "MB"), (1e3, "kB")] where x >= scale {
            return String(format: x >= 10 * scale ? "%.0f %@" : "%.1f %@", x / scale, unit)
        }
        return "\(bytes) B"
    }

    /// "about 2.1 GB of memory, more than the limit of 1.5 GB (raise it with --max-memory)".
    public func refusal(_ estimate: Int64) -> String {
        "about \(Self.text(estimate)) of memory, more than the limit of \(Self.text(bytes)) "
            + "(raise it with --max-memory, such as --max-memory \(Self.suggestion(estimate)))"
    }

    /// Why a scenario text of `bytes` cannot be read within the limit, or nil.
    func refusesText(bytes: Int64) -> String? {
        let (need, o) = bytes.multipliedReportingOverflow(by: Self.bytesPerTextByte)
        guard o || need > self.bytes else { return nil }
        return "the file is \(Self.text(bytes)); reading it would take " + refusal(o ? .max : need)
    }

    /// A round figure above `estimate`, in GB.
    static func suggestion(_ estimate: Int64) -> String {
        "\(Swift.max(1, Int((Double(estimate) * 1.2 / 1e9).rounded(.up))))GB"
    }
}
