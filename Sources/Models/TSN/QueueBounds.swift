import Kernel

/// What arrives at one traffic class of one egress port: the aggregate of the streams
/// that class carries there.
public struct ClassLoad: Sendable, Equatable {
    /// Bits on the wire (frame, padding, preamble, SFD, inter-packet gap).
    public var bits: ArrivalCurve
    public var frames: ArrivalCurve
    /// Bits on the wire of its largest and its smallest frame; 0 when the class carries
    /// nothing (and `smallest` 0 when unknown).
    public var largest: Double
    public var smallest: Double
    /// Why `bits` is not finite: the first unbounded stream's cause.
    public var cause: String?

    public init(bits: ArrivalCurve = .zero, frames: ArrivalCurve = .zero, largest: Double = 0, smallest: Double = 0,
                cause: String? = nil) {
        self.bits = bits
        self.frames = frames
        self.largest = largest
        self.smallest = smallest
        self.cause = cause
    }

    public var carries: Bool { largest > 0 || !bits.isFinite }
    public static let empty = ClassLoad()
}

/// The delay bound of one traffic class at one port: from a frame's arrival in its queue
/// until its last bit (and the inter-packet gap after it) has left; infinite with a reason
/// when there is none.
public struct QueueBound: Sendable, Equatable {
    public var delay: Double
    /// Set when `delay` is infinite: the whole sentence, and its root cause alone (what a
    /// queue downstream reports).
    public var reason: String?
    public var cause: String?

    public init(delay: Double, reason: String? = nil, cause: String? = nil) {
        self.delay = delay
        self.reason = reason
        self.cause = cause
    }

    static func none(_ reason: String, cause: String? = nil) -> Self {
        QueueBound(delay: .infinity, reason: reason, cause: cause ?? reason)
    }
}

/// A missing bound travels as the failure of a `Result`.
extension QueueBound: Error {}

