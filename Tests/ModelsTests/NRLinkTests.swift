import CGSL
import Foundation
import Kernel
@testable import Models
import Testing

// NR link-level models against independent references: the 3GPP tables typed in from
// their sources, TR 38.901 formulas evaluated by hand in the comments, the normal
// approximation written out again here, and seeded statistics that print their seed.

private func close(_ a: Double, _ b: Double, _ tol: Double) -> Bool { abs(a - b) <= tol }

// MARK: - MCS tables

@Suite struct NRLinkMCSTableTests {
    /// (Qm, R × 1024) typed from /work/shared/REFERENCE.md ("MCS tables", TS 38.214
    /// Tables 5.1.3.1-1, -2, -3).
    static let qam64: [(Int, Double)] = [
        (2, 120), (2, 157), (2, 193), (2, 251), (2, 308), (2, 379), (2, 449), (2, 526), (2, 602), (2, 679),
        (4, 340), (4, 378), (4, 434), (4, 490), (4, 553), (4, 616), (4, 658), (6, 438), (6, 466), (6, 517),
        (6, 567), (6, 616), (6, 666), (6, 719), (6, 772), (6, 822), (6, 873), (6, 910), (6, 948),
    ]
    static let qam256: [(Int, Double)] = [
        (2, 120), (2, 193), (2, 308), (2, 449), (2, 602), (4, 378), (4, 434), (4, 490), (4, 553), (4, 616),
        (4, 658), (6, 466), (6, 517), (6, 567), (6, 616), (6, 666), (6, 719), (6, 772), (6, 822), (6, 873),
        (8, 682.5), (8, 711), (8, 754), (8, 797), (8, 841), (8, 885), (8, 916.5), (8, 948),
    ]
    static let qam64LowSE: [(Int, Double)] = [
        (2, 30), (2, 40), (2, 50), (2, 64), (2, 78), (2, 99), (2, 120), (2, 157), (2, 193), (2, 251),
        (2, 308), (2, 379), (2, 449), (2, 526), (2, 602), (4, 340), (4, 378), (4, 434), (4, 490), (4, 553),
        (4, 616), (6, 438), (6, 466), (6, 517), (6, 567), (6, 616), (6, 666), (6, 719), (6, 772),
    ]

    @Test func everyEntryMatchesTheReference() {
        for (table, reference) in [(MCSTable.qam64, Self.qam64), (.qam256, Self.qam256), (.qam64LowSE, Self.qam64LowSE)] {
            #expect(table.count == reference.count, "\(table)")
            for (i, (qm, r)) in reference.enumerated() {
                #expect(table.modulationOrder(i) == qm, "\(table) MCS \(i)")
                #expect(table.codeRate(i) * 1024 == r, "\(table) MCS \(i)")
                #expect(close(table.spectralEfficiency(i), Double(qm) * r / 1024, 1e-12), "\(table) MCS \(i)")
            }
        }
        #expect(MCSTable.qam64.count == 29 && MCSTable.qam256.count == 28 && MCSTable.qam64LowSE.count == 29)
        #expect(MCSTable(rawValue: "qam64lowse") == .qam64LowSE)
    }

    /// The two mistakes seen in public code: 306 for 64QAM MCS 4, and MCS 28 dropped.
    @Test func knownPitfalls() {
        #expect(MCSTable.qam64.codeRate(4) * 1024 == 308)
        #expect(MCSTable.qam64.count == 29)
        #expect(MCSTable.qam64.modulationOrder(28) == 6 && MCSTable.qam64.codeRate(28) * 1024 == 948)
    }
}

// MARK: - CQI tables

@Suite struct NRLinkCQITableTests {
    /// (Qm, R × 1024, efficiency) for CQI 1...15 of TS 38.214 Tables 5.2.2.1-2, -3, -4,
    /// typed from InterDigitalInc/NeoRadium, neoradium/cqidata.py (which cites the three
    /// tables). Cross-checked: table 1 equals LTE's TS 36.213 Table 7.2.3-1 (Huawei forum,
    /// forum.huawei.com/enterprise/en/cqi/thread/614002-100305); table 2's efficiencies
    /// match 5G-LENA model/nr-mcs-tables.cc; table 3's rates are MCS 0, 2, 4, ..., 28 of
    /// Table 5.1.3.1-3, the mapping srsRAN's mcs_calculator.cpp uses.
    static let table1: [(Int, Double, Double)] = [
        (2, 78, 0.1523), (2, 120, 0.2344), (2, 193, 0.3770), (2, 308, 0.6016), (2, 449, 0.8770),
        (2, 602, 1.1758), (4, 378, 1.4766), (4, 490, 1.9141), (4, 616, 2.4063), (6, 466, 2.7305),
        (6, 567, 3.3223), (6, 666, 3.9023), (6, 772, 4.5234), (6, 873, 5.1152), (6, 948, 5.5547),
    ]
    static let table2: [(Int, Double, Double)] = [
        (2, 78, 0.1523), (2, 193, 0.3770), (2, 449, 0.8770), (4, 378, 1.4766), (4, 490, 1.9141),
        (4, 616, 2.4063), (6, 466, 2.7305), (6, 567, 3.3223), (6, 666, 3.9023), (6, 772, 4.5234),
        (6, 873, 5.1152), (8, 711, 5.5547), (8, 797, 6.2266), (8, 885, 6.9141), (8, 948, 7.4063),
    ]
    static let table3: [(Int, Double, Double)] = [
        (2, 30, 0.0586), (2, 50, 0.0977), (2, 78, 0.1523), (2, 120, 0.2344), (2, 193, 0.3770),
        (2, 308, 0.6016), (2, 449, 0.8770), (2, 602, 1.1758), (4, 378, 1.4766), (4, 490, 1.9141),
        (4, 616, 2.4063), (6, 466, 2.7305), (6, 567, 3.3223), (6, 666, 3.9023), (6, 772, 4.5234),
    ]

