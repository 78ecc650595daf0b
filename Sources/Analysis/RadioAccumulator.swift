import Kernel
import Models

/// Counters of one direction of a cell.
struct CellAccumulator {
    var blocks: UInt64 = 0
    var retransmissions: UInt64 = 0
    var firstFailures: UInt64 = 0
    var laterFailures: UInt64 = 0
    var residual: UInt64 = 0
    var bitsDecoded: UInt64 = 0
    var prbSymbols: UInt64 = 0
    var mcsSum: UInt64 = 0
    var mcs = [UInt64](repeating: 0, count: 32)
    var handoversIn: UInt64 = 0

    mutating func record(_ t: RadioTransmission) {
        if t.attempt == 1 {
            blocks &+= 1
            if !t.success { firstFailures &+= 1 }
        } else {
            retransmissions &+= 1
            if !t.success { laterFailures &+= 1 }
        }
        if t.success { bitsDecoded &+= UInt64(t.tbsBits) }
        if t.residualLoss { residual &+= 1 }
        prbSymbols &+= UInt64(t.prbs) &* UInt64(t.symbols)
        mcsSum &+= UInt64(t.mcs)
        mcs[Int(t.mcs) & 31] &+= 1
    }
}

/// SINR of a terminal direction's transmissions: exact mean, min and max, and quantiles
/// from 0.1 dB bins over [-40, 80) dB (values outside clamp to the end bins).
struct SINRAccumulator {
    static let low = -40.0, step = 0.1, bins = 1200
    var count: UInt64 = 0
    var sum = 0.0
    var minimum = Double.infinity
    var maximum = -Double.infinity
    /// Counts of bins `firstBin ..< firstBin + histogram.count`, the span the values have
    /// reached so far (with some room on each side): a terminal's SINR spans tens of dB,
    /// so its counters stay a few cache lines instead of 1,200 bins.
    var histogram: [UInt32] = []
    var firstBin = 0
    var handovers: UInt64 = 0
    /// Room added beyond a value that falls outside the span.
    static let margin = 16

    mutating func record(_ db: Double) {
        guard db.isFinite else { return }
        count &+= 1
        sum += db
        minimum = Swift.min(minimum, db)
        maximum = Swift.max(maximum, db)
        let x = (db - Self.low) * (1 / Self.step)
        let i = x <= 0 ? 0 : x >= Double(Self.bins - 1) ? Self.bins - 1 : Int(x)
        let k = i &- firstBin
        if k < 0 || k >= histogram.count { return widen(to: i) }
        histogram.withUnsafeMutableBufferPointer { $0[k] &+= 1 }
    }

    /// Counts a value in bin i outside the span, widening it to include i.
    mutating func widen(to i: Int) {
        let low = Swift.max(0, Swift.min(i &- Self.margin, histogram.isEmpty ? i : firstBin))
        let high = Swift.min(Self.bins, Swift.max(i &+ Self.margin &+ 1, firstBin &+ histogram.count))
        var wider = [UInt32](repeating: 0, count: high &- low)
        for (k, n) in histogram.enumerated() { wider[firstBin &+ k &- low] = n }
        wider[i &- low] &+= 1
        histogram = wider
        firstBin = low
    }

    /// The q-quantile (0…1): the middle of the bin holding it, clamped to [min, max].
    func quantile(_ q: Double) -> Double? {
        guard count > 0 else { return nil }
        let rank = UInt64((q * Double(count)).rounded(.up))
        var seen: UInt64 = 0
        for (k, n) in histogram.enumerated() {
            seen &+= UInt64(n)
            if seen >= Swift.max(1, rank) {
                let i = firstBin &+ k
                return Swift.min(maximum, Swift.max(minimum, Self.low + (Double(i) + 0.5) * Self.step))
            }
        }
        return maximum
    }
}

/// Radio statistics of a plant: per cell and direction, per terminal and direction.
struct RadioStatistics {
    let cellNames: [String]
    let terminalNames: [String]
    /// PRB·symbols per second each cell offers per direction.
    let capacity: [Double]
    var cells: [CellAccumulator]
    var terminals: [SINRAccumulator]

    init(spec: PlantSpec) {
        cellNames = spec.cells.map(\.name)
        terminalNames = spec.ues.map { spec.nodes[$0.node].name }
        capacity = spec.cells.flatMap { c in
            [LinkDirection.downlink, .uplink].map { d in
                let symbols = c.pattern.occasions(d, miniSlot: c.miniSlot).reduce(0) { $0 + Int($1.symbols) }
                let period = Time.seconds(c.numerology.slotDuration) * Double(c.pattern.periodSlots)
                return Double(symbols * c.prbs) / period
            }
        }
        cells = Array(repeating: CellAccumulator(), count: spec.cells.count * 2)
        terminals = Array(repeating: SINRAccumulator(), count: spec.ues.count * 2)
    }

    mutating func record(_ t: RadioTransmission) {
        let d = t.uplink ? 1 : 0
        cells[Int(t.cell) * 2 + d].record(t)
        terminals[Int(t.ue) * 2 + d].record(t.sinrDB)
    }

    mutating func handover(ue: Int32, to: Int32) {
        terminals[Int(ue) * 2].handovers &+= 1
        cells[Int(to) * 2].handoversIn &+= 1
    }

    static let directionNames = ["downlink", "uplink"]

    func cellResults(measured: SimTime) -> [CellResult] {
        let seconds = Time.seconds(measured)
        return cells.indices.map { i in
            let a = cells[i]
            let sent = a.blocks + a.retransmissions
            return CellResult(
                cell: cellNames[i / 2], direction: Self.directionNames[i % 2],
                prbUtilization: seconds > 0 && capacity[i] > 0 ? Double(a.prbSymbols) / (capacity[i] * seconds) : 0,
                throughputBitsPerSecond: seconds > 0 ? Double(a.bitsDecoded) / seconds : 0,
                transportBlocks: a.blocks, retransmissions: a.retransmissions,
                blerFirst: a.blocks > 0 ? Double(a.firstFailures) / Double(a.blocks) : nil,
                blerRetransmissions: a.retransmissions > 0 ? Double(a.laterFailures) / Double(a.retransmissions) : nil,
                residualLosses: a.residual, meanMCS: sent > 0 ? Double(a.mcsSum) / Double(sent) : nil,
                mcsHistogram: a.mcs, handoversIn: i % 2 == 0 ? a.handoversIn : 0)
        }
    }

    func terminalResults() -> [TerminalResult] {
        terminals.indices.map { i in
            let a = terminals[i]
            return TerminalResult(
                terminal: terminalNames[i / 2], direction: Self.directionNames[i % 2], transmissions: a.count,
                sinrMeanDB: a.count > 0 ? a.sum / Double(a.count) : nil,
                sinrMinDB: a.count > 0 ? a.minimum : nil, sinrP5DB: a.quantile(0.05), sinrP50DB: a.quantile(0.5),
                sinrP95DB: a.quantile(0.95), sinrMaxDB: a.count > 0 ? a.maximum : nil,
                handovers: i % 2 == 0 ? a.handovers : 0)
        }
    }
}
