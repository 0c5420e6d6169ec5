import Foundation
import PitchCore
import XCTest

@testable import PitchStore

/// A fresh folder per test, removed afterwards; stores are real SQLite files in it.
class StoreTestCase: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("pitchstore-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        if let folder { try? FileManager.default.removeItem(at: folder) }
    }

    var storePath: String { folder.appendingPathComponent("data/pitchcoach.sqlite").path }

    func openStore(_ path: String? = nil) throws -> PitchStore {
        try PitchStore(path: path ?? storePath)
    }

    func snapshot(_ overall: Double, successor: Double = 50) -> ScoreSnapshot {
        ScoreSnapshot(
            overall: overall,
            rubrics: ["organisational-benefit": overall + 1, "successor-readiness": successor],
            criteria: ["successor-readiness/named-successor": successor / 100, "organisational-benefit/numbers": 0.25],
            rubricFingerprint: "fp-1")
    }

    /// Asserts that `body` throws exactly `expected`.
    func assertThrows<T>(
        _ expected: StoreError, file: StaticString = #filePath, line: UInt = #line,
        _ body: () throws -> T
    ) {
        do {
            _ = try body()
            XCTFail("expected \(expected), nothing thrown", file: file, line: line)
        } catch let error as StoreError {
            XCTAssertEqual(error, expected, file: file, line: line)
        } catch {
            XCTFail("expected \(expected), got \(error)", file: file, line: line)
        }
    }

    func contents(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }
}
