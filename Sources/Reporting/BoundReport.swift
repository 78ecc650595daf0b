import Analysis
import Kernel
import Models

/// `fnsim bound`: per design and flow, the worst-case latency bound by network calculus
/// (`PlantBounds`) beside the simulated maximum and the deadline, as text, CSV or JSON.
/// A simulated latency above its bound means a bug in the simulation or in the bound, and
/// is reported as a warning.
public enum BoundReport {
    /// One design: its plant, its bounds, and its simulation's results (nil: not simulated).
    public struct Design: Sendable {
        public var variant: String
        public var plant: PlantSpec
        public var bounds: PlantBounds
        public var results: RunResult?

        public init(variant: String, plant: PlantSpec, bounds: PlantBounds, results: RunResult? = nil) {
            self.variant = variant
            self.plant = plant
            self.bounds = bounds
            self.results = results
        }
    }

    /// One flow of one design.
    public struct Row: Sendable, Equatable {
        public var flow: String
        public var outcome: FlowBound.Outcome
        /// The largest latency the simulation delivered (the round trip of a request flow).
        public var simulated: SimTime?
        public var deadline: SimTime?

        public var bound: SimTime? { if case let .bounded(b) = outcome { b } else { nil } }
        /// deadline − bound.
        public var slack: SimTime? { deadline.flatMap { d in bound.map { d - $0 } } }
        /// The simulation saw more than the bound allows.
        public var exceeds: Bool { simulated.flatMap { s in bound.map { s > $0 } } ?? false }

        /// "bounded", "unbounded" or "leaves-wired".
        public var status: String {
            switch outcome {
            case .bounded: "bounded"
            case .unbounded: "unbounded"
            case .leavesWired: "leaves-wired"
            }
        }

        /// Why there is no bound; nil when there is one.
        public var reason: String? {
            switch outcome {
            case .bounded: nil
            case let .unbounded(why): why
            case .leavesWired: "path leaves the wired network"
            }
        }
    }

    /// The rows of a design, in the plant's flow order.
    public static func rows(_ d: Design) -> [Row] {
        var simulated: [String: SimTime] = [:]
        for r in d.results?.flows ?? [] where r.source == nil && (r.leg == .oneWay || r.leg == .roundTrip) {
            if let m = r.latency?.max { simulated[r.flow] = m }
        }
        return zip(d.plant.flows, d.bounds.flows).map { flow, b in
            Row(flow: flow.name, outcome: b.outcome, simulated: simulated[flow.name], deadline: flow.deadline)
        }
    }

    /// One warning line per flow whose simulated maximum exceeds its bound.
    public static func warnings(_ designs: [Design]) -> [String] {
        designs.flatMap { d in
            rows(d).filter(\.exceeds).map { r in
                "warning: \(d.variant): flow \(r.flow) was simulated at \(Format.time(picoseconds: r.simulated!)), "
                    + "above its bound \(Format.time(picoseconds: r.bound!)): a bug in the simulation or in the bound"
                    + (d.plant.faults.isEmpty ? "" : " (or a route after a failure: bounds hold for the routes "
                        + "without failures)")
                    + (d.plant.tsnChanges.isEmpty ? "" : " (or a change of TSN settings during the run: bounds hold "
                        + "for the settings at the start)")
            }
        }
    }

    /// The text table: per design a heading, then one line per flow.
    public static func text(_ designs: [Design], flows selection: FlowSelection = FlowSelection(top: nil)) -> String {
        var out = "Worst-case latency bounds by network calculus, beside the simulated maximum\n"
        for d in designs {
            let rows = rows(d)
            let chosen = selection.choose(rows.map(\.flow))
            let shown = Set(chosen.shown)
            var table = TextTable(alignments: [.left, .right, .right, .right, .right, .left])
            table.add(["flow", "bound", "sim max", "deadline", "slack", "note"])
            for r in rows where shown.contains(r.flow) { table.add(cells(r)) }
            out += "\n" + d.variant
                + (d.results.map { " (simulated \(Format.time(picoseconds: $0.simulated)))" } ?? "") + "\n"
            out += table.render().split(separator: "\n", omittingEmptySubsequences: false).dropLast()
                .map { "  " + $0 + "\n" }.joined()
            if let hidden = chosen.leftOut(pattern: selection.pattern) {
                out += "  (" + hidden + " not shown: --top all or --flows GLOB shows them)\n"
            }
            if !d.plant.faults.isEmpty {
                out += "  note: this design has faults; the bounds hold for the routes without failures\n"
            }
            if !d.plant.tsnChanges.isEmpty {
                out += "  note: TSN settings change during the run; the bounds hold for the settings at the start\n"
            }
            if !d.bounds.converged {
                out += "  note: the bounds around a loop of the network did not settle in \(d.bounds.rounds) rounds\n"
            }
        }
        let w = warnings(designs)
        if !w.isEmpty { out += "\n" + w.joined(separator: "\n") + "\n" }
        return out
    }

