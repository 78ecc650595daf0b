import Testing
import Kernel
@testable import Analysis
@testable import Reporting

/// Which flows the console table shows, in what order, and what it says of the rest.
@Suite struct FlowSelectionTests {
    static let us: SimTime = 1_000_000

    /// A flow whose p99 and max are given in microseconds (nil: nothing delivered).
    static func flow(_ name: String, p99: SimTime?, max: SimTime? = nil, deadline: SimTime? = nil,
                     oldestInFlight: SimTime? = nil) -> FlowResult {
        var f = Fixtures.flow(name, latency: p99.map { Fixtures.latency(min: 1, mean: 2, p50: 1, p90: 1, p99: $0 * us,
                                                                         p999: $0 * us, p99999: $0 * us,
                                                                         max: (max ?? $0) * us) })
        f.deadline = deadline.map { $0 * us }
        f.oldestInFlight = oldestInFlight.map { $0 * us }
        if p99 == nil { f.delivered = 0 }
        return f
    }

    /// Nine flows in file order a … i, in two designs. Slack (deadline − worst latency, worst
    /// over designs): g delivered nothing (no slack at all), f has a frame in flight 150 us
    /// old against 100 us (−50), e's max is 995 us of 1 ms in alt (5), c 10, b 50. Then the
    /// flows without a deadline by p99: d 30, a and h 10 (file order), i nothing delivered.
    static func designs() -> [RunResult] {
        let base = [
            flow("a", p99: 10), flow("b", p99: 40, max: 50, deadline: 100), flow("c", p99: 80, max: 90, deadline: 100),
            flow("d", p99: 30), flow("e", p99: 90, max: 100, deadline: 1000),
            flow("f", p99: 10, max: 20, deadline: 100, oldestInFlight: 150), flow("g", p99: nil, deadline: 100),
            flow("h", p99: 10), flow("i", p99: nil),
        ]
        var alt = base
        alt[4] = flow("e", p99: 90, max: 995, deadline: 1000)
        return [Fixtures.run("base", flows: base), Fixtures.run("alt", flows: alt)]
    }

    static func flowHeadings(_ text: String) -> [String] {
        text.split(separator: "\n").filter { $0.hasPrefix("flow ") }.map { String($0.dropFirst(5)) }
    }

    @Test func rankedByDeadlineSlackThenP99() {
        let runs = Self.designs()
        #expect(FlowRank.order(FlowRank.names(runs), in: runs) == ["g", "f", "e", "c", "b", "d", "a", "h", "i"])
    }

    @Test func truncatedToTheTopWithALineForTheRest() {
        let text = ConsoleTable.render(Self.designs(), perPort: false, flows: FlowSelection(top: 4), outDirectory: "out")
        #expect(Self.flowHeadings(text) == ["g", "f", "e", "c"])
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.contains("flows: top 4 of 9, least deadline slack first, then highest p99"))
        let expected = "(5 more flows not shown: all flows are in out/flows.csv; --top all or --flows GLOB shows them here)"
        #expect(lines.last == expected)
        let bare = ConsoleTable.render(Self.designs(), perPort: false, flows: FlowSelection(top: 8))
        let last = bare.split(separator: "\n").map(String.init).last
        #expect(last == "(1 more flow not shown: --out DIR writes all of them to flows.csv; --top all or --flows GLOB shows them here)")
    }

    /// A plant with no more flows than the top shows them all, in the file's order, as before.
    @Test func aSmallPlantReadsAsBefore() {
        let all = ConsoleTable.render(Self.designs(), perPort: false, flows: FlowSelection(top: nil))
        #expect(Self.flowHeadings(all) == ["a", "b", "c", "d", "e", "f", "g", "h", "i"])
        #expect(ConsoleTable.render(Self.designs(), perPort: false) == all)  // 9 flows, default top 20
        #expect(ConsoleTable.render(Self.designs(), perPort: false, flows: FlowSelection(top: 9)) == all)
        #expect(!all.contains("not shown") && !all.contains("flows: top"))
        #expect(FlowSelection.defaultTop == 20)
    }

    @Test func patternNarrowsTheFlows() {
        let ab = FlowSelection(top: 20, pattern: "[ab]", matches: { $0 == "a" || $0 == "b" })
        let text = ConsoleTable.render(Self.designs(), perPort: false, flows: ab, outDirectory: "out/")
        #expect(Self.flowHeadings(text) == ["a", "b"])
        #expect(text.hasSuffix("(7 flows not matching '[ab]' not shown: all flows are in out/flows.csv; "
                               + "--top all or --flows GLOB shows them here)\n"))
        // Both at once: the top of the matching flows, by rank.
        var one = ab
        one.top = 1
        let top = ConsoleTable.render(Self.designs(), perPort: false, flows: one)
        #expect(Self.flowHeadings(top) == ["b"])
        #expect(top.contains("flows matching '[ab]': top 1 of 2, least deadline slack first, then highest p99\n"))
        #expect(top.contains("(1 more flow and 7 not matching '[ab]' not shown: "))
    }

    /// Frames in flight at the end get a row when any design has some, and those already
    /// past the deadline a row of their own when any design has some.
    @Test func inFlightRows() throws {
        var late = Fixtures.flow("late", sent: 100, delivered: 90, dropped: 4, misses: 7)
        late.lateInFlight = 2
        let done = Fixtures.flow("done", sent: 100, delivered: 100, dropped: 0, misses: 0)
        var calm = Fixtures.flow("late", sent: 100, delivered: 99, dropped: 0, misses: 0)
        calm.lateInFlight = 0
        let text = ConsoleTable.render([Fixtures.run("base", flows: [late, done]), Fixtures.run("alt", flows: [calm])],
                                       perPort: false)
        let lines = text.split(separator: "\n").map(String.init)
        let start = try #require(lines.firstIndex(of: "flow late"))
        let block = lines[start...].prefix { $0 != "flow done" }
        #expect(block.contains { $0.split(separator: " ") == ["in", "flight", "at", "end", "6", "1"] })
        #expect(block.contains { $0.split(separator: " ") == ["in", "flight:", "past", "deadline", "2", "0"] })
        #expect(block.contains { $0.split(separator: " ") == ["deadline", "misses", "7", "0"] })
        let doneBlock = lines[try #require(lines.firstIndex(of: "flow done"))...]
        #expect(!doneBlock.contains { $0.contains("in flight") })
    }
}
