import Foundation
import Kernel
import Models

/// Reads a design's radio parts: the hall (`radio:`), the cells (`cells:`) and the
/// terminals (end stations with `radio:`), into the plant's radio environment, cells and
/// UEs. Runs after the nodes (cells name their gNB) and before links and flows (routes
/// cross the radio).
extension DesignBuilder {
    func buildRadio(_ tree: YNode, cells items: [YNode], index: NodeIndex, sub: Substituter, into net: inout PlantSpec) {
        let K = RadioKeys.self
        var env: RadioEnvironment?
        if let rn = tree[ScenarioKeys.radio.name], rn.scalar != "", let x = substitute(rn, sub),
           let record = ScenarioKeys.radio.read(x, r, "'radio'") {
            let owner = "'radio'"
            if let s = K.scenario.read(in: record, r, owner: owner), let scenario = PropagationScenario(rawValue: s) {
                var e = RadioEnvironment(scenario: scenario, hall: scenario.typicalHall)
                if let v = record[K.hall.name].flatMap({ K.hall.read($0, r, "'radio.hall'") }) { e.hall = v }
                if let cn = record[K.clutter.name], let c = K.clutter.read(cn, r, "'radio.clutter'") {
                    let o = "'radio.clutter'"
                    if let density = K.density.read(in: c, r, owner: o), let size = K.size.read(in: c, r, owner: o),
                       let height = K.height.read(in: c, r, owner: o) {
                        e.clutter = Clutter(density: density, size: size, height: height)
                    }
                }
                if let v = record[K.blockFading.name].flatMap({ K.blockFading.read($0, r, "'radio.block_fading'") }) {
                    e.blockFading = v
                }
                if let mn = record[K.mobilityStep.name], let v = K.mobilityStep.read(mn, r, "'radio.mobility_step'") {
                    // Each step is an event per moving terminal: steps of picoseconds would never end.
                    if v < Time.millisecond {
                        d.error(mn.pos, "'radio.mobility_step' must be at least 1ms, found \(mn.scalar ?? "")")
                    }
                    e.mobilityStep = v
                }
                if let v = record[K.implementationLoss.name].flatMap({ K.implementationLoss.read($0, r, "'radio.implementation_loss'") }) {
                    e.implementationLossDB = v
                }
                env = e
            }
        }
        net.radio = env
        buildCells(items, index: index, environment: env, tree: tree, into: &net)
        buildTerminals(index, environment: env, cellsWritten: !items.isEmpty, into: &net)
    }

