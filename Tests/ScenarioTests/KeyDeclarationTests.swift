import Foundation
import Kernel
import Models
import Testing
@testable import Scenario

/// The key declarations and what derives from them: the JSON Schema, the keys a variant
/// may change, the documentation.
@Suite struct KeyDeclarationTests {
    static func instance(_ path: String) throws -> Instance {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let tree = try #require(TreeBuilder.parse(text, file: path, diags: Diagnostics()))
        return Instance(tree)
    }

    static let validator = SchemaValidator(root: ScenarioSchema.schema)

    /// Every file in Scenarios/, listed when the tests run, so a new one is covered at once.
    static let shippedScenarios: [String] = {
        let dir = packageRoot.appendingPathComponent("Scenarios").path
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted()
    }()

    @Test(arguments: shippedScenarios)
    func schemaAcceptsTheShippedScenarios(_ name: String) throws {
        let errors = Self.validator.errors(try Self.instance(scenarioPath(name)))
        #expect(errors.isEmpty, "\(errors)")
    }

    @Test func everyShippedScenarioIsChecked() {
        #expect(Self.shippedScenarios.contains("agv-fleet-5g.yaml"))
        #expect(Self.shippedScenarios.count >= 4, "\(Self.shippedScenarios)")
    }

    /// The schema is strict about the radio sections too: the checker can fail on them.
    @Test func schemaRejectsBadRadioSections() throws {
        for (yaml, problem) in [
            ("radio: {scenario: InF-DX}", "not in the enum"),
            // (A percentage is checked by pattern only; a fraction by its bounds: 1 is a wall, not clutter.)
            ("radio: {scenario: InF-DH, clutter: {density: 1, size: 2m, height: 6m}}", "matches none"),
            ("cells: [{id: c, gnb: g, position: [1m, 2m], carrier: 3.7GHz, bandwidth: 100MHz, mini_slt: 2}]",
             "unexpected key 'mini_slt'"),
            ("cells: [{id: c, gnb: g, position: [1m, 2m, 3m], carrier: 3.7GHz, bandwidth: 100MHz}]", "more than 2 items"),
            ("cells: [{id: c, gnb: g, position: [1m, 2m], bandwidth: 100MHz}]", "missing carrier"),
            ("nodes: [{id: a, type: agv, radio: {position: [1m, 2m], speeed: 2m/s}}]", "unexpected key 'speeed'"),
            ("flows: [{id: f, kind: periodic, to: e, period: 1ms, radio: {5qi: 82, acess: configured}}]",
             "unexpected key 'acess'"),
        ] {
            let tree = try #require(TreeBuilder.parse("duration: 1s\n" + yaml + "\n", file: "x", diags: Diagnostics()))
            let errors = Self.validator.errors(Instance(tree))
            #expect(errors.contains { $0.contains(problem) }, "\(yaml): \(errors)")
        }
    }

    /// A file with every new section: wan links (delay distribution with shift, trace,
    /// Gilbert-Elliott loss, per-direction settings), compute with services, request flows.
    @Test func schemaAcceptsTheNewSections() throws {
        let fiveG = WANLinkTests.fiveG.replacingOccurrences(of: "cam1", with: "cam2").replacingOccurrences(of: "sw1", with: "cell")
        let wan = "  - {from: line, to: cloud, type: wan, delay: 10ms}\n"
        let yaml = ComputeTests.plant.replacingOccurrences(of: wan, with: wan + fiveG + "\n")
        #expect(yaml.contains("burst: 3"))
        let tree = try #require(TreeBuilder.parse(yaml, file: "x", diags: Diagnostics()))
        let errors = Self.validator.errors(Instance(tree))
        #expect(errors.isEmpty, "\(errors)")
    }

    @Test(arguments: [
        ("{from: a, to: b, type: wan, delay: 5ms, length: 10m}", "unexpected key 'length'"),
        ("{from: a, to: b, loss: 1%}", "unexpected key 'loss'"),
        ("{from: a, to: b, type: wna, delay: 5ms}", "matches none"),
        ("{from: a, to: b, type: wan, delay: 5ms, loss: 1.5}", "matches none"),
        ("{from: a, to: b, traffic_classes: 9}", "matches none"),
        ("{from: a, to: b, speed: 1GHz}", "unexpected key 'speed'"),
        // A name two technologies declare with different types: an Ethernet delay is a time.
        ("{from: a, to: b, delay: {dist: uniform, min: 1us, max: 2us}}", "$.links[0].delay: expected string"),
    ])
    func schemaRejectsBadLinks(_ link: String, _ problem: String) throws {
        let yaml = "duration: 1s\nlinks:\n  - \(link)\n"
        let tree = try #require(TreeBuilder.parse(yaml, file: "x", diags: Diagnostics()))
        let errors = Self.validator.errors(Instance(tree))
        #expect(errors.contains { $0.contains(problem) }, "\(errors)")
    }

