import Foundation
import Kernel
import Models

/// A request flow's service and response, as read.
struct Request {
    var spec: RequestSpec
    /// Where messages about response sizes and destinations point.
    var sizePos: Pos
    var toPos: Pos?
}

extension DesignBuilder {
    /// `service` (a service of the compute node `to`) and `response`; nil for a flow
    /// without `service`, or after an error.
    func readRequest(_ f: YNode, dest: Int?, priority: Int, index: NodeIndex, net: PlantSpec, what: String) -> Request? {
        let K = FlowKeys.self, R = ResponseKeys.self
        guard let sn = f[K.service.name] else {
            if let e = f.entry(K.response.name) {
                d.error(e.keyPos, "'response' applies only to a request flow: add 'service' (a service of the "
                    + "compute node 'to')")
            }
            return nil
        }
        var service: Int?
        if let name = K.service.read(sn, r, "'service' of \(what)"), let dest {
            let node = index.ids[dest]
            if let i = index.services[dest]?[name] {
                service = i
            } else if !index.computing.contains(dest) {
                d.error(sn.pos, "'service' of \(what) names '\(name)', but its destination '\(node)' has no 'compute' "
                    + "(servers and services)")
            } else if let ids = index.serviceIDs[dest], !ids.isEmpty {
                d.error(sn.pos, "unknown service '\(name)' on node '\(node)'; expected \(alternatives(ids))"
                    + didYouMean(name, in: ids))
            }
        }
        var request = Request(spec: RequestSpec(service: 0, responseSize: .constant(64), responsePriority: priority),
                              sizePos: sn.pos)
        var ok = true
        if let rn = f[K.response.name] {
            guard let resp = K.response.read(rn, r, "'response' of \(what)") else { return nil }
            request.sizePos = rn.pos
            func label(_ k: String) -> String { "'response.\(k)' of \(what)" }
            if let n = resp[R.size.name] {
                request.sizePos = n.pos
                if let v = R.size.read(n, r, label(R.size.name)) { request.spec.responseSize = v } else { ok = false }
            }
            if let n = resp[R.priority.name] {
                if let v = R.priority.read(n, r, label(R.priority.name)) { request.spec.responsePriority = Int(v) } else {
                    ok = false
                }
            }
            if let n = resp[R.to.name] {
                request.toPos = n.pos
                if let t = lookup(n, index, label(R.to.name)) {
                    if net.nodes[t].kind == .switch {
                        d.error(n.pos, "the responses of \(what) go to switch '\(index.ids[t])'; responses end at end "
                            + "stations")
                        ok = false
                    } else {
                        request.spec.responseDestination = t
                    }
                } else { ok = false }
            }
        }
        guard ok, let service else { return nil }
        request.spec.service = service
        return request
    }

