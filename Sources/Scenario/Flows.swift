import Foundation
import Kernel
import Models

/// The shortest cycle a source may have (a period, gap, burst interval or on/off cycle, on
/// average): anything shorter would flood the event queue without advancing time.
let minimumCycle: SimTime = Time.nanosecond

extension DesignBuilder {
    func buildFlows(_ items: [YNode], index: NodeIndex, portInfo: [PortInfo], duration: SimTime,
                    into net: inout PlantSpec) {
        let topology = Topology(net)
        var finder = RouteFinder(topology)
        var firstPos: [String: Pos] = [:]
        for f in items {
            guard let idNode = r.required(f, "id", "a flow"), let id = r.string(idNode, "the flow's 'id'") else {
                r.checkKeys(f, allFlowKeys, "a flow")
                continue
            }
            if let p = firstPos[id] {
                d.error(idNode.pos, "duplicate flow id '\(id)' (first defined at \(p.line):\(p.column))")
                continue
            }
            firstPos[id] = idNode.pos
            let what = "flow '\(id)'"
            guard let kindNode = r.required(f, "kind", what), let kind = r.string(kindNode, "the kind of \(what)") else {
                r.checkKeys(f, allFlowKeys, what)
                continue
            }
            guard let kindKeys = flowKindKeys[kind] else {
                d.error(kindNode.pos, "unknown flow kind '\(kind)'; expected one of " + flowKinds.joined(separator: ", ")
                    + didYouMean(kind, in: flowKinds))
                r.checkKeys(f, allFlowKeys, what)
                continue
            }
            let allowed = flowCommonKeys + kindKeys
            for e in f.entries ?? [] where !allowed.contains(e.key) {
                if allFlowKeys.contains(e.key) {
                    let owners = flowKinds.filter { flowKindKeys[$0]?.contains(e.key) ?? false }
                    let isSize = e.key == "size" || e.key == "offset" || e.key == "from"
                    d.error(e.keyPos, "'\(e.key)' does not apply to a \(kind) flow"
                        + (owners.isEmpty || isSize ? "" : " (it is for \(owners.joined(separator: ", ")) flows)"))
                } else {
                    d.error(e.keyPos, "unknown key '\(e.key)' in \(what)" + didYouMean(e.key, in: allowed))
                }
            }
            if kind == "trace" {
                for k in ["from", "size", "offset"] {
                    if let e = f.entry(k) {
                        d.error(e.keyPos, "'\(k)' does not apply to a trace flow: sources, times and sizes come from its file")
                    }
                }
            }

            let destNode = r.required(f, "to", what)
            let dest = destNode.flatMap { lookup($0, index, "'to' of \(what)") }
            if let dest, let dn = destNode, net.nodes[dest].kind == .switch {
                d.error(dn.pos, "\(what) ends at switch '\(index.ids[dest])'; flows start and end at end stations")
            }
            var priority = 0
            if let pn = f["priority"], let p = r.int(pn, "'priority' of \(what)", 0...7) { priority = Int(p) }
            var deadline: SimTime?
            if let dn = f["deadline"] { deadline = r.time(dn, "'deadline' of \(what)", positive: true) }
            var stop: SimTime?
            if let sn = f["stop"] { stop = r.time(sn, "'stop' of \(what)", positive: true) }
            var offset: Distribution = .constant(0)
            if kind != "trace", let on = f["offset"],
               let o = r.distribution(on, .time, "'offset' of \(what)", positive: false) {
                offset = o
            }
            var size: Distribution?
            let sizeNode = f["size"]
            if kind != "trace" {
                if let sn = r.required(f, "size", what) { size = r.distribution(sn, .size, "'size' of \(what)", positive: true) }
            }

            // Pattern and mean frame rate. A gap given by 'rate' depends on the mean frame size
            // as sent (clipped to [1B, largest frame on the routes]), so it is settled after routing.
            var pattern: TrafficPattern?
            var fps = 0.0
            var rateGap: (rate: Int64, node: YNode, make: (Double) -> (TrafficPattern, Double))?
            /// Reports a cycle below 1ns: the source would send (almost) without advancing time.
            func cycleTooShort(_ mean: Double, _ n: YNode, _ label: String, _ desc: String, average: Bool) -> Bool {
                guard !(mean >= Double(minimumCycle)) else { return false }
                let t = Format.time(mean)
                d.error(n.pos, "\(label) of \(what) is \(average ? "on average " : "")\(t): \(desc) \(t) would send "
                    + "without end; expected at least \(Format.time(Double(minimumCycle)))")
                return true
            }
            /// The fixed gap, or nil after storing a rate to settle later (`ok` false on error).
            func gap(_ make: @escaping (Double) -> (TrafficPattern, Double)) -> (TrafficPattern, Double)? {
                let rn = f["rate"], gn = f["gap"]
                if rn != nil && gn != nil { d.error(f.pos, "give either 'rate' or 'gap' for \(what), not both"); return nil }
                if let gn {
                    guard let g = r.time(gn, "'gap' of \(what)", positive: true).map(Double.init),
                          !cycleTooShort(g, gn, "'gap'", "a frame every", average: false) else { return nil }
                    return make(g)
                }
                guard let rn else {
                    d.error(f.pos, "missing 'rate' (such as 20Mbps) or 'gap' (such as 1ms) in \(what)")
                    return nil
                }
                if let rate = r.rate(rn, "'rate' of \(what)"), size != nil { rateGap = (rate, rn, make) }
                return nil
            }
            var traceSources: [(Int, [SimTime], [Int32])] = []
            switch kind {
            case "periodic":
                if let pn = r.required(f, "period", what), let period = r.time(pn, "'period' of \(what)", positive: true),
                   !cycleTooShort(Double(period), pn, "'period'", "a frame every", average: false) {
                    var jitter: Distribution?
                    if let jn = f["jitter"] { jitter = r.distribution(jn, .time, "'jitter' of \(what)", positive: false) }
                    if f["jitter"] == nil || jitter != nil {
                        pattern = .periodic(period: period, jitter: jitter)
                        fps = 1e12 / Double(period)
                    }
                }
            case "poisson", "cbr":
                let isPoisson = kind == "poisson"
                if let px = gap({ g in (isPoisson ? .poisson(meanGap: g) : .constantRate(gap: g), 1e12 / g) }) {
                    (pattern, fps) = px
                }
            case "onoff":
                let onNode = r.required(f, "on", what)
                let on = onNode.flatMap { r.distribution($0, .time, "'on' of \(what)", positive: true) }
                let off = r.required(f, "off", what).flatMap { r.distribution($0, .time, "'off' of \(what)", positive: false) }
                if let on, let off, let onNode,
                   !cycleTooShort(on.mean + off.mean, onNode, "'on' + 'off'", "an on/off cycle of",
                                  average: !(on.isConstant && off.isConstant)) {
                    let make = { (g: Double) -> (TrafficPattern, Double) in
                        let cycle = on.mean + off.mean
                        return (.onOff(on: on, off: off, gap: g), cycle > 0 && cycle.isFinite ? on.mean / cycle * 1e12 / g : 0)
                    }
                    if let px = gap(make) { (pattern, fps) = px }
                }
            case "burst":
                let everyNode = r.required(f, "every", what)
                // Not `positive`: a zero or tiny interval gets the clearer message below.
                let every = everyNode.flatMap { r.distribution($0, .time, "'every' of \(what)", positive: false) }
                let count = r.required(f, "count", what).flatMap { r.int($0, "'count' of \(what)", 1...1_000_000) }
                var spacing: SimTime? = 0
                if let sn = f["spacing"] { spacing = r.time(sn, "'spacing' of \(what)", positive: false) }
                if let every, let everyNode,
                   cycleTooShort(every.mean, everyNode, "'every'", "a burst every", average: !every.isConstant) {
                    break
                }
                if let every, let count, let spacing {
                    pattern = .burst(every: every, count: Int(count), spacing: spacing)
                    fps = every.mean > 0 ? Double(count) * 1e12 / every.mean : 0
                }
            case "trace":
                if let fn = r.required(f, "file", what), let name = r.string(fn, "'file' of \(what)") {
                    traceSources = readTrace(name, at: fn.pos, index: index, net: net)
                }
            default:
                break
            }

            // Sources.
            var sources: [Int] = []
            if kind == "trace" {
                sources = traceSources.map(\.0)
            } else if let fromNode = r.required(f, "from", what) {
                sources = resolveSources(fromNode, dest: dest, index: index, net: net, what: what)
            }
            guard let dest else { continue }
            if kind != "trace" && ((pattern == nil && rateGap == nil) || size == nil) { continue }

            // Explicit path.
            var pathNodes: [Int]?
            if let pn = f["path"], let xs = r.list(pn, "'path' of \(what) (node ids from source to destination)") {
                var ns: [Int] = []
                for x in xs { if let i = lookup(x, index, "'path' of \(what)") { ns.append(i) } }
                if ns.count == xs.count {
                    if sources.count != 1 {
                        d.error(pn.pos, "'path' needs a flow with exactly one source, and \(what) has \(sources.count)")
                    } else if ns.count < 2 || ns.first != sources.first || ns.last != dest {
                        d.error(pn.pos, "'path' of \(what) must start at its source '\(sources.first.map { index.ids[$0] } ?? "")' "
                            + "and end at its destination '\(index.ids[dest])'")
                    } else { pathNodes = ns }
                }
                if pathNodes == nil { continue }
            }

            // Routes: the explicit path, or one search back from the destination for all sources.
            var routes: [(source: Int, route: [Hop])] = []
            var failures = 0
            let results = pathNodes.map { [topology.route(through: $0)] } ?? finder.routes(from: sources, to: dest)
            for (s, result) in zip(sources, results) {
                switch result {
                case let .success(route):
                    routes.append((s, route))
                case let .failure(e):
                    failures += 1
                    if failures <= 3 {
                        d.error((pathNodes != nil ? f["path"]?.pos : nil) ?? f["from"]?.pos ?? f.pos,
                                routeMessage(e, what: what, index: index, net: net, viaPath: pathNodes != nil))
                    }
                }
            }
            if failures > 3 {
                d.error(f["from"]?.pos ?? f.pos, "\(what): \(failures - 3) more sources cannot reach '\(index.ids[dest])'")
            }
            if failures > 0 { continue }

            // Mean frame size as sent: clipped to [1B, the largest frame every route accepts].
            var meanSize = 0.0
            if let size {
                var largest = Int32.max
                for (_, route) in routes { largest = Swift.min(largest, net.maxFrameBytes(on: route)) }
                meanSize = size.clippedMean(low: 1, high: Double(Swift.max(1, largest)))
            }
            if let rg = rateGap, size != nil {
                let rn = rg.node
                let g = meanSize * 8 / Double(rg.rate) * 1e12
                guard g.isFinite, g >= Double(minimumCycle) else {
                    d.error(rn.pos, "'rate' of \(what) (\(rn.scalar ?? "")) with frames of \(Format.size(meanSize)) on "
                        + "average means a frame every \(Format.time(g)), which would send without end; expected a gap "
                        + "of at least \(Format.time(Double(minimumCycle))) (lower the rate or send larger frames)")
                    continue
                }
                (pattern, fps) = rg.make(g)
            }

            var specs: [SourceSpec] = []
            for (k, (s, route)) in routes.enumerated() {
                let traffic: TrafficSpec
                if kind == "trace" {
                    let t = traceSources[k]
                    traffic = TrafficSpec(pattern: .trace(times: t.1, sizes: t.2), size: .constant(0), stop: stop)
                } else if let pattern, let size {
                    traffic = TrafficSpec(pattern: pattern, size: size, offset: offset, stop: stop)
                } else { continue }
                specs.append(SourceSpec(node: s, route: route, traffic: traffic))
            }

            // Frame sizes against each link's largest frame.
            var reported = false
            for spec in specs where !reported {
                let maxSize: Double
                if case let .trace(_, sizes) = spec.traffic.pattern { maxSize = Double(sizes.max() ?? 0) } else {
                    maxSize = size.map { $0.upperBound ?? $0.mean } ?? 0
                }
                for hop in spec.route where hop.kind == .port && Double(net.ports[hop.index].maxFrameBytes) < maxSize {
                    let p = hop.index
                    d.error(sizeNode?.pos ?? f["file"]?.pos ?? f.pos,
                            "\(what) sends frames of up to \(Format.size(maxSize)), larger than the maximum frame "
                                + "\(net.ports[p].maxFrameBytes)B of link \(portInfo[p].label)")
                    reported = true
                    break
                }
            }
            net.flows.append(FlowSpec(name: id, destination: dest, priority: priority, deadline: deadline, sources: specs))
            flowRates.append(fps)
            flowMeanSizes.append(meanSize)
        }
    }

