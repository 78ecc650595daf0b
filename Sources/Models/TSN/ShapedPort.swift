import Kernel

/// The Ethernet egress ports that use time-sensitive networking: transmission selection
/// with scheduled traffic (IEEE 802.1Qbv, 802.1Q-2018 8.6.8.4), credit-based shapers
/// (802.1Qav, 8.6.8.2) and frame preemption (802.1Qbu / 802.3br), on the local clock of
/// the port's node (802.1AS, `Clocks`).
///
/// A shaped port sends the highest waiting class that may send now: its gate open, its
/// frame fitting before the gate closes (or the guard band), its credit not negative; a
/// lower class goes first when a higher one may not. When nothing may send, one wake-up
/// event is scheduled for the earliest time something could; gate changes cost nothing
/// while no frame waits.
extension Ethernet {
    @inlinable
    func localTime(_ s: Int, _ t: SimTime) -> SimTime {
        clocks.perfect ? t : clocks.local(node: Int(shaping.ports[s].node), at: t)
    }

    /// The global time, at or after `from`, when port `s`'s clock reads `reading`.
    @inlinable
    func globalTime(_ s: Int, reading: SimTime, from: SimTime) -> SimTime {
        clocks.perfect ? Swift.max(reading, from) : clocks.global(node: Int(shaping.ports[s].node), reading: reading, from: from)
    }

    /// Brings class `tc`'s credit up to `now` (a no-op for a class without a shaper).
    @inlinable
    mutating func updateCredit(_ s: Int, _ tc: Int, port: Int, now: SimTime) {
        let i = s &* 8 &+ tc
        let idle = shaping.idleSlopes[i]
        guard idle > 0 else { return }
        let sp = shaping.ports[s]
        let waiting = ports[port].nonEmptyClasses & (UInt8(1) << UInt8(tc)) != 0
        let txEnd = sp.txClass == Int8(tc) ? sp.txEnd : 0
        let clocks = clocks
        let node = Int(sp.node)
        shaping.credits[i].advance(to: now, idle: idle, rate: ports[port].rateBitsPerSecond, txEnd: txEnd,
                                   waiting: waiting) { a, b in
            guard let g = sp.gates else { return b &- a }
            return g.openTime(class: tc, from: clocks.local(node: node, at: a), to: clocks.local(node: node, at: b))
        }
    }

    /// Octets that have begun on the wire `elapsed` after a transmission started: the
    /// finished ones and the one in progress (128-bit product; capped at Int32.max).
    @inlinable
    func octetsStarted(_ port: Int, in elapsed: SimTime) -> Int32 {
        let product = UInt64(Swift.max(0, elapsed)).multipliedFullWidth(by: UInt64(ports[port].rateBitsPerSecond))
        let perOctet = UInt64(8 &* Time.second)
        guard product.high < perOctet else { return Int32.max }
        let (q, r) = perOctet.dividingFullWidth(product)
        let octets = r > 0 ? q &+ 1 : q
        return octets < UInt64(Int32.max) ? Int32(octets) : Int32.max
    }

    /// Time on the wire of `octets` at the port's rate.
    @inlinable
    func octetTime(_ port: Int, _ octets: Int32) -> SimTime {
        ports[port].wireTime(bytes: octets, overhead: 0, padded: false)
    }

    /// A frame joins a shaped port.
    @inlinable
    mutating func offerShaped<S>(_ f: Int32, port: Int, shaper s: Int, _ shared: inout Shared<S>,
                                 _ queue: inout EventQueue) {
        let now = queue.now
        shared.frames[f].entered = now
        let frame = shared.frames[f]
        guard ports[port].admits(bytes: frame.bytes) else {
            shared.lose(f, site: site(port), .bufferFull, at: now)
            return
        }
        let tc = ports[port].trafficClass(priority: frame.priority)
        updateCredit(s, tc, port: port, now: now)  // it rose or fell with the queue as it was
        queues[port &* EgressPort.queuesPerPort &+ tc].append(f)
        ports[port].queued(trafficClass: tc, bytes: frame.bytes)
        shared.sink.enqueued(site: site(port), frames: ports[port].waitingFrames, bytes: ports[port].waitingBytes,
                             at: now)
        serveShaped(port: port, shaper: s, &shared, &queue)
    }

