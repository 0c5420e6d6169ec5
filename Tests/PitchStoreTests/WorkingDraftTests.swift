import Foundation
import XCTest

@testable import PitchStore

final class WorkingDraftTests: StoreTestCase {
    func testDraftIsPersistedAndRevisionsGrow() throws {
        let store = try openStore()
        _ = try store.createPitch(name: "demo", title: nil)
        XCTAssertNil(try store.workingDraft(of: "demo"))
        let first = try store.saveWorkingDraft(pitch: "demo", text: "line one\n", expectedRevision: nil)
        XCTAssertEqual(first.revision, 1)
        let second = try store.saveWorkingDraft(pitch: "demo", text: "line one\nline two 🚀\r\n", expectedRevision: 1)
        XCTAssertEqual(second.revision, 2)
        XCTAssertEqual(try openStore().workingDraft(of: "demo"), second)
    }

    func testTwoSessionsCannotSilentlyOverwriteEachOther() throws {
        let repl1 = try openStore()
        let repl2 = try openStore()
        _ = try repl1.createPitch(name: "demo", title: nil)
        let seen = try repl1.saveWorkingDraft(pitch: "demo", text: "mine", expectedRevision: nil)
        let read2 = try XCTUnwrap(try repl2.workingDraft(of: "demo"))
        try repl2.saveWorkingDraft(pitch: "demo", text: "theirs", expectedRevision: read2.revision)
        assertThrows(.draftConflict(pitch: "demo")) {
            try repl1.saveWorkingDraft(pitch: "demo", text: "mine, longer", expectedRevision: seen.revision)
        }
        XCTAssertEqual(try repl1.workingDraft(of: "demo")?.text, "theirs", "the conflicting write changed nothing")
        // Starting a new draft while one exists is a conflict too, unless forced.
        assertThrows(.draftConflict(pitch: "demo")) {
            try repl1.saveWorkingDraft(pitch: "demo", text: "new", force: false)
        }
        let forced = try repl1.saveWorkingDraft(pitch: "demo", text: "mine wins", force: true)
        XCTAssertEqual(try repl2.workingDraft(of: "demo"), forced)
    }

    func testRevisionIsNeverReusedAcrossClears() throws {
        let repl1 = try openStore()
        let repl2 = try openStore()
        _ = try repl1.createPitch(name: "demo", title: nil)
        let old = try repl1.saveWorkingDraft(pitch: "demo", text: "old", expectedRevision: nil)
        try repl2.clearWorkingDraft(pitch: "demo")
        XCTAssertNil(try repl2.workingDraft(of: "demo"))
        let fresh = try repl2.saveWorkingDraft(pitch: "demo", text: "fresh", expectedRevision: nil)
        XCTAssertNotEqual(fresh.revision, old.revision)
        assertThrows(.draftConflict(pitch: "demo")) {
            try repl1.saveWorkingDraft(pitch: "demo", text: "stale", expectedRevision: old.revision)
        }
        XCTAssertEqual(try repl1.workingDraft(of: "demo")?.text, "fresh")
    }

    func testGuardedClearRefusesWhenAnotherSessionWrote() throws {
        let store = try openStore()
        _ = try store.createPitch(name: "demo", title: nil)
        let draft = try store.saveWorkingDraft(pitch: "demo", text: "a", expectedRevision: nil)
        try store.saveWorkingDraft(pitch: "demo", text: "b", expectedRevision: draft.revision)
        assertThrows(.draftConflict(pitch: "demo")) {
            try store.clearWorkingDraft(pitch: "demo", expectedRevision: draft.revision)
        }
        XCTAssertEqual(try store.workingDraft(of: "demo")?.text, "b")
    }

    func testBaseVersionIsTheLatestVersionWhenTheDraftStarted() throws {
        let store = try openStore()
        _ = try store.createPitch(name: "demo", title: nil)
        XCTAssertNil(try store.saveWorkingDraft(pitch: "demo", text: "x", expectedRevision: nil).baseVersion)
        try store.clearWorkingDraft(pitch: "demo")
        try store.saveVersion(pitch: "demo", text: "v1", note: nil, snapshot: snapshot(1))
        try store.saveVersion(pitch: "demo", text: "v2", note: nil, snapshot: snapshot(1))
        let draft = try store.saveWorkingDraft(pitch: "demo", text: "y", expectedRevision: nil)
        XCTAssertEqual(draft.baseVersion, 2)
        try store.saveVersion(pitch: "demo", text: "v3 from elsewhere", note: nil, snapshot: snapshot(1))
        XCTAssertEqual(
            try store.saveWorkingDraft(pitch: "demo", text: "y2", expectedRevision: draft.revision).baseVersion, 2)
    }

    func testSavingAVersionClearsTheDraftItCameFromInTheSameTransaction() throws {
        let store = try openStore()
        _ = try store.createPitch(name: "demo", title: nil)
        let draft = try store.saveWorkingDraft(pitch: "demo", text: "to save", expectedRevision: nil)
        try store.saveVersion(
            pitch: "demo", text: draft.text, note: nil, snapshot: snapshot(1), clearingDraftRevision: draft.revision)
        XCTAssertNil(try store.workingDraft(of: "demo"))

        let other = try store.saveWorkingDraft(pitch: "demo", text: "a", expectedRevision: nil)
        try store.saveWorkingDraft(pitch: "demo", text: "b, newer", expectedRevision: other.revision)
        try store.saveVersion(
            pitch: "demo", text: "a", note: nil, snapshot: snapshot(1), clearingDraftRevision: other.revision)
        XCTAssertEqual(try store.workingDraft(of: "demo")?.text, "b, newer", "a draft changed meanwhile is kept")
        XCTAssertEqual(try store.versions(of: "demo").count, 2)
    }

    func testDraftOfUnknownPitch() throws {
        let store = try openStore()
        assertThrows(.unknownPitch("nope", known: [])) {
            try store.saveWorkingDraft(pitch: "nope", text: "x", force: true)
        }
    }
}
