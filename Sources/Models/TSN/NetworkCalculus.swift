/// Deterministic network calculus (Le Boudec & Thiran, "Network Calculus", LNCS 2050,
/// chapter 1; Cruz 1991) with the two curve shapes worst-case TSN analysis needs: token
/// buckets for what arrives and rate-latency curves for what a port serves. Pure
/// functions; bits, bits per second and picoseconds as `Double`; an infinite value means
/// "no finite bound".
public enum NetworkCalculus {
    /// Picoseconds a second.
    public static let second = 1e12

    /// Time in picoseconds to send `bits` at `rate` bits per second.
    @inlinable
    public static func time(bits: Double, rate: Double) -> Double { bits / rate * second }

    /// Bits sent at `rate` bits per second in `ps` picoseconds.
    @inlinable
    public static func bits(rate: Double, picoseconds ps: Double) -> Double { rate * ps / second }
}

/// A token-bucket (affine) arrival curve α(t) = burst + rate·t: in any interval of length
/// t, at most that much arrives (Le Boudec & Thiran §1.2). The unit of `burst` is bits or
/// frames, `rate` that unit per second.
public struct ArrivalCurve: Sendable, Equatable {
    public var burst: Double
    public var rate: Double

    public init(burst: Double, rate: Double) {
        self.burst = burst
        self.rate = rate
    }

    public static let zero = ArrivalCurve(burst: 0, rate: 0)
    /// No finite curve: a Poisson stream, a trace, traffic after a hop without a bound.
    public static let unbounded = ArrivalCurve(burst: .infinity, rate: .infinity)

    public var isFinite: Bool { burst.isFinite && rate.isFinite }

    /// The sum of two curves bounds the aggregate of the two flows.
    public static func + (a: ArrivalCurve, b: ArrivalCurve) -> ArrivalCurve {
        ArrivalCurve(burst: a.burst + b.burst, rate: a.rate + b.rate)
    }

    /// The same flow after a lossless system whose delay varies by at most `jitter`
    /// picoseconds: α(t + jitter) = burst + rate·jitter + rate·t (the output of a lossless
    /// system with delay bound D, Le Boudec & Thiran Thm 1.4.3 with β = δ_D): the burst
    /// grows by what arrives during the jitter.
    public func delayed(by jitter: Double) -> ArrivalCurve {
        guard jitter > 0 else { return self }
        return ArrivalCurve(burst: burst + NetworkCalculus.bits(rate: rate, picoseconds: jitter), rate: rate)
    }

    /// The curve with both terms multiplied by `k` (frames to bits: k = bits per frame).
    public func scaled(by k: Double) -> ArrivalCurve { ArrivalCurve(burst: burst * k, rate: rate * k) }
}

/// A rate-latency service curve β(t) = rate·[t − latency]⁺ (Le Boudec & Thiran §1.3):
/// once backlogged for t, a queue has been served at least that much. `rate` in bits per
/// second, `latency` in picoseconds.
public struct RateLatency: Sendable, Equatable {
    public var rate: Double
    public var latency: Double

    public init(rate: Double, latency: Double) {
        self.rate = rate
        self.latency = latency
    }

    /// Delay bound of a FIFO queue with arrival curve `a` (bits): the horizontal deviation
    /// h(α, β) = latency + burst / rate, when a.rate ≤ rate (Le Boudec & Thiran Thm 1.4.2);
    /// infinity when the queue is not stable or either curve is unbounded.
    public func delayBound(_ a: ArrivalCurve) -> Double {
        guard a.isFinite, rate.isFinite, latency.isFinite, rate > 0, a.rate <= rate else { return .infinity }
        return latency + NetworkCalculus.time(bits: a.burst, rate: rate)
    }

    /// The service left to a queue after cross traffic `other` with priority over it:
    /// β' = [β − α]⁺, again rate-latency, with rate − α.rate and the latency at which β
    /// has caught up with α's burst (blind multiplexing of a strict service curve, Le
    /// Boudec & Thiran Thm 6.2.1).
    public func leftOver(after other: ArrivalCurve) -> RateLatency {
        guard other.isFinite, rate > other.rate else { return RateLatency(rate: 0, latency: .infinity) }
        let r = rate - other.rate
        let caughtUp = other.burst + NetworkCalculus.bits(rate: other.rate, picoseconds: latency)
        return RateLatency(rate: r, latency: latency + NetworkCalculus.time(bits: caughtUp, rate: r))
    }
}

/// Service curves of the transmission-selection mechanisms of an IEEE 802.1Q egress port
/// (8.6.8), one traffic class at a time. Rates in bits per second, sizes in bits on the
/// wire (frame, padding, preamble, SFD and inter-packet gap), times in picoseconds.
public enum PortService {
    /// Strict priority, non-preemptive (802.1Q 8.6.8.1): class c of a port of rate `link`,
    /// below higher classes whose aggregate arrives within `higher`, and behind at most one
    /// frame of `blocking` bits already on the wire (a lower class's frame, or the part of a
    /// preemptable frame that cannot be cut). The classes c and above are served at the
    /// link rate, but for that one frame, from the start of their busy period, and the
    /// higher classes take at most `higher` of it:
    ///   β_c(t) = [link·t − blocking − higher.burst − higher.rate·t]⁺,
    /// rate-latency with R = link − r_H, T = (blocking + b_H) / (link − r_H) (Le Boudec &
    /// Thiran §1.3, the non-preemptive priority node, with the classes above c as its
    /// high-priority flow and the classes c and above as one busy period).
    public static func strictPriority(link: Double, higher: ArrivalCurve, blocking: Double) -> RateLatency {
        guard higher.isFinite, link > higher.rate else { return RateLatency(rate: 0, latency: .infinity) }
        let r = link - higher.rate
        return RateLatency(rate: r, latency: NetworkCalculus.time(bits: blocking + higher.burst, rate: r))
    }

