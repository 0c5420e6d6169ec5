import Foundation
import SentenceVectors

/// Stage 3 for the criteria that read sentences (evidence, avoid, co-occurrence): each sentence's phrases and its
/// reading by the heads (`SentenceFacts`) become findings, and the findings a score.
extension Scorer {
    /// In context, a phrase counts in a sentence the model reads at least this share of the threshold.
    static let phraseGate = 0.5
    /// The table's heads are trained with the two classes weighted alike: 0.5 is their even point.
    static let tableRedLine = 0.5
    /// The situation in which the writer is leaving and hands the role over (`Rubric` situations).
    static let leavingSituation = "handover"

    /// Longest sentence quoted whole in a finding.
    static let quoteLimit = 400

    /// Findings after this many in one criterion keep their span and text but not a quoted sentence.
    static let quotedFindings = 20

    /// Where advice starts in the draft: " Start with line N: “quoted”." (the stop added when the quote has none).
    static func startWith(_ finding: Finding, quoting quoted: String) -> String {
        " Start with line \(finding.span.line): “\(quoted)”"
            + (quoted.last.map { ".!?".contains($0) } == true ? "" : ".")
    }

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

    /// What one sentence criterion made of a draft.
    struct SentenceCriterionResult {
        var score: CriterionScore
        /// The sentences that earned (or, for avoid, cost) more than faintly: where a figure can be a result.
        var clearSentences: [Int]
        /// The findings that cross the criterion's red line.
        var redLines: [Finding]
    }

