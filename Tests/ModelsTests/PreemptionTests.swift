import Analysis
import Experiments
import Kernel
import Models
import Testing

private let ns = Time.nanosecond, us = Time.microsecond, ms = Time.millisecond
private let octet = TSNFixtures.octet

/// Frame preemption (IEEE 802.3br clause 99, IEEE 802.1Qbu) on one 1 Gbit/s link
/// (`TSNFixtures.link`: overhead 20 B, no propagation): class 7 express, the others
/// preemptable. The reference is the rule of 802.3br 99.4.4 written out independently
/// below (`expected`), checked at every nanosecond of a preemptable frame's transmission.
@Suite struct PreemptionTests {
    typealias F = TSNFixtures
    static func link(addFragSize: Int, flows: [(name: String, priority: Int, traffic: TrafficSpec)]) -> PlantSpec {
        F.link(tsn: PortTSN(preemption: Preemption(express: 1 << 7, addFragSize: addFragSize)), flows: flows)
    }

    /// What 802.3br says happens when a 64 B express frame arrives `delta` after a
    /// preemptable frame of `size` bytes started on an idle port: how long the express frame
    /// waits, and the preemptable frame's latency (its start to its last bit at b).
    ///
    /// By `delta`, n = ⌈delta / 8 ns⌉ octets have started (the one in progress must end);
    /// the first 8 are the preamble and SFD/SMD. A cut after k data octets is legal when
    /// k ≥ 64(1 + addFragSize) − 4 (the first fragment's minimum) and size − k ≥ 64 (the last
    /// fragment's minimum); the earliest is k = max(n − 8, 64(1 + addFragSize) − 4). The
    /// fragment then ends with a 4 B mCRC and the 12 B gap: the express frame starts at
    /// (8 + k + 4 + 12) octets. Without a legal cut it waits for the whole frame,
    /// (8 + size + 12) octets. A cut frame's remainder follows the express frame (84 octets
    /// on the wire) with its own 8 B preamble and SMD-C: the preemptable frame's last bit
    /// comes 84 + 4 + 12 + 8 octets after it would have, at (8 + size + 108) octets.
    static func expected(size: SimTime, delta: SimTime, addFragSize: SimTime)
        -> (blocking: SimTime, preemptableLatency: SimTime, cut: Bool) {
        let end = (8 + size + 12) * octet
        if delta >= end { return (0, (8 + size) * octet, false) }
        let started = (delta + octet - 1) / octet
        let k = max(started - 8, 64 * (1 + addFragSize) - 4)
        if size - k >= 64 { return ((8 + k + 4 + 12) * octet - delta, (8 + size + 108) * octet, true) }
        return (end - delta, (8 + size) * octet, false)
    }

    struct Sweep {
        var blocking: [SimTime] = []
        var expectedBlocking: [SimTime] = []
        var preemptable: [SimTime] = []
        var expectedPreemptable: [SimTime] = []
        var cuts = 0
        var recorder = Recorder()
    }

    /// Pairs 20 us apart: a preemptable frame of `size` made at 20j us on the idle port, an
    /// express 64 B frame `deltas[j]` later.
    static func sweep(size: Int32, deltas: [SimTime], addFragSize: Int = 0) -> Sweep {
        let period = 20 * us
        let starts = deltas.indices.map { SimTime($0) * period }
        let spec = link(addFragSize: addFragSize, flows: [
            ("preemptable", 0, F.at(starts, size: size)),
            ("express", 7, F.at(zip(starts, deltas).map { $0 + $1 }, size: 64)),
        ])
        let rec = F.record(spec, until: SimTime(deltas.count) * period)
        var s = Sweep(recorder: rec)
        s.blocking = rec.latencies(1).map { $0 - 72 * octet }  // its own 8 + 64 octets
        s.preemptable = rec.latencies(0)
        for d in deltas {
            let e = expected(size: SimTime(size), delta: d, addFragSize: SimTime(addFragSize))
            s.expectedBlocking.append(e.blocking)
            s.expectedPreemptable.append(e.preemptableLatency)
            if e.cut { s.cuts += 1 }
        }
        return s
    }

    /// Every nanosecond from the preemptable frame's start to 8 ns after its port is free,
    /// and the picosecond just after the start.
    static func deltas(size: Int32) -> [SimTime] {
        [0, 1] + (1...(Int64(size) + 21) * 8).map { $0 * ns }
    }

