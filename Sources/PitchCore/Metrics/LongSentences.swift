/// `metric: long-sentences`: sentences over `high` words (default 30), each flagged with its line:column
/// (Hemingway-style); full credit with none, a quarter off for each.
enum LongSentences: Metric {
    static let name = "long-sentences"
    static let defaults: (low: Double, high: Double) = (0.0, 30.0)

    static func measure(_ criterion: Criterion, in draft: MeasuredDraft) -> Measurement {
        let long = draft.document.sentences.filter { $0.tokens.count > Int(criterion.high) }
        let findings = long.prefix(Scorer.findingLimit).enumerated().map { k, sentence in
            Scorer.finding(sentence.tokens, in: draft.document, penalty: true, quote: k < Scorer.quotedFindings)
        }
        let high = Scorer.formatted(criterion.high)
        return Measurement(
            score: max(0, 1 - 0.25 * Double(long.count)), findings: findings, moreFindings: long.count - findings.count,
            explanation: long.isEmpty
                ? "no sentence over \(high) words"
                : "\(long.count) sentence\(long.count == 1 ? "" : "s") over \(high) words (−0.25 each)")
    }
}
