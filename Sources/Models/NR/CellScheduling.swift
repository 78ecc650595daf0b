import Foundation
import Kernel

extension Cells {
    /// A data occasion of cell c in direction d starts now: configured grants, HARQ
    /// retransmissions, then new transport blocks in slice and scheduler order.
    @inlinable
    mutating func occasion<S>(cell c: Int, direction d: Int, _ shared: inout Shared<S>, _ queue: inout EventQueue) {
        let now = queue.now
        let cd = c &* 2 &+ d
        let cfg = config[c]
        let clock = cfg.clock(d)
        let j = clock.occasion(atOrAfter: now)
        guard clock.start(j) == now else { return rearm(cell: c, direction: d, &shared, &queue) }
        directions[cd].lastOccasion = now
        let symbols = Int32(clock.symbols(j))
        let end = clock.end(j)
        // Downlink: data the gNB has ready now. Uplink: what a grant on the last PDCCH
        // early enough for this PUSCH could assign (TS 38.214 §6.4), filled with data the
        // terminal had ready when it received the grant.
        var decision = now, cutoff = now
        if d == 1 {
            let p = cfg.pdcch.lastOccasion(endingAtOrBefore: now &- cfg.processing.grantToData)
            if p < 0 { decision = -1; cutoff = -1 } else { decision = cfg.pdcch.start(p); cutoff = cfg.pdcch.end(p) }
        }
        let b = 1 &- directions[cd].newest
        directions[cd].newest = b
        withBatch(cd, b) { batch in
            batch.start = now
            batch.end = end
            batch.transmissions.removeAll(keepingCapacity: true)
        }
        var cursor: Int32 = 0
        var limit = cfg.prbs

        // Configured grants hold the top of the band in their occasions.
        if d == 1 {
            for gi in cellGrants[c] {
                let g = grants[Int(gi)]
                let ud = Int(g.ueDir)
                guard terminals[ud >> 1].interruptedUntil <= now else { continue }
                if let p = repeatingProcess(ud, grant: Int(gi), at: now), limit >= processes[p].prbs {
                    limit &-= processes[p].prbs
                    resend(p, ueDir: ud, cell: c, direction: d, firstPRB: limit, symbols: symbols, batch: cd, b, now: now)
                } else if config[c].isGrantOccasion(period: g.period, j) {
                    let slice = sliceOf(ud)
                    var mcs = Int32(selectMCS(ueDir: ud, cell: c, prbs: 1, slice: slice))
                    var prbs = prbsFor(bytes: g.bytes, cell: c, mcs: mcs, symbols: Int(symbols))
                    mcs = Int32(selectMCS(ueDir: ud, cell: c, prbs: prbs, slice: slice))
                    prbs = prbsFor(bytes: g.bytes, cell: c, mcs: mcs, symbols: Int(symbols))
                    guard limit >= prbs else {
                        // No room left in this occasion: data waiting on the grant asks for a
                        // dynamic one (a configured-grant channel may trigger a scheduling
                        // request, TS 38.321 §5.4.4), which carries it with the rest.
                        if !queues[Int(g.channel)].isEmpty { requestGrant(ud, cell: c, now) }
                        continue
                    }
                    limit &-= prbs
                    guard queues[Int(g.channel)].first.map({ shared.frames[$0].entered &+ cfg.processing.ueTx <= now }) == true,
                          let p = freeProcess(ud, cell: c, at: now) else { continue }
                    let tbs = blockSize(cell: c, prbs: prbs, mcs: mcs, symbols: symbols)
                    let filled = fill(ud, process: p, capacity: Int64(tbs / 8), cutoff: now, start: now, cell: c, &shared)
                    guard filled > 0 else { continue }
                    launch(p, ueDir: ud, cell: c, firstPRB: limit, prbs: prbs, mcs: mcs, tbs: tbs, symbols: symbols,
                           end: end, slice: slice, grant: gi, batch: cd, b, now: now, &shared)
                }
            }
        }

        // HARQ retransmissions, as first sent (same PRB count and MCS).
        // Indexed, not copied: a copy would make `rearm`'s removals copy the whole list.
        // Nothing below adds or removes active terminals until `rearm`.
        for i in 0..<directions[cd].active.count {
            let ud = Int(directions[cd].active[i])
            guard terminals[ud >> 1].interruptedUntil <= now, terminalDirections[ud].pendingRetransmissions > 0 else { continue }
            let first = ud &* processesPerDirection
            for p in first..<(first &+ Int(cfg.harqProcesses)) where processes[p].state == .retransmit {
                let ready = processes[p].readyAt &+ cfg.processing.gnbTx
                guard d == 0 ? ready <= now : decision >= 0 && ready <= decision else { continue }
                guard processes[p].prbs <= limit &- cursor else { continue }
                resend(p, ueDir: ud, cell: c, direction: d, firstPRB: cursor, symbols: symbols, batch: cd, b, now: now)
                cursor &+= processes[p].prbs
            }
        }

        // New transport blocks: order the candidates, serve slices' reserved PRBs, then the rest.
        if d == 0 || decision >= 0 {
            candidateScratch.removeAll(keepingCapacity: true)
            keyScratch.removeAll(keepingCapacity: true)
            for i in 0..<directions[cd].active.count {
                let ud = Int(directions[cd].active[i])
                guard terminals[ud >> 1].interruptedUntil <= now, wanted(ud, cell: c, decision: decision, cutoff: cutoff, &shared) > 0,
                      freeProcess(ud, cell: c, at: d == 0 ? now : decision) != nil else { continue }
                insertCandidate(ud, key: schedulingKey(ud, cell: c, cutoff: cutoff, now: now, &shared))
            }
            for s in cfg.sliceReserved.indices where cfg.sliceReserved[s] > 0 {
                var budget = cfg.sliceReserved[s]
                for i in candidateScratch.indices where candidateScratch[i] >= 0 && budget > 0 {
                    let ud = Int(candidateScratch[i])
                    guard sliceOf(ud) == s else { continue }
                    let used = serve(ud, cell: c, direction: d, firstPRB: cursor, available: Swift.min(budget, limit &- cursor),
                                     symbols: symbols, end: end, decision: decision, cutoff: cutoff, slice: Int32(s),
                                     batch: cd, b, now: now, &shared)
                    if used > 0 { candidateScratch[i] = -1 }
                    budget &-= used
                    cursor &+= used
                }
            }
            for i in candidateScratch.indices where candidateScratch[i] >= 0 && cursor < limit {
                let ud = Int(candidateScratch[i])
                let used = serve(ud, cell: c, direction: d, firstPRB: cursor, available: limit &- cursor, symbols: symbols,
                                 end: end, decision: decision, cutoff: cutoff, slice: sliceOf(ud), batch: cd, b, now: now,
                                 &shared)
                cursor &+= used
            }
        }
        if batchWindow(cd, b).count > 0 {
            queue.schedule(at: end, kind: Kind.decode, target: Int32(c), arg: Int32(d | b << 1))
        }
        rearm(cell: c, direction: d, &shared, &queue)
    }

