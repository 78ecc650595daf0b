import Models
import Testing

@Suite struct RingRedundancyTests {
    typealias Port = BridgedNetwork.Port

    /// Six bridges r0…r5 in a ring, L0 r0–r1, L1 r1–r2, … L5 r5–r0, and a station h6 on
    /// r3 (L6). r0's ports: L0 p1, L5 p2.
    static func ring() throws -> BridgedNetwork {
        let g: Int64 = 1_000_000_000
        var links = (0..<6).map { BridgedNetwork.Link($0, ($0 + 1) % 6, rateBitsPerSecond: g) }
        links.append(.init(6, 3, rateBitsPerSecond: g))
        return try BridgedNetwork(nodes: Array(repeating: .bridge(), count: 6) + [.station], links: links)
    }

    /// MRM r0: its ring links are L0 (position 0) and L5 (position 5), so L0 is primary
    /// and L5 secondary. Closed ring: r0 blocks port 2 (L5), every other link forwards.
    /// L2 fails: the ring is open, r0 forwards on L5, and only L2 carries nothing.
    @Test func managerBlocksItsSecondaryPortWhileTheRingIsClosed() throws {
        let network = try Self.ring()
        let ring = try MRPRing(links: [0, 1, 2, 3, 4, 5], manager: 0, recoveryTime: .ms200, in: network)
        #expect(ring.nodes == [0, 1, 2, 3, 4, 5])
        #expect((ring.primaryLink, ring.secondaryLink) == (0, 5))
        #expect(ring.secondaryPort == Port(link: 5, end: .b))
        #expect(network.portNumber(of: ring.secondaryPort) == 2)
        #expect(ring.isClosed(in: network))
        #expect(ring.blockedPort(in: network) == ring.secondaryPort)
        #expect((0...6).map { ring.forwards(link: $0, in: network) } == [true, true, true, true, true, false, true])

        let broken = network.settingLinks([2], up: false)
        #expect(!ring.isClosed(in: broken))
        #expect(ring.blockedPort(in: broken) == nil)
        #expect((0...6).map { ring.forwards(link: $0, in: broken) } == [true, true, false, true, true, true, true])
    }

    /// A failure of a forwarding ring link costs a recovery; of the blocked secondary
    /// link, nothing; a second failure splits the ring; a station's link is not MRP's.
    @Test func failureImpacts() throws {
        let network = try Self.ring()
        let ring = try MRPRing(links: [0, 1, 2, 3, 4, 5], manager: 0, recoveryTime: .ms30, in: network)
        #expect(ring.impact(ofFailing: 2, in: network) == .recovers)
        #expect(ring.impact(ofFailing: 5, in: network) == .noOutage)
        #expect(ring.impact(ofFailing: 6, in: network) == .notInRing)
        let broken = network.settingLinks([2], up: false)
        #expect(ring.impact(ofFailing: 4, in: broken) == .partitions)
        #expect(ring.impact(ofFailing: 2, in: broken) == .noOutage)
    }

    /// Primary is the MRM's first ring link in the given order. Starting at L3 the ring
    /// runs r3 r4 r5 r0 r1 r2, and r0 sits between L5 (position 2) and L0 (position 3):
    /// L5 primary, L0 secondary (port 1 of r0). Listed backwards from L5, the walk starts
    /// at r0 (L5 then leads to r5): r0 joins L5 (position 0) and L0 (last): L5 primary.
    @Test func primaryIsFirstInRingOrder() throws {
        let network = try Self.ring()
        let rotated = try MRPRing(links: [3, 4, 5, 0, 1, 2], manager: 0, recoveryTime: .ms200, in: network)
        #expect(rotated.nodes == [3, 4, 5, 0, 1, 2])
        #expect((rotated.primaryLink, rotated.secondaryLink) == (5, 0))
        #expect(network.portNumber(of: rotated.secondaryPort) == 1)
        let backwards = try MRPRing(links: [5, 4, 3, 2, 1, 0], manager: 0, recoveryTime: .ms200, in: network)
        #expect(backwards.nodes == [0, 5, 4, 3, 2, 1])
        #expect((backwards.primaryLink, backwards.secondaryLink) == (5, 0))
    }

    @Test func invalidRingsAreRejected() throws {
        let network = try Self.ring()
        func ring(_ links: [Int], manager: Int = 0, in n: BridgedNetwork? = nil) throws(MRPRingError) {
            _ = try MRPRing(links: links, manager: manager, recoveryTime: .ms500, in: n ?? network)
        }
        #expect(throws: MRPRingError.tooShort(1)) { try ring([0]) }
        #expect(throws: MRPRingError.linkOutOfRange(position: 1, link: 99)) { try ring([0, 99]) }
        #expect(throws: MRPRingError.repeatedLink(0)) { try ring([0, 1, 2, 3, 4, 5, 0]) }
        // From r0: L0, L1 reach r2, and L3 (r3–r4) does not touch it: position 2.
        #expect(throws: MRPRingError.notACycle(position: 2)) { try ring([0, 1, 3]) }
        // L0 L1 L2 end at r3, not back at r0: position 3 (the count).
        #expect(throws: MRPRingError.notACycle(position: 3)) { try ring([0, 1, 2]) }
        #expect(throws: MRPRingError.managerNotOnRing(6)) { try ring([0, 1, 2, 3, 4, 5], manager: 6) }

        let g: Int64 = 1_000_000_000
        // A station in the cycle r0–h1–r2–r0.
        let withStation = try BridgedNetwork(
            nodes: [.bridge(), .station, .bridge()],
            links: [.init(0, 1, rateBitsPerSecond: g), .init(1, 2, rateBitsPerSecond: g), .init(2, 0, rateBitsPerSecond: g)])
        #expect(throws: MRPRingError.notABridge(1)) { try ring([0, 1, 2], in: withStation) }
        // Two triangles through r0: a figure eight, r0 with four ring ports.
        let eight = try BridgedNetwork(
            nodes: Array(repeating: .bridge(), count: 5),
            links: [(0, 1), (1, 2), (2, 0), (0, 3), (3, 4), (4, 0)].map { .init($0.0, $0.1, rateBitsPerSecond: g) })
        #expect(throws: MRPRingError.nodeTwiceOnRing(0)) { try ring([0, 1, 2, 3, 4, 5], in: eight) }
        // Two bridges joined by two links are a ring.
        let pair = try BridgedNetwork(nodes: [.bridge(), .bridge()],
                                      links: [.init(0, 1, rateBitsPerSecond: g), .init(1, 0, rateBitsPerSecond: g)])
        let two = try MRPRing(links: [0, 1], manager: 1, recoveryTime: .ms10, in: pair)
        #expect((two.primaryLink, two.secondaryLink) == (0, 1))
    }

    /// 200 ms is 2 × 10¹¹ ps; a quarter of it 5 × 10¹⁰.
    @Test func recoveryTimeOutages() {
        #expect(MRPRecoveryTime.allCases.map(\.rawValue) == [500, 200, 30, 10])
        #expect(MRPRecoveryTime.ms200.outagePicoseconds(.worstCase) == 200_000_000_000)
        #expect(MRPRecoveryTime.ms200.outagePicoseconds(.uniform(0.25)) == 50_000_000_000)
        #expect(MRPRecoveryTime.ms10.outagePicoseconds(.worstCase) == 10_000_000_000)
        #expect(MRPRecoveryTime.ms500.outagePicoseconds(.uniform(0)) == 0)
        #expect(MRPRecoveryTime.ms30.outagePicoseconds(.uniform(1)) == 30_000_000_000)
    }
}
