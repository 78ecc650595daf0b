import Kernel
import Models
import Testing

// Unit facts used throughout: Tc = 1/(480000·4096) s = 390625/768 ps; κ = 64. A symbol without
// the extra CP is 2192κ·2^−µ Tc = 140288/2^µ Tc; the first symbol of each half subframe has
// 16κ = 1024 Tc more. Times are rounded to the nearest ps from Tc (halves up).

@Suite struct NRPHYNumerologyTests {
    @Test func subcarrierSpacingsAndSlots() {
        #expect(Numerology(mu: 4) == nil)
        #expect(Numerology(mu: -1) == nil)
        #expect(Numerology(subcarrierSpacingKHz: 240) == nil)
        for (mu, scs) in [(0, 15), (1, 30), (2, 60), (3, 120)] {
            let n = Numerology(subcarrierSpacingKHz: scs)!
            #expect(n.mu == mu)
            #expect(n.subcarrierSpacingKHz == scs)
            #expect(n.slotDuration == Time.millisecond >> mu)
        }
        #expect(Numerology(mu: 3)!.slotDuration == 125_000_000)
    }

    /// µ = 0: symbol 0 is (2048+144+16)κ Tc = 141312 Tc = 71.875 us exactly; symbol 1 ends at
    /// (1024 + 2·140288) Tc = 281600 Tc = 143 229 166.67 ps → 143 229 167; a slot (= subframe)
    /// sums to 1 ms; symbol 7 starts the second half subframe at exactly 0.5 ms and is long too.
    @Test func mu0SymbolBoundaries() {
        let n = Numerology(mu: 0)!
        #expect(n.symbolStart(0) == 0)
        #expect(n.symbolEnd(0) == 71_875_000)
        #expect(n.symbolEnd(1) == 143_229_167)
        #expect(n.symbolStart(7) == 500_000_000)
        #expect(n.symbolEnd(7) - n.symbolStart(7) == 71_875_000)
        #expect(n.symbolStart(14) == Time.millisecond)
        #expect(n.slotStart(3) == 3 * Time.millisecond)
        // Regular symbols are 71 354 166.67 ps: each is 71 354 166 or 71 354 167 after rounding.
        for s in Int64(1)...6 {
            #expect([71_354_166, 71_354_167].contains(n.symbolEnd(s) - n.symbolStart(s)))
        }
        let total = (Int64(0)..<14).reduce(SimTime(0)) { $0 + n.symbolEnd($1) - n.symbolStart($1) }
        #expect(total == n.slotDuration)
    }

    /// µ = 2: the half subframe holds slots 0 and 1; slot 0 has the long symbol 0, so it is
    /// (1024 + 14·35072) Tc = 492032 Tc = 250 260 416.67 ps → 250 260 417 ps; slot 1 is the rest
    /// of 0.5 ms, 249 739 583 ps. They differ by 16κ Tc (520 833.3 ps, 520 834 after rounding).
    @Test func mu2SlotsWithAndWithoutLongCPDiffer() {
        let n = Numerology(mu: 2)!
        let slot0 = n.slotStart(1) - n.slotStart(0)
        let slot1 = n.slotStart(2) - n.slotStart(1)
        #expect(slot0 == 250_260_417)
        #expect(slot1 == 249_739_583)
        #expect(slot0 + slot1 == 500_000_000)
        #expect(slot0 - slot1 == 520_834)
        #expect(n.slotStart(2) == 2 * n.slotDuration)
        #expect(n.slotStart(1) != n.slotDuration)
    }

    /// µ = 3, n = 10^12: 10^12 = 56·17 857 142 857 + 8, so 17 857 142 857 half subframes
    /// (8 928 571 428 500 000 000 ps) plus symbol 8, which starts at (1024 + 8·17536) Tc =
    /// 141312 Tc = 71 875 000 ps.
    @Test func exactAtATrillionSymbols() {
        let n = Numerology(mu: 3)!
        let t: SimTime = 8_928_571_428_571_875_000
        #expect(n.symbolStart(1_000_000_000_000) == t)
        #expect(n.firstSymbol(atOrAfter: t) == 1_000_000_000_000)
        #expect(n.firstSymbol(atOrAfter: t + 1) == 1_000_000_000_001)
        #expect(n.symbol(containing: t - 1) == 999_999_999_999)
        #expect(n.symbol(containing: t) == 1_000_000_000_000)
        // Beyond the representable range it saturates rather than trapping.
        #expect(Numerology(mu: 0)!.symbolStart(1_000_000_000_000) == .max)
    }

    /// The inverse look-ups agree with symbolStart around every boundary of the first frames.
    @Test func inverseLookupsAgreeWithBoundaries() {
        for mu in 0...3 {
            let n = Numerology(mu: mu)!
            for s in Int64(0)..<2000 {
                let start = n.symbolStart(s), end = n.symbolEnd(s)
                #expect(n.firstSymbol(atOrAfter: start) == s)
                #expect(n.firstSymbol(atOrAfter: start + 1) == s + 1)
                #expect(n.symbol(containing: start) == s)
                #expect(n.symbol(containing: end - 1) == s)
            }
        }
        // Any time at all, against a search over the symbol starts.
        let rng = RandomStream(seed: 7, replication: 0, name: "symbols")
        for mu in 0...3 {
            let n = Numerology(mu: mu)!
            for _ in 0..<20_000 {
                let t = SimTime(rng.uniform() * 3e12)  // up to 3 s, any picosecond
                var lo: Int64 = 0, hi: Int64 = 1 << 40
                while lo < hi {
                    let mid = (lo + hi) / 2
                    if n.symbolStart(mid) >= t { hi = mid } else { lo = mid + 1 }
                }
                #expect(n.firstSymbol(atOrAfter: t) == lo, "µ \(mu) t \(t)")
            }
        }
        #expect(Numerology(mu: 0)!.firstSymbol(atOrAfter: 71_875_000) == 1)
        #expect(Numerology(mu: 0)!.symbol(containing: 71_874_999) == 0)
    }
}

@Suite struct NRPHYCarrierTests {
    @Test func frequencyRanges() {
        #expect(FrequencyRange(carrierHz: 3.5e9) == .fr1)
        #expect(FrequencyRange(carrierHz: 410e6) == .fr1)
        #expect(FrequencyRange(carrierHz: 7.125e9) == .fr1)
        #expect(FrequencyRange(carrierHz: 28e9) == .fr2)
        #expect(FrequencyRange(carrierHz: 60e9) == .fr2)
        #expect(FrequencyRange(carrierHz: 10e9) == nil)
        #expect(FrequencyRange(carrierHz: 100e6) == nil)
        #expect(FrequencyRange(carrierHz: 80e9) == nil)
    }

