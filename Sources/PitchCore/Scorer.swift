import Foundation

/// Scores a text against rubrics. Pure: a string and rubrics in, a `ScoreCard` out.
public enum Scorer {
    static let unitWords: Set<String> = ["percent", "per", "%", "hours", "hour", "days", "day", "weeks", "week", "months", "month",
        "years", "year", "people", "dollars", "euros", "pounds", "k", "projects", "clients", "customers", "releases", "times", "deals"]

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

    static func score(_ text: String, rubrics: [Rubric], steps: inout Int) -> ScoreCard {
        let document = TextDocument(text)
        let readability = ReadabilityMeter.measure(text)
        var rubricScores: [RubricScore] = []
        for rubric in rubrics {
            let criteria = rubric.criteria.map { scoreCriterion($0, in: document, readability: readability, steps: &steps) }
            let total = criteria.map(\.weight).reduce(0, +)
            let value = total > 0 ? 100 * criteria.map { $0.score * $0.weight }.reduce(0, +) / total : 0
            rubricScores.append(RubricScore(id: rubric.id, name: rubric.name, score: value, weight: rubric.weight,
                                            level: rubric.level(for: value), criteria: criteria))
        }
        let totalWeight = rubricScores.map(\.weight).reduce(0, +)
        let overall = totalWeight > 0 ? rubricScores.map { $0.score * $0.weight }.reduce(0, +) / totalWeight : 0
        return ScoreCard(overall: overall, band: Band(score: overall), rubrics: rubricScores, readability: readability,
                         fixes: fixes(rubricScores, totalWeight: totalWeight),
                         rubricFingerprint: fnv1a(rubrics.map { $0.id + ":" + $0.fingerprint }.joined(separator: ",")))
    }

    /// The criteria whose reaching full marks would raise the overall score most.
    static func fixes(_ rubrics: [RubricScore], totalWeight: Double) -> [Fix] {
        var all: [Fix] = []
        for rubric in rubrics {
            let criteriaWeight = rubric.criteria.map(\.weight).reduce(0, +)
            guard criteriaWeight > 0, totalWeight > 0 else { continue }
            for criterion in rubric.criteria where criterion.score < 0.999 {
                let gain = 100 * (1 - criterion.score) * criterion.weight / criteriaWeight * rubric.weight / totalWeight
                all.append(Fix(rubric: rubric.id, criterion: criterion.id, criterionName: criterion.name, gain: gain,
                               advice: criterion.advice, template: criterion.template))
            }
        }
        return Array(all.filter { $0.gain >= 0.5 }.sorted { $0.gain > $1.gain }.prefix(3))
    }

    static func scoreCriterion(_ criterion: Criterion, in document: TextDocument, readability: Readability) -> CriterionScore {
        var steps = 0
        return scoreCriterion(criterion, in: document, readability: readability, steps: &steps)
    }

    /// Longest sentence quoted whole in a finding.
    static let quoteLimit = 400

    /// Findings after this many in one criterion keep their span and text but not a quoted sentence.
    static let quotedFindings = 20

    static func finding(_ range: Range<Int>, in document: TextDocument, penalty: Bool, quote: Bool = true) -> Finding {
        let first = document.tokens[range.lowerBound], last = document.tokens[range.upperBound - 1]
        let sentence = document.sentences[first.sentence]
        // Quote the sentence, but only a window of it when it is long: a 1 MB "sentence" must not be
        // copied into every finding.
        var start = sentence.start, end = sentence.end, line = sentence.line, column = sentence.column
        if !quote {
            start = first.start; end = first.start; line = first.line; column = first.column
        } else if end - start > quoteLimit {
            start = max(sentence.start, first.start - quoteLimit / 2)
            end = min(sentence.end, max(last.end, first.start + quoteLimit / 2))
            // Stay on the span's line: the window starts after the last line break before the span.
            var k = first.start - 1
            while k >= start, document.codes[k] != 10 { k -= 1 }
            if k >= start { start = k + 1 }
            var e = last.end
            while e < end, document.codes[e] != 10 { e += 1 }
            end = e
            line = first.line
            column = first.column - (first.start - start)
        }
        return Finding(span: SourceSpan(line: first.line, column: first.column, length: last.end - first.start),
                       text: document.text(from: first.start, to: last.end),
                       sentence: document.text(from: start, to: end),
                       sentenceStart: SourceSpan(line: line, column: column, length: end - start),
                       isPenalty: penalty)
    }