    /// Handles a shaped port's transmission end or wake-up.
    @inlinable
    mutating func shapedEvent<S>(_ event: Event, shaper s: Int, _ shared: inout Shared<S>, _ queue: inout EventQueue) {
        let port = Int(event.target)
        if event.kind == Kind.transmissionEnd {
            guard event.generation == ports[port].generation else { return }
            shaping.ports[s].endPending = false
        } else {
            guard event.generation == shaping.ports[s].wakeGeneration else { return }
            shaping.ports[s].wakeAt = Time.maximum
        }
        serveShaped(port: port, shaper: s, &shared, &queue)
    }

    /// Starts what may start now on a shaped port, preempts when an express frame may go,
    /// and makes sure an event will come back when the port can do more.
    @inlinable
    mutating func serveShaped<S>(port: Int, shaper s: Int, _ shared: inout Shared<S>, _ queue: inout EventQueue) {
        let now = queue.now
        if ports[port].busyUntil <= now {
            let (pick, wake, held) = choose(port: port, shaper: s, now: now, shared)
            if pick >= 0 {
                startShaped(trafficClass: pick, port: port, shaper: s, &shared, &queue)
            } else if pick == -2 {
                resume(port: port, shaper: s, &shared, &queue)
            } else {
                if held && shaping.ports[s].heldSince < 0 { shaping.ports[s].heldSince = now }
                scheduleWake(s, port: port, at: wake, &queue)
                return
            }
        }
        if shaping.ports[s].cuttable {
            let wake = considerPreemption(port: port, shaper: s, &shared, &queue)
            if wake > now { scheduleWake(s, port: port, at: wake, &queue) }
        }
        if (ports[port].waitingFrames > 0 || shaping.ports[s].suspended >= 0) && !shaping.ports[s].endPending {
            shaping.ports[s].endPending = true
            scheduleTransmissionEnd(port: port, &queue)
        }
    }

    @inlinable
    mutating func scheduleWake(_ s: Int, port: Int, at t: SimTime, _ queue: inout EventQueue) {
        guard t < shaping.ports[s].wakeAt, t >= queue.now else { return }
        shaping.ports[s].wakeAt = t
        shaping.ports[s].wakeGeneration &+= 1
        queue.schedule(at: t, kind: Kind.gateWake, target: Int32(port), generation: shaping.ports[s].wakeGeneration)
    }

    /// Whether class `tc`'s waiting frame of `bytes` may start at `now` (local time `L`) as
    /// far as gates go; if not, when to look again (Time.maximum: never), and whether a gate
    /// held it.
    @inlinable
    func gateAllows(_ tc: Int, bytes: Int32, port: Int, shaper s: Int, now: SimTime, local L: SimTime)
        -> (ok: Bool, wake: SimTime) {
        let sp = shaping.ports[s]
        guard let g = sp.gates else { return (true, Time.maximum) }
        let bit = UInt8(1) << UInt8(tc)
        if g.open(at: L) & bit == 0 {
            guard let o = g.nextOpen(bit, from: L) else { return (false, Time.maximum) }
            return (false, globalTime(s, reading: o, from: now))
        }
        let left = g.openFor(class: tc, at: L)
        guard left != Time.maximum else { return (true, Time.maximum) }
        let need: SimTime
        if sp.express & bit == 0 && FramePreemption.cuttable(bytes: Swift.max(bytes, ports[port].minFrameBytes),
                                                             addFragSize: sp.addFragSize) {
            // Preemptable: it is held (cut) when its gate closes; its first fragment must fit.
            need = octetTime(port, FramePreemption.header &+ FramePreemption.minNonFinal(first: true, addFragSize: sp.addFragSize)
                             &+ FramePreemption.mCRC &+ ports[port].overheadBytes &- 8)
        } else if sp.guardBand == .maxFrame {
            need = sp.maxFrameTime
        } else {
            need = ports[port].transmissionTime(bytes: bytes)
        }
        if need <= left { return (true, Time.maximum) }
        guard let o = g.nextOpen(bit, from: L &+ left) else { return (false, Time.maximum) }
        return (false, globalTime(s, reading: o, from: now &+ 1))
    }

