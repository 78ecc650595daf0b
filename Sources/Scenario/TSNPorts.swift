import Kernel
import Models

/// Reading the time-sensitive networking of Ethernet ports: a link's (or `defaults.link`'s)
/// gates, guard band, credit-based shapers and preemption, and `tsn:` at the top level
/// (802.1AS clocks, the gate control list limit, settings of single egress ports).
extension DesignBuilder {
    /// The TSN keys of link (or port) entry `l`, each from `l` or else from `defaults` (read
    /// quietly: `checkLinkDefaults` reported its mistakes once). nil when neither has any.
    func readPortTSN(_ l: YNode, defaults: YNode?, label: String, rate: Int64, reader: Reader? = nil) -> PortTSN? {
        let K = TSNKeys.self
        let quiet = Reader(d: Diagnostics())
        func node(_ name: String) -> (YNode, Reader)? {
            if let n = l[name] { return (n, reader ?? r) }
            return defaults?[name].map { ($0, quiet) }
        }
        guard K.portKeys.contains(where: { node($0.name) != nil }) else { return nil }
        var tsn = PortTSN()
        if let (n, rd) = node(K.gates.name) { tsn.gates = readGates(n, rd, "'gates' of \(label)") }
        if let (n, rd) = node(K.guardBand.name), let v = K.guardBand.read(n, rd, "'guard_band' of \(label)") {
            tsn.guardBand = v
        }
        if let (n, rd) = node(K.cbs.name) { tsn.idleSlopes = readCBS(n, rd, "'cbs' of \(label)", rate: rate) }
        if let (n, rd) = node(K.preemption.name) { tsn.preemption = readPreemption(n, rd, "'preemption' of \(label)") }
        return tsn
    }

    /// A gate control list: entries, or the protected-window shorthand.
    func readGates(_ n: YNode, _ r: Reader, _ what: String) -> GateControlList? {
        let K = TSNKeys.self
        guard let g = K.gates.read(n, r, what), let cycle = K.cycle.read(in: g, r, owner: what) else { return nil }
        let base = K.base.read(in: g, r, owner: what) ?? 0
        switch (g[K.entries.name], g[K.window.name]) {
        case (nil, nil):
            r.d.error(g.pos, "\(what) needs 'entries' (such as [{open: [7], duration: 100us}, {open: all, duration: 900us}]) "
                + "or 'window' (such as {class: 7, length: 100us})")
            return nil
        case (.some, .some):
            r.d.error(g.entry(K.window.name)?.keyPos ?? g.pos, "give either 'entries' or 'window' in \(what), not both")
            return nil
        case let (nil, w?):
            guard let wn = K.window.read(w, r, "'window' of \(what)"),
                  let tc = K.trafficClass.read(in: wn, r, owner: "'window' of \(what)"),
                  let length = K.length.read(in: wn, r, owner: "'window' of \(what)") else { return nil }
            let offset = K.offset.read(in: wn, r, owner: "'window' of \(what)") ?? 0
            guard offset &+ length <= cycle else {
                r.d.error(wn.pos, "the window of \(what) ends at \(Format.time(Double(offset + length))), after the cycle "
                    + "(\(Format.time(Double(cycle)))); shorten it or lengthen the cycle")
                return nil
            }
            return .protectedWindow(class: Int(tc), cycle: cycle, offset: offset, length: length, base: base)
        case let (e?, nil):
            guard let items = r.list(e, "'entries' of \(what)") else { return nil }
            guard !items.isEmpty else {
                r.d.error(e.pos, "'entries' of \(what) is empty; give at least one {open, duration}")
                return nil
            }
            var list: [GateControlList.Entry] = [], ok = true, total: SimTime = 0
            for (i, item) in items.enumerated() {
                let owner = "entry \(i + 1) of \(what)"
                guard r.map(item, owner) != nil else { ok = false; continue }
                K.entryRecord.checkKeys(item, r, owner)
                let open = K.open.node(in: item, r, owner: owner).flatMap { readClasses($0, r, "'open' of \(owner)") }
                let duration = K.duration.read(in: item, r, owner: owner)
                guard let open, let duration else { ok = false; continue }
                list.append(.init(open: open, duration: duration))
                total = Swift.min(Time.maximum, total &+ duration)
            }
            guard ok else { return nil }
            if total > cycle {
                d.warning(e.pos, "the entries of \(what) last \(Format.time(Double(total))), longer than the cycle "
                    + "(\(Format.time(Double(cycle)))); they are cut at the cycle's end")
            }
            return GateControlList(cycle: cycle, base: base, entries: list)
        }
    }