/// Per-class delay bounds of one egress port, given what arrives at each class: strict
/// priority, credit-based shapers, gate control lists and preemption as `PortTSN` sets them.
public enum QueueBounds {
    /// The delay bound of every traffic class of `port` (index = class; classes without
    /// traffic get 0). `name` names the port in reasons ("sw1→line"); `clock` is the
    /// largest offset of the port's clock from the grandmaster (802.1AS) and its drift in
    /// parts per million, which shift and stretch its gate windows.
    public static func analyse(port: PortSpec, name: String, load loads: [ClassLoad],
                               clock: (bound: Double, driftPPM: Double)? = nil) -> [QueueBound] {
        let n = Swift.min(8, Swift.max(1, port.trafficClasses))
        var out = [QueueBound](repeating: QueueBound(delay: 0), count: 8)
        let link = effectiveRate(port)
        let tsn = port.tsn
        let pre = tsn?.preemption
        let shaped = (0..<n).filter { (tsn?.idleSlope($0) ?? 0) > 0 }.sorted(by: >)
        func load(_ c: Int) -> ClassLoad { c < loads.count ? loads[c] : .empty }
        func largest(_ classes: some Sequence<Int>) -> Double { classes.reduce(0) { Swift.max($0, load($1).largest) } }
        func express(_ c: Int) -> Bool { pre.map { $0.express & (1 << UInt8(c)) != 0 } ?? true }
        let residue = pre.map {
            Double(PortService.preemptionResidueBytes(addFragSize: $0.addFragSize,
                                                      overhead: Int(port.overheadBytes))) * 8
        } ?? 0
        let preemptable = (0..<n).filter { !express($0) }

        /// The classes that take service before c once c waits (802.1Qbu: every express
        /// class comes before a preemptable one).
        func higher(_ c: Int) -> [Int] {
            guard pre != nil else { return Array((c + 1)..<n) }
            return express(c) ? (c + 1..<n).filter(express) : (0..<n).filter { express($0) || $0 > c }
        }
        /// Whether the gates of classes c and h are ever open together (always, without
        /// gates): a class whose gate is closed while c's is open cannot hold c back, since
        /// its frames end before its gate closes (length-aware or guard band, 8.6.8.4).
        func together(_ c: Int, _ h: Int) -> Bool {
            guard let g = tsn?.gates else { return true }
            let both = UInt8(1) << UInt8(c) | UInt8(1) << UInt8(h)
            return g.entries.contains { $0.open & both == both }
        }
        /// The most a frame already on the wire holds c back: a lower class's frame, or
        /// for an express class the uncuttable part of a preemptable one.
        func blocking(_ c: Int) -> Double {
            let lower = (0..<c).filter { together(c, $0) }
            guard pre != nil else { return largest(lower) }
            if !express(c) { return largest(lower.filter { !express($0) }) }
            // A preemptable frame is cut at a gate's closing only at a legal point, so it
            // may run past the closing by its uncuttable part: any preemptable class counts.
            return Swift.max(largest(lower.filter(express)), Swift.min(residue, largest(preemptable)))
        }
        /// The traffic of `classes` as it arrives (`delayed` false) or as it leaves this
        /// port (true: each class's curve delayed by its bound here), with the extra octets
        /// each preemption of c's frames costs when c is preemptable; or why it has no curve.
        func aggregate(_ classes: [Int], of c: Int, delayed: Bool) -> Result<ArrivalCurve, QueueBound> {
            var sum = ArrivalCurve.zero
            for h in classes where load(h).carries {
                let l = load(h)
                if !l.bits.isFinite {
                    return .failure(.none("higher class \(h) at \(name) carries unbounded traffic (\(l.cause ?? "?"))",
                                          cause: l.cause))
                }
                let d = delayed ? out[h].delay : 0
                if !d.isFinite { return .failure(.none(out[h].reason ?? "?", cause: out[h].cause)) }
                sum = sum + l.bits.delayed(by: d)
                if pre != nil && !express(c) && express(h) {
                    sum = sum + l.frames.delayed(by: d).scaled(by: Double(PortService.preemptionOverheadBytes * 8))
                }
            }
            return .success(sum)
        }
        /// The bound of class c under `service`, or why there is none.
        func bound(_ c: Int, _ service: Result<RateLatency, QueueBound>) -> QueueBound {
            let l = load(c)
            if !l.bits.isFinite {
                return .none("class \(c) at \(name) carries unbounded traffic (\(l.cause ?? "?"))", cause: l.cause)
            }
            switch service {
            case let .failure(q): return q
            case let .success(s):
                let d = s.delayBound(l.bits)
                if d.isFinite { return QueueBound(delay: d) }
                return .none("class \(c) at \(name) is overloaded: it needs \(rateText(l.bits.rate)), "
                             + "is guaranteed \(rateText(Swift.max(0, s.rate)))")
            }
        }
        func strict(_ c: Int, delayed: Bool) -> QueueBound {
            bound(c, aggregate(higher(c), of: c, delayed: delayed).map {
                PortService.strictPriority(link: link, higher: $0, blocking: blocking(c))
            })
        }

        /// A class under a gate control list (802.1Qbv 8.6.8.4): served while its gate is
        /// open, at the link rate but for the higher classes open at the same time (their
        /// output curves: they may have waited behind closed gates) and blocking. Each
        /// window loses what the guard band keeps free at its end, a frame blocking at its
        /// start, and twice the clock's offset bound (a correction may shift its edges).
        func gated(_ c: Int, gates g: GateControlList) -> QueueBound {
            let bit = UInt8(1) << UInt8(c)
            guard g.everOpen & bit != 0 else { return .none("the gate of class \(c) at \(name) never opens") }
            // A preemptable frame held at its gate's closing blocks every other preemptable
            // frame until its gate opens again (802.3br: the pMAC finishes it first).
            if pre != nil && !express(c), let h = preemptable.first(where: { h in
                h != c && load(h).carries
                    && g.entries.contains { ($0.open & bit == 0) != ($0.open & (1 << UInt8(h)) == 0) }
            }) {
                return .none("preemptable classes \(Swift.min(c, h)) and \(Swift.max(c, h)) at \(name) have "
                             + "different gate schedules: a held fragment of one blocks the other (outside the model)")
            }
            let overlapping = higher(c).filter { together(c, $0) }
            let block = blocking(c)
            let base: RateLatency
            if g.alwaysOpen & bit != 0 {
                base = RateLatency(rate: link, latency: NetworkCalculus.time(bits: block, rate: link))
            } else {
                let l = load(c), lengthAware = port.tsn?.guardBand != .maxFrame
                let frameEnd = lengthAware ? l.largest
                    : Swift.max(l.largest, Double(port.maxFrameBytes + port.overheadBytes) * 8)
                let lost = NetworkCalculus.time(bits: block, rate: link) + 2 * (clock?.bound ?? 0)
                let drift = (clock?.driftPPM ?? 0) * 1e-6
                // Frames all of one size L fill ⌊window/L⌋ of it; otherwise the window's end
                // may go unused for up to its largest frame.
                let fixed = lengthAware && l.smallest == l.largest
                    ? NetworkCalculus.time(bits: l.largest, rate: link) : 0
                let open = openIntervals(g, bit).reduce(0.0) { sum, length in
                    let usable = Swift.max(0, length - lost)
                    return sum + (fixed > 0 ? ((usable + 1e-3) / fixed).rounded(.down) * fixed
                                  : Swift.max(0, usable - NetworkCalculus.time(bits: frameEnd, rate: link)))
                } * (1 - drift)
                guard open > 0 else {
                    return .none("the windows of class \(c) at \(name) are too short for its frames")
                }
                base = PortService.window(link: link, open: open, cycle: Double(g.cycle) * (1 + drift), blocking: block)
            }
            return bound(c, aggregate(overlapping, of: c, delayed: true).map { base.leftOver(after: $0) })
        }

        for c in (0..<n).reversed() where load(c).carries {
            if let gates = tsn?.gates {
                if let top = shaped.first, c <= top {
                    out[c] = .none("credit-based shapers under a gate control list (at \(name)) are outside the model")
                } else {
                    out[c] = gated(c, gates: gates)
                }
            } else if let a = shaped.first {
                let b = shaped.count > 1 ? shaped[1] : nil
                if c > a {
                    out[c] = strict(c, delayed: false)  // unshaped classes above the shapers (CDT)
                } else if shaped.count > 2 || pre != nil
                            || (b.map { b in (b + 1..<a).contains { load($0).carries } } ?? false) {
                    out[c] = .none("credit-based shapers at \(name) are outside the model (more than two shaped "
                                   + "classes, an unshaped class between them, or preemption)")
                } else if c == a {
                    let idle = creditRate(tsn!.idleSlope(a))
                    out[c] = bound(c, aggregate(higher(c), of: c, delayed: false).map {
                        PortService.creditBasedA(link: link, idleSlope: idle, higher: $0, belowA: largest(0..<a),
                                                 largest: largest(0...a))
                    })
                } else if c == b {
                    let idle = creditRate(tsn!.idleSlope(c)), idleA = Double(tsn!.idleSlope(a))
                    out[c] = bound(c, aggregate((a + 1..<n).map { $0 }, of: c, delayed: false).map {
                        PortService.creditBasedB(link: link, idleSlope: idle, idleSlopeA: idleA, higher: $0,
                                                 belowB: largest(0..<c), classA: load(a).largest,
                                                 belowA: largest(0..<a), largest: largest(0...a))
                    })
                } else {
                    // Below the shaped classes: they may hold frames when c starts waiting, so
                    // what they take is bounded by what leaves them (their output curves).
                    out[c] = strict(c, delayed: true)
                }
            } else {
                out[c] = strict(c, delayed: false)
            }
        }
        return out
    }

