import Reporting
import Testing

/// Fingerprints (FNV-1a of flows.csv and ports.csv) of the shipped scenarios for a fixed
/// seed: any change in behaviour shows here at once. Update a value only in a commit that
/// says why the behaviour changed.
@Suite struct FingerprintTests {
    @Test func quickstart() async throws {
        let (_, results) = try await Repo.run("quickstart.yaml", duration: "300ms")
        #expect(fingerprint(ResultsCSV.flows(results)) == "72d7b2d4f42319c0")
        #expect(fingerprint(ResultsCSV.ports(results)) == "709193f85e3b1fb9")
    }

    @Test func factoryTree() async throws {
        let (_, results) = try await Repo.run("factory-tree.yaml", overrides: ["parameters.C=3", "parameters.D=5"],
                                              duration: "300ms")
        #expect(fingerprint(ResultsCSV.flows(results)) == "606ff4e514f9ad8b")
        #expect(fingerprint(ResultsCSV.ports(results)) == "51ac7e53ccdaa2cd")
    }

    @Test func cloudVersusEdge() async throws {
        let (_, results) = try await Repo.run("cloud-vs-edge.yaml", duration: "1s")
        #expect(fingerprint(ResultsCSV.flows(results)) == "419267e0a95eb3aa")
        #expect(fingerprint(ResultsCSV.ports(results)) == "4a9fcc4c5a7afab9")
        #expect(fingerprint(ResultsCSV.links(results)) == "e0fc96d1f80c8d5c")
        #expect(fingerprint(ResultsCSV.compute(results)) == "b27e274460453989")
    }

    /// The 5G hall shrunk to 6 AGVs, 6 robots and 3 cameras, every variant, 300 ms after a
    /// 50 ms warm-up: flows.csv (with the latency split), cells.csv and terminals.csv.
    static let fleet = ["parameters.AGVS=6", "parameters.ROBOTS=6", "parameters.CAMERAS=3"]

    @Test func agvFleet5G() async throws {
        let (file, results) = try await Repo.run("agv-fleet-5g.yaml", overrides: Self.fleet, duration: "300ms",
                                                 warmup: "50ms")
        #expect(file.designs.map(\.variant) == ["base", "numerology-2", "mini-slots", "configured-grant", "central-upf",
                                                 "urllc-slice"])
        #expect(results.allSatisfy { $0.cells.count == 3 * 2 })  // three cells, each downlink and uplink
        #expect(fingerprint(ResultsCSV.flows(results)) == "a099ce6251dd98f2")
        #expect(fingerprint(ResultsCSV.cells(results)) == "76f59c67ae4c0165")
        #expect(fingerprint(ResultsCSV.terminals(results)) == "d7218d7fa493851")
    }

    /// The four redundancy designs facing the same cut and random failures, 5 s.
    @Test func lineRedundancy() async throws {
        let (file, results) = try await Repo.run("line-redundancy.yaml", duration: "5s")
        #expect(file.designs.map(\.variant) == ["base", "mrp-ring", "rstp-mesh", "prp"])
        #expect(fingerprint(ResultsCSV.flows(results)) == "9b39ba3edeec2aa7")
        #expect(fingerprint(ResultsCSV.ports(results)) == "d17574ab2a3ec867")
        #expect(fingerprint(ResultsCSV.faults(results)) == "87d409bd2450aada")
    }

    /// Two runs of the same 5G design give the same text, byte for byte.
    @Test func agvFleet5GIsDeterministic() async throws {
        let (_, a) = try await Repo.run("agv-fleet-5g.yaml", overrides: Self.fleet, duration: "300ms", warmup: "50ms")
        let (_, b) = try await Repo.run("agv-fleet-5g.yaml", overrides: Self.fleet, duration: "300ms", warmup: "50ms")
        for table in [ResultsCSV.flows, ResultsCSV.cells, ResultsCSV.terminals, ResultsCSV.ports] {
            #expect(table(a) == table(b))
        }
        let rows = ResultsCSV.cells(a).split(separator: "\n").count
        #expect(rows == 37)  // a header, then 6 designs × 3 cells × 2 directions
    }
}
