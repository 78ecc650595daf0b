import Kernel

/// NR's basic time unit Tc = 1/(Δf_max·N_f) = 1/(480 000·4096) s (TS 38.211 §4.1), with
/// κ = Ts/Tc = 64. Symbol boundaries and processing times are integers in Tc; converting to
/// picoseconds last keeps every boundary exact to the nearest picosecond.
@usableFromInline
enum BasicTimeUnit {
    /// κ (TS 38.211 §4.1).
    @usableFromInline static let kappa: Int64 = 64
    /// Tc in one half subframe (0.5 ms), the span after which the symbol layout repeats.
    @usableFromInline static let perHalfSubframe: Int64 = 983_040
    /// Picoseconds in one half subframe.
    @usableFromInline static let halfSubframe: SimTime = 500_000_000
    /// Tc in one symbol with normal CP at µ = 0: (2048 + 144)·κ. Halve per µ.
    @usableFromInline static let symbolAtMu0: Int64 = 140_288
    /// The extra CP of the first symbol of each half subframe: 16κ, the same at every µ.
    @usableFromInline static let longCPExtra: Int64 = 1_024

    /// Nearest picosecond to `tc` Tc (halves round up). 1 Tc = 10^12/1 966 080 000 ps =
    /// 390 625/768 ps. Valid for 0 <= tc < 2.3·10^13 (about 12 s), far beyond any caller.
    @inlinable
    static func picoseconds(_ tc: Int64) -> SimTime {
        (tc * 390_625 + 384) / 768
    }
}
