import Kernel

/// The relay of each switch (IEEE 802.1Q 8.6, the forwarding process): the switching delay
/// between receiving a frame and offering it to its next hop, whatever that hop's
/// technology (an Ethernet port, an external link). Constant, or drawn per frame from a
/// stream named after the node, so a switch keeps its random numbers in every design.
public struct Relay {
    @usableFromInline let delay: ContiguousArray<Distribution>
    /// One stream per node with a random switching delay (nil otherwise).
    @usableFromInline let streams: [RandomStream?]

    public init(spec: PlantSpec, seed: UInt64, replication: Int) {
        delay = ContiguousArray(spec.nodes.map(\.switchingDelay))
        streams = spec.nodes.map { n in
            n.switchingDelay.isConstant ? nil
                : RandomStream(seed: seed, replication: replication, name: "node/\(n.name)/switching-delay")
        }
    }

    /// Per node: the switching delay when constant and not zero, else 0.
    var constantDelays: ContiguousArray<SimTime> {
        ContiguousArray(delay.indices.map { n in
            if streams[n] == nil, case let .constant(d) = delay[n], d > 0 { return SimTime(d) }
            return 0
        })
    }

    /// The switching delay of `node` for one frame; nil when the node relays at once
    /// (a random delay always takes its time, even a draw of zero).
    @inlinable
    func delay(at node: Int) -> SimTime? {
        if let rng = streams[node] { return Time.duration(delay[node].sample(rng)) }
        if case let .constant(d) = delay[node], d > 0 { return SimTime(d) }
        return nil
    }
}
