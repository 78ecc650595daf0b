import Kernel

/// Per-stream filtering and policing (IEEE 802.1Qci; 802.1Q-2018 8.6.5.1) where streams
/// enter the bridged network: at the first bridge on a frame's way, as it is forwarded
/// from the ingress port (the far end of the link it came in on) to its egress port, as an
/// edge bridge does. A stream with a `PolicingSpec` has its own stream filter and flow meter
/// there (one instance per flow and ingress port); other frames meet the bridge's
/// `UnknownStreams` filter (one per ingress port, shared by them all).
///
/// In order (8.6.5.1.1, 8.6.5.1.3): a blocked filter drops the frame (`.policed`), a frame
/// above the maximum SDU size is dropped (`.oversize`), then the meter colours it: red is
/// dropped (`.policed`), yellow too when the meter drops yellow. Drops count at the port whose
/// link brought the frame in. A request flow's frames are filtered on their way to the
/// service; its responses are not. Copies of a replicated frame are filtered once, before
/// they split, unless they split before the first bridge (then each at its own edge).
///
/// Every lookup is resolved per route when the plant is built; a frame costs one array
/// read per port hop, and nothing when no stream is filtered.
public struct StreamPolicing: Sendable {
    /// Whether anything is filtered; the plant asks nothing otherwise.
    public let enabled: Bool
    /// Per route: the hop at whose start its frames are filtered (-1: never), its filter,
    /// and the site its drops count at (-1: none).
    @usableFromInline var filterHop: ContiguousArray<Int32> = []
    @usableFromInline var filterOf: ContiguousArray<Int32> = []
    @usableFromInline var siteOf: ContiguousArray<Int32> = []
    @usableFromInline var filters: ContiguousArray<StreamFilter> = []

    // What routes added later (after a reconvergence) are resolved with.
    let flowOfSource: [Int32]
    let policing: [PolicingSpec?]
    let unknown: [UnknownStreams]
    let portNode: [Int]
    let isBridge: [Bool]
    let portCount: Int
    /// Per source of a replicated flow: the hops its member routes share (see `RouteTable`).
    let splitAt: [Int32]
    /// Filter instances by flow (-1: the unknown-streams filter) and ingress; read only when
    /// routes are resolved, never iterated.
    var instances: [FilterKey: Int32] = [:]

    struct FilterKey: Hashable {
        var flow: Int32
        var ingress: Int
    }

    public init(spec: PlantSpec, routes: RouteTable) {
        policing = spec.flows.map(\.policing)
        unknown = spec.nodes.map(\.unknownStreams)
        enabled = policing.contains { $0 != nil } || unknown.contains { $0 != .pass }
        flowOfSource = spec.flows.enumerated().flatMap { f, flow in flow.sources.map { _ in Int32(f) } }
        portNode = spec.ports.map(\.node)
        isBridge = spec.nodes.map { $0.kind == .switch && $0.role == .bridge }
        portCount = spec.ports.count
        splitAt = (0..<flowOfSource.count).map { routes.splitAt(Int32($0)) }
        guard enabled else { return }
        routesAdded(routes, from: 0)
    }

    /// Resolves routes `first...` of `routes`.
    mutating func routesAdded(_ routes: RouteTable, from first: Int) {
        guard enabled else { return }
        for r in first..<routes.routeCount {
            let owner = routes.owner(of: Int32(r))
            let hops = SourceSpec.requestHops(routes.route(Int32(r)))
            var hop: Int32 = -1, filter: Int32 = -1, site: Int32 = -1
            if let h = hops.firstIndex(where: { $0.kind == .port && isBridge[portNode[$0.index]] }),
               // A copy on a member route is filtered only if it split before its first bridge.
               r == owner || h > splitAt[Int(owner)] {
                let previous = h > 0 ? hops[h - 1] : nil
                // The ingress: the link the frame came in on (its sending port or direction).
                let ingress = previous.map { $0.kind == .port ? $0.index : $0.kind == .link ? portCount + $0.index : -1 }
                    ?? -1
                let ingressKey = ingress >= 0 ? ingress : -2 - portNode[hops[h].index]
                let flow = flowOfSource[Int(owner)]
                if let own = policing[Int(flow)] {
                    filter = instance(FilterKey(flow: flow, ingress: ingressKey), StreamFilter(own))
                } else {
                    switch unknown[portNode[hops[h].index]] {
                    case .pass: break
                    case .drop: filter = instance(FilterKey(flow: -1, ingress: ingressKey), StreamFilter(blocked: true))
                    case let .police(p): filter = instance(FilterKey(flow: -1, ingress: ingressKey), StreamFilter(p))
                    }
                }
                if filter >= 0 {
                    hop = Int32(h)
                    if ingress >= 0 { site = Int32(ingress) }  // a port's site, or a link direction's
                }
            }
            filterHop.append(hop)
            filterOf.append(filter)
            siteOf.append(site)
        }
    }

