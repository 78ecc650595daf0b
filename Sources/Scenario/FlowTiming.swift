import Kernel
import Models

extension DesignBuilder {
    /// Warns when a periodic flow's jitter reaches its period: each draw is clipped to just
    /// under one period (see `Source.jitterDraw`), so frames stay in order and the grid
    /// does not drift, but the delays are not the distribution given.
    func warnJitterAbovePeriod(_ jitter: Distribution, period: SimTime, at n: YNode, what: String) {
        let reach = jitter.upperBound.map { ("can reach", $0) } ?? ("averages", jitter.mean)
        guard reach.1 >= Double(period) else { return }
        d.warning(n.pos, "'jitter' of \(what) \(reach.0) \(Format.time(reach.1)), not below its period "
            + "\(Format.time(Double(period))): each draw is cut to just under one period, so frames stay in order "
            + "but the jitter is not the distribution given (variant '\(variantName)')")
    }

    /// Whether a flow sends nothing because it cannot start before the run ends or before
    /// its `stop` (warned, with the key that says so).
    func sendsNothing(offset: Distribution, stop: SimTime?, duration: SimTime, flow f: YNode, what: String) -> Bool {
        let K = FlowKeys.self
        let start = offset.minimum
        let offsetText = (offset.isConstant ? "" : "at least ") + Format.time(start)
        if duration > 0, start >= Double(duration), let n = f[K.offset.name] {
            d.warning(n.pos, "'offset' of \(what) is \(offsetText), at or after "
                + "the end of the run (\(Format.time(Double(duration)))): the flow sends nothing "
                + "(variant '\(variantName)')")
            return true
        }
        if let stop, start > Double(stop), let n = f[K.stop.name] {
            d.warning(n.pos, "'stop' of \(what) (\(Format.time(Double(stop)))) comes before its 'offset' "
                + "(\(offsetText)): the flow sends nothing "
                + "(variant '\(variantName)')")
            return true
        }
        return false
    }
}
