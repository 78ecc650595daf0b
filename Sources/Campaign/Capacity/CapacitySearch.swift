import Reporting

/// The search for the largest value of a scale parameter at which an SLA holds: from a
/// start value, double while it holds (or halve while it fails) to bracket the limit,
/// then bisect the bracket down to a tolerance. The limit is the largest value found to
/// hold; the SLA is assumed to hold below it and fail above (monotone in the scale).
/// `evaluate` is any function of the scale, so the search is tested on synthetic ones.
public struct CapacitySearch: Sendable {
    /// When the bracket [holding, failing] is narrow enough to stop.
    public enum Tolerance: Sendable, Equatable {
        /// Width at most this (in the scale's units).
        case absolute(Double)
        /// Width at most this share of the holding end (0.02: 2 %).
        case relative(Double)
    }

    public var start: Double
    /// Search whole numbers only (devices, AGVs): the bracket ends adjacent by default.
    public var integer: Bool
    /// Never evaluated above this (default 2^20 × start).
    public var maximum: Double
    /// Never evaluated below this (default 1 for whole numbers, start / 2^20 otherwise).
    public var minimum: Double
    public var tolerance: Tolerance
    /// Written after values in `Finding.reason` (`Mbps`).
    public var unit = ""

    public init(start: Double, integer: Bool, maximum: Double? = nil, minimum: Double? = nil,
                tolerance: Tolerance? = nil) {
        precondition(start > 0 && start.isFinite, "the search starts at a positive value")
        self.start = integer ? start.rounded(.down) : start
        self.integer = integer
        let growth = Double(1 << 20)
        self.maximum = Swift.max(self.start, maximum ?? self.start * growth)
        self.minimum = Swift.min(self.start, minimum ?? (integer ? 1 : start / growth))
        self.tolerance = tolerance ?? (integer ? .absolute(1) : .relative(0.02))
    }

    /// What one evaluation found.
    public enum Outcome: Sendable {
        /// The SLA was judged: whether it holds, each constraint's check, and a remark
        /// (a run cut short) for the curve.
        case measured(holds: Bool, checks: [ConstraintCheck], note: String?)
        /// The scenario could not be run at this scale (it fails to load, would exceed the
        /// memory limit): the search ends here with this reason.
        case unusable(String)

        /// A bare verdict (for synthetic searches).
        public static func verdict(_ holds: Bool) -> Outcome { .measured(holds: holds, checks: [], note: nil) }
    }

    /// One evaluated scale value.
    public struct Step: Sendable {
        public var scale: Double
        public var holds: Bool
        public var checks: [ConstraintCheck]
        public var note: String?
    }

    public struct Finding: Sendable {
        /// The largest value at which the SLA held; nil when it held nowhere.
        public var limit: Double?
        /// The smallest value above the limit at which it failed; nil when none did.
        public var failing: Double?
        /// Every evaluation, in the order made.
        public var steps: [Step]
        /// Why the search stopped, in words.
        public var reason: String

        /// The evaluation at the failing value above the limit.
        public var failingStep: Step? { failing.flatMap { f in steps.last { $0.scale == f } } }

        /// The binding constraint: of those failing at `failing`, the one furthest past its
        /// limit (relative to the limit); nil when nothing failed above the limit.
        public var binding: ConstraintCheck? {
            failingStep?.checks.filter { !$0.holds }.min { $0.relativeMargin < $1.relativeMargin }
        }

        /// Evaluated values in increasing order (one step each).
        public var curve: [Step] {
            var seen: Set<Double> = []
            return steps.filter { seen.insert($0.scale).inserted }.sorted { $0.scale < $1.scale }
        }
    }

    /// Runs the search; `progress` sees each step as it is made.
    public func run(_ evaluate: (Double) async -> Outcome,
                    progress: ((Step) -> Void)? = nil) async -> Finding {
        var steps: [Step] = []
        /// Evaluates `x`: whether it holds, or the reason the scenario cannot run there.
        func probe(_ x: Double) async -> Swift.Result<Bool, Unusable> {
            switch await evaluate(x) {
            case let .measured(holds, checks, note):
                let step = Step(scale: x, holds: holds, checks: checks, note: note)
                steps.append(step)
                progress?(step)
                return .success(holds)
            case let .unusable(why):
                return .failure(Unusable(scale: x, reason: why))
            }
        }
        func stopped(_ hold: Double?, _ fail: Double?, _ u: Unusable) -> Finding {
            Finding(limit: hold, failing: fail, steps: steps,
                   reason: "the scenario cannot run at \(label(u.scale)): \(u.reason)")
        }

        var hold: Double?, fail: Double?
        switch await probe(start) {
        case let .failure(u): return stopped(nil, nil, u)
        case .success(true): hold = start
        case .success(false): fail = start
        }
        // Bracket the limit: double while holding, halve while failing.
        if var h = hold {
            while fail == nil {
                if h >= maximum {
                    return Finding(limit: h, failing: nil, steps: steps,
                                  reason: "the SLA still holds at the maximum, \(label(maximum))")
                }
                let next = Swift.min(maximum, integer ? Swift.max(h * 2, h + 1) : h * 2)
                switch await probe(next) {
                case let .failure(u): return stopped(h, nil, u)
                case .success(true): h = next
                case .success(false): fail = next
                }
            }
            hold = h
        } else {
            var f = start
            while hold == nil {
                if f <= minimum {
                    return Finding(limit: nil, failing: f, steps: steps,
                                  reason: "the SLA fails even at the minimum, \(label(minimum))")
                }
                let next = Swift.max(minimum, integer ? (f / 2).rounded(.down) : f / 2)
                switch await probe(next) {
                case let .failure(u): return stopped(nil, f, u)
                case .success(true): hold = next
                case .success(false): f = next
                }
            }
            fail = f
        }
        // Bisect [hold, fail].
        guard var h = hold, var f = fail else { preconditionFailure("bracket incomplete") }
        while !narrow(h, f) {
            let mid = integer ? h + ((f - h) / 2).rounded(.down) : h + (f - h) / 2
            if mid <= h || mid >= f { break }
            switch await probe(mid) {
            case let .failure(u): return stopped(h, f, u)
            case .success(true): h = mid
            case .success(false): f = mid
            }
        }
        return Finding(limit: h, failing: f, steps: steps,
                      reason: "holds at \(label(h)), fails at \(label(f))")
    }

    /// Whether the bracket is within the tolerance.
    func narrow(_ hold: Double, _ fail: Double) -> Bool {
        let width = fail - hold
        if integer && width <= 1 { return true }
        switch tolerance {
        case let .absolute(t): return width <= t
        case let .relative(r): return width <= r * hold
        }
    }

    private struct Unusable: Error {
        var scale: Double
        var reason: String
    }

    func label(_ x: Double) -> String { Self.text(x) + unit }

    /// A scale value as text: whole numbers without a decimal point, others in the
    /// shortest form that reads back exactly.
    public static func text(_ x: Double) -> String {
        if x == x.rounded() && abs(x) < 1e15 { return String(Int64(x)) }
        return Numbers.exact(x) ?? "\(x)"
    }
}