    /// Every entry carried, against the listing in OpenAirInterface's nr_common.c
    /// (tables_5_3_2, 15-column version) and the MATLAB/Python listings found alongside it.
    @Test func everyTableEntry() {
        let mhz = [5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 60, 70, 80, 90, 100]
        let fr1: [(Int, [Int?])] = [
            (15, [25, 52, 79, 106, 133, 160, 188, 216, 242, 270, nil, nil, nil, nil, nil]),
            (30, [11, 24, 38, 51, 65, 78, 92, 106, 119, 133, 162, 189, 217, 245, 273]),
            (60, [nil, 11, 18, 24, 31, 38, 44, 51, 58, 65, 79, 93, 107, 121, 135]),
        ]
        for (scs, rbs) in fr1 {
            for (bw, rb) in zip(mhz, rbs) {
                #expect(CarrierBandwidth.resourceBlocks(bandwidthMHz: bw, subcarrierSpacingKHz: scs, range: .fr1) == rb,
                        "FR1 \(scs) kHz \(bw) MHz")
            }
            #expect(CarrierBandwidth.validBandwidthsMHz(subcarrierSpacingKHz: scs, range: .fr1)
                == zip(mhz, rbs).compactMap { $1 == nil ? nil : $0 })
        }
        let fr2Mhz = [50, 100, 200, 400]
        for (scs, rbs) in [(60, [66, 132, 264, nil]), (120, [32, 66, 132, 264])] as [(Int, [Int?])] {
            for (bw, rb) in zip(fr2Mhz, rbs) {
                #expect(CarrierBandwidth.resourceBlocks(bandwidthMHz: bw, subcarrierSpacingKHz: scs, range: .fr2) == rb)
            }
        }
        #expect(CarrierBandwidth.resourceBlocks(bandwidthMHz: 20, subcarrierSpacingKHz: 120, range: .fr1) == nil)
        #expect(CarrierBandwidth.resourceBlocks(bandwidthMHz: 100, subcarrierSpacingKHz: 15, range: .fr2) == nil)
        #expect(CarrierBandwidth.resourceBlocks(bandwidthMHz: 55, subcarrierSpacingKHz: 30, range: .fr1) == nil)
        #expect(CarrierBandwidth.validBandwidthsMHz(subcarrierSpacingKHz: 240, range: .fr2).isEmpty)
    }

    @Test func anchors() {
        #expect(CarrierBandwidth.resourceBlocks(bandwidthMHz: 100, subcarrierSpacingKHz: 30, range: .fr1) == 273)
        #expect(CarrierBandwidth.resourceBlocks(bandwidthMHz: 20, subcarrierSpacingKHz: 15, range: .fr1) == 106)
        #expect(CarrierBandwidth.resourceBlocks(bandwidthMHz: 100, subcarrierSpacingKHz: 120, range: .fr2) == 66)
    }

    /// The FR2 guard bands of TS 38.521-2 Table 5.3.3-1 (itecspec.com, Rel-17) follow from the
    /// N_RB carried: e.g. 60 kHz 50 MHz: (50000 − 66·12·60)/2 − 30 = 1210 kHz. FR1: 30 kHz
    /// 100 MHz: (100000 − 273·360)/2 − 15 = 845; 15 kHz 5 MHz: (5000 − 25·180)/2 − 7.5 = 242.5;
    /// 15 kHz 50 MHz: 692.5 (nrexplained.com bandwidth tool).
    @Test func guardBandsMatchPublishedTables() {
        func guardBand(_ bw: Int, _ scs: Int, _ range: FrequencyRange) -> Double {
            let rb = CarrierBandwidth.resourceBlocks(bandwidthMHz: bw, subcarrierSpacingKHz: scs, range: range)!
            return CarrierBandwidth.guardBandKHz(bandwidthMHz: bw, subcarrierSpacingKHz: scs, resourceBlocks: rb)
        }
        #expect(guardBand(50, 60, .fr2) == 1210)
        #expect(guardBand(100, 60, .fr2) == 2450)
        #expect(guardBand(200, 60, .fr2) == 4930)
        #expect(guardBand(50, 120, .fr2) == 1900)
        #expect(guardBand(100, 120, .fr2) == 2420)
        #expect(guardBand(200, 120, .fr2) == 4900)
        #expect(guardBand(400, 120, .fr2) == 9860)
        #expect(guardBand(100, 30, .fr1) == 845)
        #expect(guardBand(5, 15, .fr1) == 242.5)
        #expect(guardBand(50, 15, .fr1) == 692.5)
    }
}

@Suite struct NRPHYTDDTests {
    func parseError(_ text: String, _ special: String? = nil) -> String? {
        do {
            _ = try TDDPattern.parse(text, special: special)
            return nil
        } catch {
            return error.description
        }
    }

    /// TS 38.521-4 Tables A.1.2-1 and A.1.2-2 (itecspec.com, Rel-17), including FR1.30-6
    /// S1: 10D+2G+2U, S2: 12D+2G+0U.
    @Test func everyConformanceName() throws {
        let expected: [(String, String, Int, Int, Double)] = [
            ("FR1.15-1", "DDDSU 10D2G2U", 5, 0, 5),
            ("FR1.30-1", "DDDDDDDSUU 6D4G4U", 10, 1, 5),
            ("FR1.30-2", "DDDSU 10D2G2U", 5, 1, 2.5),
            ("FR1.30-3", "DDDSUDDSUU 10D2G2U", 10, 1, 5),
            ("FR1.30-4", "DDDSUUDDDD 6D4G4U", 10, 1, 5),
            ("FR1.30-5", "DSUU 12D2G0U", 4, 1, 2),
            ("FR1.30-6", "DS1S2U 10D2G2U,12D2G0U", 4, 1, 2),
        ]
        for (name, description, slots, mu, ms) in expected {
            let p = try TDDPattern.parse(name.lowercased(), special: nil)
            #expect(p.description == description)
            #expect(p.conformanceName == name)
            #expect(p.periodSlots == slots)
            #expect(Double(slots) / Double(1 << mu) == ms)
            #expect(p.periodError(Numerology(mu: mu)!) == nil)
            #expect(p.periodError(Numerology(mu: 1 - mu)!)?.contains("is defined at") == true)
            #expect(try TDDPattern.parse(" " + name + " ", special: nil) == p)
        }
        // FR1.30-6 symbol by symbol: D slot, S1 = 10 D, 2 guard, 2 U, S2 = 12 D, 2 guard, U slot.
        let p = try TDDPattern.parse("FR1.30-6", special: nil)
        #expect(p.direction(ofSymbol: 14 + 9) == .downlink)
        #expect(p.direction(ofSymbol: 14 + 10) == .flexible)
        #expect(p.direction(ofSymbol: 14 + 12) == .uplink)
        #expect(p.direction(ofSymbol: 28 + 11) == .downlink)
        #expect(p.direction(ofSymbol: 28 + 13) == .flexible)
        #expect(p.direction(ofSymbol: 42) == .uplink)
        #expect(p.direction(ofSymbol: 56) == .downlink)  // next period
    }

