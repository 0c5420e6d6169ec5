import XCTest

@testable import PitchCore

final class ScorerTests: XCTestCase {
    var rubrics: [Rubric] = []
    override func setUpWithError() throws { rubrics = try Fixtures.coreRubrics() }

    let good = """
        I'd like to propose a change that helps you hit the platform team's goals this year.
        Moving me to the platform team cuts deploy time by 40% and saves the department about $120,000 a year.
        Priya has run our stand-ups for six months; I have coached her weekly and she is ready to lead the team from March 1.
        I will overlap with her for a six-week handover and stay available to the team for questions.
        I want the team and the organisation to do well, and I'm open to your timing.
        """
    let bitter = """
        You dropped the ball on my promotion and I feel extremely let down. I deserve better after all I've done.
        If this doesn't happen by June, I will leave, and I'll take it to HR. You never listen.
        """

    /// Stems are interned in one table shared by every thread: rubrics loaded and texts scored at once
    /// (new words arriving from each) must score exactly as they do one at a time.
    func testScoringOnManyThreadsAtOnceAgreesWithScoringAlone() throws {
        let texts = (0..<8).map { k in good + "\nWord\(k) zyx\(k)qu platformish\(k) rehearsing\(k)." }
        let alone = try texts.map { text in ReportRenderer.json(Scorer.score(text, rubrics: try Fixtures.coreRubrics()))
        }
        let lock = NSLock()
        nonisolated(unsafe) var together: [Int: String] = [:]
        DispatchQueue.concurrentPerform(iterations: texts.count * 4) { k in
            let rubrics = try! Fixtures.coreRubrics()
            let json = ReportRenderer.json(Scorer.score(texts[k % texts.count], rubrics: rubrics))
            lock.withLock {
                if together[k % texts.count] == nil || k < texts.count { together[k % texts.count] = json }
            }
            lock.withLock { XCTAssertEqual(json, alone[k % texts.count], "text \(k % texts.count) on a thread") }
        }
        XCTAssertEqual((0..<texts.count).map { together[$0] }, alone.map { Optional($0) })
    }

    func testEveryShippedCriterionHoldsItsExamples() {
        let results = RubricSelfTest.run(rubrics)
        XCTAssertGreaterThanOrEqual(results.count, 1_000)
        let verdicts = RubricSelfTest.verdicts(results, rubrics: rubrics)
        XCTAssertEqual(
            verdicts.filter { !$0.passed }.map { "\($0.rubric)/\($0.criterion) \($0.held)/\($0.examples)" }, [])
        // The metrics learn nothing: every one of their examples holds.
        XCTAssertTrue(verdicts.filter { $0.floor == 1 }.allSatisfy { $0.held == $0.examples })
    }

    /// Each sentence criterion is taught by many examples, with near misses, as the issue asks (30 and 20).
    func testEverySentenceCriterionLearnsFromManyExamples() {
        for rubric in rubrics {
            for criterion in rubric.criteria where criterion.readsSentences {
                let showing = criterion.examples.filter(criterion.shows).count
                XCTAssertGreaterThanOrEqual(showing, 30, "\(rubric.id)/\(criterion.id)")
                XCTAssertGreaterThanOrEqual(criterion.examples.count - showing, 20, "\(rubric.id)/\(criterion.id)")
                XCTAssertNotNil(criterion.head, "\(rubric.id)/\(criterion.id) has no head")
            }
        }
    }

    func testEveryCriterionCarriesBothKindsOfExample() {
        for rubric in rubrics {
            XCTAssertGreaterThanOrEqual(rubric.criteria.count, 4, rubric.id)
            for criterion in rubric.criteria {
                XCTAssertTrue(
                    criterion.examples.contains { $0.meets } && criterion.examples.contains { !$0.meets },
                    "\(rubric.id)/\(criterion.id)")
                XCTAssertFalse(criterion.advice.isEmpty)
            }
        }
    }

