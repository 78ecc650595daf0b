import Kernel

/// Runtime state of one sender of a flow: when it sends next and how large its frames are.
public struct Source: Sendable {
    public var flow: Int32
    public var node: Int32
    /// Priority code point of its frames (IEEE 802.1Q, 0...7).
    public var priority: UInt8
    /// Largest frame every hop on the route accepts (sizes drawn above it are clipped).
    public var maxFrameBytes: Int32
    public var traffic: TrafficSpec
    /// Nominal time of the next send, kept exactly (periodic grid or fractional gaps).
    public var nominal: Double = 0
    /// End of the current on period (on/off) or frames left in the current burst.
    public var onUntil: SimTime = 0
    public var burstLeft: Int = 0
    /// Next frame of a trace.
    public var traceIndex: Int = 0
    public var stop: SimTime

    public init(flow: Int32, node: Int32, priority: UInt8, maxFrameBytes: Int32, traffic: TrafficSpec) {
        self.flow = flow
        self.node = node
        self.priority = priority
        self.maxFrameBytes = maxFrameBytes
        self.traffic = traffic
        self.stop = traffic.stop ?? Time.maximum
    }

    /// Time of the first send, or nil if the source never sends.
    public mutating func firstSend(_ rng: RandomStream) -> SimTime? {
        let start = traffic.offset.sample(rng)
        nominal = start
        switch traffic.pattern {
        case let .periodic(period, jitter):
            return clamp(start + (jitter.map { jitterDraw($0, period, rng) } ?? 0))
        case let .poisson(meanGap):
            // A Poisson stream that starts at `offset`: its first arrival is a gap later.
            return clamp(start + rng.exponential(mean: meanGap))
        case .constantRate:
            return clamp(start)
        case let .onOff(on, _, _):
            onUntil = Time.duration(start + on.sample(rng))
            return clamp(start)
        case let .burst(_, count, _):
            burstLeft = count
            return clamp(start)
        case let .trace(times, _):
            traceIndex = 0
            return times.isEmpty ? nil : clamp(start + Double(times[0]))
        }
    }

    /// Given a send at `now`, the time of the next one, or nil when the source is done.
    @inlinable
    public mutating func nextSend(after now: SimTime, _ rng: RandomStream) -> SimTime? {
        switch traffic.pattern {
        case let .periodic(period, jitter):
            nominal += Double(period)
            if let jitter { return clamp(Swift.max(Double(now), nominal + jitterDraw(jitter, period, rng))) }
            return clamp(nominal)
        case let .poisson(meanGap):
            return clamp(Double(now) + rng.exponential(mean: meanGap))
        case let .constantRate(gap):
            nominal += gap
            return clamp(nominal)
        case let .onOff(on, off, gap):
            // Sending time accrues only while on: what is left of a gap when an on period
            // ends carries into the next, so the rate while on is 1/gap however short the
            // on periods are. (Bounded: a gap spanning 10^5 on periods is cut short, and
            // the frame leaves at the start of the last one.)
            nominal += gap
            var cycles = 0
            while nominal >= Double(onUntil) {
                let carry = nominal - Double(onUntil)
                let onStart = Double(onUntil) + off.sample(rng)
                onUntil = Time.duration(onStart + on.sample(rng))
                cycles += 1
                if cycles == 100_000 || onUntil >= stop {
                    nominal = cycles == 100_000 ? onStart : onStart + carry
                    break
                }
                nominal = onStart + carry
            }
            return clamp(nominal)
        case let .burst(every, count, spacing):
            burstLeft -= 1
            if burstLeft > 0 { return clamp(Double(now + spacing)) }
            burstLeft = count
            nominal += every.sample(rng)
            return clamp(Swift.max(nominal, Double(now)))
        case let .trace(times, _):
            traceIndex += 1
            guard traceIndex < times.count else { return nil }
            return clamp(nominal + Double(times[traceIndex]))
        }
    }

    /// Size of the next frame in bytes, within [1, maxFrameBytes].
    @inlinable
    public func frameSize(_ rng: RandomStream) -> Int32 {
        if case let .trace(_, sizes) = traffic.pattern {
            return Swift.min(sizes[Swift.min(traceIndex, sizes.count - 1)], maxFrameBytes)
        }
        return Source.clip(traffic.size.sample(rng), to: maxFrameBytes)
    }

    /// A drawn size in whole bytes within [1, `largest`].
    @inlinable
    public static func clip(_ size: Double, to largest: Int32) -> Int32 {
        let s = size.rounded()
        return s >= Double(largest) ? largest : Int32(Swift.max(1, s))
    }

    /// A jitter draw, clipped below one period so that frames leave in order and one
    /// large draw cannot hold back the sends after it.
    @usableFromInline
    func jitterDraw(_ jitter: Distribution, _ period: SimTime, _ rng: RandomStream) -> Double {
        Swift.min(Swift.max(0, jitter.sample(rng)), Double(period - 1))
    }

    /// A time in picoseconds, or nil when past the source's stop time.
    @usableFromInline
    func clamp(_ t: Double) -> SimTime? {
        guard t.isFinite, t <= Double(stop) else { return nil }
        return SimTime(Swift.max(0, t).rounded())
    }
}