    func buildCells(_ items: [YNode], index: NodeIndex, environment env: RadioEnvironment?, tree: YNode,
                    into net: inout PlantSpec) {
        let K = CellKeys.self
        var firstPos: [String: Pos] = [:]
        // (A 'radio' section that failed to read has its own error.)
        if !items.isEmpty && env == nil && (tree[ScenarioKeys.radio.name].map { $0.scalar == "" } ?? true) {
            d.error(items[0].pos, "cells need a 'radio' section naming the hall's scenario, such as radio: {scenario: InF-DH}")
        }
        let heights = (env?.scenario ?? .infSL).typicalHeights
        // The first cell of each gNB and its slices: a terminal's flows name a slice of its gNB,
        // which the model resolves once (by the gNB's first cell) and keeps across cells.
        var gnbSlices: [Int: (cell: String, names: [String])] = [:]
        for n in items {
            guard r.map(n, "a cell") != nil else { continue }
            guard let idNode = K.id.node(in: n, r, owner: "a cell"), let id = K.id.read(idNode, r, "the cell's 'id'") else {
                K.record.checkKeys(n, r, "a cell")
                continue
            }
            let owner = "cell '\(id)'"
            K.record.checkKeys(n, r, owner)
            if let f = firstPos[id] {
                d.error(idNode.pos, "duplicate cell id '\(id)' (first defined at \(f.line):\(f.column))")
                continue
            }
            firstPos[id] = idNode.pos
            var ok = true
            func read<V>(_ f: Field<V>) -> V? { f.read(in: n, r, owner: owner, ok: &ok) }
            var gnb = -1
            if let gn = K.gnb.node(in: n, r, owner: owner), let g = lookup(gn, index, "'gnb' of \(owner)") {
                if net.nodes[g].role != .gnb {
                    d.error(gn.pos, "'gnb' of \(owner) must be a node of type gnb, and '\(index.ids[g])' is not")
                    ok = false
                } else { gnb = g }
            } else { ok = false }
            let position = read(K.position)
            let height = read(K.height) ?? heights.bs
            let carrier = read(K.carrier)
            let bandwidth = read(K.bandwidth)
            let scsHz = read(K.scs) ?? 30_000
            var numerology: Numerology?
            if let sn = n[K.scs.name] ?? Optional(n), scsHz <= 1e9, scsHz.truncatingRemainder(dividingBy: 1000) == 0 {
                numerology = Numerology(subcarrierSpacingKHz: Int(scsHz / 1000))
                if numerology == nil {
                    d.error(sn.pos, "'scs' of \(owner) must be 15kHz, 30kHz, 60kHz or 120kHz, found \(Format.frequency(scsHz))")
                    ok = false
                }
            } else {
                d.error((n[K.scs.name] ?? n).pos, "'scs' of \(owner) must be 15kHz, 30kHz, 60kHz or 120kHz")
                ok = false
            }
            var prbs = 0
            if let carrier, let bandwidth, let numerology {
                let bn = n[K.bandwidth.name] ?? n
                if FrequencyRange(carrierHz: carrier) != nil, !(0.5e9...100e9).contains(carrier) {
                    d.error((n[K.carrier.name] ?? n).pos, "'carrier' of \(owner) must be at least 500MHz, the lowest carrier "
                        + "of the TR 38.901 channel (0.5–100 GHz), found \(Format.frequency(carrier))")
                    ok = false
                } else if let range = FrequencyRange(carrierHz: carrier) {
                    let mhz = bandwidth / 1e6
                    let valid = CarrierBandwidth.validBandwidthsMHz(subcarrierSpacingKHz: numerology.subcarrierSpacingKHz, range: range)
                    if mhz.rounded() == mhz, mhz <= 10_000, let p = CarrierBandwidth.resourceBlocks(
                        bandwidthMHz: Int(mhz), subcarrierSpacingKHz: numerology.subcarrierSpacingKHz, range: range) {
                        prbs = p
                    } else {
                        d.error(bn.pos, "\(owner): no \(range.rawValue.uppercased()) channel of \(Format.frequency(bandwidth)) at "
                            + "\(numerology.subcarrierSpacingKHz) kHz (TS 38.101 Table 5.3.2-1); valid bandwidths are "
                            + (valid.isEmpty ? "none at this spacing" : valid.map { "\($0)MHz" }.joined(separator: ", ")))
                        ok = false
                    }
                } else {
                    d.error((n[K.carrier.name] ?? n).pos, "'carrier' of \(owner) must lie in FR1 (410 MHz–7.125 GHz) or "
                        + "FR2 (24.25–71 GHz), found \(Format.frequency(carrier))")
                    ok = false
                }
            }
            var pattern = TDDPattern.fdd
            let tn = n[K.tdd.name]
            let text = tn.flatMap { K.tdd.read($0, r, "'tdd' of \(owner)") } ?? "DDDSU"
            let special = n[K.special.name].flatMap { K.special.read($0, r, "'special' of \(owner)") }
            do { pattern = try TDDPattern.parse(text, special: special) } catch {
                // The letters alone read: the split is what is wrong.
                let lettersRead = special != nil && (try? TDDPattern.parse(text, special: nil)) != nil
                d.error(((lettersRead ? n[K.special.name] : tn) ?? n).pos, "\(owner): \(error.description)")
                ok = false
            }
            if let numerology, let e = pattern.periodError(numerology) {
                d.error((tn ?? n).pos, "\(owner): \(e)")
                ok = false
            }
            let miniSlot = read(K.miniSlot).map(Int.init)
            if let e = TDDPattern.miniSlotError(miniSlot) {
                d.error((n[K.miniSlot.name] ?? n).pos, "\(owner): \(e)")
                ok = false
            }
            let capability: UECapability = read(K.ueCapability) == 2 ? .two : .one
            var processing: RadioProcessing?
            if let numerology {
                processing = RadioProcessing.defaults(numerology: numerology, capability: capability, miniSlot: miniSlot)
                if processing == nil && ok {
                    d.error((n[K.ueCapability.name] ?? n).pos, "\(owner): UE capability \(capability.rawValue) has no "
                        + "processing times at \(numerology.subcarrierSpacingKHz) kHz (TS 38.214 Tables 5.3-2, 6.4-2)")
                    ok = false
                }
            }
            var slices: [SliceSpec] = []
            if let sn = n[K.slices.name], let list = r.list(sn, "'slices' of \(owner)") {
                var names = Set<String>()
                for s in list {
                    guard r.map(s, "a slice of \(owner)") != nil else { ok = false; continue }
                    K.slice.checkKeys(s, r, "a slice of \(owner)")
                    let so = "a slice of \(owner)"
                    guard let name = K.sliceID.read(in: s, r, owner: so), let share = K.share.read(in: s, r, owner: so) else {
                        ok = false
                        continue
                    }
                    if !names.insert(name).inserted { d.error(s.pos, "duplicate slice '\(name)' in \(owner)"); ok = false }
                    let target = s[K.sliceBLER.name].flatMap { K.sliceBLER.read($0, r, "'bler_target' of slice '\(name)'") }
                    slices.append(SliceSpec(name: name, share: share, blerTarget: target))
                }
                let total = slices.reduce(0) { $0 + $1.share }
                if total > 1 + 1e-9 {
                    d.error(sn.pos, "the slices of \(owner) reserve \(Int((total * 100).rounded()))% of its PRBs; at most 100%")
                    ok = false
                }
            }
            let overhead = read(K.overhead).map(Int.init) ?? 0
            if ![0, 6, 12, 18].contains(overhead) {
                d.error((n[K.overhead.name] ?? n).pos, "'overhead' of \(owner) must be 0, 6, 12 or 18 (N_oh^PRB, TS 38.214 §5.1.3.2)")
                ok = false
            }
            let txPower = read(K.txPower), gain = read(K.antennaGain), nf = read(K.noiseFigure)
            let scheduler = read(K.scheduler), mcsTable = read(K.mcsTable), cqiTable = read(K.cqiTable)
            let bler = read(K.blerTarget), harq = read(K.harqProcesses), retx = read(K.maxRetransmissions)
            let srPeriod = read(K.srPeriod), srGrant = read(K.srGrant), dmrs = read(K.dmrs), layers = read(K.layers)
            let interruption = read(K.handoverInterruption), hysteresis = read(K.hysteresis)
            let ulP0 = read(K.ulP0), ulAlpha = read(K.ulAlpha)
            if let ulAlpha, ulAlpha > 1 {
                d.error(n[K.ulAlpha.name]!.pos, "'ul_alpha' of \(owner) must be within 0…1 (TS 38.213 §7.1.1), found \(Format.number(ulAlpha))")
                ok = false
            }
            if let position, let env, let e = Self.outsideHall(Position(x: position.x, y: position.y, z: height), env.hall) {
                d.error((n[K.position.name] ?? n).pos, "\(owner) stands \(e)")
                ok = false
            }
            // Every cell grants on downlink occasions and hears HARQ feedback and scheduling
            // requests on uplink symbols: the dynamic-grant uplink timeline needs them all.
            if ok, let numerology, let processing, let why = LatencyBudget.check(LatencyBudget.Input(
                numerology: numerology, pattern: pattern, miniSlot: miniSlot, capability: capability, direction: .uplink,
                access: .dynamicGrant, srPeriodSymbols: srPeriod.map(Int.init), processing: processing)) {
                let slotsWork = !pattern.occasions(.downlink, miniSlot: nil).isEmpty
                    && !pattern.occasions(.uplink, miniSlot: nil).isEmpty
                let at = why.contains("SR period") ? n[K.srPeriod.name] : slotsWork ? n[K.miniSlot.name] : tn
                d.error((at ?? n).pos, "\(owner): \(why); a cell needs downlink occasions (data, grants) and uplink "
                    + "symbols (data, HARQ feedback, scheduling requests)")
                ok = false
            }
            if gnb >= 0 {
                let names = slices.map(\.name)
                if let first = gnbSlices[gnb], first.names != names {
                    func list(_ xs: [String]) -> String { xs.isEmpty ? "no slices" : "slices " + xs.joined(separator: ", ") }
                    d.error((n[K.slices.name] ?? idNode).pos, "\(owner) has \(list(names)), but cell '\(first.cell)' "
                        + "of the same gNB '\(index.ids[gnb])' has \(list(first.names)); every cell of a gNB declares the "
                        + "same slices in the same order (shares may differ), as a terminal keeps its slice from cell to cell")
                    ok = false
                } else if gnbSlices[gnb] == nil {
                    gnbSlices[gnb] = (id, names)
                }
            }
            guard ok, gnb >= 0, let position, let carrier, let bandwidth, let numerology, let processing else { continue }
            var c = CellSpec(name: id, node: gnb, position: Position(x: position.x, y: position.y, z: height),
                             carrierHz: carrier, bandwidthHz: bandwidth, numerology: numerology, prbs: prbs, pattern: pattern,
                             miniSlot: miniSlot, capability: capability, processing: processing, slices: slices)
            if let txPower { c.txPowerDBm = txPower }
            if let gain { c.antennaGainDBi = gain }
            if let nf { c.noiseFigureDB = nf }
            if let scheduler { c.scheduler = scheduler }
            if let mcsTable { c.mcsTable = mcsTable }
            if let cqiTable { c.cqiTable = cqiTable }
            if let bler { c.blerTarget = bler }
            if let harq { c.harqProcesses = Int(harq) }
            if let retx { c.maxRetransmissions = Int(retx) }
            if let srPeriod { c.srPeriodSymbols = Int(srPeriod) }
            if let srGrant { c.srGrantBytes = Int(srGrant) }
            if let dmrs { c.dmrsPerPRB = Int(dmrs) }
            c.overheadPerPRB = overhead
            if let layers { c.layers = Int(layers) }
            if let interruption { c.handoverInterruption = interruption }
            if let hysteresis { c.hysteresisDB = hysteresis }
            if let ulP0 { c.ulP0DBm = ulP0 }
            if let ulAlpha { c.ulAlpha = ulAlpha }
            net.cells.append(c)
        }
    }

