import Foundation
import Kernel
import Models

/// A wan link as read: what its two directions share, and what each has of its own.
struct WANLink {
    struct Direction {
        var delay: DelayModel
        var loss: LossModel
        var rate: Int64?
    }
    var uplink: Direction
    var downlink: Direction
    var overhead: Int64 = 0
    var maxFrame: Int64 = Int64(Int32.max)
    var bufferBytes: Int64?
    var bufferFrames: Int32?
    var inOrder = false

    func direction(_ d: LinkDirection, name: String, node: Int, peer: Int) -> LinkSpec {
        let x = d == .uplink ? uplink : downlink
        return LinkSpec(name: name, node: node, peerNode: peer, direction: d, delay: x.delay, loss: x.loss,
                        rateBitsPerSecond: x.rate, overheadBytes: Int32(overhead), maxFrameBytes: Int32(maxFrame),
                        bufferBytes: bufferBytes, bufferFrames: bufferFrames, inOrder: inOrder)
    }
}

extension DesignBuilder {
    /// A wan link: each direction takes `delay`, `loss` and `rate` from its `uplink` or
    /// `downlink` mapping, else from the link. `defaults.link` does not apply. Errors are
    /// reported and leave placeholders, so the link still joins its nodes.
    func readWANLink(_ l: YNode, label: String) -> WANLink {
        let K = WANLinkKeys.self
        let owner = "link \(label)"
        func read<V>(_ f: Field<V>, in n: YNode = l, _ what: String = "") -> V? {
            guard let v = n[f.name] else { return nil }
            let x = f.read(v, r, "'\(f.name)' of \(what.isEmpty ? owner : what)")
            return x
        }
        let delay = read(K.delay), loss = read(K.loss), rate = read(K.rate)
        var link = WANLink(uplink: .init(delay: .distribution(.constant(0)), loss: .none),
                           downlink: .init(delay: .distribution(.constant(0)), loss: .none))
        if let v = read(K.overhead) { link.overhead = v }
        if let v = read(K.maxFrame) { link.maxFrame = v }
        if let v = read(K.buffer) { link.bufferBytes = v.value }
        if let v = read(K.bufferFrames) { link.bufferFrames = v.value.map { Int32($0) } }
        if let v = read(K.inOrder) { link.inOrder = v }
        var anyRate = rate != nil
        for (field, name) in [(K.uplink, "uplink"), (K.downlink, "downlink")] {
            let what = "the \(name) of \(owner)"
            var own: YNode?
            if let n = l[field.name] {
                own = field.read(n, r, "'\(name)' of \(owner)")
            }
            let ownDelay = own.flatMap { read(K.delay, in: $0, what) }
            let ownLoss = own.flatMap { read(K.loss, in: $0, what) }
            let ownRate = own.flatMap { read(K.rate, in: $0, what) }
            anyRate = anyRate || ownRate != nil
            var x = WANLink.Direction(delay: .distribution(.constant(0)), loss: ownLoss ?? loss ?? LossModel.none,
                                      rate: ownRate ?? rate)
            if let setting = ownDelay ?? delay {
                if let model = delayModel(setting) { x.delay = model }
            } else if own?[K.delay.name] == nil && l[K.delay.name] == nil {
                d.error(own?.pos ?? l.pos, "missing 'delay' for \(what) (set it on the link or in its '\(name)')")
            }
            if name == "uplink" { link.uplink = x } else { link.downlink = x }
        }
        // Queue settings wait in front of a capacity.
        if !anyRate {
            for k in [K.buffer.name, K.bufferFrames.name, K.overhead.name] {
                guard let e = l.entry(k) else { continue }
                d.error(e.keyPos, "'\(k)' of \(owner) applies to its capacity, and the link has none: add a 'rate' "
                    + "(such as 50Mbps) to the link or to its 'uplink' or 'downlink'")
            }
        }
        return link
    }

    /// A delay as the link model takes it: a trace file is read (once per design).
    func delayModel(_ s: DelaySetting) -> DelayModel? {
        switch s {
        case let .distribution(dist): return .distribution(dist)
        case let .trace(file, pos, replay): return readDelayTrace(file, at: pos).map { .trace($0, replay) }
        }
    }
}
