import Kernel
import Models

/// A link's delay as read: a distribution, or a trace file still to be read.
enum DelaySetting: Sendable {
    case distribution(Distribution)
    case trace(file: String, at: Pos, replay: TraceReplay)
}

extension ValueType where Value == DelaySetting {
    /// A time, a distribution of a time, or `{trace: FILE, replay: cycle|sample}`.
    static var wanDelay: ValueType {
        let dist = ValueType<Distribution>.distribution(.time, positive: false)
        let record = WANLinkKeys.delayTrace
        return ValueType(schema: .anyOf([dist.schema, record.schema]), words: dist.words + record.words) { r, n, w in
            guard n.entries != nil, n["dist"] == nil else { return dist.read(r, n, w).map { .distribution($0) } }
            guard let file = n[WANLinkKeys.trace.name] else {
                r.d.error(n.pos, "missing 'dist' (a distribution) or 'trace' (a file of measured delays) in \(w)")
                return nil
            }
            record.checkKeys(n, r, w)
            var replay = TraceReplay.cycle, replayOK = true
            if let rn = n[WANLinkKeys.replay.name] {
                if let v = WANLinkKeys.replay.read(rn, r, "'replay' of \(w)") { replay = v } else { replayOK = false }
            }
            guard let name = WANLinkKeys.trace.read(file, r, "'trace' of \(w)"), replayOK else { return nil }
            return .trace(file: name, at: file.pos, replay: replay)
        }
    }
}

extension ValueType where Value == LossModel {
    /// A probability (`0.1%`, `0.001`; `0` is no loss) or `{model: gilbert-elliott, …}`.
    static var loss: ValueType {
        let models = WANLinkKeys.lossModels
        let probability = ValueType<Double>.probability(.belowOne)
        return ValueType(schema: .anyOf([probability.schema, models.schema]), words: models.words) { r, n, w in
            if n.scalar != nil {
                return probability.read(r, n, w).map { $0 == 0 ? LossModel.none : .independent(rate: $0) }
            }
            guard r.map(n, w) != nil, let model = models.readCase(n, r, owner: w, label: "'model' of \(w)") else {
                return nil
            }
            models.checkKeys(n, case: model, r, w)
            return r.gilbertElliott(n, "the \(model) loss model of \(w)")
        }
    }
}

extension Reader {
    /// Gilbert's model from a loss rate and a mean burst (loss 0 in the good state, 1 in
    /// the bad one: r = 1/burst, p = rate·r/(1 − rate)), or the chain given by p, r,
    /// loss_good and loss_bad.
    func gilbertElliott(_ n: YNode, _ what: String) -> LossModel? {
        let k = WANLinkKeys.self
        let byRate = [k.lossRate, k.burst].compactMap { n.entry($0.name) }
        let byChain = [k.p, k.r, k.lossGood, k.lossBad].compactMap { n.entry($0.name) }
        if !byRate.isEmpty && !byChain.isEmpty {
            d.error(byChain[0].keyPos, "give either 'rate' and 'burst' or 'p' and 'r' (with 'loss_good', 'loss_bad') "
                + "in \(what), not both")
            return nil
        }
        if byChain.isEmpty {
            guard !byRate.isEmpty else {
                d.error(n.pos, "missing 'rate' and 'burst' (or 'p' and 'r') in \(what)")
                return nil
            }
            for f in [k.lossRate, k.burst] where n[f.name] == nil {
                d.error(n.pos, "missing required key '\(f.name)' in \(what)")
            }
            let rate = k.lossRate.read(in: n, self, owner: what), burst = k.burst.read(in: n, self, owner: what)
            guard let rate, let burst else { return nil }
            let r = 1 / burst, p = rate * r / (1 - rate)
            guard p <= 1 else {
                d.error(n[k.lossRate.name]?.pos ?? n.pos, "a loss rate of \(Format.number(rate * 100))% with bursts of "
                    + "\(Format.number(burst)) frames on average is impossible in \(what) (at most "
                    + "\(Format.number(burst / (1 + burst) * 100))%)")
                return nil
            }
            return .gilbertElliott(p: p, r: r, lossGood: 0, lossBad: 1)
        }
        for f in [k.p, k.r] where n[f.name] == nil { d.error(n.pos, "missing required key '\(f.name)' in \(what)") }
        let p = k.p.read(in: n, self, owner: what), r = k.r.read(in: n, self, owner: what)
        let good = n[k.lossGood.name] == nil ? 0 : k.lossGood.read(in: n, self, owner: what)
        let bad = n[k.lossBad.name] == nil ? 1 : k.lossBad.read(in: n, self, owner: what)
        guard let p, let r, let good, let bad else { return nil }
        return .gilbertElliott(p: p, r: r, lossGood: good, lossBad: bad)
    }
}