    func routeMessage(_ e: RouteError, what: String, index: NodeIndex, net: PlantSpec, viaPath: Bool = false) -> String {
        func name(_ i: Int) -> String { i >= 0 && i < index.ids.count ? "'\(index.ids[i])'" : "?" }
        switch e {
        case let .unreachable(from, to, reached):
            if reached.isEmpty {
                return "\(what) cannot go from \(name(from)) to \(name(to)): \(name(from)) has no links"
            }
            let switches = reached.filter { net.nodes[$0].kind == .switch }
            let shown = (switches.isEmpty ? reached : switches).prefix(6).map(name).joined(separator: ", ")
            return "\(what) cannot go from \(name(from)) to \(name(to)): the path breaks after \(shown)"
                + " (\(name(from)) reaches \(reached.count) node\(reached.count == 1 ? "" : "s"), none linked onwards to \(name(to)))"
        case let .noLink(a, b):
            return "\(what): its 'path' steps from \(name(a)) to \(name(b)), but no link joins them"
        case let .notASwitch(a):
            return "\(what): its 'path' passes through end station \(name(a)), which does not forward frames"
        case let .sameNode(a):
            if viaPath { return "\(what): its 'path' visits \(name(a)) twice in a row" }
            return "\(what) starts and ends at the same node \(name(a))"
        }
    }

