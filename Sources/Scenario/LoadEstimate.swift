import Foundation
import Kernel
import Models

extension DesignBuilder {
    /// Estimates the frames and events of the design (see `Design.estimatedFrames`) and
    /// warns about each link direction whose average offered load exceeds its capacity
    /// (Ethernet ports, and wan directions with a `rate`), and each compute node offered
    /// more work than its servers do (λ·E[S] above c).
    func loadWarnings(_ net: PlantSpec, sites: SiteLabels, computePos: [Int: Pos], duration: SimTime) {
        var portLoad = Array(repeating: 0.0, count: net.ports.count)
        var linkLoad = Array(repeating: 0.0, count: net.links.count)
        var work: [Int: Double] = [:]  // offered server-seconds per second, by compute node
        /// Adds `fps` frames of `meanSize` bytes per second to each hop.
        func add(_ hops: some Sequence<Hop>, _ fps: Double, _ meanSize: Double) {
            for hop in hops {
                switch hop.kind {
                case .port:
                    let port = net.ports[hop.index]
                    let bytes = Swift.max(meanSize, Double(port.minFrameBytes)) + Double(port.overheadBytes)
                    portLoad[hop.index] += fps * bytes * 8
                case .link:
                    linkLoad[hop.index] += fps * (meanSize + Double(net.links[hop.index].overheadBytes)) * 8
                case .service, .radio:
                    break
                }
            }
        }
        let secs = Time.seconds(duration)
        for (fi, flow) in net.flows.enumerated() {
            let load = fi < flowLoads.count ? flowLoads[fi] : nil
            for s in flow.sources {
                var fps = load?.framesPerSecond ?? 0
                var meanSize = load?.meanSize ?? s.traffic.size.mean
                if case let .trace(times, sizes) = s.traffic.pattern {
                    // Rows at or after the end are never sent (times ascend).
                    var sent = times.count
                    while sent > 0 && times[sent - 1] >= duration { sent -= 1 }
                    fps = secs > 0 ? Double(sent) / secs : 0
                    meanSize = sent == 0 ? 0 : Double(sizes[..<sent].reduce(0) { $0 + Int64($1) }) / Double(sent)
                }
                guard fps.isFinite, meanSize.isFinite else { continue }
                let frames = fps * secs
                let way = s.requestHops
                estimatedFrames += frames
                estimatedEvents += frames * Double(1 + way.count)
                add(way, fps, meanSize)
                // Each copy of a replicated frame crosses its own member path.
                for replica in s.replicas {
                    estimatedEvents += frames * Double(replica.count)
                    add(replica, fps, meanSize)
                }
                if let request = flow.request {
                    let service = net.services[request.service]
                    work[service.node, default: 0] += fps * meanServiceTime(service, net) / 1e12
                    // A response per task, and a task's arrival and completion.
                    let back = s.responseHops
                    estimatedFrames += frames
                    estimatedEvents += frames * Double(1 + back.count) + 2 * frames
                    add(back, fps, load?.responseMeanSize ?? 0)
                }
            }
        }
        for (p, port) in net.ports.enumerated() where portLoad[p] > Double(port.rateBitsPerSecond) {
            warnLoad(portLoad[p], Double(port.rateBitsPerSecond), sites.ports[p])
        }
        for (l, link) in net.links.enumerated() {
            guard let rate = link.rateBitsPerSecond, linkLoad[l] > Double(rate) else { continue }
            warnLoad(linkLoad[l], Double(rate), sites.links[l])
        }
        for (node, busy) in work.sorted(by: { $0.key < $1.key }) {
            let servers = net.nodes[node].compute?.servers ?? 1
            guard busy > Double(servers), let pos = computePos[node] else { continue }
            let share = busy.isFinite
                ? String(format: "%.1f", busy / Double(servers) * 100) + "% of its \(servers) server"
                    + (servers == 1 ? "" : "s")
                : "unbounded: its service time has no finite mean"
            d.warning(pos, "offered work on compute node '\(net.nodes[node].name)' is \(share) (variant '\(variantName)')")
        }
    }

    /// A task's mean service time in picoseconds (work at the node's speed).
    func meanServiceTime(_ s: ServiceSpec, _ net: PlantSpec) -> Double {
        switch s.demand {
        case let .time(t): return t.mean
        case let .work(cycles): return cycles.mean / (net.nodes[s.node].compute?.speedHz ?? 1) * 1e12
        }
    }

    private func warnLoad(_ load: Double, _ rate: Double, _ info: PortInfo) {
        d.warning(info.pos, "offered load on link \(info.label) is " + String(format: "%.1f", load / rate * 100)
            + "% of its \(Format.rate(rate)) capacity (variant '\(variantName)')")
    }
}
