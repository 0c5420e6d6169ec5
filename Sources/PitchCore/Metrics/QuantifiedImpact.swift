/// `metric: quantified-impact`: figures the boss can repeat, full credit at `target` of them (default 1). Digits
/// always count ("40%", "$120,000"); a number word only with one of the `units` after it ("six months", "two
/// days"). A figure counts only in a sentence that earned evidence in the same rubric (a result, not tenure or
/// rent) — of the criteria in `figures-from` when it is given — and never as a date: a year (1990–2100) or a
/// number beside one of the `dates` words ("1 March"), nor as the length of a change: a figure followed by one of
/// the `changes` words ("a two-month handover", "six weeks' notice") says how long the move takes, not what it gains.
///
///     units: ["{units}"]     # words (or lexicons) that make a number word a figure
///     dates: ["{months}"]    # words beside which a number is a day of a month
///     changes: [handover, notice]   # words after which a figure is how long a change takes
///     figures-from: [cost-and-risk]   # criteria whose sentences' figures count (default: all the rubric's)
enum QuantifiedImpact: Metric {
    static let name = "quantified-impact"
    static let wordListKeys: [String] = ["units", "dates", "changes", "figures-from"]

    static func measure(_ criterion: Criterion, in draft: MeasuredDraft) -> Measurement {
        let units = criterion.wordLists["units"] ?? []
        let dates = criterion.wordLists["dates"] ?? []
        let changes = criterion.wordLists["changes"] ?? []
        var hits: [Range<Int>] = []
        let tokens = draft.document.tokens
        // "Priya has run the stand-ups for six months" covers the work: its figure is tenure, not a result.
        let counted = draft.evidenceSentences(from: criterion.wordLists["figures-from"])
        var i = 0
        while i < tokens.count {
            let token = tokens[i]
            guard token.classes & TokenClass.number.bit != 0,
                counted?.contains(token.sentence) ?? true,
                !isDate(i, in: tokens, dates: dates)
            else {
                i += 1
                continue
            }
            let unitFollows =
                i + 1 < tokens.count && tokens[i + 1].sentence == token.sentence && units.contains(tokens[i + 1].norm)
            let end = unitFollows ? i + 2 : i + 1
            let lengthOfAChange =
                end < tokens.count && tokens[end].sentence == token.sentence && changes.contains(tokens[end].norm)
            if (token.hasDigit || unitFollows) && !lengthOfAChange {
                hits.append(i..<end)
                i = end
            } else {
                i += 1
            }
        }
        let findings = hits.prefix(Scorer.findingLimit).enumerated().map {
            Scorer.finding($1, in: draft.document, penalty: false, quote: $0 < Scorer.quotedFindings)
        }
        return Measurement(
            score: min(1, Double(hits.count) / criterion.target), findings: findings,
            moreFindings: hits.count - findings.count,
            explanation: "\(hits.count) figure\(hits.count == 1 ? "" : "s") in sentences about results "
                + "(full credit at \(Scorer.formatted(criterion.target)))")
    }

    /// A year (1990–2100) or a day of a month ("1 March", "March 1st"): when, not how much.
    static func isDate(_ i: Int, in tokens: [Token], dates: Set<String>) -> Bool {
        let token = tokens[i]
        if token.hasDigit, token.norm.count == 4, let year = Int(token.norm), (1990...2100).contains(year) {
            return true
        }
        guard token.hasDigit else { return false }
        let near = [i - 1, i + 1].filter { $0 >= 0 && $0 < tokens.count && tokens[$0].sentence == token.sentence }
        return near.contains { dates.contains(tokens[$0].norm) }
    }
}
