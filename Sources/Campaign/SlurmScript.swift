import Foundation

/// The files `fnsim sweep --slurm DIR` writes: a job-array script with one task per shard
/// (each runs `fnsim sweep … --shard k/N` into its own store), a merge script that joins the
/// shards and exports CSV, and `submit.sh`, which submits both with the merge depending on
/// the array (`sbatch --dependency=afterok`).
public struct SlurmScript: Sendable {
    /// The fnsim executable, absolute.
    public var fnsim: String
    /// Where the scripts `cd` to (paths in `arguments` may be relative to it).
    public var workingDirectory: String
    /// `sweep FILE …` without `--shard`, `--store` and `--jobs`.
    public var arguments: [String]
    public var shards: Int
    /// The directory the scripts, shard stores, logs and the merged store go to, absolute.
    public var directory: String
    public var jobName: String
    public var cpusPerTask: Int
    /// `#SBATCH` options added to both scripts as given (`--partition=compute`, `--time=2:00:00`).
    public var options: [String]

    public init(fnsim: String, workingDirectory: String, arguments: [String], shards: Int, directory: String,
                jobName: String, cpusPerTask: Int, options: [String]) {
        self.fnsim = fnsim
        self.workingDirectory = workingDirectory
        self.arguments = arguments
        self.shards = shards
        self.directory = directory
        self.jobName = jobName
        self.cpusPerTask = cpusPerTask
        self.options = options
    }

    public var mergedStore: String { directory + "/sweep.db" }
    public var csvDirectory: String { directory + "/csv" }

    /// (file name, contents, executable) of each file.
    public var files: [(name: String, text: String, executable: Bool)] {
        let q = Self.quote
        let extra = options.map { "#SBATCH \($0)\n" }.joined()
        let sweep = """
            #!/bin/bash
            #SBATCH --job-name=\(jobName)
            #SBATCH --array=1-\(shards)
            #SBATCH --cpus-per-task=\(cpusPerTask)
            #SBATCH --output=\(directory)/logs/shard-%a.out
            \(extra)# One shard of the sweep per array task, into its own store. A shard that is
            # stopped resumes when run again: its store keeps the runs it finished.
            set -euo pipefail
            cd \(q(workingDirectory))
            task="${SLURM_ARRAY_TASK_ID:?run this script with sbatch, or set SLURM_ARRAY_TASK_ID}"
            exec \(q(fnsim)) \(arguments.map(q).joined(separator: " ")) \\
                --shard "$task/\(shards)" --store \(q(directory))/shard-"$task".db --jobs "${SLURM_CPUS_PER_TASK:-1}"

            """
        let inputs = (1...shards).map { q("\(directory)/shard-\($0).db") }.joined(separator: " ")
        let merge = """
            #!/bin/bash
            #SBATCH --job-name=\(jobName)-merge
            #SBATCH --output=\(directory)/logs/merge.out
            \(extra)# Joins the shards' stores into one and writes its tidy CSV.
            set -euo pipefail
            cd \(q(workingDirectory))
            \(q(fnsim)) merge \(q(mergedStore)) \(inputs)
            \(q(fnsim)) export \(q(mergedStore)) --csv \(q(csvDirectory))

            """
        let submit = """
            #!/bin/bash
            # Submits the shards as one job array and the merge to run after all succeed.
            set -euo pipefail
            cd \(q(directory))
            mkdir -p logs
            array=$(sbatch --parsable sweep.sbatch)
            merge=$(sbatch --parsable --dependency=afterok:"${array%%;*}" merge.sbatch)
            echo "submitted array job $array (\(shards) shards) and merge job $merge"

            """
        return [("sweep.sbatch", sweep, false), ("merge.sbatch", merge, false), ("submit.sh", submit, true)]
    }

    /// Writes the files (and `logs/`) into `directory`.
    public func write() throws {
        let fm = FileManager.default
        try fm.createDirectory(atPath: directory + "/logs", withIntermediateDirectories: true)
        for f in files {
            let path = directory + "/" + f.name
            try f.text.write(toFile: path, atomically: true, encoding: .utf8)
            if f.executable { try fm.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path) }
        }
    }

    /// A word for bash: single-quoted unless it is plainly safe.
    static func quote(_ s: String) -> String {
        let safe = !s.isEmpty && s.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_./=:,@%+".contains($0)) }
        return safe ? s : "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
