import Foundation
import Testing
@testable import Scenario

/// The package root (…/Tests/ScenarioTests/Support.swift → …).
let packageRoot: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

func scenarioPath(_ name: String) -> String { packageRoot.appendingPathComponent("Scenarios/\(name)").path }

/// The errors a load throws (fails the test when it succeeds or throws something else).
func loadErrors(_ body: () throws -> ScenarioFile, sourceLocation: SourceLocation = #_sourceLocation) -> [Diagnostic] {
    do {
        _ = try body()
        Issue.record("expected the load to fail", sourceLocation: sourceLocation)
        return []
    } catch let e as ScenarioErrors {
        return e.diagnostics
    } catch {
        Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
        return []
    }
}

func errors(yaml: String, overrides: [String] = [], variants: [String]? = nil,
            sourceLocation: SourceLocation = #_sourceLocation) -> [Diagnostic] {
    loadErrors({ try ScenarioLoader.load(yaml: yaml, overrides: overrides, variants: variants) },
               sourceLocation: sourceLocation)
}

/// A small valid scenario to vary in tests.
let tiny = """
name: tiny
duration: 1s
defaults:
  link: {rate: 1Gbps, delay: 1us}
nodes:
  - {id: sw, type: switch}
  - {id: a, type: device}
  - {id: b, type: server}
links:
  - {from: a, to: sw}
  - {from: b, to: sw}
flows:
  - {id: f, kind: periodic, from: a, to: b, size: 100B, period: 1ms}

"""