    @Test func everyEntryMatchesThe3GPPTables() {
        for (table, reference) in [(CQITable.table1, Self.table1), (.table2, Self.table2), (.table3, Self.table3)] {
            #expect(table.modulationOrder(0) == 0 && table.codeRate(0) == 0 && table.efficiency(0) == 0)
            for (i, (qm, r, eff)) in reference.enumerated() {
                let cqi = i + 1
                #expect(table.modulationOrder(cqi) == qm, "\(table) CQI \(cqi)")
                #expect(table.codeRate(cqi) * 1024 == r, "\(table) CQI \(cqi)")
                #expect(table.efficiency(cqi) == eff, "\(table) CQI \(cqi)")
                // The printed efficiency is Qm·R to four decimals.
                #expect(close(eff, Double(qm) * r / 1024, 5.1e-5), "\(table) CQI \(cqi)")
            }
        }
        #expect(CQITable.table1.blerTarget == 0.1 && CQITable.table2.blerTarget == 0.1)
        #expect(CQITable.table3.blerTarget == 1e-5)
    }
}

// MARK: - Propagation (TR 38.901)

@Suite struct NRLinkPropagationTests {
    static let infScenarios: [PropagationScenario] = [.infSL, .infDL, .infSH, .infDH, .infHH]

    // Hand evaluation. log10: 5 → 0.698970, 20 → 1.301030, 80 → 1.903090, 300 → 2.477121;
    // 3.5 → 0.544068, 28 → 1.447158.
    // Frequency terms: 19·log10 fc = 10.3373 (3.5 GHz), 27.4960 (28 GHz);
    //                  20·log10 fc = 10.8814, 28.9432;  24.9·log10 fc = 13.5473, 36.0342.
    // Distance terms (5 / 20 / 80 / 300 m):
    //   21.5·log d = 15.0279 / 27.9721 / 40.9164 / 53.2581
    //   25.5·log d = 17.8237 / 33.1763 / 48.5288 / 63.1666
    //   35.7·log d = 24.9532 / 46.4468 / 67.9403 / 88.4332
    //   23.0·log d = 16.0763 / 29.9237 / 43.7711 / 56.9738
    //   21.9·log d = 15.3074 / 28.4926 / 41.6777 / 54.2490
    //   17.3·log d = 12.0922 / 22.5078 / 32.9235 / 42.8542 (InH: 300 m clamps to 150)
    //   38.3·log d = 26.7706 / 49.8294 / 72.8883 / 94.8737

    /// InF LOS = 31.84 + 21.5·log d + 19·log fc, the same for every sub-scenario.
    /// 3.5 GHz: 31.84 + 15.0279 + 10.3373 = 57.2051; + 27.9721 → 70.1494; + 40.9164 → 83.0937;
    /// + 53.2581 → 95.4354. 28 GHz: 31.84 + 15.0279 + 27.4960 = 74.3639; 87.3081; 100.2524; 112.5941.
    static let infLOS: [Double: [Double]] = [3.5: [57.2051, 70.1494, 83.0937, 95.4354],
                                             28: [74.3639, 87.3081, 100.2524, 112.5941]]

    @Test func infLOSPathLoss() {
        for s in Self.infScenarios {
            for fc in [3.5, 28.0] {
                let p = Propagation(scenario: s, carrierGHz: fc)
                for (i, d) in [5.0, 20, 80, 300].enumerated() {
                    #expect(close(p.pathLossLOS(distance3D: d), Self.infLOS[fc]![i], 1e-3), "\(s) \(fc) GHz \(d) m")
                }
            }
        }
    }

    /// NLOS, each the maximum of its branches; the winning branch is marked *.
    /// SL: 33 + 25.5·log d + 20·log fc
    ///   3.5 GHz: 33 + 17.8237 + 10.8814 = 61.7051* (LOS 57.2051); 77.0576*; 92.4102*; 107.0480*
    ///   28 GHz:  33 + 17.8237 + 28.9432 = 79.7669*; 95.1194*; 110.4720*; 125.1098*
    /// DL: max(LOS, SL, 18.6 + 35.7·log d + 20·log fc); the DL term passes the SL term at
    /// 10^(14.4/10.2) = 25.8 m:
    ///   3.5 GHz: DL term 18.6 + 24.9532 + 10.8814 = 54.4346 → SL 61.7051* wins at 5 m;
    ///            20 m: DL 75.9281 < SL 77.0576*; 80 m: DL 97.4217*; 300 m: DL 117.9146*
    ///   28 GHz:  5 m DL 72.4964 < SL 79.7669*; 20 m DL 93.9899 < SL 95.1194*;
    ///            80 m DL 115.4835*; 300 m DL 135.9764*
    /// SH: 32.4 + 23·log d + 20·log fc
    ///   3.5 GHz: 32.4 + 16.0763 + 10.8814 = 59.3577*; 73.2051*; 87.0524*; 100.2551*
    ///   28 GHz:  77.4195*; 91.2669*; 105.1142*; 118.3169*
    /// DH: 33.63 + 21.9·log d + 20·log fc
    ///   3.5 GHz: 33.63 + 15.3074 + 10.8814 = 59.8188*; 73.0039*; 86.1890*; 98.7603*
    ///   28 GHz:  77.8806*; 91.0657*; 104.2508*; 116.8221*
    /// HH: LOS only, the LOS values.
    static let infNLOS: [PropagationScenario: [Double: [Double]]] = [
        .infSL: [3.5: [61.7051, 77.0576, 92.4102, 107.0480], 28: [79.7669, 95.1194, 110.4720, 125.1098]],
        .infDL: [3.5: [61.7051, 77.0576, 97.4217, 117.9146], 28: [79.7669, 95.1194, 115.4835, 135.9764]],
        .infSH: [3.5: [59.3577, 73.2051, 87.0524, 100.2551], 28: [77.4195, 91.2669, 105.1142, 118.3169]],
        .infDH: [3.5: [59.8188, 73.0039, 86.1890, 98.7603], 28: [77.8806, 91.0657, 104.2508, 116.8221]],
        .infHH: infLOS,
    ]

