import Kernel

extension Reader {
    /// A time, size or number of cycles, fixed (`1ms`) or drawn (`{dist: exponential,
    /// mean: 1ms}`, with an optional `shift`), in base units.
    func distribution(_ n: YNode, _ q: Quantity, _ what: String, positive: Bool) -> Distribution? {
        let k = DistributionKeys.of(q)
        func value(_ v: YNode, _ w: String, pos: Bool = false) -> Double? {
            let label = w.isEmpty ? what : "\(what) \(w)"
            let x = quantity(v, q, label, positive: pos)
            if let x, q == .time {
                guard Reader.simTime(x) != nil else {
                    d.error(v.pos, "\(label) is too long: \(v.scalar ?? "") exceeds the largest time fnsim handles "
                        + Reader.maximumTimeText)
                    return nil
                }
                if pos && x.rounded() < 1 {
                    d.error(v.pos, "\(label) must be at least 1ps, found \(v.scalar ?? "")")
                    return nil
                }
            }
            return x
        }
        if n.scalar != nil {
            guard let v = value(n, "", pos: positive) else { return nil }
            return .constant(v)
        }
        guard n.entries != nil else {
            d.error(n.pos, "expected a \(q.rawValue) such as \(q.example) or a distribution such as "
                + "{dist: exponential, mean: \(q.example)} for \(what), found \(n.describe)")
            return nil
        }
        let family = k.family
        guard let name = family.readCase(n, self, owner: "the distribution for \(what)", label: "'dist'"),
              let kind = DistributionKind(rawValue: name) else {
            return nil
        }
        let w = "the \(kind) distribution for \(what)"
        family.checkKeys(n, case: name, self, "\(article(name)) \(name) distribution") { e, _ in
            d.error(e.keyPos, "unknown key '\(e.key)' in \(article(name)) \(name) distribution"
                + didYouMean(e.key, in: family.keys(of: name).map(\.name)))
        }
        // A shift above zero keeps every draw above zero, whatever the base.
        var shift = 0.0, shiftOK = true
        if let sn = n[k.shift.name] {
            if let s = value(sn, "shift") { shift = s } else { shiftOK = false }
        }
        let positive = positive && shift <= 0
        func need(_ f: Field<Double>) -> YNode? { f.node(in: n, self, owner: w) }
        func shape() -> Double? { k.shape.read(in: n, self, owner: w, label: "'shape' of \(w)") }
        var base: Distribution
        switch kind {
        case .constant:
            guard let v = need(k.value).flatMap({ value($0, "value", pos: positive) }) else { return nil }
            base = .constant(v)
        case .uniform:
            guard let lo = need(k.min).flatMap({ value($0, "minimum") }),
                  let hiNode = need(k.max), let hi = value(hiNode, "maximum") else { return nil }
            guard hi >= lo else {
                d.error(hiNode.pos, "the maximum of \(w) is below its minimum")
                return nil
            }
            if positive && hi <= 0 {
                d.error(hiNode.pos, "\(w) must produce values above zero")
                return nil
            }
            base = .uniform(low: lo, high: hi)
        case .exponential:
            guard let m = need(k.mean).flatMap({ value($0, "mean", pos: true) }) else { return nil }
            base = .exponential(mean: m)
        case .normal:
            guard let m = need(k.mean).flatMap({ value($0, "mean", pos: positive) }),
                  let s = need(k.sd).flatMap({ value($0, "sd") }) else { return nil }
            base = .normal(mean: m, sd: s)
        case .lognormal:
            guard let m = need(k.mean).flatMap({ value($0, "mean", pos: true) }),
                  let cv = k.cv.read(in: n, self, owner: w, label: "'cv' of \(w)") else { return nil }
            base = .lognormal(mean: m, cv: cv)
        case .pareto, .gamma:
            guard let shape = shape() else { return nil }
            let scaleNode = n[k.scale.name], meanNode = n[k.mean.name]
            if scaleNode != nil && meanNode != nil {
                d.error(n.pos, "give either 'scale' or 'mean' for \(w), not both")
                return nil
            }
            var scale: Double
            if let sn = scaleNode {
                guard let s = value(sn, "scale", pos: true) else { return nil }
                scale = s
            } else if let mn = meanNode {
                guard let m = value(mn, "mean", pos: true) else { return nil }
                if kind == .pareto {
                    guard shape > 1 else {
                        d.error(mn.pos, "a Pareto distribution with shape \(Format.number(shape)) <= 1 has no finite "
                            + "mean; give 'scale' instead")
                        return nil
                    }
                    scale = m * (shape - 1) / shape
                } else {
                    scale = m / shape
                }
            } else {
                d.error(n.pos, "missing 'scale' (or 'mean') in \(w)")
                return nil
            }
            base = kind == .pareto ? .pareto(shape: shape, scale: scale) : .gamma(shape: shape, scale: scale)
        case .weibull:
            guard let shape = shape(), let s = need(k.scale).flatMap({ value($0, "scale", pos: true) }) else {
                return nil
            }
            base = .weibull(shape: shape, scale: s)
        case .empirical:
            guard let pn = k.points.node(in: n, self, owner: w) else { return nil }
            guard let e = empirical(pn, w, value: { value($0, "point") }) else { return nil }
            base = e
        }
        guard shiftOK else { return nil }
        if shift == 0 { return base }
        if case let .constant(v) = base {
            guard q != .time || Reader.simTime(v + shift) != nil else {
                d.error(n[k.shift.name]?.pos ?? n.pos, "\(what) is too long: its value plus 'shift' exceeds the largest time fnsim handles "
                    + Reader.maximumTimeText)
                return nil
            }
            return .constant(v + shift)
        }
        return .shifted(base, by: shift)
    }

    /// `points: [[value, cumulative probability], …]`: values increasing, probabilities
    /// not decreasing, the last 1.
    private func empirical(_ pn: YNode, _ w: String, value: (YNode) -> Double?) -> Distribution? {
        guard let pts = list(pn, "'points' of \(w)") else { return nil }
        guard !pts.isEmpty else {
            d.error(pn.pos, "\(w) needs at least one point [value, cumulative probability]")
            return nil
        }
        var values: [Double] = [], cdf: [Double] = []
        for p in pts {
            guard let pair = p.items, pair.count == 2 else {
                d.error(p.pos, "expected a point [value, cumulative probability] in \(w), found \(p.describe)")
                return nil
            }
            guard let v = value(pair[0]), let c = double(pair[1], "cumulative probability", min: 0) else { return nil }
            if c > 1 {
                d.error(pair[1].pos, "a cumulative probability must be at most 1, found \(Format.number(c))")
                return nil
            }
            if let lv = values.last, v < lv {
                d.error(pair[0].pos, "the points of \(w) must be in increasing order of value")
                return nil
            }
            if let lc = cdf.last, c < lc {
                d.error(pair[1].pos, "the cumulative probabilities of \(w) must not decrease")
                return nil
            }
            values.append(v)
            cdf.append(c)
        }
        if cdf.last != 1 {
            d.error(pts[pts.count - 1].pos, "the last cumulative probability of \(w) must be 1")
            return nil
        }
        return .empirical(values: values, cdf: cdf)
    }
}

extension Distribution {
    /// The largest value it can produce, when bounded.
    var upperBound: Double? {
        switch self {
        case let .constant(v): return v
        case let .uniform(_, h): return h
        case let .empirical(values, _): return values.last
        case let .shifted(base, offset): return base.upperBound.map { $0 + offset }
        default: return nil
        }
    }
}
