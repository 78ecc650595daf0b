import Kernel
@testable import Models
import Testing

/// The shortcut that decides most decodes from cached grid values must give exactly the
/// outcome of comparing the draw with the BLER curve itself.
@Suite struct NRDecodeDecisionTests {
    /// Every shipped MCS table's curves fall with SINR, so the shortcut applies to all.
    @Test func everyTableFallsWithSINR() {
        for table in MCSTable.allCases { #expect(BLERModel(table: table).fallsWithSINR, "\(table)") }
    }

    /// 200,000 random (table, MCS, TBS, SINR, draw), the draws concentrated near each BLER
    /// (where a wrong bound would show), including SINRs on and around grid points and
    /// outside the grid: the same decision every time.
    @Test func decisionsEqualTheCurve() {
        let models = MCSTable.allCases.map { BLERModel(table: $0) }
        var decisions = DecodeDecisions(cells: 1)
        let rng = RandomStream(seed: 7, replication: 0, name: "decode-decisions")
        let sizes = [24, 40, 120, 352, 1_032, 3_824, 8_456, 25_104, 100_000]
        for k in 0..<200_000 {
            let model = models[k % models.count]
            let mcs = Int(rng.uniform() * Double(model.table.count))
            let tbs = sizes[Int(rng.uniform() * Double(sizes.count))]
            var sinr = -25 + rng.uniform() * 65
            if k % 5 == 0 { sinr = -20 + Double(Int(rng.uniform() * 220)) * BLERModel.gridStepDB }  // on a grid point
            if k % 7 == 0 { sinr = sinr.nextUp }
            let exact = model.bler(mcs: mcs, tbs: tbs, sinrDB: sinr)
            // Half the draws right at the BLER (a hair either side), half uniform.
            let u = k % 2 == 0 ? min(max(exact * (1 + (rng.uniform() - 0.5) * 1e-6), 0), 0.999_999) : rng.uniform()
            let fast = decisions.decodes(draw: u, model: model, mcs: mcs, tbs: tbs, sinrDB: sinr)
            #expect(fast == (u >= exact), "table \(model.table) MCS \(mcs) TBS \(tbs) SINR \(sinr) u \(u) BLER \(exact)")
        }
    }
}
