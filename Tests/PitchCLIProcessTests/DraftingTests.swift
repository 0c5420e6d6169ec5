import Foundation
import TestSupport
import XCTest

/// Drafting that never surprises, through the binary: a changed phrase is one change in `diff`, the REPL's
/// help stays within 120 columns, listings are aligned.
final class DraftingTests: XCTestCase {
    var box: Sandbox!
    override func setUpWithError() throws { box = try Sandbox() }

    func testDiffGroupsAChangedPhrase() throws {
        XCTAssertEqual(try box.run(["new", "wd"]).status, 0)
        let a = "The first version says one thing clearly here.\n"
        let b = "The first version says something else entirely here.\n"
        XCTAssertEqual(try box.run(["save", "wd", "-"], stdin: Data(a.utf8)).status, 0)
        XCTAssertEqual(try box.run(["save", "wd", "-"], stdin: Data(b.utf8)).status, 0)
        let diff = try box.run(["diff", "wd", "1", "2", "--color", "never"])
        XCTAssertEqual(diff.status, 0, diff.stderr)
        XCTAssertTrue(diff.out.contains("says [-one thing clearly-]{+something else entirely+} here."), diff.out)
        XCTAssertEqual(diff.out.components(separatedBy: "[-").count, 2, diff.out)
        // The criteria that moved are a table: every score starts in one column.
        let moved = diff.out.components(separatedBy: "criteria that moved:\n").last?.split(separator: "\n") ?? []
        let columns = Set(
            moved.compactMap { line in
                line.range(of: " → ").map { line.distance(from: line.startIndex, to: $0.lowerBound) }
            })
        XCTAssertLessThanOrEqual(columns.count, 1, diff.out)
    }

    func testReplHelpStaysWithin120ColumnsOnAWideTerminal() throws {
        let help = try box.run([], stdin: Data("help\n".utf8), extra: ["COLUMNS": "250"])
        XCTAssertEqual(help.status, 0, help.stderr)
        XCTAssertTrue(help.out.contains("Commands:"))
        let widest = help.out.split(separator: "\n").map(\.count).max() ?? 0
        XCTAssertLessThanOrEqual(widest, 120, help.out)
        let narrow = try box.run([], stdin: Data("help\n".utf8), extra: ["COLUMNS": "60"])
        for line in narrow.out.split(separator: "\n") { XCTAssertLessThanOrEqual(line.count, 60, String(line)) }
    }

    func testRubricsListIsAligned() throws {
        let list = try box.run(["rubrics", "list"])
        XCTAssertEqual(list.status, 0, list.stderr)
        let lines = list.out.split(separator: "\n")
        XCTAssertGreaterThan(lines.count, 1)
        let columns = Set(
            lines.compactMap { line in
                line.range(of: "criteria").map { line.distance(from: line.startIndex, to: $0.lowerBound) }
            })
        XCTAssertEqual(columns.count, 1, list.out)
    }

    /// The REPL's short form takes an address with a name, as the message recommends it.
    func testReplExportTakesANamedAddress() throws {
        let script = """
            new m
            write
            I would like to move to the platform team. Sam can lead the team from March.
            .
            save
            export "Mark <mark@example.com>" fran@example.com

            """
        let result = try box.run([], stdin: Data(script.utf8))
        XCTAssertEqual(result.status, 0, result.stderr)
        let path = box.root.appendingPathComponent("m-v1.eml").path
        let message = try String(contentsOfFile: path, encoding: .utf8)
        XCTAssertTrue(message.contains("To: Mark <mark@example.com>"), message)
        try FileManager.default.removeItem(atPath: path)
        let unquoted = try box.run(
            [], stdin: Data("open m\nexport Ann Example <ann@example.com> fran@example.com\n".utf8))
        XCTAssertEqual(unquoted.status, 0, unquoted.stderr)
        XCTAssertTrue(try String(contentsOfFile: path, encoding: .utf8).contains("To: Ann Example <ann@example.com>"))
    }

