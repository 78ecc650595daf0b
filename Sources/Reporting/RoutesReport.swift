import Models

/// The path each source's frames take in each design, hop by hop, as `fnsim routes` prints
/// it and results.json records it (`SourceRoute`: the routes as the plant was built).
///
/// As text, per design one line per flow and path shape: the sources that share the rest
/// of the path after their first hop are listed together ("dev1-1, dev1-2 and 30 more →
/// cell1 → core → edge"), at most `maxShapes` shapes per flow. A design whose routes are
/// those of the first design says so in one line; otherwise it lists only the flows whose
/// routes differ. As CSV and JSON, every hop of every route.
public enum RoutesReport {
    /// Most path shapes a flow lists as text; the others are counted.
    public static let maxShapes = 10

    public static let legend = "→ Ethernet   →[wan] external link   →[5G] NR radio   [name] a service at its node"

    /// A design to report: its name and its plant.
    public typealias Design = (variant: String, plant: PlantSpec)

    /// The designs' routes as text. `flows` chooses the flows of each design (in the file's
    /// order), `sources` the sources shown (by node name; flows without one are left out).
    public static func text(_ designs: [Design], flows selection: FlowSelection,
                            sources: (@Sendable (String) -> Bool)? = nil) -> String {
        var out = legend + "\n"
        var reference: (variant: String, names: [String], routes: [String: [SourceRoute]]) = ("", [], [:])
        for (i, design) in designs.enumerated() {
            let plant = design.plant
            var listed = plant.flows.map { (name: $0.name, routes: routes(of: $0, plant, sources)) }
                .filter { !$0.routes.isEmpty }
            out += "\n"
            if i == 0 {
                reference = (design.variant, listed.map(\.name),
                             Dictionary(listed.map { ($0.name, $0.routes) }, uniquingKeysWith: { a, _ in a }))
                let sent = listed.map { $0.routes.filter { $0.path == 0 }.count }.reduce(0, +)
                out += "\(design.variant): \(Format.count(listed.count, "flow")), \(Format.count(sent, "source"))\n"
            } else {
                let count = listed.count, here = Set(listed.map(\.name))
                listed = listed.filter { reference.routes[$0.name] != $0.routes }
                let gone = reference.names.filter { !here.contains($0) }
                if listed.isEmpty && gone.isEmpty {
                    out += "\(design.variant): the routes of \(reference.variant)\n"
                    continue
                }
                out += "\(design.variant): \(listed.count) of \(Format.count(count, "flow")) routed otherwise than in "
                    + reference.variant + (gone.isEmpty ? "" : "; not in this design: " + gone.joined(separator: ", "))
                    + "\n"
            }
            let chosen = selection.choose(listed.map(\.name))
            let byName = Dictionary(listed.map { ($0.name, $0.routes) }, uniquingKeysWith: { a, _ in a })
            let width = min(28, chosen.shown.map(\.count).max() ?? 0)
            for name in chosen.shown {
                out += lines(name, byName[name] ?? [], width: width).map { "  " + $0 + "\n" }.joined()
            }
            if let hidden = chosen.leftOut(pattern: selection.pattern) {
                out += "  (" + hidden + " not shown: --top all or --flows GLOB shows them; "
                    + "--format csv lists every hop)\n"
            }
        }
        return out
    }

    /// The routes of `flow`'s sources that `sources` lets through.
    static func routes(of flow: FlowSpec, _ plant: PlantSpec, _ sources: ((String) -> Bool)?) -> [SourceRoute] {
        let all = plant.sourceRoutes(of: flow)
        guard let sources else { return all }
        return all.filter { sources($0.source) }
    }

