import Testing
import Kernel
@testable import Analysis
@testable import Reporting

@Suite struct CSVTests {
    static let flowsHeader = "variant,flow,sent,delivered,dropped,throughput_bps,latency_min_s,latency_mean_s,latency_p50_s,latency_p90_s,latency_p99_s,latency_p999_s,latency_p99999_s,latency_max_s,jitter_s,deadline_misses"

    @Test func flowsHeaderStartsWithTheFixedColumns() {
        let csv = ResultsCSV.flows([])
        let header = String(csv.split(separator: "\n")[0])
        #expect(header.hasPrefix(Self.flowsHeader + ","))
        #expect(header == Self.flowsHeader + ",source,in_flight,ipdv_mean_s,loss_ratio,leg,queueing_mean_s,radio_mean_s,"
                + "harq_mean_s,core_mean_s,wired_mean_s,compute_mean_s,"
                + "dropped_buffer_full,dropped_lost,dropped_rejected,dropped_link_down,dropped_node_down,dropped_no_route,"
                + "availability,service_failures,mtbf_s,longest_outage_s,max_consecutive_failed,"
                + "duplicates_discarded,out_of_order,longest_gap_s,worst_slack_s,"
                + "dropped_policed,dropped_oversize,dropped_max_residence,latency_p9999_s")
        #expect(csv == header + "\n")
    }

    @Test func knownRowHasExactDecimals() {
        let csv = ResultsCSV.flows([Fixtures.run("base", flows: [Fixtures.flow("sensor-to-plc")])])
        let lines = csv.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 3 && lines[2].isEmpty)
        #expect(lines[1] == "base,sensor-to-plc,1000,990,5,1000000,0.000013338,0.000014,0.0000139,0.000015,0.000016,0.000017,0.000018,0.000019,0.000001,2,,5,0.00000025,0.005,one-way,,,,,,,5,0,0,0,0,0,,,,,,,,,,0,0,0,0.0000175")
    }

    @Test func extremeTimesAndUndefinedValues() {
        let lat = Fixtures.latency(min: 1, mean: 1, p50: 0, p90: 1, p99: 1, p999: 1, p99999: 1,
                                   max: 1_000_000 * Time.second, stddev: 0)
        let flows = [
            Fixtures.flow("tiny", throughput: 1e-12, latency: lat),
            Fixtures.flow("none", delivered: 0, throughput: .nan, latency: nil, ipdv: nil),
        ]
        let csv = ResultsCSV.flows([Fixtures.run("v", flows: flows)])
        let lines = csv.split(separator: "\n").map(String.init)
        #expect(lines[1] == "v,tiny,1000,990,5,0.000000000001,0.000000000001,0.000000000001,0,0.000000000001,0.000000000001,0.000000000001,0.000000000001,1000000,0,2,,5,0.00000025,0.005,one-way,,,,,,,5,0,0,0,0,0,,,,,,,,,,0,0,0,0.000000000001")
        // No deliveries: latency cells empty; NaN throughput empty too.
        #expect(lines[2] == "v,none,1000,0,5,,,,,,,,,,,2,,995,,0.005,one-way,,,,,,,5,0,0,0,0,0,,,,,,,,,,0,0,0,")
        let numbers = lines.flatMap { $0.split(separator: ",").dropFirst(2).filter { $0 != "one-way" } }.joined(separator: ",")
        #expect(!numbers.contains("e-") && !numbers.contains("e+") && !numbers.lowercased().contains("nan")
                && !numbers.lowercased().contains("inf"))
        for line in lines { #expect(line.split(separator: ",", omittingEmptySubsequences: false).count == (["variant"] + ResultTables.flows.map(\.name)).count) }
    }

    @Test func quoting() {
        #expect(CSV.field("plain") == "plain")
        #expect(CSV.field("a,b") == "\"a,b\"")
        #expect(CSV.field("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSV.field("two\nlines") == "\"two\nlines\"")
        #expect(CSV.field("cr\r\nlf") == "\"cr\r\nlf\"")
        #expect(CSV.field(" padded") == "\" padded\"")
        #expect(CSV.field("") == "")
        let csv = ResultsCSV.flows([Fixtures.run("v,1", flows: [Fixtures.flow("a \"b\", c")])])
        #expect(csv.split(separator: "\n")[1].hasPrefix("\"v,1\",\"a \"\"b\"\", c\",1000,"))
    }

    @Test func perSourceRowsFollowPooledRowsOfTheirVariant() {
        let csv = ResultsCSV.flows(Fixtures.threeDesigns())
        let rows = csv.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        let keys = rows.map { "\($0[0])/\($0[1])/\($0[16])" }
        #expect(keys == [
            "base/sensor-to-plc/", "base/camera-to-edge/",
            "tsn/sensor-to-plc/", "tsn/camera-to-edge/",
            "5g/sensor-to-plc/", "5g/camera-to-edge/", "5g/agv-control/", "5g/sensor-to-plc/s1",
        ])
    }

    @Test func portsCSV() {
        let ports = [Fixtures.port("sw1", "p1", utilization: 0.875, queueMean: 1.0 / 3.0),
                     Fixtures.port("plc", "eth,0", utilization: .infinity, drops: 12)]
        let csv = ResultsCSV.ports([Fixtures.run("base", flows: [], ports: ports)])
        #expect(csv == """
            variant,node,port,utilization,frames_sent,queue_mean_frames,queue_max_frames,queue_mean_bytes,queue_max_bytes,drops,drops_link_down,drops_node_down,drops_no_route,gate_held_s,preemptions,express_blocked_max_s,express_blocked_mean_s,cbs_a_class,cbs_a_credit_min_bits,cbs_a_credit_max_bits,cbs_b_class,cbs_b_credit_min_bits,cbs_b_credit_max_bits,drops_policed,drops_oversize,drops_max_residence
            base,sw1,p1,0.875,1234,0.333333333333,7,375.5,10500,0,0,0,0,,,,,,,,,,,0,0,0
            base,plc,"eth,0",,1234,0.25,7,375.5,10500,12,0,0,0,,,,,,,,,,,0,0,0

            """)
    }

    /// Request flows report three legs; links and compute nodes have tables of their own.
    @Test func legsLinksAndComputeNodes() {
        var run = Fixtures.run("base", flows: [Fixtures.flow("vision", leg: .request), Fixtures.flow("vision", leg: .response),
                                               Fixtures.flow("vision", leg: .roundTrip)])
        run.links = [LinkResult(link: "gw→cloud", node: "gw", peer: "cloud", direction: "uplink", frames: 99, lost: 1,
                                drops: 0, utilization: nil, queueMeanFrames: 0, queueMaxFrames: 0,
                                transitMean: 8.5e9, transitMax: 31_000_000_000)]
        run.compute = [ComputeResult(node: "edge", servers: 4, utilization: 0.5, tasks: 1000, queueMean: 0.25,
                                     queueMax: 3, waitMean: 1.5e6, waitMax: 9_000_000, sojournMean: 2.5e9,
                                     sojournMax: 12_000_000_000, rejections: 0)]
        let leg = ResultTables.flows.firstIndex { $0.name == "leg" }! + 1
        let legs = ResultsCSV.flows([run]).split(separator: "\n").dropFirst().map {
            $0.split(separator: ",", omittingEmptySubsequences: false)[leg]
        }
        #expect(legs == ["request", "response", "round-trip"])
        #expect(ResultsCSV.links([run]) == """
            variant,link,node,peer,direction,frames,lost,loss_ratio,drops,utilization,queue_mean_frames,queue_max_frames,transit_mean_s,transit_max_s,drops_link_down,drops_node_down,drops_no_route
            base,gw→cloud,gw,cloud,uplink,99,1,0.01,0,,0,0,0.0085,0.031,0,0,0

            """)
        #expect(ResultsCSV.compute([run]) == """
            variant,node,servers,utilization,tasks,queue_mean,queue_max,wait_mean_s,wait_max_s,sojourn_mean_s,sojourn_max_s,rejections,rejection_ratio,drops_link_down,drops_node_down,drops_no_route
            base,edge,4,0.5,1000,0.25,3,0.0000015,0.000009,0.0025,0.012,0,0,0,0,0

            """)
    }

    @Test func deterministic() {
        #expect(ResultsCSV.flows(Fixtures.threeDesigns(wall: 1)) == ResultsCSV.flows(Fixtures.threeDesigns(wall: 2)))
        #expect(ResultsCSV.ports(Fixtures.threeDesigns(wall: 1)) == ResultsCSV.ports(Fixtures.threeDesigns(wall: 2)))
    }
}