    func testAGoodPitchIsReadyAndABitterOneNeedsWork() {
        let goodCard = Scorer.score(good, rubrics: rubrics)
        let bitterCard = Scorer.score(bitter, rubrics: rubrics)
        XCTAssertGreaterThanOrEqual(
            goodCard.overall, 80, ReportRenderer.text(goodCard, file: "good", style: .init(color: false, width: 100)))
        XCTAssertEqual(goodCard.band, .ready)
        XCTAssertLessThan(bitterCard.overall, 60)
        XCTAssertEqual(bitterCard.rubrics.first { $0.id == "bridge-risk" }?.level, .high)
        XCTAssertEqual(goodCard.rubrics.first { $0.id == "bridge-risk" }?.level, .low)
        for card in [goodCard, bitterCard] {
            XCTAssert((0...100).contains(card.overall))
            for rubric in card.rubrics {
                XCTAssert((0...100).contains(rubric.score))
                for criterion in rubric.criteria { XCTAssert((0...1).contains(criterion.score)) }
            }
        }
    }

    func testNegationAndHedges() {
        func threats(_ text: String) -> Int {
            Fixtures.criterion(Scorer.score(text, rubrics: rubrics), "bridge-risk", "no-ultimatums")?.findings.count
                ?? -1
        }
        XCTAssertEqual(threats("I won't quit over this."), 0)
        XCTAssertEqual(threats("I’m not threatening to leave."), 0)
        XCTAssertEqual(threats("I will quit."), 1)
        XCTAssertEqual(threats("If it doesn't happen, I will leave."), 1, "a comma ends the negated clause")
        let none = Fixtures.criterion(
            Scorer.score("I have no successor yet.", rubrics: rubrics), "successor-readiness", "named-successor")
        XCTAssertEqual(none?.score, 0)
    }

    func testInflectionsMatchOneWord() {
        for form in ["groom", "grooms", "groomed", "grooming"] {
            let card = Scorer.score("I have been careful to \(form) her for the role.", rubrics: rubrics)
            XCTAssertEqual(Fixtures.criterion(card, "successor-readiness", "successor-preparation")?.score, 1, form)
        }
        XCTAssertEqual(Morphology.stem("planned"), Morphology.stem("planning"))
        XCTAssertEqual(Morphology.stem("took"), Morphology.stem("taking"))
    }

    func testCooccurrenceNeedsBothPartsInOneSentence() {
        // The phrases alone: a sentence found by meaning is another matter (MeaningTests).
        var phrases = rubrics
        for r in phrases.indices { for c in phrases[r].criteria.indices { phrases[r].criteria[c].head = nil } }
        func timeline(_ text: String) -> Double? {
            Fixtures.criterion(Scorer.score(text, rubrics: phrases), "successor-readiness", "transition-timeline")?
                .score
        }
        XCTAssertEqual(timeline("Priya takes over the team from March 1."), 1)
        XCTAssertEqual(timeline("Priya takes over the team. It is March."), 0)
    }

    func testFindingsPointAtTheirText() {
        let text = "Line one is calm.\r\nYou dropped the ball — and I feel extremely let down.\n"
        let card = Scorer.score(text, rubrics: rubrics)
        let lines = text.components(separatedBy: .newlines).filter { !$0.isEmpty }.map(Array.init)
        let findings = card.rubrics.flatMap(\.criteria).flatMap(\.findings)
        XCTAssertFalse(findings.isEmpty)
        for finding in findings {
            let line = lines[finding.span.line - 1]
            XCTAssertEqual(
                String(line[(finding.span.column - 1)..<(finding.span.column - 1 + finding.span.length)]), finding.text)
        }
        XCTAssertTrue(findings.contains { $0.text == "extremely let down" && $0.span.line == 2 })
    }

    func testTopFixesAreTheBiggestGains() throws {
        let card = Scorer.score("I want to move to the platform team.", rubrics: rubrics)
        XCTAssertEqual(card.fixes.count, 3)
        XCTAssertEqual(card.fixes.map(\.gain), card.fixes.map(\.gain).sorted(by: >))
        // Nobody named comes first; a bare "I want" reads as less calm than the drafts raters called safe, but
        // it is the ask, which every pitch makes: the fix does not send the writer to it.
        XCTAssertTrue(card.fixes.contains { $0.rubric == "successor-readiness" }, "\(card.fixes.map(\.criterion))")
        let calm = try XCTUnwrap(card.fixes.first { $0.criterion == "reads-as-calm" }, "\(card.fixes)")
        XCTAssertFalse(calm.advice.contains("Start with"), calm.advice)
        // Asked as a question, with thanks: nothing in it for the boss and nobody named are what is left (which
        // of the boss's gains, the fitted weights say).
        let asked = Scorer.score(
            "Could I move to the platform team from March? I have enjoyed the work here and learned a lot from you.",
            rubrics: rubrics)
        XCTAssertTrue(asked.fixes.contains { $0.rubric == "organisational-benefit" }, "\(asked.fixes.map(\.criterion))")
        XCTAssertTrue(asked.fixes.contains { $0.rubric == "successor-readiness" }, "\(asked.fixes.map(\.criterion))")
        XCTAssertFalse(asked.fixes.contains { $0.criterion == "reads-as-calm" }, "\(asked.fixes.map(\.criterion))")
    }