    /// An evidence, cooccurrence or avoid criterion, sentence by sentence. A sentence shows the criterion when one
    /// of its phrases matches (those always count, with negation respected) or when the head's strength reaches the
    /// criterion's threshold. Evidence is earned only by sentences that read as sentences, once per distinct
    /// sentence (`SentenceFacts.earns`); what to avoid costs wherever it stands. Returns the score, the
    /// sentences that earned (or, for avoid, cost) more than faintly, and the findings that cross the criterion's
    /// red line: an explicit phrase in a sentence the head reads the same way, at `redLine` strength, or, for an
    /// insult, a sentence any grievance head reads as hostile (`SentenceFacts.readsAsGrievance`) ("I am
    /// resigning as team lead so that Bob can take over" holds a phrase of resigning but threatens nothing). The head
    /// alone never makes a red line: it read "I hope this letter finds you well" as a threat once, and "do not send"
    /// must be certain. `explained: false` keeps only the findings that are more than faint, and says nothing they
    /// read like (the question book reads a draft this way: its faint readings are never shown).
    static func scoreSentences(
        _ criterion: Criterion, key: String, in document: TextDocument, facts: SentenceFacts, explained: Bool = true,
        situation: String? = nil
    ) -> SentenceCriterionResult {
        // Every finding counts (`tally`); past the limit they are not kept.
        var tally = SentenceTally()
        var crossed: [Finding] = []
        var keptClear = 0
        var keptFaint = 0
        var more = 0
        func keep(_ make: @autoclosure () -> Finding, faint: Bool) {
            if !explained || (faint ? keptFaint : keptClear) < findingLimit {
                tally.findings.append(make())
                if faint { keptFaint += 1 } else { keptClear += 1 }
            } else {
                more += 1
            }
        }
        var clear: [Int] = [] // sentences that count more than faintly: where a figure can be a result
        guard let rules = criterion.kind.sentenceRules else { preconditionFailure("\(criterion.id) is a metric") }
        let penalty = rules.findsPenalties
        var resemblance = Resemblance(criterion: criterion, encoder: facts.encoder)
        let firstSentences = criterion.withinFirst.map { Set(facts.leading($0)) }
        // "The ask comes first": a leading sentence stands for the ask only as clearly as it reads beside the clearest
        // one after it, so a sentence that hints at a request ("Informatics has been asking for someone who knows
        // the system") does not pass for the ask the draft makes at its end.
        let clearestLater =
            firstSentences.map { first in
                document.sentences.indices.filter { !first.contains($0) && facts.readable[$0] }
                    .compactMap { facts.strength(key, sentence: $0) }.max() ?? 0
            } ?? 0
        for (k, sentence) in document.sentences.enumerated() {
            guard penalty || facts.earns[k] else { continue }
            if let firstSentences, !firstSentences.contains(k) { continue }
            var hits = rules.phraseHits(criterion, in: document, sentence: sentence)
            let quote = tally.findings.count < quotedFindings
            // A red-line criterion's phrases count only where the head reads the sentence the same way: "I will
            // leave" threatens in "If this doesn't happen by June, I will leave", not in "I will leave the team in
            // good hands".
            // Two readers may vouch for a red line: the model in context ("I've already talked to the regional
            // director about this") or the table's head, trained on the criterion's examples, at its even point
            // ("I will quit.", which the model, taught on real resignations, reads as no threat). The phrase has
            // said it; the model vouches as it does for any phrase read in context (`phraseGate` of the red line).
            // An insult's phrase names the insult; any grievance head may say the sentence is hostile
            // (`readsAsGrievance`): "I find you insipid and pretentious" reads more as a vent than as an insult.
            if !hits.isEmpty, let redLine = criterion.redLine {
                // A sentence that says it is no threat ("I will leave the door open", `unless`) has no reader to vouch.
                let ruledOut = !(criterion.unless?.matches(in: document, sentence: sentence).hits.isEmpty ?? true)
                let model = facts.readsInContext(key) && !ruledOut ? facts.strength(key, sentence: k) ?? 0 : 0
                // Without any head, the phrase alone draws the line. In a draft that hands its role over, the writer
                // is leaving: "I am resigning" is the situation, not a threat, and only the model, taught on real
                // resignations, may say a sentence still threatens; the table reads it out of context.
                let tableVouches = situation != Self.leavingSituation || !facts.readsInContext(key)
                let table =
                    ruledOut || !tableVouches
                    ? 0 : facts.tableStrength(key, sentence: k) ?? (facts.readsInContext(key) ? 0 : 1)
                if model < redLine * Self.phraseGate && table < Self.tableRedLine
                    && (ruledOut || facts.readsAsGrievance(key, sentence: k, share: Self.phraseGate) != true)
                {
                    hits = []
                }
            }
            // Read in context, loose phrases (a co-occurrence's groups) count where the model does not rule the
            // sentence out: "start" and "days" are a timeline in "I can start on 1 May", not in "I'd like to move onto
            // days".
            if !hits.isEmpty, rules.gatesPhrasesInContext, facts.readsInContext(key),
                let strength = facts.strength(key, sentence: k), strength < criterion.threshold * Self.phraseGate
            {
                hits = []
            }
            if !hits.isEmpty {
                tally.counted.append(k)
                clear.append(k)
                tally.earned += 1
                for hit in hits {
                    tally.total += 1
                    tally.cost += criterion.credit(1)
                    keep(finding(hit, in: document, penalty: penalty, quote: quote), faint: false)
                }
                if criterion.redLine != nil, crossed.count < findingLimit, let first = hits.first {
                    crossed.append(finding(first, in: document, penalty: penalty, quote: quote))
                }
            } else if let read = facts.strength(key, sentence: k), facts.readable[k] {
                let strength = clearestLater > read ? read * read / clearestLater : read
                guard strength >= (explained ? criterion.threshold : criterion.faintStrength),
                    criterion.unless?.matches(in: document, sentence: sentence).hits.isEmpty ?? true
                else { continue }
                tally.counted.append(k)
                let faint = strength < criterion.faintStrength
                if !faint { clear.append(k) }
                tally.earned += criterion.credit(strength)
                tally.total += 1
                tally.meaningCount += 1
                tally.faintCount += faint ? 1 : 0
                tally.cost += criterion.credit(strength)
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
        let (score, explanation, advice) = rules.verdict(tally, of: criterion)
        var result = CriterionScore(
            id: criterion.id, name: criterion.name, score: min(1, max(0, score)), weight: criterion.weight,
            findings: tally.findings, advice: advice, template: criterion.template, explanation: explanation)
        result.moreFindings = more
        result.avoids = criterion.kind == .avoid
        return SentenceCriterionResult(score: result, clearSentences: clear, redLines: crossed)
    }
}
