import XCTest

@testable import PitchCore

/// Malformed rubrics are refused with file:line:column and what was expected.
final class RubricLoaderTests: XCTestCase {
    let valid = """
        id: demo
        name: Demo
        criteria:
          - id: asks
            name: Asks
            kind: evidence
            advice: Ask.
            phrases: ["I would like"]
            examples:
              meets: ["I would like to move."]
        """

    func refusal(_ yaml: String, file: StaticString = #filePath, line: UInt = #line) -> LocatedError? {
        do {
            _ = try RubricLoader.load(yaml: yaml, file: "r.yaml")
            XCTFail("accepted a malformed rubric", file: file, line: line)
            return nil
        } catch let error as LocatedError {
            return error
        } catch {
            XCTFail("not a LocatedError: \(error)", file: file, line: line)
            return nil
        }
    }

    func testValidRubricLoads() throws {
        let rubric = try Fixtures.rubric(valid)
        XCTAssertEqual(rubric.id, "demo")
        XCTAssertEqual(rubric.criteria.map(\.id), ["asks"])
        XCTAssertEqual(rubric.criteria[0].kind, .evidence)
    }

    func testWeightBySituationLoadsAndSurvivesTheArchive() throws {
        let yaml = valid.replacingOccurrences(
            of: "name: Demo\n", with: "name: Demo\nweight-by-situation: {raise: 0, promotion: 0.5}\n")
        let rubric = try Fixtures.rubric(yaml)
        XCTAssertEqual(rubric.weight(in: "raise"), 0)
        XCTAssertEqual(rubric.weight(in: "promotion"), 0.5)
        XCTAssertEqual(rubric.weight(in: "lateral"), rubric.weight, "a situation it does not name keeps the weight")
        XCTAssertEqual(rubric.weight(in: nil), rubric.weight)
        let decoded = try RubricArchive.decode(RubricArchive.encode([rubric]))
        XCTAssertEqual(decoded.first?.situationWeights, ["raise": 0, "promotion": 0.5])
    }

    /// quantified-impact's word lists come from the rubric: a number word counts before one of its `units`, and a
    /// number beside one of its `dates` is a date.
    func testQuantifiedImpactReadsItsWordListsFromTheRubricAndTheArchive() throws {
        let yaml = """
            id: figures
            name: Figures
            lexicons:
              things: [widgets, gadgets]
            criteria:
              - id: figures
                name: Figures
                kind: metric
                metric: quantified-impact
                target: 2
                units: ["{things}", Sprockets]
                dates: [payday]
                advice: Count.
                examples:
                  meets: ["We made six widgets and 40 gadgets."]
            """
        let rubric = try Fixtures.rubric(yaml)
        XCTAssertEqual(rubric.criteria[0].wordLists["units"], ["widgets", "gadgets", "sprockets"])
        let decoded = try RubricArchive.decode(RubricArchive.encode([rubric]))
        XCTAssertEqual(decoded.first?.criteria[0].wordLists, rubric.criteria[0].wordLists)
        // On its own, as an example is scored: every sentence may hold a figure.
        func figures(_ text: String) -> Double {
            Scorer.scoreCriterion(
                decoded[0].criteria[0], in: TextDocument(text), readability: ReadabilityMeter.measure(text)
            ).score
        }
        XCTAssertEqual(figures("We made six widgets and six sprockets."), 1)
        XCTAssertEqual(figures("We made six months of progress."), 0, "a unit the rubric does not list")
        XCTAssertEqual(figures("It ships on payday 15."), 0, "a number beside a date word")
    }

    func testWordListsAreCheckedWhereTheyStand() {
        let metric = """
            id: m
            name: M
            criteria:
              - id: c
                name: C
                kind: metric
                metric: length
                units: [days]
                advice: A.
                examples:
                  meets: ["x"]
            """
        XCTAssertTrue(refusal(metric)?.message.contains("`units` belongs to") ?? false)
        let unknown = metric.replacingOccurrences(
            of: "metric: length\n    units: [days]", with: "metric: quantified-impact\n    units: [\"{nope}\"]")
        XCTAssertTrue(refusal(unknown)?.message.contains("unknown lexicon `{nope}`") ?? false)
        let phrase = metric.replacingOccurrences(
            of: "metric: length\n    units: [days]", with: "metric: quantified-impact\n    units: [per cent]")
        XCTAssertEqual(refusal(phrase)?.line, 8)
    }

    func testWeightBySituationRefusesAWeightThatIsNotANumber() {
        let yaml = valid.replacingOccurrences(
            of: "name: Demo\n", with: "name: Demo\nweight-by-situation: {raise: lots}\n")
        let error = refusal(yaml)
        XCTAssertEqual(error?.line, 3)
        XCTAssertTrue(error?.message.contains("expected a number from 0 to 1000") ?? false, error?.message ?? "")
    }

