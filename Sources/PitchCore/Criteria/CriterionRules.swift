import Yams

/// What one kind of criterion (YAML `kind`) is: the keys it reads beyond those every criterion has, their
/// defaults, how it is loaded and checked, and how it scores. One type per kind, each in its own file in
/// `Criteria/` with its keys in its comment; `CriterionKind.rules` registers them.
protocol CriterionRules {
    /// Its own YAML keys (`RubricLoader.criterionKeys` adds them to those every criterion has).
    static var keys: [String] { get }
    /// Strength from which its head counts a sentence (YAML `threshold`), and how the credit bends above it.
    static var defaultThreshold: Double { get }
    static var defaultCreditPower: Double { get }
    /// Whether an example that `meets` it shows what it looks for (a thing to avoid is shown by its misses).
    static var shownByMeets: Bool { get }
    /// Reads and checks its own keys into `criterion` (the matchers, the metric), where the loader has read
    /// the common ones that come before them.
    static func load(_ criterion: inout Criterion, from entry: CriterionEntry, loader: inout RubricLoader.Loader)
        throws
    /// Whether an example scored on its own satisfies it (`rubrics test`).
    static func isSatisfied(by score: CriterionScore) -> Bool
}

extension CriterionRules {
    static var defaultThreshold: Double { 0.4 }
    static var defaultCreditPower: Double { 1 }
    static var shownByMeets: Bool { true }
    /// Found at all (a phrase or the head), as an example that shows evidence must be.
    static func isSatisfied(by score: CriterionScore) -> Bool { !score.findings.isEmpty }
}

/// A criterion's YAML as the loader hands it to its kind.
struct CriterionEntry {
    let node: Node
    let fields: [String: Node]
    /// "criterion `id`", for messages.
    let what: String
    let lexicons: [String: [[PhraseToken]]]
    let lexiconWords: [String: [String]]
    /// YAML `negation`: whether a negator before a phrase undoes it.
    let negation: Bool

    /// The matcher of the phrase list under `key`.
    func matcher(_ node: Node, key: String, loader: inout RubricLoader.Loader) throws -> PhraseMatcher {
        try loader.matcher(node, key: key, lexicons: lexicons, negation: negation)
    }
}

/// The criteria that read sentences one by one (`SentenceCriteria.swift` walks them): their phrases, and how what
/// they found becomes a score.
protocol SentenceRules: CriterionRules {
    /// Whether what it finds costs points (a thing to avoid) rather than earning them; it then reads every
    /// sentence (a thing to avoid costs wherever it stands), not only those that may earn.
    static var findsPenalties: Bool { get }
    /// The phrase hits in one sentence.
    static func phraseHits(_ criterion: Criterion, in document: TextDocument, sentence: Sentence) -> [Range<Int>]
    /// Whether phrase hits read in context need the model not to rule the sentence out.
    static var gatesPhrasesInContext: Bool { get }
    /// The score (0–1), the line of why, and the advice, from what the sentences found.
    static func verdict(_ tally: SentenceTally, of criterion: Criterion) -> (score: Double, why: String, advice: String)
}

extension SentenceRules {
    static var findsPenalties: Bool { false }
    static var gatesPhrasesInContext: Bool { false }
    static func phraseHits(_ criterion: Criterion, in document: TextDocument, sentence: Sentence) -> [Range<Int>] {
        criterion.matchers[0].matches(in: document, sentence: sentence).hits
    }
}

/// What a sentence criterion found in a draft, counted: every finding counts, kept or not.
struct SentenceTally {
    /// The sentences that showed it.
    var counted: [Int] = []
    /// What they earned: a sentence with a phrase 1, one found by meaning its credit.
    var earned = 0.0
    /// Findings, those found by meaning, and of those the faint ones.
    var total = 0
    var meaningCount = 0
    var faintCount = 0
    /// What the findings cost (before the criterion's penalty).
    var cost = 0.0
    /// The findings kept.
    var findings: [Finding] = []

    /// " (2 by meaning, 1 faint)", or nothing when all were phrases.
    var byMeaning: String {
        meaningCount == 0 ? "" : " (\(meaningCount) by meaning\(faintCount == 0 ? "" : ", \(faintCount) faint"))"
    }
}

/// The kinds of criterion (YAML `kind`); adding one is its file in `Criteria/`, a case here and its line in `rules`.
public enum CriterionKind: String, Sendable, CaseIterable {
    /// Earns credit for each sentence holding one of the phrases.
    case evidence
    /// Loses credit for each phrase found (ultimatums, blame…).
    case avoid
    /// A measurement: perspective, quantified impact, readability grade, length.
    case metric
    /// Earns credit for each sentence holding a phrase from every group (a person + a date).
    case cooccurrence
}

extension CriterionKind {
    /// The type that says what this kind is.
    var rules: any CriterionRules.Type {
        switch self {
        case .evidence: Evidence.self
        case .avoid: Avoid.self
        case .cooccurrence: Cooccurrence.self
        case .metric: MetricCriterion.self
        }
    }

    /// Its rules when it reads sentences; nil for a metric.
    var sentenceRules: (any SentenceRules.Type)? { rules as? any SentenceRules.Type }
}
