import Foundation
import Models
import Testing

/// `fnsim nr …` as a user meets it: each calculator with --format json against figures
/// derived by hand from the standards (the derivations are in the comments), bad options
/// named in the message, and an example in every subcommand's help.
@Suite struct NRCommandTests {
    /// Runs `fnsim nr <arguments> --format json` and returns its one JSON object, with the
    /// raw text of each number (exact decimals for times).
    static func json(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws
        -> (object: [String: Any], text: String) {
        let r = try Invocation(["nr"] + arguments + ["--format", "json"])
        #expect(r.status == 0, "\(arguments): \(r.stderr)", sourceLocation: sourceLocation)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any],
                                  "\(r.stdout)", sourceLocation: sourceLocation)
        return (object, r.stdout)
    }

    static func number(_ o: [String: Any], _ key: String, sourceLocation: SourceLocation = #_sourceLocation) throws
        -> Double {
        try #require((o[key] as? NSNumber)?.doubleValue, "no number '\(key)' in \(o)", sourceLocation: sourceLocation)
    }

    /// A time figure in whole picoseconds (the JSON gives exact decimal seconds).
    static func picoseconds(_ o: [String: Any], _ key: String, sourceLocation: SourceLocation = #_sourceLocation) throws
        -> Int64 {
        Int64((try number(o, key, sourceLocation: sourceLocation) * 1e12).rounded())
    }

    // MARK: - tbs

    /// TS 38.214 §5.1.3.2 by hand, 1 PRB at MCS 0 of the 64QAM table (Qm = 2, R = 120/1024),
    /// 12 symbols with 12 DM-RS REs, no overhead, one layer:
    /// - N'_RE = 12·12 − 12 − 0 = 132; N_RE = min(156, 132)·1 = 132.
    /// - N_info = 132 · 120/1024 · 2 · 1 = 30.9375 (≤ 3824: the table path).
    /// - n = max(3, ⌊log2 30.9375⌋ − 6) = max(3, −2) = 3; N'_info = max(24, 2^3·⌊30.9375/8⌋) = 24.
    /// - Table 5.1.3.2-1: the smallest TBS ≥ 24 is 24. One code block (BG2: 24 + 16 ≤ 3840).
    @Test func tbsOfOnePRBAtMCS0() throws {
        let (o, _) = try Self.json(["tbs", "--prbs", "1", "--mcs", "0", "--table", "qam64", "--symbols", "12",
                                    "--dmrs", "12"])
        #expect(o["resource_elements"] as? Int == 132)
        #expect(o["modulation_order"] as? Int == 2)
        #expect(try Self.number(o, "code_rate") == 120.0 / 1024)
        #expect(o["tbs_bits"] as? Int == 24)
        #expect(o["code_blocks"] as? Int == 1)
    }

    /// 10 PRBs at MCS 5 of the 64QAM table (Qm = 2, R = 379/1024), 2 symbols, 6 DM-RS REs:
    /// N_RE = (24 − 6)·10 = 180; N_info = 180·379/1024·2 = 133.24; n = max(3, 7 − 6) = 3;
    /// N'_info = 8·⌊133.24/8⌋ = 128; the table's smallest TBS ≥ 128 is 128.
    @Test func tbsOfAMiniSlot() throws {
        let (o, _) = try Self.json(["tbs", "--prbs", "10", "--mcs", "5", "--table", "qam64", "--symbols", "2",
                                    "--dmrs", "6"])
        #expect(o["resource_elements"] as? Int == 180)
        #expect(o["tbs_bits"] as? Int == 128)
        #expect(o["code_blocks"] as? Int == 1)
    }

    /// A 100 MHz carrier at 30 kHz, all 273 PRBs at MCS 27 of the 256QAM table (Qm = 8,
    /// R = 948/1024), 13 symbols with 12 DM-RS REs, 2 layers: the formula path with C > 1.
    /// - N'_RE = 12·13 − 12 = 144; N_RE = 144·273 = 39 312.
    /// - N_info = 39 312 · 948/1024 · 8 · 2 = 582 309 (> 3824).
    /// - n = ⌊log2(582 309 − 24)⌋ − 5 = 19 − 5 = 14;
    ///   N'_info = max(3840, 2^14·round(582 285/16 384)) = 16 384·round(35.54) = 589 824.
    /// - R > 1/4 and N'_info > 8424: C = ⌈(589 824 + 24)/8424⌉ = ⌈70.02⌉ = 71;
    ///   TBS = 8·71·⌈589 848/568⌉ − 24 = 568·1039 − 24 = 590 128.
    /// - TS 38.212: R > 0.67 so base graph 1 (K_cb = 8448); B = 590 128 + 24 = 590 152;
    ///   C = ⌈590 152/(8448 − 24)⌉ = ⌈70.06⌉ = 71 code blocks.
    @Test func tbsOfAFullCarrierWithManyCodeBlocks() throws {
        let (o, _) = try Self.json(["tbs", "--prbs", "273", "--mcs", "27", "--table", "qam256", "--symbols", "13",
                                    "--dmrs", "12", "--layers", "2"])
        #expect(o["resource_elements"] as? Int == 39_312)
        #expect(o["modulation_order"] as? Int == 8)
        #expect(try Self.number(o, "code_rate") == 948.0 / 1024)
        #expect(o["tbs_bits"] as? Int == 590_128)
        #expect(o["code_blocks"] as? Int == 71)
    }

    // MARK: - pathloss

    /// TR 38.901 InF-SL at 3.5 GHz, 20 m apart, both antennas at 1.5 m (Table 7.8-7's
    /// InF-SL heights), so d3D = d2D = 20 m:
    /// - LOS (Table 7.4.1-1): 31.84 + 21.5·log10(20) + 19·log10(3.5) = 31.84 + 27.972 + 10.337 = 70.149 dB.
    /// - NLOS: max(LOS, 33 + 25.5·log10(20) + 20·log10(3.5)) = max(70.149, 33 + 33.176 + 10.881) = 77.058 dB.
    /// - LOS probability (Table 7.4.2-1): exp(−d2D/k), k = −d_clutter/ln(1 − r) with the
    ///   sparse clutter r = 0.2, d_clutter = 10 m: k = 44.81 m, P = exp(−20·ln(0.8)/−10) = 0.8² = 0.64.
    /// - Shadow fading σ: 4.3 dB LOS, 5.7 dB NLOS (InF-SL).
    @Test func pathLossInFSL() throws {
        let (o, _) = try Self.json(["pathloss", "--scenario", "InF-SL", "--frequency", "3.5GHz", "--distance", "20m"])
        let los = 31.84 + 21.5 * log10(20.0) + 19 * log10(3.5)
        let nlos = max(los, 33 + 25.5 * log10(20.0) + 20 * log10(3.5))
        #expect(abs(los - 70.149) < 0.001 && abs(nlos - 77.058) < 0.001)
        let k = -10 / log(1 - 0.2)
        #expect(abs(try Self.number(o, "distance_3d_m") - 20) < 1e-12)
        #expect(abs(try Self.number(o, "pathloss_los_db") - los) < 1e-9)
        #expect(abs(try Self.number(o, "pathloss_nlos_db") - nlos) < 1e-9)
        #expect(abs(try Self.number(o, "los_probability") - exp(-20 / k)) < 1e-12)
        #expect(abs(try Self.number(o, "los_probability") - 0.64) < 1e-12)
        #expect(try Self.number(o, "shadow_fading_db") == 4.3)
        #expect(try Self.number(o, "shadow_fading_nlos_db") == 5.7)
    }

    /// Heights make the 3D distance: InF-DH puts the cell at 8 m and the terminal at 1.5 m, so
    /// 30 m on the floor is √(30² + 6.5²) = 30.696 m; its NLOS floor is 33.63 + 21.9·log10 d + 20·log10 fc.
    @Test func pathLossInFDHUsesTheHeights() throws {
        let (o, _) = try Self.json(["pathloss", "--scenario", "InF-DH", "--frequency", "3.7GHz", "--distance", "30m"])
        let d3 = (30.0 * 30 + 6.5 * 6.5).squareRoot()
        let los = 31.84 + 21.5 * log10(d3) + 19 * log10(3.7)
        #expect(abs(try Self.number(o, "distance_3d_m") - d3) < 1e-9)
        #expect(abs(try Self.number(o, "pathloss_nlos_db") - max(los, 33.63 + 21.9 * log10(d3) + 20 * log10(3.7))) < 1e-9)
        // Dense clutter r = 0.6, d = 2 m, h_c = 6 m: k = −2/ln(0.4) scaled by (8 − 1.5)/(6 − 1.5).
        let k = -2 / log(0.4) * 6.5 / 4.5
        #expect(abs(try Self.number(o, "los_probability") - exp(-30 / k)) < 1e-12)
    }

    // MARK: - linkbudget

    /// Alone with one cell, downlink, InF-SL at 3.5 GHz and 20 m (LOS, as P_LOS = 0.64 ≥ 0.5),
    /// 20 MHz at 15 kHz = 106 PRBs (TS 38.101-1 Table 5.3.2-1): the gNB's 24 dBm spread over
    /// 106 PRBs, + 5 dBi − 70.149 dB; noise per PRB −174 + 10·log10(12·15 kHz) + 9 dB (UE);
    /// SNR = received − noise. FDD gives 1000 downlink slots a second of 14 symbols.
    @Test func linkBudgetIsReceivedPowerOverNoise() throws {
        let (o, _) = try Self.json(["linkbudget", "--scenario", "InF-SL", "--frequency", "3.5GHz", "--distance", "20m",
                                    "--bandwidth", "20MHz", "--scs", "15kHz"])
        #expect(o["prbs"] as? Int == 106)
        #expect(o["state"] as? String == "LOS")
        let pathLoss = 31.84 + 21.5 * log10(20.0) + 19 * log10(3.5)
        let received = 24 - 10 * log10(106.0) + 5 + 0 - pathLoss
        let noise = -174 + 10 * log10(12 * 15e3) + 9
        #expect(abs(noise - -112.447) < 0.001)  // −174 + 52.553 + 9
        #expect(abs(try Self.number(o, "pathloss_db") - pathLoss) < 1e-9)
        #expect(abs(try Self.number(o, "received_per_prb_dbm") - received) < 1e-9)
        #expect(abs(try Self.number(o, "noise_per_prb_dbm") - noise) < 1e-9)
        #expect(abs(try Self.number(o, "sinr_db") - (received - noise)) < 1e-9)
        // About 21.5 dB: a high CQI and MCS, and the rate of one full-carrier block per slot.
        let cqi = try #require(o["cqi"] as? Int), mcs = try #require(o["mcs"] as? Int)
        #expect((10...15).contains(cqi) && (0...27).contains(mcs), "CQI \(cqi) MCS \(mcs)")
        let tbs = TransportBlock.size(prbs: 106, symbols: 14, dmrsPerPRB: 12, overhead: 0,
                                      modulationOrder: MCSTable.qam256.modulationOrder(mcs),
                                      codeRate: MCSTable.qam256.codeRate(mcs), layers: 1)
        #expect(try Self.number(o, "rate_bps") == Double(tbs) * 1000)
    }

    /// The uplink uses the terminal's 23 dBm and the gNB's 7 dB noise figure.
    @Test func linkBudgetUplinkUsesTheTerminalsPowerAndTheGNBsNoise() throws {
        let (o, _) = try Self.json(["linkbudget", "--scenario", "InF-SL", "--frequency", "3.5GHz", "--distance", "20m",
                                    "--bandwidth", "20MHz", "--scs", "15kHz", "--direction", "uplink"])
        let pathLoss = 31.84 + 21.5 * log10(20.0) + 19 * log10(3.5)
        let received = 23 - 10 * log10(106.0) + 5 + 0 - pathLoss
        let noise = -174 + 10 * log10(12 * 15e3) + 7
        #expect(abs(try Self.number(o, "received_per_prb_dbm") - received) < 1e-9)
        #expect(abs(try Self.number(o, "sinr_db") - (received - noise)) < 1e-9)
    }

    // MARK: - budget

    /// Downlink, FDD at 15 kHz (µ = 0), slot-based, UE capability 1, p = 0. By hand, in
    /// Tc = 1/(480 000·4096) s (1 Tc = 390 625/768 ps):
    /// - A symbol is (2048 + 144)κ = 140 288 Tc = 71.354 us; symbols 0 and 7 of each subframe
    ///   carry 16κ = 1024 Tc more (71.875 us); slots start on whole milliseconds.
    /// - TS 38.214: N1 = 8 (Table 5.3-1, d1,1 = 0 for a 14-symbol type A PDSCH), N2 = 10
    ///   (Table 6.4-1); Tproc,1 = 8 symbols = 1 122 304 Tc = 570.833 us, Tproc,2 = (10 + 1)
    ///   symbols = 1 543 168 Tc.
    /// - gNB tx = Tproc,2/2 = 5.5 symbols = 771 584 Tc = 392 447 916.67 ps → 392 447 917 ps.
    /// - UE rx = Tproc,1/2 = 4 symbols = 561 152 Tc = 285 416 666.67 ps → 285 416 667 ps.
    /// - An arrival a is ready at a + 392.45 us and sent in the first slot starting at or after
    ///   that; slot starts are 1 ms apart, so for a uniform over a slot the wait is uniform on
    ///   (0, 1 ms]: mean exactly half a slot, 500 us, worst (a supremum) 1 ms. The slot is
    ///   transmitted in 1 ms and decoded 285.42 us after its end.
    /// - Mean: 392 447 917 + 500 000 000 + 1 000 000 000 + 285 416 667 = 2 177 864 584 ps;
    ///   worst: the same with 1 ms of wait, 2 677 864 584 ps.
    /// - HARQ round trip: the block ends at E (a whole ms); the NACK may start Tproc,1 later,
    ///   E + 1 122 304 Tc, which is 139 264 Tc into the second half of the subframe; that
    ///   half's symbol 1 (absolute symbol 8) starts at 1024 + 140 288 = 141 312 Tc, so the
    ///   NACK is symbol 8 and ends at 1024 + 2·140 288 = 281 600 Tc into it, E + 643.229 us;
    ///   the retransmission is ready 285.417 + 392.448 us later, E + 1321.09 us, so it goes
    ///   in the slot at E + 2 ms and is decoded at E + 3 ms + UE rx: 3 ms after the first try.
    @Test func budgetOfFDDDownlinkAt15kHz() throws {
        let (o, _) = try Self.json(["budget", "--scs", "15kHz", "--tdd", "FDD", "--direction", "downlink"])
        let tc: (Int64) -> Int64 = { ($0 * 390_625 + 384) / 768 }  // nearest ps, halves up
        let gnbTx = tc(11 * 140_288 / 2), ueRx = tc(8 * 140_288 / 2)
        #expect(gnbTx == 392_447_917 && ueRx == 285_416_667)
        #expect(try Self.picoseconds(o, "gnb_processing_mean_s") == gnbTx)
        #expect(try Self.picoseconds(o, "frame_tdd_alignment_mean_s") == 500_000_000)
        #expect(try Self.picoseconds(o, "frame_tdd_alignment_worst_s") == 1_000_000_000)
        #expect(try Self.picoseconds(o, "transmission_mean_s") == 1_000_000_000)
        #expect(try Self.picoseconds(o, "ue_processing_mean_s") == ueRx)
        #expect(try Self.picoseconds(o, "mean_s") == 2_177_864_584)
        #expect(try Self.picoseconds(o, "mean_without_harq_s") == 2_177_864_584)
        #expect(try Self.picoseconds(o, "worst_s") == 2_677_864_584)
        #expect(try Self.picoseconds(o, "harq_round_trip_s") == 3_000_000_000)
        #expect(try Self.picoseconds(o, "harq_retransmission_mean_s") == 0)
        // With p = 0.1 the mean gains exactly 0.1 · 3 ms.
        let (p, _) = try Self.json(["budget", "--scs", "15kHz", "--tdd", "FDD", "--direction", "downlink",
                                    "--harq-p", "0.1"])
        #expect(try Self.picoseconds(p, "mean_s") == 2_177_864_584 + 300_000_000)
        #expect(try Self.picoseconds(p, "worst_s") == 2_677_864_584 + 3_000_000_000)
    }

    /// Uplink with a configured grant, FDD at 15 kHz: UE tx = Tproc,2/2, a uniform wait of
    /// half a slot, a 1 ms slot, gNB rx = Tproc,1/2: the same sum as the downlink's.
    @Test func budgetOfFDDConfiguredUplinkAt15kHz() throws {
        let (o, _) = try Self.json(["budget", "--scs", "15kHz", "--tdd", "FDD", "--direction", "uplink",
                                    "--grant", "configured"])
        #expect(try Self.picoseconds(o, "ue_processing_mean_s") == 392_447_917)
        #expect(try Self.picoseconds(o, "gnb_processing_mean_s") == 285_416_667)
        #expect(try Self.picoseconds(o, "mean_s") == 2_177_864_584)
    }

    // MARK: - options and help

    /// A bad option: a non-zero exit (ArgumentParser's usage status) and a message naming it.
    /// A negative power is a value, not an option: 30 dB less transmit power, 30 dB less
    /// received.
    @Test func negativePowerIsAValue() throws {
        let args = ["linkbudget", "--scenario", "InF-SL", "--frequency", "3.7GHz", "--distance", "60m",
                    "--bandwidth", "100MHz", "--direction", "uplink", "--ue-power"]
        let low = try Self.number(try Self.json(args + ["-10dBm"]).object, "received_per_prb_dbm")
        let high = try Self.number(try Self.json(args + ["20dBm"]).object, "received_per_prb_dbm")
        #expect(abs(high - low - 30) < 1e-9, "\(low) \(high)")
    }

    @Test(arguments: [
        (["pathloss", "--scenario", "InF-SL", "--frequency", "3.5", "--distance", "20m"], "--frequency"),
        (["pathloss", "--scenario", "InF-XX", "--frequency", "3.5GHz", "--distance", "20m"], "--scenario"),
        (["pathloss", "--scenario", "InF-SL", "--frequency", "3.5GHz", "--distance", "20"], "--distance"),
        (["pathloss", "--scenario", "InF-SL", "--frequency", "3.5GHz", "--distance", "20m", "--clutter-density", "1"],
         "--clutter-density"),
        (["pathloss", "--scenario", "InF-SL", "--frequency", "3.5GHz", "--distance", "20m", "--clutter-size", "0m"],
         "--clutter-size"),
        (["pathloss", "--scenario", "InF-DH", "--frequency", "3.5GHz", "--distance", "20m", "--bs-height", "1m"],
         "--bs-height"),
        (["tbs", "--prbs", "1", "--mcs", "0", "--table", "qam1024"], "--table"),
        (["tbs", "--prbs", "0", "--mcs", "0"], "--prbs"),
        (["tbs", "--prbs", "1", "--mcs", "28", "--table", "qam256"], "--mcs"),
        (["linkbudget", "--scenario", "InF-SL", "--frequency", "3.5GHz", "--distance", "20m", "--bandwidth", "7MHz"],
         "--bandwidth"),
        (["linkbudget", "--scenario", "InF-SL", "--frequency", "450MHz", "--distance", "20m", "--bandwidth", "5MHz",
          "--scs", "15kHz"], "--frequency"),
        (["budget", "--scs", "45kHz"], "--scs"),
        (["budget", "--tdd", "DDXSU"], "--tdd"),
        (["budget", "--direction", "sideways"], "--direction"),
    ])
    func badOptionIsNamed(_ arguments: [String], _ option: String) throws {
        let r = try Invocation(["nr"] + arguments)
        #expect(r.status == 64, "\(arguments): status \(r.status), \(r.stderr)")
        #expect(r.stderr.contains(option), "\(arguments): \(r.stderr)")
        #expect(r.stdout.isEmpty)
    }

    /// Every calculator's help shows an example: an indented line that runs it (the USAGE
    /// line does not count), and every example runs as printed, continuation lines and all.
    @Test(arguments: ["tbs", "pathloss", "linkbudget", "budget"])
    func helpHasAnExample(_ command: String) throws {
        let r = try Invocation(["nr", command, "--help"])
        #expect(r.status == 0)
        let lines = r.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var examples: [String] = []
        var i = 0
        while i < lines.count {
            if lines[i].hasPrefix("  ") && lines[i].contains("fnsim nr \(command) ") {
                var example = lines[i]
                while example.hasSuffix("\\") && i + 1 < lines.count {
                    i += 1
                    example = example.dropLast() + " " + lines[i]
                }
                examples.append(example)
            }
            i += 1
        }
        #expect(!examples.isEmpty, "\(r.stdout)")
        for example in examples {
            let words = example.split(separator: " ").map(String.init).drop { $0 != "nr" }.dropFirst()
            let run = try Invocation(["nr"] + Array(words))
            #expect(run.status == 0, "\(example): \(run.stderr)")
            #expect(!run.stdout.isEmpty)
        }
    }
}
