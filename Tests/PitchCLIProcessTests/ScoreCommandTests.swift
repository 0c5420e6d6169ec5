import Foundation
import TestSupport
import XCTest

/// `pitchcoach score` and `pitchcoach rubrics` through the built binary.
final class ScoreCommandTests: XCTestCase {
    let goodPitch = """
        I'd like to propose a change that helps you hit the platform team's goals this year.
        Moving me to the platform team lets us cut deploy time by 40% and saves the department about $120,000 a year.
        Priya has run our stand-ups for six months; I have coached her weekly and she is ready to lead the team from March 1.
        I will overlap with her for a six-week handover and stay available to the team for questions.
        I'm not threatening to leave: I want the team and the organisation to do well, and I'm open to your timing.
        """

    func json(_ result: RunResult, file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: result.stdout)
        return try XCTUnwrap(
            object as? [String: Any], "not a JSON object: \(result.out.prefix(200))", file: file, line: line)
    }

    func testJSONReportHasTheStableShape() throws {
        let box = try Sandbox()
        let path = try box.file("pitch.txt", goodPitch)
        let result = try box.run(["score", path, "--format", "json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let report = try json(result)
        XCTAssertEqual(report["schemaVersion"] as? Int, 1)
        let overall = try XCTUnwrap(report["overall"] as? Double)
        XCTAssert((0...100).contains(overall))
        XCTAssertNotNil(report["band"] as? String)
        let rubrics = try XCTUnwrap(report["rubrics"] as? [[String: Any]])
        XCTAssertEqual(
            Set(rubrics.compactMap { $0["id"] as? String }).isSuperset(of: [
                "organisational-benefit", "successor-readiness", "bridge-risk",
            ]), true)
        for rubric in rubrics {
            let criteria = try XCTUnwrap(rubric["criteria"] as? [[String: Any]])
            XCTAssertGreaterThanOrEqual(criteria.count, 4)
            for criterion in criteria {
                let score = try XCTUnwrap(criterion["score"] as? Double)
                XCTAssert((0...1).contains(score))
                for evidence in try XCTUnwrap(criterion["evidence"] as? [[String: Any]]) {
                    XCTAssertGreaterThanOrEqual(evidence["line"] as? Int ?? 0, 1)
                    XCTAssertGreaterThanOrEqual(evidence["column"] as? Int ?? 0, 1)
                    XCTAssertFalse((evidence["text"] as? String ?? "").isEmpty)
                }
            }
        }
        let bridge = try XCTUnwrap(rubrics.first { $0["id"] as? String == "bridge-risk" })
        XCTAssertNotNil(bridge["level"] as? String)
        let readability = try XCTUnwrap(report["readability"] as? [String: Any])
        for key in ["words", "sentences", "syllables", "fleschReadingEase", "fleschKincaidGrade"] {
            XCTAssertNotNil(readability[key], key)
        }
        XCTAssertNotNil(report["fixes"] as? [[String: Any]])
    }

    func testEvidenceSpansPointAtTheMatchedText() throws {
        let box = try Sandbox()
        let text = "I want to move.\r\nYou dropped the ball and I feel extremely let down.\r\n"
        let path = try box.write("crlf.txt", Data([0xEF, 0xBB, 0xBF]) + Data(text.utf8))
        let result = try box.run(["score", path, "--format", "json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let lines = text.components(separatedBy: "\r\n")
        let rubrics = try XCTUnwrap(try json(result)["rubrics"] as? [[String: Any]])
        let evidence = rubrics.flatMap { ($0["criteria"] as? [[String: Any]]) ?? [] }.flatMap {
            ($0["evidence"] as? [[String: Any]]) ?? []
        }
        XCTAssertFalse(evidence.isEmpty)
        for item in evidence {
            let line = try XCTUnwrap(item["line"] as? Int)
            let column = try XCTUnwrap(item["column"] as? Int)
            let found = try XCTUnwrap(item["text"] as? String)
            let source = Array(lines[line - 1])
            XCTAssertEqual(
                String(source[(column - 1)..<min(source.count, column - 1 + found.count)]), found,
                "span \(line):\(column) does not hold '\(found)'")
        }
    }

    func testStdinScoresLikeTheFile() throws {
        let box = try Sandbox()
        let path = try box.file("pitch.txt", goodPitch)
        let fromFile = try box.run(["score", path, "--format", "json"])
        let fromStdin = try box.run(["score", "-", "--format", "json"], stdin: Data(goodPitch.utf8))
        XCTAssertEqual(try json(fromFile)["overall"] as? Double, try json(fromStdin)["overall"] as? Double)
    }

    func testFailUnderExitsOne() throws {
        let box = try Sandbox()
        let path = try box.file("pitch.txt", goodPitch)
        XCTAssertEqual(try box.run(["score", path, "--fail-under", "100.0"]).status, 1)
        XCTAssertEqual(try box.run(["score", path, "--fail-under", "0"]).status, 0)
        XCTAssertEqual(try box.run(["score", path, "--fail-under", "101"]).status, 2)
        XCTAssertEqual(try box.run(["score", path, "--fail-under", "lots"]).status, 2)
    }

    func testUnreadableInputsExitTwoWithOneLineNamingTheFile() throws {
        let box = try Sandbox()
        let cases: [(String, Data?, String)] = [
            ("missing.txt", nil, "no such file"),
            ("empty.txt", Data(), "empty"),
            ("blank.txt", Data("  \n\t\n".utf8), "whitespace"),
            ("latin1.txt", Data("caf".utf8) + Data([0xE9]) + Data(" ok".utf8), "not UTF-8"),
            ("binary.txt", Data([0x50, 0x4B, 0x03, 0x04, 0x00, 0x01]), "binary"),
        ]
        for (name, data, reason) in cases {
            let path = data.map { try? box.write(name, $0) } ?? box.root.appendingPathComponent(name).path
            let result = try box.run(["score", path ?? name])
            XCTAssertEqual(result.status, 2, name)
            XCTAssertTrue(result.stderr.contains(name), "\(name): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains(reason), "\(name): \(result.stderr)")
            XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, result.stderr)
        }
        let folder = try box.run(["score", box.root.path])
        XCTAssertEqual(folder.status, 2)
        XCTAssertTrue(folder.stderr.contains("directory"))
        let huge = try box.write("huge.txt", Data(repeating: 0x61, count: 10 * 1024 * 1024 + 10))
        let tooBig = try box.run(["score", huge])
        XCTAssertEqual(tooBig.status, 2)
        XCTAssertTrue(tooBig.stderr.contains("limit"), tooBig.stderr)
    }

    func testInvalidUTF8IsPlacedByLineAndColumn() throws {
        let box = try Sandbox()
        let path = try box.write("bad.txt", Data("first line\nsé".utf8) + Data([0xFF]) + Data("\n".utf8))
        let result = try box.run(["score", path])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("bad.txt:2:3:"), result.stderr)
    }

    func testColourFollowsNoColorAndTheFlag() throws {
        let box = try Sandbox()
        let path = try box.file("pitch.txt", "You dropped the ball. I feel extremely let down.")
        let plain = try box.run(["score", path])
        XCTAssertFalse(plain.out.contains("\u{1B}["))
        let forced = try box.run(["score", path, "--color", "always"])
        XCTAssertTrue(forced.out.contains("\u{1B}["))
        let never = try box.run(["score", path, "--color", "never"], extra: ["NO_COLOR": ""])
        XCTAssertFalse(never.out.contains("\u{1B}["))
    }

    func testWorksFromAnyDirectoryWithEmbeddedRubrics() throws {
        let box = try Sandbox()
        let path = try box.file("pitch.txt", goodPitch)
        let result = try Binary.run(
            ["rubrics", "list"], environment: box.environment, directory: URL(fileURLWithPath: "/"))
        XCTAssertEqual(result.status, 0, result.stderr)
        for id in ["organisational-benefit", "successor-readiness", "bridge-risk"] {
            XCTAssertTrue(result.out.contains(id))
        }
        XCTAssertEqual(
            try Binary.run(["score", path], environment: box.environment, directory: URL(fileURLWithPath: "/")).status,
            0)
    }

    func testRubricsSelfTestRunsEveryExample() throws {
        let box = try Sandbox()
        let result = try box.run(["rubrics", "test"])
        XCTAssertEqual(result.status, 0, result.out)
        let last = try XCTUnwrap(result.out.split(separator: "\n").last.map(String.init))
        // "1828 examples, 336 not as expected; 18 of 18 criteria hold"
        let parts = last.split(separator: " ")
        XCTAssertEqual(parts.count, 11, last)
        XCTAssertGreaterThanOrEqual(Int(parts[0]) ?? 0, 1_000, last)
        XCTAssertEqual(parts[6], parts[8], last)
        XCTAssertFalse(result.out.contains("FAIL"), result.out)
    }

    func testRubricsTestFailsOnAnExampleThatDoesNotHold() throws {
        let box = try Sandbox()
        let folder = box.root.appendingPathComponent("mine")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        // A phrase-only criterion must hold every example; one that learns cannot hold examples that contradict
        // each other (the same sentences claimed to show it and not).
        let sentences = (1...10).map { "\"We are nearly out of oat milk, batch \($0).\"" }.joined(separator: ", ")
        let yaml = """
            id: pantry
            name: Pantry
            criteria:
              - id: weather
                name: Weather
                kind: evidence
                phrases: ["sunny"]
                advice: Say the weather.
                examples:
                  meets: ["It is sunny today.", "The weather is nice."]
              - id: oat-milk
                name: Oat milk
                kind: evidence
                phrases: ["soy milk"]
                advice: Mention the milk.
                examples:
                  meets: [\(sentences)]
                  misses: [\(sentences)]
            """
        try yaml.write(to: folder.appendingPathComponent("pantry.yaml"), atomically: true, encoding: .utf8)
        let result = try box.run(["rubrics", "test", folder.path])
        XCTAssertEqual(result.status, 1, result.out)
        XCTAssertTrue(result.out.contains("FAIL pantry/weather   1/2 hold (50%, needs 100%)"), result.out)
        XCTAssertTrue(result.out.contains("FAIL pantry/oat-milk"), result.out)
        XCTAssertTrue(
            result.out.contains(
                "miss pantry/weather meets: \"The weather is nice.\" — shows the criterion but was not found"),
            result.out)
    }

    func testBrokenRubricIsRefusedWithFileLineColumn() throws {
        let box = try Sandbox()
        let original = try String(
            contentsOf: Binary.packageRoot.appendingPathComponent("Rubrics/bridge-risk.yaml"), encoding: .utf8)
        var lines = original.components(separatedBy: "\n")
        lines.insert("broken: [unclosed, list", at: 2)
        let path = try box.file("broken.yaml", lines.joined(separator: "\n"))
        let draft = try box.file("p.txt", "I would like to move to the platform team.")
        let result = try box.run(["score", draft, "--rubric", path])
        XCTAssertEqual(result.status, 2)
        XCTAssertNotNil(result.stderr.range(of: #"broken\.yaml:\d+:\d+: "#, options: .regularExpression), result.stderr)
    }

    func testRubricsFolderOptionReachesEveryCommandThatScores() throws {
        let box = try Sandbox()
        try FileManager.default.createDirectory(
            at: box.root.appendingPathComponent("mine"), withIntermediateDirectories: true)
        _ = try box.file(
            "mine/clarity.yaml",
            """
            id: clarity
            name: Clarity of the ask
            criteria:
              - id: the-ask
                name: The ask
                kind: evidence
                phrases: ["I would like to", "I propose"]
                advice: Say what you ask for.
                examples:
                  meets: ["I would like to move to the platform team."]
                  misses: ["The weather is nice."]
            """)
        let folder = box.root.appendingPathComponent("mine").path
        let draft = try box.file("p.txt", "I would like to move to the platform team.")
        // After the subcommand and before it: the root command takes --rubrics too (for the REPL).
        for arguments in [
            ["score", draft, "--rubrics", folder, "--format", "json"],
            ["--rubrics", folder, "score", draft, "--format", "json"],
        ] {
            let result = try box.run(arguments)
            XCTAssertEqual(result.status, 0, result.stderr)
            let rubrics = try XCTUnwrap(try json(result)["rubrics"] as? [[String: Any]])
            XCTAssertEqual(rubrics.compactMap { $0["id"] as? String }.last, "clarity", "\(arguments)")
        }
        let listed = try box.run(["rubrics", "list", "--rubrics", folder])
        XCTAssertEqual(listed.status, 0, listed.stderr)
        XCTAssertTrue(listed.out.contains("clarity"), listed.out)
        let missing = try box.run(["rubrics", "list", "--rubrics", box.root.appendingPathComponent("nowhere").path])
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.stderr.contains("nowhere: no such rubrics folder"), missing.stderr)
    }

    func testARubricNamedTwiceCountsOnceAndOneFileCanBeTested() throws {
        let box = try Sandbox()
        let draft = try box.file("p.txt", "I would like to move to the platform team.")
        let twice = try box.run([
            "score", draft, "--rubric", "bridge-risk", "--rubric", "bridge-risk", "--format", "json",
        ])
        XCTAssertEqual(twice.status, 0, twice.stderr)
        XCTAssertEqual((try json(twice)["rubrics"] as? [[String: Any]])?.count, 1)
        let one = try box.run([
            "rubrics", "test", Binary.packageRoot.appendingPathComponent("Rubrics/bridge-risk.yaml").path,
        ])
        XCTAssertEqual(one.status, 0, one.stderr)
        XCTAssertTrue(one.out.hasSuffix(" 9 of 9 criteria hold\n"), String(one.out.suffix(300)))
    }

    func testARubricThatIsNotUTF8IsPlaced() throws {
        let box = try Sandbox()
        let path = try box.write("latin1.yaml", Data("id: r\nname: Caf".utf8) + Data([0xE9]) + Data("\n".utf8))
        let draft = try box.file("p.txt", "I would like to move to the platform team.")
        let result = try box.run(["score", draft, "--rubric", path])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("latin1.yaml:2:10: not UTF-8 text (byte 0xE9)"), result.stderr)
    }

    func testTwoDifferentRubricsWithOneIdAreRefusedAndABOMIsFine() throws {
        let box = try Sandbox()
        let draft = try box.file("p.txt", "I would like to move to the platform team.")
        let original = try String(
            contentsOf: Binary.packageRoot.appendingPathComponent("Rubrics/bridge-risk.yaml"), encoding: .utf8)
        let copy = try box.write(
            "copy.yaml",
            Data([0xEF, 0xBB, 0xBF]) + Data(original.replacingOccurrences(of: "weight: 1.5", with: "weight: 2").utf8))
        let both = try box.run(["score", draft, "--rubric", "bridge-risk", "--rubric", copy])
        XCTAssertEqual(both.status, 2)
        XCTAssertTrue(both.stderr.contains("two rubrics have the id 'bridge-risk'"), both.stderr)
        let alone = try box.run(["score", draft, "--rubric", copy, "--format", "json"])
        XCTAssertEqual(alone.status, 0, alone.stderr)
    }

    func testUnknownRubricIdListsTheKnownOnes() throws {
        let box = try Sandbox()
        let draft = try box.file("p.txt", "I would like to move to the platform team.")
        let result = try box.run(["score", draft, "--rubric", "no-such-rubric"])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("bridge-risk"), result.stderr)
    }

    func testSeedForumPostFindsTheVentingAndAsksForASuccessor() throws {
        let seed = Binary.shared.appendingPathComponent("seeds/forum-lateral-move-to-individual-contributor.txt")
        guard FileManager.default.fileExists(atPath: seed.path) else {
            throw XCTSkip("../shared/seeds not beside the checkout")
        }
        let box = try Sandbox()
        let report = try box.run(["score", seed.path])
        XCTAssertEqual(report.status, 0, report.stderr)
        XCTAssertTrue(report.out.contains("extremely let down"), "venting not quoted")
        XCTAssertTrue(report.out.contains("dropped the ball"), "blame not quoted")
        XCTAssertTrue(report.out.contains("^"), "no caret under the evidence")
        let json = try json(try box.run(["score", seed.path, "--format", "json"]))
        let rubrics = try XCTUnwrap(json["rubrics"] as? [[String: Any]])
        let bridge = try XCTUnwrap(rubrics.first { $0["id"] as? String == "bridge-risk" })
        XCTAssertLessThan(try XCTUnwrap(bridge["score"] as? Double), 80)
        let successor = try XCTUnwrap(rubrics.first { $0["id"] as? String == "successor-readiness" })
        let advice = ((successor["criteria"] as? [[String: Any]]) ?? []).compactMap { $0["advice"] as? String }.joined(
            separator: " ")
        XCTAssertNotNil(
            advice.range(
                of: "take over|takes over|lead the team|successor", options: [.regularExpression, .caseInsensitive]),
            advice)
    }

    func testHelpAndVersion() throws {
        let box = try Sandbox()
        let version = try box.run(["--version"])
        XCTAssertEqual(version.status, 0)
        XCTAssertNotNil(version.out.range(of: #"\d+\.\d+"#, options: .regularExpression))
        for command in ["score", "rubrics", "new", "save", "log", "show", "diff", "restore", "list"] {
            let help = try box.run([command, "--help"])
            XCTAssertEqual(help.status, 0, command)
            XCTAssertTrue(help.out.contains("USAGE"), command)
        }
        let completion = try box.run(["--generate-completion-script", "bash"])
        XCTAssertTrue(completion.out.contains("complete"))
        let badFlag = try box.run(["score", "--no-such-flag"])
        XCTAssertEqual(badFlag.status, 2)
    }
}