    /// Credit-based shaper (802.1Qav, 8.6.8.2) of the highest shaped class A with idleSlope
    /// I_A, below unshaped classes (CDT) within `higher`: Mohammadpour, Stai, Mohiuddin & Le
    /// Boudec, "Latency and backlog bounds in TSN with credit based shapers and asynchronous
    /// traffic shaping", ITC 30 (2018), as in REFERENCE.md:
    ///   R_A = I_A·(C − r)/(I_A − S_A), S_A = I_A − C;
    ///   T_A = (L_nA + b + r·L/C)/(C − r),
    /// with L_nA the largest frame of the classes below A and L the largest frame of the
    /// classes below the unshaped ones (A included).
    public static func creditBasedA(link: Double, idleSlope: Double, higher: ArrivalCurve, belowA: Double,
                                    largest: Double) -> RateLatency {
        guard higher.isFinite, link > higher.rate, idleSlope > 0
        else { return RateLatency(rate: 0, latency: .infinity) }
        let send = idleSlope - link
        let rate = idleSlope * (link - higher.rate) / (idleSlope - send)
        let bits = belowA + higher.burst + higher.rate * largest / link
        return RateLatency(rate: rate, latency: NetworkCalculus.time(bits: bits, rate: link - higher.rate))
    }

    /// The second shaped class B, idleSlope I_B, below class A (idleSlope I_A, largest frame
    /// L_A) and the unshaped classes within `higher` (same paper):
    ///   R_B = I_B·(C − r)/(I_B − S_B);
    ///   T_B = (L_BE + L_A + L_nA·I_A/(C − I_A) + b + r·L/C)/(C − r),
    /// L_BE the largest frame below B, L_nA the largest below A. The term L_nA·I_A/(C − I_A)
    /// is −L_nA·I_A/S_A: class A's credit built while a lower frame blocked it.
    public static func creditBasedB(link: Double, idleSlope: Double, idleSlopeA: Double, higher: ArrivalCurve,
                                    belowB: Double, classA: Double, belowA: Double, largest: Double) -> RateLatency {
        guard higher.isFinite, link > higher.rate, idleSlope > 0, idleSlopeA < link
        else { return RateLatency(rate: 0, latency: .infinity) }
        let send = idleSlope - link
        let rate = idleSlope * (link - higher.rate) / (idleSlope - send)
        let bits = belowB + classA + belowA * idleSlopeA / (link - idleSlopeA) + higher.burst
            + higher.rate * largest / link
        return RateLatency(rate: rate, latency: NetworkCalculus.time(bits: bits, rate: link - higher.rate))
    }

    /// A class whose gate (802.1Qbv, 8.6.8.4) opens for `open` picoseconds in total in every
    /// `cycle`, served at the link rate while open: in any interval of length t it gets at
    /// least link·open·⌊t/cycle⌋ + link·[t mod cycle − (cycle − open)]⁺, which lies above
    /// the rate-latency curve R = link·open/cycle, T = cycle − open (the service of a
    /// periodic window, a TDMA slot; Zhao, Pop & Craciunas, "Worst-case latency analysis
    /// for IEEE 802.1Qbv time sensitive networks using network calculus", IEEE Access
    /// 2018). `open` must already leave out what guard bands and blocking at each opening
    /// cost; `blocking` is added once, for a frame on the wire when the queue becomes
    /// backlogged inside a window.
    public static func window(link: Double, open: Double, cycle: Double, blocking: Double) -> RateLatency {
        guard open > 0, cycle > 0 else { return RateLatency(rate: 0, latency: .infinity) }
        let o = Swift.min(open, cycle)
        return RateLatency(rate: link * o / cycle,
                           latency: cycle - o + NetworkCalculus.time(bits: blocking, rate: link))
    }

    /// What an express frame waits at most behind a preemptable one (IEEE 802.3br 99.4):
    /// a preemptable frame is cut only where both parts keep the minimum fragment sizes,
    /// so at most the smallest non-final fragment, 64·(1 + addFragSize) − 4 octets, plus
    /// the 63 that could not form a last fragment of their own go out uncut (123 octets for
    /// addFragSize 0), plus `overhead` (preamble, SMD, inter-packet gap): 143 octets on the
    /// wire for addFragSize 0 and 20 B of overhead.
    public static func preemptionResidueBytes(addFragSize: Int, overhead: Int) -> Int {
        64 * (1 + addFragSize) - 4 + 63 + overhead
    }

    /// Extra octets each preemption costs the preempted frame (IEEE 802.3br 99.3): the mCRC
    /// closing the cut fragment (4), an inter-packet gap (12), and the preamble, SMD-C and
    /// fragment count that open the continuation (8).
    public static let preemptionOverheadBytes = 24
}
