import Foundation
import PitchCore
import TestSupport
import XCTest

@testable import PitchStore

final class VersionTests: StoreTestCase {
    func testMigrationsCreateEveryTableAndParentFolders() throws {
        let store = try openStore()
        XCTAssertTrue(FileManager.default.fileExists(atPath: storePath))
        let tables = Set(try store.tableNames())
        for table in Schema.tables { XCTAssertTrue(tables.contains(table), "missing table \(table)") }
        XCTAssertTrue(tables.contains("grdb_migrations"))
        XCTAssertEqual(try store.integrityCheck(), ["ok"])
    }

    func testReopeningAnExistingStoreKeepsItsData() throws {
        do {
            let store = try openStore()
            _ = try store.createPitch(name: "demo", title: "Move to platform")
            try store.saveVersion(pitch: "demo", text: "first", note: nil, snapshot: snapshot(40))
        }
        let again = try openStore()
        XCTAssertEqual(try again.pitch(named: "demo").title, "Move to platform")
        XCTAssertEqual(try again.versions(of: "demo").map(\.text), ["first"])
    }

    /// Texts are UTF-8 BLOBs read back as bytes: a NUL, a CRLF and combining accents all come back as saved,
    /// from a version, from every listing and from the working draft.
    func testTextsComeBackByteForByteIncludingNUL() throws {
        let store = try openStore()
        _ = try store.createPitch(name: "bytes", title: nil)
        let text = "before\u{0}after\r\ncafe\u{301} \u{1F600}\n"
        let saved = try store.saveVersion(pitch: "bytes", text: text, note: "n", snapshot: snapshot(40))
        XCTAssertEqual(try store.version(of: "bytes", number: nil), saved)
        XCTAssertEqual(try store.versions(of: "bytes").map(\.text), [text])
        XCTAssertEqual(try store.versionSummaries(of: "bytes").map(\.textBytes), [text.utf8.count])
        try store.saveWorkingDraft(pitch: "bytes", text: text, expectedRevision: nil)
        XCTAssertEqual(try store.workingDraft(of: "bytes")?.text, text)
    }

    /// Snapshots are JSON with infinities written as strings; every read decodes them as they were written.
    func testSnapshotsWithInfiniteScoresComeBackFromEveryRead() throws {
        let store = try openStore()
        _ = try store.createPitch(name: "inf", title: nil)
        var infinite = snapshot(40)
        infinite.criteria["organisational-benefit/numbers"] = .infinity
        infinite.rubrics["successor-readiness"] = -.infinity
        let saved = try store.saveVersion(pitch: "inf", text: "x", note: nil, snapshot: infinite)
        XCTAssertEqual(saved.snapshot, infinite)
        XCTAssertEqual(try store.version(of: "inf", number: 1).snapshot, infinite)
        XCTAssertEqual(try store.versions(of: "inf").map(\.snapshot), [infinite])
        XCTAssertEqual(try store.versionSummaries(of: "inf").map(\.snapshot), [infinite])
    }

    func testCreatePitchDefaultsTitleToNameAndRefusesDuplicates() throws {
        let store = try openStore()
        let pitch = try store.createPitch(name: "demo", title: nil)
        XCTAssertEqual(pitch.title, "demo")
        XCTAssertEqual(try store.pitch(named: "demo"), pitch)
        assertThrows(.pitchExists("demo")) { try store.createPitch(name: "demo", title: "again") }
    }

    func testPitchNamesAreValidated() throws {
        let store = try openStore()
        for bad in [
            "", "a@b", "-flag", ".hidden", "has space", "slash/name", String(repeating: "x", count: 65), "tab\t",
        ] {
            assertThrows(.invalidName(bad)) { try store.createPitch(name: bad, title: nil) }
        }
        for good in ["demo", "Q3-move_2.final", "José", String(repeating: "x", count: 64), "7"] {
            XCTAssertNoThrow(try store.createPitch(name: good, title: nil), good)
        }
    }

