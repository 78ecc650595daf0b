/// A key renamed: files that use `old` are still read, with a warning naming `new`.
struct FormerName: Sendable {
    let old: String
    let new: String
}

extension DesignBuilder {
    /// Renames former keys of `entry` (`on` → `on_time`), warning at each (once per
    /// position: the entries a template makes share one); an entry that gives both names
    /// is an error (and the former one dropped). `what` names the entry in it.
    func renameFormerKeys(_ entry: inout YNode, _ renames: [FormerName], what: @autoclosure () -> String) {
        guard case var .map(entries) = entry.kind else { return }
        for rename in renames {
            guard let k = entries.firstIndex(where: { $0.key == rename.old }) else { continue }
            if entries.contains(where: { $0.key == rename.new }) {
                d.error(entries[k].keyPos, "\(what()) gives both '\(rename.old)' and '\(rename.new)', its new name; "
                    + "keep '\(rename.new)'")
                entries.remove(at: k)
                continue
            }
            d.warning(entries[k].keyPos, "'\(rename.old)' is now written '\(rename.new)' (YAML 1.1 "
                + "readers such as PyYAML take a bare \(rename.old) for a boolean); '\(rename.old)' is still read "
                + "(variant '\(variantName)')")
            entries[k].key = rename.new
        }
        entry.kind = .map(entries)
    }
}
