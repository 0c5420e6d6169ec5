import TestSupport
import XCTest

@testable import PitchCore

final class TextToolsTests: XCTestCase {
    func testReadabilityCountsLikeTextstat() {
        // Hand-counted: 20 words, 3 sentences of more than two words; "don't" is one word; the short "Yes." is not a sentence.
        let r = ReadabilityMeter.measure(
            "The cat sat on the mat. I don't like it at all! Do you? Yes. We will go there tomorrow.")
        XCTAssertEqual(r.words, 20)
        XCTAssertEqual(r.sentences, 3)
        XCTAssertEqual(ReadabilityMeter.syllableCount(Array("created".unicodeScalars)), 2)
        XCTAssertEqual(ReadabilityMeter.syllableCount(Array("organisation".unicodeScalars)), 5)
        XCTAssertEqual(ReadabilityMeter.syllableCount(Array("the".unicodeScalars)), 1)
        XCTAssertGreaterThan(r.fleschReadingEase, 60)
    }

    func testReadabilityOfNothingDoesNotDivideByZero() {
        let r = ReadabilityMeter.measure("…")
        XCTAssertEqual(r.words, 0)
        XCTAssertTrue(r.fleschKincaidGrade.isFinite)
    }

    func testWordDiffRoundTripsBothSides() {
        var generator = randomInputs()
        let vocabulary = ["team", "Priya", "lead", "the", "from", "March", ",", ".", " ", "\n", "🚀", "Ünï"]
        for _ in 0..<200 {
            let a = (0..<Int.random(in: 0...40, using: &generator)).map { _ in
                vocabulary.randomElement(using: &generator)!
            }.joined(
                separator: " ")
            let b = (0..<Int.random(in: 0...40, using: &generator)).map { _ in
                vocabulary.randomElement(using: &generator)!
            }.joined(
                separator: " ")
            let chunks = WordDiff.diff(old: a, new: b)
            var old = ""
            var new = ""
            for chunk in chunks {
                switch chunk {
                case .same(let s):
                    old += s
                    new += s
                case .removed(let s): old += s
                case .added(let s): new += s
                }
            }
            XCTAssertEqual(old, a)
            XCTAssertEqual(new, b)
        }
    }

    func testPlainWordDiffMarksChanges() {
        let plain = WordDiff.plain(WordDiff.diff(old: "I want to move.", new: "I would like to move."))
        XCTAssertEqual(plain, "I [-want-]{+would like+} to move.")
        XCTAssertEqual(WordDiff.stats(WordDiff.diff(old: "a b", new: "a c d")).added, 2)
        // A changed phrase is one change, not one per word; a line break keeps changes apart.
        XCTAssertEqual(
            WordDiff.plain(
                WordDiff.diff(
                    old: "The first version says one thing clearly here.",
                    new: "The first version says something else entirely here.")),
            "The first version says [-one thing clearly-]{+something else entirely+} here.")
        XCTAssertEqual(
            WordDiff.plain(WordDiff.diff(old: "one\ntwo", new: "uno\ndos")), "[-one-]{+uno+}\n[-two-]{+dos+}")
    }

    func testHugeDifferentTextsFallBackWithoutBlowingUp() {
        let a = (0..<5000).map { "a\($0)" }.joined(separator: " ")
        let b = (0..<5000).map { "b\($0)" }.joined(separator: " ")
        let chunks = WordDiff.diff(old: a, new: b)
        XCTAssertEqual(chunks, [.removed(a), .added(b)])
    }

    func testTokensKeepLinesColumnsAndContractions() {
        let doc = TextDocument("Hi.\r\nI won’t go — Priya’s team.")
        XCTAssertEqual(doc.sentences.count, 2)
        let will = doc.tokens.first { $0.norm == "will" }
        XCTAssertEqual(will.map { doc.position(of: $0.start).line }, 2)
        XCTAssertEqual(will.map { doc.position(of: $0.start).column }, 3)
        XCTAssertTrue(doc.tokens.contains { $0.norm == "not" })
        XCTAssertTrue(doc.tokens.contains { $0.norm == "'s" })
    }

    /// A text all ASCII is read from its bytes, any other through `Character`s: both must see the same words.
    func testASCIIAndUnicodeTextsTokenizeAlike() {
        let ascii =
            "Priya has run our stand-ups since March; I'll coach her.\nShe is ready, e.g. for Q3 -- 1,000 users!\n\n- Bob won't mind."
        let fast = TextDocument(ascii)
        for tail in ["\n\nCafé ☕ déjà vu.", "\r\n", " \u{2028}x"] {
            let slow = TextDocument(ascii + tail)
            let shared = fast.tokens.count
            XCTAssertGreaterThanOrEqual(slow.tokens.count, shared)
            XCTAssertEqual(Array(slow.tokens.prefix(shared)), fast.tokens, "tail \(tail.debugDescription)")
            XCTAssertEqual(Array(slow.sentences.prefix(fast.sentences.count - 1)), Array(fast.sentences.dropLast()))
            XCTAssertEqual(slow.text(from: 0, to: 5), "Priya")
        }
        XCTAssertEqual(fast.text(from: 6, to: 9), "has")
        let crlf = TextDocument("One line.\r\nTwo lines, Zoë.")
        XCTAssertEqual(crlf.tokens.last?.norm, "zoë")
        XCTAssertEqual(
            crlf.tokens.last.map { [crlf.position(of: $0.start).line, crlf.position(of: $0.start).column] }, [2, 12])
        let lines = TextDocument("a\nbb\n\ncc dd")
        XCTAssertEqual(
            lines.tokens.map { [lines.position(of: $0.start).line, lines.position(of: $0.start).column] },
            [[1, 1], [2, 1], [4, 1], [4, 4]])
        XCTAssertEqual(crlf.text(from: 0, to: crlf.count), "One line.\r\nTwo lines, Zoë.")
        XCTAssertEqual(crlf.position(of: crlf.count).line, 2)
    }
}

final class VisibleTextTests: XCTestCase {
    func testEscapeSequencesAreShownNotSent() {
        let reply = "Hello \u{1B}]0;pwned\u{07}\u{1B}[2J world\u{9B}2J\nnext\tline"
        let shown = reply.visibleControls()
        XCTAssertFalse(shown.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x9B })
        XCTAssertEqual(shown, "Hello \\u{1B}]0;pwned\\u{7}\\u{1B}[2J world\\u{9B}2J\nnext\tline")
        XCTAssertEqual("a title\r\nsecond".visibleControls(singleLine: true), "a title\\u{D}\\u{A}second")
        XCTAssertEqual("plain é text".visibleControls(), "plain é text")
    }
}
