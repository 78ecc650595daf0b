import Foundation
import Kernel
import Models

/// The shortest cycle a source may have (a period, gap, burst interval or on/off cycle, on
/// average): anything shorter would flood the event queue without advancing time.
let minimumCycle: SimTime = Time.nanosecond

/// What the load estimate needs of each built flow (by flow index).
struct FlowLoad {
    /// Mean frames (requests) per second of one source.
    var framesPerSecond: Double
    /// Mean frame size as sent, clipped to [1B, the largest frame on the routes].
    var meanSize: Double
    /// The same for responses (request flows).
    var responseMeanSize: Double = 0
}

extension DesignBuilder {
    func buildFlows(_ items: [YNode], index: NodeIndex, sites: SiteLabels, duration: SimTime, into net: inout PlantSpec) {
        let K = FlowKeys.self, family = K.family
        let topology = Topology(net)
        var finder = RouteFinder(topology)
        var forward = ForwardRouteFinder(topology)
        var firstPos: [String: Pos] = [:]
        for f in items {
            guard let idNode = K.id.node(in: f, r, owner: "a flow"), let id = K.id.read(idNode, r, "the flow's 'id'") else {
                family.checkKeys(f, case: nil, r, "a flow")
                continue
            }
            if let p = firstPos[id] {
                d.error(idNode.pos, "duplicate flow id '\(id)' (first defined at \(p.line):\(p.column))")
                continue
            }
            firstPos[id] = idNode.pos
            let what = "flow '\(id)'"
            guard let kindName = family.readCase(f, r, owner: what, label: "the kind of \(what)"),
                  let kind = FlowKind(rawValue: kindName) else {
                family.checkKeys(f, case: nil, r, what)
                continue
            }
            family.checkKeys(f, case: kindName, r, what)
            let isTrace = kind == .trace
            if isTrace {
                for k in [K.from.name, K.size.name, K.offset.name] {
                    if let e = f.entry(k) {
                        d.error(e.keyPos, "'\(k)' does not apply to a trace flow: sources, times and sizes come from its file")
                    }
                }
            }

            let destNode = K.to.node(in: f, r, owner: what)
            let dest = destNode.flatMap { lookup($0, index, "'to' of \(what)") }
            if let dest, let dn = destNode, net.nodes[dest].kind == .switch {
                d.error(dn.pos, "\(what) ends at switch '\(index.ids[dest])'; flows start and end at end stations")
            }
            let priority = K.priority.read(in: f, r, owner: what).map { Int($0) } ?? 0
            let deadline = K.deadline.read(in: f, r, owner: what)
            let stop = K.stop.read(in: f, r, owner: what)
            var offset: Distribution = .constant(0)
            if !isTrace, let o = K.offset.read(in: f, r, owner: what) { offset = o }
            var size: Distribution?
            let sizeNode = f[K.size.name]
            if !isTrace {
                if let sn = sizeNode { size = K.size.read(sn, r, "'size' of \(what)") } else {
                    d.error(f.pos, "missing required key '\(K.size.name)' in \(what)")
                }
            }
            let request = readRequest(f, dest: dest, priority: priority, index: index, net: net, what: what)

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
            /// The fixed gap, or nil after storing a rate to settle later (or after an error).
            func gap(_ make: @escaping (Double) -> (TrafficPattern, Double)) -> (TrafficPattern, Double)? {
                let rn = f[K.rate.name], gn = f[K.gap.name]
                if rn != nil && gn != nil { d.error(f.pos, "give either 'rate' or 'gap' for \(what), not both"); return nil }
                if let gn {
                    guard let g = K.gap.read(gn, r, "'gap' of \(what)").map(Double.init),
                          !cycleTooShort(g, gn, "'gap'", "a frame every", average: false) else { return nil }
                    return make(g)
                }
                guard let rn else {
                    d.error(f.pos, "missing 'rate' (such as 20Mbps) or 'gap' (such as 1ms) in \(what)")
                    return nil
                }
                if let rate = K.rate.read(rn, r, "'rate' of \(what)"), size != nil { rateGap = (rate, rn, make) }
                return nil
            }
            var traceSources: [(Int, [SimTime], [Int32])] = []
            switch kind {
            case .periodic:
                if let pn = K.period.node(in: f, r, owner: what), let period = K.period.read(pn, r, "'period' of \(what)"),
                   !cycleTooShort(Double(period), pn, "'period'", "a frame every", average: false) {
                    let jitterNode = f[K.jitter.name]
                    let jitter = jitterNode.flatMap { K.jitter.read($0, r, "'jitter' of \(what)") }
                    if let jitter, let jitterNode {
                        warnJitterAbovePeriod(jitter, period: period, at: jitterNode, what: what)
                    }
                    if jitterNode == nil || jitter != nil {
                        pattern = .periodic(period: period, jitter: jitter)
                        fps = 1e12 / Double(period)
                    }
                }
            case .poisson, .cbr:
                let isPoisson = kind == .poisson
                if let px = gap({ g in (isPoisson ? .poisson(meanGap: g) : .constantRate(gap: g), 1e12 / g) }) {
                    (pattern, fps) = px
                }
            case .onoff:
                let onNode = K.onTime.node(in: f, r, owner: what)
                let on = onNode.flatMap { K.onTime.read($0, r, "'\(K.onTime.name)' of \(what)") }
                let off = K.offTime.read(in: f, r, owner: what)
                if let on, let off, let onNode,
                   !cycleTooShort(on.mean + off.mean, onNode, "'\(K.onTime.name)' + '\(K.offTime.name)'",
                                  "an on/off cycle of", average: !(on.isConstant && off.isConstant)) {
                    let make = { (g: Double) -> (TrafficPattern, Double) in
                        let cycle = on.mean + off.mean
                        return (.onOff(on: on, off: off, gap: g), cycle > 0 && cycle.isFinite ? on.mean / cycle * 1e12 / g : 0)
                    }
                    if let px = gap(make) { (pattern, fps) = px }
                }
            case .burst:
                let everyNode = K.every.node(in: f, r, owner: what)
                // Not positive: a zero or tiny interval gets the clearer message below.
                let every = everyNode.flatMap { K.every.read($0, r, "'every' of \(what)") }
                let count = K.count.read(in: f, r, owner: what)
                var spacing: SimTime? = 0
                if let sn = f[K.spacing.name] { spacing = K.spacing.read(sn, r, "'spacing' of \(what)") }
                if let every, let everyNode,
                   cycleTooShort(every.mean, everyNode, "'every'", "a burst every", average: !every.isConstant) {
                    break
                }
                if let every, let count, let spacing {
                    pattern = .burst(every: every, count: Int(count), spacing: spacing)
                    fps = every.mean > 0 ? Double(count) * 1e12 / every.mean : 0
                }
            case .trace:
                if let fn = K.file.node(in: f, r, owner: what), let name = K.file.read(fn, r, "'file' of \(what)") {
                    traceSources = readTrace(name, at: fn.pos, index: index, net: net, duration: duration, stop: stop)
                }
            }

            // Sources.
            var sources: [Int] = []
            if isTrace {
                sources = traceSources.map(\.0)
            } else if let fromNode = f[K.from.name] {
                sources = resolveSources(fromNode, dest: dest, index: index, net: net, what: what,
                                         requests: f[K.service.name] != nil)
            } else {
                d.error(f.pos, "missing required key '\(K.from.name)' in \(what)")
            }
            guard let dest else { continue }
            if !isTrace && ((pattern == nil && rateGap == nil) || size == nil) { continue }
            if f[K.service.name] != nil && request == nil { continue }

            // Routes: for a request flow, to the service, the service, and the response's way.
            guard let routes = flowRoutes(f, sources: sources, dest: dest, request: request, index: index, net: net,
                                          what: what, topology: topology, finder: &finder, forward: &forward) else {
                continue
            }

            // Mean frame size as sent: clipped to [1B, the largest frame every route accepts].
            var load = FlowLoad(framesPerSecond: 0, meanSize: 0)
            if let size {
                var largest = Int32.max
                for (_, route) in routes { largest = Swift.min(largest, net.maxFrameBytes(on: SourceSpec.requestHops(route))) }
                load.meanSize = size.clippedMean(low: 1, high: Double(Swift.max(1, largest)))
            }
            if let request {
                var largest = Int32.max
                for (_, route) in routes { largest = Swift.min(largest, net.maxFrameBytes(on: SourceSpec.responseHops(route))) }
                load.responseMeanSize = request.spec.responseSize.clippedMean(low: 1, high: Double(Swift.max(1, largest)))
            }
            if let rg = rateGap, size != nil {
                let rn = rg.node
                let g = load.meanSize * 8 / Double(rg.rate) * 1e12
                guard g.isFinite, g >= Double(minimumCycle) else {
                    d.error(rn.pos, "'rate' of \(what) (\(rn.scalar ?? "")) with frames of \(Format.size(load.meanSize)) on "
                        + "average means a frame every \(Format.time(g)), which would send without end; expected a gap "
                        + "of at least \(Format.time(Double(minimumCycle))) (lower the rate or send larger frames)")
                    continue
                }
                (pattern, fps) = rg.make(g)
            }
            let silent = !isTrace && sendsNothing(offset: offset, stop: stop, duration: duration, flow: f, what: what)
            load.framesPerSecond = silent ? 0 : fps

            var specs: [SourceSpec] = []
            for (k, (s, route)) in routes.enumerated() {
                let traffic: TrafficSpec
                if isTrace {
                    let t = traceSources[k]
                    traffic = TrafficSpec(pattern: .trace(times: t.1, sizes: t.2), size: .constant(0), stop: stop)
                } else if let pattern, let size {
                    traffic = TrafficSpec(pattern: pattern, size: size, offset: offset, stop: stop)
                } else { continue }
                var source = SourceSpec(node: s, route: route, traffic: traffic)
                source.pinned = f[K.path.name] != nil  // a given path is kept whatever the protocol
                specs.append(source)
            }

            let replicated = replication(f, specs: &specs, dest: dest, isRequest: request != nil, index: index,
                                         sites: sites, net: net, topology: topology, what: what)
            let survival = survivalTime(f, pattern: pattern, deadline: deadline, what: what)
            checkFrameSizes(specs, size: size, request: request, flow: f, what: what, net: net, sites: sites)
            var streamsOK = true
            let policing = K.policing.read(in: f, r, owner: what, ok: &streamsOK)
            let ats = K.ats.read(in: f, r, owner: what, ok: &streamsOK)
            if let policing, let meter = policing.meter {
                checkMeterBurst(meter, largest: largestFrame(specs, net: net), at: f[K.policing.name] ?? f,
                                what: "'policing' of \(what)")
            }
            if let ats {
                streamsOK = checkATSBurst(ats, specs: specs, at: f[K.ats.name] ?? f, what: "'ats' of \(what)", net: net)
                    && streamsOK
            }
            var radio = FlowRadio()
            if let rn = f[K.radio.name] {
                guard let v = buildFlowRadio(rn, owner: what) else { continue }
                radio = v
            }
            var bridge: FiveGBridgeOverride?
            if let bn = f[K.tsnBridge.name] {
                guard let v = buildFlowBridge(bn, owner: what) else { continue }
                bridge = v
            }
            guard replicated.ok, survival.ok, streamsOK else { continue }
            var flow = FlowSpec(name: id, destination: dest, priority: priority, deadline: deadline, sources: specs,
                                request: request?.spec, radio: radio)
            flow.survivalTime = survival.value
            flow.replication = replicated.value
            flow.policing = policing
            flow.shaping = ats
            flow.tsnBridge = bridge
            net.flows.append(flow)
            flowLoads.append(load)
        }
    }

