import Foundation
import Kernel
import Testing
@testable import Scenario

@Suite struct UnitTests {
    @Test(arguments: [
        ("250us", 250e6), ("1ms", 1e9), ("2s", 2e12), ("0.5us", 5e5), ("10ns", 1e4), ("100ps", 100), ("1min", 60e12),
        ("1.5 ms", 1.5e9), ("0s", 0),
    ])
    func times(_ text: String, _ ps: Double) throws {
        #expect(try Quantity.time.parse(text).get() == ps)
    }

    @Test(arguments: [("1Gbps", 1e9), ("100Mbps", 1e8), ("10kbps", 1e4), ("2.5Gbps", 2.5e9), ("1Tbps", 1e12), ("9600bps", 9600)])
    func rates(_ text: String, _ bps: Double) throws {
        #expect(try Quantity.rate.parse(text).get() == bps)
    }

    @Test(arguments: [("1500B", 1500.0), ("64B", 64), ("2KB", 2000), ("1KiB", 1024), ("1MB", 1e6), ("1MiB", 1_048_576)])
    func sizes(_ text: String, _ bytes: Double) throws {
        #expect(try Quantity.size.parse(text).get() == bytes)
    }

    @Test func lengths() throws {
        #expect(try Quantity.length.parse("20m").get() == 20)
        #expect(try Quantity.length.parse("1.5km").get() == 1500)
    }

    @Test func badQuantities() {
        #expect(Quantity.time.parse("5") == .failure(.missingUnit))
        #expect(Quantity.time.parse("ms") == .failure(.notANumber))
        #expect(Quantity.time.parse("") == .failure(.notANumber))
        #expect(Quantity.rate.parse("1Gbit") == .failure(.badUnit("Gbit", suggestion: "Gbps")))
        #expect(Quantity.size.parse("1e400B") == .failure(.notANumber))
        if case .failure(.badUnit) = Quantity.time.parse("5 sec") {} else { Issue.record("5 sec accepted") }
    }

    @Test func editDistanceAndSuggestions() {
        #expect(editDistance("kitten", "sitting") == 3)
        #expect(nearest("durration", in: ScenarioKeys.file.names) == "duration")
        #expect(nearest("zzzz", in: ScenarioKeys.file.names) == nil)
    }

    @Test func globs() {
        #expect(Glob.matches("dev*", "dev1-1"))
        #expect(Glob.matches("dev*-1", "dev3-1"))
        #expect(!Glob.matches("dev*-1", "dev3-11"))
        #expect(Glob.matches("dev?", "dev7"))
        #expect(Glob.matches("cell[1-3]", "cell2"))
        #expect(!Glob.matches("cell[!1-3]", "cell2"))
        #expect(Glob.matches("a", "a") && !Glob.matches("a", "ab"))
    }

    @Test func expressions() throws {
        let s = Substituter(vars: ["c": .int(3), "i": .int(4), "D": .int(32), "R": .text("1Gbps")], paramNames: ["D", "R"])
        #expect(try s.substitute("dev{c}-{i}").get() == "dev3-4")
        #expect(try s.substitute("n{(c-1)*D+i}").get() == "n68")
        #expect(try s.substitute("$R").get() == "1Gbps")
        #expect(try s.substitute("1..$D").get() == "1..32")
        #expect(try s.substitute("{{literal}}").get() == "{literal}")
        if case .success = s.substitute("{x}") { Issue.record("unknown variable accepted") }
        if case .success = s.substitute("{c/0}") { Issue.record("division by zero accepted") }
        if case .success = s.substitute("{9223372036854775807*2}") { Issue.record("overflow accepted") }
        if case .success = s.substitute("{R+1}") { Issue.record("text arithmetic accepted") }
    }

    @Test func distributions() throws {
        let base = tiny.replacingOccurrences(of: "size: 100B", with: "size: SIZE")
        func size(_ text: String) throws -> Distribution {
            let f = try ScenarioLoader.load(yaml: base.replacingOccurrences(of: "SIZE", with: text))
            return try #require(f.designs.first?.plant.flows.first?.sources.first?.traffic.size)
        }
        #expect(try size("{dist: constant, value: 100B}") == .constant(100))
        #expect(try size("{dist: uniform, min: 64B, max: 1KB}") == .uniform(low: 64, high: 1000))
        #expect(try size("{dist: exponential, mean: 500B}") == .exponential(mean: 500))
        #expect(try size("{dist: normal, mean: 500B, sd: 50B}") == .normal(mean: 500, sd: 50))
        #expect(try size("{dist: lognormal, mean: 500B, cv: 0.5}") == .lognormal(mean: 500, cv: 0.5))
        #expect(try size("{dist: pareto, shape: 2, mean: 500B}") == .pareto(shape: 2, scale: 250))
        #expect(try size("{dist: weibull, shape: 1.5, scale: 400B}") == .weibull(shape: 1.5, scale: 400))
        #expect(try size("{dist: gamma, shape: 2, mean: 500B}") == .gamma(shape: 2, scale: 250))
        #expect(try size("{dist: empirical, points: [[64B, 0.5], [1500B, 1]]}") == .empirical(values: [64, 1500], cdf: [0.5, 1]))
        let bad = errors(yaml: base.replacingOccurrences(of: "SIZE", with: "{dist: empirical, points: [[64B, 0.5], [100B, 0.9]]}"))
        #expect(bad.first?.message.contains("must be 1") ?? false)
        let bad2 = errors(yaml: base.replacingOccurrences(of: "SIZE", with: "{dist: uniform, min: 100B, max: 64B}"))
        #expect(bad2.first?.message.contains("below its minimum") ?? false)
    }

    @Test func schemaIsDeterministicJSON() throws {
        let a = ScenarioSchema.jsonSchema(), b = ScenarioSchema.jsonSchema()
        #expect(a == b)
        let obj = try JSONSerialization.jsonObject(with: Data(a.utf8)) as? [String: Any]
        #expect(obj?["$schema"] as? String == "https://json-schema.org/draft/2020-12/schema")
        #expect((obj?["properties"] as? [String: Any])?["variants"] != nil)
    }
}