    @inlinable
    mutating func withBatch<R>(_ cd: Int, _ b: Int, _ body: (inout Batch) -> R) -> R {
        b == 0 ? body(&directions[cd].batches.0) : body(&directions[cd].batches.1)
    }

    @inlinable @inline(__always)
    func batch(_ cd: Int, _ b: Int) -> Batch { b == 0 ? directions[cd].batches.0 : directions[cd].batches.1 }

    /// A batch's times and size, read in place (a copy of the batch would retain its array).
    @inlinable @inline(__always)
    func batchWindow(_ cd: Int, _ b: Int) -> (start: SimTime, end: SimTime, count: Int) {
        b == 0 ? (directions[cd].batches.0.start, directions[cd].batches.0.end, directions[cd].batches.0.transmissions.count)
               : (directions[cd].batches.1.start, directions[cd].batches.1.end, directions[cd].batches.1.transmissions.count)
    }

    @inlinable
    func transmission(_ cd: Int, _ b: Int, _ k: Int) -> Transmission {
        b == 0 ? directions[cd].batches.0.transmissions[k] : directions[cd].batches.1.transmissions[k]
    }

    /// Slice of a terminal direction: its most urgent channel's.
    @inlinable @inline(__always)
    func sliceOf(_ ud: Int) -> Int32 {
        let td = terminalDirections[ud]
        return td.channelCount > 0 ? channels[Int(td.firstChannel)].slice : -1
    }

