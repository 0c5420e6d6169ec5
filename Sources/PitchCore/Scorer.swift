import Foundation
import SentenceVectors

/// Scores a text against rubrics. Pure: a string and rubrics in, a `ScoreCard` out.
public enum Scorer {
    static let unitWords: Set<String> = [
        "percent", "per", "%", "hours", "hour", "days", "day", "weeks", "week", "months", "month",
        "years", "year", "people", "dollars", "euros", "pounds", "k", "projects", "clients", "customers", "releases",
        "times", "deals",
    ]

    public static func score(_ text: String, rubrics: [Rubric]) -> ScoreCard {
        var steps = 0
        return score(text, rubrics: rubrics, steps: &steps)
    }

    /// The number of trie steps matching took: linear in the text, whatever the rubric (tests assert this).
    public static func matchingSteps(_ text: String, rubrics: [Rubric]) -> Int {
        var steps = 0
        _ = score(text, rubrics: rubrics, steps: &steps)
        return steps
    }

    /// Caps of a draft that crosses a red line (`ScoreCard.redLines`): the overall score, and the rubric that
    /// holds the criterion, below its "medium" level so that it reads as high risk.
    static let redLineOverallCap = 40.0
    /// The longest draft (bytes) whose situation and boss's questions are read.
    public static let questionsLimit = 100_000

    /// Scores `text` on `rubrics`, and with the same sentence vectors reads the question book: the situation the
    /// draft reads as (unless `situation` is given) and which of its questions the draft answers.
    public static func score(_ text: String, rubrics: [Rubric], questions book: QuestionBook, situation: String? = nil)
        -> ScoreCard
    {
        var steps = 0
        // A pitch is a page: past this the questions are not read (the rubrics still are), which keeps a long text fast.
        guard text.utf8.count <= questionsLimit else {
            var card = score(text, rubrics: rubrics, steps: &steps)
            card.situation = situation
            return card
        }
        var extra: [RubricScore] = []
        var card = score(
            text, rubrics: rubrics, reading: book.rubrics, extra: &extra, steps: &steps,
            situation: situation.map { .given($0) } ?? .read(book))
        let chosen = card.situation ?? "lateral"
        card.situation = chosen
        card.questions = book.questions(for: chosen, in: extra, card: card.rubrics)
        return card
    }

    static func score(_ text: String, rubrics: [Rubric], steps: inout Int) -> ScoreCard {
        var extra: [RubricScore] = []
        return score(text, rubrics: rubrics, reading: [], extra: &extra, steps: &steps)
    }

    /// Where the situation of a draft comes from: none (a rubric keeps its own weight), the user, or the draft
    /// itself (the situation head over the contextual vectors; the question book's examples without them).
    enum SituationSource {
        case none
        case given(String)
        case read(QuestionBook)
    }

