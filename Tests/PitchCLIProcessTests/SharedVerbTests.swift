import Foundation
import TestSupport
import XCTest

/// Each REPL verb that is a command line command runs through the same type: the same words (the open pitch
/// injected) print the same thing on both surfaces, options and validation included.
final class SharedVerbTests: XCTestCase {
    var box: Sandbox!
    let v1 = "Tom, could I move to the platform team in March? Priya has run the stand-ups for six months.\n"
    let v2 = "Tom, could I move to the platform team in March? Priya has run the stand-ups for a year.\n"

    override func setUpWithError() throws {
        box = try Sandbox()
        XCTAssertEqual(try box.run(["new", "demo", "--title", "Platform move"]).status, 0)
        XCTAssertEqual(try box.run(["save", "demo", try box.file("v1.txt", v1), "-m", "first"]).status, 0)
        XCTAssertEqual(try box.run(["save", "demo", try box.file("v2.txt", v2)]).status, 0)
    }

    /// What the REPL prints for one line typed after `open demo`, and its standard error.
    func repl(_ line: String) throws -> (out: String, err: String) {
        let result = try box.run([], stdin: Data("open demo\n\(line)\n".utf8))
        let out = result.out.split(separator: "\n", omittingEmptySubsequences: false).dropFirst().joined(
            separator: "\n")
        return (out, result.stderr)
    }

    /// A message's Date, Message-ID and MIME boundaries change with every run.
    func stable(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).filter { line in
            !["Date:", "Message-ID:"].contains { line.hasPrefix($0) }
                && !line.contains("_pitchcoach_")
        }.joined(separator: "\n")
    }

    func assertSame(_ cli: [String], _ typed: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let onCommandLine = try box.run(cli)
        let inRepl = try repl(typed)
        XCTAssertEqual(onCommandLine.status, 0, onCommandLine.stderr, file: file, line: line)
        XCTAssertEqual(inRepl.err, "", file: file, line: line)
        XCTAssertFalse(inRepl.out.isEmpty, typed, file: file, line: line)
        XCTAssertEqual(
            stable(inRepl.out).trimmingCharacters(in: .newlines),
            stable(onCommandLine.out).trimmingCharacters(in: .newlines), typed, file: file, line: line)
    }

    func testReadingVerbsPrintWhatTheCommandLinePrints() throws {
        try assertSame(["list", "--color", "never"], "list --color never")
        try assertSame(["log", "demo", "--color", "never"], "log --color never")
        try assertSame(["log", "demo", "--format", "json"], "log --format json")
        try assertSame(["show", "demo@1"], "show 1")
        try assertSame(["diff", "demo", "1", "2", "--color", "never"], "diff 1 2 --color never")
        try assertSame(["rubrics", "list"], "rubrics")
        try assertSame(["rubrics", "show", "the-ask"], "rubrics the-ask")
        try assertSame(
            ["score", try box.file("d.txt", v2), "--full", "--color", "never", "--format", "json"],
            "score --format json")
        try assertSame(
            [
                "export", "demo@1", "--to", "m@example.com", "--from", "me@example.com", "--dry-run",
                "--include", "draft,prep",
            ],
            "export @1 --to m@example.com --from me@example.com --dry-run --include draft,prep")
    }

    func testReplExportDryRunWritesAndRecordsNothing() throws {
        let out = try repl("export --to m@example.com --from me@example.com --dry-run --include prep")
        XCTAssertEqual(out.err, "")
        XCTAssertTrue(out.out.contains("Subject:"), out.out)
        let files = try FileManager.default.contentsOfDirectory(atPath: box.root.path).filter { $0.hasSuffix(".eml") }
        XCTAssertEqual(files, [], "a dry run wrote a message")
        XCTAssertFalse(try box.run(["log", "demo"]).out.contains("exported"), "a dry run recorded an export")
    }

    func testWritingVerbsDoWhatTheCommandLineDoes() throws {
        // restore: a new version with the old text, on both surfaces alike.
        let cli = try box.run(["restore", "demo", "1"])
        let typed = try repl("restore 1")
        XCTAssertEqual(
            cli.out.replacingOccurrences(of: "v3", with: "vN"), typed.out.replacingOccurrences(of: "v4", with: "vN"))
        XCTAssertEqual(try box.run(["show", "demo@4"]).out, v1)
        // save: the REPL saves its working draft with the words typed as the note.
        let saved = try box.run([], stdin: Data("open demo\nwrite +\nA third line.\n.\nsave with a note\n".utf8))
        XCTAssertTrue(saved.out.contains("saved demo v5"), saved.out)
        XCTAssertTrue(try box.run(["log", "demo"]).out.contains("with a note"))
    }

    func testOptionsAndValidationComeFromTheCommand() throws {
        // The same refusal, from the same type, on both surfaces.
        let cli = try box.run(["rehearse", "demo", "--rounds", "0"])
        let typed = try repl("rehearse --rounds 0")
        XCTAssertEqual(cli.status, 2)
        XCTAssertTrue(cli.stderr.contains("--rounds takes 1 to 50, not 0"), cli.stderr)
        XCTAssertTrue(typed.err.contains("--rounds takes 1 to 50, not 0"), typed.err)
        // --help in the REPL is the command's own help.
        let help = try repl("diff --help")
        XCTAssertTrue(help.out.contains("USAGE: diff"), help.out)
        XCTAssertTrue(help.out.contains("--color"), help.out)
        // Unknown options are refused, not ignored.
        XCTAssertTrue(try repl("log --nope").err.contains("Unknown option '--nope'"))
        // Completion offers the command's own options.
        let names = try box.run([], stdin: Data("open demo\nhelp export\n".utf8)).out
        XCTAssertTrue(names.contains("--dry-run"), names)
    }
}
