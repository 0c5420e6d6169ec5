import PitchResources
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

    /// A criterion weighs by situation as a rubric does: who covers your work does not count for a raise, and no
    /// fix asks for it there.
    func testACriterionThatDoesNotApplyInTheSituationCountsForNothing() throws {
        let rubrics = try Fixtures.coreRubrics()
        let org = try XCTUnwrap(rubrics.first { $0.id == "organisational-benefit" })
        let covered = try XCTUnwrap(org.criteria.first { $0.id == "work-covered" })
        XCTAssertEqual(covered.weight(in: "raise"), 0)
        XCTAssertEqual(covered.weight(in: "decline"), 0)
        XCTAssertEqual(covered.weight(in: "lateral"), covered.weight)
        XCTAssertGreaterThan(covered.weight, 0)
        let text = "Could I have a raise of 6% from April? I closed 14 deals worth $1.2M this year.\n"
        let book = try XCTUnwrap(try QuestionBook.embedded(trainedWith: { rubrics }))
        for (situation, counts) in [("raise", false), ("lateral", true)] {
            let card = Scorer.score(text, rubrics: rubrics, questions: book, situation: situation)
            let score = try XCTUnwrap(card.rubrics.first { $0.id == "organisational-benefit" })
            let weight = try XCTUnwrap(score.criteria.first { $0.id == "work-covered" }).weight
            XCTAssertEqual(weight > 0, counts, situation)
            if !counts { XCTAssertFalse(card.fixes.contains { $0.criterion == "work-covered" }, situation) }
        }
    }

    /// A one-criterion rubric (evidence, one phrase, two examples) with `keys` (lines indented as a criterion's)
    /// added to its criterion.
    static func rubric(withCriterionKeys keys: String) -> String {
        """
        id: r
        name: R
        criteria:
          - id: c
            name: C
            kind: evidence
            advice: Say it.
        \(keys)
            phrases: ["say it"]
            examples:
              meets: ["I say it."]
              misses: ["I do not."]
        """
    }

    func testCriterionSituationWeightsLoadAndSurviveTheArchive() throws {
        let yaml = Self.rubric(
            withCriterionKeys: """
                    weight: 2
                    weight-by-situation: {raise: 0, promotion: 1.5}
                """)
        let rubric = try RubricLoader.load(yaml: yaml, file: "r.yaml")
        XCTAssertEqual(rubric.criteria[0].situationWeights, ["raise": 0, "promotion": 1.5])
        XCTAssertEqual(rubric.criteria[0].weight(in: nil), 2)
        let archived = try RubricArchive.decode(RubricArchive.encode([rubric]))
        XCTAssertEqual(archived[0].criteria[0].situationWeights, ["raise": 0, "promotion": 1.5])
        let bad = yaml.replacingOccurrences(of: "raise: 0,", with: "raise: lots,")
        XCTAssertThrowsError(try RubricLoader.load(yaml: bad, file: "r.yaml")) { error in
            XCTAssertTrue("\(error)".contains("weight-by-situation"), "\(error)")
        }
    }

    /// A situation words the ask its own way: a raise's fix does not say "I'd like to move to …".
    func testATemplateBySituationLoadsSurvivesTheArchiveAndIsRefusedWhenNotText() throws {
        let yaml = Self.rubric(
            withCriterionKeys: """
                    template: "I'd like to move to …"
                    template-by-situation:
                      raise: "I'd like my pay to go to …"
                """)
        let rubric = try RubricLoader.load(yaml: yaml, file: "r.yaml")
        for criterion in [rubric.criteria[0], try RubricArchive.decode(RubricArchive.encode([rubric]))[0].criteria[0]] {
            XCTAssertEqual(criterion.template(in: "raise"), "I'd like my pay to go to …")
            XCTAssertEqual(criterion.template(in: "lateral"), "I'd like to move to …")
            XCTAssertEqual(criterion.template(in: nil), "I'd like to move to …")
        }
        let bad = yaml.replacingOccurrences(of: "raise: \"I'd like my pay to go to …\"", with: "raise: [a, b]")
        XCTAssertThrowsError(try RubricLoader.load(yaml: bad, file: "r.yaml")) { error in
            XCTAssertTrue("\(error)".contains("r.yaml:"), "\(error)")
            XCTAssertTrue("\(error)".contains("template-by-situation"), "\(error)")
        }
    }
}