    /// Inserts a candidate in order of its key (insertion sort: few candidates per occasion,
    /// and no allocation).
    @inlinable
    mutating func insertCandidate(_ ud: Int, key: Double) {
        candidateScratch.append(Int32(ud))
        keyScratch.append(key)
        var i = candidateScratch.count &- 1
        while i > 0 && keyScratch[i &- 1] > key {
            candidateScratch[i] = candidateScratch[i &- 1]
            keyScratch[i] = keyScratch[i &- 1]
            i &-= 1
        }
        candidateScratch[i] = Int32(ud)
        keyScratch[i] = key
    }

    /// Lower goes first: the 5QI priority level of its most urgent ready data, then the
    /// scheduler's metric (in [0, 1) so it never crosses a priority level).
    @inlinable
    mutating func schedulingKey<S>(_ ud: Int, cell c: Int, cutoff: SimTime, now: SimTime, _ shared: inout Shared<S>) -> Double {
        let td = terminalDirections[ud]
        var level = Int32.max
        var deadline = SimTime.max
        var k = Int(td.firstChannel)
        let end = k &+ Int(td.channelCount)
        while k < end {
            if let f = queues[k].first {
                level = Swift.min(level, channels[k].priorityLevel)
                if channels[k].deadline != .max {
                    deadline = Swift.min(deadline, shared.frames[f].created &+ channels[k].deadline)
                }
            }
            k &+= 1
        }
        if level == .max { level = td.channelCount > 0 ? channels[Int(td.firstChannel)].priorityLevel : 255 }
        let metric: Double
        switch config[c].scheduler {
        case .roundRobin:
            metric = Double(td.lastServed &+ 1) / Double(now &+ 2)
        case .proportionalFair:
            let rate = config[c].mcsTable.spectralEfficiency(selectMCS(ueDir: ud, cell: c, prbs: 1, slice: sliceOf(ud)))
            let average = pfAverage(ud, cell: c, now: now)
            let ratio = rate / Swift.max(average, 1e-3)  // higher first
            metric = 1 / (1 + ratio)
        case .earliestDeadline:
            metric = deadline == .max ? 0.999_999 : Double(Swift.max(0, deadline)) / Double(SimTime.max)
        }
        return Double(level) + metric
    }

    /// Proportional fair's average throughput of a terminal direction now (bit/s),
    /// decayed exponentially since it was last served.
    @inlinable @inline(__always)
    func pfAverage(_ ud: Int, cell c: Int, now: SimTime) -> Double {
        let td = terminalDirections[ud]
        return td.pfAverage * exp(-Double(now &- td.pfStamp) / config[c].pfWindow)
    }

    /// A free HARQ process of the direction at time t (the gNB knows its last outcome).
    @inlinable @inline(__always)
    func freeProcess(_ ud: Int, cell c: Int, at t: SimTime) -> Int? {
        let first = ud &* processesPerDirection
        for p in first..<(first &+ Int(config[c].harqProcesses)) where processes[p].state == .idle && processes[p].readyAt <= t {
            return p
        }
        return nil
    }

    @inlinable
    func repeatingProcess(_ ud: Int, grant g: Int, at t: SimTime) -> Int? {
        let first = ud &* processesPerDirection
        for p in first..<(first &+ processesPerDirection) where processes[p].state == .repetition && processes[p].grant == g
            && processes[p].readyAt <= t {
            return p
        }
        return nil
    }