    /// `from`: a node id, a group name, a glob pattern (`dev*`), or a list of these.
    func resolveSources(_ n: YNode, dest: Int?, index: NodeIndex, net: PlantSpec, what: String) -> [Int] {
        var out: [Int] = []
        var seen: Set<Int> = []
        func add(_ i: Int) { if seen.insert(i).inserted { out.append(i) } }
        if let xs = n.items, xs.isEmpty {
            d.error(n.pos, "'from' of \(what) is an empty list; expected at least one node, group or pattern")
        }
        for e in n.items ?? [n] {
            guard let s = r.string(e, "'from' of \(what)") else { continue }
            if let i = index.byId[s] {
                if net.nodes[i].kind == .switch {
                    d.error(e.pos, "\(what) starts at switch '\(s)'; flows start and end at end stations")
                } else if i == dest {
                    d.error(e.pos, "\(what) starts and ends at the same node '\(s)'")
                } else { add(i) }
            } else if let members = index.groups[s] {
                let usable = members.filter { net.nodes[$0].kind == .station && $0 != dest }
                if usable.isEmpty { d.error(e.pos, "group '\(s)' in 'from' of \(what) has no end station to send from") }
                usable.forEach(add)
            } else if Glob.isPattern(s) {
                let hits = index.ids.indices.filter {
                    net.nodes[$0].kind == .station && $0 != dest && Glob.matches(s, index.ids[$0])
                }
                if hits.isEmpty { d.error(e.pos, "the pattern '\(s)' in 'from' of \(what) matches no end station") }
                hits.forEach(add)
            } else {
                d.error(e.pos, "unknown node or group '\(s)' in 'from' of \(what)"
                    + didYouMean(s, in: index.ids + index.groupNames))
            }
        }
        return out
    }

