import Foundation
import Kernel

extension Cells {
    /// The transport blocks of cell c's occasion in direction d end now: each is decoded
    /// at its SINR (Chase-combined with earlier attempts) with the BLER of its MCS; a
    /// block that fails is sent again after HARQ feedback, or given up after its last
    /// attempt.
    @inlinable
    mutating func decode<S>(cell c: Int, direction d: Int, batch b: Int, _ shared: inout Shared<S>, _ queue: inout EventQueue) {
        let now = queue.now
        let cd = c &* 2 &+ d
        let cfg = config[c]
        let sent = batch(cd, b)
        for tx in sent.transmissions {
            let ud = Int(tx.ueDir), p = Int(tx.process)
            let (sinr, interference) = signalToInterference(tx, cell: c, direction: d, from: sent.start, to: sent.end)
            // The channel report smooths the interference its transmissions met (an
            // exponential average): bursty neighbours do not swing the MCS block by block.
            terminalDirections[ud].lastInterference += Cells.interferenceSmoothing
                * (interference - terminalDirections[ud].lastInterference)
            terminalDirections[ud].mcsEstimate = -1
            processes[p].combined += sinr
            let pr = processes[p]
            let sinrDB = 10 * log10(sinr)
            // A first transmission's combined SINR is its own (0 + x == x): one logarithm.
            let combinedDB = pr.combined == sinr ? sinrDB : 10 * log10(pr.combined)
            let success = decisions.decodes(draw: decodeStreams[c].uniform(), model: cfg.bler, mcs: Int(pr.mcs),
                                            tbs: Int(pr.tbsBits), sinrDB: combinedDB)
            if pr.attempts == 1 { terminalDirections[ud].olla.record(success: success) }
            let giveUp = !success && pr.attempts >= pr.attemptLimit
            shared.sink.radioTransmission(
                RadioTransmission(cell: Int32(c), ue: Int32(ud >> 1), uplink: d == 1, attempt: pr.attempts,
                                  tbsBits: pr.tbsBits, prbs: tx.prbs, symbols: tx.symbols, mcs: pr.mcs,
                                  sinrDB: sinrDB, success: success, residualLoss: giveUp), at: now)
            if success || giveUp {
                finish(p, ueDir: ud, cell: c, success: success, &shared, &queue)
            } else if pr.repetitionsLeft > 0 {
                processes[p].repetitionsLeft &-= 1
                processes[p].state = .repetition
                processes[p].readyAt = now
                terminalDirections[ud].pendingRetransmissions &+= 1
            } else {
                processes[p].state = .retransmit
                processes[p].readyAt = d == 0 ? config[c].feedbackKnown(end: now) : now &+ cfg.processing.gnbRx
                terminalDirections[ud].pendingRetransmissions &+= 1
                activate(ud, cell: Int(terminals[ud >> 1].cell))
            }
        }
        rearm(cell: c, direction: d, &shared, &queue)
    }

    /// Process p's block is decoded (or given up) now: its completed frames go on (or are
    /// lost), the process frees once the gNB knows the outcome, and an uplink block's
    /// buffer status report reaches the gNB.
    @inlinable
    mutating func finish<S>(_ p: Int, ueDir ud: Int, cell c: Int, success: Bool, _ shared: inout Shared<S>,
                            _ queue: inout EventQueue) {
        let now = queue.now
        let cfg = config[c]
        let uplink = ud & 1 == 1
        let pr = processes[p]
        let delivered = now &+ (uplink ? cfg.processing.gnbRx : cfg.processing.ueRx)
        let node = uplink ? cfg.node : terminals[ud >> 1].node
        let base = p &* Cells.maxFramesPerBlock
        for i in 0..<Int(pr.frames) {
            let f = blockFrames[base &+ i]
            shared.frames[f].radioSegments &-= 1
            if !success { shared.frames[f].radioLost = true }
            let frame = shared.frames[f]
            guard frame.radioSegments == 0 && frame.radioBytesLeft == 0 else { continue }
            if frame.radioLost {
                shared.lose(f, site: -1, .lost, at: now)
                continue
            }
            if success && pr.attempts > 1 {
                let extra = now &- pr.firstEnd
                shared.frames[f].parts.harq &+= extra
                shared.frames[f].parts.radio &-= extra
            }
            shared.scheduleArrival(f, at: delivered, node: node, &queue)
        }
        processes[p].frames = 0
        processes[p].state = .idle
        processes[p].readyAt = uplink ? now &+ cfg.processing.gnbRx : config[c].feedbackKnown(end: now)
        guard uplink else { return }
        terminalDirections[ud].reportsInFlight &-= 1
        if success {
            terminalDirections[ud].knownBytes = pr.report
            terminalDirections[ud].knownAt = now &+ cfg.processing.gnbRx
        }
        let serving = Int(terminals[ud >> 1].cell)
        if serving >= 0 && askAgainIfForgotten(ud, cell: serving, now) {  // data the report did not count
            activate(ud, cell: serving)
            rearm(cell: serving, direction: 1, &shared, &queue)
        }
    }

    /// Linear SINR per PRB of a transmission, and the interference per PRB it met: the
    /// blocks other cells on the carrier had in the air on the same PRBs at the same time
    /// (downlink: their gNBs; uplink: their terminals).
    @inlinable @inline(__always)
    func signalToInterference(_ tx: Transmission, cell c: Int, direction d: Int, from start: SimTime, to end: SimTime)
        -> (Double, Double) {
        let u = Int(tx.ueDir) >> 1
        var signal = tx.powerPerPRB * links[u &* cellCount &+ c].gain
        let noise = d == 0 ? terminals[u].noisePerPRB : config[c].noisePerPRB
        var interference = 0.0
        for i in Int(cochannelStart[c])..<Int(cochannelStart[c &+ 1]) {
            let other = Int(cochannel[i])
            let ocd = other &* 2 &+ d
            for b in 0..<2 {
                let w = batchWindow(ocd, b)
                guard w.start < end && w.end > start else { continue }
                for k in 0..<w.count {
                    let t2 = transmission(ocd, b, k)
                    let overlap = Swift.min(tx.firstPRB &+ tx.prbs, t2.firstPRB &+ t2.prbs) &- Swift.max(tx.firstPRB, t2.firstPRB)
                    guard overlap > 0 else { continue }
                    let gain = d == 0 ? links[u &* cellCount &+ other].gain
                                      : links[(Int(t2.ueDir) >> 1) &* cellCount &+ c].gain
                    interference += t2.powerPerPRB * gain * Double(overlap)
                }
            }
        }
        interference /= Double(tx.prbs)
        if blockFading { signal *= channelStreams[u].exponential(mean: 1) }
        return (signal / (noise + interference), interference)
    }
}