    func testSyntaxErrorHasLineAndColumn() {
        var lines = valid.components(separatedBy: "\n")
        lines.insert("broken: [unclosed, list", at: 2)
        let error = refusal(lines.joined(separator: "\n"))
        XCTAssertEqual(error?.file, "r.yaml")
        XCTAssertNotNil(error?.line)
        XCTAssertTrue(error?.description.hasPrefix("r.yaml:") ?? false)
    }

    func testUnknownKeyIsNamedWithItsPlace() {
        let error = refusal(valid.replacingOccurrences(of: "    advice: Ask.", with: "    advise: Ask."))
        XCTAssertEqual(error?.line, 7)
        XCTAssertEqual(error?.column, 5)
        XCTAssertTrue(error?.message.contains("unknown key `advise`") ?? false, error?.message ?? "")
        XCTAssertTrue(error?.message.contains("advice") ?? false)
    }

    func testWrongTypeIsPlaced() {
        let error = refusal(
            valid.replacingOccurrences(of: "    kind: evidence", with: "    kind: evidence\n    weight: heavy"))
        XCTAssertEqual(error?.line, 7)
        XCTAssertTrue(error?.message.contains("expected a number for `weight`") ?? false, error?.message ?? "")
    }

    func testNegativeAndZeroWeightsAreRefused() {
        for weight in ["-1", "0"] {
            let error = refusal(
                valid.replacingOccurrences(of: "    kind: evidence", with: "    kind: evidence\n    weight: \(weight)"))
            XCTAssertTrue(error?.message.contains("positive") ?? false, error?.message ?? "")
        }
    }

    func testMissingPiecesAreNamed() {
        XCTAssertTrue(
            refusal(valid.replacingOccurrences(of: "    phrases: [\"I would like\"]\n", with: ""))?.message.contains(
                "needs `phrases`") ?? false)
        XCTAssertTrue(refusal("id: x\nname: X\ncriteria: []\n")?.message.contains("non-empty list") ?? false)
        XCTAssertTrue(refusal("")?.message.contains("empty") ?? false)
        XCTAssertTrue(
            refusal(valid.replacingOccurrences(of: "kind: evidence", with: "kind: magic"))?.message.contains(
                "unknown kind `magic`") ?? false)
        XCTAssertTrue(
            refusal(valid.replacingOccurrences(of: "\"I would like\"", with: "\"{nobody} would like\""))?.message
                .contains("unknown `{nobody}`") ?? false)
    }

    func testAliasBombIsRefusedNotExpanded() {
        var yaml = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        var previous = "a"
        for name in ["b", "c", "d", "e", "f", "g"] {
            yaml += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 10).joined(separator: ", ") + "]\n"
            previous = name
        }
        yaml += "id: bomb\nname: Bomb\ncriteria: *g\n"
        XCTAssertNotNil(refusal(yaml))
    }

    func testHugePhraseListsStayBounded() throws {
        let many = (0..<5000).map { "\"word\($0) thing\($0)\"" }.joined(separator: ", ")
        let rubric = try Fixtures.rubric(
            valid.replacingOccurrences(of: "[\"I would like\"]", with: "[\"I would like\", \(many)]"))
        XCTAssertEqual(rubric.criteria.count, 1)
        let lexicon = (0..<400).map { "w\($0)" }.joined(separator: ", ")
        let explosive = """
            id: boom
            name: Boom
            lexicons:
              l: [\(lexicon)]
            criteria:
              - id: c
                name: C
                kind: evidence
                advice: A.
                phrases: ["{l} {l} {l}"]
                examples:
                  meets: ["w1 w2 w3"]
            """
        XCTAssertTrue(refusal(explosive)?.message.contains("too many") ?? false)
    }

    /// A phrase is bounded in words, so matching a draft stays linear in its length (a 1,000-word phrase once
    /// made a 10 MB draft take 42 s). The longest a rubric may give is accepted; one more word is refused in place.
    func testPhraseLengthIsBoundedAndPlaced() throws {
        let longest = Array(repeating: "word", count: RubricLoader.phraseWordLimit).joined(separator: " ")
        XCTAssertNoThrow(
            try Fixtures.rubric(valid.replacingOccurrences(of: "[\"I would like\"]", with: "[\"\(longest)\"]")))
        let tooLong = valid.replacingOccurrences(
            of: "[\"I would like\"]", with: "[\"I would like\", \"\(longest) more\"]")
        let error = refusal(tooLong)
        XCTAssertEqual(error?.line, 8)
        XCTAssertTrue(
            error?.message.contains("\(RubricLoader.phraseWordLimit + 1) words is too long") ?? false,
            "\(String(describing: error))")
        // A lexicon counts by its longest entry.
        let lexicon = valid.replacingOccurrences(of: "criteria:", with: "lexicons:\n  l: [\"\(longest)\"]\ncriteria:")
            .replacingOccurrences(of: "[\"I would like\"]", with: "[\"{l} now\"]")
        XCTAssertTrue(refusal(lexicon)?.message.contains("too long") ?? false)
    }
}
