import Kernel
import Models

/// The summary of a Qbv schedule for the terminal: streams placed (offset, latency,
/// deadline, slack), ports (windows, gate control list entries, utilisation), streams
/// refused with the reason, the bottleneck and what would make them fit.
public enum ScheduleReport {
    /// At most `rows` rows per table: the streams with the least slack, the busiest ports
    /// (the YAML holds them all), and the first refusals.
    public static func text(_ s: QbvSchedule, _ plant: PlantSpec, design: String, rows: Int = 50) -> String {
        var out = ""
        let total = s.streams.count + s.refused.count
        let cycleHow: String
        switch s.cycleChoice {
        case .hyperperiod: cycleHow = "the hyperperiod of the periods"
        case .given: cycleHow = "given"
        case let .longestPeriod(h):
            cycleHow = "the longest period; the hyperperiod "
                + (h.map { Format.time(picoseconds: $0) } ?? "beyond 100 days") + " is too long (give --cycle)"
        }
        out += "Qbv schedule of design '\(design)': priority \(s.priority), cycle \(Format.time(picoseconds: s.cycle)) "
            + "(\(cycleHow)), \(s.streams.count) of \(Format.count(total, "stream")) placed\n"
        if s.clockMargin > 0 {
            out += "Windows widened by \(Format.time(picoseconds: s.clockMargin)) each side for the clocks (2 × the "
                + "802.1AS bound)\n"
        }
        if !s.streams.isEmpty {
            var t = TextTable(alignments: [.left, .left, .right, .right, .right, .right, .right])
            t.add(["flow", "source", "hops", "offset", "latency", "deadline", "slack"])
            t.rule()
            var streams = s.streams
            if streams.count > rows {
                streams = Array(streams.enumerated().sorted { a, b in
                    let x = a.element.slack ?? .max, y = b.element.slack ?? .max
                    return x != y ? x < y : a.offset < b.offset
                }.prefix(rows).map(\.element))
                t.heading("the \(rows) of \(s.streams.count) streams with the least slack:")
            }
            for x in streams {
                let flow = plant.flows[x.id.flow]
                t.add([flow.name, plant.nodes[flow.sources[x.id.source].node].name, String(x.hops.count),
                       time(x.offset), time(x.latency), x.deadline.map(time) ?? Format.missing,
                       x.slack.map(time) ?? Format.missing])
            }
            out += "\n" + t.render()
            var p = TextTable(alignments: [.left, .right, .right, .right, .right])
            p.add(["port", "class", "windows", "entries", "utilisation"])
            p.rule()
            var ports = s.ports
            if ports.count > rows {
                ports = Array(ports.enumerated().sorted { a, b in
                    a.element.utilisation != b.element.utilisation ? a.element.utilisation > b.element.utilisation
                        : a.offset < b.offset
                }.prefix(rows).map(\.element))
                p.heading("the \(rows) busiest of \(s.ports.count) ports:")
            }
            for x in ports {
                p.add([portName(x.port, plant), String(x.trafficClass), String(x.windows.count),
                       String(x.gates.entries.count) + (x.gates.entries.count > s.gclLimit ? " > \(s.gclLimit)" : ""),
                       Format.percent(x.utilisation, digits: 4)])
            }
            out += "\n" + p.render()
        }
        if !s.refused.isEmpty {
            out += "\nRefused (\(s.refused.count)):\n"
            // Sources of one flow refused for one reason (but a bottleneck's) share a line.
            var lines: [(flow: Int, sources: [Int], reason: RefusalReason)] = []
            for r in s.refused {
                if let last = lines.last, last.flow == r.id.flow, last.reason == r.reason {
                    if case .noRoom = r.reason {} else {
                        lines[lines.count - 1].sources.append(r.id.source)
                        continue
                    }
                }
                lines.append((r.id.flow, [r.id.source], r.reason))
            }
            for l in lines.prefix(rows) {
                let flow = plant.flows[l.flow]
                let names = l.sources.prefix(3).map { plant.nodes[flow.sources[$0].node].name }.joined(separator: ", ")
                let more = l.sources.count > 3 ? " and \(l.sources.count - 3) more" : ""
                out += "  \(flow.name) from \(names)\(more): " + reason(l.reason, s, plant) + "\n"
            }
            if lines.count > rows { out += "  ... and \(lines.count - rows) more\n" }
        }
        let over = s.overLimit
        if !over.isEmpty {
            out += "\nGate control lists longer than the limit of \(s.gclLimit) entries: "
                + over.map { "\(portName($0.port, plant)) (\($0.gates.entries.count))" }.joined(separator: ", ")
                + "; harmonised periods (a shorter hyperperiod, fewer windows) or bridges that hold more entries "
                + "would do\n"
        }
        let shared = s.ports.filter { !$0.sharedPriorities.isEmpty }
        if !shared.isEmpty {
            out += "\nNote: on " + shared.prefix(5).map { portName($0.port, plant) }.joined(separator: ", ")
                + (shared.count > 5 ? " and \(shared.count - 5) more" : "")
                + ", flows of priority " + Set(shared.flatMap(\.sharedPriorities)).sorted().map(String.init)
                .joined(separator: ", ") + " share the scheduled class; their frames may use its windows "
                + "(more traffic classes keep them apart)\n"
        }
        return out
    }