    /// Each source's route: the explicit `path`, or the shortest; for a request flow, the
    /// way to the compute node, its service, and the way of the responses (one search from
    /// the compute node to every response destination). Nil after an error.
    func flowRoutes(_ f: YNode, sources: [Int], dest: Int, request: Request?, index: NodeIndex, net: PlantSpec,
                    what: String, topology: Topology, finder: inout RouteFinder,
                    forward: inout ForwardRouteFinder) -> [(source: Int, route: [Hop])]? {
        // Explicit path.
        var pathNodes: [Int]?
        if let pn = f[FlowKeys.path.name], let xs = r.list(pn, "'path' of \(what) (node ids from source to destination)") {
            var ns: [Int] = []
            for x in xs { if let i = lookup(x, index, "'path' of \(what)") { ns.append(i) } }
            if ns.count == xs.count {
                if sources.count != 1 {
                    d.error(pn.pos, "'path' needs a flow with exactly one source, and \(what) has \(sources.count)")
                } else if ns.count < 2 || ns.first != sources.first || ns.last != dest {
                    d.error(pn.pos, "'path' of \(what) must start at its source '\(sources.first.map { index.ids[$0] } ?? "")' "
                        + "and end at its destination '\(index.ids[dest])'")
                } else if !repeatsANode(ns, xs, index: index, label: "\(what): its 'path'") { pathNodes = ns }
            }
            if pathNodes == nil { return nil }
        }

        // The way there: the explicit path, or one search back from the destination for all
        // sources (a request made at the compute node itself has no way to go).
        let results: [Result<[Hop], RouteError>]
        if let pathNodes {
            results = [topology.route(through: pathNodes)]
        } else if request != nil {
            var remote = finder.routes(from: sources.filter { $0 != dest }, to: dest)[...]
            results = sources.map { $0 == dest ? .success([]) : remote.popFirst()! }
        } else {
            results = finder.routes(from: sources, to: dest)
        }
        var routes: [(source: Int, route: [Hop])] = []
        var failures = 0
        for (s, result) in zip(sources, results) {
            switch result {
            case let .success(route):
                routes.append((s, route))
            case let .failure(e):
                failures += 1
                guard !followsRefusal(e) else { continue }
                d.error((pathNodes != nil ? f[FlowKeys.path.name]?.pos : nil) ?? f[FlowKeys.from.name]?.pos ?? f.pos,
                        routeMessage(e, what: what, index: index, net: net))
            }
        }
        if failures > 0 { return nil }
        guard let request else { return routes }

        // The way back: to the response destination, or to each requester.
        let targets = request.spec.responseDestination.map { [$0] } ?? routes.map(\.source)
        let back = forward.routes(from: dest, to: targets)
        failures = 0
        let pos = request.toPos ?? f[FlowKeys.from.name]?.pos ?? f.pos
        for result in back {
            guard case let .failure(e) = result else { continue }
            failures += 1
            guard !followsRefusal(e) else { continue }
            d.error(pos, routeMessage(e, what: "the responses of \(what)", index: index, net: net))
        }
        if failures > 0 { return nil }
        let service = Hop.service(request.spec.service)
        return routes.enumerated().map { k, x in
            guard case let .success(way) = back[request.spec.responseDestination == nil ? k : 0] else { return x }
            return (x.source, x.route + [service] + way)
        }
    }

    /// Whether a route failed only because a link of a node it needs was refused, or a
    /// template that may have made one (and that was reported): one mistake, one message.
    func followsRefusal(_ e: RouteError) -> Bool {
        guard case let .unreachable(from, to, reached) = e else { return false }
        if refusedTemplate { return true }
        guard !incomplete.isEmpty else { return false }
        return incomplete.contains(from) || incomplete.contains(to) || reached.contains(where: incomplete.contains)
    }

    /// Reports a node listed twice in a given path (`path`, or one of
    /// `replication.path_list`): a frame would come back to a switch it has left.
    func repeatsANode(_ nodes: [Int], _ items: [YNode], index: NodeIndex, label: String) -> Bool {
        var first: [Int: Int] = [:]
        for (k, v) in nodes.enumerated() {
            guard let j = first[v] else {
                first[v] = k
                continue
            }
            let p = items[j].pos
            d.error(items[k].pos, "\(label) visits '\(index.ids[v])' twice"
                + (j == k - 1 ? " in a row" : " (first at \(p.line):\(p.column)): frames would go round a loop")
                + "; list each node once")
            return true
        }
        return false
    }

    func routeMessage(_ e: RouteError, what: String, index: NodeIndex, net: PlantSpec) -> String {
        func name(_ i: Int) -> String { i >= 0 && i < index.ids.count ? "'\(index.ids[i])'" : "?" }
        switch e {
        case let .unreachable(from, to, reached):
            if reached.isEmpty {
                return "\(what) cannot go from \(name(from)) to \(name(to)): \(name(from)) has no links"
            }
            let switches = reached.filter { net.nodes[$0].kind == .switch }
            let shown = (switches.isEmpty ? reached : switches).prefix(6).map(name).joined(separator: ", ")
            return "\(what) cannot go from \(name(from)) to \(name(to)): the path breaks after \(shown)"
                + " (\(name(from)) reaches \(reached.count) node\(reached.count == 1 ? "" : "s"), none linked onwards to \(name(to)))"
        case let .noLink(a, b):
            return "\(what): its 'path' steps from \(name(a)) to \(name(b)), but no link joins them"
        case let .notASwitch(a):
            return "\(what): its 'path' passes through end station \(name(a)), which does not forward frames"
        case let .sameNode(a):
            return "\(what) starts and ends at the same node \(name(a))"
        }
    }
}
