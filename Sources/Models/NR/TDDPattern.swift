/// What an OFDM symbol of a TDD pattern may carry (TS 38.213 §11.1: downlink, flexible,
/// uplink). A pattern's flexible symbols are its guard; FDD reports every symbol flexible.
public enum SymbolDirection: UInt8, Sendable {
    case downlink, flexible, uplink
}

/// A transmission occasion inside one pattern period: first symbol counted from the period start.
public struct TransmissionOccasion: Sendable, Equatable {
    /// First symbol, counted from the start of the pattern period.
    public var firstSymbol: Int32
    /// Length in symbols.
    public var symbols: Int32

    /// An occasion of `symbols` symbols starting at `firstSymbol` of the period.
    public init(firstSymbol: Int32, symbols: Int32) {
        self.firstSymbol = firstSymbol
        self.symbols = symbols
    }
}

/// Why a TDD pattern or special-slot split was not understood; the text lists what is valid.
public struct TDDPatternError: Error, CustomStringConvertible {
    /// The message.
    public let description: String

    /// An error with its message.
    public init(_ description: String) { self.description = description }
}

/// The split of a special (S) slot into downlink, guard and uplink symbols, in that order
/// (TS 38.213 §11.1: nrofDownlinkSymbols, flexible, nrofUplinkSymbols), summing to 14.
public struct SpecialSlotSplit: Sendable, Equatable, CustomStringConvertible {
    /// Leading downlink symbols.
    public let downlink: Int
    /// Guard (flexible) symbols between them.
    public let guardSymbols: Int
    /// Trailing uplink symbols.
    public let uplink: Int

    /// A split of `downlink` + `guardSymbols` + `uplink` = 14 symbols, or nil otherwise.
    public init?(downlink: Int, guardSymbols: Int, uplink: Int) {
        guard downlink >= 0, guardSymbols >= 0, uplink >= 0,
              downlink + guardSymbols + uplink == Numerology.symbolsPerSlot else { return nil }
        self.downlink = downlink
        self.guardSymbols = guardSymbols
        self.uplink = uplink
    }

    /// Canonical form, such as "10D2G2U" or "12D2G0U".
    public var description: String { "\(downlink)D\(guardSymbols)G\(uplink)U" }
}

/// A TDD UL-DL slot pattern repeating from the start of every frame (TS 38.213 §11.1,
/// tdd-UL-DL-ConfigurationCommon), or FDD. Built by `parse(_:special:)`.
public struct TDDPattern: Sendable, Equatable, CustomStringConvertible {
    /// The kind of each slot of a period.
    enum Slot: Sendable, Equatable {
        case downlink, uplink
        /// A special slot using `splits[index]`; `numbered` when written S1/S2.
        case special(index: Int, numbered: Bool)
    }

    /// Whether this is FDD: every symbol may carry either direction.
    public let isFDD: Bool
    /// The TS 38.521-4 A.1.2 name when parsed from one, such as "FR1.30-2".
    public let conformanceName: String?
    /// The subcarrier spacing a conformance pattern is defined at (referenceSubcarrierSpacing).
    public let referenceSubcarrierSpacingKHz: Int?
    let slots: [Slot]
    /// The special-slot splits: one for S, two for S1 and S2.
    public let specialSplits: [SpecialSlotSplit]
    /// Direction of every symbol of the period.
    let symbols: [SymbolDirection]

    init(slots: [Slot], splits: [SpecialSlotSplit], name: String? = nil, referenceSCS: Int? = nil) {
        isFDD = false
        conformanceName = name
        referenceSubcarrierSpacingKHz = referenceSCS
        self.slots = slots
        specialSplits = splits
        var symbols: [SymbolDirection] = []
        symbols.reserveCapacity(slots.count * Numerology.symbolsPerSlot)
        for slot in slots {
            switch slot {
            case .downlink: symbols += repeatElement(.downlink, count: Numerology.symbolsPerSlot)
            case .uplink: symbols += repeatElement(.uplink, count: Numerology.symbolsPerSlot)
            case .special(let index, _):
                let s = splits[index]
                symbols += repeatElement(.downlink, count: s.downlink)
                symbols += repeatElement(.flexible, count: s.guardSymbols)
                symbols += repeatElement(.uplink, count: s.uplink)
            }
        }
        self.symbols = symbols
    }

    private init(fdd: Void) {
        isFDD = true
        conformanceName = nil
        referenceSubcarrierSpacingKHz = nil
        slots = []
        specialSplits = []
        symbols = Array(repeating: .flexible, count: Numerology.symbolsPerSlot)
    }

    /// FDD: a period of one slot whose symbols carry both directions (on paired carriers).
    public static let fdd = TDDPattern(fdd: ())

    /// Slots in one period; 1 for FDD.
    public var periodSlots: Int { isFDD ? 1 : slots.count }

    /// Symbols in one period.
    public var periodSymbols: Int { symbols.count }

    /// Direction of symbol `s` of the period (taken modulo the period); FDD: `.flexible` (both).
    @inlinable
    public func direction(ofSymbol s: Int) -> SymbolDirection {
        let p = periodSymbols
        var i = s % p
        if i < 0 { i += p }
        return symbolDirection(i)
    }

    @usableFromInline func symbolDirection(_ i: Int) -> SymbolDirection { symbols[i] }

