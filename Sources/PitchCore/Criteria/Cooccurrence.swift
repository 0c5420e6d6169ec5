/// `kind: cooccurrence`: credit for each sentence that holds a phrase of every list in `groups` (a person and a
/// date), or that its head recognises; scored as evidence (`target`, `within-first`, `unless` as there).
///
///     groups:                                      # required: two lists or more
///       - ["{name}", "she", "he"]
///       - ["{time}", "from {number}"]
///
/// "Priya takes over from 1 March." meets a dated handover; "Priya is great." misses (no date). Read in context,
/// the groups count only where the model does not rule the sentence out: "start" and "days" are a timeline in
/// "I can start on 1 May", not in "I'd like to move onto days".
enum Cooccurrence: SentenceRules {
    static let keys = ["groups", "target", "within-first", "unless"]
    static let gatesPhrasesInContext = true

    static func load(_ criterion: inout Criterion, from entry: CriterionEntry, loader: inout RubricLoader.Loader)
        throws
    {
        guard let groups = entry.fields["groups"] else {
            throw loader.fail(
                entry.node, "\(entry.what) of kind cooccurrence needs `groups` (a list of phrase lists)")
        }
        try loader.count(groups)
        guard case .sequence(let list) = groups, list.count >= 2 else {
            throw loader.fail(groups, "`groups` needs at least two phrase lists")
        }
        criterion.matchers = try list.map { try entry.matcher($0, key: "groups", loader: &loader) }
    }

    /// The first hit of each group, in order, when every group has one.
    static func phraseHits(_ criterion: Criterion, in document: TextDocument, sentence: Sentence) -> [Range<Int>] {
        let groups = criterion.matchers.map { $0.matches(in: document, sentence: sentence).hits }
        guard groups.allSatisfy({ !$0.isEmpty }) else { return [] }
        return groups.compactMap(\.first).sorted { $0.lowerBound < $1.lowerBound }
    }

    static func verdict(_ tally: SentenceTally, of criterion: Criterion) -> (score: Double, why: String, advice: String)
    {
        Evidence.verdict(tally, of: criterion)
    }
}
