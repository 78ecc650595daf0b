/// The role of a port in the active topology the Rapid Spanning Tree Protocol converges
/// to (IEEE 802.1Q-2018 clause 13).
public enum PortRole: String, Sendable, CaseIterable {
    /// The bridge's best path to the root; forwards.
    case root
    /// The best bridge on its link towards the root; forwards.
    case designated
    /// Another path to the root, through another bridge; discards.
    case alternate
    /// A second port of the designated bridge on the same link (a loop cable); discards.
    case backup
    /// Its link is down.
    case disabled
    /// A port of an end station, which runs no spanning tree and always forwards.
    case station

    /// Whether frames pass through the port.
    public var forwards: Bool { self == .root || self == .designated || self == .station }
}

/// The active topology RSTP converges to on a `BridgedNetwork`, computed directly rather
/// than by exchanging BPDUs: the stable state the protocol reaches from any start.
///
/// Each set of bridges joined by up links is a component with its own root, the bridge
/// with the lowest identifier (priority, then MAC: node index). A bridge's root port is
/// the port whose received priority vector is best (IEEE 802.1Q-2018 13.10): lowest root
/// path cost, then designated bridge identifier, designated port identifier and the
/// receiving port's own identifier. On each link the end with the better designated
/// priority vector is designated; the other end is the root port or an alternate (a
/// backup on a loop link). End stations run no protocol: a bridge port towards one is a
/// designated (edge) port, and a station never forwards between its links, so it never
/// joins two components. Port priority is the default 128 everywhere, so port
/// identifiers compare by port number.
public struct SpanningTree: Sendable, Equatable {
    /// Bridges that reach each other over up links, and the one they elect.
    public struct Component: Sendable, Equatable {
        public let root: Int
        /// Its bridges in node order.
        public let bridges: [Int]
        public init(root: Int, bridges: [Int]) {
            self.root = root
            self.bridges = bridges
        }
    }

    /// What a link does in the active topology.
    public enum LinkState: Sendable, Equatable {
        case forwarding
        /// The link carries nothing: `at` discards (alternate or backup); the designated
        /// port at the other end would forward.
        case blocked(at: BridgedNetwork.Port)
        case down
    }

    /// The largest port path cost (IEEE 802.1Q-2018 Table 13-4).
    public static let maxPathCost = 200_000_000

    public let network: BridgedNetwork
    /// Components in order of their lowest-numbered bridge.
    public let components: [Component]
    /// Per node, its component (nil for an end station).
    public let componentOfNode: [Int?]
    /// Per node, its root path cost (nil for an end station).
    public let rootPathCost: [Int?]
    /// Per node, its root port (nil for a root bridge or an end station).
    public let rootPort: [BridgedNetwork.Port?]
    /// Per link, in link order.
    public let linkStates: [LinkState]
    private let roles: [PortRole]  // per port: 2 * link, + 1 for end b

