import Foundation
import TestSupport
import XCTest

/// Inputs that are not what they claim, each refused in words with exit 2 (issue 13's "clear answers").
final class InputRefusalTests: XCTestCase {
    func testASymlinkLoopAFolderForARubricAndAClosedStdinSayWhatIsWrong() throws {
        let box = try Sandbox()
        let loop = box.root.appendingPathComponent("loop.txt").path
        try FileManager.default.createSymbolicLink(atPath: loop, withDestinationPath: loop)
        let looped = try box.run(["score", loop])
        XCTAssertEqual(looped.status, 2)
        XCTAssertTrue(looped.stderr.contains("loop.txt: a symbolic link that leads back to itself"), looped.stderr)

        let draft = try box.file("d.txt", "Could I move to the platform team in April? Priya is ready to lead.")
        let folder = try box.run(["score", draft, "--rubric", box.root.path + "/"])
        XCTAssertEqual(folder.status, 2)
        XCTAssertTrue(folder.stderr.contains("is a directory, not a rubric file"), folder.stderr)
        XCTAssertFalse(folder.stderr.contains("no such rubric file"), folder.stderr)

        // `<&-`: the shell closes standard input before running the binary.
        let closed = try Subprocess.run(
            "/bin/sh", ["-c", "exec \"$0\" score - <&-", Binary.path],
            environment: box.environment)
        XCTAssertEqual(closed.status, 2)
        XCTAssertTrue(closed.stderr.contains("standard input is closed"), closed.stderr)
    }

    func testADraftOfOnlyInvisibleCharactersIsRefusedLikeSpaces() throws {
        let box = try Sandbox()
        let path = try box.file("blank.txt", "\u{00A0}\u{200B}\u{2060}\n\u{200D}\u{3000}\n")
        let result = try box.run(["score", path])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("blank.txt: only whitespace"), result.stderr)
    }

    func testTwoRubricsWithOneIdInOneFolderAreRefusedNamingBoth() throws {
        let box = try Sandbox()
        let folder = box.root.appendingPathComponent("rubrics")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let rubric = { (name: String) in
            "id: mine\nname: \(name)\ncriteria:\n  - id: ask\n    name: The ask\n    kind: evidence\n    advice: Ask.\n    phrases: [could I]\n"
                + "    examples:\n      meets: [\"Could I move teams?\"]\n"
        }
        try rubric("First").write(to: folder.appendingPathComponent("a.yaml"), atomically: true, encoding: .utf8)
        try rubric("Second").write(to: folder.appendingPathComponent("b.yaml"), atomically: true, encoding: .utf8)
        let draft = try box.file("d.txt", "Could I move to the platform team in April?")
        let result = try box.run(["score", draft, "--rubrics", folder.path])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("b.yaml: has the id 'mine' of"), result.stderr)
        XCTAssertTrue(result.stderr.contains("a.yaml"), result.stderr)
        // In different folders, the later one overrides the earlier on purpose.
        let other = box.root.appendingPathComponent("other")
        try FileManager.default.createDirectory(at: other, withIntermediateDirectories: true)
        try FileManager.default.moveItem(
            at: folder.appendingPathComponent("b.yaml"), to: other.appendingPathComponent("b.yaml"))
        let overridden = try box.run(
            ["score", draft, "--rubrics", other.path], extra: ["PITCHCOACH_RUBRICS": folder.path])
        XCTAssertEqual(overridden.status, 0, overridden.stderr)
    }

    func testAControlCharacterInARubricIsPlacedByLineAndColumn() throws {
        let box = try Sandbox()
        let path = try box.file(
            "esc.yaml",
            "id: esc\nname: Esc\ncriteria:\n  - id: ask\n    name: The ask\n    advice: Ask \u{1B}[2J now.\n    phrases: [could I]\n"
        )
        let draft = try box.file("d.txt", "Could I move to the platform team in April?")
        let result = try box.run(["score", draft, "--rubric", path])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("esc.yaml:6:17: binary data (control byte 0x1B)"), result.stderr)
    }
}
