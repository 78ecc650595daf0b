/// Transport block sizes of one carrier set-up (MCS table, PRBs, DM-RS, overhead, layers),
/// computed by `TransportBlock.size` the first time each (symbols, MCS, PRBs) is asked and
/// then read back: the scheduler sizes many allocations per occasion. Cells with the same
/// set-up share one; at most 14 · 32 · PRBs entries of 4 bytes (490 KB at 273 PRBs). A
/// value in the cells' state (not a class), so the run loop pays no exclusivity checks.
@usableFromInline
struct BlockSizes {
    @usableFromInline let table: MCSTable
    @usableFromInline let prbs: Int
    @usableFromInline let dmrsPerPRB: Int
    @usableFromInline let overhead: Int
    @usableFromInline let layers: Int
    /// -1 where not yet computed; allocated on first use.
    @usableFromInline var sizes: ContiguousArray<Int32> = []

    init(table: MCSTable, prbs: Int, dmrsPerPRB: Int, overhead: Int, layers: Int) {
        self.table = table
        self.prbs = prbs
        self.dmrsPerPRB = dmrsPerPRB
        self.overhead = overhead
        self.layers = layers
    }

    /// TBS in bits of `n` PRBs (1…prbs) over `symbols` symbols (1…14) at `mcs`.
    @inlinable
    mutating func size(prbs n: Int, mcs: Int, symbols: Int) -> Int {
        if sizes.isEmpty { sizes = ContiguousArray(repeating: -1, count: 14 * 32 * prbs) }
        let i = ((symbols &- 1) &* 32 &+ mcs) &* prbs &+ (n &- 1)
        let known = sizes[i]
        if known >= 0 { return Int(known) }
        let tbs = TransportBlock.size(prbs: n, symbols: symbols, dmrsPerPRB: dmrsPerPRB, overhead: overhead,
                                      modulationOrder: table.modulationOrder(mcs), codeRate: table.codeRate(mcs),
                                      layers: layers)
        sizes[i] = Int32(tbs)
        return tbs
    }
}
