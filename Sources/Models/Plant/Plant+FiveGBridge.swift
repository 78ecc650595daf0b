import Kernel

/// Hold and forward at the translators of 5G TSN bridges (3GPP TS 23.501 §5.27.4; where a
/// route enters and leaves one: `BridgeCrossing`). A frame is stamped as it enters and, at
/// the egress, held until stamp + residence: one `heldKind` event, no allocation. The time
/// held counts as queueing in the latency split (it waits in the translator's buffer).
extension Plant {
    /// Frame `f`, whose current hop ended at `time`, enters a bridge there if the hop is
    /// marked so (the UPF's NW-TT, downlink).
    @inlinable
    mutating func stampOnArrival(_ f: Int32, at time: SimTime) {
        let frame = shared.frames[f]
        if bridges.mark(shared.routes, route: frame.route, hop: frame.hop) & BridgeHold.Mark.ingressAtEnd != 0 {
            bridges.stamp(f, at: time)
        }
    }

    /// Frame `f` reached `node` at the end of its current hop: whether a bridge's egress
    /// there (a terminal's DS-TT, downlink) holds or drops it.
    @inlinable
    mutating func holdsOnArrival(_ f: Int32, at node: Int32, _ queue: inout EventQueue) -> Bool {
        let frame = shared.frames[f]
        let m = bridges.mark(shared.routes, route: frame.route, hop: frame.hop)
        guard m & BridgeHold.Mark.egressAtEnd != 0 else { return false }
        return holds(f, frame, mark: m, at: node, ended: frame.hop, &queue)
    }

    /// Frame `f` is about to start its current hop: whether a bridge's egress before it (the
    /// UPF's NW-TT, uplink) holds or drops it; if not, a terminal's DS-TT may stamp it.
    @inlinable
    mutating func holdsBeforeHop(_ f: Int32, _ frame: Frame, _ queue: inout EventQueue) -> Bool {
        let m = bridges.mark(shared.routes, route: frame.route, hop: frame.hop)
        if m & BridgeHold.Mark.egressAtStart != 0 {
            let before = frame.hop &- 1
            let ended = frame.hop > 0 && shared.routes.hop(route: frame.route, before).kind != .service ? before : -1
            let upf = bridges.holder(shared.routes, route: frame.route, hop: frame.hop)
            if holds(f, frame, mark: m, at: upf, ended: ended, &queue) { return true }
        }
        if m & BridgeHold.Mark.ingressAtStart != 0 { bridges.stamp(f, at: queue.now) }
        return false
    }

    /// The egress of a crossing: before stamp + residence the frame is held (its hop `ended`,
    /// -1 for none, counts up to now); after it, it is late: on at once or dropped.
    @inlinable
    mutating func holds(_ f: Int32, _ frame: Frame, mark m: UInt8, at node: Int32, ended: Int32,
                        _ queue: inout EventQueue) -> Bool {
        let now = queue.now
        let stamp = bridges.stamp(of: f)
        let due = stamp &+ bridges.residence(shared.routes, route: frame.route, hop: frame.hop)
        if now < due {
            if ended >= 0 { endSegment(f, hop: ended, at: now) }
            shared.frames[f].mark = now
            queue.schedule(at: due, kind: Shared<Sink>.heldKind, target: node, arg: f, generation: frame.generation)
            return true
        }
        let late = now > due
        let drop = late && m & BridgeHold.Mark.dropLate != 0
        shared.sink.bridgeCrossed(flow: frame.flow, source: frame.source, leg: Int32(frame.leg), created: frame.created,
                                  delay: now &- stamp, late: late, dropped: drop, at: now)
        if drop {
            shared.lose(f, site: -1, .late, at: now)
            return true
        }
        return false
    }

    /// Frame `f`, held at `node`, leaves the bridge: on to the end of its hop's boundary.
    @inlinable
    mutating func released(_ f: Int32, at node: Int32, _ queue: inout EventQueue) {
        let now = queue.now
        let frame = shared.frames[f]
        shared.frames[f].parts.queueing &+= now &- frame.mark
        shared.frames[f].mark = now
        shared.sink.bridgeCrossed(flow: frame.flow, source: frame.source, leg: Int32(frame.leg), created: frame.created,
                                  delay: now &- bridges.stamp(of: f), late: false, dropped: false, at: now)
        let m = bridges.mark(shared.routes, route: frame.route, hop: frame.hop)
        if m & BridgeHold.Mark.egressAtEnd != 0 { return proceed(f, at: node, &queue) }
        if m & BridgeHold.Mark.ingressAtStart != 0 { bridges.stamp(f, at: now) }
        startHop(f, shared.frames[f], &queue)
    }
}