    /// `reading`: rubrics whose sentence criteria are scored too (into `extra`) but count for nothing in the card.
    static func score(
        _ text: String, rubrics: [Rubric], reading: [Rubric], extra: inout [RubricScore], steps: inout Int,
        situation source: SituationSource = .none
    ) -> ScoreCard {
        let document = TextDocument(text)
        let readability = ReadabilityMeter.measure(text)
        let facts = SentenceFacts(
            document,
            criteria: (rubrics + reading).flatMap { rubric in rubric.criteria.map { (rubric.id + "/" + $0.id, $0) } })
        extra = reading.map { rubric in
            let criteria = rubric.criteria.filter(\.readsSentences).map {
                scoreSentences(
                    $0, key: rubric.id + "/" + $0.id, in: document, facts: facts, steps: &steps, explained: false
                ).score
            }
            return RubricScore(id: rubric.id, name: rubric.name, score: 0, weight: 0, level: nil, criteria: criteria)
        }
        let situation: String?
        switch source {
        case .none: situation = nil
        case .given(let given): situation = given
        case .read(let book):
            situation = facts.situation ?? book.situation(in: extra)
        }
        var rubricScores: [RubricScore] = []
        var redLines: [RedLine] = []
        for rubric in rubrics {
            // Sentence criteria first: the figures that count as impact are those in sentences that earned evidence.
            var criteria: [CriterionScore?] = Array(repeating: nil, count: rubric.criteria.count)
            var evidenceSentences: Set<Int> = []
            for (k, criterion) in rubric.criteria.enumerated() where criterion.kind != .metric {
                let (result, earning, crossed) = scoreSentences(
                    criterion, key: rubric.id + "/" + criterion.id, in: document,
                    facts: facts, steps: &steps)
                criteria[k] = result
                criteria[k]?.avoids = criterion.kind == .avoid
                if criterion.kind != .avoid { evidenceSentences.formUnion(earning) }
                redLines += crossed.map {
                    RedLine(rubric: rubric.id, criterion: criterion.id, criterionName: criterion.name, finding: $0)
                }
            }
            for (k, criterion) in rubric.criteria.enumerated() where criterion.kind == .metric {
                criteria[k] = scoreMetric(
                    criterion, in: document, readability: readability, evidenceSentences: evidenceSentences)
            }
            let scored = criteria.compactMap { $0 }
            var value = rubric.aggregation.score(scored)
            if redLines.contains(where: { $0.rubric == rubric.id }), let medium = rubric.levels?.medium {
                value = min(value, medium - 1)
            }
            var rubricScore = RubricScore(
                id: rubric.id, name: rubric.name, score: value, weight: rubric.weight(in: situation),
                level: rubric.level(for: value), criteria: scored)
            rubricScore.aggregation = rubric.aggregation
            rubricScores.append(rubricScore)
        }
        var overall = Aggregate.overall(rubricScores)
        if !redLines.isEmpty { overall = min(overall, redLineOverallCap) }
        var card = ScoreCard(
            overall: overall, band: redLines.isEmpty ? Band(score: overall) : .doNotSend,
            rubrics: rubricScores, readability: readability,
            fixes: fixes(rubricScores, redLines: redLines),
            rubricFingerprint: fnv1a(rubrics.map { $0.id + ":" + $0.fingerprint }.joined(separator: ",")))
        card.redLines = redLines
        card.situation = situation
        card.sentenceReading = facts.contextual == nil ? .table : .contextual
        return card
    }

    /// The criteria whose reaching full marks would raise the overall score most.
    static func fixes(_ rubrics: [RubricScore], redLines: [RedLine] = []) -> [Fix] {
        var all: [Fix] = []
        for rubric in rubrics {
            for (k, criterion) in rubric.criteria.enumerated() where criterion.score < 0.999 {
                let gain = Aggregate.gain(fixing: k, of: rubric, among: rubrics)
                all.append(
                    Fix(
                        rubric: rubric.id, criterion: criterion.id, criterionName: criterion.name, gain: gain,
                        advice: criterion.advice, template: criterion.template))
            }
        }
        // A red line comes first whatever it is worth in points: the draft must not go out with it.
        let crossed = Set(redLines.map { $0.rubric + "/" + $0.criterion })
        let ranked = all.filter { $0.gain >= 0.5 || crossed.contains($0.rubric + "/" + $0.criterion) }.sorted {
            let a = crossed.contains($0.rubric + "/" + $0.criterion)
            let b = crossed.contains($1.rubric + "/" + $1.criterion)
            return a != b ? a : $0.gain > $1.gain
        }
        // At most two notes on one rubric, as a mentor gives them: the third note goes to another concern (a draft
        // that names nobody and offers the boss nothing hears about both), unless nothing else is worth fixing.
        var chosen: [Fix] = []
        for fix in ranked where chosen.count < 3 {
            let sameRubric = chosen.filter { $0.rubric == fix.rubric }.count
            if sameRubric < 2 || crossed.contains(fix.rubric + "/" + fix.criterion) { chosen.append(fix) }
        }
        for fix in ranked where chosen.count < 3 && !chosen.contains(where: { $0.criterion == fix.criterion }) {
            chosen.append(fix)
        }
        return chosen.sorted { a, b in
            let x = crossed.contains(a.rubric + "/" + a.criterion)
            let y = crossed.contains(b.rubric + "/" + b.criterion)
            return x != y ? x : a.gain > b.gain
        }
    }

