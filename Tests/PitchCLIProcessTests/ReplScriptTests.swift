import Foundation
import TestSupport
import XCTest

/// The REPL and `rehearse` through the built binary with stdin a pipe: no prompts, no escape codes, exit 0.
final class ReplScriptTests: XCTestCase {
    var box: Sandbox!
    override func setUpWithError() throws { box = try Sandbox() }

    func testPipedSessionComposesScoresSavesAndLogs() throws {
        let script = """
            new piped
            write
            I would like to move to the platform team.
            My deputy Sam can run the team from March.
            .
            score
            save piped one
            log
            quit

            """
        // Colour forced on in the environment must still not reach a pipe.
        let result = try box.run([], stdin: Data(script.utf8), extra: ["NO_COLOR": "", "TERM": "xterm-256color"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertFalse(result.out.contains("\u{1B}["), "escape codes in piped output")
        XCTAssertFalse(result.out.contains("pitchcoach>"), "a prompt in piped output")
        XCTAssertTrue(result.out.contains("Successor readiness"), result.out)
        XCTAssertTrue(result.out.contains("saved piped v1"), result.out)
        XCTAssertTrue(result.out.contains("piped one"), result.out)
        let shown = try box.run(["show", "piped"])
        XCTAssertTrue(shown.out.contains("My deputy Sam can run the team from March."), shown.out)
    }

    func testEndOfInputInsideComposeKeepsTheLinesAndExitsZero() throws {
        let result = try box.run([], stdin: Data("new cut\nwrite\nA line with no end marker.\n".utf8))
        XCTAssertEqual(result.status, 0, result.stderr)
        let reopened = try box.run([], stdin: Data("open cut\nshow\n".utf8))
        XCTAssertTrue(reopened.out.contains("recovered an unsaved draft"), reopened.out)
        XCTAssertTrue(reopened.out.contains("A line with no end marker."), reopened.out)
    }

    func testUnknownCommandHintsAndTheSessionGoesOn() throws {
        let result = try box.run([], stdin: Data("frobnicate\nlist\n".utf8))
        XCTAssertEqual(result.status, 2, "a piped session that hit an error exits 2")
        let lines = result.stderr.split(separator: "\n").map(String.init)
        XCTAssertTrue(lines.first?.contains("unknown command 'frobnicate'") ?? false, result.stderr)
        XCTAssertTrue(lines.first?.contains("help") ?? false)
        XCTAssertTrue(result.out.contains("no pitches yet"), "the next command still ran: \(result.out)")
    }

    func testAPipedErrorNamesItsLineCountingTheLinesADraftTook() throws {
        // Line 6 is the error: the draft's three lines and its end marker count, as a script's reader sees them.
        let script = "new lines\nwrite\nFirst line.\nSecond line.\n.\nscor\nshow\n"
        let result = try box.run([], stdin: Data(script.utf8))
        XCTAssertEqual(result.status, 2)
        let lines = result.stderr.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 1, result.stderr)
        XCTAssertTrue(lines[0].hasPrefix("<stdin>:6: error: unknown command 'scor'"), result.stderr)
        XCTAssertTrue(result.out.contains("Second line."), "the next command still ran: \(result.out)")
    }

    func testRehearseFromStdinAsksAboutTheSuccessorFirstAndKeepsAnswers() throws {
        let draft = try box.file(
            "d.txt", "I want to move to the platform team because I am tired of managing people. I deserve a change.\n")
        XCTAssertEqual(try box.run(["new", "reh"]).status, 0)
        XCTAssertEqual(try box.run(["save", "reh", draft]).status, 0)
        let answers = """
            Priya has shadowed me for six months and can lead the team from March; I will coach her weekly.

            The move lets me cut deploy time by 40%, which helps your quarterly goals.

            """
        let result = try box.run(["rehearse", "reh", "--rounds", "2"], stdin: Data(answers.utf8))
        XCTAssertEqual(result.status, 0, result.stderr)
        let first = try XCTUnwrap(result.out.split(separator: "\n").first { $0.contains("?") }, result.out)
        XCTAssertNotNil(
            first.range(of: #"who|team|take over|replace"#, options: [.regularExpression, .caseInsensitive]),
            String(first))
        XCTAssertTrue(result.out.contains("Rehearsal summary"), result.out)
        XCTAssertFalse(result.out.contains("answer>"), "no prompts from a pipe")
        let log = try box.run(["log", "reh", "--format", "json"])
        XCTAssertTrue(log.out.contains("Priya has shadowed me"), log.out)
    }
}
