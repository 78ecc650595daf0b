import Kernel

/// The nodes' clocks under IEEE 802.1AS: every sync interval each clock is corrected to
/// within ±precision of the grandmaster (the residue drawn uniformly, per node and
/// interval), and between corrections it runs fast or slow by its own frequency offset
/// (drawn once per node, uniform in ±drift). Gates open on these local clocks.
///
/// The error of node n at global time t, in sync interval k = ⌊t / interval⌋:
/// e(t) = residue(n, k) + drift(n) · (t − k · interval); local time = t + e(t). A residue
/// is a hash of (seed, replication, node name, k), so nothing is stored per interval and
/// any time can be asked in any order.
public struct Clocks: Sendable {
    @usableFromInline let spec: TimeSyncSpec?
    /// Per node: the key of its residues and its frequency offset (a fraction, not ppm).
    @usableFromInline let keys: ContiguousArray<UInt64>
    @usableFromInline let drifts: ContiguousArray<Double>

    public init(spec: PlantSpec, seed: UInt64, replication: Int) {
        self.spec = spec.timeSync
        guard let sync = spec.timeSync else {
            keys = []
            drifts = []
            return
        }
        var k: [UInt64] = [], d: [Double] = []
        for node in spec.nodes {
            var h = StableHash()
            h.combine(seed)
            h.combine(UInt64(bitPattern: Int64(replication)))
            h.combine("clock " + node.name)
            k.append(h.value)
            d.append((2 * Clocks.unit(Clocks.mix(h.value ^ 0xD1F7)) - 1) * sync.driftPPM * 1e-6)
        }
        keys = ContiguousArray(k)
        drifts = ContiguousArray(d)
    }

    /// Whether every clock is the grandmaster's.
    @inlinable public var perfect: Bool { spec == nil }

    /// SplitMix64's finaliser: spreads a key's bits.
    @inlinable
    static func mix(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform on [0, 1) from 53 bits.
    @inlinable static func unit(_ x: UInt64) -> Double { Double(x >> 11) * 0x1p-53 }

    /// The clock error of `node` at global time `t`, in picoseconds.
    @inlinable
    public func error(node: Int, at t: SimTime) -> Double {
        guard let sync = spec else { return 0 }
        let k = t >= 0 ? t / sync.interval : (t &- sync.interval &+ 1) / sync.interval
        let residue = (2 * Clocks.unit(Clocks.mix(keys[node] ^ UInt64(bitPattern: k))) - 1) * Double(sync.precision)
        return residue + drifts[node] * Double(t &- k &* sync.interval)
    }

    /// The reading of `node`'s clock at global time `t`.
    @inlinable
    public func local(node: Int, at t: SimTime) -> SimTime {
        spec == nil ? t : t &+ SimTime(error(node: node, at: t).rounded())
    }

    /// The first global time at or after `from` at which `node`'s clock reads at least
    /// `reading`. A correction may make the clock jump past a reading (or back over it):
    /// the search steps interval by interval from `from`.
    public func global(node: Int, reading: SimTime, from: SimTime) -> SimTime {
        guard let sync = spec else { return Swift.max(reading, from) }
        if local(node: node, at: from) >= reading { return from }
        var t = from
        for _ in 0..<64 {
            let k = t / sync.interval, end = (k &+ 1) &* sync.interval
            // Within the interval local(t) = t + r + d·(t − k·I) is increasing: solve for t.
            let d = drifts[node]
            let r = error(node: node, at: k &* sync.interval)
            let solved = (Double(reading) - r + d * Double(k &* sync.interval)) / (1 + d)
            // Not past this interval: the next one has its own residue.
            var c = Swift.min(end, Swift.max(t, SimTime(solved.rounded(.up))))
            // `local` rounds the error to the picosecond, so the first reading may come a
            // picosecond before or after the real solution (local(t) < reading here).
            while c > t && local(node: node, at: c &- 1) >= reading { c &-= 1 }
            while c < end && local(node: node, at: c) < reading { c &+= 1 }
            if c < end { return c }
            t = end
            if local(node: node, at: t) >= reading { return t }
        }
        return t
    }
}