    @Test func infNLOSPathLossWithItsFloors() {
        for (s, byFrequency) in Self.infNLOS {
            for (fc, values) in byFrequency {
                let p = Propagation(scenario: s, carrierGHz: fc)
                for (i, d) in [5.0, 20, 80, 300].enumerated() {
                    #expect(close(p.pathLossNLOS(distance3D: d), values[i], 1e-3), "\(s) \(fc) GHz \(d) m")
                    #expect(p.pathLoss(distance3D: d, los: false) == p.pathLossNLOS(distance3D: d))
                }
            }
        }
    }

    /// The LOS floor of InF can never win within TR 38.901's range (fc ≥ 0.5 GHz, d ≥ 1 m):
    /// NLOS − LOS = 1.16 + 4·log d + log fc (SL), 0.56 + 1.5·log d + log fc (SH),
    /// 1.79 + 0.4·log d + log fc (DH) grow with d and fc, smallest at 1 m, 0.5 GHz
    /// (log 0.5 = −0.30103): LOS 31.84 − 5.7196 = 26.1204; SL 33 − 6.0206 = 26.9794;
    /// SH 32.4 − 6.0206 = 26.3794 (the closest, 0.259 dB above); DH 27.6094; DL falls back
    /// on SL (its own term, 12.5794, is far below).
    @Test func infLOSFloorAtItsClosestApproach() {
        func nlos(_ s: PropagationScenario) -> Double {
            Propagation(scenario: s, carrierGHz: 0.5).pathLossNLOS(distance3D: 1)
        }
        #expect(close(Propagation(scenario: .infSL, carrierGHz: 0.5).pathLossLOS(distance3D: 1), 26.1204, 1e-3))
        #expect(close(nlos(.infSL), 26.9794, 1e-3))
        #expect(close(nlos(.infDL), 26.9794, 1e-3))
        #expect(close(nlos(.infSH), 26.3794, 1e-3))
        #expect(close(nlos(.infDH), 27.6094, 1e-3))
    }

    /// InH office. LOS 32.4 + 17.3·log d + 20·log fc; NLOS max(LOS, 17.3 + 38.3·log d +
    /// 24.9·log fc). NLOS − LOS = −15.1 + 21·log d + 4.9·log fc: the LOS floor wins below
    /// 10^((15.1 − 2.6659)/21) = 3.91 m at 3.5 GHz and 10^((15.1 − 7.0911)/21) = 2.41 m at 28 GHz.
    /// 3.5 GHz (log 2 = 0.30103, log 3 = 0.477121, log 150 = 2.176091):
    ///   1 m: LOS 32.4 + 10.8814 = 43.2814*, NLOS term 17.3 + 13.5473 = 30.8473
    ///   2 m: LOS 43.2814 + 5.2078 = 48.4892*, term 30.8473 + 11.5294 = 42.3767
    ///   3 m: LOS 43.2814 + 8.2542 = 51.5356*, term 30.8473 + 18.2737 = 49.1210
    ///   5 m: LOS 43.2814 + 12.0922 = 55.3735, term 30.8473 + 26.7706 = 57.6178*
    ///   20 m: LOS 65.7892, term 80.6767*; 80 m: LOS 76.2048, term 103.7356*
    ///   300 m clamps to 150 m: LOS 43.2814 + 37.6464 = 80.9277, term 30.8473 + 83.3443 = 114.1916*
    /// 28 GHz: 1 m LOS 32.4 + 28.9432 = 61.3432*, term 17.3 + 36.0342 = 53.3342;
    ///   2 m LOS 66.5510* (term 64.8637); 3 m LOS 69.5974, term 71.6080*; 5 m term 80.1048*;
    ///   20 m 103.1637*; 80 m 126.2226*; 150 m: LOS 98.9895, term 136.6785*.
    @Test func inhOfficePathLoss() {
        let cases: [(Double, [Double], [Double])] = [
            (3.5, [43.2814, 48.4892, 51.5356, 55.3735, 65.7892, 76.2048, 80.9277],
                  [43.2814, 48.4892, 51.5356, 57.6178, 80.6767, 103.7356, 114.1916]),
            (28, [61.3432, 66.5510, 69.5974, 73.4353, 83.8510, 94.2666, 98.9895],
                 [61.3432, 66.5510, 71.6080, 80.1048, 103.1637, 126.2226, 136.6785]),
        ]
        for (fc, los, nlos) in cases {
            let p = Propagation(scenario: .inhOffice, carrierGHz: fc)
            for (i, d) in [1.0, 2, 3, 5, 20, 80, 300].enumerated() {
                #expect(close(p.pathLossLOS(distance3D: d), los[i], 1e-3), "InH \(fc) GHz \(d) m LOS")
                #expect(close(p.pathLossNLOS(distance3D: d), nlos[i], 1e-3), "InH \(fc) GHz \(d) m NLOS")
            }
        }
    }

