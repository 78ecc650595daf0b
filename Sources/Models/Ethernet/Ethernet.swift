import Kernel

/// The wired Ethernet of a plant: egress ports with their queues, and how each switch
/// forwards (store-and-forward or cut-through; its switching delay is the plant's `Relay`).
///
/// Events per frame and hop: one arrival at the next node when the port was idle, and one
/// more (a transmission end) only when the frame had to wait.
public struct Ethernet: EgressQueues {
    public enum Kind {
        /// The transmission on a port ends and a waiting frame may start. target: port.
        public static var transmissionEnd: Int32 { Technology.ethernet.kind(0) }
    }

    public var ports: ContiguousArray<EgressPort>
    /// The FIFOs of every port's traffic classes, `EgressPort.queuesPerPort` per port.
    @usableFromInline var queues: ContiguousArray<IndexRing>
    @usableFromInline let forwarding: ContiguousArray<ForwardingMode>

    public init(spec: PlantSpec) {
        ports = ContiguousArray(spec.ports.map(EgressPort.init))
        queues = ContiguousArray(repeating: IndexRing(), count: spec.ports.count * EgressPort.queuesPerPort)
        forwarding = ContiguousArray(spec.nodes.map(\.forwarding))
    }

    @usableFromInline static var transmissionEndKind: Int32 { Kind.transmissionEnd }

    /// Ports are the plant's first sites.
    @inlinable func site(_ port: Int) -> Int32 { Int32(port) }

    /// Puts a frame on the wire now and schedules its arrival at the far end: at its last
    /// bit, or at its header when the next switch cuts through to a port no faster.
    @inlinable
    mutating func transmit<S>(_ f: Int32, port: Int, _ shared: inout Shared<S>, _ queue: inout EventQueue) {
        let frame = shared.frames[f]
        let now = queue.now
        let tx = ports[port].transmissionTime(bytes: frame.bytes)
        let waited = now &- frame.entered
        let sequence = queue.reserveSequence()
        shared.sink.serviceStarted(site: site(port), duration: tx, waited: waited, at: now)
        shared.noteWait(f, waited)
        var arrival = now &+ ports[port].lastBitTime(bytes: frame.bytes) &+ ports[port].propagation
        let peer = ports[port].peerNode
        if forwarding[Int(peer)] == .cutThrough, let next = shared.nextHop(of: f), next.kind == .port,
           ports[next.index].rateBitsPerSecond <= ports[port].rateBitsPerSecond {
            arrival = now &+ ports[port].headerTime() &+ ports[port].propagation
        }
        ports[port].startTransmission(f, duration: tx, arrival: arrival, at: now, sequence: sequence)
        shared.scheduleArrival(f, at: arrival, node: peer, &queue)
    }
}
