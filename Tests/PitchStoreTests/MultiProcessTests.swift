import Foundation
import PitchCore
import TestSupport
import XCTest

@testable import PitchStore

/// Separate processes on one store file: the test binary re-runs itself with `ChildProcessEntry`
/// selected and a job in its environment, so the children run this very store code.
final class MultiProcessTests: StoreTestCase {
    private func testBinary() throws -> String {
        let binary = CommandLine.arguments[0]
        // Only the Linux runner executes the bundle directly; elsewhere we can't re-run ourselves.
        guard binary.hasSuffix(".xctest"), FileManager.default.isExecutableFile(atPath: binary) else {
            throw XCTSkip("test runner \(binary) can't be re-executed as a child")
        }
        return binary
    }

    private func spawnChild(_ job: [String: String]) throws -> Process {
        let child = Process()
        child.executableURL = URL(fileURLWithPath: try testBinary())
        child.arguments = ["PitchStoreTests.ChildProcessEntry/testRunChildJob"]
        child.environment = ProcessInfo.processInfo.environment.merging(job) { $1 }
        child.standardOutput = FileHandle.nullDevice
        child.standardError = FileHandle.nullDevice
        try child.run()
        return child
    }

    func testSixteenProcessesSavingAtOnceGetNumbersOneToSixteen() throws {
        _ = try testBinary()
        _ = try openStore().createPitch(name: "race", title: nil)
        let children = try (1...16).map { i in
            try spawnChild([
                "PITCHSTORE_CHILD_JOB": "save", "PITCHSTORE_CHILD_STORE": storePath,
                "PITCHSTORE_CHILD_TEXT": "Draft number \(i) for the race.", "PITCHSTORE_CHILD_NOTE": "r\(i)",
            ])
        }
        for child in children {
            XCTAssertTrue(Subprocess.waitForExit(child, timeout: 120), "a saving child did not finish")
        }
        XCTAssertEqual(children.map(\.terminationStatus), Array(repeating: 0, count: 16))
        let store = try openStore()
        let versions = try store.versions(of: "race")
        XCTAssertEqual(versions.map(\.number), Array(1...16))
        XCTAssertEqual(Set(versions.compactMap(\.note)), Set((1...16).map { "r\($0)" }))
        XCTAssertEqual(try store.integrityCheck(), ["ok"])
    }

    /// kill -9 at random moments of a stream of 1 MB saves: every version that exists is whole,
    /// numbering has no gap, the database is sound and takes the next save.
    func testSaveKilledMidWriteLosesNothingAlreadySaved() throws {
        _ = try testBinary()
        _ = try openStore().createPitch(name: "crash", title: nil)
        let words = ["platform", "team", "successor", "handover", "Priya", "quarter", "🚀", "délai", "\r\n"]
        var generator = randomInputs()
        let texts: [String] = (0..<3).map { k in
            var text = ""
            while text.utf8.count < 1_000_000 { text += words.randomElement(using: &generator)! + " " }
            return text + "END\(k)\n"
        }
        let textFiles = try texts.enumerated().map { k, text in
            let url = folder.appendingPathComponent("big\(k).txt")
            try Data(text.utf8).write(to: url)
            return url.path
        }
        for round in 0..<10 {
            let child = try spawnChild([
                "PITCHSTORE_CHILD_JOB": "save-forever", "PITCHSTORE_CHILD_STORE": storePath,
                "PITCHSTORE_CHILD_TEXT_FILE": textFiles[round % 3],
            ])
            Thread.sleep(forTimeInterval: Double.random(in: 0.15...0.6, using: &generator))
            kill(child.processIdentifier, SIGKILL)
            Subprocess.waitForExit(child, timeout: 10)
        }
        let store = try openStore()
        XCTAssertEqual(try store.integrityCheck(), ["ok"])
        let versions = try store.versions(of: "crash")
        print("crash test: \(versions.count) versions survived 10 kill -9")
        XCTAssertEqual(versions.map(\.number), Array(0..<versions.count).map { $0 + 1 })
        XCTAssertGreaterThan(versions.count, 0, "no save completed between kills")
        for version in versions {
            XCTAssertTrue(texts.contains(version.text), "version \(version.number) is not a whole saved text")
        }
        let next = try store.saveVersion(pitch: "crash", text: texts[0], note: "after", snapshot: snapshot(1))
        XCTAssertEqual(next.number, versions.count + 1)
    }
}

/// Not a test of its own: the body that child processes of `MultiProcessTests` run.
final class ChildProcessEntry: XCTestCase {
    func testRunChildJob() throws {
        let environment = ProcessInfo.processInfo.environment
        guard let job = environment["PITCHSTORE_CHILD_JOB"], let path = environment["PITCHSTORE_CHILD_STORE"] else {
            throw XCTSkip("runs only as a child of MultiProcessTests")
        }
        let snapshot = ScoreSnapshot(overall: 50, rubrics: [:], criteria: [:], rubricFingerprint: "child")
        switch job {
        case "save":
            let store = try PitchStore(path: path)
            try store.saveVersion(
                pitch: "race", text: environment["PITCHSTORE_CHILD_TEXT"] ?? "",
                note: environment["PITCHSTORE_CHILD_NOTE"], snapshot: snapshot)
        case "save-forever":
            let file = try XCTUnwrap(environment["PITCHSTORE_CHILD_TEXT_FILE"])
            let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: file)), as: UTF8.self)
            while true {
                // A fresh store per save, as each CLI run opens it anew: kills land in opening too.
                let store = try PitchStore(path: path)
                try store.saveVersion(pitch: "crash", text: text, note: nil, snapshot: snapshot)
            }
        default:
            XCTFail("unknown child job \(job)")
        }
    }
}
