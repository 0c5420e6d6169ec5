import PitchResources
import XCTest

@testable import PitchCore

/// What a new user met (issue 19's second try-out): softer insults, going over the boss's head by name, a hint at
/// other employers; a bitter draft's first fix; a criterion that does not count in the draft's situation.
final class MentorReadingTests: XCTestCase {
    var rubrics: [Rubric] = []
    override func setUpWithError() throws { rubrics = try Fixtures.coreRubrics() }

    func redLines(_ text: String) -> [String] {
        Scorer.score(text, rubrics: rubrics).redLines.map(\.criterion)
    }

    func testSofterInsultsGoingOverTheBossAndOtherEmployersAreRedLines() {
        let ask = "Could I move to the platform team from April? "
        XCTAssertEqual(redLines(ask + "I find you insipid and pretentious.\n"), ["no-insults"])
        XCTAssertEqual(redLines(ask + "Frankly you are a useless manager.\n"), ["no-insults"])
        XCTAssertEqual(
            redLines(ask + "I already spoke with Mark, your manager, and he has agreed in principle.\n"),
            ["no-going-over-head"])
        XCTAssertEqual(redLines(ask + "There are other companies that would value my work.\n"), ["no-ultimatums"])
        let card = Scorer.score(ask + "Frankly you are a useless manager.\n", rubrics: rubrics)
        XCTAssertEqual(card.band, .doNotSend)
    }

    /// "The ask comes first" asks whether the draft's ask is up front: a leading sentence that only hints at a
    /// request earns less once the draft makes its ask, more clearly, at the end.
    func testALeadingHintDoesNotPassForTheAskTheDraftMakesAtItsEnd() throws {
        let hint = "Informatics has been asking for someone who knows our rostering system from the inside.\n"
        let body = "Joan has covered every leave since spring and ran the December rota on her own.\n"
        let ask = "I'd like to move to the clinical informatics post from February; would you support that?\n"
        func askUpFront(_ text: String) throws -> Double {
            let card = Scorer.score(text, rubrics: try Fixtures.compiledRubrics())
            let theAsk = try XCTUnwrap(card.rubrics.first { $0.id == "the-ask" })
            return try XCTUnwrap(theAsk.criteria.first { $0.id == "ask-up-front" }).score
        }
        let askLast = try askUpFront(hint + body + ask)
        XCTAssertLessThan(askLast, 0.2, "the hint passes for the ask")
        XCTAssertGreaterThan(try askUpFront(ask + hint + body), 0.9)
        XCTAssertLessThanOrEqual(askLast, try askUpFront(hint + body), "a later, clearer ask raised the hint's credit")
    }

    /// What a third try-out met: an offer held over the boss, HR named as the next step, a recruiter's call; and
    /// "I will leave …" said of a door left open or notes left behind, which threatens nothing.
    func testThreatsTheTryOutFoundAreRedLinesAndLeavingThingsBehindIsNot() {
        let ask = "Could I move to the platform team from April? "
        XCTAssertEqual(
            redLines(ask + "I have an offer from another company, and I'll accept it if this move doesn't happen.\n"),
            ["no-ultimatums"])
        XCTAssertEqual(
            redLines(ask + "If we can't agree on this, I'll take the matter to HR.\n"), ["no-going-over-head"])
        XCTAssertEqual(redLines(ask + "Recruiters keep calling, and I might start picking up.\n"), ["no-ultimatums"])
        XCTAssertEqual(redLines(ask + "I will leave the door open to revisit this next year.\n"), [])
        XCTAssertEqual(
            redLines(ask + "I will leave my current QA duties well documented for whoever takes them.\n"), [])
        // A veiled threat (a fourth try-out), and the same words said of the work.
        XCTAssertEqual(
            redLines(ask + "I'd agree it would be a shame if the mobile roadmap had to change hands at this stage.\n"),
            ["no-ultimatums"])
        XCTAssertEqual(
            redLines(ask + "It would be a shame if the team lost momentum, so I will overlap with Ana for a month.\n"),
            [])
    }

    func testTheSameWordsSaidHarmlesslyAreNoRedLine() {
        XCTAssertEqual(redLines("I know you are busy this week, so could we talk on Friday?\n"), [])
        XCTAssertEqual(redLines("I think the old process was useless, so I'd like to fix it.\n"), [])
        XCTAssertEqual(redLines("Other companies would value a faster release cycle, and so would we.\n"), [])
    }

