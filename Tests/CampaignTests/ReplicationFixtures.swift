import FactoryNet
import Foundation

/// Scenarios and helpers of the replication and comparison tests.
enum ReplicationFixtures {
    /// A cell switch whose uplink carries Poisson camera traffic and periodic control
    /// frames. `same` changes a parameter no part uses (nothing measurable changes);
    /// `faster` raises the uplink from 100 to 150 Mbit/s.
    static let uplink = """
    name: uplink
    seed: 11
    duration: 300ms
    warmup: 20ms
    parameters: {UNUSED: 1}
    defaults:
      link: {rate: 100Mbps, length: 10m}
      switch: {forwarding: store-and-forward, delay: 2us}
    nodes:
      - {id: sw, type: switch}
      - {id: line, type: switch}
      - {id: edge, type: server}
      - {id: cam, type: camera}
      - {id: plc, type: plc}
      - {id: ctl, type: controller}
    links:
      - {from: sw, to: line}
      - {from: line, to: edge}
      - {from: line, to: ctl}
      - {from: sw, to: cam}
      - {from: sw, to: plc}
    flows:
      - {id: camera, kind: poisson, from: cam, to: edge, size: {dist: uniform, min: 500B, max: 1500B}, rate: 70Mbps}
      - {id: report, kind: periodic, from: plc, to: ctl, size: 256B, period: 1ms, deadline: 2ms,
         offset: {dist: uniform, min: 0ms, max: 1ms}}
    variants:
      - name: same
        set: {parameters.UNUSED: 2}
      - name: faster
        change:
          links: [{from: sw, to: line, rate: 150Mbps}]
    """

    static func load(_ yaml: String, variants: [String]? = nil) throws -> ScenarioFile {
        try ScenarioLoader.load(yaml: yaml, variants: variants)
    }

    static func requests(_ file: ScenarioFile) -> [RunRequest] {
        file.designs.map {
            RunRequest(variant: $0.variant, plant: $0.plant, seed: $0.seed, duration: $0.duration, warmup: $0.warmup)
        }
    }

    /// RFC 4180 records (quoted fields, doubled quotes), as pandas' reader splits them.
    static func parseCSV(_ text: String) -> [[String]] {
        var records: [[String]] = [], field = "", record: [String] = [], quoted = false
        var chars = Array(text)[...]
        while let c = chars.popFirst() {
            if quoted {
                if c == "\"" {
                    if chars.first == "\"" { field.append("\""); chars.removeFirst() } else { quoted = false }
                } else { field.append(c) }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                record.append(field); field = ""
            } else if c == "\n" {
                record.append(field); field = ""
                records.append(record); record = []
            } else { field.append(c) }
        }
        if !field.isEmpty || !record.isEmpty { record.append(field); records.append(record) }
        return records
    }
}

/// The fnsim binary built next to the test bundle, run with arguments.
struct FnsimRun {
    var status: Int32
    var stdout: String
    var stderr: String

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static var binary: URL {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<3 {
            let candidate = dir.appendingPathComponent("fnsim")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return root.appendingPathComponent(".build/debug/fnsim")
    }

    init(_ arguments: [String]) throws {
        let p = Process()
        p.executableURL = Self.binary
        p.arguments = arguments
        p.currentDirectoryURL = Self.root
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
