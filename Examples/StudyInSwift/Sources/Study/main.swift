import FactoryNet
import Foundation

// Usage: Study SCENARIO [STORE]. How does the camera's load on the shared uplink change
// the I/O poll's 99th percentile? Prints one line per camera rate with its 95 % interval.
let args = CommandLine.arguments
guard args.count >= 2 else {
    FileHandle.standardError.write(Data("usage: Study SCENARIO [STORE]\n".utf8))
    exit(64)
}
do {
    let rows = try CameraLoadStudy.run(scenario: args[1], store: args.count > 2 ? args[2] : "camera-load.db")
    print("camera rate   plc-report p99 (95 % CI)")
    for r in rows {
        print(r.rate.padding(toLength: 12, withPad: " ", startingAt: 0),
              String(format: "%8.2f us ± %.2f us", r.p99.mean * 1e6, (r.p99.halfWidth ?? 0) * 1e6))
    }
} catch {
    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    exit(1)
}
