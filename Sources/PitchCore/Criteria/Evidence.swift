/// `kind: evidence`: credit for each sentence that holds one of its `phrases` or that its examples taught its head
/// to recognise; full credit at `target` sentences (default 1).
///
///     phrases: ["{name} is ready", "{prep} her"]   # required
///     target: 1                                    # sentences for full credit
///     within-first: 2                              # only the first this many sentences count (the ask)
///     unless: ["not ready"]                        # where these stand, the head's reading does not count
///
/// "Priya has shadowed me for six months." meets a successor's preparation; "I haven't trained anyone yet." misses.
enum Evidence: SentenceRules {
    static let keys = ["phrases", "target", "within-first", "unless"]

    static func load(_ criterion: inout Criterion, from entry: CriterionEntry, loader: inout RubricLoader.Loader)
        throws
    {
        criterion.matchers = [try phrases(from: entry, kind: .evidence, loader: &loader)]
    }

    /// The `phrases` list every phrase kind needs.
    static func phrases(from entry: CriterionEntry, kind: CriterionKind, loader: inout RubricLoader.Loader) throws
        -> PhraseMatcher
    {
        guard let phrases = entry.fields["phrases"] else {
            throw loader.fail(entry.node, "\(entry.what) of kind \(kind.rawValue) needs `phrases` (a list)")
        }
        return try entry.matcher(phrases, key: "phrases", loader: &loader)
    }

    static func verdict(_ tally: SentenceTally, of criterion: Criterion) -> (score: Double, why: String, advice: String)
    {
        let count = tally.counted.count
        let place = criterion.withinFirst.map { " in the first \($0) sentence\($0 == 1 ? "" : "s")" } ?? ""
        return (
            min(1, tally.earned / criterion.target),
            "\(count) sentence\(count == 1 ? "" : "s") with this evidence\(place)\(tally.byMeaning) "
                + "worth \(String(format: "%.1f", tally.earned)) of the \(Scorer.formatted(criterion.target)) "
                + "for full credit",
            criterion.advice
        )
    }
}
