import FactoryNet
import Foundation
import Testing

/// The scripting example (Examples/StudyInSwift) compiled into the suite: its study runs
/// against the library as a user's package would, and a second call reads the store back.
@Suite("FactoryNet scripting example")
struct ExampleStudyTests {
    static let quickstart = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Scenarios/quickstart.yaml").path

    @Test func cameraLoadStudyRunsAndResumes() throws {
        let store = FileManager.default.temporaryDirectory.appendingPathComponent("study-\(UUID().uuidString).db").path
        defer { for s in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: store + s) } }
        let rows = try CameraLoadStudy.run(scenario: Self.quickstart, store: store, duration: "100ms", replications: 3)
        #expect(rows.map(\.rate) == ["20Mbps", "40Mbps", "60Mbps", "80Mbps"])
        for r in rows {
            #expect(r.p99.count == 3 && r.p99.mean > 0 && r.p99.halfWidth != nil)
        }
        // The PLCs' reports share the 100 Mbit/s uplink with the camera: they wait longer
        // behind 80 Mbit/s of video than behind 20.
        #expect(rows[3].p99.mean > rows[0].p99.mean)
        // Everything is in the store now: the second call runs nothing and reads the same.
        let again = try CameraLoadStudy.run(scenario: Self.quickstart, store: store, duration: "100ms", replications: 3)
        #expect(again.map(\.p99) == rows.map(\.p99))
        #expect(try ResultsStore(readingFrom: store).count() == 12)
    }
}