    /// "sw1→sw2": the egress port by the nodes its link joins.
    public static func portName(_ p: Int, _ plant: PlantSpec) -> String {
        plant.nodes[plant.ports[p].node].name + "→" + plant.nodes[plant.ports[p].peerNode].name
    }

    /// Six significant digits without trailing zeros: "1.024 us", "25 us".
    static func time(_ t: SimTime) -> String {
        let text = Format.time(picoseconds: t, digits: 6)
        guard let space = text.firstIndex(of: " "), text[..<space].contains(".") else { return text }
        var number = text[..<space]
        while number.hasSuffix("0") { number.removeLast() }
        if number.hasSuffix(".") { number.removeLast() }
        return String(number) + text[space...]
    }

    /// A rate as a scenario writes it: "2.5Gbps", "100Mbps".
    public static func rateText(_ r: Int64) -> String {
        for (unit, v) in [("Gbps", 1_000_000_000), ("Mbps", 1_000_000), ("kbps", 1000)] as [(String, Int64)]
            where r >= v {
            let whole = r / v, frac = r % v
            if frac == 0 { return "\(whole)\(unit)" }
            var digits = String(frac + v).dropFirst()  // leading zeros kept
            while digits.hasSuffix("0") { digits.removeLast() }
            return "\(whole).\(digits)\(unit)"
        }
        return "\(r)bps"
    }

    static func route(_ nodes: [String]) -> String { nodes.joined(separator: " → ") }

    static func reason(_ r: RefusalReason, _ s: QbvSchedule, _ plant: PlantSpec) -> String {
        switch r {
        case let .notPeriodic(kind):
            return "a \(kind) flow, not periodic: not scheduled, and its frames share the scheduled class (give "
                + "it another priority)"
        case .jitter: return "its sends are jittered off the period grid; a no-wait schedule needs exact sends"
        case .request: return "a request flow; its responses' timing depends on a service"
        case .replicated: return "a replicated flow; replicated streams are not scheduled yet"
        case .unboundedSize: return "its frame size has no largest value (give a size or a bounded distribution)"
        case let .notEthernet(kind):
            let what = kind == .link ? "an external link" : kind == .radio ? "a radio hop" : "a service"
            return "its route crosses \(what); only Ethernet routes are scheduled"
        case let .unboundedRelay(node):
            return "switch \(plant.nodes[node].name) has a switching delay without a largest value"
        case let .singleClass(port):
            return "port \(portName(port, plant)) has one traffic class, so gates cannot keep other frames out of "
                + "the windows (give the link traffic_classes: 8)"
        case let .period(p, cycle):
            return "its period \(time(p)) does not divide the cycle \(time(cycle)) (give --cycle a multiple of both)"
        case let .windowLongerThanPeriod(port, window, period):
            return "its window on \(portName(port, plant)), \(time(window)), is longer than its period \(time(period))"
        case let .deadline(latency, deadline, rate):
            return "its latency without any queueing, \(time(latency)), exceeds its deadline \(time(deadline))"
                + (rate.map { "; links of \(rateText($0)) on its path would do" } ?? "")
        case let .noRoom(b):
            return noRoom(b, s, plant)
        }
    }

    static func noRoom(_ b: Bottleneck, _ s: QbvSchedule, _ plant: PlantSpec) -> String {
        let port = portName(b.port, plant)
        var text = "no phase leaves its windows free " + (b.alone ? "on \(port)" : "on every port at once; busiest \(port)")
        text += ": the port's windows take \(Format.percent(b.utilisation, digits: 4)) of the "
            + "\(Format.time(picoseconds: s.cycle)) cycle"
        if !b.streams.isEmpty {
            let names = b.streams.prefix(4).map { id -> String in
                let f = plant.flows[id.flow]
                return f.sources.count == 1 ? f.name : "\(f.name)@\(plant.nodes[f.sources[id.source].node].name)"
            }
            text += " (" + names.joined(separator: ", ") + (b.streams.count > 4 ? " and \(b.streams.count - 4) more" : "")
                + ")"
        }
        text += "; it needs \(b.windowsPerCycle) window\(b.windowsPerCycle == 1 ? "" : "s") of \(time(b.window)), "
            + "the longest free stretch is \(Format.time(picoseconds: b.largestGap))"
        var fixes: [String] = []
        let link = plant.nodes[plant.ports[b.port].node].name + "–" + plant.nodes[plant.ports[b.port].peerNode].name
        if let r = b.rate { fixes.append("link \(link) at \(rateText(r))") }
        if let p = b.period {
            fixes.append("period \(time(p)) for the flow" + (b.periodCycle.map { " (cycle \(time($0)))" } ?? ""))
        }
        if let path = b.path, b.pathFits { fixes.append("path " + route(pathNodes(path, plant))) }
        text += fixes.isEmpty ? "; no faster standard rate or longer period found that fits"
            : "; it would fit with: " + fixes.joined(separator: "; or ")
        if let path = b.path, !b.pathFits {
            text += " (the path " + route(pathNodes(path, plant)) + " avoids the port but does not fit either)"
        } else if b.path == nil {
            text += " (no other path avoids the port)"
        }
        return text
    }

    static func pathNodes(_ route: [Hop], _ plant: PlantSpec) -> [String] {
        guard let first = route.first else { return [] }
        return [plant.nodes[plant.ports[first.index].node].name] + route.map { plant.nodes[plant.ports[$0.index].peerNode].name }
    }
}
