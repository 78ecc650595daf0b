import Kernel
import Models

/// The keys of an IEEE 802.1Qci stream filter and flow meter: a flow's `policing`, a babbling
/// fault's, and the mapping form of a switch's `unknown_streams`.
enum PolicingKeys {
    static let maxSDU = Field("max_sdu", .bytes(positive: true, max: Int64(Int32.max)),
                              "Stream filter: frames longer than this are dropped (maximum SDU size)")
    static let rate = Field("rate", .rate, "Flow meter: committed information rate (CIR), such as 2Mbps")
    static let burst = Field("burst", .bytes(positive: true, max: 1 << 40),
                             "Flow meter: committed burst size (CBS), such as 3000B; needed with 'rate'")
    static let excessRate = Field("excess_rate", .rate,
                                  "Flow meter: excess information rate (EIR); frames over the committed bucket that fit "
                                      + "the excess one are yellow")
    static let excessBurst = Field("excess_burst", .bytes(positive: true, max: 1 << 40),
                                   "Flow meter: excess burst size (EBS); needed with 'excess_rate'")
    static let dropYellow = Field("drop_yellow", .boolean,
                                  "Flow meter: drop yellow frames too (DropOnYellow; default false: they pass)")

    static let record = Record("IEEE 802.1Qci stream filter and flow meter where the stream enters the network "
                                   + "(at least 'max_sdu' or 'rate')",
                               [maxSDU.key, rate.key, burst.key, excessRate.key, excessBurst.key, dropYellow.key])
}

/// The keys of a flow's `ats`: its IEEE 802.1Qcr ATS scheduler in every bridge.
enum ATSKeys {
    static let rate = Field("rate", .rate, required: true, "Committed information rate (CIR), such as 10Mbps")
    static let burst = Field("burst", .bytes(positive: true, max: 1 << 40), required: true,
                             "Committed burst size (CBS), such as 1522B: at least the largest frame")
    static let maxResidence = Field("max_residence", .time(positive: true),
                                    "MaxResidenceTime: a frame that would be held longer is discarded (default: no "
                                        + "limit); a scheduler group keeps the smallest of its streams'")

    static let record = Record("IEEE 802.1Qcr asynchronous traffic shaping at every bridge egress port on the way",
                               [rate.key, burst.key, maxResidence.key])
}

/// The words of a switch's `unknown_streams` besides a mapping.
enum UnknownStreamsWord: String, CaseIterable {
    case pass, drop
}

extension ValueType where Value == PolicingSpec {
    /// A `PolicingKeys` mapping, checked whole: at least a maximum SDU size or a rate, a
    /// burst with each rate and a rate with each burst.
    static var policing: ValueType {
        let record = PolicingKeys.record
        return ValueType(schema: record.schema, words: record.words) { r, n, w in
            guard r.map(n, w) != nil else { return nil }
            record.checkKeys(n, r, w)
            return readPolicing(n, r, w)
        }
    }

    static func readPolicing(_ n: YNode, _ r: Reader, _ w: String) -> PolicingSpec? {
        let K = PolicingKeys.self
        var ok = true
        func read<V>(_ f: Field<V>) -> V? { f.read(in: n, r, owner: w, label: "'\(f.name)' of \(w)", ok: &ok) }
        let maxSDU = read(K.maxSDU), rate = read(K.rate), burst = read(K.burst)
        let excessRate = read(K.excessRate), excessBurst = read(K.excessBurst), dropYellow = read(K.dropYellow)
        guard ok else { return nil }
        // Each rate needs its bucket, and each bucket its rate.
        for (a, b) in [(K.rate.name, K.burst.name), (K.burst.name, K.rate.name),
                       (K.excessRate.name, K.excessBurst.name), (K.excessBurst.name, K.excessRate.name)]
        where n[a] != nil && n[b] == nil {
            r.d.error(n.entry(a)?.keyPos ?? n.pos, "'\(a)' of \(w) needs '\(b)' too"
                + (b == K.burst.name || b == K.excessBurst.name ? " (a size such as 3000B)" : " (a rate such as 2Mbps)"))
            ok = false
        }
        if n[K.excessRate.name] != nil && n[K.rate.name] == nil {
            r.d.error(n.entry(K.excessRate.name)?.keyPos ?? n.pos, "'excess_rate' of \(w) needs a committed 'rate' and "
                + "'burst' first")
            ok = false
        }
        if n[K.dropYellow.name] != nil && n[K.excessRate.name] == nil {
            r.d.warning(n.entry(K.dropYellow.name)?.keyPos ?? n.pos, "'drop_yellow' of \(w) has no effect without "
                + "'excess_rate': with no excess bucket no frame is yellow")
        }
        if maxSDU == nil && rate == nil && ok {
            r.d.error(n.pos, "\(w) filters nothing: give 'max_sdu' (such as 128B), or 'rate' and 'burst' (such as "
                + "2Mbps and 3000B), or both")
            ok = false
        }
        guard ok else { return nil }
        var spec = PolicingSpec(maxSDU: maxSDU.map { Int32($0) })
        if let rate, let burst {
            spec.meter = FlowMeterSpec(committedRate: rate, committedBurst: burst, excessRate: excessRate ?? 0,
                                       excessBurst: excessBurst ?? 0, dropYellow: dropYellow ?? false)
        }
        return spec
    }
}

extension ValueType where Value == ATSSpec {
    /// An `ATSKeys` mapping.
    static var ats: ValueType {
        let record = ATSKeys.record
        return ValueType(schema: record.schema, words: record.words) { r, n, w in
            guard r.map(n, w) != nil else { return nil }
            record.checkKeys(n, r, w)
            let K = ATSKeys.self
            var ok = true
            let rate = K.rate.read(in: n, r, owner: w, label: "'rate' of \(w)", ok: &ok)
            let burst = K.burst.read(in: n, r, owner: w, label: "'burst' of \(w)", ok: &ok)
            let residence = K.maxResidence.read(in: n, r, owner: w, label: "'max_residence' of \(w)", ok: &ok)
            guard ok, let rate, let burst else { return nil }
            return ATSSpec(committedRate: rate, committedBurst: burst, maxResidence: residence)
        }
    }
}

extension ValueType where Value == UnknownStreams {
    /// `pass`, `drop`, or a `PolicingKeys` mapping.
    static var unknownStreams: ValueType {
        let words = UnknownStreamsWord.allCases.map(\.rawValue)
        let policing = ValueType<PolicingSpec>.policing
        return ValueType(schema: .anyOf([.templatable(.obj(("enum", .strings(words)))), policing.schema]),
                         words: words + policing.words) { r, n, w in
            if n.entries != nil { return policing.read(r, n, w).map { .police($0) } }
            guard let s = r.string(n, w) else { return nil }
            switch UnknownStreamsWord(rawValue: s) {
            case .pass: return .pass
            case .drop: return .drop
            case nil:
                r.d.error(n.pos, "unknown value '\(s)' for \(w); expected pass, drop or a mapping such as "
                    + "{rate: 1Mbps, burst: 3000B}" + didYouMean(s, in: words))
                return nil
            }
        }
    }
}
