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
        let result = try Subprocess.run("/bin/sh", ["-c", "cd \"$HOME\" && " + script], environment: environment,
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
        for arguments in [["score", "f.txt"], ["score", "d.txt", "--rubrics", "rub"],
                          ["score", "d.txt", "--rubric", "rub/zz.yaml"], ["rubrics", "test", "rub"],
                          ["feedback", "import", "demo", "f.txt"]] {
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
        let bumped = try Subprocess.run(tool: "python3", ["-c", """
            import sqlite3, sys
            c = sqlite3.connect(sys.argv[1]); c.execute("INSERT INTO grdb_migrations VALUES ('v99-future')"); c.commit()
            """, box.environment["PITCHCOACH_STORE"]!])
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
        let yaml = "id: many\nname: Many\ncriteria:\n" + (0..<count).map { i in
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
