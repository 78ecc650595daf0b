import Kernel

/// Units of work lost, by reason (see `DropReason`): at a site, or of a flow leg.
public struct DropCounts: Sendable, Equatable, Codable {
    /// Tail drops: the queue had no room.
    public var bufferFull: UInt64
    /// Lost in transit on a lossy link.
    public var lost: UInt64
    /// Refused by a service whose waiting room was full.
    public var rejected: UInt64
    /// On a failed link, or offered to one that was down.
    public var linkDown: UInt64
    /// In a failed node, or arriving at one that was down.
    public var nodeDown: UInt64
    /// Sent while its source had no path to its destination.
    public var noRoute: UInt64
    /// Refused by an IEEE 802.1Qci stream filter or flow meter where it entered the network.
    public var policed: UInt64
    /// Above its stream filter's maximum SDU size (IEEE 802.1Qci).
    public var oversize: UInt64
    /// Past an ATS scheduler group's MaxResidenceTime (IEEE 802.1Qcr).
    public var maxResidence: UInt64
    /// Late at the egress of a 5G TSN bridge that drops late frames.
    public var late: UInt64

    public init(bufferFull: UInt64 = 0, lost: UInt64 = 0, rejected: UInt64 = 0, linkDown: UInt64 = 0,
                nodeDown: UInt64 = 0, noRoute: UInt64 = 0, late: UInt64 = 0, policed: UInt64 = 0, oversize: UInt64 = 0,
                maxResidence: UInt64 = 0) {
        self.policed = policed
        self.oversize = oversize
        self.maxResidence = maxResidence
        self.bufferFull = bufferFull
        self.lost = lost
        self.rejected = rejected
        self.linkDown = linkDown
        self.nodeDown = nodeDown
        self.noRoute = noRoute
        self.late = late
    }

    /// The count of one reason.
    public subscript(reason: DropReason) -> UInt64 {
        get {
            switch reason {
            case .bufferFull: bufferFull
            case .lost: lost
            case .rejected: rejected
            case .linkDown: linkDown
            case .nodeDown: nodeDown
            case .noRoute: noRoute
            case .late: late
            case .policed: policed
            case .oversize: oversize
            case .maxResidence: maxResidence
            }
        }
        set {
            switch reason {
            case .bufferFull: bufferFull = newValue
            case .lost: lost = newValue
            case .rejected: rejected = newValue
            case .linkDown: linkDown = newValue
            case .nodeDown: nodeDown = newValue
            case .noRoute: noRoute = newValue
            case .late: late = newValue
            case .policed: policed = newValue
            case .oversize: oversize = newValue
            case .maxResidence: maxResidence = newValue
            }
        }
    }

    /// Counts one more for `reason`.
    public mutating func add(_ reason: DropReason) { self[reason] &+= 1 }

    /// All reasons together.
    public var total: UInt64 {
        bufferFull &+ lost &+ rejected &+ linkDown &+ nodeDown &+ noRoute &+ late &+ policed &+ oversize &+ maxResidence
    }

    /// Adds another's counts.
    public mutating func merge(_ other: DropCounts) {
        for reason in DropReason.allCases { self[reason] &+= other[reason] }
    }
}
