/// Decides whether transport blocks decode (a uniform draw u succeeds when u ≥ BLER)
/// mostly without evaluating a BLER curve, which costs logarithms, powers and two
/// interpolations per block. BLER falls with SINR, so at a SINR between two grid points
/// it lies between its values there; a draw outside that range decides alone (about
/// nine draws in ten), and only the rest evaluate the curve. The outcome is exactly that
/// of comparing with the curve itself: the bounds are the curve's own values, widened by
/// a relative 1e-9 against rounding.
///
/// The grid values live in a fixed-size direct-mapped cache (a slot per hash of table,
/// MCS, TBS and grid point; a clash overwrites), so the run loop never allocates for it.
/// 2^15 slots of 16 bytes: 512 KiB per plant.
@usableFromInline
struct DecodeDecisions {
    @usableFromInline static let slots = 1 << 15
    /// Per slot: the key it holds (-1: empty) and the curve's BLER there.
    @usableFromInline var keys = ContiguousArray<Int64>(repeating: -1, count: DecodeDecisions.slots)
    @usableFromInline var values = ContiguousArray<Double>(repeating: 0, count: DecodeDecisions.slots)

    /// Whether a block of `tbs` bits at `mcs` decodes at `sinrDB` for draw `u` in [0, 1):
    /// `u >= model.bler(mcs:tbs:sinrDB:)`.
    @inlinable
    mutating func decodes(draw u: Double, model: BLERModel, mcs: Int, tbs: Int, sinrDB: Double) -> Bool {
        let x = (sinrDB - BLERModel.sinrRangeDB.lowerBound) / BLERModel.gridStepDB
        guard model.fallsWithSINR, x >= 0, x < Double(BLERModel.gridPoints - 1) else {
            return u >= model.bler(mcs: mcs, tbs: tbs, sinrDB: sinrDB)
        }
        let i = Int(x)
        let atLower = gridBLER(model, mcs: mcs, tbs: tbs, point: i)   // the larger BLER
        if u >= atLower * (1 + 1e-9) { return true }
        let atUpper = gridBLER(model, mcs: mcs, tbs: tbs, point: i &+ 1)
        if u < atUpper * (1 - 1e-9) { return false }
        return u >= model.bler(mcs: mcs, tbs: tbs, sinrDB: sinrDB)
    }

    /// The curve's BLER at grid point `point`, from the cache or computed into it.
    @inlinable
    mutating func gridBLER(_ model: BLERModel, mcs: Int, tbs: Int, point: Int) -> Double {
        // table (2 bits) | MCS (6) | grid point (9) | TBS (up to 47 bits)
        let key = Int64(tbs) << 17 | Int64(point) << 8 | Int64(mcs) << 2 | Int64(model.table.ordinal)
        var h = UInt64(bitPattern: key) &* 0x9E37_79B9_7F4A_7C15
        h ^= h >> 29
        let slot = Int(h & UInt64(Self.slots &- 1))
        if keys[slot] == key { return values[slot] }
        let sinr = BLERModel.sinrRangeDB.lowerBound + Double(point) * BLERModel.gridStepDB
        let v = model.bler(mcs: mcs, tbs: tbs, sinrDB: sinr)
        keys[slot] = key
        values[slot] = v
        return v
    }
}
