/// The candidate nearest to `word` (edit distance, ignoring case) when it is near enough to
/// be a plausible typo: the "did you mean" of scenario messages, for the command line too.
public func nearestName(to word: String, among candidates: [String]) -> String? {
    nearest(word, in: candidates)
}