    /// Bytes the scheduler would serve a terminal direction now (0: nothing to serve):
    /// downlink, its ready frames with headers; uplink, what the gNB knows of its buffer
    /// (a buffer status report, or a scheduling request's first grant).
    @inlinable @inline(__always)
    func wanted<S>(_ ud: Int, cell c: Int, decision: SimTime, cutoff: SimTime, _ shared: inout Shared<S>) -> Int64 {
        let td = terminalDirections[ud]
        let cfg = config[c]
        if ud & 1 == 1 {
            if td.knownBytes > 0 && td.knownAt &+ cfg.processing.gnbTx <= decision { return td.knownBytes }
            if td.srKnownAt != .max && td.srKnownAt &+ cfg.processing.gnbTx <= decision { return cfg.srGrantBytes }
            return 0
        }
        guard td.queuedFrames > 0 else { return 0 }
        var bytes: Int64 = 0
        let cap = Int64(cfg.prbs) * 12 * 14 * 8 * Int64(cfg.layers)  // more than any block
        var k = Int(td.firstChannel)
        let end = k &+ Int(td.channelCount)
        while k < end && bytes < cap {
            let q = queues[k]
            var i = 0
            while i < q.count && bytes < cap {
                let f = shared.frames[q[offset: i]]
                if f.entered &+ cfg.processing.gnbTx > cutoff { break }
                bytes &+= Int64(f.radioBytesLeft) &+ Int64(Cells.headerBytes)
                i &+= 1
            }
            k &+= 1
        }
        return bytes
    }

    /// Serves terminal direction ud a new transport block from `firstPRB` with at most
    /// `available` PRBs; returns the PRBs used.
    @inlinable
    mutating func serve<S>(_ ud: Int, cell c: Int, direction d: Int, firstPRB: Int32, available: Int32, symbols: Int32,
                           end: SimTime, decision: SimTime, cutoff: SimTime, slice: Int32, batch cd: Int, _ b: Int,
                           now: SimTime, _ shared: inout Shared<S>) -> Int32 {
        guard available > 0, let p = freeProcess(ud, cell: c, at: d == 0 ? now : decision) else { return 0 }
        let asked = wanted(ud, cell: c, decision: decision, cutoff: cutoff, &shared)
        guard asked > 0 else { return 0 }
        // Never smaller than a header and a few bytes of data, so a report of a frame's last
        // few bytes gets a grant that carries them.
        let bytes = Swift.max(asked, Int64(Cells.headerBytes + Cells.minimumSegmentBytes))
        var mcs = Int32(selectMCS(ueDir: ud, cell: c, prbs: 1, slice: slice))
        var prbs = Swift.min(available, prbsFor(bytes: bytes, cell: c, mcs: mcs, symbols: Int(symbols)))
        if d == 1 {  // the terminal's power spreads over its PRBs: estimate again with that many
            mcs = Int32(selectMCS(ueDir: ud, cell: c, prbs: prbs, slice: slice))
            prbs = Swift.min(available, prbsFor(bytes: bytes, cell: c, mcs: mcs, symbols: Int(symbols)))
        }
        let tbs = blockSize(cell: c, prbs: prbs, mcs: mcs, symbols: symbols)
        guard tbs >= 8 * (Cells.headerBytes + Cells.minimumSegmentBytes) else { return 0 }
        let filled = fill(ud, process: p, capacity: Int64(tbs / 8), cutoff: d == 0 ? now : cutoff, start: now, cell: c,
                          &shared)
        if d == 1 {
            // The grant is spent; the block carries a buffer status report.
            terminalDirections[ud].srKnownAt = .max
            if filled == 0 {  // nothing ready: a padding report of an empty buffer
                terminalDirections[ud].knownBytes = 0
                return 0
            }
            terminalDirections[ud].knownBytes = Swift.max(0, terminalDirections[ud].knownBytes &- Int64(tbs / 8))
        }
        guard filled > 0 else { return 0 }
        launch(p, ueDir: ud, cell: c, firstPRB: firstPRB, prbs: prbs, mcs: mcs, tbs: tbs, symbols: symbols, end: end,
               slice: slice, grant: -1, batch: cd, b, now: now, &shared)
        return prbs
    }

