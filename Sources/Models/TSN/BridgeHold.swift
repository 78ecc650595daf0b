import Kernel

/// Hold and forward at the translators of the plant's 5G TSN bridges (3GPP TS 23.501
/// §5.27.4): which hop boundaries of each route stamp a frame as it enters a bridge and
/// which hold it at the egress until its residence time is up (`BridgeCrossing`), and the
/// stamp of each frame in flight.
///
/// The plant asks at every hop boundary when `enabled`; a plant without a 5G TSN bridge
/// keeps nothing here and pays one predictable branch per boundary. Marks are per hop of
/// the route table (like `Cells.channelOfHop`), stamps per frame slot, so holding a frame
/// allocates nothing once the pool has grown.
public struct BridgeHold {
    /// Bits of a hop's mark.
    public enum Mark {
        /// The frame enters a bridge as the hop starts (a terminal's DS-TT, uplink).
        public static let ingressAtStart: UInt8 = 1
        /// The frame leaves a bridge as the hop starts: held until its residence is up (the
        /// UPF's NW-TT, uplink).
        public static let egressAtStart: UInt8 = 2
        /// The frame enters a bridge as the hop ends (arrival at the UPF's NW-TT, downlink).
        public static let ingressAtEnd: UInt8 = 4
        /// The frame leaves a bridge as the hop ends: held (a terminal's DS-TT, downlink).
        public static let egressAtEnd: UInt8 = 8
        /// At this egress a late frame is dropped rather than sent on.
        public static let dropLate: UInt8 = 16
    }

    /// Whether any route crosses a 5G TSN bridge.
    @usableFromInline let enabled: Bool
    /// Per hop of the route table: its `Mark` bits.
    @usableFromInline var marks: ContiguousArray<UInt8> = []
    /// Per hop with an egress mark: the residence time of the crossing it ends.
    @usableFromInline var residence: ContiguousArray<SimTime> = []
    /// Per hop with `egressAtStart`: the UPF that holds the frame.
    @usableFromInline var holder: ContiguousArray<Int32> = []
    /// Per frame slot: when the frame entered the bridge it is crossing.
    @usableFromInline var stamps: ContiguousArray<SimTime> = []
    /// Per source: its flow (whose override applies to the routes added for it).
    let sourceFlow: [Int]

    public init(spec: PlantSpec, routes: RouteTable) {
        enabled = spec.flows.contains { spec.crossesFiveGBridge($0) }
        sourceFlow = enabled ? spec.flows.indices.flatMap { f in Array(repeating: f, count: spec.flows[f].sources.count) } : []
        guard enabled else { return }
        stamps = ContiguousArray(repeating: 0, count: 1024)
        routesAdded(routes, spec, from: 0)
    }

    /// Marks the hops of routes `first...` (a new path after a failure keeps its flow's
    /// residence).
    public mutating func routesAdded(_ routes: RouteTable, _ spec: PlantSpec, from first: Int) {
        guard enabled else { return }
        marks.append(contentsOf: repeatElement(0, count: routes.hops.count - marks.count))
        residence.append(contentsOf: repeatElement(0, count: routes.hops.count - residence.count))
        holder.append(contentsOf: repeatElement(-1, count: routes.hops.count - holder.count))
        for r in Int32(first)..<Int32(routes.routeCount) {
            let start = Int(routes.start[Int(r)])
            let flow = spec.flows[sourceFlow[Int(routes.owner(of: r))]]
            for c in spec.bridgeCrossings(along: routes.route(r), override: flow.tsnBridge) {
                marks[start + c.ingressHop] |= c.ingressAtEnd ? Mark.ingressAtEnd : Mark.ingressAtStart
                let out = start + c.egressHop
                marks[out] |= (c.egressAtEnd ? Mark.egressAtEnd : Mark.egressAtStart) | (c.late == .drop ? Mark.dropLate : 0)
                residence[out] = c.residence
                holder[out] = Int32(c.upf)
            }
        }
    }

    /// The mark of hop `h` of route `r`.
    @inlinable
    func mark(_ routes: RouteTable, route r: Int32, hop h: Int32) -> UInt8 { marks[Int(routes.start[Int(r)] &+ h)] }

    /// The residence time of the crossing whose egress is at hop `h` of route `r`.
    @inlinable
    func residence(_ routes: RouteTable, route r: Int32, hop h: Int32) -> SimTime {
        residence[Int(routes.start[Int(r)] &+ h)]
    }

    /// The UPF that holds a frame before hop `h` of route `r` starts (an `egressAtStart` hop).
    @inlinable
    func holder(_ routes: RouteTable, route r: Int32, hop h: Int32) -> Int32 { holder[Int(routes.start[Int(r)] &+ h)] }

    /// Frame `f` enters a bridge at `time`.
    @inlinable
    mutating func stamp(_ f: Int32, at time: SimTime) {
        if Int(f) >= stamps.count { grow(to: Int(f) + 1) }
        stamps[Int(f)] = time
    }

    /// When frame `f` entered the bridge it is crossing.
    @inlinable func stamp(of f: Int32) -> SimTime { Int(f) < stamps.count ? stamps[Int(f)] : 0 }

    /// A copy `c` of frame `f` (a replicated frame splitting) carries its stamp.
    @inlinable
    mutating func copy(_ f: Int32, to c: Int32) { stamp(c, at: stamp(of: f)) }

    /// Room for `n` slots and more (geometric, as the frame pool grows).
    @usableFromInline
    mutating func grow(to n: Int) {
        stamps.append(contentsOf: repeatElement(0, count: Swift.max(n, 2 * stamps.count) - stamps.count))
    }
}