    /// The lengths (picoseconds) of the stretches of a cycle during which the gates of
    /// `classes` are open, consecutive entries joined and the last joined to the first
    /// across the cycle's end; the last entry lasts to the end of the cycle (8.6.9.1.1).
    public static func openIntervals(_ g: GateControlList, _ classes: UInt8) -> [Double] {
        var runs: [Double] = [], t: SimTime = 0, open = false
        for (i, e) in g.entries.enumerated() where t < g.cycle {
            let end = i == g.entries.count - 1 ? g.cycle : Swift.min(g.cycle, t + e.duration)
            let isOpen = e.open & classes != 0
            if isOpen && open {
                runs[runs.count - 1] += Double(end - t)
            } else if isOpen {
                runs.append(Double(end - t))
            }
            open = isOpen
            t = end
        }
        if runs.count > 1, open, g.entries[0].open & classes != 0 {
            runs[0] += runs.removeLast()
        }
        return runs
    }

    /// The port's rate for the bound: its line rate, or just below it when a bit does not
    /// last a whole number of picoseconds, since the simulation rounds each frame's
    /// transmission up to the picosecond (at most 1 ps more for the shortest frame).
    static func effectiveRate(_ port: PortSpec) -> Double {
        let c = Double(port.rateBitsPerSecond)
        guard (8 * Time.second) % port.rateBitsPerSecond != 0 else { return c }
        let shortest = NetworkCalculus.time(bits: Double(Swift.max(1, port.minFrameBytes + port.overheadBytes)) * 8,
                                            rate: c)
        return c * shortest / (shortest + 1)
    }

    /// An idleSlope for the bound: just below the configured one, since the simulation
    /// rounds each wait for a negative credit to reach zero up to the picosecond (at most
    /// 1 ps a frame, against at least the time the shortest frame's credit takes).
    static func creditRate(_ idle: Int64) -> Double {
        let i = Double(idle), shortest = NetworkCalculus.time(bits: 84 * 8, rate: i)
        return i * shortest / (shortest + 1)
    }

    /// "120.5 Mbit/s".
    static func rateText(_ bps: Double) -> String {
        guard bps.isFinite else { return "an unbounded rate" }
        for (scale, unit) in [(1e9, "Gbit/s"), (1e6, "Mbit/s"), (1e3, "kbit/s")] where bps >= scale {
            return "\(Double(Int((bps / scale * 10).rounded())) / 10) \(unit)"
        }
        return "\(Int(bps.rounded())) bit/s"
    }
}