    /// One flow's lines: its name, then per path shape its sources and the path after them.
    static func lines(_ name: String, _ routes: [SourceRoute], width: Int) -> [String] {
        // Per source, its paths (its own, then the members of a replicated flow).
        var order: [String] = [], paths: [String: [String]] = [:]
        for r in routes {
            if paths[r.source] == nil { order.append(r.source) }
            paths[r.source, default: []].append(tail(r.steps))
        }
        // Sources grouped by the shape of their paths, in order of first appearance.
        var shapes: [[String]] = [], members: [[String]: [String]] = [:]
        for s in order {
            let shape = paths[s]!
            if members[shape] == nil { shapes.append(shape) }
            members[shape, default: []].append(s)
        }
        let indent = String(repeating: " ", count: width + 2)
        var out: [String] = []
        for (i, shape) in shapes.prefix(maxShapes).enumerated() {
            let label = i == 0 ? name + String(repeating: " ", count: max(0, width - name.count)) + "  " : indent
            let who = names(members[shape]!)
            if shape.count == 1 {
                out.append(label + who + shape[0])
            } else {
                out.append(label + who + " (\(shape.count) paths)")
                out += shape.map { indent + "  " + $0.dropFirst() }
            }
        }
        if shapes.count > maxShapes {
            let rest = shapes.dropFirst(maxShapes).map { members[$0]!.count }.reduce(0, +)
            out.append(indent + "(and " + Format.count(shapes.count - maxShapes, "more path") + " of "
                       + Format.count(rest, "source") + ": --flows '\(name)' --format csv lists them)")
        }
        return out
    }

    /// "a", "a, b, c", "a, b and 30 more".
    static func names(_ sources: [String]) -> String {
        sources.count <= 3 ? sources.joined(separator: ", ")
            : sources.prefix(2).joined(separator: ", ") + " and \(sources.count - 2) more"
    }

    /// A path after its source: " → sw1 → line →[wan] cloud [inference] …".
    static func tail(_ steps: [RouteStep]) -> String {
        steps.map { s in
            switch s.kind {
            case .service: " [\(s.via)]"
            case .port: " → " + s.to
            case .link: " →[wan] " + s.to
            case .radio: " →[5G] " + s.to
            }
        }.joined()
    }

    /// What the CSV and JSON call a hop's technology.
    public static func technology(_ kind: Hop.Kind) -> String {
        switch kind {
        case .port: "ethernet"
        case .link: "wan"
        case .radio: "radio"
        case .service: "service"
        }
    }

    // MARK: - CSV and JSON

    /// The designs' routes as CSV: one row per hop, numbered from 1 within its path.
    public static func csv(_ designs: [Design], flows: (@Sendable (String) -> Bool)? = nil,
                           sources: (@Sendable (String) -> Bool)? = nil) -> String {
        var out = CSV.record(["variant", "flow", "source", "path", "hop", "technology", "from", "to", "via"])
        for d in designs {
            for r in routes(d.plant, flows, sources) {
                for (i, s) in r.steps.enumerated() {
                    out += CSV.record([d.variant, r.flow, r.source, String(r.path), String(i + 1), technology(s.kind),
                                       s.from, s.to, s.via])
                }
            }
        }
        return out
    }

    /// The designs' routes as a JSON document: `{"designs": [{"variant", "routes": [...]}]}`.
    public static func json(_ designs: [Design], flows: (@Sendable (String) -> Bool)? = nil,
                            sources: (@Sendable (String) -> Bool)? = nil) -> String {
        JSONWriter.render(.object([("designs", .array(designs.map { d in
            .object([("variant", .string(d.variant)), ("routes", json(routes(d.plant, flows, sources)))])
        }))]))
    }

    /// The routes of the flows and sources that `flows` and `sources` let through.
    static func routes(_ plant: PlantSpec, _ flows: ((String) -> Bool)?,
                       _ sources: ((String) -> Bool)?) -> [SourceRoute] {
        plant.flows.filter { flows?($0.name) ?? true }.flatMap { routes(of: $0, plant, sources) }
    }

    /// Routes as results.json records them: `{flow, source, path, hops: [{technology, from, to, via}]}`.
    public static func json(_ routes: [SourceRoute]) -> JSONValue {
        .array(routes.map { r in
            .object([("flow", .string(r.flow)), ("source", .string(r.source)), ("path", .int(Int64(r.path))),
                     ("hops", .array(r.steps.map { s in
                         .object([("technology", .string(technology(s.kind))), ("from", .string(s.from)),
                                  ("to", .string(s.to)), ("via", .string(s.via))])
                     }))])
        })
    }
}
