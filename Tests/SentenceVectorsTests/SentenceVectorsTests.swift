import Foundation
import XCTest

@testable import SentenceVectors

/// The sentence-vector layer against what `Models/generate_table.py` wrote from the reference tokenizer and the
/// model: the same ids for every fixture sentence, the same vectors, and the table the binary carries is the file.
final class SentenceVectorsTests: XCTestCase {
    static let models = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Models")

    func rows(_ name: String) throws -> [(String, String)] {
        let text = try String(contentsOf: Self.models.appendingPathComponent("fixtures/\(name)"), encoding: .utf8)
        return text.split(separator: "\n", omittingEmptySubsequences: false).dropFirst().compactMap { line in
            let parts = line.split(separator: "\t", maxSplits: 1, omittingEmptySubsequences: false)
            return parts.count == 2 ? (String(parts[0]), String(parts[1])) : nil
        }
    }

    func testTokenizerGivesTheReferenceIdsForEveryFixtureSentence() throws {
        let tokenizer = SentenceEncoder.builtIn.tokenizer
        let fixture = try rows("tokenizer.tsv")
        XCTAssertGreaterThanOrEqual(fixture.count, 300)
        var wrong: [String] = []
        for (sentence, ids) in fixture {
            let expected = ids.split(separator: " ").map { Int($0)! }
            let got = tokenizer.ids(sentence)
            if got != expected { wrong.append("\(sentence)\n  expected \(expected)\n  got      \(got)") }
        }
        XCTAssertEqual(wrong.count, 0, wrong.prefix(5).joined(separator: "\n"))
    }

    func testVectorsAreTheGeneratorsVectors() throws {
        let fixture = try rows("vectors.tsv")
        XCTAssertGreaterThanOrEqual(fixture.count, 10)
        for (sentence, values) in fixture {
            let expected = values.split(separator: " ").map { Float($0)! }
            let got = SentenceEncoder.builtIn.vector(sentence).values
            XCTAssertEqual(got.count, expected.count)
            let gap = zip(got, expected).map { abs($0 - $1) }.max() ?? 0
            XCTAssertLessThan(gap, 1e-4, sentence)
        }
    }

    func testTheLinkedTableIsTheCommittedFileAndItsChecksumIsNamed() throws {
        let file = try Data(contentsOf: Self.models.appendingPathComponent("table.bin"))
        let linked = VectorTable.builtIn
        XCTAssertEqual(linked.rows, 30_522)
        XCTAssertEqual(linked.dimensions, 256)
        // The bytes the binary carries are the file's.
        let bytes = VectorTable.builtInBytes
        XCTAssertGreaterThanOrEqual(bytes.count, file.count)
        XCTAssertTrue(Data(bytes.prefix(file.count)) == file, "the linked table is not Models/table.bin")
        // The checksum file and the .S source name the same table (a new table must change the source).
        try LinkedModelFiles.assertNamed(
            "table.bin", label: "table", in: "Sources/CSentenceTable/table.S",
            checksumFile: "table.sha256")
    }

    func testTokensRoundTripThroughTheHashTable() {
        let table = VectorTable.builtIn
        for id in [0, 100, 101, 102, 1037, 2000, 29_999, 30_521] {
            let token = table.token(id)
            let bytes = Array(token.utf8)
            let prefixed = token.hasPrefix("##")
            XCTAssertEqual(table.id(prefixed: prefixed, prefixed ? bytes[2...] : bytes[...]), id, token)
        }
        XCTAssertNil(table.id(prefixed: false, Array("zzzzqqqxxyy".utf8)[...]))
    }

    func testWordPieceRules() {
        let tokenizer = SentenceEncoder.builtIn.tokenizer
        let table = tokenizer.table
        func tokens(_ text: String) -> [String] { tokenizer.ids(text).map(table.token) }
        XCTAssertEqual(tokens("Café, NAÏVE!"), ["cafe", ",", "naive", "!"])
        let pieces = tokens("unaffable")
        XCTAssertGreaterThan(pieces.count, 1)
        XCTAssertTrue(pieces.dropFirst().allSatisfy { $0.hasPrefix("##") } && !pieces[0].hasPrefix("##"), "\(pieces)")
        XCTAssertEqual(tokens(String(repeating: "a", count: 101)), ["[UNK]"])
        XCTAssertEqual(tokens("a\u{200B}b \u{0}"), tokens("ab")) // control and format characters are dropped
        XCTAssertEqual(tokens("中文"), ["中", "文"])
        XCTAssertEqual(SentenceEncoder.builtIn.vector("   ").pieces, 0)
    }

    func testADamagedTableIsRefused() {
        var bytes = [UInt8](repeating: 0, count: 128)
        XCTAssertTrue(bytes.withUnsafeBytes { raw in (try? VectorTable(bytes: raw)) == nil })
        bytes.replaceSubrange(0..<8, with: Array("PCSVTBL1".utf8))
        bytes[8] = 10
        bytes[12] = 4
        bytes[16] = 16 // sizes that do not fit in 128 bytes
        XCTAssertTrue(bytes.withUnsafeBytes { raw in (try? VectorTable(bytes: raw)) == nil })
    }

    /// A head learns two clusters apart, says so with its strength, and the same samples give the same head.
    func testAHeadLearnsWhatSeparatesItsExamplesAndIsDeterministic() {
        func vector(_ angle: Float, _ noise: Float) -> SentenceVector {
            var values = [Float](repeating: 0, count: 8)
            values[0] = cos(angle)
            values[1] = sin(angle)
            values[2] = noise
            return SentenceVector(values: values, pieces: 3)
        }
        var samples: [LinearHead.Sample] = []
        for k in 0..<20 {
            samples.append(.init(vector: vector(0.1 * Float(k % 5), Float(k) / 40), shows: true))
            samples.append(.init(vector: vector(2 + 0.1 * Float(k % 5), Float(k) / 40), shows: false))
            samples.append(.init(vector: vector(3 + 0.1 * Float(k % 5), -Float(k) / 40), shows: false))
        }
        var loose = LinearHead.Training()
        loose.l2 = 0.01 // toy data: the shipped penalty is for hundreds of examples in 256 dimensions
        let head = LinearHead.train(samples, loose)
        XCTAssertGreaterThan(head.strength(vector(0.2, 0.1)), 0.7)
        XCTAssertLessThan(head.strength(vector(2.3, 0.1)), 0.3)
        XCTAssertEqual(LinearHead.train(samples, loose), head)
        XCTAssertEqual(head.strength(SentenceVector(values: [Float](repeating: 0, count: 8), pieces: 0)), 0)
    }

    func testQuantizedVectorsFindTheNearest() {
        let encoder = SentenceEncoder.builtIn
        let texts = [
            "If this doesn't happen by June, I will leave.", "Priya has shadowed me for six months.",
            "The rollout saves the ward two hours a week.",
        ]
        let index = QuantizedVectors(texts.map { encoder.vector($0) })
        XCTAssertEqual(index.nearest(to: encoder.vector("Unless this is approved by Friday I will resign.")), 0)
        XCTAssertEqual(index.nearest(to: encoder.vector("Tom has been shadowing me since spring.")), 1)
    }
}