    func testUnknownPitchListsWhatExists() throws {
        let store = try openStore()
        assertThrows(.unknownPitch("ghost", known: [])) { try store.pitch(named: "ghost") }
        _ = try store.createPitch(name: "zeta", title: nil)
        _ = try store.createPitch(name: "alpha", title: nil)
        assertThrows(.unknownPitch("ghost", known: ["alpha", "zeta"])) { try store.versions(of: "ghost") }
        assertThrows(.unknownPitch("ghost", known: ["alpha", "zeta"])) {
            try store.saveVersion(pitch: "ghost", text: "x", note: nil, snapshot: self.snapshot(1))
        }
        let message = StoreError.unknownPitch("ghost", known: ["alpha", "zeta"]).description
        XCTAssertTrue(message.contains("ghost") && message.contains("alpha, zeta"), message)
    }

    func testVersionsAreNumberedFromOneWithoutGapsPerPitch() throws {
        let store = try openStore()
        _ = try store.createPitch(name: "a", title: nil)
        _ = try store.createPitch(name: "b", title: nil)
        for i in 1...5 {
            let saved = try store.saveVersion(
                pitch: "a", text: "a\(i)", note: "note \(i)", snapshot: snapshot(Double(i)))
            XCTAssertEqual(saved.number, i)
        }
        XCTAssertEqual(try store.saveVersion(pitch: "b", text: "b1", note: nil, snapshot: snapshot(9)).number, 1)
        let versions = try store.versions(of: "a")
        XCTAssertEqual(versions.map(\.number), [1, 2, 3, 4, 5])
        XCTAssertEqual(versions.map(\.text), ["a1", "a2", "a3", "a4", "a5"])
        XCTAssertEqual(versions[2].note, "note 3")
        XCTAssertEqual(try store.version(of: "a", number: nil).text, "a5")
        XCTAssertEqual(try store.version(of: "a", number: 2).text, "a2")
    }

    func testSavedVersionEqualsWhatIsReadBack() throws {
        let store = try openStore()
        _ = try store.createPitch(name: "demo", title: nil)
        let saved = try store.saveVersion(
            pitch: "demo", text: "text", note: "first", snapshot: snapshot(74.25, successor: 61.5))
        XCTAssertEqual(try store.version(of: "demo", number: 1), saved)
        XCTAssertEqual(try store.versions(of: "demo"), [saved])
        XCTAssertEqual(saved.snapshot.criteria["successor-readiness/named-successor"], 0.615)
        XCTAssertNil(saved.messageID)
    }

    func testUnknownVersionNamesTheRangeThatExists() throws {
        let store = try openStore()
        _ = try store.createPitch(name: "demo", title: nil)
        assertThrows(.unknownVersion(pitch: "demo", number: 0, known: nil)) {
            try store.version(of: "demo", number: nil)
        }
        assertThrows(.unknownVersion(pitch: "demo", number: 1, known: nil)) { try store.version(of: "demo", number: 1) }
        for i in 1...3 { try store.saveVersion(pitch: "demo", text: "v\(i)", note: nil, snapshot: snapshot(1)) }
        assertThrows(.unknownVersion(pitch: "demo", number: 7, known: 1...3)) {
            try store.version(of: "demo", number: 7)
        }
        let message = StoreError.unknownVersion(pitch: "demo", number: 7, known: 1...3).description
        XCTAssertTrue(message.contains("7") && message.contains("1–3"), message)
        XCTAssertEqual(
            StoreError.unknownVersion(pitch: "demo", number: 0, known: nil).description,
            "pitch 'demo' has no saved versions yet")
    }

    func testTextsRoundTripByteForByte() throws {
        let store = try openStore()
        _ = try store.createPitch(name: "demo", title: nil)
        let texts = [
            "Ünïcödé and emoji 🚀👩🏽‍💻 stay intact.\n",
            "Windows lines\r\nkept\r\nas is\r\n",
            "\u{FEFF}starts with a byte order mark",
            "mixed\rold mac\n\r\nend without newline",
            "decomposed e\u{0301} vs composed \u{00E9}, right-to-left \u{202E}txet",
            "  leading and trailing spaces and tabs\t \n\n\n",
            "",
        ]
        for text in texts { try store.saveVersion(pitch: "demo", text: text, note: nil, snapshot: snapshot(1)) }
        let back = try store.versions(of: "demo").map(\.text)
        XCTAssertEqual(back.map { Array($0.utf8) }, texts.map { Array($0.utf8) })
    }

