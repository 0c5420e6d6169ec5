import Foundation
@testable import PitchCore

enum Fixtures {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let shared = packageRoot.deletingLastPathComponent().appendingPathComponent("shared")

    /// The shipped rubrics, read from the top-level folder (the single source of truth).
    static func coreRubrics() throws -> [Rubric] {
        try ["organisational-benefit", "successor-readiness", "bridge-risk"].map { id in
            let url = packageRoot.appendingPathComponent("Rubrics/\(id).yaml")
            return try RubricLoader.load(yaml: String(contentsOf: url, encoding: .utf8), file: "Rubrics/\(id).yaml")
        }
    }

    static func rubric(_ yaml: String, file: String = "test.yaml") throws -> Rubric {
        try RubricLoader.load(yaml: yaml, file: file)
    }

    static func criterion(_ card: ScoreCard, _ rubric: String, _ id: String) -> CriterionScore? {
        card.rubrics.first { $0.id == rubric }?.criteria.first { $0.id == id }
    }
}