    @Test func lettersAndSplits() throws {
        #expect(try TDDPattern.parse("dddsu", special: nil).description == "DDDSU 10D2G2U")
        #expect(try TDDPattern.parse("DDDSU", special: "6D+4G+4U").description == "DDDSU 6D4G4U")
        #expect(try TDDPattern.parse("DSUU", special: "12D2G").description == "DSUU 12D2G0U")
        #expect(try TDDPattern.parse("DS1S2U", special: nil).description == "DS1S2U 10D2G2U,12D2G0U")
        #expect(try TDDPattern.parse("DS1S2U", special: "8d4g2u, 12D+2G").description == "DS1S2U 8D4G2U,12D2G0U")
        #expect(try TDDPattern.parse("DDDU", special: nil).description == "DDDU")
        #expect(try TDDPattern.parse("fdd", special: nil) == .fdd)
        #expect(TDDPattern.fdd.description == "FDD")
        #expect(TDDPattern.fdd.isFDD && TDDPattern.fdd.periodSlots == 1)
        #expect(TDDPattern.fdd.direction(ofSymbol: 5) == .flexible)
        #expect(TDDPattern.fdd.carries(.uplink, symbol: 3) && TDDPattern.fdd.carries(.downlink, symbol: 3))
        let p = try TDDPattern.parse("DDDSU", special: nil)
        #expect(p.carries(.downlink, symbol: 51) && !p.carries(.downlink, symbol: 52) && !p.carries(.uplink, symbol: 53))
        #expect(p.carries(.uplink, symbol: 54) && p.carries(.uplink, symbol: -1))
    }

    @Test func badInputsSayWhatIsValid() {
        let names = "FR1.15-1, FR1.30-1, FR1.30-2, FR1.30-3, FR1.30-4, FR1.30-5, FR1.30-6"
        #expect(parseError("FR1.30-7")?.contains(names) == true)
        #expect(parseError("")?.contains(names) == true)
        #expect(parseError("DDXSU")?.contains("'X' at position 3") == true)
        #expect(parseError("DDXSU")?.contains(names) == true)
        #expect(parseError("7DS2U")?.contains("DDDDDDDSUU") == true)
        #expect(parseError("DDDSU", "10D2G3U")?.contains("15 symbols, not 14") == true)
        #expect(parseError("DDDSU", "2G10D2U")?.contains("out of order") == true)
        #expect(parseError("DDDSU", "tenD")?.contains("such as \"10D2G2U\"") == true)
        #expect(parseError("DDDU", "10D2G2U")?.contains("no special (S) slot") == true)
        #expect(parseError("DS1S2U", "10D2G2U")?.contains("two splits") == true)
        #expect(parseError("DSS1U")?.contains("mixes S with S1/S2") == true)
        #expect(parseError("FR1.30-2", "10D2G2U")?.contains("fixes its special slots") == true)
        #expect(parseError("FDD", "10D2G2U") != nil)
        #expect(parseError(String(repeating: "D", count: 81))?.contains("at most 80") == true)
        #expect(TDDPattern.miniSlotError(3)?.contains("2, 4 and 7") == true)
        #expect(TDDPattern.miniSlotError(7) == nil && TDDPattern.miniSlotError(nil) == nil)
    }

    /// 0.5 ms DDSU at 120 kHz; DDDSU 5 ms at 15 kHz and 0.625 ms at 120 kHz; 11 slots at 30 kHz
    /// (5.5 ms) and DSU at 30 kHz (1.5 ms) are neither listed nor divisors of 20 ms.
    @Test func periods() throws {
        let dddsu = try TDDPattern.parse("DDDSU", special: nil)
        #expect(dddsu.periodError(Numerology(mu: 0)!) == nil)
        #expect(dddsu.periodError(Numerology(mu: 3)!) == nil)
        #expect(try TDDPattern.parse("DDSU", special: nil).periodError(Numerology(mu: 3)!) == nil)
        #expect(try TDDPattern.parse("DDDDDDDDSUU", special: nil).periodError(Numerology(mu: 1)!)?
            .contains("0.5, 0.625, 1, 1.25, 2, 2.5, 3, 4, 5 and 10 ms") == true)
        #expect(try TDDPattern.parse("DSU", special: nil).periodError(Numerology(mu: 1)!) != nil)
        #expect(TDDPattern.fdd.periodError(Numerology(mu: 2)!) == nil)
    }

    /// DDDSU with S = 10D2G2U. Slot-based DL: slots 0–2 whole, slot 3's 10 DL symbols (start 0,
    /// length 10 >= 3: type A). Slot-based UL: slot 4 only (slot 3's UL run starts at 12, not 0).
    /// Mini-slot 2: 7 chunks per D slot, 5 in slot 3's DL run (symbols 42…51); UL: slot 3's run
    /// 54–55 and 7 chunks in slot 4.
    @Test func occasionsSlotBasedAndMiniSlot() throws {
        let p = try TDDPattern.parse("DDDSU", special: "10D2G2U")
        func occ(_ pairs: [(Int32, Int32)]) -> [TransmissionOccasion] {
            pairs.map { TransmissionOccasion(firstSymbol: $0.0, symbols: $0.1) }
        }
        #expect(p.occasions(.downlink, miniSlot: nil) == occ([(0, 14), (14, 14), (28, 14), (42, 10)]))
        #expect(p.occasions(.uplink, miniSlot: nil) == occ([(56, 14)]))
        func pairs(from first: Int32, count: Int32) -> [(Int32, Int32)] {
            (0..<count).map { (first + 2 * $0, Int32(2)) }
        }
        let dl2: [(Int32, Int32)] = pairs(from: 0, count: 21) + pairs(from: 42, count: 5)
        #expect(p.occasions(.downlink, miniSlot: 2) == occ(dl2))
        let ul2: [(Int32, Int32)] = [(54, 2)] + pairs(from: 56, count: 7)
        #expect(p.occasions(.uplink, miniSlot: 2) == occ(ul2))
        #expect(p.occasions(.downlink, miniSlot: 7) == occ([(0, 7), (7, 7), (14, 7), (21, 7), (28, 7), (35, 7), (42, 7)]))
        #expect(p.occasions(.downlink, miniSlot: 4).suffix(2) == occ([(42, 4), (46, 4)]))
        #expect(TDDPattern.fdd.occasions(.uplink, miniSlot: nil) == occ([(0, 14)]))
        #expect(TDDPattern.fdd.occasions(.downlink, miniSlot: 4) == occ([(0, 4), (4, 4), (8, 4)]))
        #expect(p.occasions(.downlink, miniSlot: 15).isEmpty)
        // S = 2D8G4U: its 2-symbol DL run is too short for type A, its UL run starts at 10, not 0.
        let q = try TDDPattern.parse("DSUU", special: "2D8G4U")
        #expect(q.occasions(.downlink, miniSlot: nil) == occ([(0, 14)]))
        #expect(q.occasions(.uplink, miniSlot: nil) == occ([(28, 14), (42, 14)]))
    }
}

