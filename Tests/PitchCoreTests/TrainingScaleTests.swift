import Foundation
import XCTest

@testable import PitchCore

/// Issue 21, item 1: training a user's rubric grows linearly with its criteria (a count, never a clock).
final class TrainingScaleTests: XCTestCase {
    /// A rubric of `count` criteria, each with 8 examples that show it and one near miss.
    static func manyCriteria(_ count: Int) -> String {
        let words = ["team", "lead", "coach", "ready", "risk", "budget", "plan", "March"]
        var state: UInt64 = 4
        func sentence() -> String {
            (0..<6).map { _ in
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return words[Int(state >> 61)]
            }.joined(separator: " ")
        }
        return "id: many\nname: Many\ncriteria:\n"
            + (0..<count).map { i in
                "  - id: c\(i)\n    name: C\(i)\n    kind: evidence\n    phrases: [zq\(i)]\n    advice: x\n    examples:\n"
                    + "      meets: [\((0..<8).map { _ in "\"\(sentence()) \(i)\"" }.joined(separator: ", "))]\n"
                    + "      misses: [\"\(sentence())\"]\n"
            }.joined()
    }

    func testEachUserCriterionLearnsFromABoundedSampleSoTheWorkGrowsLinearly() throws {
        let builtIn = try Fixtures.coreRubrics()
        let limit = CriterionTraining.userNegativeLimit
        var perCriterion: [Int: Int] = [:]
        for count in [50, 200] {
            let rubric = try Fixtures.rubric(Self.manyCriteria(count))
            let lessons = CriterionTraining.lessons([rubric] + builtIn, only: ["many"], negativeLimit: limit)
            XCTAssertEqual(lessons.count, count)
            let samples = lessons.map { $0.positives.count + $0.negatives.count }
            XCTAssertLessThanOrEqual(samples.max() ?? 0, limit + 8, "at most the limit and its own examples")
            perCriterion[count] = samples.reduce(0, +) / count
            // The sample reaches every part of the pool: the user's own examples are among the negatives.
            XCTAssertTrue(lessons[0].negatives.contains { $0.hasSuffix(" \(count - 1)") }, "the last criterion's")
        }
        // The same work per criterion at 50 and 200 criteria (give or take its own examples in the sample): four
        // times the criteria, four times the samples. Before, each criterion learnt from every example of all.
        XCTAssertLessThanOrEqual(abs(perCriterion[50]! - perCriterion[200]!), 8, "\(perCriterion)")
        // Without the limit (the built-in rubrics at build time) every other example is a negative, as before.
        let one = try Fixtures.rubric(Self.manyCriteria(2))
        let all = CriterionTraining.lessons([one] + builtIn, only: ["many"])
        XCTAssertGreaterThan(all[0].negatives.count, limit)
    }

    func testTrainedHeadsRoundTripThroughTheirCacheBytesAndRefuseAnotherRubric() throws {
        let builtIn = try Fixtures.coreRubrics()
        let rubric = try Fixtures.rubric(Self.manyCriteria(3))
        let lessons = CriterionTraining.lessons([rubric] + builtIn, only: ["many"], negativeLimit: 200)
        let trained = CriterionTraining.train([rubric] + builtIn, only: ["many"], negativeLimit: 200)
        let bytes = TrainedHeads.encode(trained, lessons: lessons)
        let restored = try XCTUnwrap(TrainedHeads.decode(bytes, into: [rubric] + builtIn, lessons: lessons))
        XCTAssertEqual(restored[0].criteria.map(\.head), trained[0].criteria.map(\.head))
        XCTAssertEqual(restored[0].criteria.map(\.showingVectors), trained[0].criteria.map(\.showingVectors))
        // Another rubric's lessons, a cut file: not taken.
        let other = try Fixtures.rubric(Self.manyCriteria(4))
        let otherLessons = CriterionTraining.lessons([other] + builtIn, only: ["many"], negativeLimit: 200)
        XCTAssertNil(TrainedHeads.decode(bytes, into: [other] + builtIn, lessons: otherLessons))
        XCTAssertNil(TrainedHeads.decode(Array(bytes.dropLast()), into: [rubric] + builtIn, lessons: lessons))
        XCTAssertNotEqual(
            TrainedHeads.key([rubric] + builtIn, only: ["many"], negativeLimit: 200),
            TrainedHeads.key([other] + builtIn, only: ["many"], negativeLimit: 200))
    }
}