    /// A trace file: CSV with the header `time_s,source,size_bytes`; one source per distinct
    /// `source`, in order of first appearance.
    func readTrace(_ name: String, at pos: Pos, index: NodeIndex, net: PlantSpec) -> [(Int, [SimTime], [Int32])] {
        let path = name.hasPrefix("/") ? name : URL(fileURLWithPath: loader.baseDir).appendingPathComponent(name).path
        guard let bytes = loader.traceBytes(path) else {
            let kind = fileKind(path)
            d.error(pos, kind == .other || kind == .directory
                ? "the trace file '\(name)' (\(path)) is not a regular file"
                : "cannot read trace file '\(name)' (looked for \(path); at most 50 MB)")
            return []
        }
        guard let text = String(bytes: bytes, encoding: .utf8) else {
            d.error(Pos(file: path, line: 1, column: 1), "the trace file is not UTF-8 text")
            return []
        }
        // "\r\n" is one Character, so split on any newline (line numbers stay right).
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        if lines.last?.isEmpty ?? false { lines.removeLast() }
        let header = "time_s,source,size_bytes"
        guard let first = lines.first, first == header[...] else {
            d.error(Pos(file: path, line: 1, column: 1), "expected the header '\(header)' in the trace file, found '"
                + String((lines.first ?? "").prefix(60)) + "'")
            return []
        }
        var order: [Int] = []
        var rows: [Int: [(SimTime, Int32)]] = [:]
        var errors = 0
        func bad(_ line: Int, _ col: Int, _ msg: String) {
            errors += 1
            if errors <= 20 { d.error(Pos(file: path, line: line, column: col), msg) }
        }
        for (k, line) in lines.enumerated().dropFirst() {
            let ln = k + 1
            if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            guard fields.count == 3 else {
                bad(ln, 1, "expected 3 fields (time_s,source,size_bytes), found \(fields.count)")
                continue
            }
            let c2 = fields[0].count + 2, c3 = c2 + fields[1].count + 1
            let ts = fields[0].trimmingCharacters(in: .whitespaces)
            guard let t = Double(ts), t.isFinite, t >= 0, let time = Time.fromSeconds(t), time <= Time.maximum else {
                bad(ln, 1, "expected a time in seconds (0 or more) in 'time_s', found '\(ts)'")
                continue
            }
            let src = fields[1].trimmingCharacters(in: .whitespaces)
            guard let node = index.byId[src] else {
                bad(ln, c2, "unknown node '\(src)' in 'source'" + didYouMean(src, in: index.ids))
                continue
            }
            guard net.nodes[node].kind == .station else {
                bad(ln, c2, "'\(src)' is a switch; traces are sent by end stations")
                continue
            }
            let ss = fields[2].trimmingCharacters(in: .whitespaces)
            guard let size = Int32(ss), size > 0 else {
                bad(ln, c3, "expected a frame size in bytes (a whole number above 0) in 'size_bytes', found '\(ss)'")
                continue
            }
            if rows[node] == nil { order.append(node) }
            rows[node, default: []].append((time, size))
        }
        if errors > 20 { d.error(Pos(file: path, line: 1, column: 1), "\(errors - 20) more errors in the trace file") }
        if errors == 0 && order.isEmpty {
            d.error(Pos(file: path, line: 1, column: 1), "the trace file has no rows after its header")
        }
        return order.map { node in
            let sorted = (rows[node] ?? []).enumerated().sorted { a, b in
                a.element.0 != b.element.0 ? a.element.0 < b.element.0 : a.offset < b.offset
            }.map(\.element)
            return (node, sorted.map(\.0), sorted.map(\.1))
        }
    }

