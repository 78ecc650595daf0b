import Kernel

/// The NR cells of a plant and the terminals they serve, at system level: slot and
/// mini-slot timing, PRBs, transport blocks, HARQ, link adaptation, scheduling, uplink
/// access, interference and mobility (3GPP TS 38.211, 38.213, 38.214, 38.321; channel
/// TR 38.901).
///
/// A frame on a radio hop waits in its terminal's logical channel (at the gNB for the
/// downlink, at the terminal for the uplink). A cell wakes only at the occasions where
/// someone has work: it schedules retransmissions first, then slices' reserved PRBs, then
/// the rest, fills each transport block from the terminal's channels in priority order
/// (segmenting frames), and decodes every block of the occasion at its end against noise
/// and the interference of the other cells' blocks on the same PRBs at that time.
public struct Cells {
    public enum Kind {
        /// A data occasion of a cell begins. target: cell, arg: direction (0 DL, 1 UL).
        public static var occasion: Int32 { Technology.nr.kind(0) }
        /// The transport blocks of a cell's occasion end and are decoded. target: cell, arg: direction.
        public static var decode: Int32 { Technology.nr.kind(1) }
        /// A moving terminal updates its position. target: terminal.
        public static var move: Int32 { Technology.nr.kind(2) }
    }

    /// Frames beyond this many in one transport block wait for the next one.
    public static let maxFramesPerBlock = 64
    /// PDCP, RLC and MAC headers per frame segment (bytes).
    public static let headerBytes = 5
    /// Weight of each new measurement in the interference a channel report assumes.
    public static let interferenceSmoothing = 0.1
    /// The smallest segment worth a header: a block with less room carries nothing.
    public static let minimumSegmentBytes = 8
    /// Transport block size link adaptation assumes when it picks an MCS (bits).
    public static let referenceBlockBits = 1024

    @usableFromInline var config: ContiguousArray<CellConfig>
    /// The cells on the same carrier as cell c (overlapping bandwidths): the entries of
    /// `cochannel` from `cochannelStart[c]` to `cochannelStart[c + 1]`.
    @usableFromInline let cochannel: ContiguousArray<Int32>
    @usableFromInline let cochannelStart: ContiguousArray<Int32>
    /// Transport block sizes of each distinct carrier set-up (see `CellConfig.blockTable`).
    @usableFromInline var blockSizes: ContiguousArray<BlockSizes>
    @usableFromInline var directions: ContiguousArray<CellDirection>
    @usableFromInline var terminals: ContiguousArray<Terminal>
    @usableFromInline var terminalDirections: ContiguousArray<TerminalDirection>
    @usableFromInline var channels: ContiguousArray<LogicalChannel>
    @usableFromInline var queues: ContiguousArray<IndexRing>
    @usableFromInline var grants: ContiguousArray<ConfiguredGrant>
    /// Configured grants of the terminals each cell serves.
    @usableFromInline var cellGrants: ContiguousArray<ContiguousArray<Int32>>
    @usableFromInline var processes: ContiguousArray<HARQProcess>
    /// Frames with a segment in each process's block: `blockFrames[p·maxFramesPerBlock + i]`.
    @usableFromInline var blockFrames: ContiguousArray<Int32>
    /// Radio link of terminal u to cell c at `links[u·cellCount + c]`.
    @usableFromInline var links: ContiguousArray<RadioLinkState>
    @usableFromInline let cellCount: Int
    /// Logical channel of each route hop (by position in the route table), -1 if not radio.
    @usableFromInline var channelOfHop: ContiguousArray<Int32>
    @usableFromInline var routeStart: ContiguousArray<Int32>
    /// Cells of each terminal's gNB, the candidates of its handovers.
    @usableFromInline let candidates: [[Int32]]
    @usableFromInline let paths: [[Position]]
    @usableFromInline let propagation: [Propagation]
    @usableFromInline let environment: RadioEnvironment?
    @usableFromInline let blockFading: Bool
    @usableFromInline let cellPositions: [Position]
    @usableFromInline let cellGainDBi: [Double]
    /// Per cell: the stream that decides decoding; per terminal: its channel (LOS, shadowing, fading).
    @usableFromInline let decodeStreams: [RandomStream]
    @usableFromInline var decisions: DecodeDecisions
    @usableFromInline let channelStreams: [RandomStream]
    /// Scratch for ordering candidates (reused, so scheduling allocates nothing).
    @usableFromInline var candidateScratch: ContiguousArray<Int32> = []
    @usableFromInline var keyScratch: ContiguousArray<Double> = []