    /// One criterion on its own (the rubric self-test scores each example this way).
    static func scoreCriterion(_ criterion: Criterion, in document: TextDocument, readability: Readability)
        -> CriterionScore
    {
        var steps = 0
        guard criterion.kind != .metric else {
            return scoreMetric(criterion, in: document, readability: readability, evidenceSentences: nil)
        }
        let facts = SentenceFacts(document, criteria: [(criterion.id, criterion)])
        return scoreSentences(criterion, key: criterion.id, in: document, facts: facts, steps: &steps).score
    }

    /// In context, a phrase counts in a sentence the model reads at least this share of the threshold.
    static let phraseGate = 0.5
    /// The table's heads are trained with the two classes weighted alike: 0.5 is their even point.
    static let tableRedLine = 0.5

    /// Longest sentence quoted whole in a finding.
    static let quoteLimit = 400

    /// Findings after this many in one criterion keep their span and text but not a quoted sentence.
    static let quotedFindings = 20

    /// The findings a criterion keeps of each kind (clear, faint), and the red lines a card keeps: past them they
    /// are counted (`CriterionScore.moreFindings`), not kept, so a draft of a million hits stays bounded in memory.
    /// The score counts every one. (The question book's reading, of drafts up to 100 KB, keeps all.)
    public static let findingLimit = 100

    static func finding(_ range: Range<Int>, in document: TextDocument, penalty: Bool, quote: Bool = true) -> Finding {
        let first = document.tokens[range.lowerBound]
        let last = document.tokens[range.upperBound - 1]
        let sentence = document.sentences[first.sentence]
        let place = document.position(of: first.start)
        // Quote the sentence, but only a window of it when it is long: a 1 MB "sentence" must not be
        // copied into every finding.
        var start = sentence.start
        var end = sentence.end
        var line = sentence.line
        var column = sentence.column
        if !quote {
            start = first.start
            end = first.start
            line = place.line
            column = place.column
        } else if end - start > quoteLimit {
            start = max(sentence.start, first.start - quoteLimit / 2)
            end = min(sentence.end, max(min(last.end, first.start + quoteLimit), first.start + quoteLimit / 2))
            // Stay on the span's line: the window starts after the last line break before the span.
            var k = first.start - 1
            while k >= start, document.codes[k] != 10 { k -= 1 }
            if k >= start { start = k + 1 }
            var e = min(last.end, end)
            while e < end, document.codes[e] != 10 { e += 1 }
            end = e
            line = place.line
            column = place.column - (first.start - start)
        }
        // The span's own text is bounded too: a long-sentence finding spans the whole sentence.
        let textEnd = min(last.end, first.start + quoteLimit)
        return Finding(
            span: SourceSpan(line: place.line, column: place.column, length: last.end - first.start),
            text: document.text(from: first.start, to: textEnd) + (textEnd < last.end ? "…" : ""),
            sentence: document.text(from: start, to: end),
            sentenceStart: SourceSpan(line: line, column: column, length: end - start),
            isPenalty: penalty)
    }

