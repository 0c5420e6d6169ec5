import Foundation
import SentenceVectors

/// Scores a text against rubrics. Pure: a string and rubrics in, a `ScoreCard` out.
///
/// The pipeline, stage by stage (`README.md` beside this file says where each lives):
/// 1. document: the text as words and sentences, and its readability (`Draft`);
/// 2. sentence readings: what each sentence shows to the heads, and whether it may earn (`SentenceFacts`);
/// 3. criteria: each rubric's criteria scored on the draft, with the red lines they cross (`RubricFindings`);
/// 4. aggregation: criteria into rubric scores, rubrics into the overall and its band (`Aggregate`);
/// 5. fixes: the criteria whose full marks would raise the overall most (`Fixes`);
/// 6. questions: the boss's questions of the draft's situation, answered or not (`QuestionBook`).
/// Each stage takes the values of the ones before and returns its own.
public enum Scorer {
    /// The longest draft (bytes) whose situation and boss's questions are read.
    public static let questionsLimit = 100_000

    /// The findings a criterion keeps of each kind (clear, faint), and the red lines a card keeps: past them they
    /// are counted (`CriterionScore.moreFindings`), not kept, so a draft of a million hits stays bounded in memory.
    /// The score counts every one. (The question book's reading, of drafts up to 100 KB, keeps all.)
    public static let findingLimit = 100

    /// Stages 1–5, without the question book: the rubrics keep their own weights.
    public static func score(_ text: String, rubrics: [Rubric]) -> ScoreCard {
        let draft = Draft(text)
        let facts = SentenceFacts(draft.document, criteria: keyedCriteria(rubrics))
        return card(draft, rubrics: rubrics, facts: facts, situation: nil)
    }

    /// Scores `text` on `rubrics`, and with the same sentence vectors reads the question book: the situation the
    /// draft reads as (unless `situation` is given) and which of its questions the draft answers.
    public static func score(_ text: String, rubrics: [Rubric], questions book: QuestionBook, situation: String? = nil)
        -> ScoreCard
    {
        // A pitch is a page: past this the questions are not read (the rubrics still are), which keeps a long text
        // fast.
        guard text.utf8.count <= questionsLimit else {
            var card = score(text, rubrics: rubrics)
            card.situation = situation
            return card
        }
        let draft = Draft(text)
        let facts = SentenceFacts(draft.document, criteria: keyedCriteria(rubrics + book.rubrics))
        let bookReading = read(book, in: draft, facts: facts)
        // The rubrics weigh in the situation given or read; the questions default to a lateral move's.
        let read = situation ?? facts.situation ?? book.situation(in: bookReading)
        var card = card(draft, rubrics: rubrics, facts: facts, situation: read)
        let chosen = read ?? "lateral"
        card.situation = chosen
        card.questions = book.questions(for: chosen, in: bookReading, card: card.rubrics)
        return card
    }

    /// Every criterion by a key unique in one scoring (`rubric/criterion`): what `SentenceFacts` reads heads by.
    static func keyedCriteria(_ rubrics: [Rubric]) -> [(key: String, criterion: Criterion)] {
        rubrics.flatMap { rubric in rubric.criteria.map { (rubric.id + "/" + $0.id, $0) } }
    }

    /// Stages 3–5: the rubrics' criteria, aggregated (weighed in `situation`), and the fixes.
    static func card(_ draft: Draft, rubrics: [Rubric], facts: SentenceFacts, situation: String?) -> ScoreCard {
        let found = rubrics.map { RubricFindings(of: $0, in: draft, facts: facts, situation: situation) }
        let scores = found.map { Aggregate.rubric($0, situation: situation) }
        let redLines = found.flatMap(\.redLines)
        let overall = Aggregate.overall(scores, redLines: redLines)
        var card = ScoreCard(
            overall: overall.score, band: overall.band, rubrics: scores, readability: draft.readability,
            fixes: Fixes.top(scores, redLines: redLines),
            rubricFingerprint: fnv1a(rubrics.map { $0.id + ":" + $0.fingerprint }.joined(separator: ",")))
        card.redLines = redLines
        card.situation = situation
        card.sentenceReading = facts.contextual == nil ? .table : .contextual
        return card
    }

    /// The question book's sentence criteria on the draft, for stage 6 and the situation: scored as a rubric's are,
    /// but they count for nothing in the card, and their faint readings are never shown.
    static func read(_ book: QuestionBook, in draft: Draft, facts: SentenceFacts) -> [RubricScore] {
        book.rubrics.map { rubric in
            let criteria = rubric.criteria.filter(\.readsSentences).map {
                scoreSentences($0, key: rubric.id + "/" + $0.id, in: draft.document, facts: facts, explained: false)
                    .score
            }
            return RubricScore(id: rubric.id, name: rubric.name, score: 0, weight: 0, level: nil, criteria: criteria)
        }
    }

    /// One criterion on its own (the rubric self-test scores each example this way), of the rubric `rubric` (whose
    /// whole-text reading a `text-reading` metric reads).
    static func scoreCriterion(
        _ criterion: Criterion, of rubric: String? = nil, in document: TextDocument, readability: Readability
    ) -> CriterionScore {
        guard criterion.readsSentences else {
            let facts = criterion.metric?.rawValue == TextReading.name ? SentenceFacts(document, criteria: []) : nil
            return scoreMetric(
                criterion, in: document, readability: readability, evidence: nil,
                textReading: facts?.contextual?.textReadings[rubric ?? ""], askSentences: facts?.askSentences ?? [])
        }
        let facts = SentenceFacts(document, criteria: [(criterion.id, criterion)])
        return scoreSentences(criterion, key: criterion.id, in: document, facts: facts).score
    }
}

/// Stage 1: the draft as every later stage reads it.
struct Draft {
    let document: TextDocument
    let readability: Readability

    init(_ text: String) {
        document = TextDocument(text)
        readability = ReadabilityMeter.measure(text)
    }
}

/// Stage 3: what one rubric's criteria found in a draft, before aggregation.
struct RubricFindings {
    let rubric: Rubric
    /// In the rubric's order.
    let criteria: [CriterionScore]
    /// The findings that make the draft "do not send", in the order of the criteria.
    let redLines: [RedLine]

    /// Sentence criteria first: the figures that count as impact (a metric) are those in sentences that earned
    /// evidence in the same rubric.
    init(of rubric: Rubric, in draft: Draft, facts: SentenceFacts, situation: String? = nil) {
        var criteria: [CriterionScore?] = Array(repeating: nil, count: rubric.criteria.count)
        var evidence: [String: Set<Int>] = [:]
        var redLines: [RedLine] = []
        for (k, criterion) in rubric.criteria.enumerated() where criterion.readsSentences {
            let reading = Scorer.scoreSentences(
                criterion, key: rubric.id + "/" + criterion.id, in: draft.document, facts: facts, situation: situation)
            criteria[k] = reading.score
            if criterion.kind.sentenceRules?.findsPenalties == false {
                evidence[criterion.id, default: []].formUnion(reading.clearSentences)
            }
            redLines += reading.redLines.map {
                RedLine(rubric: rubric.id, criterion: criterion.id, criterionName: criterion.name, finding: $0)
            }
        }
        for (k, criterion) in rubric.criteria.enumerated() where !criterion.readsSentences {
            criteria[k] = Scorer.scoreMetric(
                criterion, in: draft.document, readability: draft.readability, evidence: evidence,
                textReading: facts.contextual?.textReadings[rubric.id], askSentences: facts.askSentences)
        }
        self.rubric = rubric
        self.criteria = criteria.compactMap { $0 }
        self.redLines = redLines
    }
}