    /// Outside 1...600 m (InF) or 1...150 m (InH) the distance is clamped.
    @Test func distancesAreClampedToTheValidityRange() {
        let inf = Propagation(scenario: .infDL, carrierGHz: 3.5)
        #expect(inf.validDistance == 1...600)
        #expect(inf.pathLossNLOS(distance3D: 0.2) == inf.pathLossNLOS(distance3D: 1))
        #expect(inf.pathLossNLOS(distance3D: 5000) == inf.pathLossNLOS(distance3D: 600))
        let inh = Propagation(scenario: .inhOffice, carrierGHz: 3.5)
        #expect(inh.validDistance == 1...150)
        #expect(inh.pathLossLOS(distance3D: 400) == inh.pathLossLOS(distance3D: 150))
        #expect(inh.pathLossLOS(distance3D: 0) == inh.pathLossLOS(distance3D: 1))
    }

    /// P_LOS = exp(−d/k), k = −d_clutter/ln(1 − r), that is P = (1 − r)^(d/d_clutter); for
    /// SH/DH d_clutter is scaled by (hBS − hUT)/(hc − hUT), with hBS 8 m, hUT 1.5 m:
    /// SH (8 − 1.5)/(2 − 1.5) = 13, DH (8 − 1.5)/(6 − 1.5) = 1.4444.
    ///   SL: 0.8^(d/10): 5 m 0.8^0.5 = 0.894427; 20 m 0.8² = 0.64; 80 m 0.8⁸ = 0.167772;
    ///       300 m 0.8³⁰ = 0.00123794
    ///   DL: 0.4^(d/2): 0.4^2.5 = 0.101193; 0.4^10 = 1.048576e-4; 0.4^40 = 1.2089e-16
    ///   SH: 0.8^(d/130): 0.8^(5/130) = 0.991454; 0.966253; 0.871692; 0.597532
    ///   DH: 0.4^(d/2.8889): 0.204766; 0.00175805; 9.5526e-12
    @Test func infLOSProbabilityWithTheClutter() {
        let cases: [(PropagationScenario, [Double])] = [
            (.infSL, [0.894427, 0.64, 0.167772, 0.00123794]),
            (.infDL, [0.101193, 1.048576e-4, 1.2089e-16]),
            (.infSH, [0.991454, 0.966253, 0.871692, 0.597532]),
            (.infDH, [0.204766, 0.00175805, 9.5526e-12]),
        ]
        for (s, values) in cases {
            let p = Propagation(scenario: s, carrierGHz: 3.5)
            for (i, d) in [5.0, 20, 80, 300].prefix(values.count).enumerated() {
                let got = p.losProbability(distance2D: d, bsHeight: 8, ueHeight: 1.5)
                #expect(abs(got / values[i] - 1) < 1e-4, "\(s) \(d) m: \(got)")
            }
        }
        // The low-BS scenarios ignore the heights; InF-HH is always LOS.
        let sl = Propagation(scenario: .infSL, carrierGHz: 28)
        #expect(sl.losProbability(distance2D: 20, bsHeight: 1.5, ueHeight: 1.5) == sl.losProbability(distance2D: 20, bsHeight: 8, ueHeight: 1.5))
        #expect(Propagation(scenario: .infHH, carrierGHz: 3.5).losProbability(distance2D: 300, bsHeight: 8, ueHeight: 5) == 1)
        // Own clutter, r = 0.4, d = 5 m, hc = 4 m, SH with hBS 10 m, hUT 1 m: factor 9/3 = 3,
        // P(20 m) = 0.6^(20/15) = 0.506060.
        let own = Propagation(scenario: .infSH, carrierGHz: 3.5, clutter: Clutter(density: 0.4, size: 5, height: 4))
        #expect(abs(own.losProbability(distance2D: 20, bsHeight: 10, ueHeight: 1) - 0.506060) < 1e-6)
        #expect(own.losCorrelationDistance == 2.5)
        // A device at or above the clutter height (2 m for sparse clutter) is in LOS.
        #expect(Propagation(scenario: .infSH, carrierGHz: 3.5).losProbability(distance2D: 300, bsHeight: 8, ueHeight: 2) == 1)
    }

    /// InH mixed office: 1 up to 1.2 m; exp(−(d − 1.2)/4.7) to 6.5 m; 0.32·exp(−(d − 6.5)/32.6).
    /// 3 m: exp(−1.8/4.7) = 0.681827; 6.5 m: 0.32; 20 m: 0.32·exp(−13.5/32.6) = 0.211497;
    /// 80 m: 0.32·exp(−73.5/32.6) = 0.0335729.
    @Test func inhLOSProbability() {
        let p = Propagation(scenario: .inhOffice, carrierGHz: 3.5)
        let cases: [(Double, Double)] = [(0.5, 1), (1.2, 1), (3, 0.681827), (6.5, 0.32), (20, 0.211497), (80, 0.0335729)]
        for (d, value) in cases {
            #expect(abs(p.losProbability(distance2D: d, bsHeight: 3, ueHeight: 1.5) / value - 1) < 1e-5, "\(d) m")
        }
    }

    /// Table 7.2-4 / 7.8-7 clutter (d_clutter 10 m for SL and SH, 2 m for DL and DH), the
    /// shadow-fading spreads of Table 7.4.1-1 and the correlation distances.
    @Test func clutterSpreadsAndCorrelationDistances() {
        #expect(Clutter.typical(.infSL) == Clutter(density: 0.2, size: 10, height: 2))
        #expect(Clutter.typical(.infSH) == Clutter(density: 0.2, size: 10, height: 2))
        #expect(Clutter.typical(.infDL) == Clutter(density: 0.6, size: 2, height: 6))
        #expect(Clutter.typical(.infDH) == Clutter(density: 0.6, size: 2, height: 6))
        let sigmas: [(PropagationScenario, Double, Double)] = [
            (.infSL, 4.3, 5.7), (.infDL, 4.3, 7.2), (.infSH, 4.3, 5.9), (.infDH, 4.3, 4.0), (.infHH, 4.3, 4.3),
            (.inhOffice, 3.0, 8.03),
        ]
        for (s, los, nlos) in sigmas {
            let p = Propagation(scenario: s, carrierGHz: 3.5)
            #expect(p.shadowFadingSigma(los: true) == los && p.shadowFadingSigma(los: false) == nlos, "\(s)")
        }
        for s in Self.infScenarios {
            let p = Propagation(scenario: s, carrierGHz: 3.5)
            #expect(p.shadowCorrelationDistance == 10 && p.shadowCorrelationDistance(los: false) == 10)
        }
        let inh = Propagation(scenario: .inhOffice, carrierGHz: 3.5)
        #expect(inh.shadowCorrelationDistance(los: true) == 10 && inh.shadowCorrelationDistance(los: false) == 6)
        #expect(inh.losCorrelationDistance == 10)
        let losCorrelation: [(PropagationScenario, Double)] = [(.infSL, 5), (.infDL, 1), (.infSH, 5), (.infDH, 1)]
        for (s, d) in losCorrelation {
            #expect(Propagation(scenario: s, carrierGHz: 28).losCorrelationDistance == d, "\(s)")
        }
        #expect(Propagation(scenario: .infHH, carrierGHz: 28).losCorrelationDistance == .infinity)
    }