    /// Puts a filled transport block of process p in the air.
    @inlinable
    mutating func launch<S>(_ p: Int, ueDir ud: Int, cell c: Int, firstPRB: Int32, prbs: Int32, mcs: Int32, tbs: Int,
                            symbols: Int32, end: SimTime, slice: Int32, grant: Int32, batch cd: Int, _ b: Int, now: SimTime,
                            _ shared: inout Shared<S>) {
        let cfg = config[c]
        processes[p].state = .sending
        processes[p].tbsBits = Int32(tbs)
        processes[p].mcs = mcs
        processes[p].prbs = prbs
        processes[p].attempts = 1
        processes[p].combined = 0
        processes[p].firstEnd = end
        processes[p].slice = slice
        processes[p].grant = grant
        let repetitions = grant >= 0 ? grants[Int(grant)].repetitions : 1
        processes[p].repetitionsLeft = repetitions &- 1
        processes[p].attemptLimit = repetitions &+ cfg.maxAttempts &- 1
        if ud & 1 == 1 {
            // The buffer as the MAC reports it: data and the headers of the frames left.
            processes[p].report = terminalDirections[ud].queuedBytes
                &+ Int64(Cells.headerBytes) &* Int64(terminalDirections[ud].queuedFrames)
            terminalDirections[ud].reportsInFlight &+= 1
        }
        let td = terminalDirections[ud]
        terminalDirections[ud].pfAverage = pfAverage(ud, cell: c, now: now) + Double(tbs) / (cfg.pfWindow / 1e12)
        terminalDirections[ud].pfStamp = now
        terminalDirections[ud].lastServed = now
        _ = td
        let power = ud & 1 == 0 ? cfg.txPerPRB : uplinkPowerPerPRB(ud >> 1, cell: c, prbs: prbs)
        withBatch(cd, b) {
            $0.transmissions.append(Transmission(ueDir: Int32(ud), process: Int32(p), firstPRB: firstPRB, prbs: prbs,
                                                 powerPerPRB: power, symbols: symbols))
        }
    }

    /// Sends process p again (a HARQ retransmission or a configured grant's repetition).
    @inlinable
    mutating func resend(_ p: Int, ueDir ud: Int, cell c: Int, direction d: Int, firstPRB: Int32, symbols: Int32,
                         batch cd: Int, _ b: Int, now: SimTime) {
        processes[p].state = .sending
        processes[p].attempts &+= 1
        terminalDirections[ud].pendingRetransmissions &-= 1
        let prbs = processes[p].prbs
        let power = d == 0 ? config[c].txPerPRB : uplinkPowerPerPRB(ud >> 1, cell: c, prbs: prbs)
        withBatch(cd, b) {
            $0.transmissions.append(Transmission(ueDir: Int32(ud), process: Int32(p), firstPRB: firstPRB, prbs: prbs,
                                                 powerPerPRB: power, symbols: symbols))
        }
    }

    /// Fills process p's block with up to `capacity` bytes from the direction's channels in
    /// priority order (TS 38.321 §5.4.3.1, without prioritized bit rates), segmenting the
    /// last frame; only frames ready by `cutoff`. Returns the bytes placed.
    @inlinable
    mutating func fill<S>(_ ud: Int, process p: Int, capacity: Int64, cutoff: SimTime, start: SimTime, cell c: Int,
                          _ shared: inout Shared<S>) -> Int64 {
        let cfg = config[c]
        let readyDelay = ud & 1 == 0 ? cfg.processing.gnbTx : cfg.processing.ueTx
        let header = Int64(Cells.headerBytes)
        var room = capacity
        var count = 0
        let base = p &* Cells.maxFramesPerBlock
        let td = terminalDirections[ud]
        var k = Int(td.firstChannel)
        let end = k &+ Int(td.channelCount)
        fillLoop: while k < end {
            while room > header && count < Cells.maxFramesPerBlock, let f = queues[k].first {
                let frame = shared.frames[f]
                guard frame.entered &+ readyDelay <= cutoff else { break }
                // No slivers: a segment carries its frame's rest or a few bytes at least.
                guard room &- header >= Swift.min(Int64(frame.radioBytesLeft), Int64(Cells.minimumSegmentBytes)) else {
                    break fillLoop
                }
                let take = Swift.min(Int64(frame.radioBytesLeft), room &- header)
                if frame.radioBytesLeft == frame.bytes {  // its first segment: any wait past going alone is queueing
                    let q = Swift.max(0, start &- aloneStart(frame, channel: k, cell: c))
                    shared.frames[f].parts.queueing &+= q
                    shared.frames[f].parts.radio &-= q
                }
                shared.frames[f].radioBytesLeft &-= Int32(take)
                shared.frames[f].radioSegments &+= 1
                room &-= take &+ header
                terminalDirections[ud].queuedBytes &-= take
                blockFrames[base &+ count] = f
                count &+= 1
                if shared.frames[f].radioBytesLeft == 0 {
                    _ = queues[k].removeFirst()
                    terminalDirections[ud].queuedFrames &-= 1
                } else {
                    break fillLoop  // the block is full
                }
            }
            if count == Cells.maxFramesPerBlock || room <= header { break }
            k &+= 1
        }
        processes[p].frames = Int32(count)
        return capacity &- room
    }