    /// Traffic classes as a bit set: a list of 0-7, `all` or `none`.
    func readClasses(_ n: YNode, _ r: Reader, _ what: String) -> UInt8? {
        if n.scalar == "all" { return 0xFF }
        if n.scalar == "none" { return 0 }
        guard n.scalar == nil, let items = r.list(n, what + " (a list of traffic classes such as [7, 6], all or none)") else {
            r.d.error(n.pos, "expected a list of traffic classes such as [7, 6], all or none for \(what), found \(n.describe)")
            return nil
        }
        var bits: UInt8 = 0
        for item in items {
            guard let c = r.int(item, "a traffic class of \(what)", 0...7) else { return nil }
            bits |= 1 << UInt8(c)
        }
        return bits
    }

    /// Credit-based shapers: idleSlope per class, below the port's rate in total.
    func readCBS(_ n: YNode, _ r: Reader, _ what: String, rate: Int64) -> [Int64] {
        let K = TSNKeys.self
        guard let items = r.list(n, what + " (a list such as [{class: 3, idle_slope: 100Mbps}])") else { return [] }
        var slopes = [Int64](repeating: 0, count: 8)
        var total: Int64 = 0
        for (i, item) in items.enumerated() {
            let owner = "shaper \(i + 1) of \(what)"
            guard r.map(item, owner) != nil else { continue }
            K.cbsRecord.checkKeys(item, r, owner)
            guard let tc = K.trafficClass.read(in: item, r, owner: owner),
                  let idle = K.idleSlope.read(in: item, r, owner: owner) else { continue }
            if slopes[Int(tc)] > 0 {
                r.d.error(item.pos, "class \(tc) has two shapers in \(what)")
                continue
            }
            slopes[Int(tc)] = idle
            total &+= idle
        }
        if total >= rate && rate > 1 {
            r.d.error(n.pos, "the idle slopes of \(what) add up to \(Format.rate(Double(total))), not below the port's rate "
                + "(\(Format.rate(Double(rate)))); reserve less (IEEE 802.1Q 34.3 allows at most 75% by default)")
        }
        return slopes.contains { $0 > 0 } ? slopes : []
    }

    func readPreemption(_ n: YNode, _ r: Reader, _ what: String) -> Preemption? {
        let K = TSNKeys.self
        guard let p = K.preemption.read(n, r, what), let e = K.express.node(in: p, r, owner: what),
              let express = readClasses(e, r, "'express' of \(what)") else { return nil }
        let add = K.addFragSize.read(in: p, r, owner: what) ?? 0
        return Preemption(express: express, addFragSize: Int(add))
    }