    public init(spec: PlantSpec, routes: RouteTable, seed: UInt64, replication: Int) {
        let env = spec.radio
        environment = env
        blockFading = env?.blockFading ?? false
        cellCount = spec.cells.count
        decisions = DecodeDecisions(cells: spec.cells.count)
        propagation = spec.cells.map { Propagation(scenario: env?.scenario ?? .infSL, carrierGHz: $0.carrierHz / 1e9,
                                                   clutter: env?.clutter) }
        cellPositions = spec.cells.map(\.position)
        cellGainDBi = spec.cells.map(\.antennaGainDBi)
        paths = spec.ues.map(\.path)
        decodeStreams = spec.cells.map { RandomStream(seed: seed, replication: replication, name: "cell/\($0.name)/decode") }
        channelStreams = spec.ues.map { RandomStream(seed: seed, replication: replication, name: "ue/\($0.name)/channel") }
        routeStart = routes.start

        // Curves are built once per table and shared by the cells that use it.
        let loss = env?.implementationLossDB ?? 1
        var blerModels: [MCSTable: BLERModel] = [:]
        var cqiMappers: [CQITable: CQIMapper] = [:]
        var tables: [String: Int] = [:]
        var blockSizes = ContiguousArray<BlockSizes>()
        config = ContiguousArray(spec.cells.map { c in
            let key = "\(c.mcsTable.rawValue) \(c.prbs) \(c.dmrsPerPRB) \(c.overheadPerPRB) \(c.layers)"
            let table = tables[key] ?? blockSizes.count
            if table == blockSizes.count {
                blockSizes.append(BlockSizes(table: c.mcsTable, prbs: c.prbs, dmrsPerPRB: c.dmrsPerPRB,
                                             overhead: c.overheadPerPRB, layers: c.layers))
                tables[key] = table
            }
            let model = blerModels[c.mcsTable] ?? BLERModel(table: c.mcsTable, implementationLossDB: loss)
            let mapper = cqiMappers[c.cqiTable] ?? CQIMapper(table: c.cqiTable, implementationLossDB: loss)
            blerModels[c.mcsTable] = model
            cqiMappers[c.cqiTable] = mapper
            return Cells.configure(c, bler: model, cqi: mapper, blockTable: table)
        })
        self.blockSizes = blockSizes
        var cochannel = ContiguousArray<Int32>(), cochannelStart = ContiguousArray<Int32>([0])
        for a in spec.cells.indices {
            cochannel.append(contentsOf: spec.cells.indices.filter { b in
                b != a && abs(spec.cells[a].carrierHz - spec.cells[b].carrierHz)
                    < (spec.cells[a].bandwidthHz + spec.cells[b].bandwidthHz) / 2
            }.map(Int32.init))
            cochannelStart.append(Int32(cochannel.count))
        }
        self.cochannel = cochannel
        self.cochannelStart = cochannelStart
        directions = ContiguousArray(repeating: CellDirection(), count: spec.cells.count * 2)
        candidates = spec.ues.map { ue in spec.cells.indices.filter { spec.cells[$0].node == ue.gnb }.map(Int32.init) }

        // Logical channels: one per flow and terminal direction, most urgent first.
        var keyOfHop = ContiguousArray<Int32>(repeating: -1, count: routes.hops.count)
        var channelKeys: [(ueDir: Int, flow: Int)] = []
        var channelIndex: [Int: Int] = [:]  // (ueDir, flow) packed → channel
        var position = 0
        for (f, flow) in spec.flows.enumerated() {
            for s in flow.sources {
                for h in s.route {
                    if h.kind == .radio {
                        let packed = h.index * spec.flows.count + f
                        if channelIndex[packed] == nil {
                            channelIndex[packed] = channelKeys.count
                            channelKeys.append((h.index, f))
                        }
                        keyOfHop[position] = Int32(channelIndex[packed]!)
                    }
                    position += 1
                }
            }
        }
        // Order by terminal direction, then priority level, then flow.
        let order = channelKeys.indices.sorted { a, b in
            let (x, y) = (channelKeys[a], channelKeys[b])
            if x.ueDir != y.ueDir { return x.ueDir < y.ueDir }
            let (px, py) = (spec.flows[x.flow].radio.priorityLevel, spec.flows[y.flow].radio.priorityLevel)
            return px != py ? px < py : x.flow < y.flow
        }
        var rank = Array(repeating: 0, count: channelKeys.count)
        for (r, k) in order.enumerated() { rank[k] = r }
        channelOfHop = ContiguousArray(keyOfHop.map { $0 < 0 ? -1 : Int32(rank[Int($0)]) })

        var tds = ContiguousArray(repeating: TerminalDirection(olla: OuterLoop(target: 0.1)), count: spec.ues.count * 2)
        var chans = ContiguousArray<LogicalChannel>()
        var pendingGrants: [(channel: Int, ueDir: Int, flow: Int, period: SimTime, repetitions: Int)] = []
        for k in order {
            let (ud, f) = channelKeys[k]
            let flow = spec.flows[f]
            if tds[ud].channelCount == 0 { tds[ud].firstChannel = Int32(chans.count) }
            tds[ud].channelCount += 1
            var grant: Int32 = -1
            if ud & 1 == 1, case let .configured(period, repetitions) = flow.radio.access {
                grant = Int32(pendingGrants.count)
                pendingGrants.append((chans.count, ud, f, period, repetitions))
            }
            let cell = spec.cells.firstIndex { $0.node == spec.ues[ud >> 1].gnb }
            let slice = cell.flatMap { c in spec.cells[c].slices.firstIndex { $0.name == flow.radio.slice } } ?? -1
            chans.append(LogicalChannel(ueDir: Int32(ud), priorityLevel: Int32(flow.radio.priorityLevel),
                                        slice: Int32(slice), deadline: flow.deadline ?? .max, grant: grant))
        }
        channels = chans
        queues = ContiguousArray(repeating: IndexRing(), count: chans.count)
        // The outer loop aims at the BLER target of the direction's slice (its most urgent
        // channel's), else its cell's. The cells of a gNB share their slices.
        for ud in tds.indices {
            guard let cell = spec.cells.first(where: { $0.node == spec.ues[ud >> 1].gnb }) else { continue }
            let slice = tds[ud].channelCount > 0 ? Int(chans[Int(tds[ud].firstChannel)].slice) : -1
            let target = slice >= 0 ? cell.slices[slice].blerTarget ?? cell.blerTarget : cell.blerTarget
            tds[ud].olla = OuterLoop(target: target)
        }

        // Terminals attach to the strongest cell of their gNB.
        var terms = ContiguousArray<Terminal>()
        var linkStates = ContiguousArray<RadioLinkState>()
        for (u, ue) in spec.ues.enumerated() {
            terms.append(Terminal(node: Int32(ue.node), gnb: Int32(ue.gnb), cell: -1, position: ue.position,
                                  gainDBi: ue.antennaGainDBi,
                                  waypoint: ue.path.count > 1 ? 1 : 0, speed: ue.speed,
                                  txPowerMilliwatt: LinkBudget.dBmToMilliwatt(ue.txPowerDBm), noisePerPRB: 0,
                                  noiseFigureDB: ue.noiseFigureDB))
            for c in spec.cells.indices {
                let rng = channelStreams[u]
                var link = RadioLinkState(los: false, shadow: ShadowFading(
                    sigma: 1, correlationDistance: propagation[c].shadowCorrelationDistance, first: rng.gaussian()), gain: 0)
                link.los = rng.uniform() < propagation[c].losProbability(
                    distance2D: ue.position.distance2D(spec.cells[c].position), bsHeight: spec.cells[c].position.z,
                    ueHeight: ue.position.z)
                linkStates.append(link)
            }
        }
        terminals = terms
        links = linkStates
        terminalDirections = tds
        processes = ContiguousArray(repeating: HARQProcess(), count: 0)
        blockFrames = []
        cellGrants = ContiguousArray(repeating: [], count: spec.cells.count)
        grants = []
        for u in terminals.indices {
            updateGains(u)
            let best = strongestCell(u)
            terminals[u].cell = best
            if best >= 0 {
                terminals[u].noisePerPRB = Cells.noisePerPRB(subcarrierSpacingHz: config[Int(best)].subcarrierSpacingHz,
                                                             noiseFigureDB: terminals[u].noiseFigureDB)
            }
        }
        processesPerDirection = Int(config.map(\.harqProcesses).max() ?? 1)
        processes = ContiguousArray(repeating: HARQProcess(), count: terminals.count * 2 * processesPerDirection)
        blockFrames = ContiguousArray(repeating: -1, count: processes.count * Cells.maxFramesPerBlock)
        // Configured grants: room for the flow's largest frame.
        for g in pendingGrants {
            let u = g.ueDir >> 1
            let c = Int(terminals[u].cell)
            guard c >= 0 else { continue }
            let bytes = Int64(spec.flows[g.flow].sources.map { s in
                let limit = spec.maxFrameBytes(on: s.requestHops)
                let largest: Double = switch (s.traffic.size, s.traffic.pattern) {
                case (_, let .trace(_, sizes)): Double(sizes.max() ?? 1500)
                case (let .constant(v), _): v
                case (let .uniform(_, high), _): high
                default: 1500
                }
                return Int(Swift.min(Double(limit), Swift.max(1, largest.rounded(.up))))
            }.max() ?? 1500) + Int64(Cells.headerBytes)
            cellGrants[c].append(Int32(grants.count))
            grants.append(ConfiguredGrant(channel: Int32(g.channel), ueDir: Int32(g.ueDir), period: g.period,
                                          repetitions: Int32(Swift.max(1, g.repetitions)), bytes: bytes))
        }
        candidateScratch.reserveCapacity(spec.ues.count * 2)
        keyScratch.reserveCapacity(spec.ues.count * 2)
        for i in directions.indices {
            directions[i].active.reserveCapacity(spec.ues.count)
            directions[i].batches.0.transmissions.reserveCapacity(64)
            directions[i].batches.1.transmissions.reserveCapacity(64)
        }
        routesAdded(routes, from: spec.flows.reduce(0) { $0 + $1.sources.count })
    }

