import Kernel
@testable import Models
import Testing

/// Records what faults do to frames: sends, deliveries, drops with their reasons, merges
/// of replicated copies, and the fault timeline.
struct FaultSink: ProbeSink {
    var sent = 0
    var delivered: [SimTime] = []  // created
    var drops: [(created: SimTime, reason: DropReason, site: Int32)] = []
    var passed = 0, discarded = 0
    var faults: [(fault: Int32, down: Bool, at: SimTime)] = []
    mutating func sent(flow: Int32, source: Int32, leg: Int32, bytes: Int32, created: SimTime, at time: SimTime) {
        sent += 1
    }
    mutating func enqueued(site: Int32, frames: Int32, bytes: Int64, at time: SimTime) {}
    mutating func dequeued(site: Int32, frames: Int32, bytes: Int64, at time: SimTime) {}
    var transmissions: [Int32: Int] = [:]
    mutating func serviceStarted(site: Int32, duration: SimTime, waited: SimTime, at time: SimTime) {
        transmissions[site, default: 0] += 1
    }
    mutating func departed(site: Int32, sojourn: SimTime, at time: SimTime) {}
    mutating func dropped(site: Int32, flow: Int32, source: Int32, leg: Int32, created: SimTime, reason: DropReason,
                          at time: SimTime) { drops.append((created, reason, site)) }
    mutating func arrived(flow: Int32, source: Int32, leg: Int32, bytes: Int32, created: SimTime, legStarted: SimTime,
                          final: Bool, at time: SimTime) { if final { delivered.append(created) } }
    mutating func warmupEnded(at time: SimTime) {}
    mutating func merged(flow: Int32, source: Int32, leg: Int32, passed: Bool, outOfOrder: Bool, at time: SimTime) {
        if passed { self.passed += 1 } else { discarded += 1 }
    }
    mutating func fault(_ fault: Int32, down: Bool, at time: SimTime) { faults.append((fault, down, time)) }
    var copyDrops: [(site: Int32, reason: DropReason)] = []
    mutating func copyDropped(site: Int32, flow: Int32, reason: DropReason, at time: SimTime) {
        copyDrops.append((site, reason))
    }
}

/// Faults against timelines counted by hand. Every network runs at 1 Gbit/s with no
/// overhead, propagation or switching delay, so a frame crosses it in microseconds; one
/// flow sends 100 B every 1 ms from 0.5 ms on, so frames leave at 0.5, 1.5, 2.5 … ms and a
/// part down over [a, b) loses exactly the frames created in it.
@Suite struct FaultTests {
    static let ms = Time.millisecond

    /// A network builder: nodes by name, links as port pairs.
    struct Net {
        var spec = PlantSpec()
        mutating func node(_ name: String, switch isSwitch: Bool, priority: Int = 32768) -> Int {
            spec.nodes.append(NodeSpec(name: name, kind: isSwitch ? .switch : .station, bridgePriority: priority))
            return spec.nodes.count - 1
        }
        /// Adds a link; returns its first port (a → b).
        @discardableResult mutating func link(_ a: Int, _ b: Int) -> Int {
            for (x, y) in [(a, b), (b, a)] {
                spec.ports.append(PortSpec(name: "\(x)-\(y)", node: x, peerNode: y, rateBitsPerSecond: 1_000_000_000,
                                           propagation: 0, overheadBytes: 0, minFrameBytes: 0))
            }
            return spec.ports.count - 2
        }
        func port(_ a: Int, _ b: Int) -> Int { spec.ports.firstIndex { $0.node == a && $0.peerNode == b }! }
        func cut(_ a: Int, _ b: Int) -> FaultTarget { .ethernet(port: port(a, b), reverse: port(b, a)) }
        /// One flow from `a` to `b` on the shortest path.
        mutating func flow(_ a: Int, _ b: Int, replication: ReplicationSpec? = nil, replicas: [[Hop]] = []) {
            let route = try! Topology(spec).shortestRoute(from: a, to: b).get()
            var source = SourceSpec(node: a, route: route, traffic: TrafficSpec(
                pattern: .periodic(period: FaultTests.ms, jitter: nil), size: .constant(100),
                offset: .constant(Double(FaultTests.ms / 2))))
            source.replicas = replicas
            source.pinned = replication != nil
            var flow = FlowSpec(name: "f", destination: b, sources: [source])
            flow.replication = replication
            spec.flows = [flow]
        }
    }

