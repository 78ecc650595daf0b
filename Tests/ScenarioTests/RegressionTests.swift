import Foundation
import Kernel
import Models
import Testing
@testable import Scenario

/// Regressions from a crash hunt: each input once trapped, hung, overflowed or took far too long.
@Suite struct RegressionTests {
    static let flowLine = "  - {id: f, kind: periodic, from: a, to: b, size: 100B, period: 1ms}"

    func withFlow(_ flow: String) -> String { tiny.replacingOccurrences(of: Self.flowLine, with: "  - " + flow) }

    func firstError(_ yaml: String, overrides: [String] = [], sourceLocation: SourceLocation = #_sourceLocation)
        -> Diagnostic? {
        errors(yaml: yaml, overrides: overrides, sourceLocation: sourceLocation).first
    }

    @Test func countZeroMakesNothing() throws {
        let yaml = tiny.replacingOccurrences(of: "  - {id: b, type: server}",
                                             with: "  - {id: b, type: server}\n  - {id: \"n{i}\", type: device, count: 0}")
        let f = try ScenarioLoader.load(yaml: yaml)
        #expect(f.designs[0].plant.nodes.count == 3)
        let withParam = """
            name: p
            duration: 1s
            parameters: {N: 3}
            nodes:
              - {id: "n{i}", type: device, count: $N}
              - {id: "l{i}", type: device, for: {i: 1..2}}
            links:
              - {from: "n{i}", to: "l1", count: $N}

            """
        let g = try ScenarioLoader.load(yaml: withParam, overrides: ["parameters.N=0"])
        #expect(g.designs[0].plant.nodes.count == 2)
        #expect(g.designs[0].plant.ports.isEmpty)
    }

    @Test func deeplyNestedExpressionsAreRefused() throws {
        let deep = String(repeating: "(", count: 3000) + "1" + String(repeating: ")", count: 3000)
        let e = try #require(firstError(tiny + "seed: \"{\(deep)}\"\n"))
        #expect(e.message.contains("expression nested too deeply"), "\(e)")
        #expect(e.line == 14 && e.column == 9 + 100, "\(e)")  // at the 101st '('
        let minus = String(repeating: "-", count: 300_000) + "1"
        let m = try #require(firstError(tiny + "seed: \"{\(minus)}\"\n"))
        #expect(m.message.contains("expression nested too deeply"), "\(m)")
        // Within the limit it still works.
        let ok = String(repeating: "(", count: 90) + "7" + String(repeating: ")", count: 90)
        #expect(try ScenarioLoader.load(yaml: tiny + "seed: \"{\(ok)}\"\n").designs[0].seed == 7)
        #expect(try ScenarioLoader.load(yaml: tiny + "seed: \"{--7}\"\n").designs[0].seed == 7)
    }

    @Test(arguments: [
        ("{id: f, kind: onoff, from: a, to: b, size: 100B, on_time: 0.1ps, off_time: 0s, gap: 1ms}", "must be at least 1ps"),
        ("{id: f, kind: onoff, from: a, to: b, size: 100B, on_time: 1ps, off_time: 1ps, rate: 100Mbps}",
         "'on_time' + 'off_time' of flow 'f' is 2ps: an on/off cycle of 2ps would send without end; expected at least 1ns"),
        ("{id: f, kind: onoff, from: a, to: b, size: 100B, on_time: {dist: exponential, mean: 2ps}, off_time: 0s, gap: 1ms}",
         "is on average 2ps"),
        ("{id: f, kind: burst, from: a, to: b, size: 100B, every: 0s, count: 1}", "a burst every 0s would send without end"),
        ("{id: f, kind: burst, from: a, to: b, size: 100B, every: {dist: uniform, min: 0ps, max: 2ps}, count: 3}",
         "is on average 1ps: a burst every 1ps"),
        ("{id: f, kind: periodic, from: a, to: b, size: 100B, period: 5ps}", "a frame every 5ps would send without end"),
        ("{id: f, kind: poisson, from: a, to: b, size: 100B, gap: 999ps}", "a frame every 999ps would send without end"),
        ("{id: f, kind: cbr, from: a, to: b, size: 100B, gap: 0.4ps}", "'gap' of flow 'f' must be at least 1ps"),
        ("{id: f, kind: poisson, from: a, to: b, size: {dist: exponential, mean: 0.1ps}, rate: 1Gbps}", "'size' of flow"),
    ])
    func cyclesShorterThanANanosecondAreRefused(_ flow: String, _ message: String) throws {
        let e = try #require(firstError(withFlow(flow)))
        #expect(e.message.contains(message), "\(e)")
    }

    @Test func rateGapUsesTheMeanSizeAsSent() throws {
        let f = try ScenarioLoader.load(yaml: withFlow(
            "{id: f, kind: poisson, from: a, to: b, size: {dist: gamma, shape: 1e-5, scale: 0.5B}, rate: 10Mbps}"))
        guard case let .poisson(g) = f.designs[0].plant.flows[0].sources[0].traffic.pattern else {
            Issue.record("not poisson"); return
        }
        #expect(abs(g - 800_000) < 1_000, "\(g)")  // 1B frames at 10Mbps: 800ns
        // Clipped at the largest frame too: exponential with mean 1500B, links carry at most 1522B.
        let e = try ScenarioLoader.load(yaml: withFlow(
            "{id: f, kind: cbr, from: a, to: b, size: {dist: exponential, mean: 1500B}, rate: 12Mbps}"))
        guard case let .constantRate(h) = e.designs[0].plant.flows[0].sources[0].traffic.pattern else {
            Issue.record("not cbr"); return
        }
        let clipped = 1 + 1500 * (exp(-1.0 / 1500) - exp(-1522.0 / 1500))  // E[clip(X, 1, 1522)]
        #expect(abs(h - clipped * 8 / 12e6 * 1e12) < 1e3, "\(h)")
    }

    @Test func clippedMeans() {
        func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-6 * max(1, abs(b)) }
        #expect(Distribution.constant(0.2).clippedMean(low: 1, high: 10) == 1)
        #expect(close(Distribution.uniform(low: 0, high: 4).clippedMean(low: 1, high: 3), 2))
        #expect(close(Distribution.exponential(mean: 2).clippedMean(low: 0, high: .infinity), 2))
        // Gamma with shape 1 is exponential.
        #expect(close(Distribution.gamma(shape: 1, scale: 3).clippedMean(low: 1, high: 5),
                      Distribution.exponential(mean: 3).clippedMean(low: 1, high: 5)))
        // Weibull with shape 1 is exponential too.
        #expect(close(Distribution.weibull(shape: 1, scale: 3).clippedMean(low: 1, high: 5),
                      Distribution.exponential(mean: 3).clippedMean(low: 1, high: 5)))
        #expect(close(Distribution.gamma(shape: 2.5, scale: 100).clippedMean(low: 0, high: .infinity), 250))
        #expect(close(Distribution.lognormal(mean: 500, cv: 0.5).clippedMean(low: 0, high: .infinity), 500))
        #expect(close(Distribution.pareto(shape: 3, scale: 100).clippedMean(low: 0, high: .infinity), 150))
        #expect(close(Distribution.normal(mean: 500, sd: 10).clippedMean(low: 1, high: 1e9), 500))
        #expect(close(Distribution.empirical(values: [64, 1500], cdf: [0.5, 1]).clippedMean(low: 1, high: 1522),
                      32 + 0.5 * 782))
        #expect(Distribution.pareto(shape: 0.5, scale: 100).clippedMean(low: 1, high: 1522).isFinite)
    }

    @Test func templateNodeBudget() throws {
        let path = try #require(BadScenarioTests.dir).appendingPathComponent("alias-template-bomb.yaml").path
        let start = Date()
        let ds = loadErrors({ try ScenarioLoader.load(path: path) })
        #expect(Date().timeIntervalSince(start) < 5)
        #expect(ds.contains { $0.message.contains("this template makes 100000 entries of 111114 YAML nodes each; with "
            + "the entries before it the design would take about 3556 GB of memory") })
        // A variant's change applied to many entries is charged too.
        let change = """
            name: c
            duration: 1s
            description: &l4 [&l3 [&l2 [&l1 [x,x,x,x,x,x,x,x,x,x],*l1,*l1,*l1,*l1,*l1,*l1,*l1,*l1,*l1],*l2,*l2,*l2,*l2,*l2,*l2,*l2,*l2,*l2],*l3,*l3,*l3,*l3,*l3,*l3,*l3,*l3,*l3]
            nodes: [{id: "n{i}", type: device, count: 3000}]
            variants:
              - {name: v, change: {nodes: [{id: "*", group: *l4}]}}

            """
        let cs = errors(yaml: change, variants: ["v"])
        #expect(cs.contains { $0.message.contains("this change adds 11111 YAML nodes to each matching node; with the "
            + "entries before it the design would take about") }, "\(cs)")
    }

    @Test func suggestionsForLongWordsAreQuick() {
        let long = String(repeating: "ab", count: 2500)
        let start = Date()
        #expect(nearest(long, in: Array(repeating: long + "x", count: 50)) == nil)
        #expect(nearest("x" + String(repeating: "a", count: 60), in: [String(repeating: "a", count: 61)]) != nil)
        #expect(Date().timeIntervalSince(start) < 1)
        // The banded distance agrees with the full one within its limit.
        var rng = SplitMix(state: 7)
        for _ in 0..<500 {
            let a = String((0..<Int.random(in: 0...8, using: &rng)).map { _ in "abc".randomElement(using: &rng)! })
            let b = String((0..<Int.random(in: 0...8, using: &rng)).map { _ in "abc".randomElement(using: &rng)! })
            let full = editDistance(a, b)
            for limit in 0...3 {
                let banded = editDistance(Array(a.unicodeScalars), Array(b.unicodeScalars), limit: limit)
                #expect(banded == (full <= limit ? full : nil), "\(a) \(b) \(limit)")
            }
        }
    }

    @Test func crlfTraces() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fnsim-crlf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let good = "time_s,source,size_bytes\r\n0.001,a,100\r\n\r\n0.002,a,200\r\n"
        try good.write(to: dir.appendingPathComponent("t.csv"), atomically: true, encoding: .utf8)
        let bad = "time_s,source,size_bytes\r\n0.001,a,100\r\n0.002,zz,200\r\n"
        try bad.write(to: dir.appendingPathComponent("bad.csv"), atomically: true, encoding: .utf8)
        let scenario = dir.appendingPathComponent("s.yaml").path
        try withFlow("{id: f, kind: trace, to: b, file: t.csv}").write(toFile: scenario, atomically: true, encoding: .utf8)
        let f = try ScenarioLoader.load(path: scenario)
        guard case let .trace(times, sizes) = f.designs[0].plant.flows[0].sources[0].traffic.pattern else {
            Issue.record("not a trace"); return
        }
        #expect(times == [1_000_000_000, 2_000_000_000] && sizes == [100, 200])
        try withFlow("{id: f, kind: trace, to: b, file: bad.csv}").write(toFile: scenario, atomically: true, encoding: .utf8)
        let e = try #require(loadErrors({ try ScenarioLoader.load(path: scenario) }).first)
        #expect(e.file.hasSuffix("bad.csv") && e.line == 3 && e.column == 7, "\(e)")
    }

    @Test func manySourcesRouteQuickly() throws {
        let n = 3000
        let yaml = """
            name: many
            duration: 1s
            defaults:
              link: {rate: 1Gbps, delay: 1us}
            nodes:
              - {id: core, type: switch}
              - {id: "sw{c}", type: switch, for: {c: 1..30}}
              - {id: "d{i}", type: device, count: \(n)}
              - {id: srv, type: server}
            links:
              - {from: "sw{c}", to: core, for: {c: 1..30}}
              - {from: "d{i}", to: "sw{(i-1)%30+1}", count: \(n)}
              - {from: srv, to: core}
            flows:
              - {id: f, kind: periodic, from: "d*", to: srv, size: 100B, period: 1ms}

            """
        let start = Date()
        let f = try ScenarioLoader.load(yaml: yaml)
        #expect(Date().timeIntervalSince(start) < 10)
        let sources = f.designs[0].plant.flows[0].sources
        #expect(sources.count == n)
        #expect(sources.allSatisfy { $0.route.count == 3 })
    }

    @Test func largestTime() throws {
        // Double(Time.maximum) rounds up, so maximum + 1 once slipped through.
        let over = errors(yaml: tiny.replacingOccurrences(of: "duration: 1s", with: "duration: \(Time.maximum + 1)ps"))
        let e = try #require(over.first)
        #expect(e.message.contains("exceeds the largest time fnsim handles (about "), "\(e)")
        let days = Double(Time.maximum) / 86_400e12
        #expect(e.message.contains(Format.number((days * 2).rounded() / 2) + " days"), "\(e)")
        let below = Int64(Double(Time.maximum).nextDown)
        let ok = try ScenarioLoader.load(yaml: tiny.replacingOccurrences(of: "duration: 1s", with: "duration: \(below)ps"))
        #expect(ok.designs[0].duration == below)
        #expect(Reader.simTime(Double(Time.maximum)) == nil)
        #expect(Reader.simTime(Double(below)) == below)
    }

    @Test func badSetValueIsOnItsOwnLine() throws {
        let e = try #require(firstError(tiny, overrides: ["duration=["]))
        #expect(e.file == "<--set>" && e.line == 1 && e.column == 11, "\(e)")
        let e2 = try #require(firstError(tiny, overrides: ["seed=2", "duration=["]))
        #expect(e2.file == "<--set>" && e2.line == 2 && e2.column == 11, "\(e2)")
    }

    @Test func notRegularFiles() throws {
        let ds = loadErrors({ try ScenarioLoader.load(path: "/dev/null") })
        #expect(ds.first?.message == "'/dev/null' is not a regular file", "\(ds)")
        let t = try #require(firstError(withFlow("{id: f, kind: trace, to: b, file: /dev/null}")))
        #expect(t.message.contains("is not a regular file"), "\(t)")
        let fifo = FileManager.default.temporaryDirectory.appendingPathComponent("fnsim-fifo-\(UUID().uuidString)").path
        guard mkfifo(fifo, 0o600) == 0 else { return }
        defer { unlink(fifo) }
        let fs = loadErrors({ try ScenarioLoader.load(path: fifo) })
        #expect(fs.first?.message.contains("is not a regular file") ?? false, "\(fs)")
    }
}
