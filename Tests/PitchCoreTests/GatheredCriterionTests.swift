import SentenceVectors
import XCTest

@testable import PitchCore

/// A criterion read by several fine-tuned heads (`no-grievance`: venting, blame and insults, one line each in
/// `Models/sentence-heads.tsv`).
final class GatheredCriterionTests: XCTestCase {
    func testTheClassifierGathersEveryHeadOfACriterion() {
        let weights = Array(repeating: "0.0", count: 4).joined(separator: " ")
        let tsv = """
            # label\tcriterion\tbias\tplatt-a\tplatt-b\tthreshold\tweights
            venting\tno-venting\t0\t1\t0\t0.20\t\(weights)
            venting\tno-grievance\t0\t1\t0\t0.20\t\(weights)
            blame\tno-grievance\t0\t1\t0\t0.30\t\(weights)
            """
        let classifier = SentenceClassifier(tsv: tsv)
        XCTAssertEqual(classifier.heads(forCriterion: "no-grievance"), [1, 2])
        XCTAssertEqual(classifier.heads(forCriterion: "no-venting"), [0])
        XCTAssertEqual(classifier.heads(forCriterion: "no-such-thing"), [])
    }

    /// Moving a head's threshold onto the criterion's keeps the credit the head's own threshold gives.
    func testAlignedStrengthEarnsTheHeadsOwnCredit() {
        let (head, criterion) = (0.3, 0.2)
        XCTAssertEqual(SentenceFacts.aligned(head, from: head, to: criterion), criterion, accuracy: 1e-12)
        XCTAssertEqual(SentenceFacts.aligned(1, from: head, to: criterion), 1, accuracy: 1e-12)
        XCTAssertEqual(SentenceFacts.aligned(0, from: head, to: criterion), 0, accuracy: 1e-12)
        for s in stride(from: 0.3, through: 1.0, by: 0.05) {
            let moved = SentenceFacts.aligned(s, from: head, to: criterion)
            XCTAssertEqual((moved - criterion) / (1 - criterion), (s - head) / (1 - head), accuracy: 1e-12)
        }
        // Below its threshold a sentence stays below the criterion's; order is kept.
        XCTAssertLessThan(SentenceFacts.aligned(0.29, from: head, to: criterion), criterion)
        XCTAssertLessThan(
            SentenceFacts.aligned(0.5, from: head, to: criterion), SentenceFacts.aligned(0.6, from: head, to: criterion)
        )
        XCTAssertEqual(SentenceFacts.aligned(0.42, from: 0.25, to: 0.25), 0.42)
    }

    /// A grievance costs organisational benefit too: the pitch is about the writer, not the boss.
    func testAGrievanceCostsOrganisationalBenefit() throws {
        let rubrics = try Fixtures.coreRubrics()
        let pitch = """
            I'd like to move to the data team, which would let us close the reporting backlog by June.
            Priya can take over the weekly reports; I have trained her for three months.
            """
        let bitter = pitch + "\nFrankly, management has been a joke for years and I'm sick of being ignored.\n"
        func grievance(_ text: String) -> (rubric: Double, criterion: Double) {
            let card = Scorer.score(text, rubrics: rubrics)
            let org = card.rubrics.first { $0.id == "organisational-benefit" }!
            return (org.score, org.criteria.first { $0.id == "no-grievance" }!.score)
        }
        let (calm, angry) = (grievance(pitch), grievance(bitter))
        XCTAssertEqual(calm.criterion, 1, accuracy: 1e-9)
        XCTAssertLessThan(angry.criterion, 0.9)
        XCTAssertLessThan(angry.rubric, calm.rubric)
    }
}