    /// An evidence, cooccurrence or avoid criterion, sentence by sentence. A sentence shows the criterion when one
    /// of its phrases matches (those always count, with negation respected) or when the head's strength reaches the
    /// criterion's threshold. Evidence is earned only by sentences that read as sentences, once per distinct
    /// sentence (`SentenceFacts.earns`); what to avoid costs wherever it stands. Returns the score, the
    /// sentences that earned (or, for avoid, cost) more than faintly, and the findings that cross the criterion's red line:
    /// an explicit phrase in a sentence the head reads the same way, at `redLine` strength ("I am resigning as team lead
    /// so that Bob can take over" holds a phrase of resigning but threatens nothing). The head alone never makes a
    /// red line: it read "I hope this letter finds you well" as a threat once, and "do not send" must be certain.
    /// `explained: false` keeps only the findings that are more than faint, and says nothing they read like (the
    /// question book reads a draft this way: its faint readings are never shown).
    static func scoreSentences(
        _ criterion: Criterion, key: String, in document: TextDocument, facts: SentenceFacts,
        steps: inout Int, explained: Bool = true
    ) -> (score: CriterionScore, sentences: [Int], redLines: [Finding]) {
        var crossed: [Finding] = []
        var findings: [Finding] = []
        // Every finding counts (`total`, `meaningCount`, `faintCount`, `cost`); past the limit they are not kept.
        var total = 0
        var meaningCount = 0
        var faintCount = 0
        var cost = 0.0
        var keptClear = 0
        var keptFaint = 0
        var more = 0
        func keep(_ make: @autoclosure () -> Finding, faint: Bool) {
            if !explained || (faint ? keptFaint : keptClear) < findingLimit {
                findings.append(make())
                if faint { keptFaint += 1 } else { keptClear += 1 }
            } else {
                more += 1
            }
        }
        var counted: [Int] = []
        var clear: [Int] = [] // sentences that count more than faintly: where a figure can be a result
        var earned = 0.0 // evidence: a sentence with a phrase earns 1, one found by meaning its credit
        let penalty = criterion.kind == .avoid
        var resemblance = Resemblance(criterion: criterion, encoder: facts.encoder)
        let firstSentences = criterion.withinFirst.map { Set(facts.leading($0)) }
        for (k, sentence) in document.sentences.enumerated() {
            guard penalty || facts.earns[k] else { continue }
            if let firstSentences, !firstSentences.contains(k) { continue }
            var hits: [Range<Int>]
            if criterion.kind == .cooccurrence {
                let groups = criterion.matchers.map { $0.matches(in: document, sentence: sentence, steps: &steps) }
                hits =
                    groups.allSatisfy { !$0.isEmpty }
                    ? groups.compactMap(\.first).sorted { $0.lowerBound < $1.lowerBound } : []
            } else {
                hits = criterion.matchers[0].matches(in: document, sentence: sentence, steps: &steps)
            }
            let quote = findings.count < quotedFindings
            // A red-line criterion's phrases count only where the head reads the sentence the same way: "I will
            // leave" threatens in "If this doesn't happen by June, I will leave", not in "I will leave the team in
            // good hands".
            // Two readers may vouch for a red line: the model in context ("I've already talked to the regional
            // director about this") or the table's head, trained on the criterion's examples, at its even point
            // ("I will quit.", which the model, taught on real resignations, reads as no threat).
            if !hits.isEmpty, let redLine = criterion.redLine {
                let model = facts.readsInContext(key) ? facts.strength(key, sentence: k) ?? 0 : 0
                // Without any head, the phrase alone draws the line.
                let table = facts.tableStrength(key, sentence: k) ?? (facts.readsInContext(key) ? 0 : 1)
                if model < redLine && table < Self.tableRedLine { hits = [] }
            }
            // Read in context, a co-occurrence's loose phrase groups count where the model does not rule the sentence
            // out: "start" and "days" are a timeline in "I can start on 1 May", not in "I'd like to move onto days".
            if !hits.isEmpty, criterion.kind == .cooccurrence, facts.readsInContext(key),
                let strength = facts.strength(key, sentence: k), strength < criterion.threshold * Self.phraseGate
            {
                hits = []
            }
            if !hits.isEmpty {
                counted.append(k)
                clear.append(k)
                earned += 1
                for hit in hits {
                    total += 1
                    cost += criterion.credit(1)
                    keep(finding(hit, in: document, penalty: penalty, quote: quote), faint: false)
                }
                if criterion.redLine != nil, crossed.count < findingLimit, let first = hits.first {
                    crossed.append(finding(first, in: document, penalty: penalty, quote: quote))
                }
            } else if let strength = facts.strength(key, sentence: k), facts.readable[k] {
                guard strength >= (explained ? criterion.threshold : criterion.faintStrength),
                    criterion.unless?.matches(in: document, sentence: sentence, steps: &steps).isEmpty ?? true
                else { continue }
                counted.append(k)
                let faint = strength < criterion.faintStrength
                if !faint { clear.append(k) }
                earned += criterion.credit(strength)
                total += 1
                meaningCount += 1
                faintCount += faint ? 1 : 0
                cost += criterion.credit(strength)
                keep(
                    {
                        var found = finding(sentence.tokens, in: document, penalty: penalty, quote: quote)
                        found.strength = strength
                        found.source = .meaning
                        found.isFaint = faint
                        // What it reads like is said of the findings a report shows: quoted, and more than faint.
                        found.readsLike =
                            explained && quote && !faint ? resemblance.closest(to: facts.vector(sentence: k)) : nil
                        return found
                    }(), faint: faint)
            }
        }
        var score: Double
        var explanation: String
        var advice = criterion.advice
        let byMeaning =
            meaningCount == 0 ? "" : " (\(meaningCount) by meaning\(faintCount == 0 ? "" : ", \(faintCount) faint"))"
        if penalty {
            cost *= criterion.penalty
            score = max(0, 1 - cost)
            if findings.isEmpty {
                explanation = "nothing to avoid found"
            } else if faintCount == total {
                explanation =
                    "nothing clear to avoid (\(faintCount) faint reading\(faintCount == 1 ? "" : "s") costing "
                    + "\(String(format: "%.2f", min(1, cost))))"
            } else {
                explanation =
                    "\(total) hit\(total == 1 ? "" : "s")\(byMeaning) costing \(String(format: "%.2f", min(1, cost)))"
                    + " (a phrase costs \(formatted(criterion.penalty)))"
            }
            if let first = findings.first(where: { !$0.isFaint }) {
                let quoted = first.source == .phrase ? first.text : first.sentence
                advice +=
                    " Start with line \(first.span.line): “\(quoted)”"
                    + (quoted.last.map { ".!?".contains($0) } == true ? "" : ".")
            }
        } else {
            score = min(1, earned / criterion.target)
            let place = criterion.withinFirst.map { " in the first \($0) sentence\($0 == 1 ? "" : "s")" } ?? ""
            explanation =
                "\(counted.count) sentence\(counted.count == 1 ? "" : "s") with this evidence\(place)\(byMeaning) "
                + "worth \(String(format: "%.1f", earned)) of the \(formatted(criterion.target)) for full credit"
        }
        var result = CriterionScore(
            id: criterion.id, name: criterion.name, score: min(1, max(0, score)), weight: criterion.weight,
            findings: findings, advice: advice, template: criterion.template, explanation: explanation)
        result.moreFindings = more
        return (result, clear, crossed)
    }

