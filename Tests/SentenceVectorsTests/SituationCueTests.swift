import XCTest

@testable import SentenceVectors

/// The situation head's cue words (`cue` lines of `Models/situation-head.tsv`), counted as `fit_scoring.py` counts
/// them when it fits the head.
final class SituationCueTests: XCTestCase {
    let head = SituationHead(
        tsv: """
            # situation\tbias\tweights
            raise\t0.5\t0 0 1 0 2 0
            decline\t0\t0 0 0 1 0 1
            cue\traise\traise
            cue\traise\tcost of living
            cue\tdecline\tdeclin*
            cue\tdecline\tturn it down
            """)

    func testCuesAreCountedByWordsPrefixesAndPhrases() {
        XCTAssertEqual(head.cueClassCount, 2)
        XCTAssertEqual(head.cueCounts("I'd like a raise, given the cost of living."), [2, 0])
        XCTAssertEqual(head.cueCounts("I must respectfully decline; I'd rather turn it down now."), [0, 2])
        XCTAssertEqual(head.cueCounts("Declining it was hard — the RAISE too."), [1, 1], "case and prefixes")
        XCTAssertEqual(head.cueCounts("A raise?"), [0, 0], "fewer than three words say nothing")
        XCTAssertEqual(head.cueCounts("They praised the raised beds."), [0, 0], "a cue is a whole word")
    }

    func testAMoveSidewaysIsATransferWhenItNamesAPlace() {
        // As in the real file, the transfer cue class is neither the first nor the last: the rule must find it.
        let head = SituationHead(
            tsv: """
                lateral\t1\t0 0 0 0 0 0 0 0
                raise\t0\t0 0 3 0 0 0 0 0
                cue\traise\tsalary
                cue\ttransfer\trelocat*
                cue\tlateral\tmov* to the
                """)
        let noPlace = SituationHead.features(mean: [0, 0], said: [0, 0, 1], asked: [0, 0, 0])
        XCTAssertEqual(head.situation(noPlace), "lateral", "a move that names no place is a move sideways")
        let place = SituationHead.features(mean: [0, 0], said: [0, 1, 1], asked: [0, 0, 0])
        XCTAssertEqual(head.situation(place), "transfer", "a move to another office is a transfer")
        let raise = SituationHead.features(mean: [0, 0], said: [1, 1, 0], asked: [0, 0, 0])
        XCTAssertEqual(head.situation(raise), "raise", "a place said in a raise request leaves it a raise")
        XCTAssertEqual(head.cueCounts("I would like to relocate to the Leeds office."), [0, 1, 0])
        XCTAssertEqual(head.cueCounts("I am moving to the Leeds office next spring."), [0, 0, 1], "inflections")
        // A lone `*` is any one word: an office named by its place.
        let named = SituationHead(tsv: "cue\ttransfer\tto the * office\n")
        XCTAssertEqual(named.cueCounts("Could I move to the Berlin office in September?"), [1])
        XCTAssertEqual(named.cueCounts("Could I move to the office in September?"), [0], "no place, no transfer")
    }

    /// The built-in head's cues: the places, the way back from managing and the level kept, as people write them.
    func testTheBuiltInCuesReadHowPeopleWriteAMove() throws {
        let builtIn = try XCTUnwrap(ContextualReader.builtIn).situations
        func said(_ text: String, _ cueClass: String) -> Float {
            let k = builtIn.cueClassNames.firstIndex(of: cueClass)!
            return builtIn.cueCounts(text)[k]
        }
        XCTAssertEqual(said("Moving to the Berlin office in September for family reasons.", "transfer"), 1)
        XCTAssertEqual(said("Maybe I could go back to being a senior engineer?", "step-down"), 1)
        XCTAssertEqual(said("There is no change to my level or cost.", "lateral"), 1)
        // Stopping managing, said outright, is a step down; what one has earned is no pay, what one earns is.
        XCTAssertEqual(said("I don't want to run the scheduling team any more.", "step-down"), 1)
        XCTAssertEqual(said("I've earned a break from the politics.", "raise"), 0)
        XCTAssertEqual(said("I earn 41,000 after six years here.", "raise"), 1)
    }

    func testTheHeadReadsTheMeanThenTheCueFeatures() {
        let features = SituationHead.features(mean: [0, 0], said: [1, 0], asked: [0, 1])
        XCTAssertEqual(features.count, 6)
        XCTAssertEqual(Double(features[2]), log(2), accuracy: 1e-6)
        XCTAssertEqual(Double(features[5]), log(4), accuracy: 1e-6)
        XCTAssertEqual(head.situation(SituationHead.features(mean: [0, 0], said: [3, 0], asked: [3, 0])), "raise")
        XCTAssertEqual(head.situation(SituationHead.features(mean: [0, 0], said: [0, 3], asked: [0, 3])), "decline")
    }
}
