import Foundation
import PitchCore
import TestSupport
import XCTest

/// Issue 21, "Hostile input, third round": each numbered defect reproduced against the built binary.
final class HostileThreeTests: XCTestCase {
    /// A sandbox with pitch `demo` saved once.
    func demoBox() throws -> Sandbox {
        let box = try Sandbox()
        let text = "Tom, could I move to the platform team in March? Priya is ready to lead the team.\n"
        let draft = try box.file("d.txt", text)
        XCTAssertEqual(try box.run(["new", "demo"]).status, 0)
        XCTAssertEqual(try box.run(["save", "demo", draft]).status, 0)
        return box
    }

    /// `sh -c script` in the sandbox, with `$P` the binary: for inputs a file cannot give (a FIFO, /dev/zero, `yes`).
    func shell(_ box: Sandbox, _ script: String, timeout: TimeInterval = 30) throws -> RunResult {
        var environment = ProcessInfo.processInfo.environment.merging(box.environment) { $1 }
        environment["NO_COLOR"] = "1"
        environment["P"] = Binary.path
        let result = try Subprocess.run(
            "/bin/sh", ["-c", "cd \"$HOME\" && " + script], environment: environment,
            timeout: timeout)
        XCTAssertFalse(result.timedOut, "\(script) did not finish in \(timeout) s")
        return result
    }

    // 2. A FIFO (or any file that is not a regular one) is refused at once, never opened for a blocking read.
    func testAFIFOIsRefusedWithoutBlocking() throws {
        let box = try demoBox()
        let rubrics = box.root.appendingPathComponent("rub")
        try FileManager.default.createDirectory(at: rubrics, withIntermediateDirectories: true)
        XCTAssertEqual(mkfifo(box.root.appendingPathComponent("f.txt").path, 0o600), 0)
        XCTAssertEqual(mkfifo(rubrics.appendingPathComponent("zz.yaml").path, 0o600), 0)
        for arguments in [
            ["score", "f.txt"], ["score", "d.txt", "--rubrics", "rub"],
            ["score", "d.txt", "--rubric", "rub/zz.yaml"], ["rubrics", "test", "rub"],
            ["feedback", "import", "demo", "f.txt"],
        ] {
            let result = try Binary.run(arguments, environment: box.environment, directory: box.root, timeout: 10)
            XCTAssertEqual(result.status, 2, "\(arguments): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains("is a named pipe (FIFO)"), "\(arguments): \(result.stderr)")
            XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, result.stderr)
        }
    }

    // 3. Every read has a limit: stdin of zeros, `yes` into rehearse, a REPL line of 30 MB.
    func testReadsOfStdinStopAtTheirLimit() throws {
        let box = try demoBox()
        let zeros = try shell(box, "head -c 50000000 /dev/zero | \"$P\" feedback import demo -")
        XCTAssertEqual(zeros.status, 2, zeros.stderr)
        XCTAssertTrue(zeros.stderr.contains("<stdin>: larger than the 1 MB limit for a reply"), zeros.stderr)
        // Before: `yes` never ended (the answer grew without an end).
        let yes = try shell(box, "yes | \"$P\" rehearse demo --rounds 1")
        XCTAssertEqual(yes.status, 2, yes.stderr)
        XCTAssertTrue(yes.stderr.contains("an answer longer than 100 KB"), yes.stderr)
        // Before: one 30 MB line was read whole and the session ended 0, silently.
        let line = try shell(box, "head -c 30000000 /dev/zero | tr '\\0' a | \"$P\"")
        XCTAssertEqual(line.status, 2, line.stderr)
        XCTAssertTrue(line.stderr.contains("<stdin>: a line longer than 10 MB"), line.stderr)
        // A device as the reply says what it is, not "no such file".
        let device = try box.run(["feedback", "import", "demo", "/dev/zero"])
        XCTAssertEqual(device.status, 2)
        XCTAssertTrue(device.stderr.contains("/dev/zero: is a device"), device.stderr)
    }