@Suite struct NRPHYProcessingTests {
    /// TS 38.214 Tables 5.3-1/5.3-2 and 6.4-1/6.4-2 as in REFERENCE.md.
    @Test func tables() {
        #expect((0...3).map { ProcessingTime.n1(mu: $0, capability: .one, additionalDMRS: false) } == [8, 10, 17, 20])
        #expect((0...3).map { ProcessingTime.n1(mu: $0, capability: .one, additionalDMRS: true) } == [13, 13, 20, 24])
        #expect((0...3).map { ProcessingTime.n1(mu: $0, capability: .two, additionalDMRS: false) } == [3, 4.5, 9, nil])
        #expect(ProcessingTime.n1(mu: 0, capability: .two, additionalDMRS: true) == nil)
        #expect((0...3).map { ProcessingTime.n2(mu: $0, capability: .one) } == [10, 12, 23, 36])
        #expect((0...3).map { ProcessingTime.n2(mu: $0, capability: .two) } == [5, 5.5, 11, nil])
        #expect(ProcessingTime.n1(mu: 4, capability: .one, additionalDMRS: false) == nil)
    }

    /// µ = 0, capability 1: Tproc,1 for a 14-symbol type A PDSCH (d1,1 = 0) is 8 symbols of
    /// 140288 Tc = 1 122 304 Tc = 570 833 333.3 ps; Tproc,2 = (10 + 1)·140288 Tc = 784 895 833.3 ps.
    /// Type A ending on symbol 5 (L = 4): d1,1 = 2 → 10 symbols = 713 541 666.7 ps. Type B cap. 1:
    /// L = 2 → d1,1 = 3; L = 4 → 3; L = 7 → 0. µ = 1 cap. 2, L = 2: 4.5 symbols of 70144 Tc =
    /// 315 648 Tc = 160 546 875 ps exactly.
    @Test func tprocInPicoseconds() {
        func t1(_ mu: Int, _ cap: UECapability, typeB: Bool, _ l: Int, _ last: Int) -> SimTime? {
            ProcessingTime.tproc1(mu: mu, capability: cap, additionalDMRS: false, typeB: typeB, length: l, lastSymbol: last)
        }
        #expect(t1(0, .one, typeB: false, 14, 13) == 570_833_333)
        #expect(ProcessingTime.tproc2(mu: 0, capability: .one) == 784_895_833)
        #expect(t1(0, .one, typeB: false, 4, 5) == 713_541_667)
        #expect(ProcessingTime.d11(capability: .one, typeB: true, length: 2, lastSymbol: 1) == 3)
        #expect(ProcessingTime.d11(capability: .one, typeB: true, length: 4, lastSymbol: 9) == 3)
        #expect(ProcessingTime.d11(capability: .one, typeB: true, length: 7, lastSymbol: 13) == 0)
        #expect(ProcessingTime.d11(capability: .one, typeB: true, length: 3, lastSymbol: 5) == 3)
        #expect(ProcessingTime.d11(capability: .two, typeB: true, length: 4, lastSymbol: 5) == 0)
        #expect(t1(1, .two, typeB: true, 2, 1) == 160_546_875)
        #expect(t1(3, .two, typeB: true, 2, 1) == nil)
        #expect(t1(0, .one, typeB: false, 14, 12) == nil)  // would start at −1
        #expect(t1(0, .one, typeB: false, 4, 10) == nil)  // type A may not start at 7
        #expect(ProcessingTime.tproc2(mu: 3, capability: .two) == nil)
    }

    /// Defaults at µ = 1, cap. 1: Tproc,1 = 10·70144 Tc = 356 770 833.3 ps, half 178 385 416.7;
    /// Tproc,2 = 13·70144 Tc = 463 802 083.3 ps, half 231 901 041.7 (halved in Tc, then rounded).
    @Test func radioProcessingDefaults() {
        let p = RadioProcessing.defaults(numerology: Numerology(mu: 1)!, capability: .one, miniSlot: nil)!
        #expect(p == RadioProcessing(gnbTx: 231_901_042, gnbRx: 178_385_417, ueTx: 231_901_042, ueRx: 178_385_417,
                                     harqFeedback: 356_770_833, grantToData: 463_802_083))
        // Mini-slot 2, type B: d1,1 = 3, so Tproc,1 = 13 symbols = 463 802 083.3 ps.
        let m = RadioProcessing.defaults(numerology: Numerology(mu: 1)!, capability: .one, miniSlot: 2)!
        #expect(m.harqFeedback == 463_802_083 && m.ueRx == 231_901_042)
        #expect(RadioProcessing.defaults(numerology: Numerology(mu: 3)!, capability: .two, miniSlot: nil) == nil)
    }
}

@Suite struct NRPHYTransportBlockTests {
    func tbs(_ prbs: Int, _ symbols: Int, _ dmrs: Int, _ oh: Int, _ qm: Int, _ r: Double, _ layers: Int) -> Int {
        TransportBlock.size(prbs: prbs, symbols: symbols, dmrsPerPRB: dmrs, overhead: oh, modulationOrder: qm,
                            codeRate: r, layers: layers)
    }

    /// Table path (N_info <= 3824).
    @Test func tablePath() {
        // 1 PRB, 12 symbols, 12 DM-RS REs: N'RE = 144 − 12 = 132, N_RE = 132; QPSK R = 120/1024:
        // N_info = 132·0.1171875·2 = 30.9375; n = max(3, 4 − 6) = 3; N'info = max(24, 8·3) = 24 → 24.
        #expect(tbs(1, 12, 12, 0, 2, 120.0 / 1024, 1) == 24)
        // 10 PRB, N_RE = 1320; QPSK R = 0.5, 2 layers: N_info = 2640; n = max(3, 11 − 6) = 5;
        // N'info = 32·⌊2640/32⌋ = 32·82 = 2624 → smallest entry >= 2624 is 2664.
        #expect(tbs(10, 12, 12, 0, 2, 0.5, 2) == 2664)
        // 14 symbols, no DM-RS: N'RE = 168, capped at 156; QPSK R = 0.5: N_info = 156; n = 3;
        // N'info = 8·⌊19.5⌋ = 152 → 152.
        #expect(tbs(1, 14, 0, 0, 2, 0.5, 1) == 152)
        // Boundary: 4 PRB, 12 symbols, 16 DM-RS REs (type 2, two CDM groups, two symbols):
        // N'RE = 128, N_RE = 512; Qm 8, R = 956/1024: N_info = 512·956/1024·8 = 3824 exactly → table;
        // n = 11 − 6 = 5; N'info = 32·⌊119.5⌋ = 3808 → 3824.
        #expect(tbs(4, 12, 16, 0, 8, 956.0 / 1024, 1) == 3824)
        #expect(tbs(0, 12, 12, 0, 2, 0.5, 1) == 0)
        #expect(tbs(1, 1, 12, 0, 2, 0.5, 1) == 0)
    }