    /// Warns about each link direction whose average offered load exceeds its rate.
    func loadWarnings(_ net: PlantSpec, portInfo: [PortInfo], duration: SimTime) {
        var load = Array(repeating: 0.0, count: net.ports.count)
        for (fi, flow) in net.flows.enumerated() {
            for s in flow.sources {
                var fps = fi < flowRates.count ? flowRates[fi] : 0
                var meanSize = fi < flowMeanSizes.count ? flowMeanSizes[fi] : s.traffic.size.mean
                if case let .trace(times, sizes) = s.traffic.pattern {
                    let secs = Time.seconds(duration)
                    fps = secs > 0 ? Double(times.count) / secs : 0
                    meanSize = sizes.isEmpty ? 0 : Double(sizes.reduce(0) { $0 + Int64($1) }) / Double(sizes.count)
                }
                guard fps.isFinite, meanSize.isFinite else { continue }
                let frames = fps * Time.seconds(duration)
                estimatedFrames += frames
                estimatedEvents += frames * Double(1 + s.route.count)
                for hop in s.route where hop.kind == .port {
                    let p = hop.index
                    let port = net.ports[p]
                    let bytes = Swift.max(meanSize, Double(port.minFrameBytes)) + Double(port.overheadBytes)
                    load[p] += fps * bytes * 8
                }
            }
        }
        for (p, port) in net.ports.enumerated() where load[p] > Double(port.rateBitsPerSecond) {
            let pct = load[p] / Double(port.rateBitsPerSecond) * 100
            d.warning(portInfo[p].pos, "offered load on link \(portInfo[p].label) is "
                + String(format: "%.1f", pct) + "% of its \(Format.rate(Double(port.rateBitsPerSecond))) capacity "
                + "(variant '\(variantName)')")
        }
    }
}
