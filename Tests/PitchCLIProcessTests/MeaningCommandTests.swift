import Foundation
import TestSupport
import XCTest

/// The sentence-vector layer through the built binary: what a user sees in the report, the JSON and the REPL.
final class MeaningCommandTests: XCTestCase {
    func jsonObject(_ text: String) throws -> [String: Any] {
        try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    func evidence(_ report: [String: Any], _ id: String) -> [[String: Any]] {
        let rubrics = report["rubrics"] as? [[String: Any]] ?? []
        let criteria = rubrics.flatMap { $0["criteria"] as? [[String: Any]] ?? [] }
        return criteria.first { $0["id"] as? String == id }?["evidence"] as? [[String: Any]] ?? []
    }

    func testAStrongDraftInPlainWordsIsNotNeedsWorkAndAThreatMakesItDoNotSend() throws {
        let box = try Sandbox()
        let plain = """
            Hi Sam,

            I'd like to move to the data platform team in April, and I wanted to ask you first.
            The platform team is behind on the warehouse migration that your quarterly plan depends on, and I wrote half of
            the pipelines they are moving, so I could take weeks off their schedule.
            Leila has run our Monday planning since the autumn and covered every one of my holidays; she told me she would
            like the lead role. She would take over the four analysts on 1 April, and I would sit with her for the first
            month and stay on call for the audit until it closes in May.
            If April is too early for you, June would work just as well.

            Thanks,
            Ama
            """
        let good = try box.file("plain.txt", plain)
        let threat = try box.file(
            "threat.txt",
            plain.replacingOccurrences(
                of: "If April is too early for you, June would work just as well.",
                with: "If this is not approved by Friday, I will hand in my notice."))
        let a = try jsonObject(try box.run(["score", good, "--format", "json"]).out)
        let b = try jsonObject(try box.run(["score", threat, "--format", "json"]).out)
        XCTAssertGreaterThanOrEqual(a["overall"] as? Double ?? 0, 65, "\(a["overall"] ?? "")")
        XCTAssertNotEqual(a["band"] as? String, "needs work")
        XCTAssertEqual((a["redLines"] as? [Any])?.count, 0)
        XCTAssertEqual(b["band"] as? String, "do not send")
        XCTAssertLessThanOrEqual(b["overall"] as? Double ?? 100, 40)
        let red = try XCTUnwrap((b["redLines"] as? [[String: Any]])?.first)
        XCTAssertEqual(red["criterion"] as? String, "no-ultimatums")
        XCTAssertEqual(red["line"] as? Int, 9)
        let bridge = (b["rubrics"] as? [[String: Any]])?.first { $0["id"] as? String == "bridge-risk" }
        XCTAssertEqual(bridge?["level"] as? String, "high")
        let text = try box.run(["score", threat])
        XCTAssertTrue(text.out.contains("do not send"), text.out)
        XCTAssertTrue(text.out.contains("Do not send: line 9"), text.out)
        // A keyword list of the same subjects reads as nothing.
        let soup = try box.file(
            "soup.txt",
            "Goals, roadmap, win-win, migration, pipelines, schedule.\nLeila, ready, trained, handover 1 April, on call, audit.\n"
        )
        let c = try jsonObject(try box.run(["score", soup, "--format", "json"]).out)
        XCTAssertLessThan(c["overall"] as? Double ?? 100, (a["overall"] as? Double ?? 0) - 20)
    }

    func testEvidenceFoundByMeaningCarriesItsStrengthAndWhatItReadsLike() throws {
        let box = try Sandbox()
        let draft = try box.file(
            "d.txt", "Moving me onto nights would stop the agency spend the ward keeps losing money on.\n")
        let report = try jsonObject(try box.run(["score", draft, "--format", "json"]).out)
        XCTAssertEqual(report["schemaVersion"] as? Int, 1)
        let found = try XCTUnwrap(evidence(report, "cost-and-risk").first)
        XCTAssertEqual(found["source"] as? String, "meaning")
        XCTAssertEqual(found["line"] as? Int, 1)
        XCTAssertEqual(found["column"] as? Int, 1)
        XCTAssertGreaterThan(found["strength"] as? Double ?? 0, 0.4)
        XCTAssertFalse((found["readsLike"] as? String ?? "").isEmpty)
        let text = try box.run(["score", draft])
        XCTAssertTrue(text.out.contains("reads like: “"), text.out)
    }

    func testARubricInAFolderLearnsFromItsExamplesWhenLoaded() throws {
        let box = try Sandbox()
        let folder = box.root.appendingPathComponent("mine")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let yaml = try YAMLFixtures.text("pantry.yaml")
        try yaml.write(to: folder.appendingPathComponent("pantry.yaml"), atomically: true, encoding: .utf8)
        let draft = try box.file("d.txt", "We have almost run out of the plant-based milk for the coffee machine.\n")
        let report = try jsonObject(
            try box.run(["score", draft, "--rubrics", folder.path, "--rubric", "pantry", "--format", "json"]).out)
        XCTAssertEqual(evidence(report, "oat-milk").first?["source"] as? String, "meaning", "\(report)")
        let test = try box.run(["rubrics", "test", folder.path])
        XCTAssertEqual(test.status, 0, test.out)
        XCTAssertTrue(test.out.contains("ok   pantry/oat-milk"), test.out)
        XCTAssertTrue(test.out.contains("needs 60%"), test.out)
    }

    func testWhyShowsWhatTheMeaningFound() throws {
        let box = try Sandbox()
        let script = """
            new demo Moving teams
            write
            Moving me onto nights would stop the agency spend the ward keeps losing money on.
            .
            why cost-and-risk
            quit

            """
        let result = try box.run([], stdin: Data(script.utf8))
        XCTAssertTrue(result.out.contains("(by meaning, strength 0."), result.out)
        XCTAssertTrue(result.out.contains("reads like: “"), result.out)
        XCTAssertTrue(result.out.contains("learns from "), result.out)
    }
}
