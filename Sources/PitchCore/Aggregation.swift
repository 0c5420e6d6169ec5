import Foundation

/// How a rubric's criteria become its score (YAML `aggregate`): the one place the weighting lives, so the score, the
/// overall and the fixes' gains agree.
public enum Aggregation: String, Sendable, Equatable, CaseIterable {
    /// Σ weight·score / Σ weight: each criterion adds its share (what a pitch should do).
    case weightedMean = "weighted-mean"
    /// Π score^weight: each thing to avoid takes its share off what is left, so one clear blame costs the rubric
    /// even when six other things are fine (the mean left a bitter draft at "low risk").
    case product
    /// The weighted mean of what the pitch should do, times Π score^weight of the things to avoid: a grievance takes
    /// its share off what the boss gains, and a draft that offers the boss nothing still scores nothing (a mean
    /// would pay it for merely being calm).
    case meanTimesAvoided = "mean-times-avoided"

    /// 0–100 from criteria scores 0–1 and their weights; `avoids` marks the things to avoid (by position).
    public func score(_ criteria: [(score: Double, weight: Double)], avoids: [Bool] = []) -> Double {
        switch self {
        case .weightedMean:
            let total = criteria.map(\.weight).reduce(0, +)
            return total > 0 ? 100 * criteria.map { $0.score * $0.weight }.reduce(0, +) / total : 0
        case .product:
            guard !criteria.isEmpty else { return 0 }
            return 100 * criteria.map { pow(max(0, $0.score), $0.weight) }.reduce(1, *)
        case .meanTimesAvoided:
            let avoided = criteria.indices.map { $0 < avoids.count && avoids[$0] }
            let wanted = criteria.indices.filter { !avoided[$0] }.map { criteria[$0] }
            let taken = criteria.indices.filter { avoided[$0] }.map { criteria[$0] }
            return Aggregation.weightedMean.score(wanted) * taken.map { pow(max(0, $0.score), $0.weight) }.reduce(1, *)
        }
    }

    func score(_ criteria: [CriterionScore]) -> Double {
        score(criteria.map { ($0.score, $0.weight) }, avoids: criteria.map(\.avoids))
    }
}

/// Stage 4 of scoring: the scores a draft's parts add up to, the caps a red line puts on them, and the bands.
enum Aggregate {
    /// Caps of a draft that crosses a red line (`ScoreCard.redLines`): the overall score, and the rubric that
    /// holds the criterion, below its "medium" level so that it reads as high risk.
    static let redLineOverallCap = 40.0

    /// A rubric's score from its criteria (by its own aggregation), weighed in the draft's situation.
    static func rubric(_ found: RubricFindings, situation: String?) -> RubricScore {
        let rubric = found.rubric
        // A criterion weighs what it weighs in the situation (0: it does not apply, and no fix names it).
        var criteria = found.criteria
        for k in criteria.indices where k < rubric.criteria.count {
            criteria[k].weight = criteria[k].unread ? 0 : rubric.criteria[k].weight(in: situation)
            criteria[k].template = rubric.criteria[k].template(in: situation)
        }
        var value = rubric.aggregation.score(criteria)
        if !found.redLines.isEmpty, let medium = rubric.levels?.medium { value = min(value, medium - 1) }
        var score = RubricScore(
            id: rubric.id, name: rubric.name, score: value, weight: rubric.weight(in: situation),
            level: rubric.level(for: value), criteria: criteria)
        score.aggregation = rubric.aggregation
        return score
    }

    /// The overall and its band: a red line caps the one and makes the other "do not send"; a rubric at risk level
    /// `high` makes the band "risky".
    static func overall(_ rubrics: [RubricScore], redLines: [RedLine]) -> (score: Double, band: Band) {
        let mean = overall(rubrics)
        guard redLines.isEmpty else { return (min(mean, redLineOverallCap), .doNotSend) }
        return (mean, rubrics.contains { $0.level == .high } ? .risky : Band(score: mean))
    }

    /// The overall: the rubrics' weighted mean (a rubric's weight is its weight in the draft's situation).
    static func overall(_ rubrics: [RubricScore]) -> Double {
        let total = rubrics.map(\.weight).reduce(0, +)
        return total > 0 ? rubrics.map { $0.score * $0.weight }.reduce(0, +) / total : 0
    }

    /// What the overall would gain were criterion `k` of `rubric` at full marks (before any red-line cap).
    static func gain(fixing k: Int, of rubric: RubricScore, among rubrics: [RubricScore]) -> Double {
        let total = rubrics.map(\.weight).reduce(0, +)
        guard total > 0, rubric.weight > 0 else { return 0 }
        var fixed = rubric.criteria
        fixed[k].score = 1
        let now = rubric.aggregation.score(rubric.criteria)
        return (rubric.aggregation.score(fixed) - now) * rubric.weight / total
    }
}

extension Band {
    /// The band of a score (a rubric's or the overall) without red lines: "do not send" comes only from those.
    public init(score: Double) {
        self = score >= 80 ? .ready : (score >= 60 ? .close : .needsWork)
    }
}