    /// What the free shaped port sends now: a traffic class, -2 to resume its preempted
    /// frame, or -1 for nothing (then `wake` says when to look again and `held` whether a
    /// gate holds a frame back).
    @inlinable
    mutating func choose<S>(port: Int, shaper s: Int, now: SimTime, _ shared: Shared<S>)
        -> (pick: Int, wake: SimTime, held: Bool) {
        let sp = shaping.ports[s]
        let L = localTime(s, now)
        var wake = Time.maximum, held = false
        var waiting = ports[port].nonEmptyClasses
        if sp.suspended >= 0 { waiting &= sp.express }  // only express frames pass a preempted one
        while waiting != 0 {
            let tc = 7 &- waiting.leadingZeroBitCount
            waiting &= ~(UInt8(1) << UInt8(tc))
            let f = queues[port &* EgressPort.queuesPerPort &+ tc].first.unsafelyUnwrapped
            let gate = gateAllows(tc, bytes: shared.frames[f].bytes, port: port, shaper: s, now: now, local: L)
            if !gate.ok {
                held = true
                wake = Swift.min(wake, gate.wake)
                continue
            }
            if sp.shaped & (UInt8(1) << UInt8(tc)) != 0 {
                updateCredit(s, tc, port: port, now: now)
                let i = s &* 8 &+ tc
                if shaping.credits[i].credit < 0 {
                    wake = Swift.min(wake, now &+ shaping.credits[i].timeToZero(idle: shaping.idleSlopes[i]))
                    continue
                }
            }
            return (tc, wake, held)
        }
        if sp.suspended >= 0 {
            let tc = Int(sp.suspendedClass), bit = UInt8(1) << UInt8(tc)
            guard let g = sp.gates, g.open(at: L) & bit == 0 else { return (-2, wake, held) }
            if let o = g.nextOpen(bit, from: L) { wake = Swift.min(wake, globalTime(s, reading: o, from: now)) }
            held = true
        }
        return (-1, wake, held)
    }

    /// The frame at the head of class `tc` starts on the free shaped port now.
    @inlinable
    mutating func startShaped<S>(trafficClass tc: Int, port: Int, shaper s: Int, _ shared: inout Shared<S>,
                                 _ queue: inout EventQueue) {
        let now = queue.now
        noteStart(port: port, shaper: s, now: now, &shared)
        let previous = Int(shaping.ports[s].txClass)
        if previous >= 0 && previous != tc { updateCredit(s, previous, port: port, now: now) }
        updateCredit(s, tc, port: port, now: now)
        let q = port &* EgressPort.queuesPerPort &+ tc
        let f = queues[q].removeFirst()
        ports[port].dequeued(trafficClass: tc, bytes: shared.frames[f].bytes, classEmpty: queues[q].isEmpty)
        shared.sink.dequeued(site: site(port), frames: ports[port].waitingFrames, bytes: ports[port].waitingBytes, at: now)
        let sp = shaping.ports[s]
        let bit = UInt8(1) << UInt8(tc)
        let bytes = Swift.max(shared.frames[f].bytes, ports[port].minFrameBytes)
        let preemptable = sp.express & bit == 0
        if !preemptable && sp.afterPreemptable && sp.express != 0xFF {
            shared.sink.expressBlocked(site: site(port), duration: now &- shared.frames[f].entered, at: now)
        }
        transmit(f, port: port, cutThrough: !preemptable, &shared, &queue)
        shaping.ports[s].txClass = Int8(tc)
        shaping.ports[s].txEnd = ports[port].busyUntil
        shaping.ports[s].fragStart = now
        shaping.ports[s].fragOffset = 0
        shaping.ports[s].fragData = bytes
        shaping.ports[s].cuttable = preemptable && FramePreemption.cuttable(bytes: bytes, addFragSize: sp.addFragSize)
        shaping.ports[s].afterPreemptable = preemptable && sp.express != 0xFF
    }