    public init(_ network: BridgedNetwork) {
        let nodes = network.nodes, links = network.links
        func carriesBPDUs(_ l: BridgedNetwork.Link) -> Bool { l.isUp && nodes[l.a].isBridge && nodes[l.b].isBridge }
        func bridgeLess(_ v: Int, _ w: Int) -> Bool {
            nodes[v].priority != nodes[w].priority ? nodes[v].priority < nodes[w].priority : v < w
        }

        var componentOfNode = [Int?](repeating: nil, count: nodes.count)
        var components: [Component] = []
        for s in nodes.indices where nodes[s].isBridge && componentOfNode[s] == nil {
            let c = components.count
            var members = [s]
            componentOfNode[s] = c
            var next = 0
            while next < members.count {
                let v = members[next]
                next += 1
                for p in network.ports[v] where carriesBPDUs(links[p.link]) {
                    let w = links[p.link].peer(of: v)
                    if componentOfNode[w] == nil {
                        componentOfNode[w] = c
                        members.append(w)
                    }
                }
            }
            members.sort()
            var root = members[0]
            for v in members where bridgeLess(v, root) { root = v }
            components.append(Component(root: root, bridges: members))
        }

        // Root path costs: shortest paths from each root, a hop costing the receiving port's cost.
        var cost = [Int?](repeating: nil, count: nodes.count)
        var heap = CostHeap()
        for c in components {
            cost[c.root] = 0
            heap.push(cost: 0, node: c.root)
        }
        while let (d, v) = heap.pop() {
            guard d == cost[v] else { continue }
            for p in network.ports[v] where carriesBPDUs(links[p.link]) {
                let w = links[p.link].peer(of: v)
                let nd = d + Self.pathCost(of: links[p.link])
                if let old = cost[w], old <= nd { continue }
                cost[w] = nd
                heap.push(cost: nd, node: w)
            }
        }

        // Root ports: the best message priority vector received (13.10). Root identifiers
        // agree within a component, so the comparison starts at the root path cost.
        var rootPort = [BridgedNetwork.Port?](repeating: nil, count: nodes.count)
        for c in components {
            for v in c.bridges where v != c.root {
                var best: (cost: Int, priority: Int, bridge: Int, designatedPort: Int, port: Int)?
                var bestPort: BridgedNetwork.Port?
                for p in network.ports[v] where carriesBPDUs(links[p.link]) {
                    let w = links[p.link].peer(of: v)
                    guard w != v, let cw = cost[w] else { continue }
                    let vector = (cw + Self.pathCost(of: links[p.link]), nodes[w].priority, w,
                                  network.portNumber(of: network.peer(of: p)), network.portNumber(of: p))
                    if best == nil || vector < best! {
                        best = vector
                        bestPort = p
                    }
                }
                rootPort[v] = bestPort
            }
        }

        // Roles per link: the end with the better designated priority vector is designated.
        var roles = [PortRole](repeating: .disabled, count: 2 * links.count)
        var linkStates: [LinkState] = []
        linkStates.reserveCapacity(links.count)
        for (i, l) in links.enumerated() {
            let portA = BridgedNetwork.Port(link: i, end: .a), portB = BridgedNetwork.Port(link: i, end: .b)
            var roleA = PortRole.disabled, roleB = PortRole.disabled
            if l.isUp {
                switch (nodes[l.a].isBridge, nodes[l.b].isBridge) {
                case (false, false): (roleA, roleB) = (.station, .station)
                case (true, false): (roleA, roleB) = (.designated, .station)
                case (false, true): (roleA, roleB) = (.station, .designated)
                case (true, true) where l.a == l.b:
                    (roleA, roleB) = (.designated, .backup)  // end a has the lower port number
                case (true, true):
                    let vectorA = (cost[l.a]!, nodes[l.a].priority, l.a, network.portNumber(of: portA))
                    let vectorB = (cost[l.b]!, nodes[l.b].priority, l.b, network.portNumber(of: portB))
                    if vectorA < vectorB {
                        roleA = .designated
                        roleB = rootPort[l.b] == portB ? .root : .alternate
                    } else {
                        roleB = .designated
                        roleA = rootPort[l.a] == portA ? .root : .alternate
                    }
                }
            }
            roles[2 * i] = roleA
            roles[2 * i + 1] = roleB
            if !l.isUp {
                linkStates.append(.down)
            } else if !roleA.forwards {
                linkStates.append(.blocked(at: portA))
            } else if !roleB.forwards {
                linkStates.append(.blocked(at: portB))
            } else {
                linkStates.append(.forwarding)
            }
        }

        self.network = network
        self.components = components
        self.componentOfNode = componentOfNode
        self.rootPathCost = cost
        self.rootPort = rootPort
        self.linkStates = linkStates
        self.roles = roles
    }

    /// The port's role.
    public func role(of port: BridgedNetwork.Port) -> PortRole {
        roles[2 * port.link + (port.end == .a ? 0 : 1)]
    }

    /// The roles of a node's ports, in port-number order.
    public func roles(ofNode node: Int) -> [PortRole] { network.ports[node].map(role(of:)) }

    /// Whether frames cross the link (both ends forward).
    public func forwards(link: Int) -> Bool { linkStates[link] == .forwarding }

    /// One short line per component, e.g. "root sw1; blocked sw4 port 2 (link sw3–sw4)",
    /// then one per link that is down. Nodes are named `names[v]`, or "n3" for node 3.
    public func lines(names: [String]? = nil) -> [String] {
        func name(_ v: Int) -> String { names.map { $0[v] } ?? "n\(v)" }
        func linkName(_ i: Int) -> String { "link \(name(network.links[i].a))–\(name(network.links[i].b))" }
        var perComponent = components.map { ["root \(name($0.root))"] }
        var down: [String] = []
        for (i, state) in linkStates.enumerated() {
            switch state {
            case .forwarding: break
            case .down: down.append("down \(linkName(i))")
            case .blocked(let port):
                let v = network.node(of: port)
                perComponent[componentOfNode[v]!].append(
                    "blocked \(name(v)) port \(network.portNumber(of: port)) (\(linkName(i)))")
            }
        }
        return perComponent.map { $0.joined(separator: "; ") } + down
    }

    /// The port path cost recommended for a line rate (IEEE 802.1Q-2018 Table 13-4):
    /// 20 000 000 000 000 / rate in bit/s, which gives the table's values at its speeds
    /// (100 Mb/s → 200 000, 1 Gb/s → 20 000, 10 Gb/s → 2 000) and falls within its
    /// recommended ranges between them; clamped to 1...200 000 000.
    public static func portPathCost(rateBitsPerSecond rate: Int64) -> Int {
        precondition(rate > 0, "line rate must be positive")
        return Int(max(1, min(Int64(maxPathCost), 20_000_000_000_000 / rate)))
    }

    /// A link's port path cost: the one set for it, or the one its rate gives.
    public static func pathCost(of link: BridgedNetwork.Link) -> Int {
        link.pathCost ?? portPathCost(rateBitsPerSecond: link.rateBitsPerSecond)
    }
}
