import XCTest

@testable import PitchCore

/// `metric: text-reading`: how a draft reads as a whole on its rubric's scale. It ranks a draft about the team's
/// gain above one about the writer, a calm draft above a bitter one; its score is its sentences' shares added up;
/// its advice starts where the draft loses most; a draft the encoder did not read is not judged by it.
final class TextReadingTests: XCTestCase {
    let aboutTheTeam = """
        Moving me to the billing team would close the gap in invoice checks you raised at the review.
        Last quarter two late invoices cost us a client, and I already run the checks for our own accounts.
        Tomasz has covered the front desk with me since May and can take it over in full.
        It costs nothing extra, and the team keeps its month-end dates.

        """
    let aboutMe = """
        I have been thinking about what I want from my next few years here.
        I want work that excites me and a title that shows how far I have come.
        I feel I have earned a change, and I would love to grow.
        Could I move to the billing team?

        """
    let calm = """
        Could we talk about my moving to the billing team in the new year?
        I have enjoyed the front desk and learned a lot from you.
        Tomasz is ready to take it over, and I will stay on for the handover.

        """
    let bitter = """
        Could we talk about my moving to the billing team in the new year?
        Frankly I have been left to carry the front desk alone while others get the credit.
        Nobody here has lifted a finger for me in three years, and I am tired of pretending otherwise.

        """

    func criterion(_ text: String, _ rubric: String, _ id: String) throws -> CriterionScore {
        let card = Scorer.score(text, rubrics: try Fixtures.coreRubrics())
        let scored = try XCTUnwrap(card.rubrics.first { $0.id == rubric })
        return try XCTUnwrap(scored.criteria.first { $0.id == id }, "no \(id) in \(rubric)")
    }

    /// A reading is linear, so it can pass either end of the raters' scale; the report says so instead of showing
    /// a mark the raters never give ("reads as 1.19 on the raters' 0–1 scale").
    func testAReadingPastTheScaleIsSaidSo() {
        XCTAssertEqual(TextReading.onTheScale(0.62), "as 0.62 on the raters' 0–1 scale")
        XCTAssertEqual(TextReading.onTheScale(1.19), "past the top of the raters' 0–1 scale (1.19)")
        XCTAssertEqual(TextReading.onTheScale(-0.12), "below the bottom of the raters' 0–1 scale (-0.12)")
    }

    func testADraftAboutTheTeamsGainReadsAboveOneAboutTheWriter() throws {
        let team = try criterion(aboutTheTeam, "organisational-benefit", "reads-as-their-gain")
        let me = try criterion(aboutMe, "organisational-benefit", "reads-as-their-gain")
        XCTAssertGreaterThan(team.score, me.score + 0.1, "team \(team.score), me \(me.score)")
        XCTAssertGreaterThan(team.weight, 0)
    }

    func testACalmDraftReadsAboveABitterOneAndTheAdviceStartsWhereItLosesMost() throws {
        let calmReading = try criterion(calm, "bridge-risk", "reads-as-calm")
        let bitterReading = try criterion(bitter, "bridge-risk", "reads-as-calm")
        XCTAssertGreaterThan(calmReading.score, bitterReading.score + 0.1)
        let worst = try XCTUnwrap(bitterReading.findings.first(where: \.isPenalty), "no sentence lowers it")
        XCTAssertNotEqual(worst.span.line, 1, "the ask is read as what lowers the draft most")
        XCTAssertTrue(bitterReading.advice.contains("Start with line \(worst.span.line): “"), bitterReading.advice)
    }

    /// A pitch must ask and may thank: the advice never sends the writer to rework the ask or the thanks, and a
    /// reading at full credit shows no sentence as costing it.
    func testTheAdviceSkipsTheAskAndTheThanksAndFullCreditCostsNothing() throws {
        let draft = """
            Could I move to the billing team from March?
            I have been thinking about what I want from my next few years.
            I want work that excites me and a title that shows how far I have come.
            Thank you for everything.

            """
        let reading = try criterion(draft, "organisational-benefit", "reads-as-their-gain")
        XCTAssertLessThan(reading.score, 1)
        let lowering = reading.findings.filter(\.isPenalty).map(\.sentence)
        XCTAssertTrue(
            lowering.contains { $0.hasPrefix("Could I move") || $0.hasPrefix("Thank you") },
            "neither the ask nor the thanks lowers the reading, so the test shows nothing: \(lowering)")
        XCTAssertTrue(reading.advice.contains("Start with line 2") || reading.advice.contains("Start with line 3"))
        XCTAssertFalse(reading.advice.contains("Could I move"), reading.advice)
        XCTAssertFalse(reading.advice.contains("Thank you"), reading.advice)
        XCTAssertTrue(TextDocument(draft).opensWithThanks(3))
        XCTAssertFalse(TextDocument(draft).opensWithThanks(0))
        let full = try criterion(calm, "bridge-risk", "reads-as-calm")
        XCTAssertEqual(full.score, 1)
        XCTAssertFalse(full.findings.contains(where: \.isPenalty), "\(full.findings.map(\.text))")
    }

