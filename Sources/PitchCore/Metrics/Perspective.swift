/// `metric: perspective`: how much of the draft is about the boss, the team and the organisation rather than the
/// writer ("you/team/organisation" words against "I/me/my"). Full credit from a share of `high` (default 0.6),
/// none at `low` (default 0.25). "We will hit the team's goals" scores high; "I want, I need, my career" low.
enum Perspective: Metric {
    static let name = "perspective"
    static let defaults: (low: Double, high: Double) = (0.25, 0.6)

    static func measure(_ criterion: Criterion, in draft: MeasuredDraft) -> Measurement {
        // "you" counts half: it is as often the start of an accusation as of the boss's view.
        var other: [Int] = []
        var weightedOther = 0.0
        var mine = 0
        for (i, token) in draft.document.tokens.enumerated() {
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
        guard total > 0 else {
            return Measurement(score: 0.5, explanation: "no you/team/organisation or I/me/my words")
        }
        let ratio = weightedOther / total
        return Measurement(
            score: (ratio - criterion.low) / (criterion.high - criterion.low),
            findings: other.prefix(8).map { Scorer.finding($0..<($0 + 1), in: draft.document, penalty: false) },
            explanation: "you/team/organisation words \(other.count) vs I/me/my \(mine) "
                + "(\(Int((ratio * 100).rounded()))% about them)")
    }
}
