import Foundation
import XCTest

@testable import PitchStore

final class MentorDataTests: StoreTestCase {
    private func storeWithVersions(_ count: Int) throws -> PitchStore {
        let store = try openStore()
        _ = try store.createPitch(name: "demo", title: "Move to platform")
        for i in 0..<count {
            try store.saveVersion(pitch: "demo", text: "v\(i + 1)", note: nil, snapshot: snapshot(Double(i)))
        }
        return store
    }

    func testFeedbackRoundTripsAndIsImportedOnce() throws {
        let store = try storeWithVersions(2)
        let date = Date(timeIntervalSince1970: 1_700_000_000.123)
        XCTAssertTrue(
            try store.addFeedback(
                pitch: "demo", versionNumber: 2, from: "Zoë Mentor <zoe@example.com>", date: date,
                text: "Lead with the benefit.\nName Priya."))
        XCTAssertFalse(
            try store.addFeedback(
                pitch: "demo", versionNumber: 2, from: "Zoë Mentor <zoe@example.com>", date: date,
                text: "Lead with the benefit.\nName Priya."))
        try store.addFeedback(
            pitch: "demo", versionNumber: 1, from: "Sam", date: date.addingTimeInterval(60), text: "Earlier version")
        let all = try store.feedback(of: "demo")
        XCTAssertEqual(all.map(\.versionNumber), [1, 2])
        XCTAssertEqual(all[1].from, "Zoë Mentor <zoe@example.com>")
        XCTAssertEqual(all[1].text, "Lead with the benefit.\nName Priya.")
        XCTAssertEqual(all[1].date.timeIntervalSince1970, date.timeIntervalSince1970, accuracy: 0.001)
        assertThrows(.unknownVersion(pitch: "demo", number: 9, known: 1...2)) {
            try store.addFeedback(pitch: "demo", versionNumber: 9, from: "x", date: date, text: "y")
        }
    }

    func testExportsSetTheMessageIDAndAreFoundByReplies() throws {
        let store = try storeWithVersions(3)
        try store.recordExport(
            pitch: "demo", versionNumber: 2, messageID: "<v2.abc@pitchcoach>", to: ["Zoë <zoe@example.com>"],
            sentAt: nil)
        try store.recordExport(
            pitch: "demo", versionNumber: 3, messageID: "<v3.def@pitchcoach>", to: ["a@x.org", "b@y.org"],
            sentAt: Date(timeIntervalSince1970: 1_700_000_000))
        XCTAssertEqual(try store.version(of: "demo", number: 2).messageID, "<v2.abc@pitchcoach>")
        XCTAssertNil(try store.version(of: "demo", number: 1).messageID)

        let exports = try store.exports(of: "demo")
        XCTAssertEqual(exports.map(\.versionNumber), [2, 3])
        XCTAssertEqual(exports[1].to, ["a@x.org", "b@y.org"])
        XCTAssertNil(exports[0].sentAt)
        XCTAssertEqual(exports[1].sentAt, Date(timeIntervalSince1970: 1_700_000_000))

        let sentAt = Date(timeIntervalSince1970: 1_700_000_500)
        XCTAssertTrue(try store.markSent(messageID: "v2.abc@pitchcoach", at: sentAt))
        XCTAssertFalse(try store.markSent(messageID: "<nobody@nowhere>", at: sentAt))
        XCTAssertEqual(try store.exports(of: "demo")[0].sentAt, sentAt)

        // In-Reply-To first, then References; brackets optional; unknown ids skipped.
        let answered = try store.versionAnswered(byMessageIDs: [
            "<unknown@elsewhere>", "v3.def@pitchcoach", "<v2.abc@pitchcoach>",
        ])
        XCTAssertEqual(answered?.pitch, "demo")
        XCTAssertEqual(answered?.number, 3)
        XCTAssertNil(try store.versionAnswered(byMessageIDs: ["<unknown@elsewhere>"]))
        XCTAssertNil(try store.versionAnswered(byMessageIDs: []))
        assertThrows(.unknownVersion(pitch: "demo", number: 5, known: 1...3)) {
            try store.recordExport(pitch: "demo", versionNumber: 5, messageID: "<x@y>", to: [], sentAt: nil)
        }
    }

    func testPrepAnswersAreReplacedInPlace() throws {
        let store = try storeWithVersions(0)
        try store.setPrepAnswer(
            pitch: "demo", questionID: "want", question: "What do you want?", answer: "Platform team")
        try store.setPrepAnswer(pitch: "demo", questionID: "successor", question: "Who takes over?", answer: "Priya")
        try store.setPrepAnswer(
            pitch: "demo", questionID: "want", question: "What do you want?", answer: "Lead the platform team\n🚀")
        let answers = try store.prepAnswers(of: "demo")
        XCTAssertEqual(answers.map(\.questionID), ["want", "successor"])
        XCTAssertEqual(answers[0].answer, "Lead the platform team\n🚀")
        XCTAssertEqual(answers[1].question, "Who takes over?")
    }

    func testRehearsalsRoundTrip() throws {
        let store = try storeWithVersions(1)
        try store.addRehearsal(
            pitch: "demo", objectionID: "who-runs-team", objection: "Who runs your team?",
            answer: "Priya, after six weeks of handover.", score: 0.75, versionNumber: 1)
        try store.addRehearsal(
            pitch: "demo", objectionID: "why-now", objection: "Why now?", answer: "", score: 0, versionNumber: nil)
        let rehearsals = try store.rehearsals(of: "demo")
        XCTAssertEqual(rehearsals.map(\.objectionID), ["who-runs-team", "why-now"])
        XCTAssertEqual(rehearsals[0].score, 0.75)
        XCTAssertEqual(rehearsals[0].versionNumber, 1)
        XCTAssertNil(rehearsals[1].versionNumber)
        XCTAssertEqual(rehearsals[0].answer, "Priya, after six weeks of handover.")
    }
}
