import Foundation
import Kernel

extension Cells {
    /// A moving terminal advances one mobility step along its waypoints (in a loop); its
    /// LOS states, shadowing and path gains follow (TR 38.901 §7.6.3), and it hands over
    /// to a cell of its gNB that is stronger by the hysteresis.
    @inlinable
    mutating func move<S>(_ u: Int, _ shared: inout Shared<S>, _ queue: inout EventQueue) {
        guard let env = environment else { return }
        let now = queue.now
        let path = paths[u]
        let step = terminals[u].speed * Time.seconds(env.mobilityStep)
        var left = step
        var position = terminals[u].position
        var w = terminals[u].waypoint
        while left > 0 {
            let target = path[w]
            let gap = position.distance3D(target)
            if gap <= left {
                position = target
                left -= gap
                w = (w + 1) % path.count
                if gap == 0 && path.allSatisfy({ $0 == target }) { break }
            } else {
                let k = left / gap
                position = Position(x: position.x + (target.x - position.x) * k, y: position.y + (target.y - position.y) * k,
                                    z: position.z + (target.z - position.z) * k)
                left = 0
            }
        }
        terminals[u].position = position
        terminals[u].waypoint = w
        let rng = channelStreams[u]
        for c in 0..<cellCount {
            let i = u &* cellCount &+ c
            if rng.uniform() < ShadowFading.losRedrawProbability(distance: step,
                                                                correlationDistance: propagation[c].losCorrelationDistance) {
                links[i].los = rng.uniform() < losProbability(u, cell: c)
            }
            links[i].shadow.move(distance: step, z: rng.gaussian())
        }
        updateGains(u)
        let serving = Int(terminals[u].cell)
        let best = Int(strongestCell(u))
        if best >= 0, serving >= 0, best != serving,
           10 * log10(received(u, cell: best) / received(u, cell: serving)) > config[serving].hysteresisDB {
            handover(u, to: best, &shared, &queue)
        }
        queue.schedule(at: now &+ env.mobilityStep, kind: Kind.move, target: Int32(u))
    }

    @inlinable
    func losProbability(_ u: Int, cell c: Int) -> Double {
        propagation[c].losProbability(distance2D: terminals[u].position.distance2D(cellPositions[c]),
                                      bsHeight: cellPositions[c].z, ueHeight: terminals[u].position.z)
    }

    /// Path gains of terminal u to every cell: antenna gains less TR 38.901 path loss (LOS
    /// or NLOS by its state) and shadowing.
    @inlinable
    mutating func updateGains(_ u: Int) {
        for c in 0..<cellCount {
            let i = u &* cellCount &+ c
            let d3 = terminals[u].position.distance3D(cellPositions[c])
            let los = links[i].los
            let pl = los ? propagation[c].pathLossLOS(distance3D: d3) : propagation[c].pathLossNLOS(distance3D: d3)
            let shadow = propagation[c].shadowFadingSigma(los: los) * links[i].shadow.valueDB
            links[i].gain = pow(10, (cellGainDBi[c] + terminals[u].gainDBi - pl - shadow) / 10)
        }
        terminalDirections[u &* 2].mcsEstimate = -1
        terminalDirections[u &* 2 &+ 1].mcsEstimate = -1
    }

    /// Received power per PRB of cell c's downlink at terminal u (mW).
    @inlinable @inline(__always)
    func received(_ u: Int, cell c: Int) -> Double { config[c].txPerPRB * links[u &* cellCount &+ c].gain }

    /// The cell of u's gNB it receives best (-1 when none).
    @inlinable
    func strongestCell(_ u: Int) -> Int32 {
        var best: Int32 = -1
        var power = -Double.infinity
        for c in candidates[u] where received(u, cell: Int(c)) > power {
            power = received(u, cell: Int(c))
            best = c
        }
        return best
    }

    /// Terminal u changes to cell `to`: its buffers and HARQ state go with it (a lossless
    /// handover with data forwarding); it can neither send nor receive for the
    /// interruption time.
    @inlinable
    mutating func handover<S>(_ u: Int, to new: Int, _ shared: inout Shared<S>, _ queue: inout EventQueue) {
        let old = Int(terminals[u].cell)
        for d in 0..<2 {
            let ud = u &* 2 &+ d
            guard terminalDirections[ud].isActive else { continue }
            let cd = old &* 2 &+ d
            if let i = directions[cd].active.firstIndex(of: Int32(ud)) {
                directions[cd].active[i] = directions[cd].active[directions[cd].active.count &- 1]
                directions[cd].active.removeLast()
            }
            terminalDirections[ud].isActive = false
        }
        var i = 0
        while i < cellGrants[old].count {
            if Int(grants[Int(cellGrants[old][i])].ueDir) >> 1 == u {
                cellGrants[new].append(cellGrants[old][i])
                cellGrants[old].remove(at: i)
            } else {
                i += 1
            }
        }
        terminals[u].cell = Int32(new)
        terminals[u].interruptedUntil = queue.now &+ config[old].handoverInterruption
        terminals[u].noisePerPRB = Cells.noisePerPRB(subcarrierSpacingHz: config[new].subcarrierSpacingHz,
                                                     noiseFigureDB: terminals[u].noiseFigureDB)
        shared.sink.handover(ue: Int32(u), from: Int32(old), to: Int32(new), at: queue.now)
        for d in 0..<2 {
            let ud = u &* 2 &+ d
            let td = terminalDirections[ud]
            if td.queuedFrames > 0 || td.pendingRetransmissions > 0 {
                activate(ud, cell: new)
                rearm(cell: new, direction: d, &shared, &queue)
            }
        }
    }
}