    /// The trie steps every phrase matcher of `rubrics` takes over every sentence of `text`: at least what
    /// scoring takes (which skips sentences that cannot earn), as each matcher reports it.
    func matchingSteps(_ text: String, rubrics: [Rubric]) -> Int {
        let document = TextDocument(text)
        let matchers = rubrics.flatMap(\.criteria).flatMap(\.matchers)
        return document.sentences.map { sentence in
            matchers.map { $0.matches(in: document, sentence: sentence).steps }.reduce(0, +)
        }.reduce(0, +)
    }

    func testMatchingIsLinearInTheText() {
        let unit = "Priya can take over the team from March and I will coach her through the handover. "
        let small = matchingSteps(String(repeating: unit, count: 100), rubrics: rubrics)
        let large = matchingSteps(String(repeating: unit, count: 1000), rubrics: rubrics)
        XCTAssertGreaterThan(small, 0)
        XCTAssertLessThanOrEqual(Double(large) / Double(small), 10.5)
        let tokens = TextDocument(String(repeating: unit, count: 1000)).tokens.count
        let matchers = rubrics.flatMap(\.criteria).map { max(1, $0.matchers.count) }.reduce(0, +)
        XCTAssertLessThanOrEqual(large, tokens * matchers * PhraseMatcher.stepBudget)
    }

    func testPathologicalRubricStaysBounded() throws {
        let rubric = try Fixtures.rubric(
            """
            id: slow
            name: Slow
            criteria:
              - id: c
                name: C
                kind: evidence
                advice: A.
                phrases: ["{any} {any} {any} {any} {any} {any} {any} {any} {any} {any} {any} {any} nope"]
                examples:
                  meets: ["x"]
            """)
        let text = String(repeating: "a ", count: 20_000)
        let steps = matchingSteps(text, rubrics: [rubric])
        XCTAssertLessThanOrEqual(steps, 20_000 * PhraseMatcher.stepBudget)
    }

    /// A lone `*` in a phrase is any one word, as `{any}` is (the README says so); the tokenizer used to drop it.
    func testAStarInAPhraseIsAnyOneWord() throws {
        func rubric(phrase: String) throws -> Rubric {
            try Fixtures.rubric(
                """
                id: star
                name: Star
                criteria:
                  - id: c
                    name: C
                    kind: evidence
                    advice: A.
                    phrases: ["\(phrase)"]
                    examples:
                      meets: ["x"]
                """)
        }
        let star = try rubric(phrase: "if a * is not possible")
        let found = Scorer.score(
            "If a transfer isn't possible straight away, I could start part time.", rubrics: [star])
        XCTAssertEqual(found.rubrics.first?.criteria.first?.findings.first?.text, "If a transfer isn't possible")
        let none = Scorer.score("If a transfer to Leeds isn't possible, I could wait.", rubrics: [star])
        XCTAssertEqual(none.rubrics.first?.criteria.first?.findings.count, 0, "* is one word, not two")
        for wildcards in ["*", "* *", "{any}"] {
            XCTAssertThrowsError(
                try rubric(phrase: wildcards), "a phrase of wildcards alone would match every word: \(wildcards)")
        }
    }

    func testJSONReportIsCompleteAndParses() throws {
        let json = ReportRenderer.json(Scorer.score(good, rubrics: rubrics))
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        XCTAssertEqual(object["schemaVersion"] as? Int, 1)
        for key in ["overall", "band", "rubrics", "readability", "fixes"] { XCTAssertNotNil(object[key], key) }
    }

