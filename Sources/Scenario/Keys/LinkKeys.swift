/// The keys of a link: its ends, and the keys of its technology (`type`).
enum LinkKeys {
    static let id = Field("id", .text, "Optional id, to address the link in --set and variants")
    static let from = Field("from", .text, required: true, "Node id at one end (a wan link's uplink leaves it)")
    static let to = Field("to", .text, required: true, "Node id at the other end")
    static let description = Field("description", .text, "Free text")

    static let family = Family(
        noun: "link", help: "A link between two nodes, one direction each way", tag: "type", tagNoun: "link type",
        tagHelp: "ethernet (default): a full-duplex Ethernet link; wan: an external-network link",
        defaultCase: LinkType.ethernet.rawValue, common: [id.key, from.key, to.key], tagIndex: 3,
        trailing: [description.key], cases: LinkType.allCases.map { .init(name: $0.rawValue, keys: $0.keys) },
        templates: TemplateKeys.forAndCount, suggestFromAllCases: true)
}

/// The technology of a link (`type:`); a new technology adds a case and its keys.
enum LinkType: String, CaseIterable, Sendable {
    case ethernet, wan

    var keys: [Key] {
        switch self {
        case .ethernet: return EthernetLinkKeys.properties
        case .wan: return WANLinkKeys.properties
        }
    }
}
