import Testing
import Kernel
@testable import Analysis
@testable import Reporting

@Suite struct ConsoleTableTests {
    @Test func containsEveryVariantAndFlow() {
        let text = ConsoleTable.render(Fixtures.threeDesigns(), perPort: true)
        for name in ["base", "tsn", "5g", "sensor-to-plc", "camera-to-edge", "agv-control", "sw1:p1", "plc:eth0"] {
            #expect(text.contains(name), "\(name)")
        }
        // Human units.
        #expect(text.contains("13.34 us"))
        #expect(text.contains("94.21 Mbit/s"))
        #expect(text.contains("90.0 %"))
        // Per-source entries stay out of the console table.
        #expect(!text.contains("s1"))
    }

    @Test func flowColumnsAlign() throws {
        let text = ConsoleTable.render(Fixtures.threeDesigns(), perPort: false)
        let lines = text.split(separator: "\n").map(String.init)
        // Header, rule and every metric row (indented) end at the same column; each flow has
        // frames in flight at the end in some design, so each has that row too.
        let rows = lines.filter { $0.hasPrefix("  ") || $0.hasPrefix("metric") || $0.hasPrefix("---") }
        #expect(rows.count == 2 + 4 + 3 * (ConsoleTable.metrics.count + 1))
        let width = rows[0].count
        #expect(rows.allSatisfy { $0.count == width })
        #expect(width <= 120)
        // Each variant's column: its header name ends where its values end.
        let header = rows[0]
        for variant in ["base", "tsn", "5g"] {
            let end = header.distance(from: header.startIndex, to: header.range(of: " " + variant)!.upperBound)
            for row in rows.dropFirst(2) {
                let ch = row[row.index(row.startIndex, offsetBy: end - 1)]
                #expect(ch != " ", "\(row)")
            }
        }
        // A design that lacks a flow shows "-", a flow without deliveries too.
        let agv = try #require(lines.firstIndex(of: "flow agv-control"))
        #expect(lines[agv + 1].split(separator: " ") == ["sent", "-", "-", "1,000"])
        let camera = try #require(lines.firstIndex(of: "flow camera-to-edge"))
        let p99 = try #require(lines[camera...].first { $0.hasPrefix("  latency p99 ") })
        #expect(p99.split(separator: " ") == ["latency", "p99", "16.00", "us", "16.00", "us", "-"])
        #expect(!text.contains("busiest ports"))
    }

    @Test func portsBlockIsAlignedAndRanked() {
        var ports: [PortResult] = []
        for i in 0..<15 { ports.append(Fixtures.port("sw\(i)", "p", utilization: Double(i) / 20)) }
        ports.append(Fixtures.port("nan", "p", utilization: .nan))
        let runs = [Fixtures.run("base", flows: [], ports: ports),
                    Fixtures.run("alt", flows: [], ports: Array(ports.prefix(3)))]
        let text = ConsoleTable.render(runs, perPort: true, topPorts: 10)
        let block = text.components(separatedBy: "busiest ports")[1].split(separator: "\n").dropFirst().map(String.init)
        #expect(block.count == 2 + 10 + 3)
        #expect(block.allSatisfy { $0.count == block[0].count })
        #expect(block[2].contains("sw14:p") && block[2].contains("70.0 %"))
        #expect(!text.contains("nan:p"))
        #expect(!text.contains("sw4:p"))       // 11th busiest of base, and not in alt
        #expect(block[12].hasPrefix("alt"))
    }

    @Test func fitsInAHundredTwentyColumns() {
        let text = ConsoleTable.render(Fixtures.threeDesigns(), perPort: true)
        for line in text.split(separator: "\n") { #expect(line.count <= 120, "\(line)") }
    }
}
