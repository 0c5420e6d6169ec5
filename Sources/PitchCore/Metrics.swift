import Foundation

/// Stage 3 for the metrics: whole-text measurements (perspective, quantified impact, readability, length, long
/// sentences).
extension Scorer {
    static let unitWords: Set<String> = [
        "percent", "per", "%", "hours", "hour", "days", "day", "weeks", "week", "months", "month",
        "years", "year", "people", "dollars", "euros", "pounds", "k", "projects", "clients", "customers", "releases",
        "times", "deals",
    ]

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
                "you/team/organisation words \(other.count) vs I/me/my \(mine) "
                    + "(\(Int((ratio * 100).rounded()))% about them)"
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
                "\(hits.count) figure\(hits.count == 1 ? "" : "s") in sentences about results "
                    + "(full credit at \(formatted(criterion.target)))"
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
                    : "\(long.count) sentence\(long.count == 1 ? "" : "s") over \(formatted(criterion.high)) words "
                        + "(−0.25 each)"
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