    private mutating func instance(_ key: FilterKey, _ make: @autoclosure () -> StreamFilter) -> Int32 {
        if let i = instances[key] { return i }
        filters.append(make())
        instances[key] = Int32(filters.count - 1)
        return Int32(filters.count - 1)
    }

    /// Filters a frame of `bytes` on route `r` as it starts hop `h` at `now`: the reason it
    /// is dropped, or nil when it goes on.
    @inlinable
    public mutating func filter(route r: Int32, hop h: Int32, bytes: Int32, at now: SimTime) -> DropReason? {
        guard filterHop[Int(r)] == h else { return nil }
        let i = Int(filterOf[Int(r)])
        return filters[i].pass(bytes: bytes, at: now)
    }

    /// The site where drops of route `r`'s frames count: the port whose link brought them in.
    @inlinable public func site(route r: Int32) -> Int32 { siteOf[Int(r)] }
}

/// One stream filter instance and its flow meter (802.1Q-2018 8.6.5.1.1, 8.6.5.1.3).
@usableFromInline
struct StreamFilter: Sendable {
    @usableFromInline let blocked: Bool
    /// Largest frame passed, in bytes (Int32.max: any).
    @usableFromInline let maxSDU: Int32
    @usableFromInline var meter: FlowMeter?

    init(blocked: Bool) {
        self.blocked = blocked
        maxSDU = .max
        meter = nil
    }

    init(_ spec: PolicingSpec) {
        blocked = false
        maxSDU = spec.maxSDU ?? .max
        meter = spec.meter.map(FlowMeter.init)
    }

    @inlinable
    mutating func pass(bytes: Int32, at now: SimTime) -> DropReason? {
        if blocked { return .policed }
        if bytes > maxSDU { return .oversize }
        guard let colour = meter?.colour(bits: Int64(bytes) &* 8, at: now) else { return nil }
        switch colour {
        case .green: return nil
        case .yellow: return meter.unsafelyUnwrapped.dropYellow ? .policed : nil
        case .red: return .policed
        }
    }
}

/// The colour a flow meter gives a frame (MEF 10.3 7.11.1).
public enum MeterColour: Sendable {
    case green, yellow, red
}

/// A MEF 10.3 bandwidth profile, colour-blind, coupling flag 0 (802.1Q-2018 8.6.5.1.3):
/// a committed and an excess token bucket, both full at the start.
@usableFromInline
struct FlowMeter: Sendable {
    @usableFromInline var committed: TokenBucket
    @usableFromInline var excess: TokenBucket?
    @usableFromInline let dropYellow: Bool

    init(_ spec: FlowMeterSpec) {
        committed = TokenBucket(rate: spec.committedRate, sizeBits: spec.committedBurst * 8)
        excess = spec.excessRate > 0 ? TokenBucket(rate: spec.excessRate, sizeBits: spec.excessBurst * 8) : nil
        dropYellow = spec.dropYellow
    }

    /// Green when the committed bucket holds the frame, else yellow when the excess one
    /// does, else red; a coloured frame takes its tokens from its bucket.
    @inlinable
    mutating func colour(bits: Int64, at now: SimTime) -> MeterColour {
        if committed.take(bits: bits, at: now) { return .green }
        if excess != nil, excess!.take(bits: bits, at: now) { return .yellow }
        return .red
    }
}
