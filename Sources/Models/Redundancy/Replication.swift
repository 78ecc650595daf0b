import Kernel

/// The replicated flows of a plant (IEEE 802.1CB FRER, IEC 62439-3 PRP): each source
/// numbers its frames (sequence generation, 802.1CB 7.4.1) and sends a copy on each member
/// route; at the destination the first copy of each number passes and the rest are
/// discarded (sequence recovery, 7.4.3, or PRP's duplicate discard). State is sized when
/// the plant is built: merging allocates nothing.
@usableFromInline
struct Replication {
    /// Per flow: the global index of its first source.
    @usableFromInline let firstSource: ContiguousArray<Int32>
    /// Per source.
    @usableFromInline var generators: ContiguousArray<SequenceGeneration>
    @usableFromInline var recoveries: ContiguousArray<SequenceRecovery?>
    /// The last sequence number passed, or -1 (to tell out-of-order frames under PRP).
    @usableFromInline var lastPassed: ContiguousArray<Int32>
    /// Per flow (PRP keeps its window per source inside).
    @usableFromInline var discards: ContiguousArray<DuplicateDiscard?>

    init(spec: PlantSpec) {
        var first = ContiguousArray<Int32>(), n: Int32 = 0
        var recoveries = ContiguousArray<SequenceRecovery?>(), discards = ContiguousArray<DuplicateDiscard?>()
        for flow in spec.flows {
            first.append(n)
            n += Int32(flow.sources.count)
            switch flow.replication?.elimination {
            case let .frer(algorithm, history, reset)?:
                for _ in flow.sources {
                    recoveries.append(SequenceRecovery(algorithm: algorithm, historyLength: history, resetTimeout: reset))
                }
                discards.append(nil)
            case let .prp(window, forget)?:
                recoveries.append(contentsOf: repeatElement(nil, count: flow.sources.count))
                discards.append(DuplicateDiscard(sources: flow.sources.count, windowSize: window, entryForgetTime: forget))
            case nil:
                recoveries.append(contentsOf: repeatElement(nil, count: flow.sources.count))
                discards.append(nil)
            }
        }
        firstSource = first
        generators = ContiguousArray(repeating: SequenceGeneration(), count: Int(n))
        lastPassed = ContiguousArray(repeating: -1, count: Int(n))
        self.recoveries = recoveries
        self.discards = discards
    }

    /// The sequence number of source `s`'s next frame.
    @inlinable
    mutating func number(source s: Int32) -> UInt16 { generators[Int(s)].number() }

    /// A copy with `sequence` from source `s` of `flow` reached the destination now:
    /// whether it passes, and whether out of order (not the number after the last passed).
    @inlinable
    mutating func merge(flow: Int32, source s: Int32, sequence: UInt16, at now: SimTime) -> (passed: Bool, outOfOrder: Bool) {
        let passed: Bool
        if recoveries[Int(s)] != nil {
            passed = recoveries[Int(s)]!.accept(sequence: sequence, at: now)
        } else {
            let local = Int(s &- firstSource[Int(flow)])
            passed = discards[Int(flow)]!.accept(source: local, sequence: sequence, at: now)
        }
        guard passed else { return (false, false) }
        let last = lastPassed[Int(s)]
        lastPassed[Int(s)] = Int32(sequence)
        return (true, last >= 0 && UInt16(truncatingIfNeeded: last &+ 1) != sequence)
    }
}
