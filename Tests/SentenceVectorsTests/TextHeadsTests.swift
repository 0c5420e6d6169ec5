import XCTest

@testable import SentenceVectors

/// The whole-text heads (`Models/text-heads.tsv`): a reading is the centre plus each read sentence's share, and the
/// shares are the head's dot product with each sentence's vector, less the offset, over the sentences read.
final class TextHeadsTests: XCTestCase {
    func testALineIsReadAsCentreOffsetAndWeights() {
        let heads = TextHeads(tsv: "# rubric\tcentre\toffset\tprior\tweights\nsome-rubric\t0.5\t0.25\t3\t1 2\r\n")
        XCTAssertEqual(heads.heads.count, 1)
        let head = heads.heads[0]
        XCTAssertEqual(head.rubric, "some-rubric")
        XCTAssertEqual(head.centre, 0.5)
        XCTAssertEqual(head.prior, 3)
        XCTAssertEqual(head.share([1, 1]), 2.75, accuracy: 1e-6)
        let reading = TextHeads.Reading(centre: 0.5, shares: [0: 0.25, 3: -0.125])
        XCTAssertEqual(reading.value, 0.625, accuracy: 1e-6)
    }

    func testTheBuiltInModelReadsOrganisationalBenefitAndBridgeRisk() throws {
        let reader = try XCTUnwrap(ContextualReader.builtIn)
        let rubrics = Set(reader.textHeads.heads.map(\.rubric))
        XCTAssertTrue(rubrics.isSuperset(of: ["organisational-benefit", "bridge-risk"]), "\(rubrics)")
        for head in reader.textHeads.heads { XCTAssertEqual(head.weights.count, 384, head.rubric) }
    }

    /// A head that reads one dimension of the vector: each sentence's share is that dimension, less the offset,
    /// divided by the number of sentences read and the prior; a sentence not read has no share.
    func testEachReadSentenceSharesTheReadingEqually() throws {
        let builtIn = try XCTUnwrap(ContextualReader.builtIn)
        let weights = (0..<384).map { $0 == 7 ? "1" : "0" }.joined(separator: " ")
        let reader = ContextualReader(
            encoder: builtIn.encoder, classifier: builtIn.classifier, situations: builtIn.situations,
            textHeads: TextHeads(tsv: "probe\t0.4\t0.01\t2\t\(weights)\n"))
        let sentences = [
            (index: 0, text: "I'd like to move to the platform team in March."),
            (index: 2, text: "Priya has run the weekly release since January."),
        ]
        let readings = reader.read(sentences, sentenceCount: 3)
        let probe = try XCTUnwrap(readings.textReadings["probe"])
        let vectors = builtIn.encoder.vectors(sentences.map(\.text))
        XCTAssertEqual(probe.centre, 0.4)
        XCTAssertNil(probe.shares[1], "a sentence not read has a share")
        for (k, sentence) in sentences.enumerated() {
            XCTAssertEqual(
                try XCTUnwrap(probe.shares[sentence.index]), (vectors[k].values[7] - 0.01) / 4, accuracy: 1e-5)
        }
        XCTAssertEqual(probe.value, 0.4 + (vectors[0].values[7] + vectors[1].values[7] - 0.02) / 4, accuracy: 1e-5)
        XCTAssertEqual(
            reader.read([], sentenceCount: 0).textReadings["probe"]?.value, 0.4, "nothing read reads as the centre")
    }

    /// A line too thin for the criteria ("Subject: moving to the data team") counts for the situation, as every
    /// sentence of a text did when the situation head was fitted, and for nothing else.
    func testThinLinesCountForTheSituationOnly() throws {
        let reader = try XCTUnwrap(ContextualReader.builtIn)
        let body = [(index: 1, text: "Priya has run the weekly release since January.")]
        let subject = [(index: 0, text: "Subject: moving to the data team")]
        let alone = reader.read(body, sentenceCount: 2)
        let withSubject = reader.read(body, alsoForSituation: subject, sentenceCount: 2)
        XCTAssertEqual(withSubject.sentencesRead, 1)
        XCTAssertEqual(withSubject.strengths.map { $0[0] }, withSubject.strengths.map { _ in 0 }, "criteria read it")
        XCTAssertEqual(withSubject.strengths.map { $0[1] }, alone.strengths.map { $0[1] })
        XCTAssertEqual(withSubject.textReadings.mapValues(\.value), alone.textReadings.mapValues(\.value))
        XCTAssertNotEqual(withSubject.situationFeatures, alone.situationFeatures)
        // Its cue words count: "moving to the" names a move sideways.
        let lateral = try XCTUnwrap(reader.situations.cueClassNames.firstIndex(of: "lateral"))
        let said = reader.situations.cueCounts(subject[0].text)
        XCTAssertGreaterThan(said[lateral], 0)
        let dims = withSubject.situationFeatures.count - 2 * said.count
        XCTAssertEqual(withSubject.situationFeatures[dims + lateral], log1p(said[lateral]), accuracy: 1e-6)
        XCTAssertEqual(alone.situationFeatures[dims + lateral], 0)
    }
}
