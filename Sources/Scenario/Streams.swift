import Kernel
import Models

/// Checks of a flow's IEEE 802.1Qci `policing` and 802.1Qcr `ats` against its frames and
/// routes (the keys themselves are read by their `ValueType`s, `StreamKeys.swift`).
extension DesignBuilder {
    /// The largest frame any source of the flow sends on its way to its destination (or
    /// service): its size's upper bound (the mean when unbounded), clipped to the route.
    func largestFrame(_ specs: [SourceSpec], net: PlantSpec) -> Int64 {
        var largest: Int64 = 0
        for s in specs {
            let size: Double
            if case let .trace(_, sizes) = s.traffic.pattern { size = Double(sizes.max() ?? 0) } else {
                size = s.traffic.size.upperBound ?? s.traffic.size.mean
            }
            let cap = Double(net.maxFrameBytes(on: s.requestHops))
            largest = Swift.max(largest, Int64(Swift.min(size, cap).rounded(.up)))
        }
        return largest
    }

    /// A committed burst below the largest frame makes every such frame red: warned, since
    /// policing them away may be the point.
    func checkMeterBurst(_ meter: FlowMeterSpec, largest: Int64, at n: YNode, what: String) {
        guard meter.committedBurst < largest else { return }
        let burst = n[PolicingKeys.burst.name] ?? n
        d.warning(burst.pos, "'burst' of \(what) is \(meter.committedBurst)B, below the flow's largest frame "
            + "(\(largest)B): every frame above \(meter.committedBurst)B is red and dropped; give at least \(largest)B "
            + "unless that is intended")
    }

    /// An ATS scheduler's burst must hold the largest frame (802.1Q-2022 8.6.5.6: a frame
    /// larger than CommittedBurstSize never finds the tokens it needs); returns whether it does.
    func checkATSBurst(_ ats: ATSSpec, specs: [SourceSpec], at n: YNode, what: String, net: PlantSpec) -> Bool {
        let largest = largestFrame(specs, net: net)
        guard ats.committedBurst >= largest else {
            d.error((n[ATSKeys.burst.name] ?? n).pos, "'burst' of \(what) is \(ats.committedBurst)B, below the flow's "
                + "largest frame (\(largest)B); expected at least \(largest)B, such as the frames of a burst together")
            return false
        }
        let bridged = specs.contains { s in
            s.requestHops.contains { $0.kind == .port && net.nodes[net.ports[$0.index].node].kind == .switch
                && net.nodes[net.ports[$0.index].node].role == .bridge }
        }
        if !bridged { d.warning(n.pos, "\(what) shapes nothing: the flow crosses no bridge") }
        return true
    }
}