    /// Two links of one model at different distances keep their own values (no cached result).
    @Test func linksDoNotShareResults() {
        let p = Propagation(scenario: .infSH, carrierGHz: 3.5)
        let a = p.pathLossNLOS(distance3D: 5), b = p.pathLossNLOS(distance3D: 80)
        #expect(close(a, 59.3577, 1e-3) && close(b, 87.0524, 1e-3))
        #expect(p.pathLossNLOS(distance3D: 5) == a)
    }
}

// MARK: - Shadowing

@Suite struct NRLinkShadowingTests {
    /// σ = 4, first = 0.5 → 2 dB; a 10 m move with d_corr 10 m and z = 1:
    /// ρ = e^−1 = 0.367879, sqrt(1 − e^−2) = 0.929873: 0.735759 + 3.719494 = 4.455253.
    @Test func updateByHand() {
        var s = ShadowFading(sigma: 4, correlationDistance: 10, first: 0.5)
        #expect(s.valueDB == 2)
        s.move(distance: 0, z: 3)
        #expect(s.valueDB == 2)
        s.move(distance: 10, z: 1)
        #expect(close(s.valueDB, 4.455253, 1e-6))
        #expect(close(ShadowFading.losRedrawProbability(distance: 5, correlationDistance: 5), 1 - exp(-1), 1e-15))
        #expect(ShadowFading.losRedrawProbability(distance: 0, correlationDistance: 5) == 0)
        #expect(ShadowFading.losRedrawProbability(distance: 100, correlationDistance: .infinity) == 0)
    }

    /// A 800 km walk in 2 m steps (σ 5.7 dB, d_corr 10 m): the marginal sd is σ and the
    /// autocorrelation at lag h is exp(−h/10). Sampling error (AR(1), step ρ = 0.8187):
    /// sd of the autocorrelation estimate below 0.004, of sd/σ about 0.0025.
    @Test func longWalkMatchesTheExponentialAutocorrelation() {
        let seed: UInt64 = 20_260_901
        print("NRLink shadowing walk: seed \(seed)")
        let stream = RandomStream(seed: seed, replication: 0, name: "nr-shadow-walk")
        let sigma = 5.7, step = 2.0, n = 400_000
        var s = ShadowFading(sigma: sigma, correlationDistance: 10, first: ShadowFading.standardNormal(stream))
        var xs = [Double](repeating: 0, count: n)
        for i in 0..<n {
            xs[i] = s.valueDB
            s.move(distance: step, z: ShadowFading.standardNormal(stream))
        }
        let mean = xs.reduce(0, +) / Double(n)
        let variance = xs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n)
        #expect(abs(variance.squareRoot() / sigma - 1) < 0.02, "sd \(variance.squareRoot()), seed \(seed)")
        #expect(abs(mean) < 0.15, "mean \(mean), seed \(seed)")
        for lag in [1, 2, 5, 10, 15] {
            var c = 0.0
            for i in 0..<(n - lag) { c += (xs[i] - mean) * (xs[i + lag] - mean) }
            let r = c / Double(n - lag) / variance
            let expected = exp(-Double(lag) * step / 10)
            #expect(abs(r - expected) < 0.02, "lag \(Double(lag) * step) m: \(r) vs \(expected), seed \(seed)")
        }
    }
}

// MARK: - Link budget and combining

@Suite struct NRLinkBudgetTests {
    /// −174 + 10·log10(20e6) (73.0103) + 7 = −93.9897 dBm; one PRB at 30 kHz (360 kHz,
    /// 55.5630) with NF 9: −109.4370 dBm.
    @Test func budgetArithmetic() {
        #expect(close(LinkBudget.thermalNoiseDBm(bandwidthHz: 20e6, noiseFigureDB: 7), -93.9897, 1e-4))
        #expect(close(LinkBudget.thermalNoiseDBm(bandwidthHz: 360e3, noiseFigureDB: 9), -109.4370, 1e-4))
        #expect(close(LinkBudget.dBmToMilliwatt(30), 1000, 1e-9) && close(LinkBudget.dBmToMilliwatt(-30), 0.001, 1e-15))
        #expect(close(LinkBudget.milliwattToDBm(LinkBudget.dBmToMilliwatt(-87.3)), -87.3, 1e-12))
        // 23 dBm + 5 dBi + 0 dBi − 100 dB − 3 dB (shadow: extra loss) = −75 dBm.
        #expect(LinkBudget.receivedPowerDBm(txPowerDBm: 23, txGainDBi: 5, rxGainDBi: 0, pathLossDB: 100, shadowDB: 3) == -75)
        // 46 dBm over 273 PRBs: 46 − 24.3616 = 21.6384 dBm; a UE's 23 dBm on one PRB stays 23.
        #expect(close(LinkBudget.powerPerPRBDBm(totalDBm: 46, prbs: 273), 21.6384, 1e-4))
        #expect(LinkBudget.powerPerPRBDBm(totalDBm: 23, prbs: 1) == 23)
        // −80 dBm against 1e-9 mW of interference and −90 dBm noise (2e-9 mW, −86.9897 dBm): 6.9897 dB.
        #expect(close(LinkBudget.sinrDB(signalDBm: -80, interferenceMilliwatt: 1e-9, noiseDBm: -90), 6.9897, 1e-4))
    }

