import Foundation
import TestSupport
import XCTest

/// What reaches the terminal and what a piped session keeps: text from outside is shown with its control
/// characters visible, typed control bytes are left out, and no draft is replaced unseen.
final class TerminalSafetyTests: XCTestCase {
    var box: Sandbox!
    override func setUpWithError() throws { box = try Sandbox() }

    static let attack = "\u{1B}]0;pwned\u{07}\u{1B}[2J"

    func testAReplyCannotDriveTheTerminalWhenLogPrintsIt() throws {
        XCTAssertEqual(try box.run(["new", "demo"]).status, 0)
        let draft = "I would like to move to the platform team. Sam can lead the team from March.\n"
        XCTAssertEqual(try box.run(["save", "demo", "-"], stdin: Data(draft.utf8)).status, 0)
        let sent = try box.run([
            "export", "demo", "--to", "mark@example.com", "--from", "fran@example.com", "--out", "demo.eml",
        ])
        XCTAssertEqual(sent.status, 0, sent.stderr)
        let exported = try String(contentsOfFile: box.root.appendingPathComponent("demo.eml").path, encoding: .utf8)
        let id = try XCTUnwrap(
            exported.split(whereSeparator: \.isNewline).first { $0.lowercased().hasPrefix("message-id:") }
        )
        .dropFirst("Message-ID:".count).trimmingCharacters(in: .whitespacesAndNewlines)
        // The From name is an encoded word that decodes to an escape sequence; the body carries one raw.
        let name = "=?utf-8?b?" + Data("Mark\(Self.attack)".utf8).base64EncodedString() + "?="
        let reply = """
            From: \(name) <mark@example.com>\r
            To: fran@example.com\r
            Subject: Re: your pitch\r
            In-Reply-To: \(id)\r
            References: \(id)\r
            Date: Tue, 24 Nov 2026 10:00:00 +0000\r
            MIME-Version: 1.0\r
            Content-Type: text/plain; charset=utf-8\r
            Content-Transfer-Encoding: 8bit\r
            \r
            Lead with what the team gains.\(Self.attack) Then the handover.\r

            """
        let replyPath = box.root.appendingPathComponent("reply.eml").path
        try Data(reply.utf8).write(to: URL(fileURLWithPath: replyPath))
        let imported = try box.run(["feedback", "import", "demo", replyPath])
        XCTAssertEqual(imported.status, 0, imported.stderr)
        XCTAssertFalse(imported.out.contains("\u{1B}"), imported.out)
        let log = try box.run(["log", "demo"])
        XCTAssertEqual(log.status, 0, log.stderr)
        XCTAssertTrue(log.out.contains("Lead with what the team gains."), log.out)
        XCTAssertTrue(log.out.contains("pwned"), "the text is shown, not dropped: \(log.out)")
        XCTAssertFalse(log.out.contains("\u{1B}"), "a raw escape reached the terminal: \(log.out.debugDescription)")
        XCTAssertFalse(log.out.contains("\u{07}"), log.out.debugDescription)
        XCTAssertTrue(log.out.contains("\\u{1B}"), log.out)
    }

    func testATitleOrNoteWithControlCharactersIsRefusedInOneLine() throws {
        let new = try box.run(["new", "t", "--title", "Move\(Self.attack)"])
        XCTAssertEqual(new.status, 2)
        XCTAssertTrue(new.stderr.contains("the title holds a control character (\\u{1B})"), new.stderr)
        XCTAssertEqual(new.stderr.split(separator: "\n").count, 1, new.stderr)
        let split = try box.run(["new", "t", "--title", "Line one\nline two"])
        XCTAssertEqual(split.status, 2, "a line break in a title would split the listing line")
        XCTAssertEqual(try box.run(["new", "t", "--title", "A clean title"]).status, 0)
        let note = try box.run(
            ["save", "t", "-", "-m", "note\u{1B}[2J"], stdin: Data("Sam will lead the team.\n".utf8))
        XCTAssertEqual(note.status, 2)
        XCTAssertTrue(note.stderr.contains("the note holds a control character"), note.stderr)
        let repl = try box.run([], stdin: Data("new r Title\u{1B}[2J\nlist\n".utf8))
        XCTAssertEqual(repl.status, 2)
        XCTAssertTrue(repl.stderr.contains("the title holds a control character"), repl.stderr)
        XCTAssertFalse(repl.out.contains("\u{1B}"), repl.out.debugDescription)
    }

    func testWriteLeavesOutControlBytesAndSaysSo() throws {
        let script = "new w\nwrite\nSam will lead\u{1B}[2J the team from March.\n.\nsave\nquit\n"
        let result = try box.run([], stdin: Data(script.utf8))
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.out.contains("1 control character left out of that line"), result.out)
        XCTAssertEqual(try box.run(["show", "w"]).out, "Sam will lead[2J the team from March.\n")
    }

    /// `write` again over an unsaved draft keeps the first as a version, says so, and the second is the draft.
    func testWriteOverAnUnsavedDraftKeepsIt() throws {
        let script = "new lost T\nwrite\nDraft A: a careful paragraph about the move.\n.\nwrite\nDraft B.\n.\n"
        let result = try box.run([], stdin: Data(script.utf8))
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.out.contains("the unsaved draft is kept as v1"), result.out)
        XCTAssertEqual(try box.run(["show", "lost@1"]).out, "Draft A: a careful paragraph about the move.\n")
        let reopened = try box.run([], stdin: Data("open lost\nshow\ndiff\n".utf8))
        XCTAssertTrue(reopened.out.contains("Draft B."), reopened.out)
        // `diff` with an unsaved draft compares the last version with it.
        XCTAssertTrue(reopened.out.contains("--- lost v1\n+++ lost draft"), reopened.out)
        XCTAssertTrue(reopened.out.contains("[-A: a careful paragraph about the move-]{+B+}"), reopened.out)
    }

    func testOutlineOverAnUnsavedDraftKeepsIt() throws {
        var script = "new o\nprep lateral\n"
        script += String(repeating: "The platform team needs an owner for deploys.\n", count: 14)
        script += "write\nMy own unsaved words.\n.\noutline\n"
        let result = try box.run([], stdin: Data(script.utf8))
        XCTAssertTrue(result.out.contains("the unsaved draft is kept as v1"), result.out + result.stderr)
        XCTAssertEqual(try box.run(["show", "o@1"]).out, "My own unsaved words.\n")
    }

    func testSavingTheSameTextTwiceMakesNoSecondVersion() throws {
        XCTAssertEqual(try box.run(["new", "s"]).status, 0)
        let text = Data("Sam will lead the team from March.\n".utf8)
        XCTAssertEqual(try box.run(["save", "s", "-"], stdin: text).status, 0)
        let again = try box.run(["save", "s", "-"], stdin: text)
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertEqual(again.out, "no change since v1: nothing saved\n")
        let log =
            try JSONSerialization.jsonObject(with: try box.run(["log", "s", "--format", "json"]).stdout)
            as? [String: Any]
        XCTAssertEqual((log?["versions"] as? [Any])?.count, 1)
    }
}
