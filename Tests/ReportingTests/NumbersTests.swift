import Testing
import Kernel
@testable import Reporting

@Suite struct NumbersTests {
    @Test func exactPicosecondsAsSeconds() {
        #expect(Numbers.seconds(picoseconds: 13_338_000) == "0.000013338")
        #expect(Numbers.seconds(picoseconds: 1) == "0.000000000001")
        #expect(Numbers.seconds(picoseconds: 0) == "0")
        #expect(Numbers.seconds(picoseconds: Time.second) == "1")
        #expect(Numbers.seconds(picoseconds: 1_000_000 * Time.second) == "1000000")
        #expect(Numbers.seconds(picoseconds: 1_500_000_000_001) == "1.500000000001")
        #expect(Numbers.seconds(picoseconds: -250_000) == "-0.00000025")
        #expect(Numbers.seconds(picoseconds: Int64.max) == "9223372.036854775807")
        #expect(Numbers.seconds(picoseconds: Int64.min) == "-9223372.036854775808")
    }

    @Test func doublesArePlainDecimals() {
        #expect(Numbers.decimal(1e-12) == "0.000000000001")
        #expect(Numbers.decimal(1e6) == "1000000")
        #expect(Numbers.decimal(1e22) == "10000000000000000000000")
        #expect(Numbers.decimal(1.2345e-5) == "0.000012345")
        #expect(Numbers.decimal(-0.0) == "0")
        #expect(Numbers.decimal(0.1 + 0.2) == "0.3")          // 12 significant digits
        #expect(Numbers.exact(0.1 + 0.2) == "0.30000000000000004")
        #expect(Numbers.decimal(9.9999999999999) == "10")
        #expect(Numbers.decimal(123.456) == "123.456")
        #expect(Numbers.decimal(2.0 / 3.0) == "0.666666666667")
        #expect(Numbers.decimal(.nan) == nil)
        #expect(Numbers.decimal(.infinity) == nil)
        #expect(Numbers.decimal(-.infinity) == nil)
        // Picoseconds as a Double shift exactly: no binary rounding on the way to seconds.
        #expect(Numbers.seconds(picoseconds: 13_338_000.0) == "0.000013338")
        #expect(Numbers.seconds(picoseconds: 1.0) == "0.000000000001")
        #expect(Numbers.seconds(picoseconds: 0.5) == "0.0000000000005")
        #expect(Numbers.seconds(picoseconds: Double.nan) == nil)
    }

    @Test func neverExponentNotation() {
        let values: [Double] = [1e-12, 1e6, 1e-300, Double.leastNonzeroMagnitude, 1.7976931348623157e308, 1e16, 1e21, 123456789012345680,
                                -3.3e-7, 6.02214076e23]
        for v in values {
            for text in [Numbers.decimal(v)!, Numbers.exact(v)!, Numbers.seconds(picoseconds: v)!] {
                #expect(!text.contains("e") && !text.contains("E"), "\(v) -> \(text)")
                #expect(Double(text) != nil)
            }
        }
        #expect(Double(Numbers.exact(Double.leastNonzeroMagnitude)!) == Double.leastNonzeroMagnitude)
        #expect(Double(Numbers.exact(1.7976931348623157e308)!) == 1.7976931348623157e308)
    }

    @Test func roundingCarries() {
        let d = DecimalText(9.995)!
        #expect(d.rounded(significantDigits: 3).plain() == "10")
        #expect(d.rounded(fractionDigits: 1).plain() == "10")
        #expect(DecimalText(0.006)!.rounded(fractionDigits: 0).plain() == "0")
        #expect(DecimalText(0.006)!.rounded(fractionDigits: 2).plain() == "0.01")
        #expect(DecimalText(0.6)!.rounded(fractionDigits: 0).plain() == "1")
        #expect(DecimalText(-0.6)!.rounded(fractionDigits: 0).plain() == "-1")
        #expect(DecimalText(-0.004)!.rounded(fractionDigits: 2).plain() == "0")
        #expect(DecimalText(1.5)!.plain(minimumFractionDigits: 3) == "1.500")
    }
}

@Suite struct FormatTests {
    @Test func times() {
        #expect(Format.time(picoseconds: Int64(13_338_000)) == "13.34 us")
        #expect(Format.time(picoseconds: Int64(0)) == "0 s")
        #expect(Format.time(picoseconds: Int64(500)) == "500.0 ps")
        #expect(Format.time(picoseconds: Int64(1)) == "1.000 ps")
        #expect(Format.time(picoseconds: Int64(999_960_000)) == "1.000 ms")   // rounds up a unit
        #expect(Format.time(picoseconds: Int64(999_940_000)) == "999.9 us")
        #expect(Format.time(picoseconds: 2_500 * Time.millisecond) == "2.500 s")
        #expect(Format.time(picoseconds: 123_456 * Time.second) == "123456 s")
        #expect(Format.time(picoseconds: 1_234.5) == "1.235 ns")
        #expect(Format.time(picoseconds: Double.nan) == "-")
        #expect(Format.time(seconds: 250e-6) == "250.0 us")
        #expect(Format.time(picoseconds: Int64(-13_338_000)) == "-13.34 us")
    }

    @Test func rates() {
        #expect(Format.rate(bitsPerSecond: 1e9) == "1.000 Gbit/s")
        #expect(Format.rate(bitsPerSecond: 94_210_000) == "94.21 Mbit/s")
        #expect(Format.rate(bitsPerSecond: 512_000) == "512.0 kbit/s")
        #expect(Format.rate(bitsPerSecond: 12) == "12.00 bit/s")
        #expect(Format.rate(bitsPerSecond: 0) == "0 bit/s")
        #expect(Format.rate(bitsPerSecond: .infinity) == "-")
    }

    @Test func percentsAndCounts() {
        #expect(Format.percent(0.8734) == "87.3 %")
        #expect(Format.percent(1) == "100 %")
        #expect(Format.percent(0) == "0 %")
        #expect(Format.percent(0.001) == "0.100 %")
        #expect(Format.count(0) == "0")
        #expect(Format.count(999) == "999")
        #expect(Format.count(1_234_567) == "1,234,567")
        #expect(Format.count(-1_000) == "-1,000")
        #expect(Format.count(UInt64.max) == "18,446,744,073,709,551,615")
        #expect(Format.number(12.3456) == "12.35")
        #expect(Format.number(1) == "1.000")
    }
}