    func buildTerminals(_ index: NodeIndex, environment env: RadioEnvironment?, cellsWritten: Bool,
                        into net: inout PlantSpec) {
        let K = TerminalKeys.self
        let heights = (env?.scenario ?? .infSL).typicalHeights
        for (node, entry) in index.radios {
            let id = index.ids[node]
            let owner = "'radio' of node '\(id)'"
            guard let n = NodeKeys.radio.read(entry, r, owner) else { continue }
            var ok = true
            func read<V>(_ f: Field<V>) -> V? { f.read(in: n, r, owner: owner, ok: &ok) }
            let position = read(K.position)
            let height = read(K.height) ?? heights.ue
            var path: [Position] = []
            if let pn = n[K.path.name], let list = r.list(pn, "'path' of \(owner)") {
                for p in list {
                    guard let v = ValueType<Position>.position(dimensions: 2).read(r, p, "a waypoint of \(owner)") else {
                        ok = false
                        continue
                    }
                    path.append(Position(x: v.x, y: v.y, z: height))
                }
            }
            let speed = read(K.speed) ?? 0
            let tx = read(K.txPower), gain = read(K.antennaGain), nf = read(K.noiseFigure)
            guard ok, let position else { continue }
            let start = Position(x: position.x, y: position.y, z: height)
            if let env {
                if let e = Self.outsideHall(start, env.hall) {
                    d.error((n[K.position.name] ?? n).pos, "node '\(id)' stands \(e)")
                    continue
                }
                if let e = path.lazy.compactMap({ Self.outsideHall($0, env.hall) }).first {
                    d.error((n[K.path.name] ?? n).pos, "a waypoint of node '\(id)' lies \(e)")
                    continue
                }
            }
            if net.cells.isEmpty {
                // Cells that were written but refused have their own errors.
                if !cellsWritten { d.error(entry.pos, "node '\(id)' has a radio but the design has no cells to serve it") }
                continue
            }
            // InF-SH/DH: the base stations stand above the clutter, the terminals within it.
            if let s = env?.scenario, s == .infSH || s == .infDH,
               let low = net.cells.first(where: { $0.position.z <= height }) {
                d.error((n[K.height.name] ?? entry).pos, "\(owner) is \(Format.number(height))m high, but in \(s.rawValue) "
                    + "every cell stands above the terminals (TR 38.901 §7.2), and cell '\(low.name)' is at "
                    + "\(Format.number(low.position.z))m; lower the terminal or raise the cell, or use InF-SL/DL")
                continue
            }
            var gnb: Int
            if let gn = n[K.gnb.name] {
                guard let g = lookup(gn, index, "'gnb' of \(owner)") else { continue }
                guard net.cells.contains(where: { $0.node == g }) else {
                    d.error(gn.pos, "'gnb' of \(owner): '\(index.ids[g])' has no cells"
                        + didYouMean(index.ids[g], in: Array(Set(net.cells.map { index.ids[$0.node] })).sorted()))
                    continue
                }
                gnb = g
            } else {
                // The gNB of the nearest cell (the strongest on average; shadowing decides at run time).
                gnb = net.cells.min { $0.position.distance3D(start) < $1.position.distance3D(start) }!.node
            }
            var ue = UESpec(name: id, node: node, gnb: gnb, position: start,
                            path: path.isEmpty ? [] : [start] + path, speed: speed)
            if let tx { ue.txPowerDBm = tx }
            if let gain { ue.antennaGainDBi = gain }
            if let nf { ue.noiseFigureDB = nf }
            net.ues.append(ue)
        }
    }