    /// Chase combining adds linear SINRs: two copies at 3 dB → 10·log10(2·10^0.3) = 6.0103 dB;
    /// four at 0 dB → 6.0206 dB.
    @Test func chaseCombining() {
        #expect(close(HARQCombining.chaseSINRDB([3, 3]), 6.0103, 1e-4))
        #expect(close(HARQCombining.chaseSINRDB([0, 0, 0, 0]), 6.0206, 1e-4))
        #expect(close(HARQCombining.chaseSINRDB(accumulatedDB: -.infinity, addingDB: 5), 5, 1e-12))
        #expect(close(HARQCombining.chaseSINRDB(accumulatedDB: 3, addingDB: 3), 6.0103, 1e-4))
    }
}

// MARK: - BLER

@Suite struct NRLinkBLERTests {
    static let models = MCSTable.allCases.map { BLERModel(table: $0) }

    /// Code blocks by hand (TS 38.212 §7.2.1, §7.2.2, §5.2.2):
    ///   24 bits: B = 24 + 16 = 40, one block, graph 2 (A ≤ 292).
    ///   293 bits, R 0.7: graph 1 (A > 292, R > 0.67), B = 309, one block.
    ///   3824 bits, R 0.5: graph 2, B = 3840 = Kcb, one block; R 0.7: graph 1, one block.
    ///   8000 bits: CRC 24, B = 8024. R ≤ 0.25: graph 2, C = ⌈8024/3816⌉ = 3, B' = 8096,
    ///   K' = 2698.67. R > 0.25: graph 1, one block of 8024.
    ///   20000 bits: B = 20024. Graph 2: C = ⌈20024/3816⌉ = 6, K' = (20024 + 144)/6 = 3361.33.
    ///   Graph 1: C = ⌈20024/8424⌉ = 3, K' = (20024 + 72)/3 = 6698.67.
    static func handBlocks(tbs: Int, rate: Double) -> (count: Int, bits: Double) {
        switch (tbs, rate <= 0.25) {
        case (24, _): return (1, 40)
        case (100, _): return (1, 116)
        case (1000, _): return (1, 1016)
        case (3000, _): return (1, 3016)
        case (8000, true): return (3, 8096.0 / 3)
        case (8000, false): return (1, 8024)
        case (20000, true): return (6, 20168.0 / 6)
        case (20000, false): return (3, 20096.0 / 3)
        default: fatalError("no hand segmentation for \(tbs)")
        }
    }

    @Test func codeBlockSegmentation() {
        #expect(BLERModel.codeBlocks(tbs: 24, codeRate: 0.9) == .init(count: 1, bitsPerBlock: 40, baseGraph: 2))
        #expect(BLERModel.codeBlocks(tbs: 292, codeRate: 0.9).baseGraph == 2)
        #expect(BLERModel.codeBlocks(tbs: 293, codeRate: 0.7) == .init(count: 1, bitsPerBlock: 309, baseGraph: 1))
        #expect(BLERModel.codeBlocks(tbs: 3824, codeRate: 0.5) == .init(count: 1, bitsPerBlock: 3840, baseGraph: 2))
        #expect(BLERModel.codeBlocks(tbs: 3824, codeRate: 0.7).baseGraph == 1)
        #expect(BLERModel.codeBlocks(tbs: 8000, codeRate: 0.2) == .init(count: 3, bitsPerBlock: 8096.0 / 3, baseGraph: 2))
        #expect(BLERModel.codeBlocks(tbs: 8000, codeRate: 0.3) == .init(count: 1, bitsPerBlock: 8024, baseGraph: 1))
        #expect(BLERModel.codeBlocks(tbs: 20000, codeRate: 0.2) == .init(count: 6, bitsPerBlock: 20168.0 / 6, baseGraph: 2))
        #expect(BLERModel.codeBlocks(tbs: 20000, codeRate: 0.5) == .init(count: 3, bitsPerBlock: 20096.0 / 3, baseGraph: 1))
    }

    /// The normal approximation written out independently: ε = Q((nC − k + ½log2 n)/√(nV)),
    /// C = log2(1+γ), V = (1 − (1+γ)^−2)(log2 e)², γ lowered by the 1 dB implementation
    /// loss; n = A/(C_blocks·R·Qm) channel uses, k = K' information bits per block; the TB
    /// fails unless every block succeeds.
    static func referenceBLER(qm: Int, rate: Double, tbs: Int, sinrDB: Double) -> Double {
        let (blocks, k) = handBlocks(tbs: tbs, rate: rate)
        let n = Double(tbs) / Double(blocks) / (rate * Double(qm))
        let gamma = pow(10, (sinrDB - 1) / 10)
        let c = log2(1 + gamma)
        let log2e = 1 / log(2.0)
        let v = (1 - 1 / ((1 + gamma) * (1 + gamma))) * log2e * log2e
        let eps = gsl_cdf_ugaussian_Q((n * c - k + 0.5 * log2(n)) / (n * v).squareRoot())
        let tb = 1 - pow(1 - eps, Double(blocks))
        return min(max(tb, 1e-12), 1)
    }

