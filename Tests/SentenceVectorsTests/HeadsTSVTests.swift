import XCTest

@testable import SentenceVectors

/// The heads' TSV files are read from their bytes (`HeadsTSV`): the numbers must come out as `Float(_:)` reads
/// them, comments and empty lines must be skipped, and an empty field must stay a field.
final class HeadsTSVTests: XCTestCase {
    func testNumbersAreReadAsFloatReadsThem() {
        let field: Substring = "0.5 -1.25e-3 3 -0 7.000001 1e+02"
        XCTAssertEqual(HeadsTSV.floats(field), field.split(separator: " ").map { Float($0)! })
        XCTAssertEqual(HeadsTSV.floats(""), [])
        XCTAssertEqual(HeadsTSV.floats("1 2 x 3"), [1, 2], "reading stops at what is not a number")
    }

    func testLinesSkipCommentsAndKeepEmptyFields() {
        let lines = HeadsTSV.lines("# a comment\nblame\tno-blame\t\t1\n\nventing\tno-venting\t0.5\t2\n")
        XCTAssertEqual(lines.count, 2)
        XCTAssertEqual(lines[0], ["blame", "no-blame", "", "1"])
        XCTAssertEqual(lines[1], ["venting", "no-venting", "0.5", "2"])
    }

    func testALineEndingInCRLFKeepsNoCarriageReturn() {
        let lines = HeadsTSV.lines("# comment\r\ncue\ttransfer\trelocat*\r\n\r\nraise\t0.5\t1 2\r\n")
        XCTAssertEqual(lines, [["cue", "transfer", "relocat*"], ["raise", "0.5", "1 2"]])
    }

    func testAClassifierLineIsReadWhole() {
        let classifier = SentenceClassifier(
            tsv:
                "# label\tcriterion\tbias\ta\tb\tthreshold\tweights\nblame\tno-blame\t-0.5\t1.1\t-1.5\t0.2\t0.25 -0.5 1\n"
        )
        XCTAssertEqual(classifier.heads.count, 1)
        XCTAssertEqual(classifier.heads[0].weights, [0.25, -0.5, 1])
        XCTAssertEqual(classifier.heads[0].bias, -0.5)
        XCTAssertEqual(classifier.heads[0].threshold, 0.2)
        XCTAssertEqual(classifier.heads(forCriterion: "no-blame"), [0])
    }
}
