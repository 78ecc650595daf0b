import CGSL

/// One named stream of random numbers: a GSL `taus2` generator (period ~2^88, 24 bytes
/// of state, so thousands of devices each own one cheaply).
///
/// Seeds derive from (scenario seed, replication, stream name) by a stable hash, so a
/// device draws the same numbers whatever else is in the network (adding a device shifts
/// nobody else's draws), and the same device draws the same numbers in every variant
/// (common random numbers). Not Sendable: create it inside the run that uses it.
public final class RandomStream {
    @usableFromInline let rng: UnsafeMutablePointer<gsl_rng>
    public let name: String

    public init(seed: UInt64, replication: Int, name: String) {
        GSL.configure()
        rng = gsl_rng_alloc(fnsim_rng_taus2())
        self.name = name
        gsl_rng_set(rng, UInt(RandomStream.derivedSeed(seed: seed, replication: replication, name: name)))
    }

    deinit { gsl_rng_free(rng) }

    /// A 32-bit, non-zero seed (GSL uses the low 32 bits; 0 means its default seed).
    public static func derivedSeed(seed: UInt64, replication: Int, name: String) -> UInt32 {
        var h = StableHash()
        h.combine(seed)
        h.combine(UInt64(bitPattern: Int64(replication)))
        h.combine(name)
        let v = h.value
        let folded = UInt32(truncatingIfNeeded: v ^ (v >> 32))
        return folded == 0 ? 0x9E37_79B9 : folded
    }

    /// Uniform on [0, 1).
    @inlinable public func uniform() -> Double { gsl_rng_uniform(rng) }
    /// Uniform on (0, 1): never 0, for logarithms.
    @inlinable public func uniformPositive() -> Double { gsl_rng_uniform_pos(rng) }
    /// Exponential with the given mean.
    @inlinable public func exponential(mean: Double) -> Double { gsl_ran_exponential(rng, mean) }
    /// A standard normal draw.
    @inlinable public func gaussian() -> Double { gsl_ran_gaussian_ziggurat(rng, 1) }
    /// Raw 32-bit output, for tests against known answers.
    public func next() -> UInt { gsl_rng_get(rng) }
}

/// FNV-1a over 64 bits: stable across processes and platforms, unlike `Hasher`, which is
/// seeded per process.
public struct StableHash: Sendable {
    public private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325
    public init() {}
    public mutating func combine(_ byte: UInt8) {
        value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
    }
    public mutating func combine(_ word: UInt64) {
        for i in 0..<8 { combine(UInt8(truncatingIfNeeded: word >> (8 * UInt64(i)))) }
    }
    public mutating func combine(_ s: String) {
        for b in s.utf8 { combine(b) }
        combine(UInt8(0xFF))  // terminator: ("ab","c") and ("a","bc") differ
    }
    public mutating func combine(bytes: some Sequence<UInt8>) {
        for b in bytes { combine(b) }
    }
    /// The same for bytes in memory, such as a file read in chunks (the generic form costs
    /// a call per byte from another module).
    public mutating func combine(bytes: UnsafeBufferPointer<UInt8>) {
        var v = value
        for b in bytes { v = (v ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        value = v
    }
}

/// Process-wide GSL set-up: turn off the default error handler, which aborts.
public enum GSL {
    private static let once: Void = { gsl_set_error_handler_off(); () }()
    public static func configure() { _ = once }
}
