import XCTest

@testable import PitchCore

/// Rehearsal answers: what an answer says earns its marks; what it avoids only keeps them.
final class AnswerScorerTests: XCTestCase {
    func testANonAnswerToAnAvoidOnlyObjectionEarnsLittle() throws {
        let rubrics = try Fixtures.coreRubrics()
        let probes = ["bridge-risk/no-ultimatums"]
        let nothing = AnswerScorer.score("j", probes: probes, rubrics: rubrics)
        XCTAssertLessThan(nothing.score, 10)
        XCTAssertTrue(nothing.tooShort)
        XCTAssertTrue(nothing.strong.isEmpty, "saying nothing is not a strength")
        let calm = AnswerScorer.score(
            """
            No. I want to stay and make this work: if the timing is wrong, I'd like us to agree a date to look at it again, \
            and in the meantime I will keep the team's releases on track.
            """, probes: probes, rubrics: rubrics)
        XCTAssertGreaterThan(calm.score, 90)
        XCTAssertFalse(calm.tooShort)
        let threat = AnswerScorer.score(
            """
            Honestly, if you say no I will quit and look for another job, because I have waited long enough for this \
            and there are other companies that would take me tomorrow.
            """, probes: probes, rubrics: rubrics)
        XCTAssertLessThan(threat.score, calm.score / 2)
        XCTAssertEqual(threat.weak.map(\.id), ["no-ultimatums"])
    }

    /// The answer to the boss's follow-up is read with the first answer for what it says, and alone for what it
    /// should not say: a calm follow-up after a threat is not flagged for the threat, a threat after a calm answer is.
    func testAFollowUpIsFlaggedForWhatItSaysItself() throws {
        let rubrics = try Fixtures.coreRubrics()
        let probes = ["bridge-risk/no-ultimatums", "the-ask/fallback"]
        let threat = "If you say no, I will resign and take the offer I have from another company."
        let calm = "Then I'd stay on my team, and we could look at it again after the spring release."
        let first = AnswerScorer.score(threat, probes: probes, rubrics: rubrics)
        XCTAssertTrue(first.flags.contains("bridge-risk/no-ultimatums"), "\(first.flags)")
        let followUp = AnswerScorer.score(calm, after: threat, probes: probes, rubrics: rubrics)
        XCTAssertFalse(followUp.flags.contains("bridge-risk/no-ultimatums"), "\(followUp.flags)")
        XCTAssertFalse(followUp.crossesRedLine)
        XCTAssertGreaterThan(followUp.score, first.score)
        for trivial in ["", "Okay.", "I meant it."] {
            let said = AnswerScorer.score(trivial, after: threat, probes: probes, rubrics: rubrics)
            XCTAssertLessThan(said.score, 20, "“\(trivial)” after a threat says nothing itself")
        }
        let turned = AnswerScorer.score(threat, after: calm, probes: probes, rubrics: rubrics)
        XCTAssertTrue(turned.flags.contains("bridge-risk/no-ultimatums"), "\(turned.flags)")
        XCTAssertLessThanOrEqual(turned.score, AnswerScorer.redLineCap)
    }

    func testEvidenceCriteriaSetTheScore() throws {
        let rubrics = try Fixtures.coreRubrics()
        let probes = ["successor-readiness/named-successor", "bridge-risk/no-blame"]
        let named = AnswerScorer.score(
            "Priya is ready to lead the team from March, and I will coach her through the handover.", probes: probes,
            rubrics: rubrics)
        XCTAssertGreaterThanOrEqual(named.score, 50)
        XCTAssertTrue(named.strong.contains { $0.id == "named-successor" })
        let vague = AnswerScorer.score(
            "I am sure someone will manage somehow, it will all work out fine in the end for everybody.",
            probes: probes, rubrics: rubrics)
        XCTAssertLessThan(vague.score, 50)
        XCTAssertEqual(vague.weak.first?.id, "named-successor")
    }

    func testProbesTheRubricsDoNotHaveScoreNothing() throws {
        let scored = AnswerScorer.score(
            String(repeating: "a long and thoughtful answer ", count: 10), probes: ["other-rubric/gone"],
            rubrics: try Fixtures.coreRubrics())
        XCTAssertEqual(scored.score, 0)
    }

    /// A question of the boss's book is answered by what answers it, not only by the criteria it probes: "has the
    /// receiving manager agreed?" is answered by "Tom has agreed and has a seat", which says nothing of the boss's
    /// goals; an answer beside the point still is not.
    func testABookQuestionIsAnsweredByWhatAnswersIt() throws {
        let rubrics = try Fixtures.coreRubrics()
        let book = try XCTUnwrap(try QuestionBook.embedded(trainedWith: { rubrics }))
        let probes = ["organisational-benefit/boss-goals"]
        let answer = "Tom on the data team has agreed to take me, and he has a funded seat for me from April."
        let asBook = AnswerScorer.score(answer, probes: probes, rubrics: rubrics, question: (book, "receiving-manager"))
        let asProbes = AnswerScorer.score(answer, probes: probes, rubrics: rubrics)
        XCTAssertGreaterThanOrEqual(asBook.score, 50)
        XCTAssertLessThan(asProbes.score, asBook.score)
        XCTAssertTrue(asBook.strong.contains { $0.id == "receiving-manager" }, "\(asBook.strong.map(\.id))")
        XCTAssertTrue(asBook.weak.isEmpty, "an answer to the question is told it misses the probes")
        let beside = AnswerScorer.score(
            "I have always enjoyed working with the people on this floor.", probes: probes, rubrics: rubrics,
            question: (book, "receiving-manager"))
        XCTAssertLessThan(beside.score, 30)
    }
}
