import Foundation
import PitchCore

extension RubricCatalog.BuiltIn {
    /// The rubrics this binary carries: `Rubrics/` as the build embedded and compiled it, each file named
    /// `Rubrics/NAME`. Decoded on each call (a fraction of a millisecond; the examples only when first read).
    public static func embedded() -> RubricCatalog.BuiltIn {
        let archive = Data(base64Encoded: EmbeddedFiles.compiledRubrics).map { [UInt8]($0) } ?? []
        let examples = ExampleSection { k in
            k < EmbeddedFiles.compiledRubricExamples.count
                ? Data(base64Encoded: EmbeddedFiles.compiledRubricExamples[k]).map { [UInt8]($0) } : nil
        }
        return RubricCatalog.BuiltIn(
            files: EmbeddedFiles.rubrics.map { (name: "Rubrics/\($0.name)", text: $0.text) },
            compiled: (try? RubricArchive.decode(core: archive, examples: examples)) ?? [],
            fingerprints: Dictionary(
                uniqueKeysWithValues: EmbeddedFiles.rubricFingerprints.map { ("Rubrics/" + $0.key, $0.value) }))
    }
}

extension QuestionBook {
    /// The boss's questions (`Prompts/boss-questions.yaml`) as the build compiled and trained them; parsed and
    /// trained here (against `rubrics`) only if that copy is missing or stale; nil when the binary has no such file.
    public static func embedded(trainedWith rubrics: () throws -> [Rubric]) throws -> QuestionBook? {
        guard let file = EmbeddedFiles.prompts.first(where: { $0.name == "boss-questions.yaml" }) else { return nil }
        if let bytes = Data(base64Encoded: EmbeddedFiles.compiledQuestions),
            let decoded = try? QuestionBook.decode([UInt8](bytes)),
            decoded.questions.fingerprint == EmbeddedFiles.questionsFingerprint
        {
            return decoded
        }
        return try QuestionBook.load(yaml: file.text, file: "Prompts/boss-questions.yaml").trained(with: try rubrics())
    }
}
