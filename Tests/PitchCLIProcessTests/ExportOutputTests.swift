import Foundation
import TestSupport
import XCTest

/// `export --out`: never the store, never a database, never a FIFO or device; a regular file replaced whole
/// with its mode kept.
final class ExportOutputTests: XCTestCase {
    var box: Sandbox!
    override func setUpWithError() throws {
        box = try Sandbox()
        XCTAssertEqual(try box.run(["new", "demo"]).status, 0)
        let draft = "I would like to move to the platform team. Sam can lead the team from March.\n"
        XCTAssertEqual(try box.run(["save", "demo", "-"], stdin: Data(draft.utf8)).status, 0)
    }

    func export(_ out: String, force: Bool = true) throws -> RunResult {
        try box.run(
            ["export", "demo", "--to", "mark@example.com", "--from", "fran@example.com", "--out", out]
                + (force ? ["--force"] : []))
    }

    func testTheStoreIsNeverOverwrittenWhateverTheSpelling() throws {
        let store = try XCTUnwrap(box.environment["PITCHCOACH_STORE"])
        let folder = (store as NSString).deletingLastPathComponent
        let name = (store as NSString).lastPathComponent
        let spellings = [
            store, folder + "/./" + name, folder + "/../" + (folder as NSString).lastPathComponent + "/" + name,
        ]
        for spelling in spellings + [store + "-wal"] where FileManager.default.fileExists(atPath: spelling) {
            let result = try export(spelling)
            XCTAssertEqual(result.status, 2, spelling)
            XCTAssertTrue(result.stderr.contains("is the pitch store"), result.stderr)
        }
        // Another SQLite database is refused too.
        let other = box.root.appendingPathComponent("other.sqlite").path
        try Data("SQLite format 3\0rest of a database".utf8).write(to: URL(fileURLWithPath: other))
        let database = try export(other)
        XCTAssertEqual(database.status, 2)
        XCTAssertTrue(database.stderr.contains("is an SQLite database"), database.stderr)
        let list = try box.run(["list"])
        XCTAssertEqual(list.status, 0, list.stderr)
        XCTAssertTrue(list.out.contains("demo"), "the store lost its pitch: \(list.out)")
    }