    /// HARQ processes of terminal direction ud: `processes[ud·processesPerDirection ...]`
    /// (a cell may use fewer).
    @usableFromInline var processesPerDirection = 1

    /// The clocks and constants of a cell.
    static func configure(_ c: CellSpec, bler: BLERModel, cqi: CQIMapper, blockTable: Int) -> CellConfig {
        let n = c.numerology, p = c.pattern
        let period = p.periodSlots * Numerology.symbolsPerSlot
        let dl = OccasionClock(numerology: n, periodSymbols: period, occasions: p.occasions(.downlink, miniSlot: c.miniSlot))
        let ul = OccasionClock(numerology: n, periodSymbols: period, occasions: p.occasions(.uplink, miniSlot: c.miniSlot))
        let pdcch = OccasionClock(numerology: n, periodSymbols: period, occasions:
                                    p.occasions(.downlink, miniSlot: c.miniSlot).map { TransmissionOccasion(firstSymbol: $0.firstSymbol, symbols: 1) })
        let pucch = OccasionClock(numerology: n, periodSymbols: period) { p.carries(.uplink, symbol: $0) }
        let srPeriod = c.srPeriodSymbols ?? 1
        let srSpan = lcm(period, srPeriod)
        let sr = OccasionClock(numerology: n, periodSymbols: srSpan) { s in
            s % srPeriod == 0 && p.carries(.uplink, symbol: s % period)
        }
        let scs = Double(n.subcarrierSpacingKHz) * 1000
        let total = Swift.max(1, c.prbs)
        return CellConfig(
            node: Int32(c.node), prbs: Int32(c.prbs), numerology: n, data: (dl, ul), pdcch: pdcch, pucch: pucch, sr: sr,
            processing: c.processing, txPerPRB: LinkBudget.dBmToMilliwatt(c.txPowerDBm) / Double(total),
            noisePerPRB: noisePerPRB(subcarrierSpacingHz: scs, noiseFigureDB: c.noiseFigureDB),
            subcarrierSpacingHz: scs, scheduler: c.scheduler, bler: bler, mcsTable: c.mcsTable,
            cqi: cqi,
            maxAttempts: Int32(1 + c.maxRetransmissions), harqProcesses: Int32(Swift.max(1, c.harqProcesses)),
            blockTable: blockTable, layers: c.layers,
            srGrantBytes: Int64(c.srGrantBytes), handoverInterruption: c.handoverInterruption,
            hysteresisDB: c.hysteresisDB,
            sliceReserved: ContiguousArray(c.slices.map { Int32(($0.share * Double(c.prbs)).rounded(.down)) }),
            pfWindow: 100 * Double(n.slotDuration),
            requiredSINR: ContiguousArray(([c.blerTarget] + c.slices.map { $0.blerTarget ?? c.blerTarget }).flatMap { target in
                (0..<c.mcsTable.count).map { bler.requiredSINR(mcs: $0, tbs: Cells.referenceBlockBits, target: target) }
            }),
            mcsCount: c.mcsTable.count, ulP0: LinkBudget.dBmToMilliwatt(c.ulP0DBm), ulAlpha: c.ulAlpha)
    }

