/// The probe vocabulary shared by every technology. Models emit these; statistics
/// listen. A sink is a generic parameter of the model, so an empty method compiles away
/// and nothing is built for a probe nobody listens to.
///
/// `site` is the index of the emitting queue, port, link or server (the model numbers its
/// sites); `flow` and `source` the flow-level identity of the unit of work. A unit's
/// journey has one leg, or two when it is a request served somewhere: leg 0 to the
/// service, leg 1 (the response) from it. Sizes in bytes, times in picoseconds.
public protocol ProbeSink {
    /// Source `source` of flow `flow` made a unit of work (leg 0), or a service made the
    /// response (leg 1) to one that source made at `created`.
    mutating func sent(flow: Int32, source: Int32, leg: Int32, bytes: Int32, created: SimTime, at time: SimTime)
    /// Queued at `site`; `frames` and `bytes` are the queue's contents after the change.
    mutating func enqueued(site: Int32, frames: Int32, bytes: Int64, at time: SimTime)
    /// Left the queue at `site` for service; contents after the change.
    mutating func dequeued(site: Int32, frames: Int32, bytes: Int64, at time: SimTime)
    /// Service (a transmission, a task) at `site` starts now and lasts `duration`, after
    /// the unit waited `waited` for it.
    mutating func serviceStarted(site: Int32, duration: SimTime, waited: SimTime, at time: SimTime)
    /// A unit leaves `site` (or is known to: a link knows its arrival time when it sends)
    /// after `sojourn` in it: waiting, service and transit.
    mutating func departed(site: Int32, sojourn: SimTime, at time: SimTime)
    /// Lost at `site` (a negative site: not at a site) during leg `leg`, for `reason`.
    mutating func dropped(site: Int32, flow: Int32, source: Int32, leg: Int32, created: SimTime,
                          reason: DropReason, at time: SimTime)
    /// Ended leg `leg`, which began at `legStarted`; `final` when the journey ends here
    /// (a leg-0 unit that reaches its service is not final). `created` is when its source
    /// made it.
    mutating func arrived(flow: Int32, source: Int32, leg: Int32, bytes: Int32, created: SimTime,
                          legStarted: SimTime, final: Bool, at time: SimTime)
    /// Statistics start: discard what was seen before `time`.
    mutating func warmupEnded(at time: SimTime)

    /// Just before `arrived` ends a leg: where the leg's time went (queueing, radio access,
    /// HARQ, core, in picoseconds); the rest of its latency is wired transit.
    mutating func latencyParts(flow: Int32, source: Int32, leg: Int32, created: SimTime, queueing: SimTime,
                               radio: SimTime, harq: SimTime, core: SimTime)
    /// A transport block was sent by (uplink) or to (downlink) terminal `ue` in `cell` and
    /// decoded now: its attempt number (1 = first), size, PRBs, symbols, MCS, SINR and fate.
    mutating func radioTransmission(_ t: RadioTransmission, at time: SimTime)
    /// Terminal `ue` changed from cell `from` to cell `to`.
    mutating func handover(ue: Int32, from: Int32, to: Int32, at time: SimTime)
    /// A copy of a replicated frame reached its merge point: it `passed` (the first copy
    /// of its frame; `outOfOrder` when its sequence number is not the one after the last
    /// passed) or was discarded (a duplicate, or too old to tell). A discarded copy gets no
    /// `arrived` and no `dropped`.
    mutating func merged(flow: Int32, source: Int32, leg: Int32, passed: Bool, outOfOrder: Bool, at time: SimTime)
    /// One copy of a replicated frame was lost at `site` for `reason` (the frame itself is
    /// `dropped`, at site -1, only when its last copy is lost and none arrived).
    mutating func copyDropped(site: Int32, flow: Int32, reason: DropReason, at time: SimTime)
    /// Fault `fault` (index into `PlantSpec.faults`) struck (`down`) or was repaired.
    mutating func fault(_ fault: Int32, down: Bool, at time: SimTime)
    /// At the end of a run, once per unit of work still on its way at `time` (queued, on a
    /// wire or link, in a relay, a radio buffer or a service), on leg `leg`; a replicated
    /// frame once, however many of its copies are out.
    mutating func inFlight(flow: Int32, source: Int32, leg: Int32, created: SimTime, at time: SimTime)