    func testOnlyARegularFileIsReplacedAndItKeepsItsMode() throws {
        let fifo = box.root.appendingPathComponent("pipe").path
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        let onFifo = try export(fifo)
        XCTAssertEqual(onFifo.status, 2)
        XCTAssertTrue(onFifo.stderr.contains("not a regular file"), onFifo.stderr)
        var status = stat()
        XCTAssertEqual(lstat(fifo, &status), 0)
        XCTAssertEqual(status.st_mode & S_IFMT, S_IFIFO, "the FIFO was replaced")

        let folder = try export(box.root.path)
        XCTAssertEqual(folder.status, 2)
        XCTAssertTrue(folder.stderr.contains("is a folder"), folder.stderr)
        XCTAssertFalse(folder.stderr.contains("NSCocoaErrorDomain"), folder.stderr)

        let link = box.root.appendingPathComponent("link.eml").path
        XCTAssertEqual(symlink(box.root.appendingPathComponent("elsewhere.eml").path, link), 0)
        XCTAssertEqual(try export(link).status, 2)

        let file = box.root.appendingPathComponent("private.eml").path
        try Data("old".utf8).write(to: URL(fileURLWithPath: file))
        XCTAssertEqual(chmod(file, 0o600), 0)
        let without = try export(file, force: false)
        XCTAssertEqual(without.status, 2)
        XCTAssertTrue(without.stderr.contains("already exists"), without.stderr)
        let replaced = try export(file)
        XCTAssertEqual(replaced.status, 0, replaced.stderr)
        XCTAssertEqual(stat(file, &status), 0)
        XCTAssertEqual(status.st_mode & 0o777, 0o600)
        XCTAssertTrue(try String(contentsOfFile: file, encoding: .utf8).contains("X-PitchCoach-Version: demo@1"))
        let fresh = box.root.appendingPathComponent("fresh.eml").path
        XCTAssertEqual(try export(fresh, force: false).status, 0)
        XCTAssertEqual(stat(fresh, &status), 0)
        XCTAssertEqual(status.st_mode & 0o777, 0o600, "a new export is private")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: box.root.path).filter {
            $0.hasSuffix(".tmp")
        }
        XCTAssertEqual(leftovers, [])
    }

    /// `export --send` with a mail program that hangs (and its child): stopped after --timeout, said in words;
    /// with one that exits without reading: its exit status, never a death by SIGPIPE.
    func testSendStopsAHangingMailProgramAndReportsAnEarlyExit() throws {
        let hang = box.root.appendingPathComponent("hang.sh").path
        try "#!/bin/sh\nsleep 1000 &\nsleep 1000\n".write(toFile: hang, atomically: true, encoding: .utf8)
        chmod(hang, 0o755)
        let start = Date()
        let result = try box.run(
            [
                "export", "demo", "--to", "mark@example.com", "--from", "fran@example.com", "--out", "a.eml",
                "--send", "--timeout", "2",
            ], extra: ["PITCHCOACH_SENDMAIL": hang])
        XCTAssertLessThan(Date().timeIntervalSince(start), 20)
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("timed out after 2 s"), result.stderr)
        XCTAssertTrue(result.stderr.contains("the message is saved in a.eml"), result.stderr)
        let help = try box.run(["export", "--help"])
        let flat = help.out.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        XCTAssertTrue(flat.contains("--timeout") && flat.contains("(default: 60"), help.out)
        XCTAssertFalse(help.out.contains("handed to\n"), "a stray line break in the discussion:\n\(help.out)")
        XCTAssertEqual(flat.components(separatedBy: "(default: 60").count, 2, "the default is given twice")
        for n in 0..<8 {
            let sent = try box.run(
                [
                    "export", "demo", "--to", "mark@example.com", "--from", "fran@example.com", "--out", "f\(n).eml",
                    "--send",
                ], extra: ["PITCHCOACH_SENDMAIL": "/bin/false"])
            XCTAssertEqual(sent.status, 2, "exit \(sent.status) (141 is a SIGPIPE death)")
            XCTAssertTrue(sent.stderr.contains("exited 1"), sent.stderr)
        }
    }

    /// The rehearsal answers and the private prep stay out unless asked for; --dry-run shows the message and
    /// writes, sends and records nothing.
    func testIncludeChoosesThePartsAndDryRunWritesNothing() throws {
        let prep = "prep lateral\nMy private reason: the new manager and I clash.\n\n\n\n\n\n\n\n\n\n\n\n\n\n"
        XCTAssertEqual(try box.run([], stdin: Data(("open demo\n" + prep).utf8)).status, 0)
        // Every file counts, the store's -wal and -shm too: a read must not leave them behind.
        func files() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: box.root.path).sorted() }
        let before = try files()
        let dry = try box.run([
            "export", "demo", "--to", "Mark <mark@example.com>", "--from", "me@example.com", "--dry-run",
        ])
        XCTAssertEqual(dry.status, 0, dry.stderr)
        XCTAssertTrue(dry.out.contains("\nSubject:") || dry.out.hasPrefix("From:"), dry.out)
        XCTAssertTrue(dry.out.contains("To: Mark <mark@example.com>"), dry.out)
        XCTAssertFalse(dry.out.contains("clash"), "the private prep went in unasked")
        XCTAssertEqual(try files(), before, "--dry-run wrote a file")
        let log = try box.run(["log", "demo"]).out
        XCTAssertFalse(log.contains("exported"), "--dry-run recorded an export: \(log)")
        let withPrep = try box.run([
            "export", "demo", "--to", "mark@example.com", "--from", "me@example.com", "--dry-run",
            "--include", "draft,prep", "--format", "markdown",
        ])
        XCTAssertEqual(withPrep.status, 0, withPrep.stderr)
        XCTAssertTrue(withPrep.out.contains("clash"), withPrep.out)
        XCTAssertFalse(withPrep.out.contains("## What changed"), withPrep.out)
        let bad = try box.run([
            "export", "demo", "--to", "mark@example.com", "--from", "me@example.com", "--include", "draft,secrets",
        ])
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.contains("no part 'secrets'"), bad.stderr)
    }

    /// The sender: --from "" is refused; git's address is used for a file only, and said; a send never guesses.
    func testTheSenderIsNeverGuessedSilently() throws {
        let empty = try box.run(["export", "demo", "--to", "mark@example.com", "--from", "", "--dry-run"])
        XCTAssertEqual(empty.status, 2)
        XCTAssertTrue(empty.stderr.contains("--from is empty"), empty.stderr)
        let config = box.root.appendingPathComponent("gitconfig").path
        try "[user]\n\temail = fran@git.example\n".write(toFile: config, atomically: true, encoding: .utf8)
        let env = ["GIT_CONFIG_GLOBAL": config, "PITCHCOACH_FROM": ""]
        let guessed = try box.run(["export", "demo", "--to", "mark@example.com", "--dry-run"], extra: env)
        XCTAssertEqual(guessed.status, 0, guessed.stderr)
        XCTAssertTrue(guessed.stderr.contains("fran@git.example (git config user.email)"), guessed.stderr)
        XCTAssertTrue(guessed.out.contains("From: fran@git.example"), guessed.out)
        let send = try box.run(
            ["export", "demo", "--to", "mark@example.com", "--out", "s.eml", "--send"],
            extra: env.merging(["PITCHCOACH_SENDMAIL": "/bin/true"]) { $1 })
        XCTAssertEqual(send.status, 2)
        XCTAssertTrue(send.stderr.contains("--send needs your address"), send.stderr)
    }

    func testTheSameReplyTwiceIsAttachedOnce() throws {
        let reply =
            Data(("Date: Tue, 24 Nov 2026 10:00:00 +0000\r\n".utf8))
            + ReplyFuzzTests.reply(body: Array("Lead with the team's gain.".utf8), contentType: "text/plain")
        let path = box.root.appendingPathComponent("r.eml").path
        try reply.write(to: URL(fileURLWithPath: path))
        let first = try box.run(["feedback", "import", "demo", path])
        XCTAssertTrue(first.out.hasPrefix("attached feedback"), first.out + first.stderr)
        let second = try box.run(["feedback", "import", "demo", path])
        XCTAssertEqual(second.status, 0, second.stderr)
        XCTAssertTrue(second.out.hasPrefix("already attached") && second.out.contains("nothing added"), second.out)
    }
}
