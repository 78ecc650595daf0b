import Kernel

/// UE processing capability for PDSCH decoding and PUSCH preparation (TS 38.214 §5.3, §6.4):
/// capability 1 is the baseline every UE has; capability 2 is the fast option (µ 0…2 only).
public enum UECapability: Int, Sendable {
    case one = 1, two = 2
}

/// UE processing times N1 (PDSCH end → HARQ-ACK) and N2 (PDCCH end → PUSCH), in symbols, and
/// the minimum times Tproc,1 and Tproc,2 built from them.
public enum ProcessingTime {
    /// N1 in symbols, TS 38.214 Table 5.3-1 (capability 1; `additionalDMRS` = dmrs-AdditionalPosition
    /// other than pos0) and Table 5.3-2 (capability 2, µ 0…2, defined for pos0 only; µ = 2 is
    /// the FR1 value). Nil where the tables have no entry.
    public static func n1(mu: Int, capability: UECapability, additionalDMRS: Bool) -> Double? {
        switch capability {
        case .one:
            guard (0...3).contains(mu) else { return nil }
            return additionalDMRS ? [13, 13, 20, 24][mu] : [8, 10, 17, 20][mu]
        case .two:
            guard !additionalDMRS, (0...2).contains(mu) else { return nil }
            return [3, 4.5, 9][mu]
        }
    }

    /// N2 in symbols, TS 38.214 Table 6.4-1 (capability 1) and Table 6.4-2 (capability 2,
    /// µ 0…2; µ = 2 is the FR1 value). Nil where the tables have no entry.
    public static func n2(mu: Int, capability: UECapability) -> Double? {
        switch capability {
        case .one:
            guard (0...3).contains(mu) else { return nil }
            return [10, 12, 23, 36][mu]
        case .two:
            guard (0...2).contains(mu) else { return nil }
            return [5, 5.5, 11][mu]
        }
    }

    /// d1,1 in symbols for a PDSCH of `length` symbols ending on symbol `lastSymbol` of its slot
    /// (TS 38.214 §5.3), assuming no overlap between the scheduling PDCCH and the PDSCH (d = 0)
    /// and, for capability 2 with L = 2, no 3-symbol CORESET starting with the PDSCH. Nil for an
    /// allocation outside TS 38.214 Table 5.1.2.1-1 (normal CP): type A S 0…3, L 3…14; type B
    /// S 0…12, L 2…13, S + L <= 14.
    public static func d11(capability: UECapability, typeB: Bool, length: Int, lastSymbol: Int) -> Int? {
        let start = lastSymbol - length + 1
        guard (0...13).contains(lastSymbol), start >= 0 else { return nil }
        if !typeB {
            guard start <= 3, (3...14).contains(length) else { return nil }
            return lastSymbol < 7 ? 7 - lastSymbol : 0
        }
        guard start <= 12, (2...13).contains(length) else { return nil }
        let d = 0  // symbols shared by the scheduling PDCCH and the PDSCH
        switch (capability, length) {
        case (_, 7...): return 0
        case (.one, 4...6): return 7 - length
        case (.one, 3): return 3 + min(d, 1)
        case (.one, _): return 3 + d
        case (.two, _): return d
        }
    }

    /// Tproc,1 = (N1 + d1,1 + d2)(2048+144)κ2^−µ·Tc in ps (TS 38.214 §5.3), d2 = 0: the earliest
    /// a HARQ-ACK may start after the end of the PDSCH. d1,1 per `d11`. Nil where N1 or the
    /// allocation is not defined.
    public static func tproc1(mu: Int, capability: UECapability, additionalDMRS: Bool, typeB: Bool,
                              length: Int, lastSymbol: Int) -> SimTime? {
        guard let n1 = n1(mu: mu, capability: capability, additionalDMRS: additionalDMRS),
              let d11 = d11(capability: capability, typeB: typeB, length: length, lastSymbol: lastSymbol)
        else { return nil }
        return BasicTimeUnit.picoseconds(tc(symbols: n1 + Double(d11), mu: mu))
    }

    /// Tproc,2 = max((N2 + d2,1)(2048+144)κ2^−µ·Tc, d2,2) in ps with d2,1 = 1 (the first PUSCH
    /// symbol carries data, not only DM-RS) and d2,2 = 0 (no BWP switch) (TS 38.214 §6.4):
    /// the earliest a PUSCH may start after the end of the PDCCH that schedules it.
    public static func tproc2(mu: Int, capability: UECapability) -> SimTime? {
        guard let n2 = n2(mu: mu, capability: capability) else { return nil }
        return BasicTimeUnit.picoseconds(tc(symbols: n2 + 1, mu: mu))
    }

    /// Tc in `symbols` symbols of (2048+144)κ2^−µ·Tc each; `symbols` is a multiple of 1/2.
    static func tc(symbols: Double, mu: Int) -> Int64 {
        Int64((symbols * 2).rounded()) * ((BasicTimeUnit.symbolAtMu0 / 2) >> mu)
    }
}
