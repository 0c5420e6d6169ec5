import PitchResources
import TestSupport
import XCTest

@testable import PitchCore

/// The rubrics the build compiles into the binary must score exactly as the YAML they come from.
final class RubricArchiveTests: XCTestCase {
    static let texts = [
        "I'd like to propose a move to the platform team, where I can cut deploy time by 40% this year.",
        "Priya has run our stand-ups for six months; I have coached her and she is ready to lead the team from March 1.",
        "If you don't promote me I will quit. You dropped the ball and I'm extremely let down.",
        "I won't quit, and I'm not threatening to leave. * {name} Bob Jones should be in this position.",
        "",
    ]

    func corpusTexts() -> [String] {
        let folder = Fixtures.shared.appendingPathComponent("corpus-dev")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".txt") }.sorted().compactMap {
            try? String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8)
        }
    }

    /// The compiled copy is the YAML of the folder, trained as a run would train it.
    func testTheCompiledRubricsAreTheFoldersYAMLTrained() throws {
        let parsed = try Fixtures.parsedCoreRubrics()
        let compiled = try RubricArchive.decode(
            core: [UInt8](try XCTUnwrap(Data(base64Encoded: EmbeddedFiles.compiledRubrics))),
            examples: ExampleSection { k in
                k < EmbeddedFiles.compiledRubricExamples.count
                    ? [UInt8](Data(base64Encoded: EmbeddedFiles.compiledRubricExamples[k])!) : nil
            })
        XCTAssertEqual(
            compiled.map(\.fingerprint), parsed.map(\.fingerprint), "the compiled rubrics are not the YAML in Rubrics/")
        let trained = CriterionTraining.train(parsed)
        for (a, b) in zip(compiled.flatMap(\.criteria), trained.flatMap(\.criteria)) {
            XCTAssertEqual(a.head != nil, b.head != nil, a.id)
            guard let x = a.head, let y = b.head else { continue }
            XCTAssertEqual(x.bias, y.bias, accuracy: 1e-3, a.id)
            XCTAssertEqual(zip(x.weights, y.weights).map { abs($0 - $1) }.max() ?? 0, 0, accuracy: 1e-3, a.id)
        }
    }

    func testDecodedRubricsScoreEveryTextExactlyAsTheYAMLDoes() throws {
        let parsed = CriterionTraining.train(try Fixtures.parsedCoreRubrics())
        let decoded = try RubricArchive.decode(RubricArchive.encode(parsed))
        XCTAssertEqual(decoded.map(\.id), parsed.map(\.id))
        XCTAssertEqual(decoded.map(\.fingerprint), parsed.map(\.fingerprint))
        XCTAssertEqual(
            decoded.flatMap { $0.criteria.flatMap(\.examples) }, parsed.flatMap { $0.criteria.flatMap(\.examples) })
        for text in Self.texts + corpusTexts() {
            XCTAssertEqual(
                ReportRenderer.json(Scorer.score(text, rubrics: decoded)),
                ReportRenderer.json(Scorer.score(text, rubrics: parsed)),
                "scores differ for: \(text.prefix(80))")
        }
        XCTAssertEqual(RubricSelfTest.run(decoded).map(\.passed), RubricSelfTest.run(parsed).map(\.passed))
    }

    func testTheSameRubricsGiveTheSameBytes() throws {
        let bytes = RubricArchive.encode(try Fixtures.coreRubrics())
        // Compared with ==: a failure must not print a few hundred kilobytes.
        XCTAssertTrue(
            RubricArchive.encode(try RubricArchive.decode(bytes)) == bytes,
            "decoding and encoding again changed the bytes")
        let parsed = RubricArchive.encode(try Fixtures.parsedCoreRubrics())
        XCTAssertTrue(
            RubricArchive.encode(try Fixtures.parsedCoreRubrics()) == parsed,
            "loading the same YAML again gave other bytes")
    }

    func testADamagedArchiveIsRefusedNeverACrash() throws {
        let rubrics = try Fixtures.coreRubrics()
        let (core, examples) = RubricArchive.parts(rubrics)
        XCTAssertThrowsError(try RubricArchive.decode([]))
        let section = { ExampleSection { k in k < examples.count ? examples[k] : nil } }
        XCTAssertThrowsError(try RubricArchive.decode(core: Array(core.dropFirst()), examples: section()))
        // The scoring part is checked whole when decoded.
        for cut in stride(from: 0, to: core.count, by: max(1, core.count / 300)) {
            XCTAssertThrowsError(
                try RubricArchive.decode(core: Array(core.prefix(cut)), examples: section()),
                "a cut at \(cut) of \(core.count) bytes decoded")
        }
        // The example section is read when first used: a damaged one reads as no examples, never a crash or a hang.
        var generator = randomInputs()
        for k in 0..<60 {
            var damaged = examples
            let which = Int.random(in: 0..<damaged.count, using: &generator)
            if k % 2 == 0 {
                damaged[which] = Array(
                    damaged[which].prefix(Int.random(in: 0...damaged[which].count, using: &generator)))
            }
            for _ in 0..<3 where !damaged[which].isEmpty {
                damaged[which][Int.random(in: 0..<damaged[which].count, using: &generator)] = UInt8.random(
                    in: 0...255, using: &generator)
            }
            let frozen = damaged
            let decoded = try RubricArchive.decode(
                core: core, examples: ExampleSection { k in k < frozen.count ? frozen[k] : nil })
            for criterion in decoded.flatMap(\.criteria) {
                _ = criterion.examples
                _ = criterion.showingVectors
            }
            _ = decoded.flatMap(\.neutral)
        }
        let whole = try RubricArchive.decode(core: core, examples: section())
        XCTAssertEqual(
            whole.flatMap { $0.criteria.flatMap(\.examples) }, rubrics.flatMap { $0.criteria.flatMap(\.examples) })
        XCTAssertEqual(whole.flatMap(\.neutral), rubrics.flatMap(\.neutral))
    }
}
