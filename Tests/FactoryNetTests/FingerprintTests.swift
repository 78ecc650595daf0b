import Reporting
import Testing

/// Fingerprints (FNV-1a of flows.csv and ports.csv) of the shipped scenarios for a fixed
/// seed: any change in behaviour shows here at once. Update a value only in a commit that
/// says why the behaviour changed.
@Suite struct FingerprintTests {
    @Test func quickstart() async throws {
        let (_, results) = try await Repo.run("quickstart.yaml", duration: "300ms")
        #expect(fingerprint(FlowsCSV.render(results)) == "6958dee5a94bdbf9")
        #expect(fingerprint(PortsCSV.render(results)) == "b8193b68d1ddf721")
    }

    @Test func factoryTree() async throws {
        let (_, results) = try await Repo.run("factory-tree.yaml", overrides: ["parameters.C=3", "parameters.D=5"],
                                              duration: "300ms")
        #expect(fingerprint(FlowsCSV.render(results)) == "4aa033c6d7df1eb8")
        #expect(fingerprint(PortsCSV.render(results)) == "87bb96c1717fc5b5")
    }
}