    /// Large path (N_info > 3824), both R branches, 1, 2 and 4 layers.
    @Test func largePath() {
        // Just over the boundary: R = 957/1024 gives N_info = 3828; n = ⌊log2 3804⌋ − 5 = 6;
        // N'info = max(3840, 64·round(59.44) = 3776) = 3840; R > 1/4, N'info <= 8424:
        // TBS = 8·⌈3864/8⌉ − 24 = 3840.
        #expect(tbs(4, 12, 16, 0, 8, 957.0 / 1024, 1) == 3840)
        // R <= 1/4, 2 layers: 100 PRB, N_RE = 13200, QPSK R = 120/1024: N_info = 6187.5;
        // n = ⌊log2 6163.5⌋ − 5 = 7; N'info = 128·round(48.15) = 6144; C = ⌈6168/3816⌉ = 2;
        // TBS = 16·⌈6168/16 = 385.5⌉ − 24 = 16·386 − 24 = 6152.
        #expect(tbs(100, 12, 12, 0, 2, 120.0 / 1024, 2) == 6152)
        // R = 1/4 exactly takes the R <= 1/4 branch: 273 PRB, N_RE = 36036, QPSK: N_info = 18018;
        // n = ⌊log2 17994⌋ − 5 = 9; N'info = 512·round(35.14) = 17920; C = ⌈17944/3816⌉ = 5;
        // TBS = 40·⌈448.6⌉ − 24 = 17936.
        #expect(tbs(273, 12, 12, 0, 2, 0.25, 1) == 17936)
        // R > 1/4, N'info <= 8424: 20 PRB, N_RE = 2640, 16QAM R = 0.5: N_info = 5280;
        // n = ⌊log2 5256⌋ − 5 = 7; N'info = 128·round(41.06) = 5248; TBS = 8·⌈5272/8⌉ − 24 = 5248.
        #expect(tbs(20, 12, 12, 0, 4, 0.5, 1) == 5248)
        // N'info just over 8424: 32 PRB, N_RE = 4224, 16QAM R = 0.5: N_info = 8448;
        // n = ⌊log2 8424⌋ − 5 = 8; N'info = 256·round(32.91) = 8448 > 8424: C = ⌈8472/8424⌉ = 2;
        // TBS = 16·⌈529.5⌉ − 24 = 8456 (one block would have given 8448).
        #expect(tbs(32, 12, 12, 0, 4, 0.5, 1) == 8456)
        // 2 layers, overhead 6: 50 PRB, N'RE = 144 − 12 − 6 = 126, N_RE = 6300; 64QAM R = 666/1024:
        // N_info = 6300·0.650390625·12 = 49169.53; n = ⌊log2 49145.5⌋ − 5 = 10;
        // N'info = 1024·round(47.99) = 49152; C = ⌈49176/8424⌉ = 6; TBS = 48·⌈1024.5⌉ − 24 = 49176.
        #expect(tbs(50, 12, 12, 6, 6, 666.0 / 1024, 2) == 49176)
    }

    /// Independent: a gNB's PDSCH seen in Wireshark (github.com/dustinchen26/TBS README):
    /// 273 PRB, 13 symbols, 24 DM-RS REs, 256QAM table MCS 9 (Qm 4, R 616/1024), 4 layers →
    /// TBS 43047 bytes = 344376 bits (N_info = 346846.5, N'info = 344064, C = 41).
    @Test func publishedExample() {
        #expect(tbs(273, 13, 24, 0, 4, 616.0 / 1024, 4) == 344_376)
        #expect(TransportBlock.codeBlocks(tbs: 344_376, codeRate: 616.0 / 1024) == 41)
    }

    /// BG and segmentation: C agrees with the TBS procedure's C wherever that segments.
    @Test func codeBlocks() {
        // BG2 (R <= 1/4), B = 6176 > 3840: ⌈6176/3816⌉ = 2.
        #expect(TransportBlock.codeBlocks(tbs: 6152, codeRate: 120.0 / 1024) == 2)
        // BG2, B = 17960: ⌈17960/3816⌉ = 5.
        #expect(TransportBlock.codeBlocks(tbs: 17936, codeRate: 0.25) == 5)
        // BG1, B = 8480 > 8448: ⌈8480/8424⌉ = 2.
        #expect(TransportBlock.codeBlocks(tbs: 8456, codeRate: 0.5) == 2)
        // BG1, B = 5272 <= 8448: 1.
        #expect(TransportBlock.codeBlocks(tbs: 5248, codeRate: 0.5) == 1)
        // 3824 at R 0.5: BG2, the TB CRC is 16 bits, B = 3840 = Kcb: one block.
        #expect(TransportBlock.codeBlocks(tbs: 3824, codeRate: 0.5) == 1)
        // 3840 at R 0.5: BG1 (TBS > 3824), B = 3864: one block.
        #expect(TransportBlock.codeBlocks(tbs: 3840, codeRate: 0.5) == 1)
        #expect(TransportBlock.codeBlocks(tbs: 24, codeRate: 0.9) == 1)
        #expect(TransportBlock.codeBlocks(tbs: 0, codeRate: 0.5) == 0)
    }
}

/// Latency budgets against timelines derived by hand. Arrival a is uniform over one period;
/// each first-step opportunity s serves the arrivals a ∈ (s_prev − lead, s − lead], over which
/// the delay D − a falls linearly, so its mean there is D − (midpoint of the interval).
@Suite struct NRPHYLatencyTests {
    func budget(_ mu: Int, _ pattern: TDDPattern, _ direction: LinkDirection, access: LatencyBudget.Access = .configuredGrant,
                miniSlot: Int? = nil, p: Double = 0, sr: Int? = nil) -> LatencyBudget {
        LatencyBudget.compute(LatencyBudget.Input(numerology: Numerology(mu: mu)!, pattern: pattern, miniSlot: miniSlot,
                                                  capability: .one, direction: direction, access: access,
                                                  harqProbability: p, srPeriodSymbols: sr))
    }