    func testOneMegabyteDraftRoundTripsByteForByte() throws {
        let store = try openStore()
        _ = try store.createPitch(name: "big", title: nil)
        var generator = randomInputs()
        let pieces = ["platform ", "team ", "Priya ", "🚀 ", "é", "\r\n", "漢字 ", "successor. ", "\u{FEFF}", "\t"]
        var text = ""
        while text.utf8.count < 1_048_576 { text += pieces.randomElement(using: &generator)! }
        try store.saveVersion(pitch: "big", text: text, note: "1 MB", snapshot: snapshot(50))
        let again = try openStore()
        XCTAssertEqual(Array(try again.version(of: "big", number: 1).text.utf8), Array(text.utf8))
        XCTAssertEqual(try again.versionSummaries(of: "big").first?.textBytes, text.utf8.count)
    }

    func testSummariesCarryEverythingButTheText() throws {
        let store = try openStore()
        _ = try store.createPitch(name: "demo", title: nil)
        let one = try store.saveVersion(pitch: "demo", text: "short", note: "n1", snapshot: snapshot(10))
        let two = try store.saveVersion(pitch: "demo", text: "héllo", note: nil, snapshot: snapshot(20))
        let summaries = try store.versionSummaries(of: "demo")
        XCTAssertEqual(summaries.map(\.number), [1, 2])
        XCTAssertEqual(summaries.map(\.note), ["n1", nil])
        XCTAssertEqual(summaries.map(\.snapshot), [one.snapshot, two.snapshot])
        XCTAssertEqual(summaries.map(\.createdAt), [one.createdAt, two.createdAt])
        XCTAssertEqual(summaries.map(\.textBytes), [5, 6])
    }

    func testPitchListShowsCountsAndLatestScore() throws {
        let store = try openStore()
        _ = try store.createPitch(name: "b-empty", title: "Nothing yet")
        _ = try store.createPitch(name: "a-busy", title: nil)
        try store.saveVersion(pitch: "a-busy", text: "1", note: nil, snapshot: snapshot(30))
        let latest = try store.saveVersion(pitch: "a-busy", text: "2", note: nil, snapshot: snapshot(45.5))
        let list = try store.pitches()
        XCTAssertEqual(list.map(\.pitch.name), ["a-busy", "b-empty"])
        XCTAssertEqual(list[0].versionCount, 2)
        XCTAssertEqual(list[0].latestOverall, 45.5)
        XCTAssertEqual(list[0].updatedAt, latest.createdAt)
        XCTAssertEqual(list[1].versionCount, 0)
        XCTAssertNil(list[1].latestOverall)
        XCTAssertNil(list[1].updatedAt)
        XCTAssertEqual(try store.pitchNames(), ["a-busy", "b-empty"])
    }

    func testDefaultPathFollowsEnvironment() {
        XCTAssertEqual(
            PitchStore.defaultPath(environment: ["PITCHCOACH_STORE": "/x/s.db", "XDG_DATA_HOME": "/d", "HOME": "/h"]),
            "/x/s.db")
        XCTAssertEqual(
            PitchStore.defaultPath(environment: ["XDG_DATA_HOME": "/d/", "HOME": "/h"]),
            "/d/pitchcoach/pitchcoach.sqlite")
        XCTAssertEqual(
            PitchStore.defaultPath(environment: ["HOME": "/h"]), "/h/.local/share/pitchcoach/pitchcoach.sqlite")
        XCTAssertEqual(
            PitchStore.defaultPath(environment: ["XDG_DATA_HOME": "relative", "HOME": "/h"]),
            "/h/.local/share/pitchcoach/pitchcoach.sqlite")
        // An empty PITCHCOACH_STORE is kept, so that opening it says "the store path is empty".
        XCTAssertEqual(PitchStore.defaultPath(environment: ["PITCHCOACH_STORE": "", "HOME": "/h"]), "")
    }
}
