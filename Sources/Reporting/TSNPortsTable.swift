import Analysis

extension ConsoleTable {
    /// The ports with time-sensitive networking, those that held or cut the most first
    /// (`top` per design): gate hold, preemptions, express blocking, class A credit range.
    static func tsnPortsTable(_ results: [RunResult], top: Int) -> TextTable {
        var table = TextTable(alignments: [.left, .left, .right, .right, .right, .right, .right])
        let all = results.allSatisfy { $0.ports.filter { $0.tsn != nil }.count <= top }
        table.heading(all ? "TSN ports" : "TSN ports (top \(max(0, top)) by gate hold and preemptions per design)")
        table.add(["design", "port", "gate held", "preemptions", "express wait max", "class A credit", "class B credit"])
        table.rule()
        func credit(_ c: ShaperCredit?) -> String {
            guard let c else { return "" }
            return "\(c.trafficClass): \(Format.number(c.least, digits: 4))..\(Format.number(c.most, digits: 4)) b"
        }
        for run in results {
            var rows: [(index: Int, port: PortResult, tsn: PortTSNResult)] = []
            for (i, p) in run.ports.enumerated() { if let t = p.tsn { rows.append((i, p, t)) } }
            rows.sort { a, b in
                if a.tsn.gateHeld != b.tsn.gateHeld { return a.tsn.gateHeld > b.tsn.gateHeld }
                if a.tsn.preemptions != b.tsn.preemptions { return a.tsn.preemptions > b.tsn.preemptions }
                return a.index < b.index
            }
            for (k, row) in rows.prefix(max(0, top)).enumerated() {
                let (p, t) = (row.port, row.tsn)
                table.add([k == 0 ? run.variant : "", p.node + ":" + p.port, Format.time(picoseconds: t.gateHeld),
                           Format.count(t.preemptions), t.expressBlockedMax.map { Format.time(picoseconds: $0) } ?? "",
                           credit(t.classA), credit(t.classB)])
            }
        }
        return table
    }
}