    func testTextReportQuotesWithCaretsAndNoColourWhenAsked() {
        let text = ReportRenderer.text(
            Scorer.score(bitter, rubrics: rubrics), file: "d.txt", style: ReportStyle(color: false, width: 60))
        XCTAssertFalse(text.contains("\u{1B}["))
        XCTAssertTrue(text.contains("d.txt:1:"))
        XCTAssertTrue(text.contains("^~"))
        XCTAssertTrue(text.hasPrefix("d.txt: overall"))
        XCTAssertTrue(text.contains("Top fixes"))
        let coloured = ReportRenderer.text(
            Scorer.score(bitter, rubrics: rubrics), file: "d.txt", style: ReportStyle(color: true, width: 60))
        XCTAssertTrue(coloured.contains("\u{1B}["))
    }

    func testTextReportFitsTheTerminalWidthAndCaretsSitUnderWideText() throws {
        let seed = Fixtures.shared.appendingPathComponent("seeds/forum-lateral-move-to-individual-contributor.txt")
        let draft = (try? String(contentsOf: seed, encoding: .utf8)) ?? bitter
        for width in [60, 80, 120] {
            for coloured in [false, true] {
                let text = ReportRenderer.text(
                    Scorer.score(draft, rubrics: rubrics), file: "d.txt",
                    style: ReportStyle(color: coloured, width: width))
                let wide = text.split(separator: "\n").filter { ReportRenderer.displayWidth($0) > width }
                XCTAssertEqual(wide, [], "lines over \(width) columns (colour \(coloured))")
            }
        }
        let cjk = ReportRenderer.text(
            Scorer.score("Le café 日本語 we feel extremely let down.", rubrics: rubrics), file: "d.txt",
            style: ReportStyle(color: false, width: 80)
        ).split(separator: "\n").map(String.init)
        let diagnostic = try XCTUnwrap(
            cjk.firstIndex { $0.contains("costs no-venting") && $0.contains("extremely let down") },
            cjk.joined(separator: "\n"))
        XCTAssertTrue(cjk[diagnostic + 1].hasSuffix("we feel extremely let down."))
        let caret = cjk[diagnostic + 2]
        // "Le café 日本語 we feel " is 23 columns: the three wide characters take two each.
        XCTAssertEqual(caret.prefix { $0 == " " }.count, 6 + 23, caret)
        XCTAssertTrue(caret.hasSuffix("^" + String(repeating: "~", count: "extremely let down".count - 1)), caret)
    }

    func testADiagnosticKeepsItsFilePlaceOnOneLineAndEmojiAreWide() {
        let file = String(repeating: "long-folder-name/", count: 6) + "draft.txt"
        let text = ReportRenderer.text(
            Scorer.score(bitter, rubrics: rubrics), file: file, style: ReportStyle(color: false, width: 80))
        let heads = text.split(separator: "\n").filter { $0.contains(": warning: ") || $0.contains(": note: ") }
        XCTAssertFalse(heads.isEmpty)
        for head in heads {
            XCTAssertNotNil(
                head.range(
                    of: #"^    \S+draft\.txt:\d+:\d+: (warning|note): (costs|counts for) [a-z-]+:"#,
                    options: .regularExpression), String(head))
        }
        XCTAssertEqual(ReportRenderer.displayWidth("✅ ☕ ❤️ a"), 10)
    }

    func testACRLFDraftShowsTheSourceLineUnderItsDiagnostic() {
        let draft = "I have waited long enough and I feel\r\nextremely let down by all of this.\r\n"
        let lines = ReportRenderer.text(
            Scorer.score(draft, rubrics: rubrics), file: "w.txt", style: ReportStyle(color: false, width: 100)
        )
        .split(separator: "\n").map(String.init)
        let head = lines.firstIndex { $0.contains("w.txt:2:1: warning: costs no-venting") }
        XCTAssertNotNil(head, lines.joined(separator: "\n"))
        if let head {
            XCTAssertTrue(lines[head].hasSuffix("“extremely let down”"), lines[head])
            XCTAssertEqual(lines[head + 1], "      extremely let down by all of this.")
            XCTAssertEqual(lines[head + 2], "      ^" + String(repeating: "~", count: "extremely let down".count - 1))
        }
    }
}