    /// nil, or where a point lies outside the hall (x, y within its length and width, z
    /// within its height), for messages.
    static func outsideHall(_ p: Position, _ hall: Position) -> String? {
        if p.x < 0 || p.x > hall.x || p.y < 0 || p.y > hall.y {
            return "at (\(Format.number(p.x))m, \(Format.number(p.y))m), outside the hall of "
                + "\(Format.number(hall.x))m × \(Format.number(hall.y))m"
        }
        if p.z > hall.z { return "at \(Format.number(p.z))m, above the hall's height of \(Format.number(hall.z))m" }
        return nil
    }

    /// Every slice a flow names is declared by the cells (the cells of one gNB declare
    /// the same slices; `buildCells` checks that).
    func checkSlices(_ net: PlantSpec, flowEntries: [String: YNode], cellsPos: Pos) {
        let all = Array(Set(net.cells.flatMap { $0.slices.map(\.name) })).sorted()
        for f in net.flows {
            guard let s = f.radio.slice, !all.contains(s) else { continue }
            let entry = flowEntries[f.name]
            d.error(entry?[FlowKeys.radio.name]?[FlowRadioKeys.slice.name]?.pos ?? entry?.pos ?? cellsPos,
                    "flow '\(f.name)' uses slice '\(s)', which no cell declares" + didYouMean(s, in: all))
        }
    }

