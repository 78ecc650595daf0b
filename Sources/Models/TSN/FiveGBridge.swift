import Kernel

/// A 5G system that presents itself to the TSN network as one IEEE 802.1Q bridge (3GPP TS
/// 23.501 §5.28.1): a DS-TT (device-side TSN translator) at each terminal and an NW-TT
/// (network-side TSN translator) at the UPF. Declared on the UPF; the bridge spans every
/// path between a terminal and that UPF.
///
/// Both translators hold and forward (TS 23.501 §5.27.4): a frame is stamped where it
/// enters the bridge and leaves the egress translator exactly `residence` later, so the
/// bridge's delay is the constant the TSN network is told (the 5GS bridge delay of
/// §5.27.5) however the radio varied. A frame that reaches the egress after that is late:
/// `late` says whether it goes on at once or is dropped.
public struct FiveGBridgeSpec: Sendable, Equatable {
    /// The bridge's delay for every frame that makes it in time, in picoseconds.
    public var residence: SimTime
    public var late: LateFrames

    public init(residence: SimTime, late: LateFrames = .forward) {
        self.residence = residence
        self.late = late
    }
}

/// What a 5G TSN bridge does with a frame that reaches its egress translator after its
/// residence time.
public enum LateFrames: String, Sendable, Equatable, CaseIterable {
    /// It leaves at once (counted late).
    case forward
    /// It is dropped (counted late, and as a drop of reason `late`).
    case drop
}

/// A flow's own residence time or late-frame policy at the 5G TSN bridges it crosses, in
/// place of the bridge's (nil: the bridge's).
public struct FiveGBridgeOverride: Sendable, Equatable {
    public var residence: SimTime?
    public var late: LateFrames?

    public init(residence: SimTime? = nil, late: LateFrames? = nil) {
        self.residence = residence
        self.late = late
    }
}

/// One crossing of a 5G TSN bridge along a route: where the frame is stamped (ingress) and
/// where it is held (egress), each the start or the end of a hop of the route.
///
/// Uplink (terminal → UPF): in at the start of the terminal's radio hop (its DS-TT, when
/// the frame leaves the terminal's stack), out at the start of the hop after the UPF (its
/// NW-TT, after the UPF's processing). Downlink (UPF → terminal): in at the end of the hop
/// that reaches the UPF (its NW-TT, before the processing), out at the end of the radio hop
/// (the terminal's DS-TT). Terminal to terminal through one UPF: one crossing, in at the
/// first terminal's DS-TT, out at the second's.
public struct BridgeCrossing: Sendable, Equatable {
    /// The UPF (node index) that declares the bridge.
    public var upf: Int
    public var ingressHop: Int
    public var ingressAtEnd: Bool
    public var egressHop: Int
    public var egressAtEnd: Bool
    public var residence: SimTime
    public var late: LateFrames

    public init(upf: Int, ingressHop: Int, ingressAtEnd: Bool, egressHop: Int, egressAtEnd: Bool, residence: SimTime,
                late: LateFrames) {
        self.upf = upf
        self.ingressHop = ingressHop
        self.ingressAtEnd = ingressAtEnd
        self.egressHop = egressHop
        self.egressAtEnd = egressAtEnd
        self.residence = residence
        self.late = late
    }
}

extension PlantSpec {
    /// Whether any UPF acts as a 5G TSN bridge.
    public var hasFiveGBridge: Bool { nodes.contains { $0.tsnBridge != nil } }

    /// The 5G TSN bridges `route` crosses, in order, with the residence and late policy of
    /// `override` where it gives them. A radio hop's bridge is the first UPF reached from it
    /// over links (the core walk of `HopPart.parts`), when that UPF declares one.
    public func bridgeCrossings(along route: [Hop], override: FiveGBridgeOverride? = nil) -> [BridgeCrossing] {
        guard hasFiveGBridge else { return [] }
        func ends(_ h: Hop) -> (from: Int, to: Int)? {
            switch h.kind {
            case .port: (ports[h.index].node, ports[h.index].peerNode)
            case .link: (links[h.index].node, links[h.index].peerNode)
            case .radio, .service: nil
            }
        }
        func crossing(_ upf: Int, _ inHop: Int, _ inEnd: Bool, _ outHop: Int, _ outEnd: Bool) -> BridgeCrossing? {
            guard let b = nodes[upf].tsnBridge else { return nil }
            return BridgeCrossing(upf: upf, ingressHop: inHop, ingressAtEnd: inEnd, egressHop: outHop, egressAtEnd: outEnd,
                                  residence: override?.residence ?? b.residence, late: override?.late ?? b.late)
        }
        var out: [BridgeCrossing] = []
        for (i, h) in route.enumerated() where h.kind == .radio {
            let up = h.index & 1 == 1
            var j = up ? i + 1 : i - 1
            var upf: Int?
            while route.indices.contains(j), let e = ends(route[j]) {
                let node = up ? e.to : e.from
                if nodes[node].role == .upf { upf = node; break }
                j += up ? 1 : -1
            }
            guard let upf else { continue }
            if up {
                // Out after the UPF's processing, as the next hop starts (or on arrival, if the
                // route ended there).
                let c = j + 1 < route.count ? crossing(upf, i, false, j + 1, false) : crossing(upf, i, false, j, true)
                if let c { out.append(c) }
            } else {
                // In on arrival at the UPF; terminal to terminal, the uplink crossing that left
                // from this UPF at the start of hop j continues to here.
                if let last = out.last, last.upf == upf, !last.egressAtEnd, last.egressHop == j {
                    out[out.count - 1].egressHop = i
                    out[out.count - 1].egressAtEnd = true
                    continue
                }
                let c = j > 0 ? crossing(upf, j - 1, true, i, true) : crossing(upf, 0, false, i, true)
                if let c { out.append(c) }
            }
        }
        return out
    }

    /// Whether some route of `flow` (a member path of a replicated flow included) crosses a
    /// 5G TSN bridge.
    public func crossesFiveGBridge(_ flow: FlowSpec) -> Bool {
        guard hasFiveGBridge else { return false }
        return flow.sources.contains { s in
            ([s.route] + s.replicas).contains { !bridgeCrossings(along: $0).isEmpty }
        }
    }
}
