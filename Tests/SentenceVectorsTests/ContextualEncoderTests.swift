import Foundation
import XCTest

@testable import SentenceVectors

/// The contextual encoder against the numpy forward pass (`Models/fixtures/encoder-vectors.tsv`: 300 sentences, each
/// with the vector `generate_table.py`'s MiniLM gives on the dequantised weights), and the weights the binary
/// carries against the committed file.
final class ContextualEncoderTests: XCTestCase {
    static let models = SentenceVectorsTests.models

    static func reference() throws -> [(sentence: String, vector: [Float])] {
        let file = models.appendingPathComponent("fixtures/encoder-vectors.tsv")
        let text = try String(contentsOf: file, encoding: .utf8)
        return text.split(separator: "\n").dropFirst().map { line in
            let parts = line.split(separator: "\t", maxSplits: 1, omittingEmptySubsequences: false)
            return (String(parts[0]), parts[1].split(separator: " ").map { Float($0)! })
        }
    }

    static func cosine(_ a: [Float], _ b: [Float]) -> Float {
        var dot: Float = 0
        var aa: Float = 0
        var bb: Float = 0
        for (x, y) in zip(a, b) {
            dot += x * y
            aa += x * x
            bb += y * y
        }
        return dot / (aa.squareRoot() * bb.squareRoot())
    }

    func testVectorsAreTheReferenceForwardPassesVectors() throws {
        let reference = try Self.reference()
        XCTAssertEqual(reference.count, 300)
        // All 300 in one call: the batched path is the one the scorer uses.
        let got = ContextualEncoder.builtIn.vectors(reference.map(\.sentence))
        var worst: (Float, String) = (1, "")
        var sum: Float = 0
        for (vector, row) in zip(got, reference) {
            XCTAssertEqual(vector.values.count, 384)
            let cosine = Self.cosine(vector.values, row.vector)
            sum += cosine
            if cosine < worst.0 { worst = (cosine, row.sentence) }
        }
        print("encoder vs reference: cosine min \(worst.0), mean \(sum / Float(reference.count))")
        XCTAssertGreaterThanOrEqual(worst.0, 0.999, "worst: \(worst.1)")
    }

    func testASentenceAloneIsTheSameAsWithinABatch() throws {
        let encoder = ContextualEncoder.builtIn
        let sentences = [
            "I'd like to talk about moving into a product management role.", "",
            "If this doesn't happen by June, I will leave.",
            String(repeating: "Priya has shadowed me for six months on every release. ", count: 20),
        ]
        let batch = encoder.vectors(sentences)
        for (sentence, together) in zip(sentences, batch) {
            let alone = encoder.vector(sentence)
            XCTAssertEqual(alone.pieces, together.pieces)
            XCTAssertGreaterThan(Self.cosine(alone.values, together.values), 0.99999, sentence)
        }
        XCTAssertEqual(batch[1].pieces, 0)
        XCTAssertEqual(batch[3].pieces, ContextualEncoder.maxPieces) // a long sentence is cut
        XCTAssertEqual(encoder.vectors([]).count, 0)
    }

    func testTheLinkedWeightsAreTheCommittedFileAndTheirChecksumIsNamed() throws {
        let file = try Data(contentsOf: Self.models.appendingPathComponent("encoder.bin"))
        let bytes = EncoderWeights.builtInBytes
        XCTAssertGreaterThanOrEqual(bytes.count, file.count)
        XCTAssertTrue(Data(bytes.prefix(file.count)) == file, "the linked weights are not Models/encoder.bin")
        let weights = ContextualEncoder.builtIn.weights
        XCTAssertEqual(
            [weights.layers, weights.hidden, weights.heads, weights.intermediate, weights.vocabulary],
            [6, 384, 12, 1536, 30_522])
        // The checksum file and the .S source name the same weights (new weights must change the source).
        try LinkedModelFiles.assertNamed(
            "encoder.bin", label: "encoder", in: "Sources/CEncoderWeights/encoder.S",
            checksumFile: "encoder.sha256")
    }

    func testDamagedWeightsAreRefused() throws {
        var bytes = [UInt8](repeating: 0, count: 320)
        XCTAssertTrue(bytes.withUnsafeBytes { (try? EncoderWeights(bytes: $0)) == nil })
        bytes.replaceSubrange(0..<8, with: Array("PCENC002".utf8))
        for (at, value) in [(8, 1), (12, 6), (16, 384), (20, 12), (24, 1536), (28, 30_522), (32, 512)] {
            bytes[at] = UInt8(value & 0xff)
            bytes[at + 1] = UInt8(value >> 8)
        }
        bytes.replaceSubrange(64..<69, with: Array("x.abc".utf8))
        bytes[64 + 84] = 1
        bytes[64 + 88] = 200
        bytes[64 + 92] = 192 // 1 × 200 floats at 192: past the end
        XCTAssertThrowsError(try bytes.withUnsafeBytes { try EncoderWeights(bytes: $0) })
        bytes[64 + 88] = 4 // 1 × 4 floats: fits, but the tensors the pass needs are missing
        try bytes.withUnsafeBytes { raw in
            guard let weights = try? EncoderWeights(bytes: raw) else {
                return XCTFail("a well-formed file was refused")
            }
            XCTAssertThrowsError(try ContextualEncoder(weights: weights, tokenizer: SentenceEncoder.builtIn.tokenizer))
        }
    }
}

extension ContextualEncoderTests {
    /// The GELU's erf (a rational approximation, so it vectorises) against libm's, over and beyond its range.
    func testErfIsWithinHalfAMillionthOfLibm() {
        var worst: Float = 0
        for k in -80_000...80_000 {
            let x = Float(k) / 10_000
            worst = max(worst, abs(EncoderKernels.erf(x) - erff(x)))
        }
        XCTAssertLessThan(worst, 5e-7)
    }
}

extension ContextualEncoderTests {
    /// The sentences are shared between workers in consecutive groups of about equal tokens; a small batch is one.
    func testGroupsShareTheTokensAndKeepTheOrder() {
        XCTAssertEqual(ContextualEncoder.groups(Array(repeating: 20, count: 30), workers: 2), [0..<15, 15..<30])
        XCTAssertEqual(ContextualEncoder.groups([100, 10, 10, 10, 10], workers: 2), [0..<1, 1..<5])
        XCTAssertEqual(ContextualEncoder.groups([20, 20], workers: 2), [0..<2])
        XCTAssertEqual(ContextualEncoder.groups([], workers: 2), [0..<0])
        XCTAssertEqual(
            ContextualEncoder.groups(Array(repeating: 30, count: 9), workers: 4),
            [0..<3, 3..<5, 5..<7, 7..<9])
    }
}