    /// Every point of the reading is a sentence's: the score is the centre plus the shares, and the findings are
    /// the sentences with the largest shares each way, a share's size as the finding's strength.
    func testTheScoreIsTheSentencesSharesAddedUp() throws {
        let facts = SentenceFacts(TextDocument(bitter), criteria: [])
        let reading = try XCTUnwrap(facts.contextual?.textReadings["bridge-risk"])
        XCTAssertEqual(reading.shares.count, 3)
        let scored = try criterion(bitter, "bridge-risk", "reads-as-calm")
        let bridge = try XCTUnwrap(try Fixtures.coreRubrics().first { $0.id == "bridge-risk" })
        let defined = try XCTUnwrap(bridge.criteria.first { $0.id == "reads-as-calm" })
        XCTAssertLessThan(defined.high, 1, "full credit is from the reading of the drafts raters called safe")
        let expected = (Double(reading.value) - defined.low) / (defined.high - defined.low)
        XCTAssertEqual(scored.score, min(1, max(0, expected)), accuracy: 1e-6)
        let largest = reading.shares.values.map { abs(Double($0)) }.max() ?? 0
        XCTAssertEqual(scored.findings.map(\.strength).max() ?? 0, largest, accuracy: 1e-6)
        let document = TextDocument(bitter)
        for finding in scored.findings {
            let k = try XCTUnwrap(
                document.sentences.firstIndex { document.text(from: $0.start, to: $0.end) == finding.sentence })
            let share = try XCTUnwrap(reading.shares[k])
            XCTAssertEqual(finding.isPenalty, share < 0, "line \(finding.span.line)")
        }
        XCTAssertTrue(scored.explanation.hasPrefix("reads as "), scored.explanation)
    }

    /// The Swift reading is the one `fit_scoring.py` fitted: on the criteria's own examples it matches the final
    /// model's float32 reading in Python (`Models/fixtures/text-readings.tsv`, written with the heads) to within
    /// what the int8 encoder moves it. A change to either side's formula or to the sentences it reads fails here.
    func testTheReadingMatchesThePythonFit() throws {
        let fixture = try String(
            contentsOf: Fixtures.packageRoot.appendingPathComponent("Models/fixtures/text-readings.tsv"),
            encoding: .utf8)
        let lines = fixture.split(separator: "\n").filter { !$0.hasPrefix("#") }
        XCTAssertEqual(lines.count, 8)
        for line in lines {
            let fields = line.split(separator: "\t", maxSplits: 2).map(String.init)
            let expected = try XCTUnwrap(Double(fields[1]))
            let facts = SentenceFacts(TextDocument(fields[2]), criteria: [])
            let reading = try XCTUnwrap(facts.contextual?.textReadings[fields[0]], fields[0])
            XCTAssertEqual(Double(reading.value), expected, accuracy: 0.02, "\(fields[0]): \(fields[2].prefix(60))")
        }
    }

    /// Past 100 KB the static table reads the draft: there is no whole-text reading, and the criterion weighs
    /// nothing in the rubric's score.
    func testALongDraftHasNoReadingAndItCountsForNothing() throws {
        let long = String(repeating: "The quarterly numbers are in the shared folder for review. ", count: 2_000)
        let card = Scorer.score(long, rubrics: try Fixtures.coreRubrics())
        let bridge = try XCTUnwrap(card.rubrics.first { $0.id == "bridge-risk" })
        let reading = try XCTUnwrap(bridge.criteria.first { $0.id == "reads-as-calm" })
        XCTAssertTrue(reading.unread)
        XCTAssertEqual(reading.weight, 0)
        let others = bridge.criteria.filter { $0.id != "reads-as-calm" }
        XCTAssertEqual(bridge.score, bridge.aggregation.score(others), accuracy: 1e-9)
    }
}