    /// A held gate opened or a frame may go: the time it was held counts.
    @inlinable
    mutating func noteStart<S>(port: Int, shaper s: Int, now: SimTime, _ shared: inout Shared<S>) {
        let since = shaping.ports[s].heldSince
        guard since >= 0 else { return }
        shaping.ports[s].heldSince = -1
        shared.sink.gateHeld(site: site(port), duration: now &- since, at: now)
    }

    /// The preempted frame's remainder goes on as its last fragment (or is cut again).
    @inlinable
    mutating func resume<S>(port: Int, shaper s: Int, _ shared: inout Shared<S>, _ queue: inout EventQueue) {
        let now = queue.now
        noteStart(port: port, shaper: s, now: now, &shared)
        let sp = shaping.ports[s]
        let f = sp.suspended, tc = Int(sp.suspendedClass)
        let previous = Int(sp.txClass)
        if previous >= 0 && previous != tc { updateCredit(s, previous, port: port, now: now) }
        updateCredit(s, tc, port: port, now: now)
        let bytes = Swift.max(shared.frames[f].bytes, ports[port].minFrameBytes)
        let data = bytes &- sp.suspendedOffset
        let duration = octetTime(port, FramePreemption.header &+ data &+ ports[port].overheadBytes &- 8)
        let arrival = now &+ octetTime(port, FramePreemption.header &+ data) &+ ports[port].propagation
        let sequence = queue.reserveSequence()
        ports[port].startTransmission(f, duration: duration, arrival: arrival, at: now, sequence: sequence)
        shared.scheduleArrival(f, at: arrival, node: ports[port].peerNode, &queue)
        shaping.ports[s].suspended = -1
        shaping.ports[s].txClass = Int8(tc)
        shaping.ports[s].txEnd = now &+ duration
        shaping.ports[s].fragStart = now
        shaping.ports[s].fragOffset = sp.suspendedOffset
        shaping.ports[s].fragData = data
        shaping.ports[s].cuttable = data >= FramePreemption.minNonFinal(first: false, addFragSize: sp.addFragSize)
            &+ FramePreemption.minLast
        shaping.ports[s].afterPreemptable = true
    }

