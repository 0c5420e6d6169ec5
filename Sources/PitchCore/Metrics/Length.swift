/// `metric: length`: words, full credit between `low` and `high` (default 120–450), in proportion outside
/// (half the words of `low`, half the credit).
enum Length: Metric {
    static let name = "length"
    static let defaults: (low: Double, high: Double) = (120.0, 450.0)

    static func measure(_ criterion: Criterion, in draft: MeasuredDraft) -> Measurement {
        let words = Double(draft.readability.words)
        let score =
            words < criterion.low ? words / criterion.low : (words > criterion.high ? criterion.high / words : 1)
        return Measurement(
            score: score,
            explanation: "\(draft.readability.words) words "
                + "(aim for \(Scorer.formatted(criterion.low))–\(Scorer.formatted(criterion.high)))")
    }
}
