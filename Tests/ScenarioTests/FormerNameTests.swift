import Foundation
import Models
import Testing
@testable import Scenario

/// `on`/`off` of an on/off flow are `on_time`/`off_time`: YAML 1.1 readers (PyYAML) take a
/// bare on or off key for a boolean. The former names are still read, with a warning.
@Suite struct FormerNameTests {
    static let flowLine = "  - {id: f, kind: periodic, from: a, to: b, size: 100B, period: 1ms}"

    func yaml(_ flow: String, variants: String = "") -> String {
        tiny.replacingOccurrences(of: Self.flowLine, with: "  - " + flow) + variants
    }

    @Test func formerNamesAreReadWithAWarning() throws {
        let now = try ScenarioLoader.load(yaml: yaml(
            "{id: f, kind: onoff, from: a, to: b, size: 100B, on_time: 1ms, off_time: 2ms, rate: 1Mbps}"))
        #expect(now.warnings.isEmpty)
        let before = try ScenarioLoader.load(yaml: yaml(
            "{id: f, kind: onoff, from: a, to: b, size: 100B, on: 1ms, off: 2ms, rate: 1Mbps}"))
        #expect(before.designs[0].plant == now.designs[0].plant)
        #expect(before.warnings.map(\.message) == [
            "'on' is now written 'on_time' (YAML 1.1 readers such as PyYAML take a bare on for a boolean); "
                + "'on' is still read (variant 'base')",
            "'off' is now written 'off_time' (YAML 1.1 readers such as PyYAML take a bare off for a boolean); "
                + "'off' is still read (variant 'base')",
        ])
        #expect(before.warnings.map { "\($0.line):\($0.column)" } == ["13:54", "13:63"])
        // The resolved design is written with the new names.
        let resolved = before.designs[0].resolvedYAML
        #expect(resolved.contains("on_time: 1ms") && resolved.contains("off_time: 2ms") && !resolved.contains(" on: "),
                "\(resolved)")
    }

    /// A variant may change a flow by the former name too.
    @Test func aVariantChangesByEitherName() throws {
        let flow = "{id: f, kind: onoff, from: a, to: b, size: 100B, on_time: 1ms, off_time: 2ms, rate: 1Mbps}"
        let f = try ScenarioLoader.load(yaml: yaml(flow, variants: """
            variants:
              - {name: old, change: {flows: [{id: f, off: 5ms}]}}
              - {name: new, change: {flows: [{id: f, off_time: 5ms}]}}

            """))
        #expect(f.designs[1].plant == f.designs[2].plant)
        #expect(f.designs[1].plant != f.designs[0].plant)
        #expect(f.warnings.map(\.message) == ["'off' is now written 'off_time' (YAML 1.1 readers such as PyYAML "
            + "take a bare off for a boolean); 'off' is still read (variant 'old')"])
    }

    /// No key of the format is a YAML 1.1 boolean (y, yes, n, no, true, false, on, off in
    /// any case), so every YAML reader sees the same keys.
    @Test func noKeyIsAYAML11Boolean() throws {
        let booleans: Set<String> = ["y", "yes", "n", "no", "true", "false", "on", "off"]
        var keys: Set<String> = []
        func collect(_ x: Any) {
            if let o = x as? [String: Any] {
                if let props = o["properties"] as? [String: Any] { keys.formUnion(props.keys) }
                o.values.forEach(collect)
            } else if let a = x as? [Any] { a.forEach(collect) }
        }
        collect(try JSONSerialization.jsonObject(with: Data(ScenarioSchema.jsonSchema().utf8)))
        #expect(keys.contains("on_time") && keys.count > 100, "\(keys.count)")
        #expect(keys.filter { booleans.contains($0.lowercased()) }.isEmpty)
    }
}