    /// `pitchcoach install --prefix P`: the binary in P/bin runs, the completions are where bash-completion,
    /// zsh and fish look, the man pages in P/share/man/man1, and `man` finds them from the PATH.
    func testInstallPutsTheToolItsCompletionsAndManPagesUnderThePrefix() throws {
        let prefix = box.root.appendingPathComponent("prefix").path
        let pages = box.root.appendingPathComponent("pages")
        try FileManager.default.createDirectory(at: pages, withIntermediateDirectories: true)
        try ".TH PITCHCOACH 1\n.SH NAME\npitchcoach \\- coach\n".write(
            to: pages.appendingPathComponent("pitchcoach.1"),
            atomically: true, encoding: .utf8)
        let result = try box.run(["install", "--prefix", prefix, "--manual", pages.path])
        XCTAssertEqual(result.status, 0, result.stderr)
        let version = try Subprocess.run(prefix + "/bin/pitchcoach", ["--version"])
        XCTAssertEqual(version.out.trimmingCharacters(in: .whitespacesAndNewlines), "0.1.0")
        // Installed without its debug information, and it still scores.
        let debugInfo = Data(".debug_info".utf8)
        XCTAssertTrue(result.out.contains("(stripped)"), result.out)
        XCTAssertNotNil(
            try Data(contentsOf: URL(fileURLWithPath: Binary.path)).range(of: debugInfo), "the build has debug info")
        XCTAssertNil(try Data(contentsOf: URL(fileURLWithPath: prefix + "/bin/pitchcoach")).range(of: debugInfo))
        let scored = try Subprocess.run(
            prefix + "/bin/pitchcoach", ["score", "-"], stdin: Data("Priya is ready.\n".utf8))
        XCTAssertTrue(scored.out.contains("overall"), scored.stderr)
        // The page documents the REPL's commands, the environment and the files.
        let page = try String(contentsOfFile: prefix + "/share/man/man1/pitchcoach.1", encoding: .utf8)
        for text in [
            "REPL COMMANDS", "discard [--yes]", "ENVIRONMENT", "PITCHCOACH_STORE", "FILES", "pitchcoach.sqlite",
        ] {
            XCTAssertTrue(page.contains(text), text)
        }
        for path in [
            "/share/bash-completion/completions/pitchcoach", "/share/zsh/site-functions/_pitchcoach",
            "/share/fish/vendor_completions.d/pitchcoach.fish", "/share/man/man1/pitchcoach.1",
        ] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: prefix + path), path)
        }
        let bash = try String(contentsOfFile: prefix + "/share/bash-completion/completions/pitchcoach", encoding: .utf8)
        XCTAssertTrue(bash.contains("__pitchcoach_add_completions -f"), "score FILE completes file names")
        XCTAssertTrue(
            bash.contains("'--prefix')\n        __pitchcoach_add_completions -d"), "install --prefix completes folders")
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/man") {
            let found = try Subprocess.run(
                "/usr/bin/man", ["-w", "pitchcoach"],
                environment: ["PATH": prefix + "/bin:/usr/bin:/bin", "HOME": box.root.path])
            XCTAssertEqual(
                found.out.trimmingCharacters(in: .whitespacesAndNewlines), prefix + "/share/man/man1/pitchcoach.1",
                found.stderr)
        }
        let missing = try box.run(["install", "--prefix", prefix, "--manual", box.root.path])
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.stderr.contains("no man pages"), missing.stderr)
    }

    /// Bash completes a file name for `score FILE`, and a folder (as a folder: its '/') for `--rubrics DIR`, in a
    /// real bash with the generated script.
    func testBashCompletesAFileNameForScoreAndAFolderForRubrics() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux") else {
            throw XCTSkip("tmux is not installed")
        }
        let folder = box.root.appendingPathComponent("c")
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("my-rubrics"), withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: folder.appendingPathComponent("draft-one.txt").path, contents: Data())
        FileManager.default.createFile(atPath: folder.appendingPathComponent("my-notes.txt").path, contents: Data())
        XCTAssertTrue(try completed(in: folder, "pitchcoach score dra").contains("pitchcoach score draft-one.txt"))
        XCTAssertTrue(
            try completed(in: folder, "pitchcoach list --rubrics my").contains("pitchcoach list --rubrics my-rubrics/"))
    }

    /// What bash shows after Tab is pressed on `typed`.
    func completed(in folder: URL, _ typed: String) throws -> String {
        let script = box.root.appendingPathComponent("comp.bash").path
        try box.run(["--generate-completion-script", "bash"]).stdout.write(to: URL(fileURLWithPath: script))
        let session = "pccomp\(getpid())\(Int.random(in: 0...99999))"
        let binaryFolder = (Binary.path as NSString).deletingLastPathComponent
        _ = try Subprocess.run(
            tool: "tmux",
            [
                "new-session", "-d", "-s", session, "-x", "120", "-y", "20",
                "cd \(folder.path) && PATH=\(binaryFolder):$PATH bash --norc --noprofile -i",
            ])
        defer { _ = try? Subprocess.run(tool: "tmux", ["kill-session", "-t", session]) }
        usleep(800_000)
        _ = try Subprocess.run(tool: "tmux", ["send-keys", "-t", session, "source \(script)", "Enter"])
        usleep(300_000)
        _ = try Subprocess.run(tool: "tmux", ["send-keys", "-t", session, typed, "Tab"])
        var pane = ""
        for _ in 0..<30 {
            usleep(200_000)
            pane = try Subprocess.run(tool: "tmux", ["capture-pane", "-p", "-t", session]).out
            if pane.contains(typed) && !pane.split(separator: "\n").contains(where: { $0.hasSuffix(typed) }) { break }
        }
        return pane
    }
}