    /// Whether symbol `s` of the period may carry direction `d`; FDD: always.
    @inlinable
    public func carries(_ d: LinkDirection, symbol s: Int) -> Bool {
        if isFDD { return true }
        return direction(ofSymbol: s) == (d == .downlink ? .downlink : .uplink)
    }

    /// The occasions of one period for data in direction d. miniSlot == nil: slot-based (PDSCH/PUSCH
    /// mapping type A, TS 38.214 Tables 5.1.2.1-1 and 6.1.2.1-1): per slot, the run of d-symbols if it
    /// satisfies type A (DL: starts at symbol <= 3, length >= 3; UL: starts at symbol 0, length >= 4).
    /// miniSlot == L: mapping type B, consecutive non-overlapping L-symbol chunks inside each maximal
    /// run of d-symbols within a slot, aligned to the run's start (Rel-15 PDSCH type B uses L ∈ {2, 4, 7};
    /// see `miniSlotError`; any L in 1…14 is cut the same way, other L give none). FDD: every slot
    /// whole (slot-based) or chunks of L from symbol 0. Sorted by firstSymbol.
    public func occasions(_ d: LinkDirection, miniSlot: Int?) -> [TransmissionOccasion] {
        let perSlot = Numerology.symbolsPerSlot
        if let l = miniSlot, !(1...perSlot).contains(l) { return [] }
        let wanted: SymbolDirection = d == .downlink ? .downlink : .uplink
        var result: [TransmissionOccasion] = []
        for slot in 0..<periodSlots {
            let base = slot * perSlot
            var s = 0
            while s < perSlot {
                guard isFDD || symbols[base + s] == wanted else { s += 1; continue }
                var e = s
                while e < perSlot && (isFDD || symbols[base + e] == wanted) { e += 1 }
                let run = e - s
                if let l = miniSlot {
                    var c = s
                    while c + l <= e {
                        result.append(TransmissionOccasion(firstSymbol: Int32(base + c), symbols: Int32(l)))
                        c += l
                    }
                } else {
                    let typeA = d == .downlink ? (s <= 3 && run >= 3) : (s == 0 && run >= 4)
                    if typeA {
                        result.append(TransmissionOccasion(firstSymbol: Int32(base + s), symbols: Int32(run)))
                    }
                }
                s = e
            }
        }
        return result
    }

    /// Nil when `miniSlot` is nil (slot-based) or a PDSCH mapping type B length of Rel-15
    /// (2, 4 or 7 symbols, TS 38.214 §5.1.2.1); otherwise why not.
    public static func miniSlotError(_ miniSlot: Int?) -> String? {
        guard let l = miniSlot, ![2, 4, 7].contains(l) else { return nil }
        return "a mini-slot of \(l) symbols is not supported; valid lengths are 2, 4 and 7 symbols "
            + "(PDSCH mapping type B, TS 38.214 §5.1.2.1), or none for slot-based scheduling"
    }

    /// nil, or why the period is not an allowed dl-UL-TransmissionPeriodicity (TS 38.331: 0.5, 0.625, 1,
    /// 1.25, 2, 2.5, 3, 4, 5, 10 ms) at this numerology. A period outside the list passes when it
    /// divides 20 ms and splits into two listed periods (pattern1 + pattern2, TS 38.213 §11.1).
    /// A conformance pattern is also checked against its reference subcarrier spacing.
    public func periodError(_ numerology: Numerology) -> String? {
        if isFDD { return nil }
        let scs = numerology.subcarrierSpacingKHz
        if let name = conformanceName, let ref = referenceSubcarrierSpacingKHz, ref != scs {
            return "\(name) is defined at \(ref) kHz (TS 38.521-4 Table A.1.2-\(ref == 15 ? 1 : 2)), not at \(scs) kHz"
        }
        // Periods in eighths of a millisecond: every listed period is a whole number of them.
        let allowed = [4, 5, 8, 10, 16, 20, 24, 32, 40, 80]
        let eighths = periodSlots * (8 >> numerology.mu)
        if allowed.contains(eighths) { return nil }
        if 160 % eighths == 0, allowed.contains(where: { allowed.contains(eighths - $0) }) { return nil }
        let ms = Double(eighths) / 8
        return "a period of \(periodSlots) slots (\(ms) ms at \(scs) kHz) is not an allowed "
            + "dl-UL-TransmissionPeriodicity; allowed are 0.5, 0.625, 1, 1.25, 2, 2.5, 3, 4, 5 and 10 ms "
            + "(TS 38.331), or two of them adding up to a divisor of 20 ms (TS 38.213 §11.1)"
    }

    /// Canonical: the slot letters, then the special-slot split(s), e.g. "DDDSU 10D2G2U",
    /// "DS1S2U 10D2G2U,12D2G0U", "DDDU", or "FDD".
    public var description: String {
        if isFDD { return "FDD" }
        var letters = ""
        for slot in slots {
            switch slot {
            case .downlink: letters += "D"
            case .uplink: letters += "U"
            case .special(let index, let numbered): letters += numbered ? "S\(index + 1)" : "S"
            }
        }
        if specialSplits.isEmpty { return letters }
        return letters + " " + specialSplits.map(\.description).joined(separator: ",")
    }
}
