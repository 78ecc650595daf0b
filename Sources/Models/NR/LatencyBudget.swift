import Kernel

/// One-way user-plane latency of an NR link in the manner of ITU-R M.2410 and 3GPP TR 37.910
/// §5.7.1: transmitter processing + frame/TDD alignment + transmission + receiver processing,
/// plus one HARQ retransmission with probability p: mean = T0 + p·T_HARQ.
///
/// It follows the simulator's timeline exactly (a = arrival of the packet at the transmitter;
/// every "first … with start >= t" is over the pattern repeating from time 0):
/// - DL: ready = a + gnbTx; the first DL occasion starting at or after ready, ending at E;
///   delivered at E + ueRx. HARQ: a NACK in the first UL symbol (FDD: any symbol) starting at or
///   after E + harqFeedback, one symbol long; the gNB has it at its end + gnbRx and the
///   retransmission is ready gnbTx later: next DL occasion, delivered at its end + ueRx.
/// - UL configured grant: ready = a + ueTx; the first UL occasion; delivered at its end + gnbRx.
/// - UL dynamic grant: ready = a + ueTx; an SR in the first UL symbol starting at or after ready
///   (with an SR period, only symbols whose absolute index is a multiple of it), one symbol;
///   grant ready at its end + gnbRx + gnbTx; the PDCCH is the first symbol of the first DL
///   occasion starting at or after that; PUSCH in the first UL occasion starting at or after
///   PDCCH end + grantToData; delivered at its end + gnbRx.
/// - UL HARQ (both accesses): after a failed PUSCH ending at E, grant ready at E + gnbRx + gnbTx,
///   then PDCCH and PUSCH as for a dynamic grant; delivered at the PUSCH end + gnbRx.
/// The packet fits in one transmission.
///
/// The delay is piecewise linear in a (slope −1 between consecutive opportunities of the first
/// step), so the mean over arrivals uniform in one period of the timeline is integrated exactly
/// over those pieces. That period is the pattern period, widened to whole half subframes (the
/// long-CP layout, µ >= 2) and to a multiple of the SR period.
public struct LatencyBudget: Sendable {
    /// How uplink data gets its resources.
    public enum Access: String, Sendable {
        /// Configured grant (grant-free): the UE sends in the next UL occasion.
        case configuredGrant = "configured"
        /// Dynamic grant: scheduling request, then a grant on the PDCCH.
        case dynamicGrant = "dynamic"
    }

    /// What the budget is computed for.
    public struct Input: Sendable {
        /// Subcarrier spacing and symbol timing.
        public var numerology: Numerology
        /// The TDD pattern, or `.fdd`.
        public var pattern: TDDPattern
        /// nil: slot-based (mapping type A); L: mini-slots of L symbols (mapping type B).
        public var miniSlot: Int?
        /// UE processing capability (N1, N2).
        public var capability: UECapability
        /// Downlink (gNB → UE) or uplink (UE → gNB).
        public var direction: LinkDirection
        /// Uplink only.
        public var access: Access
        /// p: probability that a first transmission fails (one retransmission always succeeds).
        public var harqProbability: Double
        /// SR period in symbols (dynamic grant only); nil: every UL symbol is an SR occasion.
        public var srPeriodSymbols: Int?
        /// nil: `RadioProcessing.defaults`.
        public var processing: RadioProcessing?

        /// An input; by default FDD, slot-based, capability 1, configured grant, p = 0.
        public init(numerology: Numerology, pattern: TDDPattern = .fdd, miniSlot: Int? = nil,
                    capability: UECapability = .one, direction: LinkDirection, access: Access = .configuredGrant,
                    harqProbability: Double = 0, srPeriodSymbols: Int? = nil, processing: RadioProcessing? = nil) {
            self.numerology = numerology
            self.pattern = pattern
            self.miniSlot = miniSlot
            self.capability = capability
            self.direction = direction
            self.access = access
            self.harqProbability = harqProbability
            self.srPeriodSymbols = srPeriodSymbols
            self.processing = processing
        }
    }

    /// One term of the budget, averaged over arrivals and at its worst (each on its own: the
    /// worst terms need not happen together).
    public struct Component: Sendable {
        /// What the term is, such as "frame/TDD alignment".
        public let name: String
        /// Its mean over arrivals.
        public let mean: SimTime
        /// Its largest value (a supremum where it falls with the arrival time).
        public let worst: SimTime

        /// A component.
        public init(name: String, mean: SimTime, worst: SimTime) {
            self.name = name
            self.mean = mean
            self.worst = worst
        }
    }

