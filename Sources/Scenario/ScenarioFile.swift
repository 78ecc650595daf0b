import Foundation
import Kernel
import Models

/// A loaded, validated scenario file: the base design and its variants, each ready to build.
public struct ScenarioFile: Sendable {
    public var path: String
    public var name: String
    /// FNV-1a 64 (hex) over the file's bytes, the trace files it reads and the command-line
    /// overrides: equal hashes mean equal inputs.
    public var hash: String
    /// "base" first, then the selected variants in file order.
    public var designs: [Design]
    /// The `sweep:` section, if the file has one.
    public var sweep: SweepSpec?
    public var warnings: [Diagnostic]
    /// Warnings past the first `Diagnostics.limit` of a design: counted, not worded.
    public var unreportedWarnings: Int

    public init(path: String, name: String, hash: String, designs: [Design], warnings: [Diagnostic],
                unreportedWarnings: Int = 0) {
        self.path = path
        self.name = name
        self.hash = hash
        self.designs = designs
        self.warnings = warnings
        self.unreportedWarnings = unreportedWarnings
    }

    /// Every warning, worded or not.
    public var warningCount: Int { warnings.reduce(unreportedWarnings) { $0 + 1 + $1.repeats } }

    /// The warnings as printed: one line each, then how many more there were.
    public var warningText: String {
        (warnings.map(\.description)
            + (unreportedWarnings > 0 ? ["... and \(unreportedWarnings) more warnings"] : [])).joined(separator: "\n")
    }
}

/// One candidate design of the plant, fully resolved.
public struct Design: Sendable {
    /// "base" for the base design, else the variant's name.
    public var variant: String
    public var description: String
    /// Every reference resolved to an index; routes are lists of hops.
    public var plant: PlantSpec
    public var seed: UInt64
    /// Picoseconds.
    public var duration: SimTime
    public var warmup: SimTime
    /// The design as resolved (templates expanded, overlay applied), as YAML; empty when
    /// the load was asked not to write it.
    public var resolvedYAML: String
    /// The type written in the file for each node (`plc`, `camera`, `switch`, ...), by node index.
    public var nodeTypes: [String]
    /// Expected frames sent over the run (mean rates × duration; a request flow's responses
    /// count too), and expected events: one per frame sent plus one per hop, and two per
    /// task of a request flow (completions of waiting frames not counted).
    public var estimatedFrames: Double = 0
    public var estimatedEvents: Double = 0

    public init(variant: String, description: String = "", plant: PlantSpec, seed: UInt64, duration: SimTime,
                warmup: SimTime, resolvedYAML: String, nodeTypes: [String] = []) {
        self.variant = variant
        self.description = description
        self.plant = plant
        self.seed = seed
        self.duration = duration
        self.warmup = warmup
        self.resolvedYAML = resolvedYAML
        self.nodeTypes = nodeTypes
    }
}

enum FileKind { case missing, regular, directory, other }

/// What is at `path`, following symbolic links.
func fileKind(_ path: String) -> FileKind {
    var st = stat()
    guard stat(path, &st) == 0 else { return .missing }
    switch st.st_mode & S_IFMT {
    case S_IFREG: return .regular
    case S_IFDIR: return .directory
    default: return .other
    }
}

/// Reads scenario files. See `ScenarioSchema` and the README for the format.
public enum ScenarioLoader {
    /// Loads the file at `path`.
    ///
    /// - Parameters:
    ///   - overrides: `PATH=VALUE` strings (`--set`), applied in order before variants; see
    ///     `PathEditor` for the path syntax (`parameters.C=4`, `flows.control.period=2ms`).
    ///   - seed, duration, warmup: replace the file's values (duration and warmup with units).
    ///   - variants: designs to build ("base" or variant names); nil builds all.
    ///   - maxMemory: what the load may take; a larger scenario is refused with an estimate.
    ///   - resolvedYAML: whether each design's `resolvedYAML` is written (a million-device
    ///     plant's is ~100 MB, and only `run --out` needs it).
    /// - Throws: `ScenarioErrors` listing every error found, sorted by position.
    public static func load(path: String, overrides: [String] = [], seed: UInt64? = nil,
                            duration: String? = nil, warmup: String? = nil,
                            variants: [String]? = nil, maxMemory: MemoryLimit = .machineDefault,
                            resolvedYAML: Bool = true) throws -> ScenarioFile {
        let fail = { (msg: String) in
            ScenarioErrors(diagnostics: [Diagnostic(file: path, line: 1, column: 1, message: msg)])
        }
        if let attrs = try? FileManager.default.attributesOfItem(atPath: path),
           let size = (attrs[.size] as? NSNumber)?.int64Value, let why = maxMemory.refusesText(bytes: size) {
            throw fail(why)
        }
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue {
            throw fail("'\(path)' is a directory, not a scenario file")
        }
        if fileKind(path) == .other {
            // Reading a FIFO would block, and a device such as /dev/null reads as empty.
            throw fail("'\(path)' is not a regular file")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw fail("cannot read '\(path)': no such file or not readable")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw fail("the file is not UTF-8 text")
        }
        let dir = URL(fileURLWithPath: path).deletingLastPathComponent().path
        return try Loader(file: path, baseDir: dir, maxMemory: maxMemory, writesResolvedYAML: resolvedYAML).run(
            text: text, bytes: Array(data), overrides: overrides, seed: seed, duration: duration, warmup: warmup,
            variants: variants)
    }

    /// Loads scenario text; `path` names it in messages, and relative trace files are read
    /// from its directory (from the current directory for "<input>").
    public static func load(yaml: String, path: String = "<input>", overrides: [String] = [], seed: UInt64? = nil,
                            duration: String? = nil, warmup: String? = nil,
                            variants: [String]? = nil, maxMemory: MemoryLimit = .machineDefault,
                            resolvedYAML: Bool = true) throws -> ScenarioFile {
        if let why = maxMemory.refusesText(bytes: Int64(yaml.utf8.count)) {
            throw ScenarioErrors(diagnostics: [Diagnostic(file: path, line: 1, column: 1, message: why)])
        }
        let dir = path.hasPrefix("<") ? FileManager.default.currentDirectoryPath
            : URL(fileURLWithPath: path).deletingLastPathComponent().path
        return try Loader(file: path, baseDir: dir, maxMemory: maxMemory, writesResolvedYAML: resolvedYAML).run(
            text: yaml, bytes: Array(yaml.utf8), overrides: overrides, seed: seed, duration: duration, warmup: warmup,
            variants: variants)
    }
}