    /// A time-aware port (IEEE 802.1Qbv) at `site` was idle for `duration` until now while
    /// frames waited at closed gates (or too close to their closing).
    mutating func gateHeld(site: Int32, duration: SimTime, at time: SimTime)
    /// A preemptable frame was cut at `site` for an express frame or a closing gate
    /// (IEEE 802.1Qbu / 802.3br).
    mutating func preempted(site: Int32, at time: SimTime)
    /// An express frame starts at `site` after a preemptable transmission, having waited
    /// `duration` since it joined the queue.
    mutating func expressBlocked(site: Int32, duration: SimTime, at time: SimTime)
    /// At the end of a run: the least and largest credit, in bits, that the credit-based
    /// shaper (IEEE 802.1Qav) of traffic class `trafficClass` at `site` reached.
    mutating func creditRange(site: Int32, trafficClass: Int32, least: Double, most: Double)
    /// A frame of leg `leg` reached the egress translator of a 5G system acting as a TSN
    /// bridge (3GPP TS 23.501 §5.28.1), `delay` after it entered the bridge: the residence
    /// time when it came in time and was held; more when it was `late`, and then it went on
    /// at once, or was `dropped` (it also gets `dropped` with reason `late`).
    mutating func bridgeCrossed(flow: Int32, source: Int32, leg: Int32, created: SimTime, delay: SimTime, late: Bool,
                                dropped: Bool, at time: SimTime)
}

/// One decoded transport block (see `ProbeSink.radioTransmission`).
public struct RadioTransmission: Sendable {
    public var cell: Int32
    public var ue: Int32
    public var uplink: Bool
    public var attempt: Int32
    public var tbsBits: Int32
    public var prbs: Int32
    public var symbols: Int32
    public var mcs: Int32
    public var sinrDB: Double
    public var success: Bool
    /// Given up: the last attempt failed.
    public var residualLoss: Bool
    @inlinable
    public init(cell: Int32, ue: Int32, uplink: Bool, attempt: Int32, tbsBits: Int32, prbs: Int32, symbols: Int32,
                mcs: Int32, sinrDB: Double, success: Bool, residualLoss: Bool) {
        self.cell = cell; self.ue = ue; self.uplink = uplink; self.attempt = attempt; self.tbsBits = tbsBits
        self.prbs = prbs; self.symbols = symbols; self.mcs = mcs; self.sinrDB = sinrDB; self.success = success
        self.residualLoss = residualLoss
    }
}

/// Sinks that keep no radio, latency-part, redundancy, fault, end-of-run or 5G-bridge
/// statistics need not listen.
extension ProbeSink {
    @inlinable
    public mutating func latencyParts(flow: Int32, source: Int32, leg: Int32, created: SimTime, queueing: SimTime,
                                      radio: SimTime, harq: SimTime, core: SimTime) {}
    @inlinable public mutating func radioTransmission(_ t: RadioTransmission, at time: SimTime) {}
    @inlinable public mutating func handover(ue: Int32, from: Int32, to: Int32, at time: SimTime) {}
    @inlinable
    public mutating func merged(flow: Int32, source: Int32, leg: Int32, passed: Bool, outOfOrder: Bool, at time: SimTime) {}
    @inlinable public mutating func copyDropped(site: Int32, flow: Int32, reason: DropReason, at time: SimTime) {}
    @inlinable public mutating func fault(_ fault: Int32, down: Bool, at time: SimTime) {}
    @inlinable
    public mutating func inFlight(flow: Int32, source: Int32, leg: Int32, created: SimTime, at time: SimTime) {}
    @inlinable public mutating func gateHeld(site: Int32, duration: SimTime, at time: SimTime) {}
    @inlinable public mutating func preempted(site: Int32, at time: SimTime) {}
    @inlinable public mutating func expressBlocked(site: Int32, duration: SimTime, at time: SimTime) {}
    @inlinable public mutating func creditRange(site: Int32, trafficClass: Int32, least: Double, most: Double) {}
    @inlinable
    public mutating func bridgeCrossed(flow: Int32, source: Int32, leg: Int32, created: SimTime, delay: SimTime,
                                       late: Bool, dropped: Bool, at time: SimTime) {}
}

/// Why a unit of work was lost.
public enum DropReason: UInt8, Sendable, CaseIterable {
    /// The queue had no room (tail drop).
    case bufferFull
    /// Lost in transit (a lossy link).
    case lost
    /// Refused by a service whose waiting room was full; the request itself arrived.
    case rejected
    /// On a link that failed (on the wire or waiting in one of its ports), or offered to
    /// one that is down.
    case linkDown
    /// In a node that failed (in its relay or in service), or arriving at one that is down.
    case nodeDown
    /// Its source had no path to its destination when it was sent.
    case noRoute
    /// It reached the egress of a 5G TSN bridge after its residence time, and the bridge
    /// drops late frames.
    case late
    /// Refused where its stream entered the network (IEEE 802.1Qci): a flow meter coloured
    /// it red (or yellow, with drop on yellow), or the bridge drops unknown streams.
    case policed
    /// Longer than its stream filter's maximum SDU size (IEEE 802.1Qci).
    case oversize
    /// An ATS scheduler would have held it beyond its group's MaxResidenceTime (IEEE 802.1Qcr).
    case maxResidence
}
