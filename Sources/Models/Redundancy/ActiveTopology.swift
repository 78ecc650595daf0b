import Kernel

/// The edges of a plant (`Topology` numbering: Ethernet ports, external-link directions,
/// radio uplinks and downlinks) that carry frames under its forwarding protocol, with
/// some parts down: what routes are found on.
///
/// The protocols run over the bridged network of the Ethernet links (one link per pair of
/// ports); external links and radio hops only fail. Static routes block nothing; RSTP
/// forwards on the spanning tree (`SpanningTree`); MRP blocks the secondary port of each
/// ring's manager while its ring is closed (`MRPRing`).
public struct ActiveTopology: Sendable {
    public let spec: PlantSpec
    /// The Ethernet links as the protocols see them, all up.
    public let network: BridgedNetwork
    /// Per link of `network`: its two ports (a→b, b→a); per port: its link.
    public let linkPorts: [(Int, Int)]
    public let linkOfPort: [Int]
    public let rings: [MRPRing]

    /// Which parts are down: per port, per external-link direction, per node.
    public struct Down: Sendable, Equatable {
        public var ports: [Bool]
        public var links: [Bool]
        public var nodes: [Bool]

        public init(_ spec: PlantSpec) {
            ports = Array(repeating: false, count: spec.ports.count)
            links = Array(repeating: false, count: spec.links.count)
            nodes = Array(repeating: false, count: spec.nodes.count)
        }

        /// Marks the targets of a fault down (or up).
        public mutating func set(_ targets: [FaultTarget], down: Bool) {
            for t in targets {
                switch t {
                case let .ethernet(p, r): ports[p] = down; ports[r] = down
                case let .external(l, r): links[l] = down; links[r] = down
                case let .node(n): nodes[n] = down
                }
            }
        }
    }

    public init(spec: PlantSpec) throws(ForwardingError) {
        self.spec = spec
        var pairs: [(Int, Int)] = [], linkOf = Array(repeating: -1, count: spec.ports.count)
        var portOf: [Int: Int] = [:]  // (node, peer) packed → port
        for (p, port) in spec.ports.enumerated() { portOf[port.node * spec.nodes.count + port.peerNode] = p }
        for (p, port) in spec.ports.enumerated() where linkOf[p] < 0 {
            guard let r = portOf[port.peerNode * spec.nodes.count + port.node], linkOf[r] < 0 else {
                throw .unpairedPort(p)
            }
            linkOf[p] = pairs.count
            linkOf[r] = pairs.count
            pairs.append((p, r))
        }
        let nodes = spec.nodes.map { n in
            n.kind == .switch ? BridgedNetwork.Node.bridge(priority: n.bridgePriority) : .station
        }
        let links = pairs.map { p, _ in
            BridgedNetwork.Link(spec.ports[p].node, spec.ports[p].peerNode, rateBitsPerSecond: spec.ports[p].rateBitsPerSecond)
        }
        do { network = try BridgedNetwork(nodes: nodes, links: links) } catch { throw .network(error) }
        linkPorts = pairs
        linkOfPort = linkOf
        var rings: [MRPRing] = []
        if case let .rings(specs) = spec.forwarding {
            for r in specs {
                do {
                    rings.append(try MRPRing(links: r.ports.map { linkOf[$0] }, manager: r.manager,
                                             recoveryTime: r.recoveryTime, in: network))
                } catch { throw .ring(r.name, error) }
            }
        }
        self.rings = rings
        if !rings.isEmpty { try checkLoopFree() }
    }

    /// MRP alone breaks no loop outside its rings: the links that forward with every ring
    /// closed must close none.
    func checkLoopFree() throws(ForwardingError) {
        let usable = usableEdges(Down(spec))
        if let l = network.firstLoop(among: linkPorts.indices.filter { usable[linkPorts[$0].0] }) {
            throw .loopOutsideRings(port: linkPorts[l].0)
        }
    }

    /// The bridged network with the links that are down (a port down, or a node at either
    /// end down) marked so.
    public func network(_ down: Down) -> BridgedNetwork {
        network.settingLinks(linkPorts.indices.filter { i in
            let (p, r) = linkPorts[i]
            return down.ports[p] || down.ports[r] || down.nodes[spec.ports[p].node] || down.nodes[spec.ports[r].node]
        }, up: false)
    }

    /// Per edge of `Topology(spec)`: whether frames may take it.
    public func usableEdges(_ down: Down) -> [Bool] {
        let net = network(down)
        var forwards = net.links.map(\.isUp)
        switch spec.forwarding {
        case .staticRoutes: break
        case .spanningTree:
            let tree = SpanningTree(net)
            for i in forwards.indices { forwards[i] = tree.forwards(link: i) }
        case .rings:
            for ring in rings { for i in ring.links where !ring.forwards(link: i, in: net) { forwards[i] = false } }
        }
        var usable = spec.ports.indices.map { forwards[linkOfPort[$0]] }
        for (i, l) in spec.links.enumerated() {
            usable.append(!down.links[i] && !down.nodes[l.node] && !down.nodes[l.peerNode])
        }
        for ue in spec.ues {
            let up = !down.nodes[ue.node] && !down.nodes[ue.gnb]
            usable.append(up)
            usable.append(up)
        }
        return usable
    }

    /// What the protocol blocks, in short lines for reports: per spanning tree its root
    /// and blocked ports (`SpanningTree.lines`); per ring, in `rings` order, its blocked
    /// port ("blocked sw0 port 4 (link sw6–sw0)", or "open" when a ring link is down);
    /// nothing for static routes.
    public func blockedPorts(_ down: Down) -> [String] {
        let names = spec.nodes.map(\.name)
        let net = network(down)
        switch spec.forwarding {
        case .staticRoutes: return []
        case .spanningTree: return SpanningTree(net).lines(names: names)
        case .rings:
            return rings.map { ring in
                guard let port = ring.blockedPort(in: net) else { return "open, no port blocked" }
                let l = net.links[port.link]
                return "blocked \(names[net.node(of: port)]) port \(net.portNumber(of: port)) (link \(names[l.a])–\(names[l.b]))"
            }
        }
    }
}

/// Why a design's forwarding cannot be set up.
public enum ForwardingError: Error, Equatable, Sendable, CustomStringConvertible {
    /// An Ethernet port without the port of the opposite direction.
    case unpairedPort(Int)
    case network(BridgedNetworkError)
    case ring(String, MRPRingError)
    /// An MRP design whose links (the rings each blocked at their manager) still close a
    /// loop, through the link of `port`.
    case loopOutsideRings(port: Int)
    /// Source `source` of flow `flow` has no path on the active topology.
    case noPath(flow: Int, source: Int)

    public var description: String {
        switch self {
        case let .unpairedPort(p): "port \(p) has no port in the opposite direction"
        case let .network(e): "bridged network: \(e)"
        case let .ring(name, e): "ring \(name): \(e)"
        case let .loopOutsideRings(port): "a loop outside the MRP rings passes the link of port \(port)"
        case let .noPath(flow, source): "flow \(flow), source \(source): no path on the active topology"
        }
    }
}
