/// A bridged Ethernet network as its redundancy protocols see it (spanning tree, MRP
/// rings, FRER paths): nodes and the full-duplex links between them, an undirected
/// multigraph (parallel links and loops allowed).
///
/// Node order stands in for the MAC address (lower index, lower address), so a bridge's
/// identifier is its priority, then its index. A node's ports are its links in link
/// order, numbered from 1; a loop link gives its node two ports, end `a` first.
public struct BridgedNetwork: Sendable, Equatable {
    public struct Node: Sendable, Equatable {
        /// A bridge runs the protocols and forwards between its ports; an end station only
        /// sends and receives, and never forwards between its links.
        public var isBridge: Bool
        /// Bridge priority, the settable high part of the bridge identifier: 0...61440 in
        /// steps of 4096, since the low 12 bits carry the tree's MSTID (IEEE 802.1D-2004
        /// Table 17-2, as 802.1Q keeps it).
        public var priority: Int

        public init(isBridge: Bool, priority: Int = BridgedNetwork.defaultBridgePriority) {
            self.isBridge = isBridge
            self.priority = priority
        }

        public static func bridge(priority: Int = BridgedNetwork.defaultBridgePriority) -> Node {
            Node(isBridge: true, priority: priority)
        }

        public static var station: Node { Node(isBridge: false) }
    }

    public struct Link: Sendable, Equatable {
        public var a: Int
        public var b: Int
        /// Line rate; sets the default port path cost (see `SpanningTree.portPathCost`).
        public var rateBitsPerSecond: Int64
        /// An administratively set port path cost for both ends, 1...200 000 000; nil for
        /// the cost by speed.
        public var pathCost: Int?
        /// A link that is down carries nothing; its ports are disabled.
        public var isUp: Bool

        public init(_ a: Int, _ b: Int, rateBitsPerSecond: Int64, pathCost: Int? = nil, isUp: Bool = true) {
            self.a = a
            self.b = b
            self.rateBitsPerSecond = rateBitsPerSecond
            self.pathCost = pathCost
            self.isUp = isUp
        }

        /// The node at the other end from `node` (the node itself for a loop).
        public func peer(of node: Int) -> Int { node == a ? b : a }
    }

    /// One end of a link.
    public enum End: Sendable, Hashable { case a, b }

    /// A port: the end `end` of link `link`, at the node on that end.
    public struct Port: Sendable, Hashable {
        public let link: Int
        public let end: End
        public init(link: Int, end: End) {
            self.link = link
            self.end = end
        }
    }

    /// A link crossed from one node to the other.
    public struct DirectedLink: Sendable, Hashable, CustomStringConvertible {
        public let link: Int
        public let from: Int
        public let to: Int
        public init(link: Int, from: Int, to: Int) {
            self.link = link
            self.from = from
            self.to = to
        }
        public var description: String { "\(from)-[\(link)]->\(to)" }
    }

    /// The recommended bridge priority (IEEE 802.1D-2004 Table 17-2).
    public static let defaultBridgePriority = 32768
    /// A port identifier holds a 4-bit priority and a 12-bit port number, 1...4095.
    public static let maxPortNumber = 4095

    public let nodes: [Node]
    public let links: [Link]
    /// Each node's ports in port-number order: port n of node v is `ports[v][n - 1]`.
    public let ports: [[Port]]
    private let portNumberAtA: [Int]
    private let portNumberAtB: [Int]

    /// Checks every reference and value once, so the computations on the network need not.
    public init(nodes: [Node], links: [Link]) throws(BridgedNetworkError) {
        for (v, node) in nodes.enumerated() where node.isBridge {
            if !(0...61440).contains(node.priority) || node.priority % 4096 != 0 {
                throw .invalidPriority(node: v, priority: node.priority)
            }
        }
        var ports = Array(repeating: [Port](), count: nodes.count)
        var atA: [Int] = [], atB: [Int] = []
        atA.reserveCapacity(links.count)
        atB.reserveCapacity(links.count)
        for (i, link) in links.enumerated() {
            for v in [link.a, link.b] where !nodes.indices.contains(v) {
                throw .nodeOutOfRange(link: i, node: v)
            }
            if link.rateBitsPerSecond <= 0 { throw .invalidRate(link: i, rateBitsPerSecond: link.rateBitsPerSecond) }
            if let cost = link.pathCost, !(1...SpanningTree.maxPathCost).contains(cost) {
                throw .invalidPathCost(link: i, cost: cost)
            }
            ports[link.a].append(Port(link: i, end: .a))
            atA.append(ports[link.a].count)
            ports[link.b].append(Port(link: i, end: .b))
            atB.append(ports[link.b].count)
        }
        for (v, p) in ports.enumerated() where nodes[v].isBridge && p.count > Self.maxPortNumber {
            throw .tooManyPorts(node: v, count: p.count)
        }
        self.nodes = nodes
        self.links = links
        self.ports = ports
        portNumberAtA = atA
        portNumberAtB = atB
    }

    /// The node a port belongs to.
    public func node(of port: Port) -> Int { port.end == .a ? links[port.link].a : links[port.link].b }

    /// The port's number at its node (1-based, in link order).
    public func portNumber(of port: Port) -> Int {
        port.end == .a ? portNumberAtA[port.link] : portNumberAtB[port.link]
    }

    /// The port at the other end of the same link.
    public func peer(of port: Port) -> Port { Port(link: port.link, end: port.end == .a ? .b : .a) }

    /// The first of `links` (in their order) between two bridges that closes a loop with
    /// the ones before it: what would make frames circle if they all forwarded. End
    /// stations never forward, so a dual-homed station closes no loop.
    public func firstLoop(among links: some Sequence<Int>) -> Int? {
        var parent = Array(nodes.indices)
        func root(_ v: Int) -> Int {
            var v = v
            while parent[v] != v { parent[v] = parent[parent[v]]; v = parent[v] }
            return v
        }
        for i in links where nodes[self.links[i].a].isBridge && nodes[self.links[i].b].isBridge {
            let (x, y) = (root(self.links[i].a), root(self.links[i].b))
            if x == y { return i }
            parent[x] = y
        }
        return nil
    }

    /// The same network with the given links up or down (a failure or a repair).
    public func settingLinks(_ indices: some Sequence<Int>, up: Bool) -> BridgedNetwork {
        var links = links
        for i in indices { links[i].isUp = up }
        return BridgedNetwork(validated: self, links: links)
    }

    /// `base` with other link states: nothing that validation checked has changed.
    private init(validated base: BridgedNetwork, links: [Link]) {
        nodes = base.nodes
        self.links = links
        ports = base.ports
        portNumberAtA = base.portNumberAtA
        portNumberAtB = base.portNumberAtB
    }
}

/// Why a network description cannot be used; indices refer to its nodes and links.
public enum BridgedNetworkError: Error, Equatable, Sendable {
    /// A link names a node that does not exist.
    case nodeOutOfRange(link: Int, node: Int)
    /// A bridge priority outside 0...61440 or not a multiple of 4096.
    case invalidPriority(node: Int, priority: Int)
    /// A line rate that is not positive.
    case invalidRate(link: Int, rateBitsPerSecond: Int64)
    /// An explicit port path cost outside 1...200 000 000.
    case invalidPathCost(link: Int, cost: Int)
    /// A bridge with more ports than a 12-bit port number can name.
    case tooManyPorts(node: Int, count: Int)
}