    /// A row of the text table: flow, bound, simulated maximum, deadline, slack, note.
    static func cells(_ r: Row) -> [String] {
        func time(_ ps: SimTime?) -> String { ps.map { Format.time(picoseconds: $0) } ?? Format.missing }
        var bound = "unbounded", note = r.reason ?? ""
        switch r.outcome {
        case let .bounded(b): bound = Format.time(picoseconds: b)
        case .unbounded: break
        case .leavesWired: bound = "no bound"
        }
        if r.exceeds {
            note = "SIMULATED ABOVE THE BOUND"
        } else if let slack = r.slack, slack < 0 {
            note = "bound above the deadline"
        }
        return [r.flow, bound, time(r.simulated), time(r.deadline), time(r.slack), note]
    }

    /// Tidy CSV, one row per design and flow; times in seconds, empty when undefined.
    public static func csv(_ designs: [Design], flows: (@Sendable (String) -> Bool)? = nil) -> String {
        var out = CSV.record(["variant", "flow", "status", "bound_s", "simulated_max_s", "deadline_s", "slack_s",
                              "exceeds_bound", "reason"])
        for d in designs {
            for r in rows(d) where flows?(r.flow) ?? true {
                out += CSV.record([d.variant, r.flow, r.status, seconds(r.bound), seconds(r.simulated),
                                   seconds(r.deadline), seconds(r.slack),
                                   r.simulated == nil || r.bound == nil ? "" : String(r.exceeds), r.reason ?? ""])
            }
        }
        return out
    }

    /// JSON: `{"designs": [{"variant", "simulated", "flows": [{flow, status, bound_s, …, hops}]}]}`;
    /// a bounded flow lists the hops of the path that gives its bound.
    public static func json(_ designs: [Design], flows: (@Sendable (String) -> Bool)? = nil) -> String {
        JSONWriter.render(.object([("designs", .array(designs.map { d in
            let plant = d.plant
            let chosen: [JSONValue] = zip(rows(d), d.bounds.flows).filter { flows?($0.0.flow) ?? true }.map { r, b in
                var members: [(String, JSONValue)] = [
                    ("flow", .string(r.flow)), ("status", .string(r.status)), ("bound_s", seconds(r.bound)),
                    ("simulated_max_s", seconds(r.simulated)), ("deadline_s", seconds(r.deadline)),
                    ("slack_s", seconds(r.slack)),
                    ("exceeds_bound", r.simulated == nil || r.bound == nil ? .null : .bool(r.exceeds)),
                    ("reason", .text(r.reason)),
                ]
                if let s = b.source {
                    members.append(("worst_source", .string(plant.nodes[s].name)))
                    members.append(("hops", .array(b.hops.map { h in
                        let port = plant.ports[h.port]
                        return .object([("from", .string(plant.nodes[port.node].name)),
                                        ("to", .string(plant.nodes[port.peerNode].name)),
                                        ("class", .int(Int64(h.trafficClass))),
                                        ("switching_s", .seconds(picoseconds: h.switching)),
                                        ("queueing_s", .seconds(picoseconds: h.queueing)),
                                        ("propagation_s", .seconds(picoseconds: h.propagation))])
                    })))
                }
                return .object(members)
            }
            return .object([("variant", .string(d.variant)), ("simulated", .bool(d.results != nil)),
                            ("faults", .bool(!plant.faults.isEmpty)), ("converged", .bool(d.bounds.converged)),
                            ("flows", .array(chosen))])
        }))]))
    }

    static func seconds(_ ps: SimTime?) -> String { ps.map { Numbers.seconds(picoseconds: $0) } ?? "" }
    static func seconds(_ ps: SimTime?) -> JSONValue { ps.map { .seconds(picoseconds: $0) } ?? .null }
}
