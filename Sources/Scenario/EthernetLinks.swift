import Foundation
import Kernel
import Models

/// An Ethernet link as read: the settings of both its ports.
struct EthernetLink {
    var rate: Int64
    var propagation: SimTime = 0
    var overhead: Int64 = 20
    var maxFrame: Int64 = 1522
    var minFrame: Int64 = 64
    var bufferBytes: Int64?
    var bufferFrames: Int32?
    var trafficClasses = 8
    var selection = TransmissionSelection.strictPriority
    var tsn: PortTSN?

    func port(name: String, node: Int, peer: Int) -> PortSpec {
        PortSpec(name: name, node: node, peerNode: peer, rateBitsPerSecond: rate, propagation: propagation,
                 overheadBytes: Int32(overhead), minFrameBytes: Int32(minFrame), maxFrameBytes: Int32(maxFrame),
                 bufferBytes: bufferBytes, bufferFrames: bufferFrames, trafficClasses: trafficClasses,
                 selection: selection, tsn: tsn)
    }
}

extension DesignBuilder {
    /// Checks `defaults.link` once (links read their defaults quietly).
    func checkLinkDefaults(_ l: YNode) {
        for k in EthernetLinkKeys.properties {
            if let n = l[k.name] { k.check(r, n, "'defaults.link.\(k.name)'") }
        }
        eitherDelayOrLength(l, "'defaults.link'")
        let rate = l[EthernetLinkKeys.rate.name].flatMap { EthernetLinkKeys.rate.read($0, Reader(d: Diagnostics()), "") } ?? 0
        _ = readPortTSN(l, defaults: nil, label: "'defaults.link'", rate: rate)
    }

    /// Reports 'delay' and 'length' given together (both set the propagation delay), at
    /// the later of the two keys. True when they are.
    @discardableResult
    func eitherDelayOrLength(_ l: YNode, _ owner: String) -> Bool {
        let K = EthernetLinkKeys.self
        guard let delay = l.entry(K.delay.name), let length = l.entry(K.length.name) else { return false }
        let later = [delay.keyPos, length.keyPos].max { ($0.line, $0.column) < ($1.line, $1.column) }!
        d.error(later, "give either 'delay' or 'length' for \(owner), not both (each sets the propagation delay)")
        return true
    }

    /// An Ethernet link's properties, each from the link or else from `defaults.link`. A bad
    /// rate is reported and replaced by a placeholder, so the link still joins its nodes.
    func readEthernetLink(_ l: YNode, defaults: YNode, label: String) -> EthernetLink {
        let K = EthernetLinkKeys.self
        // Defaults were checked once (checkLinkDefaults); do not report them per link.
        let quiet = Reader(d: Diagnostics())
        func value<V>(_ f: Field<V>) -> V? {
            if let n = l[f.name] { return f.read(n, r, "'\(f.name)' of link \(label)") }
            return defaults[f.name].flatMap { f.read($0, quiet, "") }
        }
        var link = EthernetLink(rate: 1)
        if l[K.rate.name] ?? defaults[K.rate.name] != nil {
            if let v = value(K.rate) { link.rate = v }
        } else {
            d.error(l.pos, "missing 'rate' for link \(label) (set it on the link or as defaults.link.rate)")
        }
        let delayNode = l[K.delay.name], lengthNode = l[K.length.name]
        var useLength: YNode?, useDelay: YNode?, reader = r
        if lengthNode != nil || delayNode != nil {
            if !eitherDelayOrLength(l, "link \(label)") {
                useLength = lengthNode
                useDelay = delayNode
            }
        } else {
            reader = quiet
            useDelay = defaults[K.delay.name]
            if useDelay == nil { useLength = defaults[K.length.name] }
        }
        if let ln = useLength, let m = K.length.read(ln, reader, "'length' of link \(label)") {
            let ps = (m * 5_000).rounded()  // 5 ns/m in copper and fibre
            if ps > Double(Time.maximum) { d.error(ln.pos, "the link is too long") } else { link.propagation = SimTime(ps) }
        }
        if let dn = useDelay, let t = K.delay.read(dn, reader, "'delay' of link \(label)") { link.propagation = t }
        if let v = value(K.overhead) { link.overhead = v }
        if let v = value(K.maxFrame) { link.maxFrame = v }
        if let v = value(K.minFrame) {
            link.minFrame = v
            if v > link.maxFrame, let n = l[K.minFrame.name] ?? defaults[K.minFrame.name] {
                d.error(n.pos, "'min_frame' of link \(label) is above its 'max_frame'")
            }
        }
        if let v = value(K.buffer) { link.bufferBytes = v.value }
        if let v = value(K.bufferFrames) { link.bufferFrames = v.value.map { Int32($0) } }
        if let v = value(K.trafficClasses) { link.trafficClasses = Int(v) }
        if let v = value(K.selection) { link.selection = v }
        link.tsn = readPortTSN(l, defaults: defaults, label: "link \(label)", rate: link.rate)
        return link
    }
}
