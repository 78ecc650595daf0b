import Kernel

/// The hops of every source's route, concatenated, built once with the plant.
public struct RouteTable: Sendable {
    @usableFromInline let hops: ContiguousArray<Hop>
    @usableFromInline let start: ContiguousArray<Int32>
    @usableFromInline let count: ContiguousArray<Int32>

    /// Routes of the sources of all flows, in flow order, then source order.
    public init(_ spec: PlantSpec) {
        var hops = ContiguousArray<Hop>(), start = ContiguousArray<Int32>(), count = ContiguousArray<Int32>()
        for flow in spec.flows {
            for s in flow.sources {
                start.append(Int32(hops.count))
                count.append(Int32(s.route.count))
                hops.append(contentsOf: s.route)
            }
        }
        self.hops = hops
        self.start = start
        self.count = count
    }

    /// Hop `h` of the route of source `source`.
    @inlinable public func hop(source: Int32, _ h: Int32) -> Hop { hops[Int(start[Int(source)] &+ h)] }
    /// How many hops the route of `source` has.
    @inlinable public func length(source: Int32) -> Int32 { count[Int(source)] }
}

/// What every technology of a plant shares: the frames in flight, the routes they follow
/// and the sink that hears of them. Components receive it `inout` with the event queue.
public struct Shared<Sink: ProbeSink> {
    public var frames = FramePool()
    public let routes: RouteTable
    public var sink: Sink

    init(routes: RouteTable, sink: Sink) {
        self.routes = routes
        self.sink = sink
    }

    /// The plant's events: a frame reaches the end of its current hop (target: the node it
    /// reaches), or leaves a switch's relay for its next hop (target: the switch). arg:
    /// frame; both are cancelled by bumping the frame's generation.
    public static var arriveKind: Int32 { Technology.plant.kind(0) }
    public static var relayedKind: Int32 { Technology.plant.kind(1) }

    /// Schedules the end of frame `f`'s current hop: at `time` it reaches `node` and moves
    /// on to its next hop (or is delivered).
    @inlinable
    public func scheduleArrival(_ f: Int32, at time: SimTime, node: Int32, _ queue: inout EventQueue) {
        queue.schedule(at: time, kind: Self.arriveKind, target: node, arg: f, generation: frames[f].generation)
    }

    /// The hop after frame `f`'s current one, or nil when the current one is its last.
    @inlinable
    public func nextHop(of f: Int32) -> Hop? {
        let frame = frames[f]
        let next = frame.hop &+ 1
        return next < routes.length(source: frame.source) ? routes.hop(source: frame.source, next) : nil
    }
}