    /// While a preemptable fragment is on the wire: cuts it when an express frame may go
    /// now or its own gate has closed (hold, 802.1Q-2018 8.6.8.4 Set-And-Hold-MAC), at the
    /// first legal point from now if one remains. Returns when to look again: the earliest
    /// time a waiting express frame may go or the gate closes (Time.maximum: not before
    /// the fragment ends).
    @inlinable
    mutating func considerPreemption<S>(port: Int, shaper s: Int, _ shared: inout Shared<S>,
                                        _ queue: inout EventQueue) -> SimTime {
        let now = queue.now
        let sp = shaping.ports[s]
        let L = localTime(s, now)
        var cause = false, wake = Time.maximum
        var express = ports[port].nonEmptyClasses & sp.express
        while express != 0 && !cause {
            let tc = 7 &- express.leadingZeroBitCount
            express &= ~(UInt8(1) << UInt8(tc))
            let f = queues[port &* EgressPort.queuesPerPort &+ tc].first.unsafelyUnwrapped
            let gate = gateAllows(tc, bytes: shared.frames[f].bytes, port: port, shaper: s, now: now, local: L)
            guard gate.ok else {
                wake = Swift.min(wake, gate.wake)
                continue
            }
            cause = true
            if sp.shaped & (UInt8(1) << UInt8(tc)) != 0 {
                updateCredit(s, tc, port: port, now: now)
                let i = s &* 8 &+ tc
                if shaping.credits[i].credit < 0 {
                    cause = false
                    wake = Swift.min(wake, now &+ shaping.credits[i].timeToZero(idle: shaping.idleSlopes[i]))
                }
            }
        }
        if !cause, let g = sp.gates, sp.txClass >= 0 {
            let bit = UInt8(1) << UInt8(sp.txClass)
            if g.open(at: L) & bit == 0 {
                cause = true
            } else {
                let left = g.openFor(class: Int(sp.txClass), at: L)
                if left != Time.maximum { wake = Swift.min(wake, globalTime(s, reading: L &+ left, from: now &+ 1)) }
            }
        }
        guard cause else { return wake < sp.txEnd ? wake : Time.maximum }
        // Octets of this fragment's data on the wire by now, the one in progress included:
        // the cut comes at an octet boundary not before now (802.3br 99.4.4).
        let sent = Swift.max(0, octetsStarted(port, in: now &- sp.fragStart) &- FramePreemption.header)
        guard let keep = FramePreemption.cut(data: sp.fragData, sent: sent, first: sp.fragOffset == 0,
                                             addFragSize: sp.addFragSize) else {
            shaping.ports[s].cuttable = false  // too late: it finishes
            return Time.maximum
        }
        let tc = Int(sp.txClass)
        updateCredit(s, tc, port: port, now: now)
        let end = sp.fragStart &+ octetTime(port, FramePreemption.header &+ keep &+ FramePreemption.mCRC
                                                 &+ ports[port].overheadBytes &- 8)
        guard let cut = ports[port].abortTransmission(at: now) else { return Time.maximum }
        shared.frames[cut.frame].generation &+= 1  // its arrival is off
        ports[port].busyUntil = end
        shaping.ports[s].txEnd = end
        shaping.ports[s].cuttable = false
        shaping.ports[s].suspended = cut.frame
        shaping.ports[s].suspendedClass = Int8(tc)
        shaping.ports[s].suspendedOffset = sp.fragOffset &+ keep
        shaping.ports[s].endPending = false
        ports[port].endSequence = queue.reserveSequence()
        shared.sink.preempted(site: site(port), at: now)
        return Time.maximum
    }

    /// Every waiting frame, the one on the wire and a preempted one are lost for `reason`.
    @inlinable
    mutating func failPort<S>(_ port: Int, _ reason: DropReason, _ shared: inout Shared<S>, _ queue: inout EventQueue) {
        let s = ports[port].shaper
        if s >= 0 {
            let f = shaping.ports[Int(s)].suspended
            shaping.ports[Int(s)].suspended = -1
            shaping.ports[Int(s)].cuttable = false
            if f >= 0 { shared.lose(f, site: site(port), reason, at: queue.now) }
        }
        fail(port: port, reason, &shared, &queue)
    }
}

extension Ethernet {
    /// At the end of a run: each credit-based shaper's least and largest credit, brought up
    /// to `time`.
    mutating func reportCredits<S>(at time: SimTime, _ shared: inout Shared<S>) {
        for s in shaping.ports.indices {
            let port = Int(shaping.ports[s].port)
            for tc in 0..<8 where shaping.idleSlopes[s * 8 + tc] > 0 {
                updateCredit(s, tc, port: port, now: time)
                let c = shaping.credits[s * 8 + tc]
                shared.sink.creditRange(site: site(port), trafficClass: Int32(tc), least: Double(c.least) / CreditState.scale,
                                        most: Double(c.most) / CreditState.scale)
            }
        }
    }
}
