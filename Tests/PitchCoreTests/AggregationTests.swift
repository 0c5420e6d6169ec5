import XCTest

@testable import PitchCore

/// The one home of the weighting: rubric scores by their aggregation, the overall, and the gains the fixes show.
final class AggregationTests: XCTestCase {
    func criterion(_ id: String, _ score: Double, _ weight: Double) -> CriterionScore {
        CriterionScore(
            id: id, name: id, score: score, weight: weight, findings: [], advice: "", template: nil,
            explanation: "")
    }

    func testWeightedMeanAndProduct() {
        let parts: [(score: Double, weight: Double)] = [(1, 1), (0.5, 1)]
        XCTAssertEqual(Aggregation.weightedMean.score(parts), 75, accuracy: 1e-9)
        XCTAssertEqual(Aggregation.product.score(parts), 50, accuracy: 1e-9)
        // One clear thing to avoid costs a product rubric its share whatever the others are.
        let bitter: [(score: Double, weight: Double)] = [(1, 1), (1, 1), (1, 1), (1, 1), (0.2, 1)]
        XCTAssertEqual(Aggregation.weightedMean.score(bitter), 84, accuracy: 1e-9)
        XCTAssertEqual(Aggregation.product.score(bitter), 20, accuracy: 1e-9)
        XCTAssertEqual(Aggregation.product.score([(0.25, 0.5)]), 50, accuracy: 1e-9, "a weight is an exponent")
    }

    /// Evidence averages, things to avoid multiply: a calm draft that offers nothing scores nothing, and a grievance
    /// takes its share off what a strong one offers.
    func testMeanTimesAvoided() {
        let mean = Aggregation.meanTimesAvoided
        XCTAssertEqual(mean.score([(0, 1), (0, 1), (1, 1)], avoids: [false, false, true]), 0, accuracy: 1e-9)
        XCTAssertEqual(mean.score([(1, 1), (0.5, 1), (1, 1)], avoids: [false, false, true]), 75, accuracy: 1e-9)
        XCTAssertEqual(mean.score([(1, 1), (0.5, 1), (0.5, 1)], avoids: [false, false, true]), 37.5, accuracy: 1e-9)
        XCTAssertEqual(mean.score([(1, 3), (0.5, 1)]), 87.5, accuracy: 1e-9, "without things to avoid, a mean")
        var grievance = criterion("no-grievance", 0.5, 1)
        grievance.avoids = true
        var benefit = RubricScore(
            id: "benefit", name: "Benefit", score: 0, weight: 1, level: nil,
            criteria: [criterion("goals", 1, 1), criterion("cost", 0, 1), grievance])
        benefit.aggregation = mean
        benefit.score = mean.score(benefit.criteria)
        XCTAssertEqual(benefit.score, 25, accuracy: 1e-9)
        // Dropping the grievance doubles what the boss gains; covering the cost adds half of the mean, halved.
        XCTAssertEqual(Aggregate.gain(fixing: 2, of: benefit, among: [benefit]), 25, accuracy: 1e-9)
        XCTAssertEqual(Aggregate.gain(fixing: 1, of: benefit, among: [benefit]), 25, accuracy: 1e-9)
    }

    func testTheGainOfAFixIsTheOverallItWouldAdd() {
        var risk = RubricScore(
            id: "risk", name: "Risk", score: 0, weight: 1, level: nil,
            criteria: [criterion("blame", 0.5, 1), criterion("venting", 0.8, 1)])
        risk.aggregation = .product
        risk.score = risk.aggregation.score(risk.criteria)
        let benefit = RubricScore(
            id: "benefit", name: "Benefit", score: 50, weight: 1, level: nil,
            criteria: [criterion("goals", 0, 1), criterion("cost", 1, 1)])
        let rubrics = [risk, benefit]
        // Fixing blame: the product goes from 40 to 80, half of which reaches the overall (two rubrics of weight 1).
        XCTAssertEqual(Aggregate.gain(fixing: 0, of: risk, among: rubrics), 20, accuracy: 1e-9)
        XCTAssertEqual(Aggregate.gain(fixing: 0, of: benefit, among: rubrics), 25, accuracy: 1e-9)
        XCTAssertEqual(Aggregate.overall(rubrics), (40 + 50) / 2, accuracy: 1e-9)
        var off = benefit
        off.weight = 0
        XCTAssertEqual(
            Aggregate.gain(fixing: 0, of: off, among: [risk, off]), 0, "a rubric that does not count gains nothing")
    }
}
