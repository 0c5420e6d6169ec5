import Foundation
import TestSupport
import XCTest

/// What a mentor would say of real kinds of writing, through the built binary: the contextual encoder reads the
/// sentences, the situation changes what counts, red lines are drawn where a mentor draws them and nowhere else.
final class JudgementTests: XCTestCase {
    func report(_ text: String, _ extra: [String] = [], file: StaticString = #filePath, line: UInt = #line) throws
        -> [String: Any]
    {
        let box = try Sandbox()
        let path = try box.file("draft.txt", text)
        let result = try box.run(["score", path, "--format", "json"] + extra)
        XCTAssertTrue([0, 1].contains(result.status), result.stderr, file: file, line: line)
        let object = try JSONSerialization.jsonObject(with: result.stdout)
        return try XCTUnwrap(object as? [String: Any], file: file, line: line)
    }

    func rubric(_ report: [String: Any], _ id: String) throws -> [String: Any] {
        let rubrics = try XCTUnwrap(report["rubrics"] as? [[String: Any]])
        return try XCTUnwrap(rubrics.first { $0["id"] as? String == id }, "no rubric \(id)")
    }

    /// The clear (not faint) findings of one criterion.
    func clearFindings(_ report: [String: Any], _ rubricID: String, _ criterionID: String) throws -> [[String: Any]] {
        let criteria = try XCTUnwrap(try rubric(report, rubricID)["criteria"] as? [[String: Any]])
        let criterion = try XCTUnwrap(criteria.first { $0["id"] as? String == criterionID }, "no \(criterionID)")
        let evidence = try XCTUnwrap(criterion["evidence"] as? [[String: Any]])
        return evidence.filter { ($0["faint"] as? Bool) != true }
    }

    func redLines(_ report: [String: Any]) -> [String] {
        (report["redLines"] as? [[String: Any]] ?? []).compactMap { $0["criterion"] as? String }
    }

    func testAPageIsReadInContextAndALongTextByTheTable() throws {
        let page = try report("I'd like to move to the platform team in March. Priya is ready to lead the analysts.\n")
        XCTAssertEqual(page["sentenceReading"] as? String, "contextual")
        let long = String(repeating: "The quarterly numbers are in the shared folder for review. ", count: 2_000)
        let big = try report(long)
        XCTAssertEqual(big["sentenceReading"] as? String, "table", "over 100 KB the static table reads it")
        // The whole-text reading is the encoder's: the page has one, traced to its sentences; the long text none.
        func wholeText(_ report: [String: Any]) throws -> [String: Any] {
            let criteria = try XCTUnwrap(try rubric(report, "bridge-risk")["criteria"] as? [[String: Any]])
            return try XCTUnwrap(criteria.first { $0["id"] as? String == "reads-as-calm" })
        }
        XCTAssertNil(try wholeText(page)["unread"])
        XCTAssertEqual((try wholeText(page)["evidence"] as? [[String: Any]])?.isEmpty, false)
        XCTAssertEqual(try wholeText(big)["unread"] as? Bool, true)
        XCTAssertEqual(try wholeText(big)["weight"] as? Double, 0)
    }

    func testPlainHostilityIsReadAsAnInsult() throws {
        let text = "Dear Mark,\nI want to talk about my role.\nI find you insipid and pretentious.\n"
        // The table's heads read it at 0.02; the calibrated model reads it as an insult, faintly, and the phrase
        // "find you {insulting}" in a sentence the model so reads makes it a red line.
        let scored = try report(text)
        let criteria = try XCTUnwrap(try rubric(scored, "bridge-risk")["criteria"] as? [[String: Any]])
        let insults = try XCTUnwrap(
            criteria.first { $0["id"] as? String == "no-insults" }?["evidence"] as? [[String: Any]])
        XCTAssertTrue(
            insults.contains { ($0["text"] as? String ?? "").contains("insipid") },
            "the insult is not found: \(insults)")
        XCTAssertEqual(redLines(scored), ["no-insults"])
    }

    func testAHarmlessClosingIsNeitherAnUltimatumNorARedLine() throws {
        let text = """
            I'd like to move into the data team next quarter, at my current level.
            Ana has shadowed me for three months and can take over the weekly reports.
            Let me know what you think.
            I know this changes my level, and I am comfortable moving to the senior engineer band.
            """
        let scored = try report(text)
        XCTAssertEqual(try clearFindings(scored, "bridge-risk", "no-ultimatums").count, 0)
        XCTAssertTrue(redLines(scored).isEmpty)
    }

    func testAResignationThatHandsTheRoleOverThreatensNothing() throws {
        // The table's head, trained on "I will resign" as a threat out of context, reads the resignation as one; in
        // a draft that hands its role over only the model vouches, and it reads no threat here.
        let text = """
            Tom, I am writing to tell you that I am resigning from my role as QA lead; my last day will be 31 May.
            I have accepted a position elsewhere that lets me work closer to my family.
            Ana has run our release testing with me for a year and is ready to take over as QA lead.
            Over the next six weeks I will hand over the test plans and the vendor contacts to her.
            Could we meet this week to agree the handover plan?
            """
        for extra in [[], ["--situation", "handover"]] {
            let scored = try report(text, extra)
            XCTAssertEqual(scored["situation"] as? String, "handover", "\(extra)")
            XCTAssertTrue(redLines(scored).isEmpty, "red lines with \(extra): \(redLines(scored))")
            XCTAssertNotEqual(scored["band"] as? String, "do not send")
        }
        // The same resignation held over the boss in a move is still a red line.
        let threat = try report(
            "I'd like to move to the platform team in March.\nIf the answer is no, I am resigning.\n",
            ["--situation", "lateral"])
        XCTAssertEqual(redLines(threat), ["no-ultimatums"])
    }

    func testAVeiledThreatAboutTheWritersFutureIsARedLine() throws {
        let veiled = try report(
            """
            I'd like to move to the platform team in March.
            Frankly, if this does not happen, I will have to think about whether I have a future here.
            """)
        XCTAssertEqual(redLines(veiled), ["no-ultimatums"])
        let harmless = try report(
            """
            I'd like to move to the platform team in March.
            I often wonder whether I have a future in management, which is why I'd like to move.
            """)
        XCTAssertTrue(redLines(harmless).isEmpty, "red lines: \(redLines(harmless))")
    }

    func testGoingOverTheBossHeadIsARedLine() throws {
        let text = """
            I want the team lead role and I think I've earned it.
            I have already spoken to your manager about it, and she agrees.
            """
        let scored = try report(text)
        XCTAssertTrue(redLines(scored).contains("no-going-over-head"), "red lines: \(redLines(scored))")
        XCTAssertEqual(scored["band"] as? String, "do not send")
    }

    func testABitterDraftIsRisky() throws {
        let text = """
            Leadership has made one bad call after another this year, and the team is paying for it.
            Recruiters call me every week; it would be a shame if I had to start taking those calls seriously.
            I hope you will make the right decision this time, unlike last year.
            """
        let bridge = try rubric(try report(text), "bridge-risk")
        XCTAssertNotEqual(
            bridge["level"] as? String, "low", "a bitter draft reads as low risk: \(bridge["score"] ?? "")")
    }

    func testARaiseIsNotJudgedOnASuccessor() throws {
        let text = """
            I'd like to ask for a raise to 68,000 from April.
            Over the last year I took on the supplier negotiations and cut our costs by 12%.
            The market rate for this role in our city is 65,000 to 72,000.
            Could we agree the new salary at my review next month?
            """
        let scored = try report(text, ["--situation", "raise"])
        XCTAssertEqual(scored["situation"] as? String, "raise")
        let successor = try rubric(scored, "successor-readiness")
        XCTAssertEqual(successor["weight"] as? Double, 0, "successor readiness counts for a raise")
        let fixes = try XCTUnwrap(scored["fixes"] as? [[String: Any]])
        XCTAssertFalse(
            fixes.contains { $0["rubric"] as? String == "successor-readiness" },
            "a raise is told to name a successor: \(fixes)")
    }

    func testTheTextReportSaysARubricDoesNotCount() throws {
        let box = try Sandbox()
        let path = try box.file(
            "raise.txt", "I'd like to ask for a raise to 68,000 from April, in line with the market.\n")
        let result = try box.run(["score", path, "--situation", "raise"])
        XCTAssertTrue([0, 1].contains(result.status), result.stderr)
        XCTAssertTrue(result.out.contains("(does not count for a raise)"), result.out)
    }

    func testARaiseIsShownHowToAskForARaiseNotForAMove() throws {
        let scored = try report(
            "I have run the Leeds accounts for three years.\nThe team hit every target this year.\n"
                + "I think my pay should reflect that.\n", ["--situation", "raise"])
        let fixes = try XCTUnwrap(scored["fixes"] as? [[String: Any]])
        let templates = fixes.compactMap { $0["template"] as? String }
        XCTAssertFalse(templates.isEmpty, "\(fixes)")
        XCTAssertFalse(templates.contains { $0.contains("move to") }, "\(templates)")
        XCTAssertTrue(templates.contains { $0.contains("raise") || $0.contains("pay") }, "\(templates)")
    }
}