    func testABitterDraftHearsAboutTheRiskFirst() throws {
        let bitter = """
            Tom, you dropped the ball on my promotion last year and I am tired of it. Management never listens and the \
            whole place is a mess. I want to move to the platform team in April. I have been loyal for too long.

            """
        let card = Scorer.score(bitter, rubrics: rubrics)
        let risk = try XCTUnwrap(card.rubrics.first { $0.id == "bridge-risk" })
        XCTAssertEqual(risk.level, .high)
        // Its band says so: not "needs work", like a weak but harmless draft, nor "close" however strong the case.
        XCTAssertEqual(card.band, .risky)
        XCTAssertTrue(card.redLines.isEmpty)
        XCTAssertEqual(card.fixes.first?.rubric, "bridge-risk", "\(card.fixes.map(\.criterion))")
        // It names the sentences to take out; the whole-text reading, which sums them up, does not come first.
        XCTAssertNotEqual(card.fixes.first?.criterion, "reads-as-calm", "\(card.fixes.map(\.criterion))")
    }

    /// A fix that takes out a red line is required, not worth "+0" points: the reports say "red line".
    func testARedLineFixSaysRedLineInsteadOfPoints() throws {
        let text =
            "Could I move to the platform team from April? Frankly you are a useless manager, and if this doesn't "
            + "happen I will resign.\n"
        let card = Scorer.score(text, rubrics: rubrics)
        let first = try XCTUnwrap(card.fixes.first)
        XCTAssertTrue(card.isRedLine(first), "\(card.fixes.map(\.criterion))")
        let report = ReportRenderer.text(card, file: "d.txt", style: ReportStyle(color: false, width: 200))
        let line = try XCTUnwrap(report.split(separator: "\n").first { $0.hasPrefix("  1. ") })
        XCTAssertTrue(line.hasSuffix("red line"), String(line))
        XCTAssertTrue(ReportRenderer.markdown(card, file: "d.txt").contains("(red line)"))
        // The fixes after the red lines keep their points.
        let other = try XCTUnwrap(card.fixes.first { !card.isRedLine($0) })
        XCTAssertTrue(report.contains("[\(other.rubric)/\(other.criterion)] \(other.gainText)"), report)
    }

    /// A harmless draft is never "risky", however weak: that band is for a bridge risk that reads high.
    func testAWeakHarmlessDraftNeedsWorkAndIsNotRisky() {
        let card = Scorer.score("I would like to discuss my role at some point.\n", rubrics: rubrics)
        XCTAssertEqual(card.band, .needsWork)
        XCTAssertNotEqual(card.rubrics.first { $0.id == "bridge-risk" }?.level, .high)
    }

    /// A written request opens as people write one ("Requesting a salary review.", "I am writing to request …"):
    /// the ask comes first there too.
    func testAWrittenRequestsOpeningIsTheAskUpFront() throws {
        let ask = try XCTUnwrap(try Fixtures.compiledRubrics().first { $0.id == "the-ask" })
        func upFront(_ text: String) throws -> Double {
            try XCTUnwrap(Fixtures.criterion(Scorer.score(text, rubrics: [ask]), "the-ask", "ask-up-front")).score
        }
        let body =
            "Over the last year I took over the Hendricks account and grew it by 30%. My pay has not moved since 2023. "
            + "Could we look at a raise to 52,000 from April?\n"
        XCTAssertEqual(try upFront("Requesting a salary review. " + body), 1)
        XCTAssertEqual(try upFront("I am writing to request a transfer to the Leeds office. " + body), 1)
        XCTAssertLessThan(try upFront("Hope your week is going well. The weather has been awful lately. " + body), 0.2)
        // Thanks may come first: the ask is in the two sentences after them.
        let decline =
            "I was touched that you see me that way. I'd like to decline the role and stay as a senior engineer. "
            + "Lena would be excellent in it.\n"
        XCTAssertEqual(try upFront("Thank you for thinking of me for the manager role. " + decline), 1)
        XCTAssertLessThan(try upFront("I was surprised by the news this week. " + decline), 0.2)
    }

