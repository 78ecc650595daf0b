import Kernel

/// An NR numerology µ with normal cyclic prefix (TS 38.211 §4.2, Table 4.2-1): subcarrier
/// spacing 15·2^µ kHz, 14 symbols per slot, 2^µ slots per 1 ms subframe. µ = 0…3 covers the
/// data numerologies of FR1 and FR2-1.
///
/// Symbol boundaries are exact: the first symbol of every half subframe carries a cyclic
/// prefix 16κ·Tc longer than the others (TS 38.211 §5.3.1), so at µ >= 2 the slots of a half
/// subframe differ in length; every half subframe (0.5 ms) starts on an exact picosecond.
public struct Numerology: Sendable, Hashable {
    /// µ, 0…3.
    public let mu: Int

    /// The numerology µ, or nil outside 0…3.
    public init?(mu: Int) {
        guard (0...3).contains(mu) else { return nil }
        self.mu = mu
    }

    /// The numerology of a subcarrier spacing of 15, 30, 60 or 120 kHz, or nil for any other.
    public init?(subcarrierSpacingKHz: Int) {
        switch subcarrierSpacingKHz {
        case 15: mu = 0
        case 30: mu = 1
        case 60: mu = 2
        case 120: mu = 3
        default: return nil
        }
    }

    /// Subcarrier spacing Δf = 15·2^µ kHz.
    public var subcarrierSpacingKHz: Int { 15 << mu }

    /// OFDM symbols per slot with normal cyclic prefix.
    public static let symbolsPerSlot = 14

    /// Nominal slot duration, exactly 1 ms / 2^µ. At µ >= 2 a slot that starts a half
    /// subframe is 16κ·Tc longer than this and the others are shorter (see `slotStart`).
    public var slotDuration: SimTime { Time.millisecond >> mu }

    /// Symbols in one half subframe: 7·2^µ.
    @inlinable var symbolsPerHalfSubframe: Int64 { Int64(7 << mu) }

    /// Tc of one symbol without the extra CP: (2048 + 144)·κ·2^−µ.
    @inlinable var symbolTc: Int64 { BasicTimeUnit.symbolAtMu0 >> mu }

    /// Start of symbol r (0…7·2^µ) of a half subframe, in ps from the half subframe's start.
    /// Symbol 0 starts at 0; every later symbol starts after the long symbol 0 (TS 38.211
    /// §5.3.1: N_CP = 144κ·2^−µ + 16κ for l = 0 and l = 7·2^µ, 144κ·2^−µ otherwise).
    @inlinable func offsetInHalfSubframe(_ r: Int64) -> SimTime {
        r == 0 ? 0 : BasicTimeUnit.picoseconds(BasicTimeUnit.longCPExtra + r * symbolTc)
    }

    /// Start of absolute symbol n (n >= 0, counted from time 0 = start of a frame), per
    /// TS 38.211 §5.3.1: the CP of symbols l = 0 and l = 7·2^µ of each subframe is 16κ longer.
    /// Rounded to the nearest ps (halves up) from exact Tc arithmetic within the half
    /// subframe; half subframes start at exact multiples of 0.5 ms, so `symbolStart(14·k)`
    /// is `k·slotDuration` exactly wherever a slot starts a half subframe (every slot at
    /// µ <= 1). Exact for every n whose start is representable (n up to 10^12 at µ = 3);
    /// beyond that it saturates at Int64.max.
    @inlinable
    public func symbolStart(_ n: Int64) -> SimTime {
        let perHalf = symbolsPerHalfSubframe
        var h: Int64, r: Int64
        if n >= 0 {  // n / (7·2^µ) without a division by a variable
            h = (n >> mu) / 7
            r = n &- h &* perHalf
        } else {
            h = n / perHalf
            r = n % perHalf
            if r < 0 { h -= 1; r += perHalf }
        }
        let (base, overflow) = h.multipliedReportingOverflow(by: BasicTimeUnit.halfSubframe)
        if overflow { return h > 0 ? .max : .min }
        let (t, overflow2) = base.addingReportingOverflow(offsetInHalfSubframe(r))
        return overflow2 ? .max : t
    }

    /// End of absolute symbol n: `symbolStart(n + 1)`.
    @inlinable
    public func symbolEnd(_ n: Int64) -> SimTime { symbolStart(n + 1) }

    /// Start of absolute slot k: `symbolStart(14·k)`.
    @inlinable
    public func slotStart(_ k: Int64) -> SimTime { symbolStart(k * Int64(Self.symbolsPerSlot)) }

    /// The smallest n with `symbolStart(n) >= t`. O(1), in closed form: symbol r >= 1 of a
    /// half subframe starts at ⌊((16κ + r·symbolTc)·390625 + 384) / 768⌋ ps, which is >= off
    /// exactly when r·symbolTc·390625 >= 768·off − 384 − 16κ·390625.
    @inlinable
    public func firstSymbol(atOrAfter t: SimTime) -> Int64 {
        let half = BasicTimeUnit.halfSubframe
        var h = t / half, off = t % half
        if off < 0 { h -= 1; off += half }
        let perHalf = symbolsPerHalfSubframe
        if off == 0 { return h * perHalf }
        let needed = 768 * off - 384 - BasicTimeUnit.longCPExtra * 390_625
        // ⌈needed / (symbolTc·390625)⌉ as ⌈needed·2^µ / (symbolTc(µ = 0)·390625)⌉: a constant divisor.
        let step = BasicTimeUnit.symbolAtMu0 * 390_625
        let r = needed <= 0 ? 1 : max(1, ((needed << mu) + step - 1) / step)  // at most perHalf, since off < 0.5 ms
        return h * perHalf + r
    }

    /// The symbol n with `symbolStart(n) <= t < symbolEnd(n)`.
    @inlinable
    public func symbol(containing t: SimTime) -> Int64 {
        t == .max ? firstSymbol(atOrAfter: t) : firstSymbol(atOrAfter: t + 1) - 1
    }
}