    /// The sweep over frame sizes around the limits: 64 and 123 B are never cut; 124 B is
    /// the shortest frame that can be (60 + 64); 1522 B is the largest. For each size and
    /// arrival time the express frame waits exactly as 802.3br says, the preemptable frame
    /// arrives whole at the time computed, and the port counts one preemption per cut.
    @Test(arguments: [Int32(64), 100, 123, 124, 125, 127, 128, 200, 1000, 1522])
    func blockingAtEveryNanosecondMatches802_3br(size: Int32) {
        let s = Self.sweep(size: size, deltas: Self.deltas(size: size))
        #expect(s.blocking.count == s.expectedBlocking.count)
        let wrong = zip(Self.deltas(size: size), zip(s.blocking, s.expectedBlocking)).filter { $0.1.0 != $0.1.1 }
        #expect(wrong.isEmpty, "size \(size): \(wrong.count) wrong, first (delta, got, expected): \(wrong.prefix(5))")
        #expect(s.preemptable == s.expectedPreemptable, "size \(size)")
        #expect(s.recorder.preemptions.count == s.cuts)
        #expect(s.recorder.drops == 0)
        // The probe of the express traffic's blocking says the same.
        #expect(s.recorder.expressBlocking == s.expectedBlocking)
        if size <= 123 { #expect(s.cuts == 0) } else { #expect(s.cuts > 0) }
    }

    /// The worst case: an express frame waits at most 123 + 8 + 12 = 143 octets (1,144 ns at
    /// 1 Gbit/s), behind a 123-byte preemptable frame that started the same picosecond, just
    /// before it (1 ps later: 1,144 ns − 1 ps); never a whole 1522-byte frame (12,336 ns).
    /// Behind any frame that can be cut it waits at most a first fragment, 8 + 60 + 4 + 12 =
    /// 84 octets (672 ns), when it arrives with the frame's first bit.
    @Test func worstCaseBlockingIs143Octets() {
        var worst: SimTime = 0, worstCuttable: SimTime = 0
        for size in [Int32(64), 123, 124, 1522] {
            let s = Self.sweep(size: size, deltas: Self.deltas(size: size))
            let m = s.blocking.max()!
            worst = max(worst, m)
            if size >= 124 { worstCuttable = max(worstCuttable, m) }
        }
        #expect(worst == 143 * 8 * ns)
        #expect(worstCuttable == 84 * 8 * ns)
        // Without preemption the same 1522 B frame blocks for all of its 1542 octets.
        let plain = F.link(tsn: nil, flows: [("preemptable", 0, F.at([0], size: 1522)), ("express", 7, F.at([1], size: 64))])
        #expect(F.record(plain, until: 20 * us).latencies(1) == [(1542 + 72) * octet - 1])
    }

    /// With addFragSize = 1 the first fragment holds at least 124 octets: a frame shorter than
    /// 188 B is never cut and the worst blocking grows to 187 + 20 = 207 octets.
    @Test(arguments: [Int32(187), 188, 1522])
    func addFragSizeRaisesTheSmallestFragment(size: Int32) {
        let s = Self.sweep(size: size, deltas: Self.deltas(size: size), addFragSize: 1)
        #expect(s.blocking == s.expectedBlocking, "size \(size)")
        #expect(s.preemptable == s.expectedPreemptable, "size \(size)")
        #expect(s.recorder.preemptions.count == s.cuts)
        if size == 187 { #expect(s.cuts == 0 && s.blocking.max() == 207 * octet) }
        if size == 1522 { #expect(s.blocking.max() == (8 + 124 + 16) * octet) }
    }

    /// A preemptable frame cut for two express frames: the second express frame arrives
    /// while the first fragment's remainder is on the wire, so the frame is cut twice (a
    /// later fragment holds at least 60 octets and leaves at least 64). 1522 B made at 0;
    /// express frames at 0 (cut after 60 data octets: free at 84 octets = 672 ns; express
    /// 672–1344 ns; remainder of 1462 B from 1344 ns) and at 2,000 ns, when 82 octets of the
    /// remainder fragment are out (656 ns / 8, 74 of them data): cut after 74 data octets
    /// (≥ 60), free at 1344 + (8 + 74 + 16) × 8 = 2,128 ns; express 2128–2800 ns; the last
    /// fragment, 1462 − 74 = 1388 B, from 2800 ns, its last bit at 2800 + (8 + 1388) × 8 =
    /// 13,968 ns = the unpreempted 12,240 ns + 2 × (84 + 24) octets.
    @Test func aFrameCanBeCutTwice() {
        let spec = Self.link(addFragSize: 0, flows: [("preemptable", 0, F.at([0], size: 1522)),
                                                     ("express", 7, F.at([0, 2_000 * ns], size: 64))])
        let rec = F.record(spec, until: 20 * us)
        #expect(rec.preemptions == [0, 2_000 * ns])
        #expect(rec.of(1).map(\.at) == [1_344 * ns - 96 * ns, 2_800 * ns - 96 * ns])
        #expect(rec.of(0).map(\.at) == [13_968 * ns])
        #expect(13_968 * ns == (8 + 1522) * octet + 2 * (84 + 24) * octet)
    }
}