    static func lcm(_ a: Int, _ b: Int) -> Int {
        func gcd(_ x: Int, _ y: Int) -> Int { y == 0 ? x : gcd(y, x % y) }
        return a / gcd(a, b) * b
    }

    /// Thermal noise of one PRB (12 subcarriers) at a receiver, in mW.
    @usableFromInline static func noisePerPRB(subcarrierSpacingHz: Double, noiseFigureDB: Double) -> Double {
        LinkBudget.dBmToMilliwatt(LinkBudget.thermalNoiseDBm(bandwidthHz: 12 * subcarrierSpacingHz,
                                                             noiseFigureDB: noiseFigureDB))
    }

    /// Routes appended to `routes` from route `first` on (replicas, new paths after a
    /// failure): their radio hops use the logical channel of the same hop on their
    /// source's first route.
    public mutating func routesAdded(_ routes: RouteTable, from first: Int) {
        routeStart = routes.start
        channelOfHop.append(contentsOf: repeatElement(-1, count: routes.hops.count - channelOfHop.count))
        for r in Int32(first)..<Int32(routes.routeCount) {
            let s = routes.owner(of: r)
            for h in 0..<routes.length(route: r) where routes.hop(route: r, h).kind == .radio {
                if let k = (0..<routes.length(route: s)).first(where: { routes.hop(route: s, $0) == routes.hop(route: r, h) }) {
                    channelOfHop[Int(routes.start[Int(r)] + h)] = channelOfHop[Int(routes.start[Int(s)] + k)]
                }
            }
        }
    }