    /// The terms in timeline order: "gNB processing", "UE processing", "SR and grant",
    /// "frame/TDD alignment", "transmission", "HARQ retransmission" (mean p·T_HARQ; worst the
    /// extra delay of one retransmission when p > 0, else 0).
    public let components: [Component]
    /// T0 + p·T_HARQ, averaged over arrival uniform in one period.
    public let mean: SimTime
    /// T0: the mean without retransmissions.
    public let meanWithoutHARQ: SimTime
    /// The largest delay (a supremum: approached by an arrival just after an opportunity is
    /// missed), with one retransmission when p > 0.
    public let worst: SimTime
    /// T_HARQ: the mean extra delay of one retransmission, before weighting by p; nil when the
    /// pattern allows none (and p = 0).
    public let harqRoundTrip: SimTime?
    /// The span of arrival times averaged over.
    public let averagingPeriod: SimTime
    /// Why there is no budget for the input (see `check`); then there are no components and
    /// every time is `Time.maximum`.
    public let problem: String?

    private init(problem: String) {
        components = []
        mean = Time.maximum
        meanWithoutHARQ = Time.maximum
        worst = Time.maximum
        harqRoundTrip = nil
        averagingPeriod = 0
        self.problem = problem
    }

    private init(components: [Component], mean: SimTime, meanWithoutHARQ: SimTime, worst: SimTime,
                 harqRoundTrip: SimTime?, averagingPeriod: SimTime) {
        self.components = components
        self.mean = mean
        self.meanWithoutHARQ = meanWithoutHARQ
        self.worst = worst
        self.harqRoundTrip = harqRoundTrip
        self.averagingPeriod = averagingPeriod
        problem = nil
    }

    /// nil, or why the input has no budget: p outside 0…1, a mini-slot length other than 2, 4
    /// or 7, an SR period outside 1…8960 symbols, no processing times (capability 2 at µ = 3),
    /// or a pattern without the occasions the timeline needs.
    public static func check(_ input: Input) -> String? {
        let p = input.harqProbability
        guard p >= 0 && p <= 1 else { return "harqProbability \(p) must be within 0…1" }
        if let why = TDDPattern.miniSlotError(input.miniSlot) { return why }
        if let sr = input.srPeriodSymbols, !(1...8960).contains(sr) {
            return "srPeriodSymbols \(sr) must be within 1…8960 (640 slots)"
        }
        guard let proc = processing(input) else {
            return "UE capability \(input.capability.rawValue) has no processing times at µ = \(input.numerology.mu) "
                + "(TS 38.214 Tables 5.3-2 and 6.4-2 cover µ 0…2); use capability 1 or give the processing times"
        }
        let times = [proc.gnbTx, proc.gnbRx, proc.ueTx, proc.ueRx, proc.harqFeedback, proc.grantToData]
        guard times.allSatisfy({ $0 >= 0 && $0 <= Time.second }) else {
            return "processing times must be within 0 and 1 s"
        }
        let timeline = RadioTimeline(numerology: input.numerology, pattern: input.pattern, miniSlot: input.miniSlot)
        let scheduling = input.miniSlot.map { "\($0)-symbol mini-slot" } ?? "slot-based (mapping type A)"
        let name = input.pattern.description
        switch input.direction {
        case .downlink:
            if timeline.downlink.isEmpty { return "pattern \(name) has no \(scheduling) downlink occasion" }
            if p > 0 && timeline.uplinkSymbols(of: input.pattern, every: 1).isEmpty {
                return "pattern \(name) has no uplink symbol for HARQ feedback; harqProbability must be 0"
            }
        case .uplink:
            if timeline.uplink.isEmpty { return "pattern \(name) has no \(scheduling) uplink occasion" }
            if input.access == .dynamicGrant {
                let every = Int64(input.srPeriodSymbols ?? 1)
                if timeline.uplinkSymbols(of: input.pattern, every: every).isEmpty {
                    return "pattern \(name) has no uplink symbol at a multiple of the SR period of \(every) symbols"
                }
            }
            if (input.access == .dynamicGrant || p > 0) && timeline.downlink.isEmpty {
                return "pattern \(name) has no \(scheduling) downlink occasion for the PDCCH carrying a grant"
            }
        }
        return nil
    }

    private static func processing(_ input: Input) -> RadioProcessing? {
        input.processing ?? RadioProcessing.defaults(numerology: input.numerology, capability: input.capability,
                                                     miniSlot: input.miniSlot)
    }

