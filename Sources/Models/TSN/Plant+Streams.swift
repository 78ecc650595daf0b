import Kernel

/// The stream functions of the forwarding process (IEEE 802.1Q 8.6.5) between a bridge's
/// relay and its egress queue: per-stream filtering and policing (`StreamPolicing`) where a
/// stream enters the network, then asynchronous traffic shaping (`AsynchronousShaping`).
extension Plant {
    /// Per-stream filtering and policing of frame `f` (whose state is `frame`) as it starts
    /// its current hop: whether it was dropped. Checked before a replicated frame splits
    /// into its copies (the filter sees the frame once).
    @inlinable
    mutating func policed(_ f: Int32, _ frame: Frame, _ queue: inout EventQueue) -> Bool {
        let now = queue.now
        guard let reason = policing.filter(route: frame.route, hop: frame.hop, bytes: frame.bytes, at: now) else {
            return false
        }
        shared.lose(f, site: policing.site(route: frame.route), reason, at: now)
        return true
    }

    /// Asynchronous traffic shaping of frame `f` about to enter egress port `port`: whether
    /// it does not enter now, being held until its eligibility time or discarded.
    @inlinable
    mutating func held(_ f: Int32, _ frame: Frame, port: Int, _ queue: inout EventQueue) -> Bool {
        let now = queue.now
        switch shaping.eligibility(route: frame.route, hop: frame.hop, bytes: frame.bytes, at: now, shared.routes) {
        case .now: return false
        case .discard:
            shared.lose(f, site: Int32(port), .maxResidence, at: now)
            return true
        case let .at(t):
            queue.schedule(at: t, kind: Shared<Sink>.eligibleKind, target: ethernet.ports[port].node, arg: f,
                           generation: frame.generation)
            return true
        }
    }

    /// A held frame becomes eligible: it enters the egress port of its current hop (whose
    /// failure, or its node's, the plant has checked). Its hold counts as queueing.
    @inlinable
    mutating func eligible(_ f: Int32, _ queue: inout EventQueue) {
        let frame = shared.frames[f]
        shared.noteWait(f, queue.now &- frame.mark)
        ethernet.send(f, port: shared.routes.hop(route: frame.route, frame.hop).index, &shared, &queue)
    }
}
