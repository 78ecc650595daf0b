/// NR frequency range of a carrier (TS 38.104 Table 5.1-1; TS 38.101-1 / 38.101-2 §5.1):
/// FR1 410 MHz – 7.125 GHz, FR2 24.25 – 71 GHz (FR2-1 up to 52.6 GHz, FR2-2 above).
public enum FrequencyRange: String, Sendable {
    case fr1, fr2

    /// The range holding a carrier frequency in Hz, or nil between or beyond the ranges.
    public init?(carrierHz: Double) {
        if carrierHz >= 410e6 && carrierHz <= 7.125e9 {
            self = .fr1
        } else if carrierHz >= 24.25e9 && carrierHz <= 71e9 {
            self = .fr2
        } else {
            return nil
        }
    }
}

/// Channel bandwidths and their resource blocks.
public enum CarrierBandwidth {
    /// One row of a maximum-transmission-bandwidth table: N_RB per channel bandwidth in MHz.
    private typealias Row = [(mhz: Int, rbs: Int)]

    // TS 38.101-1 Table 5.3.2-1 (FR1, Rel-17: 35 and 45 MHz included). Checked against
    // independent listings (OpenAirInterface nr_common.c, two MATLAB/Python tables, a Java
    // decoder); the 3 MHz column of Rel-18 is not carried.
    private static let fr1Scs15: Row = [(5, 25), (10, 52), (15, 79), (20, 106), (25, 133), (30, 160),
                                        (35, 188), (40, 216), (45, 242), (50, 270)]
    private static let fr1Scs30: Row = [(5, 11), (10, 24), (15, 38), (20, 51), (25, 65), (30, 78),
                                        (35, 92), (40, 106), (45, 119), (50, 133), (60, 162), (70, 189),
                                        (80, 217), (90, 245), (100, 273)]
    private static let fr1Scs60: Row = [(10, 11), (15, 18), (20, 24), (25, 31), (30, 38), (35, 44),
                                        (40, 51), (45, 58), (50, 65), (60, 79), (70, 93), (80, 107),
                                        (90, 121), (100, 135)]
    // TS 38.101-2 Table 5.3.2-1 (FR2-1), as reproduced in TS 38.521-2 §5.3.2 (Rel-17).
    private static let fr2Scs60: Row = [(50, 66), (100, 132), (200, 264)]
    private static let fr2Scs120: Row = [(50, 32), (100, 66), (200, 132), (400, 264)]

    private static func row(subcarrierSpacingKHz: Int, range: FrequencyRange) -> Row {
        switch (range, subcarrierSpacingKHz) {
        case (.fr1, 15): fr1Scs15
        case (.fr1, 30): fr1Scs30
        case (.fr1, 60): fr1Scs60
        case (.fr2, 60): fr2Scs60
        case (.fr2, 120): fr2Scs120
        default: []
        }
    }

    /// Maximum transmission bandwidth N_RB: TS 38.101-1 Table 5.3.2-1 (FR1) and TS 38.101-2
    /// Table 5.3.2-1 (FR2). Nil where the table has no entry (the combination is not allowed).
    /// FR2 is the FR2-1 table (50–400 MHz at 60/120 kHz).
    public static func resourceBlocks(bandwidthMHz: Int, subcarrierSpacingKHz: Int, range: FrequencyRange) -> Int? {
        row(subcarrierSpacingKHz: subcarrierSpacingKHz, range: range).first { $0.mhz == bandwidthMHz }?.rbs
    }

    /// The channel bandwidths in MHz the table allows at a subcarrier spacing, ascending;
    /// empty when the spacing is not used in the range.
    public static func validBandwidthsMHz(subcarrierSpacingKHz: Int, range: FrequencyRange) -> [Int] {
        row(subcarrierSpacingKHz: subcarrierSpacingKHz, range: range).map(\.mhz)
    }

    /// Minimum guard band per side in kHz: (BW·1000 − N_RB·12·SCS)/2 − SCS/2 (TS 38.101-1
    /// §5.3.3, note to Table 5.3.3-1; the same formula in TS 38.101-2 §5.3.3).
    public static func guardBandKHz(bandwidthMHz: Int, subcarrierSpacingKHz: Int, resourceBlocks: Int) -> Double {
        let scs = Double(subcarrierSpacingKHz)
        return (Double(bandwidthMHz) * 1000 - Double(resourceBlocks) * 12 * scs) / 2 - scs / 2
    }
}