    func component(_ b: LatencyBudget, _ name: String) -> LatencyBudget.Component? {
        b.components.first { $0.name == name }
    }

    /// FDD, µ = 0, slot-based DL, capability 1.
    /// gnbTx = Tproc,2/2 = 5.5 symbols = 771 584 Tc = 392 447 916.7 → 392 447 917 ps;
    /// ueRx = Tproc,1/2 = 4 symbols = 561 152 Tc = 285 416 666.7 → 285 416 667 ps.
    /// Occasions are the slots [k, k+1) ms. a ∈ (k ms − gnbTx, (k+1) ms − gnbTx] is sent in slot
    /// k+1 and delivered at D = (k+2) ms + ueRx: the delay falls from 2 ms + gnbTx + ueRx to
    /// 1 ms + gnbTx + ueRx, mean 1.5 ms + 392 447 917 + 285 416 667 = 2 177 864 584 ps,
    /// worst 2 677 864 584 ps.
    @Test func fddMu0SlotBasedDownlink() {
        let b = budget(0, .fdd, .downlink)
        #expect(b.problem == nil)
        #expect(b.meanWithoutHARQ == 2_177_864_584)
        #expect(b.mean == 2_177_864_584)
        #expect(b.worst == 2_677_864_584)
        #expect(b.averagingPeriod == Time.millisecond)
        #expect(component(b, "gNB processing")?.mean == 392_447_917)
        #expect(component(b, "frame/TDD alignment")?.mean == 500_000_000)
        #expect(component(b, "frame/TDD alignment")?.worst == Time.millisecond)
        #expect(component(b, "transmission")?.mean == Time.millisecond)
        #expect(component(b, "UE processing")?.mean == 285_416_667)
        #expect(b.components.map(\.name) == ["gNB processing", "frame/TDD alignment", "transmission", "UE processing",
                                             "HARQ retransmission"])
    }

    /// The same with p = 0.1. A transmission ending at E = (k+2) ms: Tproc,1 = 8 symbols =
    /// 570 833 333 ps; the first symbol starting at or after E + 570 833 333 is symbol 8 of the
    /// subframe (symbol 7 starts at 0.5 ms, symbol 8 at 0.5 ms + 71 875 000 = 571 875 000); the
    /// NACK ends at symbol 9's start, 0.5 ms + 143 229 167 = 643 229 167; + gnbRx 285 416 667 +
    /// gnbTx 392 447 917 = E + 1 321 093 751, so the retransmission takes slot k+4 and arrives at
    /// (k+5) ms + ueRx: T_HARQ = 3 ms for every arrival. Mean = 2 177 864 584 + 0.1·3 ms =
    /// 2 477 864 584 ps; worst (one retransmission) = 2 677 864 584 + 3 ms = 5 677 864 584 ps.
    @Test func harqWithTenPercentErrors() {
        let b = budget(0, .fdd, .downlink, p: 0.1)
        #expect(b.meanWithoutHARQ == 2_177_864_584)
        #expect(b.harqRoundTrip == 3 * Time.millisecond)
        #expect(b.mean == 2_477_864_584)
        #expect(b.worst == 5_677_864_584)
        #expect(component(b, "HARQ retransmission")?.mean == 300_000_000)
        #expect(component(b, "HARQ retransmission")?.worst == 3 * Time.millisecond)
    }

    /// DDDSU (S = 10D2G2U) at 30 kHz, slot-based DL, capability 1. µ = 1: slots of 0.5 ms, each
    /// starting a half subframe; gnbTx g = Tproc,2/2 = 6.5 symbols = 455 936 Tc = 231 901 042 ps,
    /// ueRx u = Tproc,1/2 = 5 symbols = 350 720 Tc = 178 385 417 ps. DL occasions start at 0, 0.5,
    /// 1.0, 1.5 ms of each 2.5 ms period; the first three end 0.5 ms later, the S-slot one at the
    /// start of its symbol 10: 1.5 ms + (1024 + 10·70144) Tc = 1.5 ms + 357 291 667 = 1 857 291 667.
    /// Pieces of a (ms, relative to −g) and D − midpoint:
    ///   (0.5, 1.0]: slot 1, D = 1.5 ms + u, D − mid = 0.75 ms + g + u, width 0.5 ms;
    ///   (1.0, 1.5]: slot 2, D = 1 857 291 667 + u, D − mid = 607 291 667 + g + u, width 0.5 ms;
    ///   (1.5, 2.5]: slot 3 (S), D = 3.0 ms + u, D − mid = 1.0 ms + g + u, width 1 ms;
    ///   (2.5, 3.0]: next slot 0, D = 3.5 ms + u, D − mid = 0.75 ms + g + u, width 0.5 ms.
    /// Mean = g + u + (0.5·0.75 + 0.5·0.607291667 + 1·1 + 0.5·0.75)/2.5 ms
    ///      = 410 286 459 + 821 458 333.4 = 1 231 744 792.4 → 1 231 744 792 ps.
    /// Worst: the S piece, 3.0 − 1.5 ms + g + u = 1 910 286 459 ps.
    @Test func dddsuDownlink() throws {
        let b = budget(1, try TDDPattern.parse("DDDSU", special: "10D2G2U"), .downlink)
        #expect(b.problem == nil)
        #expect(b.averagingPeriod == 2_500_000_000)
        #expect(b.meanWithoutHARQ == 1_231_744_792)
        #expect(b.worst == 1_910_286_459)
    }

    /// DDDSU at 30 kHz, UL configured grant: the only slot-based UL occasion is slot 4 (2.0–2.5 ms);
    /// ueTx = 231 901 042, gnbRx = 178 385 417. One piece per period: a ∈ (−0.5 ms − ueTx,
    /// 2.0 ms − ueTx], D = 2.5 ms + gnbRx. Mean = D − midpoint = 2.5 − 0.75 ms + ueTx + gnbRx =
    /// 2 160 286 459 ps; worst = 3.0 ms + ueTx + gnbRx = 3 410 286 459 ps.
    @Test func dddsuUplinkConfiguredGrant() throws {
        let b = budget(1, try TDDPattern.parse("FR1.30-2", special: nil), .uplink)
        #expect(b.meanWithoutHARQ == 2_160_286_459)
        #expect(b.worst == 3_410_286_459)
        #expect(component(b, "frame/TDD alignment")?.worst == 2_500_000_000)
    }

    /// DDDSU at 30 kHz, UL dynamic grant, SR in any UL symbol (symbols 54, 55 of slot 3 and
    /// 56…69). Earliest SR, symbol 54: starts 1.5 ms + (1024 + 12·70144) Tc = 1 928 645 833, ends
    /// 1 964 322 917; + gnbRx 178 385 417 + gnbTx 231 901 042 = 2 374 609 376: PDCCH in symbol 0 of
    /// the next period's slot 0 (2.5 ms), ending 2.5 ms + 71168 Tc = 2 536 197 917; + Tproc,2
    /// 463 802 083 = exactly 3.0 ms; the next UL occasion is slot 4 of the next period, 4.5–5.0 ms.
    /// Latest SR, symbol 69, ends 2.5 ms; grant ready 2 910 286 459 → PDCCH at 3.0 ms, ends
    /// 3 036 197 917, + Tproc,2 = 3.5 ms → again PUSCH 4.5–5.0 ms. So every arrival with ready in
    /// (start of symbol 69 of the previous period, start of symbol 69] is delivered at
    /// D = 5.0 ms + gnbRx = 5 178 385 417; symbol 69 starts 2.0 ms + (1024 + 13·70144) Tc =
    /// 2 464 322 917. One piece: a ∈ (2 464 322 917 − 2.5 ms − ueTx, 2 464 322 917 − ueTx],
    /// midpoint 2 464 322 917 − 1.25 ms − 231 901 042 = 982 421 875.
    /// Mean = 5 178 385 417 − 982 421 875 = 4 195 963 542 ps; worst = D − left end = 5 445 963 542 ps.
    @Test func dddsuUplinkDynamicGrant() throws {
        let b = budget(1, try TDDPattern.parse("DDDSU", special: nil), .uplink, access: .dynamicGrant)
        #expect(b.problem == nil)
        #expect(b.meanWithoutHARQ == 4_195_963_542)
        #expect(b.worst == 5_445_963_542)
        #expect(b.components.map(\.name).prefix(5) == ["UE processing", "SR and grant", "frame/TDD alignment",
                                                        "transmission", "gNB processing"])
        // The SR is always in 54…69, so the PUSCH is always 4.5–5.0 ms: transmission 0.5 ms.
        #expect(component(b, "transmission")?.worst == 500_000_000)
    }

    /// FDD, µ = 1, DL mini-slots of 2 symbols, capability 1. Type B with L = 2: d1,1 = 3, so
    /// Tproc,1 = 13 symbols and ueRx = 6.5 symbols = 455 936 Tc = 231 901 042 ps = gnbTx.
    /// Symbol starts in a slot (ps, from (1024 + r·70144) Tc): 0, 36 197 917, 71 875 000,
    /// 107 552 083, 143 229 167, 178 906 250, 214 583 333, 250 260 417, 285 937 500, 321 614 583,
    /// 357 291 667, 392 968 750, 428 645 833, 464 322 917, 500 000 000. The seven occasions start
    /// at even symbols with durations d = [A, B, C, B, B, C, B], A = 71 875 000, B = 71 354 167,
    /// C = 71 354 166. Occasion k serves a ∈ (s_(k−1) − g, s_k − g] (width d_(k−1)) and delivers
    /// at s_k + d_k + u, so D − mid = d_(k−1)/2 + d_k + g + u. Over the 0.5 ms period:
    /// mean = g + u + (Σ d²/2 + Σ d_(k−1)·d_k)/0.5 ms with Σ d² = A² + 4B² + 2C² =
    /// 35 714 518 229 166 668 and Σ d_(k−1)d_k = 2AB + 4BC + B² = 35 714 246 962 152 777:
    /// mean = 463 802 084 + 107 143 012.15 = 570 945 096.15 → 570 945 096 ps.
    /// Worst: max d_(k−1) + d_k + g + u = A + B + 463 802 084 = 607 031 251 ps.
    @Test func fddMiniSlotDownlink() {
        let b = budget(1, .fdd, .downlink, miniSlot: 2)
        #expect(b.problem == nil)
        #expect(b.averagingPeriod == 500_000_000)
        #expect(b.meanWithoutHARQ == 570_945_096)
        #expect(b.worst == 607_031_251)
    }

    @Test func problemsAreReported() throws {
        let dddu = try TDDPattern.parse("DDDD", special: nil)
        #expect(budget(1, dddu, .uplink).problem?.contains("no slot-based (mapping type A) uplink occasion") == true)
        #expect(budget(1, dddu, .downlink, p: 0.1).problem?.contains("HARQ feedback") == true)
        #expect(budget(1, dddu, .downlink).problem == nil)
        #expect(budget(1, .fdd, .downlink, miniSlot: 3).problem?.contains("2, 4 and 7") == true)
        #expect(budget(1, .fdd, .downlink, p: 1.5).problem != nil)
        #expect(budget(1, .fdd, .downlink, p: .nan).problem != nil)
        let cap2 = LatencyBudget.compute(LatencyBudget.Input(numerology: Numerology(mu: 3)!, capability: .two,
                                                              direction: .downlink))
        #expect(cap2.problem?.contains("capability 2") == true)
        #expect(cap2.mean == Time.maximum && cap2.components.isEmpty)
        let uuuu = try TDDPattern.parse("UUUU", special: nil)
        #expect(budget(1, uuuu, .uplink, access: .dynamicGrant).problem?.contains("PDCCH") == true)
        #expect(budget(1, uuuu, .uplink).problem == nil)
    }

    /// With an SR period the mean averages over lcm(pattern, SR period): SR every 70 symbols
    /// (one per 2.5 ms period, at symbol 0 of slot 0, which is DL in DDDSU) leaves no SR symbol.
    @Test func srPeriodMustHitAnUplinkSymbol() throws {
        let p = try TDDPattern.parse("DDDSU", special: nil)
        #expect(budget(1, p, .uplink, access: .dynamicGrant, sr: 70).problem?.contains("SR period") == true)
        // Every 140 symbols from 0 are DL too; every 7: symbols 56, 63 of slot 4 and 7, 14, … (DL).
        let b = budget(1, p, .uplink, access: .dynamicGrant, sr: 7)
        #expect(b.problem == nil)
        #expect(b.averagingPeriod == 2_500_000_000)
        // Fewer SR occasions cannot make the mean shorter than with every UL symbol.
        #expect(b.meanWithoutHARQ >= budget(1, p, .uplink, access: .dynamicGrant).meanWithoutHARQ)
    }
}

