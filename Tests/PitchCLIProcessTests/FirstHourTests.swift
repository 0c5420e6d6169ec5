import Foundation
import TestSupport
import XCTest

/// What a new user meets in the first hour: a short score in the REPL, a way to throw a draft away, a private
/// editor file, --color everywhere, and --fail-under saying why.
final class FirstHourTests: XCTestCase {
    var box: Sandbox!
    let draft = "Tom, could I move to the platform team in March? Priya is ready to lead the team from March 1.\n"

    override func setUpWithError() throws {
        box = try Sandbox()
        XCTAssertEqual(try box.run(["new", "demo"]).status, 0)
        XCTAssertEqual(try box.run(["save", "demo", try box.file("d.txt", draft)]).status, 0)
    }

    func testReplScoreIsShortUnlessAskedForAllOfIt() throws {
        let brief = try box.run([], stdin: Data("open demo\nscore\n".utf8))
        let full = try box.run([], stdin: Data("open demo\nscore --full\n".utf8))
        XCTAssertTrue(brief.out.contains("Top fixes") && brief.out.contains("--full shows every criterion"), brief.out)
        XCTAssertFalse(brief.out.contains("Readability:"), brief.out)
        XCTAssertTrue(full.out.contains("Readability:"), full.out)
        XCTAssertLessThan(brief.out.split(separator: "\n").count * 2, full.out.split(separator: "\n").count)
        // The command line prints it all, as before.
        XCTAssertTrue(try box.run(["score", try box.file("e.txt", draft)]).out.contains("Readability:"))
    }

    func testDiscardThrowsTheUnsavedDraftAwayOnlyWhenSure() throws {
        let script = "open demo\nwrite\nWords to throw away.\n.\ndiscard\nshow\ndiscard --yes\nshow\n"
        let result = try box.run([], stdin: Data(script.utf8))
        XCTAssertEqual(result.status, 2, "a refused discard is an error in a script")
        XCTAssertTrue(result.stderr.contains("'discard --yes'"), result.stderr)
        XCTAssertTrue(result.out.contains("discarded the unsaved draft (4 words); the draft is v1 again"), result.out)
        let shown = result.out.components(separatedBy: "discarded").last ?? ""
        XCTAssertTrue(shown.contains("Priya is ready") && !shown.contains("Words to throw away"), shown)
        let reopened = try box.run([], stdin: Data("open demo\n".utf8))
        XCTAssertEqual(reopened.out, "opened demo at v1\n", "nothing recovered after a discard")
    }

    func testEditWritesItsTemporaryFilePrivately() throws {
        let mode = box.root.appendingPathComponent("mode").path
        let editor = try box.file("ed.sh", "#!/bin/sh\nstat -c %a \"$1\" > \(mode)\n")
        chmod(editor, 0o755)
        _ = try box.run([], stdin: Data("open demo\nedit\n".utf8), extra: ["EDITOR": editor, "VISUAL": editor])
        XCTAssertEqual(try String(contentsOfFile: mode, encoding: .utf8), "600\n")
    }

    func testEveryCommandThatPrintsTakesColor() throws {
        for arguments in [
            ["show", "demo"], ["list"], ["rubrics", "list"], ["rubrics", "show", "the-ask"], ["log", "demo"],
            ["diff", "demo"], ["export", "demo", "--to", "m@example.com", "--from", "me@example.com", "--dry-run"],
        ] {
            let result = try box.run(arguments + ["--color", "never"])
            XCTAssertEqual(result.status, 0, "\(arguments): \(result.stderr)")
        }
        let rehearse = try box.run(
            ["rehearse", "demo", "--rounds", "1", "--color", "never"], stdin: Data("An answer.\n".utf8))
        XCTAssertEqual(rehearse.status, 0, rehearse.stderr)
    }

    func testFailUnderSaysWhyInOneLine() throws {
        let result = try box.run(["score", try box.file("e.txt", draft), "--fail-under", "100"])
        XCTAssertEqual(result.status, 1)
        let lines = result.stderr.split(separator: "\n")
        XCTAssertEqual(lines.count, 1, result.stderr)
        XCTAssertNotNil(
            result.stderr.range(of: #"e\.txt: overall \d+ is below --fail-under 100"#, options: .regularExpression),
            result.stderr)
    }

    /// A mistyped command is named as one, with the nearest command, in one line, exit 2.
    func testAMistypedCommandIsNamedWithTheNearest() throws {
        let result = try box.run(["scor", try box.file("e.txt", draft)])
        XCTAssertEqual(result.status, 2)
        XCTAssertEqual(
            result.stderr, "pitchcoach: unknown command 'scor' — did you mean 'score'? (see 'pitchcoach --help')\n")
        // A known command's own usage errors keep their message.
        let missing = try box.run(["score"])
        XCTAssertEqual(missing.status, 2)
        XCTAssertFalse(missing.stderr.contains("unknown command"), missing.stderr)
    }

    /// A verb of the drafting REPL typed at the shell is named as one, with where to type it, in one line, exit 2.
    func testAREPLVerbAtTheShellSaysWhereItIsTyped() throws {
        let result = try box.run(["why", "no-blame"])
        XCTAssertEqual(result.status, 2)
        XCTAssertEqual(
            result.stderr,
            "pitchcoach: 'why' is a command of the drafting REPL: run 'pitchcoach' and type 'why CRITERION' at its "
                + "prompt (see 'pitchcoach --help')\n")
    }
}
