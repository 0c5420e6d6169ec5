import Foundation

/// `kind: avoid`: things to leave out (ultimatums, blame), by phrase or by meaning, wherever they stand; each
/// finding costs `penalty` (default 0.5) times its credit, and the score is what is left, at least 0. Its examples
/// that show it are its `misses`; its head counts from 0.5 and bends (a doubtful sentence costs little).
///
///     phrases: ["I will {leave}"]   # required
///     penalty: 0.5                  # what a phrase costs
///     red-line: 0.5                 # a phrase in a sentence the head reads this strongly: "do not send"
///     unless: ["not {leave}"]       # where these stand, the head's reading does not count
///
/// "If this doesn't happen by June, I will leave." is a threat; "I will leave the team in good hands." is not.
enum Avoid: SentenceRules {
    static let keys = ["phrases", "penalty", "red-line", "unless"]
    /// A warning must be worth reading, and below 0.5 a finding would cost next to nothing.
    static let defaultThreshold = 0.5
    /// A draft is mostly ordinary sentences, and a doubtful one there must cost little (chosen with `full-at` by
    /// leave-one-out on `../shared/corpus-dev`, `pitchcoach-bench calibrate`).
    static let defaultCreditPower = 2.0
    static let shownByMeets = false
    static let findsPenalties = true

    static func load(_ criterion: inout Criterion, from entry: CriterionEntry, loader: inout RubricLoader.Loader)
        throws
    {
        criterion.matchers = [try Evidence.phrases(from: entry, kind: .avoid, loader: &loader)]
    }

    /// Nothing found, as an example that does not commit the thing must be.
    static func isSatisfied(by score: CriterionScore) -> Bool { score.findings.isEmpty }

    static func verdict(_ tally: SentenceTally, of criterion: Criterion) -> (score: Double, why: String, advice: String)
    {
        let cost = tally.cost * criterion.penalty
        let costs = String(format: "%.2f", min(1, cost))
        let why: String
        if tally.findings.isEmpty {
            why = "nothing to avoid found"
        } else if tally.faintCount == tally.total {
            let faint = tally.faintCount
            why = "nothing clear to avoid (\(faint) faint reading\(faint == 1 ? "" : "s") costing \(costs))"
        } else {
            why =
                "\(tally.total) hit\(tally.total == 1 ? "" : "s")\(tally.byMeaning) costing \(costs)"
                + " (a phrase costs \(Scorer.formatted(criterion.penalty)))"
        }
        var advice = criterion.advice
        if let first = tally.findings.first(where: { !$0.isFaint }) {
            advice += Scorer.startWith(first, quoting: first.source == .phrase ? first.text : first.sentence)
        }
        return (max(0, 1 - cost), why, advice)
    }
}