    /// The start of the first occasion a frame alone could have used: the reference for
    /// its radio queueing.
    @inlinable
    func aloneStart(_ frame: Frame, channel k: Int, cell c: Int) -> SimTime {
        let cfg = config[c]
        if channels[k].ueDir & 1 == 0 {
            let ready = frame.entered &+ cfg.processing.gnbTx
            return cfg.data.0.start(cfg.data.0.occasion(atOrAfter: ready))
        }
        let ready = frame.entered &+ cfg.processing.ueTx
        if channels[k].grant >= 0 { return cfg.data.1.start(config[c].grantOccasion(period: grants[Int(channels[k].grant)].period, atOrAfter: ready)) }
        return config[c].uplinkStart(grantReady: config[c].schedulingRequestKnown(ready: ready) &+ cfg.processing.gnbTx)
    }

    // MARK: Link adaptation

    /// The SINR (linear) the gNB expects for terminal direction ud over `prbs` PRBs, from
    /// the current path gain and the interference measured on its last transmission.
    @inlinable
    func expectedSINR(_ ud: Int, cell c: Int, prbs: Int32) -> Double {
        let u = ud >> 1
        let g = links[u &* cellCount &+ c].gain
        let signal: Double, noise: Double
        if ud & 1 == 0 {
            signal = config[c].txPerPRB * g
            noise = terminals[u].noisePerPRB
        } else {
            signal = uplinkPowerPerPRB(u, cell: c, prbs: prbs) * g
            noise = config[c].noisePerPRB
        }
        return signal / (noise + terminalDirections[ud].lastInterference)
    }

    /// The MCS for terminal direction ud: its channel quality report (TS 38.214 §5.2.2.1),
    /// the SINR that CQI stands for, the outer loop's offset, and the highest MCS whose
    /// BLER there meets the target of the cell or of `slice` (0 when none does).
    @inlinable
    mutating func selectMCS(ueDir ud: Int, cell c: Int, prbs: Int32, slice: Int32) -> Int {
        if prbs == 1 {
            let known = terminalDirections[ud].mcsEstimate
            if known >= 0 { return Int(known) }
            let mcs = computeMCS(ueDir: ud, cell: c, prbs: 1, slice: slice)
            terminalDirections[ud].mcsEstimate = Int32(mcs)
            return mcs
        }
        return computeMCS(ueDir: ud, cell: c, prbs: prbs, slice: slice)
    }

    @inlinable @inline(__always)
    func computeMCS(ueDir ud: Int, cell c: Int, prbs: Int32, slice: Int32) -> Int {
        let cqi = config[c].cqi.channelQuality(linear: expectedSINR(ud, cell: c, prbs: prbs))
        guard cqi > 0 else { return 0 }
        let sinr = config[c].cqi.thresholdsDB[cqi &- 1] + terminalDirections[ud].olla.offsetDB
        let n = config[c].mcsCount
        let row = (Int(slice) &+ 1) &* n
        var mcs = n &- 1
        while mcs > 0 && config[c].requiredSINR[row &+ mcs] > sinr { mcs &-= 1 }
        return mcs
    }