    /// (a) The interpolated curves (Steffen in SINR, log-linear in block size) against the
    /// formula at SINRs off the 0.25 dB grid, for block sizes on and between grid points:
    /// within 2 % relative wherever the BLER exceeds 1e-6.
    @Test func curvesAgreeWithTheFormulaOffGrid() {
        var worst = 0.0, worstCase = ""
        for model in Self.models {
            for mcs in 0..<model.table.count {
                let qm = model.table.modulationOrder(mcs), rate = model.table.codeRate(mcs)
                for tbs in [24, 100, 1000, 3000, 8000, 20000] {
                    var s = -19.93
                    while s < 35 {
                        let reference = Self.referenceBLER(qm: qm, rate: rate, tbs: tbs, sinrDB: s)
                        if reference > 1e-6 {
                            let e = abs(model.bler(mcs: mcs, tbs: tbs, sinrDB: s) / reference - 1)
                            if e > worst { worst = e; worstCase = "\(model.table) MCS \(mcs) TBS \(tbs) at \(s) dB" }
                        }
                        s += 0.173
                    }
                }
            }
        }
        print("NRLink BLER: worst relative error \(worst) (\(worstCase))")
        #expect(worst < 0.02, "\(worstCase)")
    }

    /// (b) With one large code block the 10 % point approaches the Shannon limit
    /// 10·log10(2^(Qm·R) − 1) plus the 1 dB implementation loss: within 0.5 dB (and above
    /// it), and closer as the block grows. The largest single block: A = 8424 (B = 8448,
    /// graph 1) for R > 0.25, A = 3816 (B = 3832 ≤ 3840, graph 2) for R ≤ 0.25.
    @Test func tenPercentPointApproachesShannon() {
        for model in Self.models {
            for mcs in 0..<model.table.count {
                let se = model.table.spectralEfficiency(mcs)
                let limit = 10 * log10(pow(2, se) - 1) + 1
                let large = model.table.codeRate(mcs) > 0.25 ? 8424 : 3816
                let gaps = [100, 1000, large].map { model.requiredSINR(mcs: mcs, tbs: $0, target: 0.1) - limit }
                #expect(gaps[2] > 0 && gaps[2] < 0.5, "\(model.table) MCS \(mcs): gap \(gaps[2]) dB")
                #expect(gaps[0] > gaps[1] && gaps[1] > gaps[2], "\(model.table) MCS \(mcs): gaps \(gaps)")
            }
        }
    }

    /// (c) BLER never rises with SINR, and never falls with the MCS where the table's
    /// spectral efficiency rises. The only MCS step whose efficiency falls is 64QAM MCS 16
    /// (4·658 = 2632/1024) → 17 (6·438 = 2628/1024); the model, blind to the modulation,
    /// then finds MCS 17 slightly more robust.
    @Test func monotoneInSINRAndMCS() {
        var inversions: [String] = []
        for model in Self.models {
            let t = model.table
            for m in 0..<(t.count - 1) where t.spectralEfficiency(m + 1) < t.spectralEfficiency(m) {
                inversions.append("\(t) \(m)")
            }
            for tbs in [40, 300, 2000, 8000, 30000] {
                for mcs in 0..<t.count {
                    var previous = 1.0, s = -21.0
                    while s <= 36 {
                        let b = model.bler(mcs: mcs, tbs: tbs, sinrDB: s)
                        #expect(b <= previous * (1 + 1e-12), "\(t) MCS \(mcs) TBS \(tbs) rises at \(s) dB")
                        previous = b
                        s += 0.01
                    }
                }
                var s = -20.0
                while s <= 35 {
                    for m in 0..<(t.count - 1) where t.spectralEfficiency(m + 1) >= t.spectralEfficiency(m) {
                        let lower = model.bler(mcs: m, tbs: tbs, sinrDB: s), upper = model.bler(mcs: m + 1, tbs: tbs, sinrDB: s)
                        #expect(upper >= lower * (1 - 1e-9), "\(t) MCS \(m + 1) below MCS \(m) at \(s) dB, TBS \(tbs)")
                    }
                    s += 0.07
                }
            }
        }
        #expect(inversions == ["qam64 16"])
    }

    /// requiredSINR and selectMCS agree with bler.
    @Test func requiredSINRAndSelection() {
        let model = Self.models[0]
        for mcs in [0, 9, 17, 28] {
            for target in [0.1, 1e-3, 1e-5] {
                let s = model.requiredSINR(mcs: mcs, tbs: 2000, target: target)
                #expect(model.bler(mcs: mcs, tbs: 2000, sinrDB: s) <= target)
                #expect(model.bler(mcs: mcs, tbs: 2000, sinrDB: s - 0.001) > target)
            }
        }
        for s in stride(from: -15.0, through: 30, by: 1.7) {
            let m = model.selectMCS(sinrDB: s, tbs: 2000, target: 0.1)
            if m < 28 { #expect(model.bler(mcs: m + 1, tbs: 2000, sinrDB: s) > 0.1) }
            if m > 0 || model.bler(mcs: 0, tbs: 2000, sinrDB: s) <= 0.1 {
                #expect(model.bler(mcs: m, tbs: 2000, sinrDB: s) <= 0.1)
            }
        }
        #expect(model.selectMCS(sinrDB: -30, tbs: 2000, target: 0.1) == 0)
        #expect(model.selectMCS(sinrDB: 40, tbs: 2000, target: 0.1) == 28)
        #expect(model.requiredSINR(mcs: 28, tbs: 2000, target: 1e-13) == .infinity)
        // Chase combining two copies at a SINR 3 dB short of the 10 % point meets it again.
        let need = model.requiredSINR(mcs: 10, tbs: 2000, target: 0.1)
        let combined = HARQCombining.chaseSINRDB([need - 3.0103, need - 3.0103])
        #expect(model.bler(mcs: 10, tbs: 2000, sinrDB: combined) <= 0.1 * 1.001)
    }
}

// MARK: - CQI

@Suite struct NRLinkCQIMapperTests {
    static let mappers = CQITable.allCases.map { CQIMapper(table: $0) }