    /// Frame sizes against the largest frame of every link on the way: requests (or plain
    /// frames) on the way to `to`, responses on their way back.
    func checkFrameSizes(_ specs: [SourceSpec], size: Distribution?, request: Request?, flow f: YNode, what: String,
                         net: PlantSpec, sites: SiteLabels) {
        func check(_ hops: some Sequence<Hop>, _ maxSize: Double, _ pos: Pos, _ frames: String) -> Bool {
            for hop in hops where hop.kind == .port || hop.kind == .link {
                let largest = hop.kind == .port ? net.ports[hop.index].maxFrameBytes : net.links[hop.index].maxFrameBytes
                guard Double(largest) < maxSize, let info = sites.info(hop) else { continue }
                d.error(pos, "\(what) sends \(frames) of up to \(Format.size(maxSize)), larger than the maximum frame "
                    + "\(largest)B of link \(info.label)")
                return true
            }
            return false
        }
        let sizePos = f[FlowKeys.size.name]?.pos ?? f[FlowKeys.file.name]?.pos ?? f.pos
        for spec in specs {
            let maxSize: Double
            if case let .trace(_, sizes) = spec.traffic.pattern { maxSize = Double(sizes.max() ?? 0) } else {
                maxSize = size.map { $0.upperBound ?? $0.mean } ?? 0
            }
            if check(spec.requestHops, maxSize, sizePos, "frames") { break }
            if spec.replicas.contains(where: { check($0, maxSize, sizePos, "frames") }) { break }
        }
        guard let request else { return }
        let response = request.spec.responseSize
        let maxResponse = response.upperBound ?? response.mean
        for spec in specs where check(spec.responseHops, maxResponse, request.sizePos, "responses") { break }
    }

