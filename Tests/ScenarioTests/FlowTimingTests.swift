import Foundation
import Kernel
import Models
import Testing
@testable import Scenario

/// Flow timings that were accepted without a word: jitter that reaches the period, and a
/// flow that cannot start before the run ends (or before its own stop).
@Suite struct FlowTimingTests {
    static let flowLine = "  - {id: f, kind: periodic, from: a, to: b, size: 100B, period: 1ms}"

    func load(_ flow: String) throws -> ScenarioFile {
        try ScenarioLoader.load(yaml: tiny.replacingOccurrences(of: Self.flowLine, with: "  - " + flow))
    }

    @Test func jitterThatReachesThePeriodIsAWarning() throws {
        let f = try load("{id: f, kind: periodic, from: a, to: b, size: 100B, period: 1ms, "
            + "jitter: {dist: uniform, min: 0us, max: 1.5ms}}")
        let w = try #require(f.warnings.first)
        #expect(w.severity == .warning)
        #expect(w.message == "'jitter' of flow 'f' can reach 1.5ms, not below its period 1ms: each draw is cut to "
            + "just under one period, so frames stay in order but the jitter is not the distribution given "
            + "(variant 'base')", "\(w)")
        #expect((w.line, w.column) == (13, 78), "\(w)")
        // Unbounded: by its mean. Below the period: no word.
        let exponential = try load("{id: f, kind: periodic, from: a, to: b, size: 100B, period: 1ms, "
            + "jitter: {dist: exponential, mean: 2ms}}")
        #expect(exponential.warnings.map(\.message).first?.contains("'jitter' of flow 'f' averages 2ms") == true)
        for jitter in ["{dist: uniform, min: 0us, max: 999us}", "{dist: exponential, mean: 100us}"] {
            let quiet = try load("{id: f, kind: periodic, from: a, to: b, size: 100B, period: 1ms, jitter: \(jitter)}")
            #expect(quiet.warnings.isEmpty, "\(quiet.warnings)")
        }
    }

    /// An offset at or after the end: a warning, and no frames in validate's estimate
    /// (nor in the offered load); the flow is still built.
    @Test func aFlowThatStartsAfterTheEndSendsNothing() throws {
        let base = try load("{id: f, kind: periodic, from: a, to: b, size: 100B, period: 1ms}").designs[0]
        #expect(abs(base.estimatedFrames - 1000) < 1, "\(base.estimatedFrames)")
        let late = "{id: g, kind: periodic, from: a, to: b, size: 100B, period: 1us, offset: 1s}"
        let f = try load("{id: f, kind: periodic, from: a, to: b, size: 100B, period: 1ms}\n  - " + late)
        #expect(f.warnings.map(\.message) == ["'offset' of flow 'g' is 1s, at or after the end of the run (1s): "
            + "the flow sends nothing (variant 'base')"])
        #expect(f.designs[0].estimatedFrames == base.estimatedFrames)
        #expect(f.designs[0].estimatedEvents == base.estimatedEvents)
        #expect(f.designs[0].plant.flows.count == 2)
        // A random offset that may start in time is quiet; one whose least value is late is not.
        let random = try load("{id: g, kind: poisson, from: a, to: b, size: 100B, rate: 1Mbps, "
            + "offset: {dist: uniform, min: 0.5s, max: 2s}}")
        #expect(random.warnings.isEmpty)
        let shifted = try load("{id: g, kind: poisson, from: a, to: b, size: 100B, rate: 1Mbps, "
            + "offset: {dist: exponential, mean: 1s, shift: 3s}}")
        #expect(shifted.warnings.first?.message.contains("is at least 3s, at or after the end of the run") == true)
        #expect(shifted.designs[0].estimatedFrames == 0)
    }

    @Test func aStopBeforeTheOffsetSendsNothing() throws {
        let f = try load("{id: f, kind: periodic, from: a, to: b, size: 100B, period: 1ms, offset: 200ms, stop: 100ms}")
        let w = try #require(f.warnings.first)
        #expect(w.message == "'stop' of flow 'f' (100ms) comes before its 'offset' (200ms): the flow sends nothing "
            + "(variant 'base')")
        #expect(f.designs[0].estimatedFrames == 0)
    }
}
