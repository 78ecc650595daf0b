import Reporting
import Testing

/// Fingerprints (FNV-1a of flows.csv and ports.csv) of the shipped scenarios for a fixed
/// seed: any change in behaviour shows here at once. Update a value only in a commit that
/// says why the behaviour changed.
@Suite struct FingerprintTests {
    @Test func quickstart() async throws {
        let (_, results) = try await Repo.run("quickstart.yaml", duration: "300ms")
        #expect(fingerprint(ResultsCSV.flows(results)) == "7fe35b0c5463c268")
        #expect(fingerprint(ResultsCSV.ports(results)) == "b8193b68d1ddf721")
    }

    @Test func factoryTree() async throws {
        let (_, results) = try await Repo.run("factory-tree.yaml", overrides: ["parameters.C=3", "parameters.D=5"],
                                              duration: "300ms")
        #expect(fingerprint(ResultsCSV.flows(results)) == "74f1b6b0a0c35d6")
        #expect(fingerprint(ResultsCSV.ports(results)) == "87bb96c1717fc5b5")
    }

    @Test func cloudVersusEdge() async throws {
        let (_, results) = try await Repo.run("cloud-vs-edge.yaml", duration: "1s")
        #expect(fingerprint(ResultsCSV.flows(results)) == "ff6d1acba25ee82f")
        #expect(fingerprint(ResultsCSV.ports(results)) == "dfd37725a8647089")
        #expect(fingerprint(ResultsCSV.links(results)) == "57eaef399bb34bf6")
        #expect(fingerprint(ResultsCSV.compute(results)) == "c20d7df0cf8e32af")
    }
}
