import Foundation
import Kernel
import Models

extension DesignBuilder {
    /// Estimates the frames and events of the design (see `Design.estimatedFrames`) and
    /// warns about each link direction whose average offered load exceeds its capacity
    /// (Ethernet ports, and wan directions with a `rate`).
    func loadWarnings(_ net: PlantSpec, sites: SiteLabels, duration: SimTime) {
        var portLoad = Array(repeating: 0.0, count: net.ports.count)
        var linkLoad = Array(repeating: 0.0, count: net.links.count)
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
                case .service:
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
                    fps = secs > 0 ? Double(times.count) / secs : 0
                    meanSize = sizes.isEmpty ? 0 : Double(sizes.reduce(0) { $0 + Int64($1) }) / Double(sizes.count)
                }
                guard fps.isFinite, meanSize.isFinite else { continue }
                let frames = fps * secs
                let way = s.route.prefix { $0.kind != .service }
                estimatedFrames += frames
                estimatedEvents += frames * Double(1 + way.count)
                add(way, fps, meanSize)
                if flow.request != nil {
                    // A response per task, and a task's arrival and completion.
                    let back = responseHops(s.route)
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
    }

    private func warnLoad(_ load: Double, _ rate: Double, _ info: PortInfo) {
        d.warning(info.pos, "offered load on link \(info.label) is " + String(format: "%.1f", load / rate * 100)
            + "% of its \(Format.rate(rate)) capacity (variant '\(variantName)')")
    }
}
