import TestSupport
import XCTest

@testable import PitchCore

/// Criteria that recognise meaning: what the sentence-vector heads add to the phrases, and the document-level
/// rules that keep a score a mentor would sign (keyword lists, repeats, figures, red lines).
final class MeaningTests: XCTestCase {
    var rubrics: [Rubric] = []
    override func setUpWithError() throws { rubrics = try Fixtures.coreRubrics() }

    func score(_ text: String) -> ScoreCard { Scorer.score(text, rubrics: rubrics) }
    func criterion(_ card: ScoreCard, _ id: String) -> CriterionScore {
        card.rubrics.flatMap(\.criteria).first { $0.id == id }!
    }

    func testASentenceWithoutAPhraseIsFoundByItsMeaningAndTracedToAnExample() throws {
        let text =
            "Thanks for reading.\nOur ward keeps losing agency money on nights, and moving me there would stop that spend."
        let found = try XCTUnwrap(criterion(score(text), "cost-and-risk").findings.first)
        XCTAssertEqual(found.source, .meaning)
        XCTAssertEqual(found.span.line, 2)
        XCTAssertEqual(found.span.column, 1)
        XCTAssertGreaterThan(found.strength, 0.5)
        let examples = rubrics.flatMap(\.criteria).first { $0.id == "cost-and-risk" }!.examples.filter(\.meets).map(
            \.text)
        XCTAssertTrue(examples.contains(try XCTUnwrap(found.readsLike)), "reads like something that is not an example")
        // The JSON carries the same, and the text report says what it reads like.
        let json = ReportRenderer.json(score(text))
        XCTAssertTrue(json.contains("\"source\":\"meaning\"") && json.contains("\"readsLike\":"), json)
        XCTAssertTrue(
            ReportRenderer.text(score(text), file: "d", style: .init(color: false, width: 100)).contains(
                "reads like: “"))
    }

    func testAKeywordListAndAFragmentEarnNothing() {
        let soup = """
            Goals, priorities, roadmap, strategy, win-win, aligned, value add.
            Successor ready, Joan trained, coached, mentored, shadowed, knowledge transfer.
            Handover 1 March, overlap four weeks, interim cover, documentation, checklist.
            """
        let card = score(soup)
        for id in [
            "boss-goals", "cost-and-risk", "long-term-value", "successor-preparation", "transition-timeline",
            "short-term-cover", "directs-and-work",
        ] {
            XCTAssertEqual(criterion(card, id).score, 0, id)
        }
        XCTAssertLessThan(card.overall, 50)
    }

    func testRepeatedEvidenceCountsOnce() {
        let once = "Moving me to the night team cuts agency spend by 30% and keeps the ward safely staffed."
        let thrice = [once, once, once].joined(separator: " ")
        XCTAssertEqual(criterion(score(once), "cost-and-risk").score, criterion(score(thrice), "cost-and-risk").score)
        XCTAssertEqual(
            criterion(score(once), "quantified-impact").score, criterion(score(thrice), "quantified-impact").score)
    }

    func testFiguresCountOnlyWhenTheyMeasureAResult() {
        XCTAssertEqual(
            criterion(score("I have been here for 6 years and my rent is $1,500."), "quantified-impact").score, 0)
        XCTAssertEqual(criterion(score("I joined in 2019 and my review is on 1 March."), "quantified-impact").score, 0)
        let result = criterion(
            score("Moving me cuts the rollout by 30% and saves $40,000 a year."), "quantified-impact")
        XCTAssertEqual(result.findings.map(\.text), ["30", "40,000"])
        // How long the move takes is no result: "a two-month handover", "a 6-week overlap", "two weeks' notice".
        let change = criterion(
            score(
                "Moving me cuts the rollout by 30%, with a two-month handover, a 6-week overlap and two weeks' notice."),
            "quantified-impact")
        XCTAssertEqual(change.findings.map(\.text), ["30"])
    }

