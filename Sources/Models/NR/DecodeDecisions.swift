/// Decides whether transport blocks decode (a uniform draw u succeeds when u ≥ BLER)
/// mostly without evaluating a BLER curve, which costs logarithms, powers and two
/// interpolations per block. BLER falls with SINR, so at a SINR between two grid points
/// it lies between its values there; a draw outside that range decides alone, and only
/// draws inside it (a small share: the range is one grid step of the curve) evaluate it. The outcome is exactly that
/// of comparing with the curve itself: the bounds are the curve's own values, widened by
/// a relative 1e-9 against rounding.
///
/// The bounds live in a fixed-size direct-mapped cache (a slot per hash of table, MCS,
/// TBS and grid interval, holding both ends; a clash overwrites), so the run loop never
/// allocates for it and a lookup touches one cache line. 2^14 slots of 24 bytes: 384 KiB
/// per plant with cells.
@usableFromInline
struct DecodeDecisions {
    @usableFromInline struct Slot {
        /// The key it holds (-1: empty).
        @usableFromInline var key: Int64
        /// The curve's BLER at the interval's lower and upper grid SINR.
        @usableFromInline var atLower, atUpper: Double

        @usableFromInline init(key: Int64 = -1, atLower: Double = 0, atUpper: Double = 0) {
            self.key = key
            self.atLower = atLower
            self.atUpper = atUpper
        }
    }

    @usableFromInline static let slots = 1 << 14
    @usableFromInline var cache: ContiguousArray<Slot>

    /// A plant without cells needs no cache.
    init(cells: Int) { cache = ContiguousArray(repeating: Slot(), count: cells > 0 ? Self.slots : 0) }

    /// Whether a block of `tbs` bits at `mcs` decodes at `sinrDB` for draw `u` in [0, 1):
    /// `u >= model.bler(mcs:tbs:sinrDB:)`.
    @inlinable
    mutating func decodes(draw u: Double, model: BLERModel, mcs: Int, tbs: Int, sinrDB: Double) -> Bool {
        let x = (sinrDB - BLERModel.sinrRangeDB.lowerBound) / BLERModel.gridStepDB
        guard model.fallsWithSINR, x >= 0, x < Double(BLERModel.gridPoints - 1) else {
            return u >= model.bler(mcs: mcs, tbs: tbs, sinrDB: sinrDB)
        }
        let bounds = interval(model, mcs: mcs, tbs: tbs, point: Int(x))
        if u >= bounds.atLower * (1 + 1e-9) { return true }   // the larger BLER
        if u < bounds.atUpper * (1 - 1e-9) { return false }
        return u >= model.bler(mcs: mcs, tbs: tbs, sinrDB: sinrDB)
    }

    /// The curve's BLER at grid points `point` and `point + 1`, from the cache or computed
    /// into it.
    @inlinable
    mutating func interval(_ model: BLERModel, mcs: Int, tbs: Int, point: Int) -> Slot {
        // table (2 bits) | MCS (6) | grid point (9) | TBS (up to 47 bits)
        let key = Int64(tbs) << 17 | Int64(point) << 8 | Int64(mcs) << 2 | Int64(model.table.ordinal)
        var h = UInt64(bitPattern: key) &* 0x9E37_79B9_7F4A_7C15
        h ^= h >> 29
        let slot = Int(h & UInt64(Self.slots &- 1))
        if cache[slot].key == key { return cache[slot] }
        func at(_ p: Int) -> Double {
            model.bler(mcs: mcs, tbs: tbs, sinrDB: BLERModel.sinrRangeDB.lowerBound + Double(p) * BLERModel.gridStepDB)
        }
        cache[slot] = Slot(key: key, atLower: at(point), atUpper: at(point &+ 1))
        return cache[slot]
    }
}
