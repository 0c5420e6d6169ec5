import Foundation
import TestSupport
import XCTest

/// The coach that knows the situation: the ask, the boss's questions, rehearsal that pushes back — through the binary.
final class CoachTests: XCTestCase {
    func report(_ box: Sandbox, _ text: String, _ extra: [String] = []) throws -> [String: Any] {
        let path = try box.file("d-\(UUID().uuidString).txt", text)
        let result = try box.run(["score", path, "--format", "json"] + extra)
        XCTAssertTrue([0, 1].contains(result.status), result.stderr)
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any])
    }

    func questions(_ report: [String: Any]) -> [String: Bool] {
        Dictionary(
            uniqueKeysWithValues: (report["questions"] as? [[String: Any]] ?? []).map {
                ($0["id"] as! String, $0["answered"] as! Bool)
            })
    }

    func rubric(_ report: [String: Any], _ id: String) -> Double {
        (report["rubrics"] as? [[String: Any]])?.first { $0["id"] as? String == id }?["score"] as? Double ?? -1
    }

    let stepDown = """
        Hi Meera,

        I'd like to step down as team lead and move back to hands-on engineering from April. Would you support that?

        Leila has run our Monday planning since the autumn and covered every one of my holidays, and she told me she would
        like the lead role. She would take over the four analysts on 1 April, and I would sit with her for the first month.

        Thanks,
        Ama
        """

    func testAStepDownDraftAnswersWhoTakesOverAndLeavesPayOpen() throws {
        let box = try Sandbox()
        let r = try report(box, stepDown)
        XCTAssertEqual(r["situation"] as? String, "step-down")
        let q = questions(r)
        XCTAssertEqual(q["who-takes-over"], true, "\(q)")
        XCTAssertEqual(q["successor-wants-it"], true, "\(q)")
        XCTAssertEqual(q["level-and-pay"], false, "\(q)")
        let text = try box.run(["score", try box.file("s.txt", stepDown)]).out
        XCTAssertTrue(text.contains("Your boss will ask (step-down;"), text)
        XCTAssertTrue(text.contains("? What happens to your level and pay?"), text)
    }

    func testADraftThatNeverMentionsTheTeamLeavesWhoTakesOverOpen() throws {
        let box = try Sandbox()
        let r = try report(
            box,
            "I'd like to move to the data team in April. I have always enjoyed analysis and I think I would be good at it.\n"
        )
        XCTAssertEqual(questions(r)["who-takes-over"], false, "\(questions(r))")
        // The situation can be given; an unknown one is refused in one line.
        let raise = try report(box, "I'd like to move to the data team in April.\n", ["--situation", "raise"])
        XCTAssertEqual(raise["situation"] as? String, "raise")
        XCTAssertNotNil(questions(raise)["market-evidence"])
        // A declined promotion hands nothing over: nobody asks who takes over the team.
        let decline = try report(box, "I'd like to stay in my current role.\n", ["--situation", "decline"])
        XCTAssertNil(questions(decline)["who-takes-over"], "\(questions(decline))")
        XCTAssertFalse(questions(decline).isEmpty)
        let bad = try box.run([
            "score", try box.file("b.txt", "Hello there, I'd like a change.\n"), "--situation", "sideways",
        ])
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.contains("unknown situation 'sideways'"), bad.stderr)
    }

    func testADraftThatOpensWithItsAskScoresFarAboveTheSameAskLast() throws {
        let box = try Sandbox()
        let ask = "I'd like to move to the clinical informatics post from February; would you support that?"
        let body = """
            Informatics has been asking for someone who knows our rostering system, and the e-prescribing rollout lands on our ward first.
            Joan has covered every leave since spring and ran the December rota on her own.
            She would take over the three schedulers on 1 February, and I would sit in on her planning meeting until March.
            """
        let first = try report(box, ask + "\n" + body + "\n")
        let last = try report(box, body + "\n" + ask + "\n")
        XCTAssertGreaterThanOrEqual(
            rubric(first, "the-ask") - rubric(last, "the-ask"), 20,
            "ask first \(rubric(first, "the-ask")), ask last \(rubric(last, "the-ask"))")
        // A sentence over 30 words is flagged with its place.
        let long = try report(
            box, ask + " " + String(repeating: "and the rollout needs us on the ward ", count: 6) + "now.\n")
        let criteria =
            (long["rubrics"] as? [[String: Any]])?.first { $0["id"] as? String == "the-ask" }?["criteria"]
            as? [[String: Any]]
        let flagged = criteria?.first { $0["id"] as? String == "short-sentences" }?["evidence"] as? [[String: Any]]
        XCTAssertEqual(flagged?.first?["line"] as? Int, 1)
    }

    func testARehearsedThreatIsFlaggedScoresLowAndTheModelAnswerIsAlwaysShown() throws {
        let box = try Sandbox()
        XCTAssertEqual(try box.run(["new", "r"]).status, 0)
        XCTAssertEqual(try box.run(["save", "r", try box.file("d.txt", stepDown)]).status, 0)
        let answers =
            "if you say no I will look for another job\n\nok\n\nThe team keeps a lead who already runs planning.\n\nfine\n\n"
        let json = try box.run(["rehearse", "r", "--rounds", "2", "--format", "json"], stdin: Data(answers.utf8))
        XCTAssertEqual(json.status, 0, json.stderr)
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any])
        let rounds = try XCTUnwrap(object["rounds"] as? [[String: Any]])
        let first = try XCTUnwrap(rounds.first)
        XCTAssertEqual(first["flags"] as? [String], ["no-ultimatums"])
        XCTAssertLessThan(first["score"] as? Double ?? 100, 30)
        XCTAssertEqual(first["followUp"] as? String, "And if I say no?")
        XCTAssertFalse((first["modelAnswer"] as? String ?? "").isEmpty)
        for key in ["objection", "answer", "score", "flags", "followUp", "modelAnswer"] {
            XCTAssertNotNil(first[key], key)
        }
        let text = try box.run(["rehearse", "r", "--rounds", "2"], stdin: Data(answers.utf8))
        let scored = text.out.components(separatedBy: "Answer scored").count - 1
        XCTAssertGreaterThanOrEqual(scored, 2, text.out)
        XCTAssertEqual(text.out.components(separatedBy: "A model answer:").count - 1, scored, text.out)
        XCTAssertTrue(text.out.contains("Flagged: bridge-risk/no-ultimatums"), text.out)
        XCTAssertTrue(text.out.contains("Rehearsal summary"), text.out)
    }

    func testRehearseFitsTheSituationAndPipedAnswersAreOneRoundEach() throws {
        let box = try Sandbox()
        XCTAssertEqual(try box.run(["new", "r"]).status, 0)
        XCTAssertEqual(try box.run(["save", "r", try box.file("d.txt", stepDown)]).status, 0)
        // Two answers, two rounds: a weak answer's follow-up is announced, and the next answer is the next round's.
        let answers =
            "if you say no I will look for another job\n\nThe team keeps a lead who already runs planning.\n\n"
        let text = try box.run(["rehearse", "r", "--rounds", "2"], stdin: Data(answers.utf8))
        XCTAssertEqual(text.status, 0, text.stderr)
        XCTAssertTrue(text.out.contains("Objection 2 of 2"), text.out)
        XCTAssertTrue(text.out.contains("The boss would follow up: And if I say no?"), text.out)
        let summary = try XCTUnwrap(text.out.components(separatedBy: "Rehearsal summary").last)
        XCTAssertTrue(summary.contains("you said: “if you say no I will look for another job”"), summary)
        XCTAssertTrue(summary.contains("you said: “The team keeps a lead who already runs planning.”"), summary)
        // A step-down is not asked about the next level; every situation the tool knows is a --kind.
        let many = try box.run(
            ["rehearse", "r", "--rounds", "12"], stdin: Data(String(repeating: "An answer.\n\n", count: 12).utf8))
        XCTAssertFalse(many.out.contains("ready for the next level"), many.out)
        for kind in ["step-down", "transfer", "lateral", "promotion", "decline", "raise"] {
            let run = try box.run(["rehearse", "r", "--rounds", "1", "--kind", kind], stdin: Data("An answer.\n".utf8))
            XCTAssertEqual(run.status, 0, "\(kind): \(run.stderr)")
        }
        let raise = try box.run(
            ["rehearse", "r", "--rounds", "12", "--kind", "raise"],
            stdin: Data(String(repeating: "An answer.\n\n", count: 12).utf8))
        XCTAssertFalse(raise.out.contains("Who runs your team if you move?"), raise.out)
    }

    func testTheREPLShowsAndSetsTheSituation() throws {
        let box = try Sandbox()
        let script = """
            new q
            write
            I would like to step down as team lead and return to engineering in April.
            .
            situation
            situation nowhere
            situation raise
            score
            quit

            """
        let result = try box.run([], stdin: Data(script.utf8))
        XCTAssertTrue(result.out.contains("situation: step-down (read from the draft)"), result.out)
        XCTAssertTrue((result.out + result.stderr).contains("unknown situation 'nowhere'"), result.out)
        XCTAssertTrue(result.out.contains("situation: raise — "), result.out)
        XCTAssertTrue(result.out.contains("Your boss will ask (raise;"), result.out)
    }

    func testFailUnderComparesTheShownScoreAndRefusesWhatIsNoScore() throws {
        let box = try Sandbox()
        let path = try box.file("d.txt", stepDown)
        // The score as the text report shows it (JSON keeps one decimal: 72.5 there can be a 72.46 shown as 72).
        let text = try box.run(["score", path]).out
        let shown = try XCTUnwrap(
            text.firstMatch(of: #/overall (\d+)/100/#).flatMap { Double($0.1) }, text)
        XCTAssertEqual(
            try box.run(["score", path, "--fail-under", String(Int(shown))]).status, 0,
            "the shown score passes its own gate")
        XCTAssertEqual(try box.run(["score", path, "--fail-under", String(Int(shown) + 1)]).status, 1)
        for bad in ["-5", "nan", "inf", "101", "1e308"] {
            let result = try box.run(["score", path, "--fail-under", bad])
            XCTAssertEqual(result.status, 2, bad)
            XCTAssertTrue(result.stderr.contains("--fail-under takes a score from 0 to 100"), result.stderr)
        }
    }

    func testAPipedSessionThatHitAnErrorSaysSoOnStandardErrorAndExitsTwo() throws {
        let box = try Sandbox()
        let failing = try box.run([], stdin: Data("open nosuch\nbogus\nlist\n".utf8))
        XCTAssertEqual(failing.status, 2)
        XCTAssertTrue(failing.stderr.contains("error: no pitch named 'nosuch'"), failing.stderr)
        XCTAssertTrue(failing.stderr.contains("unknown command 'bogus'"), failing.stderr)
        XCTAssertFalse(failing.out.contains("error:"), failing.out)
        XCTAssertEqual(try box.run([], stdin: Data("help\nquit\n".utf8)).status, 0)
    }
}
