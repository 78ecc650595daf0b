import FactoryNet
import Foundation
import Testing

/// The exponential-then-bisection search on synthetic monotone functions whose limit is
/// known exactly.
@Suite("Capacity: search")
struct CapacitySearchTests {
    /// Records every value the search asks for.
    actor Calls {
        var values: [Double] = []
        func add(_ x: Double) { values.append(x) }
    }

    /// Searches `holds` (true up to the limit) and returns the finding and the values tried.
    func search(_ s: CapacitySearch, holds: @escaping @Sendable (Double) -> Bool) async
        -> (CapacitySearch.Finding, [Double]) {
        let calls = Calls()
        let f = await s.run { x in
            await calls.add(x)
            return .verdict(holds(x))
        }
        return (f, await calls.values)
    }

    @Test(arguments: [(10.0, 37.0), (1, 1), (1, 2), (3, 1_000_003), (64, 64), (64, 65), (7, 8)])
    func integerStartingHoldingFindsTheExactLimit(start: Double, limit: Double) async {
        let (f, tried) = await search(CapacitySearch(start: start, integer: true)) { $0 <= limit }
        #expect(f.limit == limit)
        #expect(f.failing == limit + 1)
        #expect(tried.allSatisfy { $0 == $0.rounded() }, "non-integer value tried: \(tried)")
        #expect(Set(tried).count == tried.count, "a value tried twice: \(tried)")
        // Doubling to bracket (log2(limit/start) + 2 at most), then bisecting a bracket no
        // wider than the limit (log2(limit) + 1 at most).
        #expect(Double(tried.count) <= log2(max(limit / start, 1)) + log2(limit) + 3, "\(tried)")
    }

    @Test(arguments: [(100.0, 7.0), (100, 1), (5, 4), (1_000, 999)])
    func integerStartingFailingHalvesDown(start: Double, limit: Double) async {
        let (f, tried) = await search(CapacitySearch(start: start, integer: true)) { $0 <= limit }
        #expect(f.limit == limit && f.failing == limit + 1, "\(tried)")
        #expect(tried.first == start)
    }

    @Test func integerNeverHolding() async {
        let (f, tried) = await search(CapacitySearch(start: 40, integer: true)) { _ in false }
        #expect(f.limit == nil)
        #expect(f.failing == 1)
        #expect(tried == [40, 20, 10, 5, 2, 1])
        #expect(f.reason.contains("fails even at the minimum, 1"))
    }

    @Test func stopsAtTheMaximum() async {
        let (f, tried) = await search(CapacitySearch(start: 3, integer: true, maximum: 20)) { _ in true }
        #expect(f.limit == 20 && f.failing == nil)
        #expect(tried == [3, 6, 12, 20])
        #expect(f.reason.contains("still holds at the maximum, 20"))
        // The default maximum: 2^20 times the start.
        let (g, _) = await search(CapacitySearch(start: 3, integer: true)) { _ in true }
        #expect(g.limit == Double(3 << 20))
    }

    /// Reals: the bracket ends within 2 % (relative) of each other, around the limit.
    @Test(arguments: [(1.0, Double.pi), (0.5, 0.0123), (10, 10.1), (1e-3, 777)])
    func realWithinRelativeTolerance(start: Double, limit: Double) async throws {
        let (f, tried) = await search(CapacitySearch(start: start, integer: false)) { $0 <= limit }
        let lo = try #require(f.limit), hi = try #require(f.failing)
        #expect(lo <= limit && limit < hi, "\(lo) \(hi)")
        #expect(hi - lo <= 0.02 * lo, "\(lo) \(hi)")
        #expect(tried.count <= 30, "\(tried)")
    }

    @Test func realWithAbsoluteAndTighterTolerances() async {
        let (a, _) = await search(CapacitySearch(start: 1, integer: false, tolerance: .absolute(0.001))) { $0 <= 2.5 }
        #expect(a.limit! <= 2.5 && a.failing! > 2.5 && a.failing! - a.limit! <= 0.001)
        let (r, _) = await search(CapacitySearch(start: 1, integer: false, tolerance: .relative(1e-4))) { $0 <= 2.5 }
        #expect(r.limit! <= 2.5 && r.failing! > 2.5 && r.failing! - r.limit! <= 1e-4 * r.limit!)
        // Whole numbers with a wider tolerance stop early.
        let (w, _) = await search(CapacitySearch(start: 1, integer: true, tolerance: .absolute(8))) { $0 <= 100 }
        #expect(w.limit! <= 100 && w.failing! > 100 && w.failing! - w.limit! <= 8)
    }

    @Test func realNeverHoldingGoesDownToTheFloor() async {
        let (f, tried) = await search(CapacitySearch(start: 8, integer: false)) { _ in false }
        #expect(f.limit == nil)
        #expect(tried.count == 21 && tried.last == 8 / 1_048_576)
    }

    /// A scenario that cannot run at some scale ends the search with its message.
    @Test func unusableScaleEndsTheSearch() async {
        let s = CapacitySearch(start: 1, integer: true)
        let f = await s.run { x in
            x >= 64 ? .unusable("the plant would take 12 GB; the limit is 8 GB") : .verdict(true)
        }
        #expect(f.limit == 32 && f.failing == nil)
        #expect(f.reason == "the scenario cannot run at 64: the plant would take 12 GB; the limit is 8 GB")
        #expect(f.steps.map(\.scale) == [1, 2, 4, 8, 16, 32])
    }

    /// The binding constraint is the one furthest past its limit at the first failing value.
    @Test func bindingConstraintIsTheWorstAtTheFirstFailure() async throws {
        let sla = try SLA(parsing: "f: mean < 9.5us, p99 < 100us")
        let mean = sla.clauses[0].constraints[0], p99 = sla.clauses[0].constraints[1]
        func check(_ k: SLA.Constraint, _ values: [Double]) -> ConstraintCheck {
            let e = Estimate(values, level: 0.95)
            var c = ConstraintCheck(flow: "f", constraint: k, estimate: e, undefined: 0, holds: false)
            c.holds = k.comparison.holds(c.bound!, k.limit)
            return c
        }
        // Mean grows as x µs, p99 as 10.4x µs: at x = 10 the mean is 5.3 % over, p99 4 % over.
        let s = CapacitySearch(start: 1, integer: true)
        let f = await s.run { x in
            let checks = [check(mean, [x * 1e-6, x * 1e-6]), check(p99, [10.4 * x * 1e-6, 10.4 * x * 1e-6])]
            return .measured(holds: checks.allSatisfy(\.holds), checks: checks, note: nil)
        }
        #expect(f.limit == 9 && f.failing == 10)
        let b = try #require(f.binding)
        #expect(b.constraint.metric.name == "mean")
        #expect(abs(b.margin! + 0.5e-6) < 1e-12)
        #expect(f.failingStep!.checks.filter { !$0.holds }.count == 2)
        #expect(f.curve.map(\.scale) == f.steps.map(\.scale).sorted())
    }
}