/// The exact integration against a brute-force one: the timeline written out naively (symbol by
/// symbol from the subframe start, using only `symbolStart`, the pattern and its occasions),
/// evaluated for arrivals on a 10 ns grid (cell midpoints). The midpoint rule is exact on the
/// linear pieces; each jump J costs at most J·h/2, and the jumps of D − a sum to the period, so
/// T0 agrees within h/2 = 5 ns; the retransmission term adds p·(its own jumps)·h/2 per period.
@Suite struct NRPHYLatencyBruteForceTests {
    struct Naive {
        let n: Numerology
        let pattern: TDDPattern
        let dl: Set<Int64>, ul: Set<Int64>
        let dlLength: [Int64: Int64], ulLength: [Int64: Int64]
        let period: Int64
        let proc: RadioProcessing
        let sr: Int64

        init(_ input: LatencyBudget.Input) {
            n = input.numerology
            pattern = input.pattern
            period = Int64(pattern.periodSymbols)
            let d = pattern.occasions(.downlink, miniSlot: input.miniSlot)
            let u = pattern.occasions(.uplink, miniSlot: input.miniSlot)
            dl = Set(d.map { Int64($0.firstSymbol) })
            ul = Set(u.map { Int64($0.firstSymbol) })
            dlLength = Dictionary(uniqueKeysWithValues: d.map { (Int64($0.firstSymbol), Int64($0.symbols)) })
            ulLength = Dictionary(uniqueKeysWithValues: u.map { (Int64($0.firstSymbol), Int64($0.symbols)) })
            proc = RadioProcessing.defaults(numerology: n, capability: input.capability, miniSlot: input.miniSlot)!
            sr = Int64(input.srPeriodSymbols ?? 1)
        }