    static func scoreMetric(
        _ criterion: Criterion, in document: TextDocument, readability: Readability,
        evidenceSentences: Set<Int>?
    ) -> CriterionScore {
        let (score, findings, explanation) = metric(
            criterion, document: document, readability: readability,
            evidenceSentences: evidenceSentences)
        var result = CriterionScore(
            id: criterion.id, name: criterion.name, score: min(1, max(0, score)), weight: criterion.weight,
            findings: findings.kept, advice: criterion.advice, template: criterion.template,
            explanation: explanation)
        result.moreFindings = findings.more
        return result
    }

    static func band(_ value: Double, low: Double, high: Double) -> Double {
        if value < low { return max(0, 1 - (low - value) / max(1, low / 2)) }
        if value > high { return max(0, 1 - (value - high) / max(1, high / 2)) }
        return 1
    }

    /// A whole-text measurement. Figures count as impact only inside `evidenceSentences` (sentences that earned
    /// evidence in the same rubric: a figure about a result, not tenure or rent) and never as a date or a year;
    /// nil counts every figure (an example scored on its own).
    static func metric(
        _ criterion: Criterion, document: TextDocument, readability: Readability,
        evidenceSentences: Set<Int>?
    ) -> (Double, (kept: [Finding], more: Int), String) {
        switch criterion.metric {
        case .perspective:
            // "you" counts half: it is as often the start of an accusation as of the boss's view.
            var other: [Int] = []
            var weightedOther = 0.0
            var mine = 0
            for (i, token) in document.tokens.enumerated() {
                switch token.focus {
                case .them:
                    other.append(i)
                    weightedOther += 1
                case .you:
                    other.append(i)
                    weightedOther += 0.5
                case .me: mine += 1
                case .none: break
                }
            }
            let total = weightedOther + Double(mine)
            guard total > 0 else { return (0.5, ([], 0), "no you/team/organisation or I/me/my words") }
            let ratio = weightedOther / total
            let score = (ratio - criterion.low) / (criterion.high - criterion.low)
            let findings = other.prefix(8).map { finding($0..<($0 + 1), in: document, penalty: false) }
            return (
                score, (findings, 0),
                "you/team/organisation words \(other.count) vs I/me/my \(mine) (\(Int((ratio * 100).rounded()))% about them)"
            )
        case .quantifiedImpact:
            var hits: [Range<Int>] = []
            let tokens = document.tokens
            var i = 0
            while i < tokens.count {
                let token = tokens[i]
                // A number word ("six") counts only with a unit after it ("six months"); digits always count.
                guard token.classes & TokenClass.number.bit != 0, evidenceSentences?.contains(token.sentence) ?? true,
                    !isDate(i, in: tokens)
                else {
                    i += 1
                    continue
                }
                let unitFollows =
                    i + 1 < tokens.count && tokens[i + 1].sentence == token.sentence
                    && unitWords.contains(tokens[i + 1].norm)
                if token.hasDigit || unitFollows {
                    let end = unitFollows ? i + 2 : i + 1
                    hits.append(i..<end)
                    i = end
                } else {
                    i += 1
                }
            }
            let findings = hits.prefix(findingLimit).enumerated().map {
                finding($1, in: document, penalty: false, quote: $0 < quotedFindings)
            }
            return (
                min(1, Double(hits.count) / criterion.target), (findings, hits.count - findings.count),
                "\(hits.count) figure\(hits.count == 1 ? "" : "s") in sentences about results (full credit at \(formatted(criterion.target)))"
            )
        case .readability:
            let grade = readability.fleschKincaidGrade
            return (
                band(grade, low: criterion.low, high: criterion.high), ([], 0),
                String(
                    format: "Flesch–Kincaid grade %.1f (aim for %@–%@)", grade, formatted(criterion.low),
                    formatted(criterion.high))
            )
        case .length:
            let words = Double(readability.words)
            let score =
                words < criterion.low ? words / criterion.low : (words > criterion.high ? criterion.high / words : 1)
            return (
                score, ([], 0),
                "\(readability.words) words (aim for \(formatted(criterion.low))–\(formatted(criterion.high)))"
            )
        case .longSentences:
            let long = document.sentences.filter { $0.tokens.count > Int(criterion.high) }
            let findings = long.prefix(findingLimit).enumerated().map { k, sentence in
                finding(sentence.tokens, in: document, penalty: true, quote: k < quotedFindings)
            }
            return (
                max(0, 1 - 0.25 * Double(long.count)), (findings, long.count - findings.count),
                long.isEmpty
                    ? "no sentence over \(formatted(criterion.high)) words"
                    : "\(long.count) sentence\(long.count == 1 ? "" : "s") over \(formatted(criterion.high)) words (−0.25 each)"
            )
        case nil:
            return (0, ([], 0), "")
        }
    }

    static func formatted(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.2g", value)
    }

    static let months: Set<String> = [
        "january", "february", "march", "april", "may", "june", "july", "august", "september",
        "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
        "dec",
    ]

    /// A year (1990–2100) or a day of a month ("1 March", "March 1st"): when, not how much.
    static func isDate(_ i: Int, in tokens: [Token]) -> Bool {
        let token = tokens[i]
        if token.hasDigit, token.norm.count == 4, let year = Int(token.norm), (1990...2100).contains(year) {
            return true
        }
        guard token.hasDigit else { return false }
        let near = [i - 1, i + 1].filter { $0 >= 0 && $0 < tokens.count && tokens[$0].sentence == token.sentence }
        return near.contains { months.contains(tokens[$0].norm) }
    }
}