    /// The budget of `input`, or one whose `problem` says why there is none.
    public static func compute(_ input: Input) -> LatencyBudget {
        if let why = check(input) { return LatencyBudget(problem: why) }
        let plan = Plan(input: input, processing: processing(input)!)
        return plan.integrate(harqProbability: input.harqProbability)
    }
}

extension LatencyBudget {
    /// One interval of arrivals (l, r] served by the same first opportunity: delivery D,
    /// delivery after one retransmission, and the components as K − a (`perArrival`) or K.
    struct Piece {
        var delivered: SimTime = 0
        var retransmitted: SimTime? = nil
        var parts: [(value: SimTime, perArrival: Bool)] = []
    }

    /// The timeline of one input, evaluated per first-step opportunity.
    struct Plan {
        let timeline: RadioTimeline
        let proc: RadioProcessing
        let direction: LinkDirection
        let access: Access
        let anyUplink: RadioTimeline.SymbolSet
        let srSymbols: RadioTimeline.SymbolSet
        let harq: Bool
        /// Symbols after which the whole timeline repeats.
        let cycleSymbols: Int64

        init(input: Input, processing: RadioProcessing) {
            timeline = RadioTimeline(numerology: input.numerology, pattern: input.pattern, miniSlot: input.miniSlot)
            proc = processing
            direction = input.direction
            access = direction == .uplink ? input.access : .configuredGrant
            anyUplink = timeline.uplinkSymbols(of: input.pattern, every: 1)
            let every = Int64(access == .dynamicGrant ? input.srPeriodSymbols ?? 1 : 1)
            srSymbols = timeline.uplinkSymbols(of: input.pattern, every: every)
            harq = direction == .downlink ? !anyUplink.isEmpty : !timeline.downlink.isEmpty
            var cycle = RadioTimeline.leastCommonMultiple(timeline.periodSymbols,
                                                          input.numerology.symbolsPerHalfSubframe)
            cycle = RadioTimeline.leastCommonMultiple(cycle, every)
            cycleSymbols = cycle
        }

        var names: [String] {
            switch (direction, access) {
            case (.downlink, _): ["gNB processing", "frame/TDD alignment", "transmission", "UE processing"]
            case (.uplink, .configuredGrant):
                ["UE processing", "frame/TDD alignment", "transmission", "gNB processing"]
            case (.uplink, .dynamicGrant):
                ["UE processing", "SR and grant", "frame/TDD alignment", "transmission", "gNB processing"]
            }
        }

        /// The fixed lead from arrival to the first step's `ready`.
        var lead: SimTime { direction == .downlink ? proc.gnbTx : proc.ueTx }

        /// Start of the first opportunity of the first step at or after t: an occasion, or an SR symbol.
        func firstStep(atOrAfter t: SimTime) -> SimTime {
            switch (direction, access) {
            case (.downlink, _): timeline.start(timeline.occasion(timeline.downlink, atOrAfter: t)!.first)
            case (.uplink, .configuredGrant): timeline.start(timeline.occasion(timeline.uplink, atOrAfter: t)!.first)
            case (.uplink, .dynamicGrant): timeline.start(timeline.symbol(srSymbols, atOrAfter: t)!)
            }
        }

        /// The timeline for `ready` (the first step's opportunity starts at or after it).
        func piece(ready: SimTime) -> Piece {
            var piece = Piece()
            switch (direction, access) {
            case (.downlink, _):
                let occasion = timeline.occasion(timeline.downlink, atOrAfter: ready)!
                let start = timeline.start(occasion.first), end = timeline.end(occasion)
                piece.delivered = end + proc.ueRx
                piece.parts = [(proc.gnbTx, false), (start - proc.gnbTx, true), (end - start, false), (proc.ueRx, false)]
                if harq {
                    let nack = timeline.symbol(anyUplink, atOrAfter: end + proc.harqFeedback)!
                    let again = timeline.start(nack + 1) + proc.gnbRx + proc.gnbTx
                    let retry = timeline.occasion(timeline.downlink, atOrAfter: again)!
                    piece.retransmitted = timeline.end(retry) + proc.ueRx
                }
            case (.uplink, .configuredGrant):
                let occasion = timeline.occasion(timeline.uplink, atOrAfter: ready)!
                let start = timeline.start(occasion.first), end = timeline.end(occasion)
                piece.delivered = end + proc.gnbRx
                piece.parts = [(proc.ueTx, false), (start - proc.ueTx, true), (end - start, false), (proc.gnbRx, false)]
                if harq { piece.retransmitted = scheduledPUSCHEnd(grantReady: end + proc.gnbRx + proc.gnbTx) + proc.gnbRx }
            case (.uplink, .dynamicGrant):
                let sr = timeline.symbol(srSymbols, atOrAfter: ready)!
                let earliest = earliestPUSCH(grantReady: timeline.start(sr + 1) + proc.gnbRx + proc.gnbTx)
                let occasion = timeline.occasion(timeline.uplink, atOrAfter: earliest)!
                let start = timeline.start(occasion.first), end = timeline.end(occasion)
                piece.delivered = end + proc.gnbRx
                piece.parts = [(proc.ueTx, false), (earliest - proc.ueTx, true), (start - earliest, false),
                               (end - start, false), (proc.gnbRx, false)]
                if harq { piece.retransmitted = scheduledPUSCHEnd(grantReady: end + proc.gnbRx + proc.gnbTx) + proc.gnbRx }
            }
            return piece
        }

