import Foundation
import Kernel
import Models

/// A Qbv schedule (`ScheduleSynthesis`) written into a scenario as a new variant: the
/// most robust place, since a variant's `change` selects flows by id after templates are
/// expanded, and its `set` reaches `tsn.ports` whatever the base holds.
///
/// The variant repeats the overlay of the design that was scheduled (its `set`, `add`,
/// `remove`, `change`, after the command line's `--set`s), then:
/// - `set: tsn.ports`: the base's per-port entries, those of the scheduled ports given
///   their `gates` and `guard_band: length-aware` (a max-frame guard band would keep a
///   frame out of a window just its length), and an entry for each other scheduled port;
/// - `change: flows`: each scheduled single-source flow's `offset`;
/// - a flow with several sources has one `offset` for all, so it is split: `remove`s it and
///   `add`s one flow per source, `FLOW@SOURCE`, a copy of the resolved flow with its own
///   `from` and `offset`.
public enum ScheduleVariant {
    /// The new variant as YAML, a list item starting with "- " at column 0.
    ///
    /// - Parameters:
    ///   - text: the scenario file's text; `path` names it in messages.
    ///   - design: the scheduled design, loaded with its resolved YAML.
    ///   - overrides: the `--set PATH=VALUE`s it was loaded with.
    public static func item(_ schedule: QbvSchedule, design: Design, text: String, path: String, name: String?,
                            overrides: [String]) throws -> String {
        let d = Diagnostics()
        guard var root = TreeBuilder.parse(text, file: path, diags: d), root.entries != nil else { throw failure(d, path) }
        let p = Pos(file: path, line: 1, column: 1)
        let plant = design.plant
        // The variant that was scheduled, as written.
        var base: YNode?
        if design.variant != "base" {
            base = root[ScenarioKeys.variants.name]?.items?.first { $0["name"]?.scalar == design.variant }
        }
        let nameGiven = name != nil
        let taken = Set((root[ScenarioKeys.variants.name]?.items ?? []).compactMap { $0["name"]?.scalar })
        var name = name ?? defaultName
        if name == defaultName && nameGiven == false {
            var k = 1
            while taken.contains(name) { k += 1; name = "\(defaultName)-\(k)" }
        } else if let v = root[ScenarioKeys.variants.name]?.items?.first(where: { $0["name"]?.scalar == name }) {
            throw ScenarioErrors(diagnostics: [Diagnostic(file: path, line: v.pos.line, column: v.pos.column, message:
                "the file already has a variant '\(name)'; choose another name (--name)")])
        }

        // `set`: the command line's, the scheduled variant's, then the ports.
        var sets: [YEntry] = []
        for o in overrides {
            guard let eq = o.firstIndex(of: "=") else { continue }
            let valueText = String(o[o.index(after: eq)...])
            let value: YNode = valueText.trimmingCharacters(in: .whitespaces).isEmpty ? .scalar("", p)
                : TreeBuilder.parse(valueText, file: "<--set>", diags: Diagnostics()) ?? .scalar(valueText, p)
            sets.append(YEntry(key: String(o[..<eq]), keyPos: p, value: value))
        }
        sets += base?[ScenarioKeys.set.name]?.entries ?? []
        for e in sets { PathEditor.apply(&root, path: e.key, pathPos: p, value: e.value, diags: Diagnostics()) }
        // A scheduled variant's own gates are merged into the new list, not set twice.
        sets.removeAll { $0.key == "tsn.ports" }
        sets.append(YEntry(key: "tsn.ports", keyPos: p, value: ports(schedule, plant, existing: root["tsn"]?["ports"], p)))

        // Offsets, and the flows split per source.
        let resolved = TreeBuilder.parse(design.resolvedYAML, file: "<resolved>", diags: Diagnostics())
        var changes: [YNode] = [], added: [YNode] = [], removed: [YNode] = []
        var split: Set<String> = []
        var flows: [Int] = []
        for s in schedule.streams where flows.last != s.id.flow { flows.append(s.id.flow) }
        for f in flows {
            let flow = plant.flows[f]
            let offsets = Dictionary(uniqueKeysWithValues: schedule.streams.filter { $0.id.flow == f }
                .map { ($0.id.source, $0.offset) })
            if flow.sources.count == 1, let o = offsets[0] {
                changes.append(map([("id", .scalar(flow.name, p)), ("offset", .scalar(exactTime(o), p))], p))
                continue
            }
            guard let entry = resolved?["flows"]?.items?.first(where: { $0["id"]?.scalar == flow.name }) else {
                throw ScenarioErrors(diagnostics: [Diagnostic(file: path, line: 1, column: 1, message:
                    "flow '\(flow.name)' is not in the resolved design; its per-source offsets cannot be written")])
            }
            split.insert(flow.name)
            removed.append(.scalar(flow.name, p))
            for (s, source) in flow.sources.enumerated() {
                let id = splitName(flow: flow.name, source: plant.nodes[source.node].name)
                var copy = entry
                copy.set("id", .scalar(id, p), keyPos: p)
                copy.set("from", .scalar(plant.nodes[source.node].name, p), keyPos: p)
                if let o = offsets[s] {
                    copy.set("offset", .scalar(exactTime(o), p), keyPos: p)
                    changes.append(map([("id", .scalar(id, p)), ("offset", .scalar(exactTime(o), p))], p))
                }
                added.append(copy)
            }
        }

        // The scheduled variant's overlay, then this one's.
        var out: [(String, YNode)] = [
            ("name", .scalar(name, p)),
            ("description", .scalar(description(schedule, design: design.variant), p)),
            ("set", YNode(kind: .map(sets), pos: p)),
        ]
        func section(_ op: String, _ extra: [YNode], keep: (YNode) -> Bool = { _ in true }) {
            var sections: [YEntry] = (base?[op]?.entries ?? []).map { e in
                var e = e
                if e.key == "flows", let items = e.value.items { e.value.kind = .seq(items.filter(keep)) }
                return e
            }
            if !extra.isEmpty {
                if let i = sections.firstIndex(where: { $0.key == "flows" }) {
                    sections[i].value.kind = .seq((sections[i].value.items ?? []) + extra)
                } else {
                    sections.append(YEntry(key: "flows", keyPos: p, value: YNode(kind: .seq(extra), pos: p)))
                }
            }
            sections.removeAll { $0.value.items?.isEmpty == true }
            if !sections.isEmpty { out.append((op, YNode(kind: .map(sections), pos: p))) }
        }
        section(ScenarioKeys.add.name, added)
        section(ScenarioKeys.remove.name, removed)
        // A change selecting a split flow by its exact id would find it removed.
        section(ScenarioKeys.change.name, changes) { !split.contains($0["id"]?.scalar ?? "") }
        let body = TreeEmitter.emit(map(out, p))
        var lines = body.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }
        return lines.enumerated().map { ($0.offset == 0 ? "- " : "  ") + $0.element }.joined(separator: "\n") + "\n"
    }

    /// The scenario text with `item` appended to its `variants` (made when absent).
    /// Comments and layout of the rest are kept: the item goes after the last variant of a
    /// block list; a flow-style list is rewritten as a block list.
    public static func insert(_ item: String, into text: String, path: String) throws -> String {
        let d = Diagnostics()
        guard let root = TreeBuilder.parse(text, file: path, diags: d), let entries = root.entries else {
            throw failure(d, path)
        }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        func indented(_ n: Int) -> [String] {
            let pad = String(repeating: " ", count: n)
            return item.split(separator: "\n").map { pad + $0 }
        }
        guard let k = entries.firstIndex(where: { $0.key == ScenarioKeys.variants.name }) else {
            return (lines + ["", "variants:"] + indented(2)).joined(separator: "\n") + "\n"
        }
        let keyLine = entries[k].keyPos.line - 1
        // The section ends before the next top-level key, less the blank and comment lines
        // just before it (they belong to that key).
        var end = k + 1 < entries.count ? entries[k + 1].keyPos.line - 1 : lines.count
        while end > keyLine + 1, lines[end - 1].trimmingCharacters(in: .whitespaces).isEmpty
            || lines[end - 1].trimmingCharacters(in: .whitespaces).hasPrefix("#") { end -= 1 }
        let value = entries[k].value
        if let first = value.items?.first, first.pos.line - 1 > keyLine, first.pos.line - 1 < lines.count {
            // A block list: the item's dash is the last '-' before its first key.
            let line = Array(lines[first.pos.line - 1])
            if let dash = line.prefix(first.pos.column).lastIndex(of: "-") {
                lines.insert(contentsOf: indented(dash), at: end)
                return lines.joined(separator: "\n") + "\n"
            }
        }
        // Empty, or written in flow style: the section again, as a block list.
        var items = value.items ?? []
        let parsedItem = TreeBuilder.parse(item, file: path, diags: Diagnostics())?.items ?? []
        items += parsedItem
        let section = ["variants:"] + TreeEmitter.emit(YNode(kind: .seq(items), pos: value.pos))
            .split(separator: "\n").map { "  " + $0 }
        lines.replaceSubrange(keyLine..<Swift.max(end, keyLine + 1), with: section)
        return lines.joined(separator: "\n") + "\n"
    }

    /// The file's `tsn.gcl_limit`, when it is a whole number (the TSN reader checks it).
    public static func gclLimit(in text: String) -> Int? {
        let root = TreeBuilder.parse(text, file: "<input>", diags: Diagnostics())
        return root?["tsn"]?["gcl_limit"]?.scalar.flatMap { Int($0.replacingOccurrences(of: "_", with: "")) }
    }

    /// The new variant's name unless one is given (taken: "qbv-scheduled-2", and so on).
    public static let defaultName = "qbv-scheduled"

    /// The variant's name in an item made by `item`.
    public static func name(of item: String) -> String? {
        TreeBuilder.parse(item, file: "<item>", diags: Diagnostics())?.items?.first?["name"]?.scalar
    }

    /// The id of a split flow's copy for one source.
    public static func splitName(flow: String, source: String) -> String { "\(flow)@\(source)" }

    /// A time exactly, in the largest unit that divides it.
    public static func exactTime(_ t: SimTime) -> String {
        if t == 0 { return "0s" }
        for (unit, ps) in [("s", Time.second), ("ms", Time.millisecond), ("us", Time.microsecond),
                           ("ns", Time.nanosecond)] where t % ps == 0 {
            return "\(t / ps)\(unit)"
        }
        return "\(t)ps"
    }

    static func description(_ s: QbvSchedule, design: String) -> String {
        let total = s.streams.count + s.refused.count
        return "Qbv schedule by fnsim tsn schedule of design '\(design)': cycle \(exactTime(s.cycle)), priority "
            + "\(s.priority), \(s.streams.count) of \(total) streams placed"
    }

    /// The `tsn.ports` list: the existing entries, with the scheduled ports' gates set.
    static func ports(_ s: QbvSchedule, _ plant: PlantSpec, existing: YNode?, _ p: Pos) -> YNode {
        var entries = existing?.items ?? []
        for port in s.ports {
            let from = plant.nodes[plant.ports[port.port].node].name, to = plant.nodes[plant.ports[port.port].peerNode].name
            let gates = gatesNode(port, p)
            if let i = entries.firstIndex(where: { $0["from"]?.scalar == from && $0["to"]?.scalar == to }) {
                entries[i].set("gates", gates, keyPos: p)
                entries[i].set("guard_band", .scalar(GuardBand.lengthAware.rawValue, p), keyPos: p)
            } else {
                entries.append(map([("from", .scalar(from, p)), ("to", .scalar(to, p)),
                                    ("guard_band", .scalar(GuardBand.lengthAware.rawValue, p)), ("gates", gates)], p))
            }
        }
        return YNode(kind: .seq(entries), pos: p)
    }

    static func gatesNode(_ port: PortSchedule, _ p: Pos) -> YNode {
        let entries = port.gates.entries.map { e in
            let open = (0..<8).filter { e.open & (1 << UInt8($0)) != 0 }.map { YNode.scalar(String($0), p) }
            return map([("open", YNode(kind: .seq(open), pos: p)), ("duration", .scalar(exactTime(e.duration), p))], p)
        }
        return map([("cycle", .scalar(exactTime(port.gates.cycle), p)), ("base", .scalar("0s", p)),
                    ("entries", YNode(kind: .seq(entries), pos: p))], p)
    }

    static func map(_ pairs: [(String, YNode)], _ p: Pos) -> YNode {
        YNode(kind: .map(pairs.map { YEntry(key: $0.0, keyPos: p, value: $0.1) }), pos: p)
    }

    static func failure(_ d: Diagnostics, _ path: String) -> ScenarioErrors {
        let items = d.items.filter { $0.severity == .error }
        return ScenarioErrors(diagnostics: items.isEmpty
            ? [Diagnostic(file: path, line: 1, column: 1, message: "expected a scenario (a YAML mapping)")] : items)
    }
}
