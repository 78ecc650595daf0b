import Kernel

extension ScheduleSynthesis {
    /// Refused streams that get suggestions (each costs up to ~30 more syntheses).
    static let suggestedStreams = 8

    /// Fills in what would let a refused stream in, each tried by synthesizing again: a
    /// faster link at the bottleneck (the next standard rates), a longer period of its flow,
    /// a path around the bottleneck. A change counts only if the stream is placed and no
    /// stream placed now is lost.
    static func suggest(_ b: inout Bottleneck, for t: Timed, _ spec: PlantSpec, _ options: ScheduleOptions,
                        placed: Set<StreamID>) {
        var quiet = options
        quiet.diagnose = false
        let id = t.candidate.id
        func fits(_ changed: PlantSpec) -> QbvSchedule? {
            let s = synthesize(changed, options: quiet)
            let ids = Set(s.streams.map(\.id))
            return ids.contains(id) && placed.isSubset(of: ids) ? s : nil
        }
        // A faster link: both directions, as a link's `rate` sets them.
        let port = spec.ports[b.port]
        let reverse = spec.ports.indices.first { spec.ports[$0].node == port.peerNode && spec.ports[$0].peerNode == port.node }
        for r in standardRates where r > port.rateBitsPerSecond {
            var faster = spec
            faster.ports[b.port].rateBitsPerSecond = r
            if let reverse { faster.ports[reverse].rateBitsPerSecond = r }
            if fits(faster) != nil {
                b.rate = r
                break
            }
        }
        // A longer period for the stream's flow (its sources all change together).
        let period = t.candidate.period
        for k in 2...16 {
            let longer = period &* SimTime(k)
            if let c = options.cycle, c % longer != 0 { continue }
            var slower = spec
            for s in slower.flows[id.flow].sources.indices {
                if case let .periodic(_, jitter) = slower.flows[id.flow].sources[s].traffic.pattern {
                    slower.flows[id.flow].sources[s].traffic.pattern = .periodic(period: longer, jitter: jitter)
                }
            }
            if let s = fits(slower) {
                b.period = longer
                b.periodCycle = s.cycle
                break
            }
        }
        // Another path: the shortest that avoids the bottleneck port.
        let topology = Topology(spec)
        var usable = Array(repeating: true, count: topology.edgeHop.count)
        if let e = Topology.edge(of: .port(b.port), in: spec) { usable[e] = false }
        let source = spec.flows[id.flow].sources[id.source]
        if case let .success(route) = Topology(spec, usable: usable).shortestRoute(
            from: source.node, to: spec.flows[id.flow].destination), route != source.route,
            route.allSatisfy({ $0.kind == .port }) {
            b.path = route
            var around = spec
            around.flows[id.flow].sources[id.source].route = route
            b.pathFits = fits(around) != nil
        }
    }
}