        /// The earliest PUSCH start for a grant ready at `grantReady`: the PDCCH is the first
        /// symbol of the next DL occasion; then grantToData.
        func earliestPUSCH(grantReady: SimTime) -> SimTime {
            let pdcch = timeline.occasion(timeline.downlink, atOrAfter: grantReady)!
            return timeline.start(pdcch.first + 1) + proc.grantToData
        }

        /// End of the PUSCH scheduled by a grant ready at `grantReady`.
        func scheduledPUSCHEnd(grantReady: SimTime) -> SimTime {
            timeline.end(timeline.occasion(timeline.uplink, atOrAfter: earliestPUSCH(grantReady: grantReady))!)
        }

        /// Integrates over one cycle of arrivals, starting just after an opportunity of the first
        /// step was missed so that every piece is whole.
        func integrate(harqProbability p: Double) -> LatencyBudget {
            let period = timeline.numerology.symbolStart(cycleSymbols)
            let lead = self.lead
            let names = self.names
            var prev = firstStep(atOrAfter: lead)
            let stop = prev - lead + period
            var total = WideSum(), extra = WideSum()
            var sums = Array(repeating: WideSum(), count: names.count)
            var worsts = Array(repeating: SimTime.min, count: names.count)
            var worst = SimTime.min, worstRetransmitted = SimTime.min, worstExtra = SimTime.min
            while true {
                let next = firstStep(atOrAfter: prev + 1)
                let l = prev - lead, r = min(next - lead, stop)
                let piece = self.piece(ready: next)
                let width = r - l
                total.add(2 * piece.delivered - l - r, times: width)
                worst = max(worst, piece.delivered - l)
                for (i, part) in piece.parts.enumerated() {
                    if part.perArrival {
                        sums[i].add(2 * part.value - l - r, times: width)
                        worsts[i] = max(worsts[i], part.value - l)
                    } else {
                        sums[i].add(2 * part.value, times: width)
                        worsts[i] = max(worsts[i], part.value)
                    }
                }
                if let again = piece.retransmitted {
                    extra.add(2 * (again - piece.delivered), times: width)
                    worstExtra = max(worstExtra, again - piece.delivered)
                    worstRetransmitted = max(worstRetransmitted, again - l)
                }
                if next - lead >= stop { break }
                prev = next
            }
            let twice = 2 * period
            var components = zip(names, zip(sums, worsts)).map { name, s in
                Component(name: name, mean: s.0.rounded(dividedBy: twice), worst: s.1)
            }
            let (q0, r0) = total.divided(by: twice)
            var mean = q0 + (r0 >= twice - r0 ? 1 : 0)
            let withoutHARQ = mean
            var harqRoundTrip: SimTime? = nil
            if harq {
                let (qh, rh) = extra.divided(by: twice)
                let weighted = p * (Double(qh) + Double(rh) / Double(twice))
                mean = q0 + SimTime((Double(r0) / Double(twice) + weighted).rounded())
                harqRoundTrip = extra.rounded(dividedBy: twice)
                components.append(Component(name: "HARQ retransmission", mean: SimTime(weighted.rounded()),
                                            worst: p > 0 ? worstExtra : 0))
            }
            return LatencyBudget(components: components, mean: mean, meanWithoutHARQ: withoutHARQ,
                                 worst: harq && p > 0 ? worstRetransmitted : worst,
                                 harqRoundTrip: harqRoundTrip, averagingPeriod: period)
        }
    }
}
