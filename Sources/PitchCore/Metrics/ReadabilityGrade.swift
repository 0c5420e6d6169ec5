import Foundation

/// `metric: readability`: the Flesch–Kincaid grade, full credit between `low` and `high` (default 6–12), falling
/// to none half a band outside. A page of short plain sentences reads at grade 7; legal prose at 18.
enum ReadabilityGrade: Metric {
    static let name = "readability"
    static let defaults: (low: Double, high: Double) = (6.0, 12.0)

    static func measure(_ criterion: Criterion, in draft: MeasuredDraft) -> Measurement {
        let grade = draft.readability.fleschKincaidGrade
        return Measurement(
            score: band(grade, low: criterion.low, high: criterion.high),
            explanation: String(
                format: "Flesch–Kincaid grade %.1f (aim for %@–%@)", grade, Scorer.formatted(criterion.low),
                Scorer.formatted(criterion.high)))
    }

    static func band(_ value: Double, low: Double, high: Double) -> Double {
        if value < low { return max(0, 1 - (low - value) / max(1, low / 2)) }
        if value > high { return max(0, 1 - (value - high) / max(1, high / 2)) }
        return 1
    }
}