        /// The first symbol starting at or after t, by walking from the start of t's subframe.
        func walk(_ t: SimTime) -> Int64 {
            var s = t / Time.millisecond * Int64(14 << n.mu)
            while n.symbolStart(s) < t { s += 1 }
            return s
        }

        /// (start, end, first symbol) of the first occasion starting at or after t.
        func occasion(downlink: Bool, _ t: SimTime) -> (SimTime, SimTime, Int64) {
            var s = walk(t)
            while !(downlink ? dl : ul).contains(s % period) { s += 1 }
            let length = (downlink ? dlLength : ulLength)[s % period]!
            return (n.symbolStart(s), n.symbolStart(s + length), s)
        }

        func uplinkSymbol(_ t: SimTime, every: Int64) -> Int64 {
            var s = walk(t)
            while !(pattern.carries(.uplink, symbol: Int(s % period)) && s % every == 0) { s += 1 }
            return s
        }

        func puschEnd(grantReady: SimTime) -> SimTime {
            let pdcch = occasion(downlink: true, grantReady)
            return occasion(downlink: false, n.symbolStart(pdcch.2 + 1) + proc.grantToData).1
        }

        /// (delivered, delivered after one retransmission) for an arrival at a.
        func deliver(_ a: SimTime, _ direction: LinkDirection, _ access: LatencyBudget.Access) -> (SimTime, SimTime) {
            switch (direction, access) {
            case (.downlink, _):
                let e = occasion(downlink: true, a + proc.gnbTx).1
                let nack = uplinkSymbol(e + proc.harqFeedback, every: 1)
                let again = occasion(downlink: true, n.symbolStart(nack + 1) + proc.gnbRx + proc.gnbTx).1
                return (e + proc.ueRx, again + proc.ueRx)
            case (.uplink, .configuredGrant):
                let e = occasion(downlink: false, a + proc.ueTx).1
                return (e + proc.gnbRx, puschEnd(grantReady: e + proc.gnbRx + proc.gnbTx) + proc.gnbRx)
            case (.uplink, .dynamicGrant):
                let s = uplinkSymbol(a + proc.ueTx, every: sr)
                let e = puschEnd(grantReady: n.symbolStart(s + 1) + proc.gnbRx + proc.gnbTx)
                return (e + proc.gnbRx, puschEnd(grantReady: e + proc.gnbRx + proc.gnbTx) + proc.gnbRx)
            }
        }
    }

    func check(_ input: LatencyBudget.Input, tolerance: SimTime = 5_000) {
        let b = LatencyBudget.compute(input)
        #expect(b.problem == nil)
        let naive = Naive(input)
        let h: SimTime = 10_000
        let count = b.averagingPeriod / h
        #expect(count * h == b.averagingPeriod)
        var sum0 = 0.0, sumExtra = 0.0
        var worst = SimTime.min
        for i in 0..<count {
            let a = i * h + h / 2
            let (d, again) = naive.deliver(a, input.direction, input.access)
            sum0 += Double(d - a)
            sumExtra += Double(again - d)
            worst = max(worst, input.harqProbability > 0 ? again - a : d - a)
        }
        let t0 = sum0 / Double(count), extra = sumExtra / Double(count)
        #expect(abs(Double(b.meanWithoutHARQ) - t0) <= Double(tolerance), "T0 \(b.meanWithoutHARQ) vs \(t0)")
        #expect(abs(Double(b.harqRoundTrip!) - extra) <= 4 * Double(tolerance), "T_HARQ \(b.harqRoundTrip!) vs \(extra)")
        let mean = t0 + input.harqProbability * extra
        #expect(abs(Double(b.mean) - mean) <= 2 * Double(tolerance), "mean \(b.mean) vs \(mean)")
        #expect(worst <= b.worst && worst > b.worst - h, "worst \(b.worst) vs sampled \(worst)")
    }

    func input(_ mu: Int, _ pattern: String, special: String? = nil, _ direction: LinkDirection,
               access: LatencyBudget.Access = .configuredGrant, miniSlot: Int? = nil, p: Double,
               sr: Int? = nil) throws -> LatencyBudget.Input {
        LatencyBudget.Input(numerology: Numerology(mu: mu)!, pattern: try TDDPattern.parse(pattern, special: special),
                            miniSlot: miniSlot, direction: direction, access: access, harqProbability: p,
                            srPeriodSymbols: sr)
    }

    @Test func tddDownlinkWithHARQ() throws { check(try input(1, "FR1.30-3", .downlink, p: 0.2)) }
    @Test func tddDownlinkMiniSlot() throws { check(try input(1, "FR1.30-1", .downlink, miniSlot: 4, p: 0.1)) }
    @Test func dynamicGrantWithSRPeriod() throws {
        check(try input(1, "DDDSU", .uplink, access: .dynamicGrant, p: 0.3, sr: 7))
    }
    @Test func dynamicGrantMiniSlot() throws {
        check(try input(0, "FR1.15-1", .uplink, access: .dynamicGrant, miniSlot: 2, p: 0.1))
    }
    @Test func configuredGrantTwoSpecialFormats() throws {
        check(try input(1, "FR1.30-6", .uplink, miniSlot: 2, p: 0.1))
    }
    @Test func fddMu2LongCPSlots() throws { check(try input(2, "FDD", .downlink, miniSlot: 7, p: 0.1)) }
    @Test func fr2Mu3() throws { check(try input(3, "DDSU", special: "11D3G0U", .uplink, p: 0.05)) }
}
