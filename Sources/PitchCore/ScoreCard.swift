/// The result of scoring one text against a set of rubrics. Pure value; renderers turn it into text/JSON/Markdown.

/// A place in the scored text: 1-based line and column (columns count Characters).
public struct SourceSpan: Codable, Equatable, Hashable, Sendable {
    public var line: Int
    public var column: Int
    /// Length of the matched text in Characters.
    public var length: Int
    public init(line: Int, column: Int, length: Int) {
        self.line = line
        self.column = column
        self.length = length
    }
}

/// One piece of evidence (or one penalty hit) for a criterion, traced to its sentence.
public struct Finding: Equatable, Sendable {
    public var span: SourceSpan
    /// The matched text exactly as written.
    public var text: String
    /// The whole sentence the match sits in, as written (for compiler-style quoting).
    public var sentence: String
    /// Where `sentence` starts, so a renderer can place the caret under `span`.
    public var sentenceStart: SourceSpan
    /// True when this finding costs points (an avoid-criterion hit) rather than earning them.
    public var isPenalty: Bool
    /// How strongly the sentence shows the criterion, 0–1: 1 for a phrase, the head's strength for a sentence
    /// recognised by its meaning.
    public var strength: Double = 1
    /// For a sentence recognised by its meaning: the criterion's example it most resembles.
    public var readsLike: String?
    public var source: FindingSource = .phrase
    /// Found by meaning below `Criterion.faintStrength`: listed in JSON, only counted in the text report.
    public var isFaint = false
    public init(span: SourceSpan, text: String, sentence: String, sentenceStart: SourceSpan, isPenalty: Bool) {
        self.span = span
        self.text = text
        self.sentence = sentence
        self.sentenceStart = sentenceStart
        self.isPenalty = isPenalty
    }
}

/// What found a finding: one of the criterion's phrases, or its sentence-vector head.
public enum FindingSource: String, Sendable { case phrase, meaning }

/// A finding that makes the draft "do not send" whatever else it says.
public struct RedLine: Equatable, Sendable {
    public var rubric: String
    public var criterion: String
    public var criterionName: String
    public var finding: Finding
    public init(rubric: String, criterion: String, criterionName: String, finding: Finding) {
        self.rubric = rubric
        self.criterion = criterion
        self.criterionName = criterionName
        self.finding = finding
    }
}

public struct CriterionScore: Equatable, Sendable {
    public var id: String
    public var name: String
    /// 0...1, higher is always better.
    public var score: Double
    public var weight: Double
    public var findings: [Finding]
    /// Advice for this text: what to add or remove to raise the score.
    public var advice: String
    /// Optional sentence template ("Priya has … and is ready to lead the team from …").
    public var template: String?
    /// One line of why the score is what it is ("2 of 3 expected phrases", "I/me 14 vs you/team 3").
    public var explanation: String
    /// Findings past `Scorer.findingLimit`: counted in the score, not kept.
    public var moreFindings = 0
    /// A thing to avoid (its score is 1 minus what its sentences cost): `Aggregation.meanTimesAvoided` multiplies.
    public var avoids = false
    /// A measurement the draft could not be given (a whole-text reading, past the encoder's 100 KB): it weighs
    /// nothing, whatever the rubric says.
    public var unread = false
    public init(
        id: String, name: String, score: Double, weight: Double, findings: [Finding],
        advice: String, template: String? = nil, explanation: String = ""
    ) {
        self.id = id
        self.name = name
        self.score = score
        self.weight = weight
        self.findings = findings
        self.advice = advice
        self.template = template
        self.explanation = explanation
    }
}

public enum RiskLevel: String, Codable, Sendable { case low, medium, high }

public enum Band: String, Codable, Sendable {
    case ready = "ready"
    case close = "close"
    case needsWork = "needs work"
    /// The relationship at risk: a rubric of things to avoid reads `high` (bridge risk), whatever the other rubrics
    /// earn. A mentor would not send a bitter draft because its case is strong; the tone comes first.
    case risky = "risky"
    /// A threat to leave, an insult or going over the boss's head: never from a score alone (`ScoreCard.redLines`).
    case doNotSend = "do not send"
}

public struct RubricScore: Equatable, Sendable {
    public var id: String
    public var name: String
    /// 0...100 from its criteria, by `aggregation`.
    public var score: Double
    public var weight: Double
    /// Set for rubrics that declare risk levels (bridge-risk).
    public var level: RiskLevel?
    public var criteria: [CriterionScore]
    /// How its criteria became its score (the fixes' gains use the same).
    public var aggregation: Aggregation = .weightedMean
    public init(id: String, name: String, score: Double, weight: Double, level: RiskLevel?, criteria: [CriterionScore])
    {
        self.id = id
        self.name = name
        self.score = score
        self.weight = weight
        self.level = level
        self.criteria = criteria
    }
}

