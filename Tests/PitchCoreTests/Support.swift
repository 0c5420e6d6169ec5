import Foundation
import PitchResources
import XCTest

@testable import PitchCore

enum Fixtures {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let shared = packageRoot.deletingLastPathComponent().appendingPathComponent("shared")

    /// The shipped rubrics as the binary carries them: compiled and trained at build time from the top-level
    /// folder (the single source of truth; `RubricArchiveTests` checks that they are that folder's).
    static func coreRubrics() throws -> [Rubric] {
        let compiled = try compiledRubrics()
        return try ["organisational-benefit", "successor-readiness", "bridge-risk"].map { id in
            try XCTUnwrap(compiled.first { $0.id == id }, "\(id) is not among the compiled rubrics")
        }
    }

    /// Every built-in rubric as the binary carries it (compiled, with heads).
    static func compiledRubrics() throws -> [Rubric] {
        try RubricArchive.decode(
            core: [UInt8](try XCTUnwrap(Data(base64Encoded: EmbeddedFiles.compiledRubrics))),
            examples: ExampleSection { k in
                k < EmbeddedFiles.compiledRubricExamples.count
                    ? [UInt8](Data(base64Encoded: EmbeddedFiles.compiledRubricExamples[k])!) : nil
            })
    }

    /// Every rubric of the top-level folder parsed now, without heads, in file order (as the build reads them),
    /// each file's text as the binary carries it (no final line break).
    static func parsedCoreRubrics() throws -> [Rubric] {
        let names = try FileManager.default.contentsOfDirectory(
            atPath: packageRoot.appendingPathComponent("Rubrics").path
        )
        .filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
        return try names.map { id in
            var text = try String(contentsOf: packageRoot.appendingPathComponent("Rubrics/\(id).yaml"), encoding: .utf8)
            if text.hasSuffix("\n") { text.removeLast() }
            return try RubricLoader.load(yaml: text, file: "Rubrics/\(id).yaml")
        }
    }

    static func rubric(_ yaml: String, file: String = "test.yaml") throws -> Rubric {
        try RubricLoader.load(yaml: yaml, file: file)
    }

    static func criterion(_ card: ScoreCard, _ rubric: String, _ id: String) -> CriterionScore? {
        card.rubrics.first { $0.id == rubric }?.criteria.first { $0.id == id }
    }
}