    /// Uplink transmit power per PRB (mW) of terminal u to cell c over `prbs` PRBs:
    /// open-loop power control, P0 + α·PL per PRB, capped by the terminal's maximum
    /// spread over its PRBs (TS 38.213 §7.1.1, without closed-loop corrections).
    @inlinable @inline(__always)
    func uplinkPowerPerPRB(_ u: Int, cell c: Int, prbs: Int32) -> Double {
        let cap = terminals[u].txPowerMilliwatt / Double(Swift.max(1, prbs))
        let g = links[u &* cellCount &+ c].gain
        let wanted = config[c].ulAlpha == 1 ? config[c].ulP0 / g : config[c].ulP0 * pow(g, -config[c].ulAlpha)
        return Swift.min(cap, wanted)
    }

    /// Transport block size in bits (TS 38.214 §5.1.3.2).
    @inlinable
    mutating func blockSize(cell c: Int, prbs: Int32, mcs: Int32, symbols: Int32) -> Int {
        blockSizes[config[c].blockTable].size(prbs: Int(prbs), mcs: Int(mcs), symbols: Int(symbols))
    }

    /// The fewest PRBs whose block holds `bytes` (all of the carrier when none does).
    @inlinable
    mutating func prbsFor(bytes: Int64, cell c: Int, mcs: Int32, symbols: Int) -> Int32 {
        var lo: Int32 = 1, hi = config[c].prbs
        let bits = bytes &* 8
        while lo < hi {
            let mid = (lo &+ hi) >> 1
            if Int64(blockSize(cell: c, prbs: mid, mcs: mcs, symbols: Int32(symbols))) >= bits { hi = mid } else { lo = mid &+ 1 }
        }
        return lo
    }

    // MARK: Waking up

    /// Arms cell c's next occasion in direction d for the earliest work of its terminals,
    /// and lets go of terminals that have none.
    @inlinable
    mutating func rearm<S>(cell c: Int, direction d: Int, _ shared: inout Shared<S>, _ queue: inout EventQueue) {
        let cd = c &* 2 &+ d
        var next = SimTime.max
        // Nothing can be earlier than the occasion after the last one scheduled: once a
        // terminal needs that one, the others need no timing, only their upkeep.
        let clock = config[c].clock(d)
        let soonest = clock.start(clock.occasion(atOrAfter: Swift.max(queue.now, directions[cd].lastOccasion &+ 1)))
        var i = 0
        while i < directions[cd].active.count {
            let ud = Int(directions[cd].active[i])
            let td = terminalDirections[ud]
            if td.queuedFrames == 0 && td.pendingRetransmissions == 0 {
                terminalDirections[ud].isActive = false
                directions[cd].active[i] = directions[cd].active[directions[cd].active.count &- 1]
                directions[cd].active.removeLast()
                continue
            }
            if next > soonest {
                next = Swift.min(next, earliestOccasion(ud, cell: c, queue.now, &shared))
            } else if ud & 1 == 1 {
                askAgainIfForgotten(ud, cell: c, queue.now)
            }
            i &+= 1
        }
        if next != .max { arm(cell: c, direction: d, at: next, &queue) }
    }

