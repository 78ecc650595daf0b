import Kernel

/// The traffic sources of a plant: when each sends and how large its frames are. Each
/// source owns two random streams named after its flow and node, one for send times
/// (offsets, jitter, gaps) and one for sizes, so changing a size leaves the timing
/// untouched and a source keeps its numbers when others are added or removed.
public struct Traffic {
    /// A source sends its next frame. target: source.
    public static var emitKind: Int32 { Technology.traffic.kind(0) }

    public var sources: ContiguousArray<Source>
    /// Owned by `streams`; read unmanaged in the run loop, which would otherwise retain and
    /// release a stream at every send.
    @usableFromInline let timingStreams: ContiguousArray<Unmanaged<RandomStream>>
    @usableFromInline let sizeStreams: ContiguousArray<Unmanaged<RandomStream>>
    let streams: [RandomStream]

    public init(spec: PlantSpec, seed: UInt64, replication: Int) {
        var sources = ContiguousArray<Source>()
        var timing: [RandomStream] = [], sizes: [RandomStream] = []
        for (f, flow) in spec.flows.enumerated() {
            for s in flow.sources {
                sources.append(Source(flow: Int32(f), node: Int32(s.node), priority: UInt8(flow.priority & 7),
                                      maxFrameBytes: spec.maxFrameBytes(on: s.requestHops), traffic: s.traffic))
                let stem = Traffic.streamStem(flow: flow, source: s, spec: spec)
                timing.append(RandomStream(seed: seed, replication: replication, name: stem + "/timing"))
                sizes.append(RandomStream(seed: seed, replication: replication, name: stem + "/size"))
            }
        }
        self.sources = sources
        timingStreams = ContiguousArray(timing.map { Unmanaged.passUnretained($0) })
        sizeStreams = ContiguousArray(sizes.map { Unmanaged.passUnretained($0) })
        streams = timing + sizes
    }

    /// The prefix of the names of a source's random streams.
    public static func streamStem(flow: FlowSpec, source: SourceSpec, spec: PlantSpec) -> String {
        "flow/\(flow.name)/source/\(spec.nodes[source.node].name)"
    }

    /// Schedules every source's first send.
    mutating func start(_ queue: inout EventQueue) {
        for i in sources.indices {
            if let t = sources[i].firstSend(timingStreams[i].takeUnretainedValue()) {
                queue.schedule(at: t, kind: Traffic.emitKind, target: Int32(i))
            }
        }
    }

    /// Source `s` sends at `now`: its frame, with a size drawn from its stream.
    @inlinable
    func frame(_ s: Int32, at now: SimTime) -> Frame {
        let i = Int(s)
        return Frame(created: now, flow: sources[i].flow, source: s, bytes: sizeStreams[i]._withUnsafeGuaranteedRef { sources[i].frameSize($0) },
                     priority: sources[i].priority)
    }

    /// Schedules source `s`'s next send after one at `now`, if it has one.
    @inlinable
    mutating func scheduleNext(_ s: Int32, after now: SimTime, _ queue: inout EventQueue) {
        let i = Int(s)
        if let next = timingStreams[i]._withUnsafeGuaranteedRef({ sources[i].nextSend(after: now, $0) }) {
            queue.schedule(at: next, kind: Traffic.emitKind, target: s)
        }
    }
}

extension PlantSpec {
    /// The largest frame every hop of `hops` accepts (`Int32.max` when none limits it).
    public func maxFrameBytes(on hops: some Sequence<Hop>) -> Int32 {
        var largest = Int32.max
        for h in hops {
            switch h.kind {
            case .port: largest = Swift.min(largest, ports[h.index].maxFrameBytes)
            case .link: largest = Swift.min(largest, links[h.index].maxFrameBytes)
            case .service, .radio: break
            }
        }
        return largest
    }
}