    /// A question a rubric criterion answers ("And if I say no?", the-ask/fallback) is answered where that criterion
    /// finds its evidence, or the question's own phrases do: never by a resemblance the criterion's reader rejects,
    /// so the report does not call it answered while its fixes ask for a fallback.
    func testAQuestionACriterionAnswersAgreesWithTheCriterion() throws {
        let rubrics = try Fixtures.compiledRubrics()
        let book = try XCTUnwrap(try QuestionBook.embedded(trainedWith: { rubrics }))
        let ask =
            "Could I step down from managing the analysts to a senior analyst role from 1 July? Aisha is ready to lead "
            + "the team. "
        for (tail, expected) in [
            ("If July is too early, I can stay on until the end of the quarter.\n", true),
            // Once read as answering it by the question's own resemblance, which the fallback criterion rejects.
            ("This wasn't an easy decision.\n", false),
            ("Aisha has run our sprint planning since January and is keen to lead.\n", false),
        ] {
            let card = Scorer.score(ask + tail, rubrics: rubrics, questions: book, situation: "step-down")
            let question = try XCTUnwrap(card.questions.first { $0.id == "fallback" })
            let fallback = try XCTUnwrap(Fixtures.criterion(card, "the-ask", "fallback"))
            let found = fallback.findings.contains { !$0.isFaint && !$0.isPenalty }
            XCTAssertEqual(question.answered, expected, tail)
            XCTAssertEqual(
                question.answered, found || question.evidence.contains { $0.source == .phrase }, tail)
            if question.answered { XCTAssertFalse(card.fixes.contains { $0.criterion == "fallback" }, tail) }
        }
    }

    /// A fallback offered as another date ("If July is too early, …") is one; "too early to say" is none.
    func testAFallbackDateIsReadAsAFallback() throws {
        let ask = try XCTUnwrap(try Fixtures.compiledRubrics().first { $0.id == "the-ask" })
        func fallback(_ text: String) throws -> Double {
            try XCTUnwrap(Fixtures.criterion(Scorer.score(text, rubrics: [ask]), "the-ask", "fallback")).score
        }
        let move = "Could I step down from managing the analysts to a senior analyst role from 1 July? "
        XCTAssertEqual(try fallback(move + "If July is too early, I can stay on until the end of the quarter.\n"), 1)
        XCTAssertEqual(
            try fallback(move + "It is too early to say whether the new rota will hold.\n"), 0, accuracy: 0.3)
    }

    func testACriterionThatDoesNotCountSaysSoAndGivesNoAdvice() throws {
        let book = try XCTUnwrap(try QuestionBook.embedded(trainedWith: { self.rubrics }))
        let text = "Could I have a raise of 6% from April? I closed 14 deals worth $1.2M this year.\n"
        let card = Scorer.score(text, rubrics: rubrics, questions: book, situation: "raise")
        let report = ReportRenderer.text(card, file: "r.txt", style: ReportStyle(color: false, width: 200))
        let lines = report.split(separator: "\n")
        let at = try XCTUnwrap(lines.firstIndex { $0.contains("[work-covered]") })
        XCTAssertTrue(lines[at].contains("(does not count for a raise)"), String(lines[at]))
        XCTAssertTrue(lines[at].hasPrefix("  – "), String(lines[at]))
        XCTAssertFalse(lines[at + 1].contains("→"), "no advice for what does not count: \(lines[at + 1])")
        // A criterion that counts and falls short does get its advice line.
        let short = try XCTUnwrap(lines.firstIndex { $0.contains("[boss-goals]") })
        XCTAssertTrue(lines[short + 1].contains("→"), String(lines[short + 1]))
        // A rubric that does not count (successor readiness, for a raise) says so once, and none of its criteria
        // advises: a raise is not told to name who takes over.
        let header = try XCTUnwrap(lines.firstIndex { $0.hasPrefix("Successor readiness ") })
        XCTAssertTrue(lines[header].contains("(does not count for a raise)"), String(lines[header]))
        let section = lines[(header + 1)...].prefix { !$0.isEmpty && $0.hasPrefix(" ") }
        XCTAssertTrue(section.contains { $0.contains("[named-successor]") }, "\(section)")
        XCTAssertFalse(section.contains { $0.contains("→") }, "advice where the rubric does not count: \(section)")
    }

    /// Figures count as impact in sentences about what the boss gains, not in those about who covers the work.
    func testTenureInAHandoverSentenceIsNoImpact() throws {
        let text = """
            Could I move to the platform team from April? It would cut our deploy time by 40% this year.
            Priya has run our stand-ups for six months and is ready to lead the team.

            """
        let card = Scorer.score(text, rubrics: rubrics)
        let impact = try XCTUnwrap(Fixtures.criterion(card, "organisational-benefit", "quantified-impact"))
        let covered = try XCTUnwrap(Fixtures.criterion(card, "organisational-benefit", "work-covered"))
        XCTAssertGreaterThan(covered.score, 0, "the handover sentence earns work-covered")
        XCTAssertEqual(impact.findings.map(\.text), ["40"], "the 40% of the result, not the six months of tenure")
    }
}
