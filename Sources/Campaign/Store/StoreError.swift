/// Why the results store refused a file or a run. Each description says what was found,
/// what was expected and what to do.
public enum StoreError: Error, CustomStringConvertible, Equatable {
    /// The file exists but is not an fnsim results store (`why` says what it is).
    case notAStore(path: String, why: String)
    /// The store was written by a newer fnsim.
    case newerSchema(path: String, version: Int)
    /// The store holds the runs of another plan; `differences` name what differs.
    case otherPlan(path: String, differences: [String], suggestion: String)
    /// No file at `path` (reading an existing store).
    case missing(path: String)
    /// The run is not one of the plan's (its point, design or replication is out of range,
    /// or its result is another design's).
    case notInPlan(RunKey, why: String)
    /// The plan cannot be stored as it is.
    case invalidPlan(why: String)
    /// The run is recorded already: a run is never counted twice.
    case alreadyRecorded(RunKey)
    /// Two stores hold the same run with different results.
    case conflictingRun(RunKey, first: String, second: String, table: String)
    /// `rows(table:)` of a table the store does not have.
    case unknownTable(String, known: [String])
    /// SQLite failed (disk full, permissions, a corrupt file): its message.
    case database(path: String, message: String)

    public var description: String {
        switch self {
        case let .notAStore(path, why):
            return "'\(path)' is not an fnsim results store (\(why)); give --store a new file name, "
                + "or a store written by fnsim sweep"
        case let .newerSchema(path, version):
            return "'\(path)' was written by a newer fnsim (store schema version \(version); this fnsim reads "
                + "version \(StoreSchema.version) and older): upgrade fnsim to read it"
        case let .otherPlan(path, differences, suggestion):
            return "'\(path)' holds the runs of another plan: " + differences.joined(separator: "; ")
                + ". " + suggestion
        case let .missing(path):
            return "no results store at '\(path)': check the path (fnsim sweep --store writes one)"
        case let .notInPlan(key, why):
            return "run \(key.text) is not one of the plan's: \(why)"
        case let .invalidPlan(why):
            return "cannot store this sweep: \(why)"
        case let .alreadyRecorded(key):
            return "run \(key.text) is recorded already; a finished run is recorded once "
                + "(skip the keys of completed())"
        case let .conflictingRun(key, first, second, table):
            return "run \(key.text) is in '\(first)' and in '\(second)' with different \(table); "
                + "the same run should give the same results: were they made by different fnsim versions?"
        case let .unknownTable(name, known):
            return "no result table '\(name)'; expected one of: " + known.joined(separator: ", ")
        case let .database(path, message):
            return "results store '\(path)': \(message)"
        }
    }
}

extension RunKey {
    /// "point 3, design 1, replication 0": how messages name a run.
    var text: String { "point \(point), design \(design), replication \(replication)" }
}