    static func scoreCriterion(_ criterion: Criterion, in document: TextDocument, readability: Readability, steps: inout Int) -> CriterionScore {
        var findings: [Finding] = []
        var score = 0.0
        var explanation = ""
        var advice = criterion.advice
        switch criterion.kind {
        case .evidence:
            var sentencesHit = 0
            for sentence in document.sentences {
                let hits = criterion.matchers[0].matches(in: document, sentence: sentence, steps: &steps)
                if !hits.isEmpty { sentencesHit += 1 }
                findings += hits.map { finding($0, in: document, penalty: false, quote: findings.count < quotedFindings) }
            }
            score = min(1, Double(sentencesHit) / criterion.target)
            explanation = "\(sentencesHit) sentence\(sentencesHit == 1 ? "" : "s") with this evidence (full credit at \(formatted(criterion.target)))"
        case .avoid:
            for sentence in document.sentences {
                findings += criterion.matchers[0].matches(in: document, sentence: sentence, steps: &steps).map {
                    finding($0, in: document, penalty: true, quote: findings.count < quotedFindings)
                }
            }
            score = max(0, 1 - criterion.penalty * Double(findings.count))
            explanation = findings.isEmpty ? "nothing to avoid found" : "\(findings.count) hit\(findings.count == 1 ? "" : "s"), −\(formatted(criterion.penalty)) each"
            if let first = findings.first {
                advice += " Start with line \(first.span.line): “\(first.text)”."
            }
        case .cooccurrence:
            var sentencesHit = 0
            for sentence in document.sentences {
                let groupHits = criterion.matchers.map { $0.matches(in: document, sentence: sentence, steps: &steps) }
                if groupHits.allSatisfy({ !$0.isEmpty }) {
                    sentencesHit += 1
                    findings += groupHits.compactMap(\.first).sorted { $0.lowerBound < $1.lowerBound }.map {
                        finding($0, in: document, penalty: false, quote: findings.count < quotedFindings)
                    }
                }
            }
            score = min(1, Double(sentencesHit) / criterion.target)
            explanation = "\(sentencesHit) sentence\(sentencesHit == 1 ? "" : "s") holding every part (full credit at \(formatted(criterion.target)))"
        case .metric:
            (score, findings, explanation) = metric(criterion, document: document, readability: readability)
        }
        return CriterionScore(id: criterion.id, name: criterion.name, score: min(1, max(0, score)), weight: criterion.weight,
                              findings: findings, advice: advice, template: criterion.template, explanation: explanation)
    }

    static func band(_ value: Double, low: Double, high: Double) -> Double {
        if value < low { return max(0, 1 - (low - value) / max(1, low / 2)) }
        if value > high { return max(0, 1 - (value - high) / max(1, high / 2)) }
        return 1
    }

    static func metric(_ criterion: Criterion, document: TextDocument, readability: Readability) -> (Double, [Finding], String) {
        switch criterion.metric {
        case .perspective:
            // "you" counts half: it is as often the start of an accusation as of the boss's view.
            var other: [Int] = [], weightedOther = 0.0, mine = 0
            for (i, token) in document.tokens.enumerated() {
                switch token.focus {
                case .them: other.append(i); weightedOther += 1
                case .you: other.append(i); weightedOther += 0.5
                case .me: mine += 1
                case .none: break
                }
            }
            let total = weightedOther + Double(mine)
            guard total > 0 else { return (0.5, [], "no you/team/organisation or I/me/my words") }
            let ratio = weightedOther / total
            let score = (ratio - criterion.low) / (criterion.high - criterion.low)
            let findings = other.prefix(8).map { finding($0..<($0 + 1), in: document, penalty: false) }
            return (score, findings, "you/team/organisation words \(other.count) vs I/me/my \(mine) (\(Int((ratio * 100).rounded()))% about them)")
        case .quantifiedImpact:
            var hits: [Range<Int>] = []
            let tokens = document.tokens
            var i = 0
            while i < tokens.count {
                let token = tokens[i]
                // A number word ("six") counts only with a unit after it ("six months"); digits always count.
                guard token.classes & TokenClass.number.bit != 0 else { i += 1; continue }
                let unitFollows = i + 1 < tokens.count && tokens[i + 1].sentence == token.sentence && unitWords.contains(tokens[i + 1].norm)
                if token.hasDigit || unitFollows {
                    let end = unitFollows ? i + 2 : i + 1
                    hits.append(i..<end)
                    i = end
                } else {
                    i += 1
                }
            }
            let findings = hits.enumerated().map { finding($1, in: document, penalty: false, quote: $0 < quotedFindings) }
            return (min(1, Double(hits.count) / criterion.target), findings, "\(hits.count) figure\(hits.count == 1 ? "" : "s") (numbers, %, money, dates; full credit at \(formatted(criterion.target)))")
        case .readability:
            let grade = readability.fleschKincaidGrade
            return (band(grade, low: criterion.low, high: criterion.high), [],
                    String(format: "Flesch–Kincaid grade %.1f (aim for %@–%@)", grade, formatted(criterion.low), formatted(criterion.high)))
        case .length:
            let words = Double(readability.words)
            let score = words < criterion.low ? words / criterion.low : (words > criterion.high ? criterion.high / words : 1)
            return (score, [], "\(readability.words) words (aim for \(formatted(criterion.low))–\(formatted(criterion.high)))")
        case nil:
            return (0, [], "")
        }
    }

    static func formatted(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.2g", value)
    }
}
