import Kernel

/// A change of a port's time-sensitive networking during the run (IEEE 802.1Q-2018 8.6.9.1:
/// a new administrative gate control list, shaper slopes or preemption settings): asked
/// for at `time`, it takes effect at the port's next cycle boundary (its gate control
/// list's, on its node's clock), or at once on a port without gates, as a bridge's
/// ConfigChange does.
public struct TSNChange: Sendable, Equatable {
    public var time: SimTime
    public var port: Int
    /// The port's settings from then on.
    public var tsn: PortTSN

    public init(time: SimTime, port: Int, tsn: PortTSN) {
        self.time = time
        self.port = port
        self.tsn = tsn
    }
}

extension Ethernet {
    /// Schedules the run's TSN changes.
    mutating func start(_ queue: inout EventQueue) {
        for (i, c) in changes.enumerated() {
            queue.schedule(at: c.time, kind: Kind.reconfigure, target: Int32(c.port), arg: Int32(i))
        }
    }

    /// A change is asked for: it applies at the next cycle boundary of the port's gates.
    @usableFromInline
    mutating func reconfigure(_ event: Event, _ queue: inout EventQueue) {
        let port = Int(event.target), s = Int(ports[port].shaper)
        let now = queue.now
        var at = now
        if let g = shaping.ports[s].gates {
            let local = localTime(s, now)
            let phase = g.phase(local)
            if phase != 0 { at = globalTime(s, reading: local &+ (g.cycle &- phase), from: now) }
        }
        queue.schedule(at: at, kind: Kind.reconfigured, target: event.target, arg: event.arg)
    }

    /// The change takes effect: credits are brought up to now under the old slopes first.
    @usableFromInline
    mutating func reconfigured<S>(_ event: Event, _ shared: inout Shared<S>, _ queue: inout EventQueue) {
        let port = Int(event.target), s = Int(ports[port].shaper)
        let now = queue.now
        for tc in 0..<8 { updateCredit(s, tc, port: port, now: now) }
        shaping.update(s, to: changes[Int(event.arg)].tsn)
        shaping.ports[s].wakeAt = Time.maximum  // look again under the new settings
        shaping.ports[s].wakeGeneration &+= 1
        serveShaped(port: port, shaper: s, &shared, &queue)
    }
}

extension PortShaping {
    /// Port `s` runs with `tsn` from now on (its state, credits included, carries over).
    mutating func update(_ s: Int, to tsn: PortTSN) {
        var shaped: UInt8 = 0
        for c in 0..<8 {
            idleSlopes[s * 8 + c] = tsn.idleSlope(c)
            if tsn.idleSlope(c) > 0 { shaped |= 1 << UInt8(c) } else { credits[s * 8 + c] = CreditState() }
        }
        ports[s].gates = tsn.gates
        ports[s].guardBand = tsn.guardBand
        ports[s].express = tsn.preemption?.express ?? 0xFF
        ports[s].addFragSize = tsn.preemption?.addFragSize ?? 0
        ports[s].shaped = shaped
    }
}
