/// The maximum recovery time an MRP ring is configured for: the four recovery profiles of
/// IEC 62439-2 (500, 200, 30 and 10 ms), each a set of MRM test and topology-change timers
/// that bounds the time from a ring link's failure to the ring forwarding again.
public enum MRPRecoveryTime: Int, Sendable, CaseIterable {
    case ms500 = 500
    case ms200 = 200
    case ms30 = 30
    case ms10 = 10

    /// How to pick an outage within the profile's bound.
    public enum Draw: Sendable, Equatable {
        /// The profile's maximum: the design bound.
        case worstCase
        /// `u` times the maximum, for `u` drawn from uniform(0, 1) by the caller's stream.
        case uniform(Double)
    }

    /// The maximum recovery time in picoseconds.
    public var maximumPicoseconds: Int64 { Int64(rawValue) * 1_000_000_000 }

    /// The outage of traffic across a ring failure, in picoseconds.
    public func outagePicoseconds(_ draw: Draw) -> Int64 {
        switch draw {
        case .worstCase:
            return maximumPicoseconds
        case .uniform(let u):
            precondition((0...1).contains(u), "a uniform(0, 1) value is needed")
            return Int64((Double(maximumPicoseconds) * u).rounded(.down))
        }
    }
}

/// A Media Redundancy Protocol ring (IEC 62439-2): links that form a cycle through
/// bridges, one of which is the ring manager (MRM). The MRM's ring ports are its two ring
/// links, the primary first in ring order. While the ring is closed (every ring link up)
/// the MRM blocks its secondary port, so the ring is a line and has no loop; when a ring
/// link fails the MRM's test frames stop arriving and it sets the secondary port
/// forwarding, which reconnects the line around the break.
public struct MRPRing: Sendable, Equatable {
    /// Ring links in ring order.
    public let links: [Int]
    /// Ring nodes in ring order: `nodes[i]` is where `links[i]` starts, so `nodes[0]` joins
    /// the last link to the first.
    public let nodes: [Int]
    public let manager: Int
    public let primaryLink: Int
    public let secondaryLink: Int
    /// The MRM's port on the secondary link: the one it blocks while the ring is closed.
    public let secondaryPort: BridgedNetwork.Port
    public let recoveryTime: MRPRecoveryTime

    /// What one more link failure does to the ring.
    public enum FailureImpact: Sendable, Equatable {
        /// The link is not a ring link.
        case notInRing
        /// No traffic crossed the link: it was down already, or it is the blocked
        /// secondary link of a closed ring.
        case noOutage
        /// The ring was closed: traffic that crossed the link is lost until the MRM
        /// forwards on its secondary port, at most the recovery time.
        case recovers
        /// The ring was open already: it falls into two parts that MRP cannot rejoin.
        case partitions
    }

    /// Checks that `links` form one cycle through bridges, each ring node on it once,
    /// and that the manager is one of them.
    public init(links: [Int], manager: Int, recoveryTime: MRPRecoveryTime,
                in network: BridgedNetwork) throws(MRPRingError) {
        guard links.count >= 2 else { throw .tooShort(links.count) }
        var seen = Set<Int>()
        for (position, i) in links.enumerated() {
            guard network.links.indices.contains(i) else { throw .linkOutOfRange(position: position, link: i) }
            guard seen.insert(i).inserted else { throw .repeatedLink(i) }
        }
        // Walk the ring from each end of the first link; keep the walk that gets further.
        func walk(from start: Int) -> Result<[Int], MRPRingError> {
            var sequence = [start]
            var at = start
            for (position, i) in links.enumerated() {
                let link = network.links[i]
                guard link.a == at || link.b == at else { return .failure(.notACycle(position: position)) }
                at = link.peer(of: at)
                sequence.append(at)
            }
            guard at == start else { return .failure(.notACycle(position: links.count)) }
            sequence.removeLast()
            return .success(sequence)
        }
        let first = network.links[links[0]]
        var ring: [Int]
        switch (walk(from: first.a), walk(from: first.b)) {
        case (.success(let s), _), (_, .success(let s)): ring = s
        case (.failure(.notACycle(let p)), .failure(.notACycle(let q))): throw .notACycle(position: max(p, q))
        case (.failure(let e), _): throw e
        }
        var onRing = Set<Int>()
        for v in ring {
            guard network.nodes[v].isBridge else { throw .notABridge(v) }
            guard onRing.insert(v).inserted else { throw .nodeTwiceOnRing(v) }
        }
        guard let k = ring.firstIndex(of: manager) else { throw .managerNotOnRing(manager) }
        // The MRM's links are links[k - 1] and links[k] (for k = 0: the last and the first).
        let (primary, secondary) = k == 0 ? (links[0], links[links.count - 1]) : (links[k - 1], links[k])
        self.links = links
        self.nodes = ring
        self.manager = manager
        self.recoveryTime = recoveryTime
        primaryLink = primary
        secondaryLink = secondary
        secondaryPort = BridgedNetwork.Port(link: secondary, end: network.links[secondary].a == manager ? .a : .b)
    }

    /// Whether every ring link is up.
    public func isClosed(in network: BridgedNetwork) -> Bool { links.allSatisfy { network.links[$0].isUp } }

    /// The port the MRM blocks: its secondary port while the ring is closed, else none.
    public func blockedPort(in network: BridgedNetwork) -> BridgedNetwork.Port? {
        isClosed(in: network) ? secondaryPort : nil
    }

    /// Whether frames cross a link, as far as the ring decides: a ring link forwards when
    /// it is up, except the secondary link of a closed ring; other links when up.
    public func forwards(link: Int, in network: BridgedNetwork) -> Bool {
        network.links[link].isUp && !(link == secondaryLink && isClosed(in: network))
    }

    /// What failing `link` does, given the network just before the failure.
    public func impact(ofFailing link: Int, in network: BridgedNetwork) -> FailureImpact {
        guard links.contains(link) else { return .notInRing }
        guard network.links[link].isUp else { return .noOutage }
        guard isClosed(in: network) else { return .partitions }
        return link == secondaryLink ? .noOutage : .recovers
    }
}

/// Why a list of links is not an MRP ring; positions index the given list.
public enum MRPRingError: Error, Equatable, Sendable {
    /// Fewer than two links cannot form a ring.
    case tooShort(Int)
    case linkOutOfRange(position: Int, link: Int)
    case repeatedLink(Int)
    /// The link at `position` does not start where the previous one ends (whichever end
    /// of the first link the walk starts from); `position` equal to the count means the
    /// last link does not return to the start.
    case notACycle(position: Int)
    /// An end station on the ring: only bridges have ring ports.
    case notABridge(Int)
    /// A node the ring passes twice: a ring node has exactly two ring ports.
    case nodeTwiceOnRing(Int)
    case managerNotOnRing(Int)
}