    @Test func schemaRejectsBadComputeAndFlows() throws {
        for (yaml, problem) in [
            ("nodes: [{id: e, type: server, compute: {speed: 2.5Ghz, services: [{id: s, time: 1ms}]}}]", "does not match"),
            ("nodes: [{id: s, type: switch, compute: {services: [{id: s, time: 1ms}]}}]", "unexpected key 'compute'"),
            ("nodes: [{id: e, type: server, compute: {services: []}}]", "fewer than 1 items"),
            ("flows: [{id: f, kind: poisson, to: e, period: 1ms}]", "unexpected key 'period'"),
            ("flows: [{id: f, kind: periodic, to: e, size: 1B}]", "missing period"),
            ("flows: [{id: f, kind: periodic, to: e, period: 1ms, response: {sz: 1B}}]", "unexpected key 'sz'"),
        ] {
            let tree = try #require(TreeBuilder.parse("duration: 1s\n" + yaml + "\n", file: "x", diags: Diagnostics()))
            let errors = Self.validator.errors(Instance(tree))
            #expect(errors.contains { $0.contains(problem) }, "\(yaml): \(errors)")
        }
    }

    /// Every declared key, and every name a key takes (flow kinds, node and link types,
    /// distributions, enumerations), by collecting the words of the declarations.
    static var declaredWords: [String] {
        var seen = Set<String>()
        return ScenarioKeys.file.words.filter { seen.insert($0).inserted }
    }

    /// Words of `declaredWords` that `text` does not mention as a whole word.
    static func unmentioned(in text: String) -> [String] {
        declaredWords.filter { word in
            let escaped = NSRegularExpression.escapedPattern(for: word)
            return text.range(of: "(^|[^A-Za-z0-9_-])\(escaped)([^A-Za-z0-9_-]|$)", options: .regularExpression) == nil
        }
    }

    @Test func declarationsCoverTheNewSections() {
        let words = Set(Self.declaredWords)
        for w in ["traffic_classes", "selection", "strict-priority", "wan", "ethernet", "uplink", "downlink", "in_order",
                  "loss", "gilbert-elliott", "burst", "loss_good", "loss_bad", "trace", "replay", "cycle", "sample",
                  "compute", "servers", "discipline", "fcfs", "edf", "queue", "speed", "services", "work", "service",
                  "response", "shift", "lognormal", "periodic", "switch", "for", "count", "forwarding", "protocol", "rstp",
                  "mrp", "reconvergence", "rings", "manager", "recovery", "outage", "faults", "babbling", "mtbf",
                  "time_to_failure", "survival_time", "replication", "frer", "prp", "path_list", "priority"] {
            #expect(words.contains(w), "\(w) is not declared")
        }
        // The check can fail: a text without a key misses it.
        #expect(Self.unmentioned(in: "nothing here").contains("traffic_classes"))
        #expect(!Self.unmentioned(in: "`traffic_classes: 1..8`").contains("traffic_classes"))
    }

    /// The README's tour of the format mentions every declared key and name.
    @Test func readmeTourMentionsEveryKey() throws {
        let readme = try String(contentsOf: packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let start = try #require(readme.range(of: "## A tour of the scenario format"))
        let tour = readme[start.upperBound...].components(separatedBy: "\n## ")[0]
        #expect(Self.unmentioned(in: tour).isEmpty, "not in the tour: \(Self.unmentioned(in: tour))")
    }

    /// Keys a variant's change may set come from the declarations.
    @Test func changeAcceptsDeclaredKeys() throws {
        let y = tiny.replacingOccurrences(of: "  - {from: b, to: sw}", with: "  - {from: b, to: sw}\n  - {from: a, to: b, type: wan, delay: 1ms}")
            + "variants:\n  - {name: v, change: {links: [{from: a, to: b, in_order: false, loss: 1%}], nodes: [{id: b, compute: {services: [{id: s, time: 1ms}]}}]}}\n"
        let f = try ScenarioLoader.load(yaml: y)
        #expect(f.designs[1].plant.links.allSatisfy { !$0.inOrder && $0.loss == .independent(rate: 0.01) })
        #expect(f.designs[1].plant.services.map(\.name) == ["s"])
        let bad = errors(yaml: y.replacingOccurrences(of: "in_order: false", with: "in_ordr: false"))
        #expect(bad.first?.message.contains("unknown key 'in_ordr' in an entry of 'change.links'; did you mean 'in_order'?") ?? false,
                "\(bad)")
    }

    /// Names are unique within each record and family case, and every declared key has help.
    @Test func declarationsAreWellFormed() {
        var families = [NodeKeys.family, LinkKeys.family, FlowKeys.family, WANLinkKeys.lossModels, ForwardingKeys.family,
                        ReplicationKeys.family]
        families += [Quantity.time, .size, .cycles].map { DistributionKeys(q: $0).family }
        for f in families {
            for c in f.caseNames {
                let names = f.keys(of: c).map(\.name)
                #expect(Set(names).count == names.count, "\(f.noun) \(c): \(names)")
            }
            #expect(f.allKeys.allSatisfy { !$0.help.isEmpty }, "\(f.noun)")
        }
        for r in [ScenarioKeys.file, ScenarioKeys.variant, ScenarioKeys.defaultsRecord, ComputeKeys.record,
                  ComputeKeys.service, ResponseKeys.record, WANLinkKeys.direction, WANLinkKeys.delayTrace,
                  EthernetLinkKeys.defaults, NodeKeys.switchDefaults, FaultKeys.record, ForwardingKeys.ring] {
            #expect(Set(r.names).count == r.names.count, "\(r.names)")
            #expect(r.keys.allSatisfy { !$0.help.isEmpty }, "\(r.names)")
        }
    }
}
