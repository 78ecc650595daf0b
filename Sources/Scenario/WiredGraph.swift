import Models

/// The wired links of a plant as its redundancy computations see them (`BridgedNetwork`):
/// every Ethernet link (and, for path searches, every wan link) as one undirected link,
/// with the hops that cross it each way. Switches, gNBs and UPFs are bridges.
struct WiredGraph {
    let network: BridgedNetwork
    /// Per link of `network`: the built link it is (index into `SiteLabels.built`).
    let built: [Int]
    /// Per built link: its link in `network`, or nil when left out.
    let linkOf: [Int?]
    /// Per link of `network`: the hop from its end `a` to `b`, and back.
    let forward: [Hop]
    let backward: [Hop]

    /// The graph of `net`'s built links; nil (with the reason) when the network is refused,
    /// such as a bridge with more ports than a port number can name.
    static func make(_ net: PlantSpec, _ builtLinks: [BuiltLink], includeWAN: Bool) -> Result<WiredGraph, BridgedNetworkError> {
        let nodes = net.nodes.map { n in
            n.kind == .switch ? BridgedNetwork.Node.bridge(priority: n.bridgePriority) : .station
        }
        var links: [BridgedNetwork.Link] = [], built: [Int] = [], forward: [Hop] = [], backward: [Hop] = []
        var linkOf = [Int?](repeating: nil, count: builtLinks.count)
        for (k, l) in builtLinks.enumerated() where l.ethernet || includeWAN {
            let rate = l.ethernet ? net.ports[l.first].rateBitsPerSecond : (net.links[l.first].rateBitsPerSecond ?? 1_000_000_000)
            linkOf[k] = links.count
            links.append(BridgedNetwork.Link(l.a, l.b, rateBitsPerSecond: Swift.max(1, rate)))
            built.append(k)
            forward.append(l.ethernet ? .port(l.first) : .link(l.first))
            backward.append(l.ethernet ? .port(l.first + 1) : .link(l.first + 1))
        }
        do {
            let network = try BridgedNetwork(nodes: nodes, links: links)
            return .success(WiredGraph(network: network, built: built, linkOf: linkOf, forward: forward, backward: backward))
        } catch {
            return .failure(error)
        }
    }

    /// The links of a built plant: an Ethernet link is two consecutive ports, a wan link two
    /// consecutive directions (Ethernet links first here, not in declaration order).
    static func builtLinks(of net: PlantSpec) -> [BuiltLink] {
        let nowhere = Pos(file: "", line: 0, column: 0)
        return stride(from: 0, to: net.ports.count - 1, by: 2).map {
            BuiltLink(id: nil, a: net.ports[$0].node, b: net.ports[$0].peerNode, ethernet: true, first: $0, pos: nowhere)
        } + stride(from: 0, to: net.links.count - 1, by: 2).map {
            BuiltLink(id: nil, a: net.links[$0].node, b: net.links[$0].peerNode, ethernet: false, first: $0, pos: nowhere)
        }
    }

    /// The hop that crosses a link from `from` to the other end.
    func hop(_ d: BridgedNetwork.DirectedLink) -> Hop {
        network.links[d.link].a == d.from ? forward[d.link] : backward[d.link]
    }

    /// Why the network was refused, for messages.
    static func message(_ e: BridgedNetworkError, names: [String]) -> String {
        switch e {
        case let .tooManyPorts(node, count):
            return "switch '\(names[node])' has \(count) ports; a bridge port number (12 bits) names at most "
                + "\(BridgedNetwork.maxPortNumber)"
        case let .invalidPriority(node, priority):
            return "switch '\(names[node])' has bridge priority \(priority); expected a multiple of 4096 from 0 to 61440"
        case .nodeOutOfRange, .invalidRate, .invalidPathCost:
            return "the links cannot form a bridged network (\(e))"
        }
    }
}