    // 7. A `write` whose save fails still reads its lines up to '.': none of them runs as a command.
    func testAFailedWriteConsumesTheComposeLines() throws {
        let box = try demoBox()
        let bumped = try Subprocess.run(
            tool: "python3",
            [
                "-c",
                """
                import sqlite3, sys
                c = sqlite3.connect(sys.argv[1]); c.execute("INSERT INTO grdb_migrations VALUES ('v99-future')"); c.commit()
                """, box.environment["PITCHCOACH_STORE"]!,
            ])
        XCTAssertEqual(bumped.status, 0, bumped.stderr)
        let result = try box.run([], stdin: Data("open demo\nwrite\nfirst line\nlist\nnew hacked\n.\nshow\n".utf8))
        XCTAssertEqual(result.status, 2)
        let listed = result.out.split(separator: "\n").contains { $0.hasPrefix("demo ") }
        XCTAssertFalse(listed, "'list' ran: \(result.out)")
        XCTAssertFalse(result.stderr.contains("hacked"), result.stderr)
        XCTAssertTrue(result.stderr.contains("the draft typed is in this session only"), result.stderr)
        // The compose ended at '.', and the command after it runs on the text typed.
        XCTAssertTrue(result.out.contains("first line\nlist\nnew hacked"), result.out)
    }
}

extension HostileThreeTests {
    /// A folder `name` in the sandbox holding one rubric of `count` criteria that learn from their examples.
    func manyCriteria(_ box: Sandbox, _ name: String, count: Int) throws -> String {
        let folder = box.root.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let words = ["team", "lead", "coach", "ready", "risk", "budget", "plan", "March"]
        let yaml =
            "id: many\nname: Many\ncriteria:\n"
            + (0..<count).map { i in
                let meets = (0..<8).map { k in "\"\(words[(i + k) % 8]) \(words[(i * 3 + k) % 8]) \(words[k]) \(i)\"" }
                return "  - id: c\(i)\n    name: C\(i)\n    kind: evidence\n    phrases: [zq\(i)]\n    advice: x\n"
                    + "    examples:\n      meets: [\(meets.joined(separator: ", "))]\n"
            }.joined()
        try yaml.write(to: folder.appendingPathComponent("r.yaml"), atomically: true, encoding: .utf8)
        return folder.path
    }

    // 1. A user's rubric is trained once and then read from the cache by its fingerprint; past the limit, refused.
    func testAUserRubricIsTrainedOnceThenTakenFromTheCache() throws {
        let box = try demoBox()
        let folder = try manyCriteria(box, "mc", count: 12)
        let cache = box.root.appendingPathComponent("cache/pitchcoach")
        let env = ["XDG_CACHE_HOME": cache.deletingLastPathComponent().path]
        let first = try box.run(["score", "d.txt", "--rubrics", folder, "--format", "json"], extra: env)
        XCTAssertEqual(first.status, 0, first.stderr)
        let kept = try FileManager.default.contentsOfDirectory(atPath: cache.path).filter { $0.hasPrefix("heads-") }
        XCTAssertEqual(kept.count, 1, "the heads are kept by the rubric's fingerprint")
        let file = cache.appendingPathComponent(kept[0]).path
        let before = try FileManager.default.attributesOfItem(atPath: file)
        XCTAssertEqual((before[.posixPermissions] as? NSNumber)?.intValue, 0o600)
        let second = try box.run(["score", "d.txt", "--rubrics", folder, "--format", "json"], extra: env)
        XCTAssertEqual(second.out, first.out, "the cached heads score as the trained ones")
        let after = try FileManager.default.attributesOfItem(atPath: file)
        XCTAssertEqual(after[.modificationDate] as? Date, before[.modificationDate] as? Date, "not trained again")
        // A damaged cache file is trained around, never trusted.
        try Data("junk".utf8).write(to: URL(fileURLWithPath: file))
        let damaged = try box.run(["score", "d.txt", "--rubrics", folder, "--format", "json"], extra: env)
        XCTAssertEqual(damaged.out, first.out)

        let tooMany = try manyCriteria(box, "mc-over", count: CriterionTraining.userCriteriaLimit + 1)
        let refused = try box.run(["rubrics", "list", "--rubrics", tooMany])
        XCTAssertEqual(refused.status, 2)
        let over = "mc-over/r.yaml: criterion 'c\(CriterionTraining.userCriteriaLimit)' is past the limit of"
        XCTAssertTrue(refused.stderr.contains(over), refused.stderr)
    }
}