    /// `from`: a node id, a group name, a glob pattern (`dev*`), or a list of these. A request
    /// flow may send from its compute node itself (tasks made where they run).
    func resolveSources(_ n: YNode, dest: Int?, index: NodeIndex, net: PlantSpec, what: String,
                        requests: Bool = false) -> [Int] {
        var out: [Int] = []
        var seen: Set<Int> = []
        func add(_ i: Int) { if seen.insert(i).inserted { out.append(i) } }
        func other(_ i: Int) -> Bool { requests || i != dest }
        if let xs = n.items, xs.isEmpty {
            d.error(n.pos, "'from' of \(what) is an empty list; expected at least one node, group or pattern")
        }
        for e in n.items ?? [n] {
            guard let s = r.string(e, "'from' of \(what)") else { continue }
            if let i = index.byId[s] {
                if net.nodes[i].kind == .switch {
                    d.error(e.pos, "\(what) starts at switch '\(s)'; flows start and end at end stations")
                } else if !other(i) {
                    d.error(e.pos, "\(what) starts and ends at the same node '\(s)'")
                } else { add(i) }
            } else if let members = index.groups[s] {
                let usable = members.filter { net.nodes[$0].kind == .station && other($0) }
                if usable.isEmpty { d.error(e.pos, "group '\(s)' in 'from' of \(what) has no end station to send from") }
                usable.forEach(add)
            } else if Glob.isPattern(s) {
                let hits = index.ids.indices.filter {
                    net.nodes[$0].kind == .station && other($0) && Glob.matches(s, index.ids[$0])
                }
                if hits.isEmpty { unknown(e.pos, "the pattern '\(s)' in 'from' of \(what) matches no end station") }
                hits.forEach(add)
            } else {
                unknown(e.pos, "unknown node or group '\(s)' in 'from' of \(what)"
                    + didYouMean(s, in: index.ids + index.groupNames))
            }
        }
        return out
    }
}