    func testAThreatToLeaveMakesTheDraftDoNotSendWhateverElseItSays() {
        let good = """
            I'd like to move to the clinical informatics post in February, which helps the ward through the e-prescribing rollout.
            Joan has run the December rota on her own and is ready to take over the three schedulers from 1 February.
            I will stay on her planning meetings until March and write up the agency contracts before I go.
            """
        let safe = score(good)
        let threat = score(good + "\nIf this isn't approved by the end of the month, I will hand in my notice.")
        XCTAssertTrue(safe.redLines.isEmpty)
        XCTAssertNotEqual(safe.band, .doNotSend)
        XCTAssertEqual(threat.band, .doNotSend)
        XCTAssertLessThanOrEqual(threat.overall, Aggregate.redLineOverallCap)
        XCTAssertEqual(threat.rubrics.first { $0.id == "bridge-risk" }?.level, .high)
        XCTAssertEqual(threat.redLines.map(\.criterion), ["no-ultimatums"])
        XCTAssertEqual(threat.redLines.first?.finding.span.line, 4)
        XCTAssertEqual(threat.fixes.first?.criterion, "no-ultimatums")
        XCTAssertTrue(
            ReportRenderer.text(threat, file: "d", style: .init(color: false, width: 100)).contains(
                "Do not send: line 4"))
        XCTAssertTrue(ReportRenderer.json(threat).contains("\"band\":\"do not send\""))
    }

    func testAnInsultAndGoingOverTheHeadAreRedLinesToo() {
        XCTAssertEqual(score("Frankly the people running this department are a bunch of clowns.").band, .doNotSend)
        XCTAssertEqual(
            score("If you won't sign it off I will take this further and file a formal complaint.").band, .doNotSend)
    }

    func testNegationsAndHedgesCancelTheHeadsReading() {
        for text in [
            "I won't quit over this; I'd like us to find a timing that works for you.",
            "I'm not threatening to leave, I want to grow here.",
        ] {
            XCTAssertTrue(criterion(score(text), "no-ultimatums").findings.isEmpty, text)
        }
    }

    func testGreetingsAndSignOffsAreLeftToThePhrases() {
        let card = score("Dear Mr Okafor,\n\nBest wishes,\nAma")
        XCTAssertTrue(card.rubrics.flatMap(\.criteria).flatMap(\.findings).allSatisfy { $0.source == .phrase })
    }

    func testAnAvoidCriterionsEvidenceListsExactlyWhatCostIt() {
        let card = score("You dropped the ball on my promotion. I have run the ward for three years.")
        let blame = criterion(card, "no-blame")
        XCTAssertFalse(blame.findings.isEmpty)
        let cost = blame.findings.map { $0.source == .phrase ? 1 : max(0, ($0.strength - 0.5) / 0.5) }.reduce(0, +)
        XCTAssertEqual(blame.score, max(0, 1 - 0.5 * cost), accuracy: 1e-9)
        XCTAssertTrue(blame.findings.allSatisfy(\.isPenalty))
    }

    func testARubricThatLearnsFromItsExamplesFindsWhatNoPhraseSays() throws {
        let yaml = try YAMLFixtures.text("pantry.yaml")
        let parsed = try Fixtures.rubric(yaml)
        XCTAssertNil(parsed.criteria[0].head, "a rubric read from YAML has no head until it is trained")
        let trained = CriterionTraining.train([parsed] + rubrics, only: ["pantry"])[0]
        XCTAssertNotNil(trained.criteria[0].head)
        let card = Scorer.score(
            "We have almost run out of the plant-based milk for the coffee machine.", rubrics: [trained])
        XCTAssertEqual(card.rubrics[0].criteria[0].findings.first?.source, .meaning)
        // Too few examples that show it: the criterion keeps to its phrases.
        var few = parsed
        few.criteria[0].examples = Array(few.criteria[0].examples.prefix(3))
        XCTAssertNil(CriterionTraining.train([few])[0].criteria[0].head)
    }

    func testLoaderPlacesTheNewKeysErrors() {
        func error(_ yaml: String) -> String {
            do {
                _ = try Fixtures.rubric(yaml)
                return ""
            } catch { return "\(error)" }
        }
        let base = """
            id: r
            name: R
            criteria:
              - id: c
                name: C
                kind: evidence
                phrases: ["x"]
                advice: a
                examples:
                  meets: ["x"]
            """
        XCTAssertTrue(
            error(base + "\n    red-line: 0.8").contains(
                "test.yaml:11:15: `red-line` belongs to a criterion of kind avoid"),
            error(base + "\n    red-line: 0.8"))
        XCTAssertTrue(
            error(base + "\n    threshold: 2").contains("test.yaml:11:16: `threshold` must be between 0.01 and 0.99"),
            error(base + "\n    threshold: 2"))
        XCTAssertTrue(error(base + "\nneutral: 3").contains("test.yaml:11:10:"), error(base + "\nneutral: 3"))
    }
}