    /// The report from a linear SINR (no logarithm away from thresholds) is the report from
    /// its value in dB, for SINRs across the range and at every threshold to the last ulp.
    @Test func linearReportsEqualReportsInDB() {
        let rng = RandomStream(seed: 3, replication: 0, name: "cqi")
        for mapper in Self.mappers {
            var xs: [Double] = [0, .infinity, .nan, 1e-30, 1e30]
            for _ in 0..<20_000 { xs.append(pow(10, (rng.uniform() * 60 - 20) / 10)) }
            for t in mapper.thresholdsDB {
                var x = pow(10, t / 10)
                for _ in 0..<20 { x = x.nextDown }
                for _ in 0..<40 { xs.append(x); x = x.nextUp }
            }
            for x in xs {
                #expect(mapper.channelQuality(linear: x) == mapper.channelQuality(sinrDB: 10 * log10(x)), "\(x)")
            }
        }
    }

    /// Each threshold is where the CQI's reference TB meets the target; the reported CQI
    /// rises with the SINR and is 0 below the first threshold.
    @Test func thresholdsMeetTheTarget() {
        for mapper in Self.mappers {
            let target = mapper.table.blerTarget
            for cqi in 1...15 {
                let s = mapper.thresholdsDB[cqi - 1]
                #expect(s.isFinite, "\(mapper.table) CQI \(cqi)")
                #expect(mapper.bler(cqi: cqi, sinrDB: s) <= target, "\(mapper.table) CQI \(cqi)")
                #expect(mapper.bler(cqi: cqi, sinrDB: s - 0.01) > target, "\(mapper.table) CQI \(cqi)")
                if cqi > 1 { #expect(s > mapper.thresholdsDB[cqi - 2], "\(mapper.table) CQI \(cqi)") }
            }
            #expect(channelQuality(sinrDB: mapper.thresholdsDB[0] - 0.01, mapper: mapper) == 0)
            #expect(mapper.channelQuality(sinrDB: 40) == 15)
            var last = 0
            for s in stride(from: -20.0, through: 35, by: 0.1) {
                let cqi = mapper.channelQuality(sinrDB: s)
                #expect(cqi >= last)
                last = cqi
            }
        }
    }

    /// (d) Table 3 CQI i + 2 has table 1 CQI i's modulation and rate (i = 1...13) but
    /// promises BLER 1e-5 instead of 0.1, so it needs a higher SINR.
    @Test func lowBLERTableNeedsMoreSINRForEqualEfficiency() {
        let t1 = Self.mappers[0], t3 = Self.mappers[2]
        for i in 1...13 {
            #expect(CQITable.table3.efficiency(i + 2) == CQITable.table1.efficiency(i))
            #expect(t3.thresholdsDB[i + 1] > t1.thresholdsDB[i - 1], "table 3 CQI \(i + 2) vs table 1 CQI \(i)")
        }
        // Where table 3 reports a row table 1 also has (CQI 3...15), table 1 reports at least
        // that efficiency; below, table 3's two extra low rows (30 and 50/1024) still report.
        var extraRowsReported = false
        for s in stride(from: -20.0, through: 35, by: 0.25) {
            let cqi3 = t3.channelQuality(sinrDB: s)
            if cqi3 >= 3 {
                #expect(CQITable.table3.efficiency(cqi3) <= CQITable.table1.efficiency(t1.channelQuality(sinrDB: s)), "\(s) dB")
            } else if cqi3 > 0 && t1.channelQuality(sinrDB: s) == 0 {
                extraRowsReported = true
            }
        }
        #expect(extraRowsReported)
    }
}

// MARK: - Outer loop

@Suite struct NRLinkOuterLoopTests {
    /// HARQ outcomes drawn as Bernoulli with NACK probability p(o) = 1/(1 + exp(−(o + 2)/0.7))
    /// at offset o: the long-run NACK rate settles at the target, and the offset near
    /// p⁻¹(target) = −2 + 0.7·ln(t/(1 − t)) (−3.538 dB for 0.1, −5.217 dB for 0.01).
    @Test func nackRateConvergesToTheTarget() {
        let seed: UInt64 = 77
        print("NRLink OLLA: seed \(seed)")
        for (target, steps) in [(0.1, 400_000), (0.01, 2_000_000)] {
            let stream = RandomStream(seed: seed, replication: 0, name: "nr-olla-\(target)")
            var loop = OuterLoop(target: target)
            #expect(close(loop.stepUpDB, 0.5 * target / (1 - target), 1e-15))
            var nacks = 0, offsetSum = 0.0
            for i in 0..<steps {
                let p = 1 / (1 + exp(-(loop.offsetDB + 2) / 0.7))
                let nack = stream.uniform() < p
                if nack { nacks += 1 }
                loop.record(success: !nack)
                if i >= steps / 2 { offsetSum += loop.offsetDB }
            }
            let rate = Double(nacks) / Double(steps)
            #expect(abs(rate / target - 1) < 0.02, "target \(target): NACK rate \(rate), seed \(seed)")
            let mean = offsetSum / Double(steps - steps / 2)
            #expect(abs(mean - (-2 + 0.7 * log(target / (1 - target)))) < 0.5, "target \(target): offset \(mean)")
        }
    }

    @Test func offsetIsClamped() {
        var loop = OuterLoop(target: 0.1, stepDownDB: 1)
        for _ in 0..<50 { loop.record(success: false) }
        #expect(loop.offsetDB == -10)
        for _ in 0..<1000 { loop.record(success: true) }
        #expect(loop.offsetDB == 10)
    }
}