    /// `tsn:` at the top level: clocks, the gate control list limit, single ports' settings;
    /// then the limit and the classes of every port's gates are checked.
    func buildTSN(_ tree: YNode, sub: Substituter, index: NodeIndex, sites: SiteLabels, into net: inout PlantSpec) {
        let K = TSNKeys.self
        var limit = K.defaultGCLLimit
        if let raw = tree[ScenarioKeys.tsn.name], raw.scalar != "", let tn = substitute(raw, sub),
           let t = ScenarioKeys.tsn.read(tn, r, "'tsn'") {
            if let sn = t[K.sync.name], let s = K.sync.read(sn, r, "'tsn.sync'"),
               let precision = K.precision.read(in: s, r, owner: "'tsn.sync'") {
                var spec = TimeSyncSpec(precision: precision)
                if let i = K.interval.read(in: s, r, owner: "'tsn.sync'") { spec.interval = i }
                if let v = K.drift.read(in: s, r, owner: "'tsn.sync'") { spec.driftPPM = v }
                net.timeSync = spec
            }
            if let v = K.gclLimit.read(in: t, r, owner: "'tsn'") { limit = Int(v) }
            var byEnds: [Int64: Int] = [:]
            if t[K.ports.name] != nil || t[K.changes.name] != nil {
                for (p, port) in net.ports.enumerated() { byEnds[Int64(port.node) << 32 | Int64(port.peerNode)] = p }
            }
            /// The port an entry names, and its settings with the entry's keys applied to `base`.
            func entry(_ item: YNode, _ what: String, base: (Int) -> PortTSN?) -> (Int, PortTSN)? {
                guard let fn = K.from.node(in: item, r, owner: what), let tn = K.to.node(in: item, r, owner: what),
                      let a = lookup(fn, index, "'from' of \(what)"), let b = lookup(tn, index, "'to' of \(what)") else {
                    return nil
                }
                guard let p = byEnds[Int64(a) << 32 | Int64(b)] else {
                    d.error(item.pos, "no Ethernet link joins '\(index.ids[a])' and '\(index.ids[b])' for \(what)")
                    return nil
                }
                let label = "port \(index.ids[a])→\(index.ids[b])"
                var tsn = base(p) ?? PortTSN()
                guard let own = readPortTSN(item, defaults: nil, label: label, rate: net.ports[p].rateBitsPerSecond) else {
                    return (p, tsn)
                }
                if item[K.gates.name] != nil { tsn.gates = own.gates }
                if item[K.guardBand.name] != nil { tsn.guardBand = own.guardBand }
                if item[K.cbs.name] != nil { tsn.idleSlopes = own.idleSlopes }
                if item[K.preemption.name] != nil { tsn.preemption = own.preemption }
                return (p, tsn)
            }
            if let pn = t[K.ports.name], let items = r.list(pn, "'tsn.ports'") {
                for item in items {
                    guard r.map(item, "an entry of 'tsn.ports'") != nil else { continue }
                    K.portRecord.checkKeys(item, r, "an entry of 'tsn.ports'")
                    guard let (p, tsn) = entry(item, "a 'tsn.ports' entry", base: { net.ports[$0].tsn }) else { continue }
                    net.ports[p].tsn = tsn
                    portPositions[p] = item.pos
                }
            }
            if let cn = t[K.changes.name], let items = r.list(cn, "'tsn.changes'") {
                // Each change starts from the port's settings after the changes before it.
                var timed: [(SimTime, YNode)] = []
                for item in items {
                    guard r.map(item, "an entry of 'tsn.changes'") != nil else { continue }
                    K.changeRecord.checkKeys(item, r, "an entry of 'tsn.changes'")
                    if let at = K.at.read(in: item, r, owner: "a 'tsn.changes' entry") { timed.append((at, item)) }
                }
                var latest: [Int: PortTSN] = [:]
                for (at, item) in timed.enumerated().sorted(by: { ($0.element.0, $0.offset) < ($1.element.0, $1.offset) })
                    .map(\.element) {
                    guard let (p, tsn) = entry(item, "a 'tsn.changes' entry", base: { latest[$0] ?? net.ports[$0].tsn })
                    else { continue }
                    latest[p] = tsn
                    net.tsnChanges.append(TSNChange(time: at, port: p, tsn: tsn))
                }
            }
        }
        checkPortTSN(net, limit: limit, sites: sites)
    }

    /// Every port's gate control list within the limit, its classes within the port's.
    func checkPortTSN(_ net: PlantSpec, limit: Int, sites: SiteLabels) {
        var reported = 0
        for (p, port) in net.ports.enumerated() {
            guard let tsn = port.tsn, reported < 10 else { continue }
            let pos = portPositions[p] ?? sites.ports[p].pos
            let label = sites.ports[p].label
            if let g = tsn.gates {
                if g.entries.count > limit {
                    d.error(pos, "the gate control list of port \(label) has \(g.entries.count) entries, more than a port "
                        + "holds (tsn.gcl_limit \(limit)); merge windows, lengthen the cycle's slots or raise the limit")
                    reported += 1
                }
                let beyond = g.everOpen & ~UInt8(truncatingIfNeeded: (1 << port.trafficClasses) - 1)
                if beyond != 0 && g.entries.contains(where: { $0.open != 0xFF && $0.open & beyond != 0 }) {
                    d.warning(pos, "the gates of port \(label) open classes above its \(port.trafficClasses) traffic "
                        + "classes (0-\(port.trafficClasses - 1)); set traffic_classes: 8 or use lower classes")
                    reported += 1
                }
            }
        }
    }
}
