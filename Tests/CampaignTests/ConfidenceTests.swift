import FactoryNet
import Testing

@Suite("Confidence intervals")
struct ConfidenceTests {
    /// Student-t critical values from the textbook table (Law, Table T.1).
    @Test func studentTMatchesTheTable() {
        #expect(abs(Estimate.t(level: 0.95, degreesOfFreedom: 9) - 2.262) < 0.0005)
        #expect(abs(Estimate.t(level: 0.90, degreesOfFreedom: 4) - 2.132) < 0.0005)
        #expect(abs(Estimate.t(level: 0.99, degreesOfFreedom: 29) - 2.756) < 0.0005)
    }

    /// Ten values worked by hand: mean 5.5, s² = 82.5/9, half-width 2.262157·s/√10.
    @Test func intervalByHand() {
        let e = Estimate((1...10).map(Double.init), level: 0.95)
        #expect(e.count == 10 && e.mean == 5.5)
        #expect(abs(e.stddev - (82.5 / 9).squareRoot()) < 1e-12)
        #expect(abs(e.halfWidth! - 2.262157 * (82.5 / 9).squareRoot() / 10.0.squareRoot()) < 1e-5)
        #expect(e.low! < 5.5 && e.high! > 5.5)
    }

    @Test func degenerateCases() {
        #expect(Estimate([3]).halfWidth == nil)
        let same = Estimate([0.1, 0.1, 0.1])
        #expect(same.halfWidth == 0 && same.relativeHalfWidth == 0)
        #expect(Estimate.paired([1, 2, 3], [1, 2, 3]).halfWidth == 0)
        // Paired differences cancel the shared noise; Welch's unpaired interval does not.
        let a: [Double] = [10, 20, 30, 40], b = a.map { $0 + 1 }
        #expect(Estimate.paired(a, b).halfWidth == 0 && Estimate.paired(a, b).mean == 1)
        #expect(Estimate.welchHalfWidth(a, b)! > 10)
    }
}