    /// Start of the earliest occasion in which terminal direction ud could be served.
    @inlinable
    mutating func earliestOccasion<S>(_ ud: Int, cell c: Int, _ now: SimTime, _ shared: inout Shared<S>) -> SimTime {
        let cfg = config[c]
        let td = terminalDirections[ud]
        // Downlink decides at the occasion itself, so nothing before now; uplink decides on
        // an earlier PDCCH, so a grant ready before now may still assign the next occasion
        // (`arm` moves a past occasion to the next one).
        let after = ud & 1 == 0 ? Swift.max(now, terminals[ud >> 1].interruptedUntil) : terminals[ud >> 1].interruptedUntil
        var t = SimTime.max
        let first = ud &* processesPerDirection
        var earliestFree = SimTime.max
        // Without retransmissions pending, the scan may stop at the first process free by
        // `after`: no other can be free earlier than that matters.
        let retransmissions = td.pendingRetransmissions > 0
        for p in first..<(first &+ Int(cfg.harqProcesses)) {
            let pr = processes[p]
            switch pr.state {
            case .retransmit:
                let ready = Swift.max(after, pr.readyAt &+ cfg.processing.gnbTx)
                t = Swift.min(t, ud & 1 == 0 ? cfg.data.0.start(cfg.data.0.occasion(atOrAfter: ready))
                                            : cfg.uplinkStart(grantReady: ready))
            case .repetition: t = Swift.min(t, cfg.data.1.start(cfg.data.1.occasion(atOrAfter: Swift.max(after, pr.readyAt))))
            case .idle:
                earliestFree = Swift.min(earliestFree, pr.readyAt)
                if !retransmissions && earliestFree <= after { break }
                continue
            case .sending: continue
            }
            if !retransmissions && earliestFree <= after { break }
        }
        guard td.queuedFrames > 0, earliestFree != .max || ud & 1 == 1 else { return t }
        let free = earliestFree == .max ? after : Swift.max(after, earliestFree)
        if ud & 1 == 0 {
            var ready = SimTime.max
            var k = Int(td.firstChannel)
            while k < Int(td.firstChannel) &+ Int(td.channelCount) {
                if let f = queues[k].first { ready = Swift.min(ready, shared.frames[f].entered &+ cfg.processing.gnbTx) }
                k &+= 1
            }
            if ready != .max { t = Swift.min(t, cfg.data.0.start(cfg.data.0.occasion(atOrAfter: Swift.max(free, ready)))) }
            return t
        }
        // Uplink: a configured grant's next occasion for its data, or the next grant.
        var k = Int(td.firstChannel)
        while k < Int(td.firstChannel) &+ Int(td.channelCount) {
            if channels[k].grant >= 0, let f = queues[k].first {
                let ready = Swift.max(free, shared.frames[f].entered &+ cfg.processing.ueTx)
                t = Swift.min(t, cfg.data.1.start(config[c].grantOccasion(period: grants[Int(channels[k].grant)].period, atOrAfter: ready)))
            }
            k &+= 1
        }
        if td.knownBytes > 0 {
            t = Swift.min(t, config[c].uplinkStart(grantReady: Swift.max(free, td.knownAt &+ cfg.processing.gnbTx)))
        } else if td.srKnownAt != .max {
            t = Swift.min(t, config[c].uplinkStart(grantReady: Swift.max(free, td.srKnownAt &+ cfg.processing.gnbTx)))
        } else if askAgainIfForgotten(ud, cell: c, now) {
            let sr = terminalDirections[ud].srKnownAt
            t = Swift.min(t, config[c].uplinkStart(grantReady: Swift.max(free, sr &+ cfg.processing.gnbTx)))
        }
        return t
    }

    /// Uplink terminal direction ud sends a scheduling request from `now` (or the end of a
    /// handover's interruption) unless the gNB already knows of its data or has a request or
    /// a report pending; whether it did.
    @inlinable @discardableResult
    mutating func requestGrant(_ ud: Int, cell c: Int, _ now: SimTime) -> Bool {
        let td = terminalDirections[ud]
        guard td.knownBytes == 0, td.srKnownAt == .max, td.reportsInFlight == 0 else { return false }
        let after = Swift.max(now, terminals[ud >> 1].interruptedUntil)
        terminalDirections[ud].srKnownAt = config[c].schedulingRequestKnown(ready: after)
        return true
    }

    /// An uplink terminal direction with data no report announced (it came after the last
    /// one was built) asks again with a scheduling request, if nothing is pending.
    @inlinable @discardableResult
    mutating func askAgainIfForgotten(_ ud: Int, cell c: Int, _ now: SimTime) -> Bool {
        hasDynamicData(ud) && requestGrant(ud, cell: c, now)
    }

    @inlinable @inline(__always)
    func hasDynamicData(_ ud: Int) -> Bool {
        let td = terminalDirections[ud]
        var k = Int(td.firstChannel)
        while k < Int(td.firstChannel) &+ Int(td.channelCount) {
            if channels[k].grant < 0 && !queues[k].isEmpty { return true }
            k &+= 1
        }
        return false
    }
}
