import Kernel

/// A component that owns egress ports and their FIFOs: the Ethernet, and the capacity in
/// front of an external link. The queueing is written once here; what a transmission does
/// (a frame on a cable, a frame into an operator's network) is the component's own.
///
/// An idle port sends an arriving frame at once and needs no end event; an end event is
/// pending exactly while frames wait.
@usableFromInline
protocol EgressQueues {
    var ports: ContiguousArray<EgressPort> { get set }
    /// `EgressPort.queuesPerPort` FIFOs per port.
    var queues: ContiguousArray<IndexRing> { get set }
    /// The event kind of a port's transmission end (target: port).
    static var transmissionEndKind: Int32 { get }
    /// The probe site of port `port`.
    func site(_ port: Int) -> Int32
    /// Starts the transmission of frame `f` on the idle port `port` now.
    mutating func transmit<S>(_ f: Int32, port: Int, _ shared: inout Shared<S>, _ queue: inout EventQueue)
}

extension EgressQueues {
    /// Offers a frame to `port`: send now if idle, else wait in its traffic class, else
    /// drop (buffer full).
    @inlinable
    mutating func offer<S>(_ f: Int32, port: Int, _ shared: inout Shared<S>, _ queue: inout EventQueue) {
        let now = queue.now
        shared.frames[f].entered = now
        if ports[port].isIdle(at: now) {
            transmit(f, port: port, &shared, &queue)
            return
        }
        let frame = shared.frames[f]
        guard ports[port].admits(bytes: frame.bytes) else {
            shared.lose(f, site: site(port), .bufferFull, at: now)
            return
        }
        let tc = ports[port].trafficClass(priority: frame.priority)
        queues[port &* EgressPort.queuesPerPort &+ tc].append(f)
        ports[port].queued(trafficClass: tc, bytes: frame.bytes)
        shared.sink.enqueued(site: site(port), frames: ports[port].waitingFrames, bytes: ports[port].waitingBytes,
                             at: now)
        if ports[port].waitingFrames == 1 { scheduleTransmissionEnd(port: port, &queue) }
    }

    /// The transmission on `port` ends: the next waiting frame, if any, starts.
    @inlinable
    mutating func transmissionEnded<S>(port: Int, _ shared: inout Shared<S>, _ queue: inout EventQueue) {
        guard let tc = ports[port].nextClass() else { return }
        let q = port &* EgressPort.queuesPerPort &+ tc
        let f = queues[q].removeFirst()
        ports[port].dequeued(trafficClass: tc, bytes: shared.frames[f].bytes, classEmpty: queues[q].isEmpty)
        shared.sink.dequeued(site: site(port), frames: ports[port].waitingFrames, bytes: ports[port].waitingBytes,
                             at: queue.now)
        transmit(f, port: port, &shared, &queue)
        if ports[port].waitingFrames > 0 { scheduleTransmissionEnd(port: port, &queue) }
    }

    /// A frame waits on the busy `port`: learn when the transmission ends. The event takes
    /// the sequence number reserved when the transmission started, so a frame arriving at
    /// that very picosecond finds the port as ns-3 would: the ending frame gone, the next
    /// one on the wire (counts and latencies then match ns-3's even in overload).
    @inlinable
    mutating func scheduleTransmissionEnd(port: Int, _ queue: inout EventQueue) {
        queue.schedule(at: ports[port].busyUntil, sequence: ports[port].endSequence, kind: Self.transmissionEndKind,
                       target: Int32(port), generation: ports[port].generation)
    }

    /// Handles the component's one event, a transmission end, unless a cancellation made it
    /// stale.
    @inlinable
    mutating func handle<S>(_ event: Event, _ shared: inout Shared<S>, _ queue: inout EventQueue) {
        precondition(event.kind == Self.transmissionEndKind, "unknown event kind \(event.kind)")
        let port = Int(event.target)
        if event.generation == ports[port].generation { transmissionEnded(port: port, &shared, &queue) }
    }

    /// The link of `port`, or its node, failed: every waiting frame and the one on the
    /// wire are lost for `reason` (waiting ones first, so that cutting the transmission
    /// starts nothing).
    @inlinable
    mutating func fail<S>(port: Int, _ reason: DropReason, _ shared: inout Shared<S>, _ queue: inout EventQueue) {
        let now = queue.now
        for tc in 0..<EgressPort.queuesPerPort {
            let q = port &* EgressPort.queuesPerPort &+ tc
            while !queues[q].isEmpty {
                let f = queues[q].removeFirst()
                ports[port].dequeued(trafficClass: tc, bytes: shared.frames[f].bytes, classEmpty: queues[q].isEmpty)
                shared.sink.dequeued(site: site(port), frames: ports[port].waitingFrames, bytes: ports[port].waitingBytes,
                                     at: now)
                shared.lose(f, site: site(port), reason, at: now)
            }
        }
        if let f = cancelTransmission(port: port, &shared, &queue) { shared.lose(f, site: site(port), reason, at: now) }
    }

    /// Cuts short the transmission in progress on `port` (preemption, a failing link): its
    /// end event and the frame's arrival are cancelled, the port is free now, and the next
    /// waiting frame, if any, starts. Returns the frame that was cut, for the caller to
    /// drop or queue again; nil when the port was not transmitting, or when a cut-through
    /// switch already forwards the frame (it is on its next hop and is not recalled).
    /// Statistics have already counted the whole transmission's busy time (and, on a link,
    /// the frame's delay draw); callers that cut transmissions must account for the rest.
    @inlinable
    mutating func cancelTransmission<S>(port: Int, _ shared: inout Shared<S>, _ queue: inout EventQueue) -> Int32? {
        guard let cut = ports[port].abortTransmission(at: queue.now) else { return nil }
        if !cut.arrived { shared.frames[cut.frame].generation &+= 1 }
        if ports[port].waitingFrames > 0 { transmissionEnded(port: port, &shared, &queue) }
        return cut.arrived ? nil : cut.frame
    }
}