    /// A flow's `radio`: how its frames use a terminal's radio.
    func buildFlowRadio(_ n: YNode, owner: String) -> FlowRadio? {
        let K = FlowRadioKeys.self
        guard let x = FlowKeys.radio.read(n, r, "'radio' of \(owner)") else { return nil }
        let o = "'radio' of \(owner)"
        var radio = FlowRadio()
        var ok = true
        func read<V>(_ f: Field<V>) -> V? { f.read(in: x, r, owner: o, ok: &ok) }
        let access = read(K.access)
        let period = read(K.period), repetitions = read(K.repetitions)
        if access == "configured" {
            radio.access = .configured(period: period ?? 0, repetitions: Int(repetitions ?? 1))
        } else if period != nil || repetitions != nil {
            d.error((x[K.period.name] ?? x[K.repetitions.name] ?? x).pos,
                    "\(o): 'period' and 'repetitions' belong to a configured grant; add access: configured")
            ok = false
        }
        if let q = read(K.fiveQI) {
            if let level = FiveQI.priorityLevel(Int(q)) { radio.priorityLevel = level } else if x[K.priorityLevel.name] == nil {
                d.error(x[K.fiveQI.name]!.pos, "\(o): 5QI \(q) is not a standardized 5QI this table knows ("
                    + FiveQI.known.map(String.init).joined(separator: ", ") + "); give 'priority_level' instead")
                ok = false
            }
        }
        if let p = read(K.priorityLevel) { radio.priorityLevel = Int(p) }
        radio.slice = read(K.slice)
        return ok ? radio : nil
    }
}