    /// Schedules the first move of every moving terminal.
    public mutating func start(_ queue: inout EventQueue) {
        guard let env = environment else { return }
        for u in terminals.indices where terminals[u].speed > 0 && paths[u].count >= 2 {
            queue.schedule(at: env.mobilityStep, kind: Kind.move, target: Int32(u))
        }
    }

    /// The serving cell of each terminal (-1: none).
    public var servingCells: [Int32] { terminals.map(\.cell) }

    @inlinable
    mutating func handle<S>(_ event: Event, _ shared: inout Shared<S>, _ queue: inout EventQueue) {
        switch event.kind {
        case Kind.occasion:
            let cd = Int(event.target) &* 2 &+ Int(event.arg)
            guard event.generation == directions[cd].generation else { return }
            directions[cd].armedAt = .max
            occasion(cell: Int(event.target), direction: Int(event.arg), &shared, &queue)
        case Kind.decode:
            decode(cell: Int(event.target), direction: Int(event.arg & 1), batch: Int(event.arg >> 1), &shared, &queue)
        case Kind.move: move(Int(event.target), &shared, &queue)
        default: preconditionFailure("unknown NR event kind \(event.kind)")
        }
    }

    // MARK: Frames arrive

    /// Frame `f` enters radio hop `hop` (terminal << 1 | uplink): it waits in its logical
    /// channel, and the cell is woken for the first occasion that could carry it.
    @inlinable
    mutating func accept<S>(_ f: Int32, hop: Int, _ shared: inout Shared<S>, _ queue: inout EventQueue) {
        let now = queue.now
        let frame = shared.frames[f]
        let ud = hop
        let ch = Int(channelOfHop[Int(routeStart[Int(frame.route)] &+ frame.hop)])
        let u = ud >> 1, d = ud & 1
        let c = Int(terminals[u].cell)
        shared.frames[f].entered = now
        shared.frames[f].radioBytesLeft = frame.bytes
        shared.frames[f].radioSegments = 0
        shared.frames[f].radioLost = false
        queues[ch].append(f)
        terminalDirections[ud].queuedFrames &+= 1
        terminalDirections[ud].queuedBytes &+= Int64(frame.bytes)
        guard c >= 0 else { return }
        activate(ud, cell: c)
        let ready = now &+ (d == 0 ? config[c].processing.gnbTx : config[c].processing.ueTx)
        if d == 0 {
            let t = config[c].data.0.start(config[c].data.0.occasion(atOrAfter: ready))
            arm(cell: c, direction: 0, at: t, &queue)
            return
        }
        let grant = channels[ch].grant
        if grant >= 0 {
            let t = config[c].data.1.start(config[c].grantOccasion(period: grants[Int(grant)].period, atOrAfter: ready))
            arm(cell: c, direction: 1, at: t, &queue)
        }
        // A regular buffer status report, and with no resources for it a scheduling
        // request (TS 38.321 §5.4.5, §5.4.4), unless its configured grant carries it. With
        // a report in the air that does not count it, `finish` asks again once it is decoded.
        guard grant < 0, requestGrant(ud, cell: c, ready) else { return }
        let t = config[c].uplinkStart(grantReady: terminalDirections[ud].srKnownAt &+ config[c].processing.gnbTx)
        arm(cell: c, direction: 1, at: t, &queue)
    }

    @inlinable
    mutating func activate(_ ud: Int, cell c: Int) {
        guard !terminalDirections[ud].isActive else { return }
        terminalDirections[ud].isActive = true
        directions[c &* 2 &+ (ud & 1)].active.append(Int32(ud))
    }

    /// Wakes cell c for its occasion in direction d starting at `t`, unless an earlier one is armed.
    @inlinable
    mutating func arm(cell c: Int, direction d: Int, at time: SimTime, _ queue: inout EventQueue) {
        let cd = c &* 2 &+ d
        var t = time
        if t <= directions[cd].lastOccasion {  // that occasion is scheduled already: the next one
            let clock = config[c].clock(d)
            t = clock.start(clock.occasion(atOrAfter: directions[cd].lastOccasion &+ 1))
        }
        guard t < directions[cd].armedAt else { return }
        directions[cd].armedAt = t
        directions[cd].generation &+= 1
        queue.schedule(at: t, kind: Kind.occasion, target: Int32(c), arg: Int32(d), generation: directions[cd].generation)
    }
}