/// One of the top fixes: the criterion whose improvement raises the overall score most.
public struct Fix: Equatable, Sendable {
    public var rubric: String
    public var criterion: String
    public var criterionName: String
    /// Overall points gained if this criterion reached 1.0.
    public var gain: Double
    public var advice: String
    public var template: String?
    public init(
        rubric: String, criterion: String, criterionName: String, gain: Double, advice: String, template: String?
    ) {
        self.rubric = rubric
        self.criterion = criterion
        self.criterionName = criterionName
        self.gain = gain
        self.advice = advice
        self.template = template
    }
}

extension Fix {
    /// What the fix is worth in overall points, as the reports print it: "+7", or "+<1" for a gain that rounds to
    /// nothing.
    public var gainText: String { gain.rounded() >= 1 ? "+\(Int(gain.rounded()))" : "+<1" }
}

extension ScoreCard {
    /// A fix that takes out a red line is not worth points (the cap holds until every red line is gone, and one of
    /// several things to avoid gains nothing alone): the reports say it is a red line instead of "+0".
    public func isRedLine(_ fix: Fix) -> Bool {
        redLines.contains { $0.rubric == fix.rubric && $0.criterion == fix.criterion }
    }
}

public struct Readability: Equatable, Sendable, Codable {
    public var words: Int
    public var sentences: Int
    public var syllables: Int
    public var fleschReadingEase: Double
    public var fleschKincaidGrade: Double
    public init(words: Int, sentences: Int, syllables: Int, fleschReadingEase: Double, fleschKincaidGrade: Double) {
        self.words = words
        self.sentences = sentences
        self.syllables = syllables
        self.fleschReadingEase = fleschReadingEase
        self.fleschKincaidGrade = fleschKincaidGrade
    }
}

public struct ScoreCard: Equatable, Sendable {
    /// 0...100 weighted mean of the rubric scores.
    public var overall: Double
    public var band: Band
    public var rubrics: [RubricScore]
    public var readability: Readability
    /// At most three, biggest gain first.
    public var fixes: [Fix]
    /// Identifies the rubric set the card was made with (ids, versions, file contents).
    public var rubricFingerprint: String
    /// What makes the draft "do not send"; empty for a draft that may go.
    public var redLines: [RedLine] = []
    /// The situation the draft reads as (`lateral`, `step-down`, …) or was given, and the questions the boss will ask
    /// in it, answered by the draft or not (`QuestionBook`); nil and empty when no question book was read.
    public var situation: String?
    public var questions: [BossQuestion] = []
    /// How the sentences were read: by the fine-tuned contextual encoder (a draft up to 100 KB) or by the static
    /// table (longer texts).
    public var sentenceReading: SentenceReading = .table
    public init(
        overall: Double, band: Band, rubrics: [RubricScore], readability: Readability, fixes: [Fix],
        rubricFingerprint: String
    ) {
        self.overall = overall
        self.band = band
        self.rubrics = rubrics
        self.readability = readability
        self.fixes = fixes
        self.rubricFingerprint = rubricFingerprint
    }
}

/// What a saved version keeps of its score card: small, stable, Codable (stored as JSON).
public struct ScoreSnapshot: Codable, Equatable, Sendable {
    public var overall: Double
    /// rubric id → 0...100
    public var rubrics: [String: Double]
    /// "rubric-id/criterion-id" → 0...1
    public var criteria: [String: Double]
    public var rubricFingerprint: String
    /// The card's band as scored (`risky` and `do not send` are not read from the overall alone); nil in versions
    /// saved before it was kept, whose band is read from the overall.
    public var band: Band?
    public init(
        overall: Double, rubrics: [String: Double], criteria: [String: Double], rubricFingerprint: String,
        band: Band? = nil
    ) {
        self.overall = overall
        self.rubrics = rubrics
        self.criteria = criteria
        self.rubricFingerprint = rubricFingerprint
        self.band = band
    }
    public init(_ card: ScoreCard) {
        var rubrics: [String: Double] = [:]
        var criteria: [String: Double] = [:]
        for rubric in card.rubrics {
            rubrics[rubric.id] = rubric.score
            for criterion in rubric.criteria { criteria["\(rubric.id)/\(criterion.id)"] = criterion.score }
        }
        self.init(
            overall: card.overall, rubrics: rubrics, criteria: criteria, rubricFingerprint: card.rubricFingerprint,
            band: card.band)
    }
}

/// Which sentence layer read a draft (the report and the JSON say it).
public enum SentenceReading: String, Sendable, Equatable {
    /// The fine-tuned all-MiniLM-L6-v2 encoder, each sentence in its own context.
    case contextual
    /// The static table: the mean of the sentence's word-piece vectors (texts over 100 KB).
    case table
}
