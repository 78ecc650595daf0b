import Foundation

/// The directory of `run --out`. fnsim owns there exactly the files it lists in
/// `fnsim-files.txt`: a run removes those of the run before (so a design no longer run
/// leaves no stale design-NAME.yaml), writes its own and lists them; other files are left
/// alone. A directory that holds files but no list is refused, since they are not
/// fnsim's to replace. Each file is written atomically (a hidden temporary file, then a
/// rename), so an interrupted run never leaves a half-written file over a good one.
struct OutputDirectory {
    /// The list of the files fnsim wrote in the directory.
    static let listName = "fnsim-files.txt"

    let path: String
    /// The files listed by the run before.
    private let owned: [String]

    /// Creates the directory if need be and checks it is fnsim's to write: before the run,
    /// so a long simulation does not end in a refusal.
    init(_ path: String) throws(OutputError) {
        self.path = path
        try Self.makeDirectory(path, out: path)
        let entries = try Self.contents(path)
        guard entries.contains(Self.listName) else {
            let foreign = entries.filter { !$0.hasPrefix(".") }
            if !foreign.isEmpty {
                throw OutputError("--out \(path): the directory holds files fnsim did not write ("
                    + Self.some(foreign) + "). fnsim writes only into a new or empty directory, or one it wrote "
                    + "before (it lists its files in \(Self.listName)); choose another directory or move those "
                    + "files away")
            }
            owned = []
            return
        }
        let list = (try? String(contentsOfFile: "\(path)/\(Self.listName)", encoding: .utf8)) ?? ""
        owned = list.split(separator: "\n").map(String.init).filter { name in
            // Plain names only: a damaged list must not reach outside the directory.
            !name.hasPrefix("#") && !name.isEmpty && !name.contains("/") && name != "." && name != ".."
                && entries.contains(name)
        }
    }

    /// Writes `files` and removes the files of the run before that this run does not
    /// write. A name this run writes that exists but is not listed is refused.
    func write(_ files: [(name: String, text: String)]) throws(OutputError) {
        let names = files.map(\.name)
        let clashes = names.filter { !owned.contains($0) && FileManager.default.fileExists(atPath: "\(path)/\($0)") }
        if !clashes.isEmpty {
            throw OutputError("--out \(path): fnsim would replace " + Self.some(clashes)
                + ", which it did not write; move them away or choose another directory")
        }
        // Listed first, so whatever happens next, the list covers every file of either run.
        try writeList(owned + names.filter { !owned.contains($0) })
        for f in files { try writeFile(f.name, f.text) }
        for stale in owned where !names.contains(stale) {
            let file = "\(path)/\(stale)"
            if unlink(file) != 0 && errno != ENOENT { throw OutputError("cannot remove '\(file)': \(Self.reason())") }
        }
        try writeList(names)
    }

    private func writeList(_ names: [String]) throws(OutputError) {
        try writeFile(Self.listName, "# The files fnsim wrote here. The next run with --out removes them first;\n"
            + "# other files are left alone.\n" + names.map { $0 + "\n" }.joined())
    }

    private func writeFile(_ name: String, _ text: String) throws(OutputError) {
        let file = "\(path)/\(name)", temporary = "\(path)/.\(name).tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw OutputError("cannot write '\(file)': \(Self.reason())") }
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let n = bytes.withUnsafeBytes { systemWrite(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else {
                let why = Self.reason()
                close(fd)
                unlink(temporary)
                throw OutputError("cannot write '\(file)': \(why)")
            }
            bytes = bytes.dropFirst(n)
        }
        guard close(fd) == 0, rename(temporary, file) == 0 else {
            let why = Self.reason()
            unlink(temporary)
            throw OutputError("cannot write '\(file)': \(why)")
        }
    }

    /// Creates `dir` and its missing parents, naming the part that fails and why.
    private static func makeDirectory(_ dir: String, out: String) throws(OutputError) {
        var info = stat()
        if stat(dir, &info) == 0 {
            if info.st_mode & S_IFMT == S_IFDIR { return }
            throw OutputError("--out \(out): '\(dir)' is a file, not a directory")
        }
        guard errno == ENOENT || errno == ENOTDIR else {
            throw OutputError("--out \(out): cannot use '\(dir)': \(reason())")
        }
        let parent = (dir as NSString).deletingLastPathComponent
        if !parent.isEmpty && parent != dir { try makeDirectory(parent, out: out) }
        if mkdir(dir, 0o777) != 0 && errno != EEXIST {
            throw OutputError("--out \(out): cannot create the directory '\(dir)': \(reason())")
        }
    }

    private static func contents(_ path: String) throws(OutputError) -> [String] {
        do { return try FileManager.default.contentsOfDirectory(atPath: path).sorted() } catch {
            throw OutputError("--out \(path): cannot read the directory: \(error.localizedDescription)")
        }
    }

    /// "a, b, c and 4 more".
    private static func some(_ names: [String]) -> String {
        let shown = names.prefix(5).joined(separator: ", ")
        return names.count > 5 ? "\(shown) and \(names.count - 5) more" : shown
    }

    /// The system's reason for the last failed call.
    private static func reason() -> String { String(cString: strerror(errno)) }
}

/// write(2), out of reach of `OutputDirectory.write` inside the type.
private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int { write(fd, buffer, count) }

/// Why the results cannot be written; printed as "error: …", exit status 1.
struct OutputError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