    static func run(_ spec: PlantSpec, until end: SimTime) -> FaultSink {
        var plant = Plant(spec: spec, seed: 1, replication: 0, sink: FaultSink())
        var queue = EventQueue()
        plant.start(&queue)
        _ = Kernel.run(&plant, queue: &queue, until: end)
        return plant.sink
    }

    /// Frames created in [from, to) ms, in ms from 0.5 on.
    static func created(from: Double, to: Double, end: Double = .infinity) -> [SimTime] {
        stride(from: 0.5, to: Swift.min(to, end), by: 1).filter { $0 >= from }.map { SimTime($0 * 1e9) }
    }

    /// Six bridges in a ring, manager sw0 with ring ports to sw1 (primary) and sw5
    /// (secondary, blocked); A on sw0, B on sw3, so A→B goes sw0-sw1-sw2-sw3. The link
    /// sw1–sw2 is cut at 10.2 ms; with a fixed 10 ms recovery the manager opens its
    /// secondary port at 20.2 ms and A→B goes sw0-sw5-sw4-sw3. Lost: the frames sent in
    /// [10.2, 20.2) ms, 10.5 … 19.5, ten of 50; all on sw1's port to sw2 (link down).
    @Test func mrpRingLosesWhatIsSentDuringRecovery() throws {
        var net = Net()
        let sw = (0..<6).map { net.node("sw\($0)", switch: true) }
        let ring = (0..<6).map { net.link(sw[$0], sw[($0 + 1) % 6]) }
        let a = net.node("A", switch: false), b = net.node("B", switch: false)
        net.link(a, sw[0])
        net.link(b, sw[3])
        net.spec.forwarding = .rings([RingSpec(name: "ring", ports: ring, manager: sw[0], recoveryTime: .ms10)])
        net.spec.faults = [FaultSpec(name: "sw1-sw2", targets: [net.cut(sw[1], sw[2])],
                                     timing: .scheduled(down: 10_200_000_000, up: nil))]
        net.flow(a, b)
        let spec = try net.spec.routedByForwarding()
        #expect(spec.flows[0].sources[0].route.count == 5)  // A-sw0-sw1-sw2-sw3-B
        let active = try ActiveTopology(spec: spec)
        #expect(active.blockedPorts(ActiveTopology.Down(spec)) == ["blocked sw0 port 2 (link sw5–sw0)"])

        // What the report says of the cut: A's path before, and once the ring has recovered.
        #expect(spec.pathChanges() == [PathChange(fault: "sw1-sw2", flow: "f", source: "A",
                                                  before: ["A", "sw0", "sw1", "sw2", "sw3", "B"],
                                                  after: ["A", "sw0", "sw5", "sw4", "sw3", "B"])])
        var fixed = spec
        fixed.forwarding = .staticRoutes
        #expect(fixed.pathChanges().map(\.after) == [nil])

        let sink = Self.run(spec, until: 50 * Self.ms)
        #expect(sink.sent == 50)
        #expect(sink.drops.map(\.created) == Self.created(from: 10.2, to: 20.2))
        #expect(sink.drops.allSatisfy { $0.reason == .linkDown && $0.site == Int32(net.port(sw[1], sw[2])) })
        #expect(sink.delivered.count == 40)
        #expect(sink.faults.count == 1 && sink.faults[0].down && sink.faults[0].at == 10_200_000_000)
    }

    /// A triangle of bridges, s0 root by priority; s1 and s2 have the same priority, so
    /// on the link s1–s2 s1 (lower MAC) is designated and s2's port is blocked (802.1Q
    /// 13.10: equal root path costs 20 000, then the lower designated bridge). A on s1, B
    /// on s2: A→B goes s1-s0-s2. Cutting s0–s2 at 10.2 ms and repairing it at 30.2 ms with
    /// a 5 ms reconvergence: the new tree (s1–s2 forwarding) carries A→B from 15.2 ms,
    /// and after the repair the first tree returns at 35.2 ms without loss (the old path
    /// works until then). Lost: 10.5 … 14.5 ms.
    @Test func spanningTreeRebuildsAfterReconvergence() throws {
        var net = Net()
        let s0 = net.node("s0", switch: true, priority: 4096)
        let s1 = net.node("s1", switch: true), s2 = net.node("s2", switch: true)
        net.link(s0, s1)
        net.link(s0, s2)
        net.link(s1, s2)
        let a = net.node("A", switch: false), b = net.node("B", switch: false)
        net.link(a, s1)
        net.link(b, s2)
        net.spec.forwarding = .spanningTree(reconvergence: 5 * Self.ms)
        net.spec.faults = [FaultSpec(name: "s0-s2", targets: [net.cut(s0, s2)],
                                     timing: .scheduled(down: 10_200_000_000, up: 30_200_000_000))]
        net.flow(a, b)
        #expect(net.spec.flows[0].sources[0].route.count == 3)  // shortest: A-s1-s2-B
        let spec = try net.spec.routedByForwarding()
        #expect(spec.flows[0].sources[0].route == [.port(net.port(a, s1)), .port(net.port(s1, s0)),
                                                   .port(net.port(s0, s2)), .port(net.port(s2, b))])
        let active = try ActiveTopology(spec: spec)
        let lines = active.blockedPorts(ActiveTopology.Down(spec))
        #expect(lines.count == 1 && lines[0].hasPrefix("root s0; blocked s2 port"), "\(lines)")

        let sink = Self.run(spec, until: 50 * Self.ms)
        #expect(sink.drops.map(\.created) == Self.created(from: 10.2, to: 15.2))
        #expect(sink.delivered.count == 45)
        #expect(sink.faults.map(\.down) == [true, false])
    }

    /// Static routes do not move: the flow is broken while its link is down, [10.2, 20.2)
    /// ms, and resumes when it returns. A node down loses what arrives at it.
    @Test func staticRoutesBreakUntilRepair() throws {
        var net = Net()
        let s0 = net.node("s0", switch: true), s1 = net.node("s1", switch: true)
        let a = net.node("A", switch: false), b = net.node("B", switch: false)
        net.link(a, s0)
        net.link(s0, s1)
        net.link(s1, b)
        net.flow(a, b)
        net.spec.faults = [FaultSpec(name: "s0-s1", targets: [net.cut(s0, s1)],
                                     timing: .scheduled(down: 10_200_000_000, up: 20_200_000_000)),
                           FaultSpec(name: "s1", targets: [.node(s1)],
                                     timing: .scheduled(down: 30_200_000_000, up: 32_200_000_000))]
        let sink = Self.run(net.spec, until: 50 * Self.ms)
        #expect(sink.drops.map(\.created) == Self.created(from: 10.2, to: 20.2) + Self.created(from: 30.2, to: 32.2))
        #expect(sink.drops.filter { $0.reason == .linkDown }.count == 10)
        #expect(sink.drops.filter { $0.reason == .nodeDown }.count == 2)
        #expect(sink.delivered.count == 38)
    }

    /// PRP: A is attached to LAN a and LAN b, each a switch to B; every frame goes both
    /// ways and B keeps the first copy. Cutting A–a for 1 s loses nothing: 2000 frames in
    /// 2 s, all delivered; a copy is discarded for each frame sent while both LANs work
    /// (2000 − 1000), and the 1000 copies sent into the cut are lost. Cutting LAN a over [10.2, 20.2) and LAN b over [15.2, 30.2) ms loses
    /// the frames sent in the overlap [15.2, 20.2): 15.5 … 19.5 ms.
    @Test(arguments: [ReplicationSpec.Elimination.prp(windowSize: 256, entryForgetTime: 400 * Time.millisecond),
                      .frer(.vector, historyLength: 8, resetTimeout: 100 * Time.millisecond),
                      .frer(.match, historyLength: 2, resetTimeout: 100 * Time.millisecond)])
    func replicationLosesOnlyWhatBothPathsLose(_ elimination: ReplicationSpec.Elimination) throws {
        // A 0, B 1, LAN a 2, LAN b 3; ports: A→a 0, A→b 2, a→B 4, b→B 6.
        func plant(_ faults: (Net) -> [FaultSpec]) -> PlantSpec {
            var net = Net()
            let a = net.node("A", switch: false), b = net.node("B", switch: false)
            let lanA = net.node("lan-a", switch: true), lanB = net.node("lan-b", switch: true)
            net.link(a, lanA)
            net.link(a, lanB)
            net.link(lanA, b)
            net.link(lanB, b)
            net.flow(a, b, replication: ReplicationSpec(elimination: elimination), replicas: [[.port(2), .port(6)]])
            net.spec.faults = faults(net)
            return net.spec
        }
        func down(_ net: Net, _ lan: Int, _ from: SimTime, _ to: SimTime) -> FaultSpec {
            FaultSpec(name: "A-\(lan)", targets: [net.cut(0, lan)], timing: .scheduled(down: from, up: to))
        }
        // One LAN down for a second.
        let single = plant { [down($0, 2, 10_200_000_000, 1_010_200_000_000)] }
        #expect(single.flows[0].sources[0].route == [.port(0), .port(4)])  // via LAN a
        let one = Self.run(single, until: 2000 * Self.ms)
        #expect(one.sent == 2000)
        #expect(one.delivered.count == 2000)
        #expect(one.discarded == 1000)
        #expect(one.drops.isEmpty)  // no frame lost: only copies, at A's port to LAN a
        #expect(one.copyDrops.count == 1000 && one.copyDrops.allSatisfy { $0.reason == .linkDown && $0.site == 0 })

        // Both LANs down, overlapping: frames sent outside [10.2, 30.2) ms have two copies
        // through (10 + 20, so 30 discards); the overlap loses 5.
        let both = plant { [down($0, 2, 10_200_000_000, 20_200_000_000), down($0, 3, 15_200_000_000, 30_200_000_000)] }
        let two = Self.run(both, until: 50 * Self.ms)
        let lost = Set(Self.created(from: 0, to: 50)).subtracting(two.delivered)
        #expect(lost.sorted() == Self.created(from: 15.2, to: 20.2))
        #expect(two.delivered.count == 45)
        #expect(two.discarded == 30)
        // A frame is dropped once, when its last copy is lost, at no site.
        #expect(two.drops.map(\.created) == Self.created(from: 15.2, to: 20.2))
        #expect(two.drops.allSatisfy { $0.site == -1 && $0.reason == .linkDown })
        #expect(two.copyDrops.count == 10 + 15)
    }

    /// The route and sequence number a frame gained for redundancy fit in its padding.
    @Test func frameStaysAt112Bytes() {
        #expect(MemoryLayout<Frame>.stride == 112)
    }

    /// FRER between single-attached stations: A on sw0 and B on sw2 of a square ring, the
    /// member paths sw0-sw1-sw2 and sw0-sw3-sw2. The copies split at sw0 and merge at sw2
    /// (802.1CB replication and elimination in bridges), so A's link and B's carry one
    /// frame per period, not two: 50 frames each in 50 ms. Cutting sw0–sw1 over [10.2, 20.2)
    /// ms loses no frame; ten copies are lost at sw0's port to sw1, and the 40 frames whose
    /// two copies got through each leave a copy discarded at sw2.
    @Test func frerSplitsAndMergesInBridges() throws {
        var net = Net()
        let sw = (0..<4).map { net.node("sw\($0)", switch: true) }
        for i in 0..<4 { net.link(sw[i], sw[(i + 1) % 4]) }
        let a = net.node("A", switch: false), b = net.node("B", switch: false)
        net.link(a, sw[0])
        net.link(b, sw[2])
        let main: [Hop] = [.port(net.port(a, sw[0])), .port(net.port(sw[0], sw[1])), .port(net.port(sw[1], sw[2])),
                           .port(net.port(sw[2], b))]
        let other: [Hop] = [.port(net.port(a, sw[0])), .port(net.port(sw[0], sw[3])), .port(net.port(sw[3], sw[2])),
                            .port(net.port(sw[2], b))]
        net.flow(a, b, replication: ReplicationSpec(elimination: .frer(.vector, historyLength: 8,
                                                                       resetTimeout: 100 * Self.ms)), replicas: [other])
        net.spec.flows[0].sources[0].route = main
        net.spec.faults = [FaultSpec(name: "sw0-sw1", targets: [net.cut(sw[0], sw[1])],
                                     timing: .scheduled(down: 10_200_000_000, up: 20_200_000_000))]
        let routes = RouteTable(net.spec)
        #expect(routes.splitAt(0) == 1 && routes.mergeAt(route: 0) == 3 && routes.mergeAt(route: 1) == 3)
        let sink = Self.run(net.spec, until: 50 * Self.ms)
        #expect(sink.delivered.count == 50 && sink.drops.isEmpty)
        #expect(sink.transmissions[Int32(net.port(a, sw[0]))] == 50)
        #expect(sink.transmissions[Int32(net.port(sw[2], b))] == 50)
        #expect(sink.copyDrops.count == 10 && sink.copyDrops.allSatisfy { $0.site == Int32(net.port(sw[0], sw[1])) })
        #expect(sink.discarded == 40 && sink.passed == 50)
    }

    /// A gNB failing loses what passes through it both ways while it is down (100.2–200.2
    /// ms): a frame reaching it over the air (uplink) or over the wire, or leaving it over
    /// the air (downlink) in that time is lost. Radio access takes a few milliseconds, so
    /// frames created up to ~10 ms before the failure are lost too, and uplink frames
    /// created in its last milliseconds wait at the terminal and get through after it;
    /// those created in [100.2, 190) ms never arrive, and traffic resumes after the repair.
    @Test(arguments: [true, false])
    func gnbDownLosesItsTrafficBothWays(_ downlink: Bool) {
        var spec = NRSimulationTests.plant(downlink: downlink, traffic: TrafficSpec(
            pattern: .periodic(period: Self.ms, jitter: nil), size: .constant(100), offset: .constant(Double(Self.ms / 2))))
        spec.faults = [FaultSpec(name: "gnb", targets: [.node(1)],
                                 timing: .scheduled(down: 100_200_000_000, up: 200_200_000_000))]
        let sink = Self.run(spec, until: 400 * Self.ms)
        let lost = Set(sink.drops.map(\.created))
        #expect(Set(Self.created(from: 100.2, to: 190)).isSubset(of: lost))
        #expect(sink.drops.allSatisfy { $0.reason == .nodeDown && $0.created > 90 * Self.ms && $0.created < 201 * Self.ms },
                "\(sink.drops.map(\.created))")
        #expect(Set(Self.created(from: 210, to: 390)).isSubset(of: Set(sink.delivered)))
    }

    /// A link failing at random (exponential times to failure and repair, MTBF 1 s, MTTR
    /// 0.25 s) is down MTTR / (MTBF + MTTR) = 20 % of the time in the long run; over
    /// 20,000 s (16,000 cycles) the estimate's standard deviation is about 0.0018.
    @Test func randomFailuresMatchTheirLongRunFraction() {
        var net = Net()
        let a = net.node("A", switch: false), b = net.node("B", switch: false)
        net.link(a, b)
        net.spec.faults = [FaultSpec(name: "a-b", targets: [net.cut(a, b)], timing: .random(
            timeToFailure: .exponential(mean: 1e12), timeToRepair: .exponential(mean: 0.25e12)))]
        let end = 20_000 * Time.second
        let sink = Self.run(net.spec, until: end)
        var down: SimTime = 0, since: SimTime?
        for f in sink.faults {
            if f.down { since = f.at } else if let s = since { down += f.at - s; since = nil }
        }
        if let s = since { down += end - s }
        let fraction = Double(down) / Double(end)
        #expect(abs(fraction - 0.2) < 0.008, "down \(fraction) of the time")
        #expect(sink.faults.count > 30_000)
    }
}
