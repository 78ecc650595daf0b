import Analysis
import Experiments
import Foundation
import Kernel
import Scenario

/// Paths and helpers shared by the end-to-end tests.
enum Repo {
    /// The package root, found from this file's path.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static func scenario(_ name: String) -> String { root.appendingPathComponent("Scenarios/\(name)").path }

    /// The fnsim executable built next to the test bundle.
    static var fnsim: URL {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<3 {
            let candidate = dir.appendingPathComponent("fnsim")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return root.appendingPathComponent(".build/debug/fnsim")
    }

    /// Loads a shipped scenario and runs all its designs.
    static func run(_ name: String, overrides: [String] = [], duration: String? = nil, warmup: String? = nil,
                    seed: UInt64? = nil, perSource: Bool = false) async throws -> (ScenarioFile, [RunResult]) {
        let file = try ScenarioLoader.load(path: scenario(name), overrides: overrides, seed: seed, duration: duration,
                                           warmup: warmup)
        let requests = file.designs.map {
            RunRequest(variant: $0.variant, plant: $0.plant, seed: $0.seed, duration: $0.duration,
                       warmup: $0.warmup, perSource: perSource)
        }
        return (file, await Runner.runAll(requests))
    }
}

/// Runs the fnsim binary and captures its exit status and output.
struct Invocation {
    var status: Int32
    var stdout: String
    var stderr: String

    /// `environment` adds to (or replaces) variables of this process's environment.
    init(_ arguments: [String], in directory: URL = Repo.root, environment: [String: String] = [:]) throws {
        let p = Process()
        p.executableURL = Repo.fnsim
        p.arguments = arguments
        p.currentDirectoryURL = directory
        p.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        status = p.terminationStatus
        stdout = String(decoding: o, as: UTF8.self)
        stderr = String(decoding: e, as: UTF8.self)
    }
}

func fingerprint(_ text: String) -> String {
    var h = StableHash()
    h.combine(bytes: text.utf8)
    return String(h.value, radix: 16)
}