extension HostileThreeTests {
    // 4. A heavy text under the 10 MB limit keeps a capped finding list and counts the rest (JSON says how many).
    func testAHeavyTextKeepsACappedFindingListWithACountOfTheRest() throws {
        let box = try Sandbox()
        let quits = 5_000
        let path = try box.file("q.txt", String(repeating: "I quit.\n", count: quits))
        let result = try box.run(["score", path, "--format", "json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
        let criteria = (json["rubrics"] as? [[String: Any]] ?? []).flatMap { $0["criteria"] as? [[String: Any]] ?? [] }
        let threat = try XCTUnwrap(criteria.first { ($0["moreEvidence"] as? Int ?? 0) > 0 }, "none counted the rest")
        let kept = (threat["evidence"] as? [Any])?.count ?? 0
        XCTAssertEqual(kept, Scorer.findingLimit)
        XCTAssertEqual(kept + (threat["moreEvidence"] as? Int ?? 0), quits, "every finding is counted")
        XCTAssertLessThanOrEqual((json["redLines"] as? [Any])?.count ?? 0, Scorer.findingLimit)
        // Before: every one of the 5,000 findings (and red lines) was written out.
        XCTAssertLessThan(result.stdout.count, 200_000)
        let text = try box.run(["score", path])
        XCTAssertTrue(text.out.contains("more"), text.out)
    }

    // 5. Escapes written in a rubric's YAML ("\e", "\x9b") are refused at the place they are written.
    func testEscapesWrittenInARubricAreRefusedWhereTheyStand() throws {
        let box = try demoBox()
        let folder = box.root.appendingPathComponent("esc")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try "id: esc\nname: \"Test \\e[31mrubric\\a \\x9b31m\"\ncriteria:\n  - id: a\n    name: A\n    kind: evidence\n"
            .appending("    phrases: [move]\n    advice: x\n    examples:\n      meets: [\"I move.\"]\n")
            .write(to: folder.appendingPathComponent("r.yaml"), atomically: true, encoding: .utf8)
        for arguments in [
            ["rubrics", "list", "--rubrics", folder.path], ["score", "d.txt", "--rubrics", folder.path],
        ] {
            let result = try box.run(arguments)
            XCTAssertEqual(result.status, 2, "\(arguments)")
            XCTAssertFalse(result.stderr.contains("\u{1B}") || result.out.contains("\u{1B}"), result.stderr)
            let place = "esc/r.yaml:2:7: `name` holds a control character (\\u{1B})"
            XCTAssertTrue(result.stderr.contains(place), result.stderr)
        }
    }

    // 6. C1 controls and bidi overrides are shown, never sent: in a report, a log, a listing.
    func testC1AndBidiControlsAreShownVisiblyEverywhere() throws {
        let box = try demoBox()
        let draft = try box.file("c1.txt", "I want \u{9B}31m to move to the data team \u{202E} in March.")
        for format in ["text", "markdown"] {
            let report = try box.run(["score", draft, "--color", "never", "--format", format])
            XCTAssertEqual(report.status, 0, report.stderr)
            XCTAssertFalse(report.out.unicodeScalars.contains { $0.value == 0x9B || $0.value == 0x202E }, report.out)
            XCTAssertTrue(report.out.contains("\\u{9B}31m"), report.out)
        }
        let reply =
            "From: m@example.com\nMessage-ID: <bidi@x>\nDate: Tue, 1 Dec 2026 10:00:00 +0000\n\n"
            + "Good \u{202E}txet\n"
        XCTAssertEqual(try box.run(["feedback", "import", "demo", try box.file("r.eml", reply)]).status, 0)
        let log = try box.run(["log", "demo"])
        XCTAssertFalse(log.out.unicodeScalars.contains { $0.value == 0x202E }, log.out)
        XCTAssertTrue(log.out.contains("Good \\u{202E}txet"), log.out)
        let titled = try box.run(["new", "other", "--title", "x\u{202E}y"])
        let said = titled.out + titled.stderr
        XCTAssertFalse(said.unicodeScalars.contains { $0.value == 0x202E }, said)
    }

    // 8. The same reply without a Date: header is attached once, however often it is imported.
    func testAReplyWithoutADateIsAttachedOnce() throws {
        let box = try demoBox()
        let reply = try box.file("dup.eml", "From: m@example.com\nMessage-ID: <r1@x>\n\nDup reply text here.\n")
        XCTAssertEqual(try box.run(["feedback", "import", "demo", reply]).status, 0)
        let again = try box.run(["feedback", "import", "demo", reply])
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertTrue(again.out.contains("already attached"), again.out)
        XCTAssertEqual(try box.run(["log", "demo"]).out.components(separatedBy: "Dup reply").count - 1, 1)
    }

    // 9–11. The store: a dangling link refused (and kept), an empty file made private, export checks first.
    func testTheStoreFileIsNeverTakenBlindly() throws {
        let box = try Sandbox()
        let link = box.root.appendingPathComponent("s.sqlite").path
        let nowhere = box.root.path + "/nowhere/x.sqlite"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: nowhere)
        let dangling = try box.run(["new", "q"], extra: ["PITCHCOACH_STORE": link])
        XCTAssertEqual(dangling.status, 2)
        XCTAssertTrue(dangling.stderr.contains("a symbolic link to \(nowhere), which does not exist"), dangling.stderr)
        XCTAssertNotNil(try? FileManager.default.destinationOfSymbolicLink(atPath: link), "the link is kept")

        let empty = box.root.appendingPathComponent("e.sqlite").path
        XCTAssertTrue(
            FileManager.default.createFile(
                atPath: empty, contents: nil,
                attributes: [.posixPermissions: 0o644]))
        XCTAssertEqual(try box.run(["new", "q"], extra: ["PITCHCOACH_STORE": empty]).status, 0)
        let mode = try FileManager.default.attributesOfItem(atPath: empty)[.posixPermissions] as? NSNumber
        XCTAssertEqual(mode?.intValue, 0o600)

        // A store of a newer schema is read-only: export says so before it writes the .eml.
        let store = box.environment["PITCHCOACH_STORE"]!
        _ = try box.run(["new", "demo"])
        _ = try box.run(["save", "demo", try box.file("d.txt", "Could I move to the platform team in March?")])
        _ = try Subprocess.run(
            tool: "python3",
            [
                "-c",
                """
                import sqlite3, sys
                c = sqlite3.connect(sys.argv[1]); c.execute("INSERT INTO grdb_migrations VALUES ('v99')"); c.commit()
                """, store,
            ])
        let out = box.root.appendingPathComponent("v1.eml").path
        let export = try box.run(["export", "demo", "--to", "m@example.com", "--from", "me@example.com", "--out", out])
        XCTAssertEqual(export.status, 2)
        XCTAssertTrue(export.stderr.contains("schema version"), export.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out), "nothing written when the store cannot record it")
    }

