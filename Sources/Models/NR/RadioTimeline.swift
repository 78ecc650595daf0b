import Kernel

/// The next-opportunity look-ups of the NR timeline: the first occasion or the first usable
/// symbol starting at or after a time. Absolute symbol n lies in pattern period ⌊n/P⌋, the
/// pattern repeating from time 0.
struct RadioTimeline {
    /// An occasion in absolute symbols.
    struct Occasion {
        let first: Int64
        let symbols: Int64
    }

    /// Symbols at sorted offsets within a cycle of `cycle` symbols, repeating.
    struct SymbolSet {
        let offsets: [Int64]
        let cycle: Int64
        var isEmpty: Bool { offsets.isEmpty }
    }

    let numerology: Numerology
    let periodSymbols: Int64
    let downlink: [TransmissionOccasion]
    let uplink: [TransmissionOccasion]

    init(numerology: Numerology, pattern: TDDPattern, miniSlot: Int?) {
        self.numerology = numerology
        periodSymbols = Int64(pattern.periodSymbols)
        downlink = pattern.occasions(.downlink, miniSlot: miniSlot)
        uplink = pattern.occasions(.uplink, miniSlot: miniSlot)
    }

    /// The first occasion of `list` whose start is at or after t; nil when the list is empty.
    func occasion(_ list: [TransmissionOccasion], atOrAfter t: SimTime) -> Occasion? {
        guard !list.isEmpty else { return nil }
        let n = numerology.firstSymbol(atOrAfter: t)
        let (c, o) = Self.floorDivide(n, periodSymbols)
        if let k = list.firstIndex(where: { Int64($0.firstSymbol) >= o }) {
            return Occasion(first: c * periodSymbols + Int64(list[k].firstSymbol), symbols: Int64(list[k].symbols))
        }
        return Occasion(first: (c + 1) * periodSymbols + Int64(list[0].firstSymbol), symbols: Int64(list[0].symbols))
    }

    /// The first symbol of `set` whose start is at or after t; nil when the set is empty.
    func symbol(_ set: SymbolSet, atOrAfter t: SimTime) -> Int64? {
        guard let first = set.offsets.first else { return nil }
        let n = numerology.firstSymbol(atOrAfter: t)
        let (c, o) = Self.floorDivide(n, set.cycle)
        if let k = set.offsets.firstIndex(where: { $0 >= o }) { return c * set.cycle + set.offsets[k] }
        return (c + 1) * set.cycle + first
    }

    /// The uplink-capable symbols (every symbol in FDD) whose absolute index is a multiple of
    /// `every` (1: all), as a set repeating every lcm(P, every) symbols.
    func uplinkSymbols(of pattern: TDDPattern, every: Int64) -> SymbolSet {
        let cycle = Self.leastCommonMultiple(periodSymbols, every)
        var offsets: [Int64] = []
        var n: Int64 = 0
        while n < cycle {
            if pattern.carries(.uplink, symbol: Int(n % periodSymbols)) { offsets.append(n) }
            n += every
        }
        return SymbolSet(offsets: offsets, cycle: cycle)
    }

    func start(_ n: Int64) -> SimTime { numerology.symbolStart(n) }
    func end(_ o: Occasion) -> SimTime { numerology.symbolStart(o.first + o.symbols) }

    /// (⌊a/b⌋, a mod b) for b > 0.
    static func floorDivide(_ a: Int64, _ b: Int64) -> (Int64, Int64) {
        var q = a / b, r = a % b
        if r < 0 { q -= 1; r += b }
        return (q, r)
    }

    static func greatestCommonDivisor(_ a: Int64, _ b: Int64) -> Int64 {
        var (x, y) = (a, b)
        while y != 0 { (x, y) = (y, x % y) }
        return x
    }

    static func leastCommonMultiple(_ a: Int64, _ b: Int64) -> Int64 { a / greatestCommonDivisor(a, b) * b }
}