/// The word diff and the mentor's "What changed" show the changed passages with a little context, not the
/// whole text again; without colour a deletion and an insertion stay apart.
final class ChangedPassagesTests: XCTestCase {
    func testDiffAndEmailShowTheChangesWithContextOnly() throws {
        let box = try Sandbox()
        let filler = (0..<30).map { "Sentence \($0) keeps the payments roadmap on track for the quarter." }.joined(
            separator: " ")
        let head = "Tom, could I move to the platform team in March? Priya is ready to lead the team. "
        XCTAssertEqual(try box.run(["new", "demo"]).status, 0)
        XCTAssertEqual(
            try box.run(["save", "demo", try box.file("a", head + filler + " I hand over on Thursday.\n")]).status, 0)
        XCTAssertEqual(
            try box.run(["save", "demo", try box.file("b", head + filler + " I hand over on Friday.\n")]).status, 0)
        let diff = try box.run(["diff", "demo", "--color", "never"])
        XCTAssertTrue(diff.out.contains("[-Thursday-]{+Friday+}"), diff.out)
        XCTAssertFalse(diff.out.contains("Sentence 3 keeps"), "unchanged text far from the change:\n\(diff.out)")
        XCTAssertTrue(diff.out.contains("… track for the quarter. I hand over on [-Thursday-]"), diff.out)
        let mail = try box.run([
            "export", "demo", "--to", "Mark <m@example.com>", "--from", "me@example.com", "--dry-run",
            "--format", "markdown",
        ])
        XCTAssertEqual(mail.status, 0, mail.stderr)
        let changed = try XCTUnwrap(mail.out.components(separatedBy: "## What changed").last)
        XCTAssertTrue(changed.contains("[-Thursday-]{+Friday+}"), changed)
        XCTAssertFalse(changed.contains("Sentence 3 keeps"), changed)
        // The HTML part shows the score card once (a table), not again as text.
        let eml = try box.run(["export", "demo", "--to", "m@example.com", "--from", "me@example.com", "--dry-run"])
        let html = try XCTUnwrap(eml.out.components(separatedBy: "Content-Type: text/html").last)
        let decoded = html.replacingOccurrences(of: "=\n", with: "").replacingOccurrences(of: "=3D", with: "=")
        XCTAssertTrue(decoded.contains("<table"), decoded)
        XCTAssertFalse(decoded.contains("== Score card =="), decoded)
    }
}