    // 12–13. Errors in words, one line each, values shown visibly and cut short.
    func testUsageErrorsAreOneLineWithTheirValuesShownAndCutShort() throws {
        let box = try demoBox()
        let cases: [([String], String)] = [
            (["score", "d.txt", "--format", "xml"], "'xml' is invalid for '--format"),
            (["score", "d.txt", "--color", "rainbow"], "'rainbow'"),
            (["score", "d.txt", "--fail-under", "abc"], "'abc'"),
            (["rehearse", "demo", "--rounds", "0"], "--rounds takes 1 to 50"),
            (["rehearse", "demo", "--kind", "bogus"], "not 'bogus'"),
            (["new", "a\u{1B}[31mb"], "'a\\u{1B}[31mb'"),
            (["new", String(repeating: "n", count: 10_000)], "more characters"),
            (["score", "d.txt", "--rubrics", "/etc/passwd"], "/etc/passwd: a file, not a folder of rubrics"),
            (["install", "--prefix", "/dev/null"], "/dev/null: not a folder"),
        ]
        for (arguments, expected) in cases {
            let result = try box.run(arguments)
            XCTAssertEqual(result.status, 2, "\(arguments.map { $0.prefix(20) })")
            XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, result.stderr)
            XCTAssertTrue(result.stderr.contains(expected), "\(expected) not in \(result.stderr.prefix(300))")
            XCTAssertFalse(result.stderr.contains("\u{1B}"), result.stderr)
            XCTAssertLessThan(result.stderr.count, 400, result.stderr.prefix(300) + "…")
        }
        // The REPL echoes what was typed the same way.
        let repl = try box.run([], stdin: Data("open demo\nwhy a\u{1B}[2Jb\nsituation x\u{9B}y\n".utf8))
        XCTAssertFalse(repl.stderr.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x9B }, repl.stderr)
        XCTAssertTrue(repl.stderr.contains("a\\u{1B}[2Jb"), repl.stderr)
    }

    // 14. install copies regular files only, and writes nothing through a link out of the prefix.
    func testInstallCopiesRegularPagesOnlyAndStaysInsideThePrefix() throws {
        let box = try Sandbox()
        let manual = box.root.appendingPathComponent("man")
        let files = FileManager.default
        try files.createDirectory(at: manual.appendingPathComponent("x.1"), withIntermediateDirectories: true)
        try ".TH PITCHCOACH 1\n".write(
            to: manual.appendingPathComponent("pitchcoach.1"), atomically: true,
            encoding: .utf8)
        let secret = try box.file("secret", "private")
        chmod(secret, 0o600)
        try files.createSymbolicLink(atPath: manual.appendingPathComponent("leak.1").path, withDestinationPath: secret)
        XCTAssertEqual(mkfifo(manual.appendingPathComponent("f.1").path, 0o600), 0)
        let prefix = box.root.appendingPathComponent("pre").path
        let result = try box.run(["install", "--prefix", prefix, "--manual", manual.path])
        XCTAssertEqual(result.status, 0, result.stderr)
        let pages = try FileManager.default.contentsOfDirectory(atPath: prefix + "/share/man/man1")
        XCTAssertEqual(pages, ["pitchcoach.1"])
        XCTAssertTrue(result.out.contains("leak.1 is not a regular file; left out"), result.out)

        let elsewhere = box.root.appendingPathComponent("elsewhere").path
        try FileManager.default.createDirectory(atPath: elsewhere, withIntermediateDirectories: true)
        let linked = box.root.appendingPathComponent("pre2").path
        try FileManager.default.createDirectory(atPath: linked, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: linked + "/bin", withDestinationPath: elsewhere)
        let refused = try box.run(["install", "--prefix", linked, "--manual", manual.path])
        XCTAssertEqual(refused.status, 2)
        XCTAssertTrue(refused.stderr.contains("pre2/bin: a symbolic link"), refused.stderr)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: elsewhere), [])
    }

    // 15. Replies Python's `email` package reads are read the same: the words of each reach the log.
    func testRepliesAreReadAsPythonsEmailPackageReadsThem() throws {
        let box = try demoBox()
        let replies = [
            "From: m@x.org\nMessage-ID: <a1@x>\nContent-Type: text\n\nNo subtype words.\n",
            "From: m@x.org\nMessage-ID: <a2@x>\nContent-Type: multipart/alternative; boundary*=us-ascii''b%20one\n\n"
                + "--b one\nContent-Type: text/plain; charset*=us-ascii'en'utf-8\n\nRFC 2231 words.\n--b one--\n",
            "From: m@x.org\nMessage-ID: <a3@x>\nContent-Type: multipart/mixed; boundary*0=\"ab\"; boundary*1=\"cd\"\n\n"
                + "--abcd\nContent-Type: text/plain\n\nContinued boundary words.\n--abcd--\n",
            "From: m@x.org\nMessage-ID: <a4@x>\nSubject: hi\nBody right after the headers.\n",
            "From: m@x.org\nMessage-ID: <a5@x>\nContent-Type: multipart/mixed; boundary=zz\n\n"
                + "--zz\nContent-Type: text/plain\nPart body right after its headers.\n--zz--\n",
            "From: m@x.org\rMessage-ID: <a6@x>\rSubject: cr\r\rWords of a CR-only reply.\r> quoted line\r",
        ]
        for (k, reply) in replies.enumerated() {
            let result = try box.run(["feedback", "import", "demo", try box.file("r\(k).eml", reply)])
            XCTAssertEqual(result.status, 0, "reply \(k): \(result.stderr)")
        }
        let log = try box.run(["log", "demo"]).out
        for words in [
            "No subtype words.", "RFC 2231 words.", "Continued boundary words.",
            "Body right after the headers.", "Part body right after its headers.",
            "Words of a CR-only reply.",
        ] {
            XCTAssertTrue(log.contains(words), "\(words) not in \(log)")
        }
        XCTAssertFalse(log.contains("quoted line"), log)
        // Not a mail at all (an image): said in words, not "only quoted text".
        let image = try box.write(
            "photo.eml", Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x3A]))
        let refused = try box.run(["feedback", "import", "demo", image])
        XCTAssertEqual(refused.status, 2)
        XCTAssertTrue(refused.stderr.contains("no mail headers found"), refused.stderr)
    }
}
