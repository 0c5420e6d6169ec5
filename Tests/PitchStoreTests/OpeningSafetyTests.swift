import Foundation
import TestSupport
import XCTest

@testable import PitchStore

/// A file that is not a sound SQLite database is refused and left exactly as it was.
final class OpeningSafetyTests: StoreTestCase {
    private func assertRefusedUntouched(
        _ bytes: Data, _ what: String, file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let path = folder.appendingPathComponent("\(UUID().uuidString).sqlite").path
        try bytes.write(to: URL(fileURLWithPath: path))
        assertThrows(.notADatabase(path: path), file: file, line: line) { try PitchStore(path: path) }
        XCTAssertEqual(try contents(path), bytes, "\(what) was modified", file: file, line: line)
        for sidecar in [path + "-wal", path + "-shm", path + "-journal"] {
            XCTAssertFalse(
                FileManager.default.fileExists(atPath: sidecar), "\(what): \(sidecar) left behind", file: file,
                line: line)
        }
    }

    /// A new store, its folder and its WAL files are the owner's alone: a pitch about leaving a team is private.
    func testANewStoreIsPrivate() throws {
        let path = folder.appendingPathComponent("private/\(UUID().uuidString).sqlite").path
        let store = try PitchStore(path: path)
        _ = try store.createPitch(name: "p", title: "P")
        func mode(_ file: String) throws -> Int {
            try XCTUnwrap(try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int)
        }
        XCTAssertEqual(try mode((path as NSString).deletingLastPathComponent), 0o700)
        XCTAssertEqual(try mode(path), 0o600)
        for sidecar in [path + "-wal", path + "-shm"] where FileManager.default.fileExists(atPath: sidecar) {
            XCTAssertEqual(try mode(sidecar), 0o600, sidecar)
        }
        XCTAssertTrue(FileManager.default.fileExists(atPath: path + "-wal"), "the store is open in WAL mode")
        _ = store
    }

    func testTextFileIsRefused() throws {
        try assertRefusedUntouched(Data("name,score\ndemo,74\n".utf8), "a CSV file")
    }

    func testRandomBytesAreRefused() throws {
        var generator = randomInputs()
        try assertRefusedUntouched(
            Data((0..<8192).map { _ in UInt8.random(in: 0...255, using: &generator) }), "random bytes")
    }

    func testSQLiteHeaderAloneIsRefused() throws {
        try assertRefusedUntouched(PitchStore.sqliteMagic + Data(repeating: 0, count: 20), "a header fragment")
        try assertRefusedUntouched(PitchStore.sqliteMagic + Data(repeating: 0xAB, count: 4000), "a header and garbage")
    }

    /// A real store with a megabyte of versions, closed so everything is in the main file.
    private func sampleDatabase() throws -> Data {
        let path = folder.appendingPathComponent("sample.sqlite").path
        do {
            let store = try PitchStore(path: path)
            _ = try store.createPitch(name: "demo", title: nil)
            for i in 1...8 {
                try store.saveVersion(
                    pitch: "demo", text: String(repeating: "version \(i) text ", count: 8000), note: "n\(i)",
                    snapshot: snapshot(Double(i)))
            }
        }
        XCTAssertFalse(
            FileManager.default.fileExists(atPath: path + "-wal"), "closing the store should checkpoint the WAL")
        return try contents(path)
    }

    func testTruncatedStoreIsRefused() throws {
        let whole = try sampleDatabase()
        try assertRefusedUntouched(whole.prefix(whole.count / 2), "a store cut in half")
        try assertRefusedUntouched(whole.prefix(whole.count - 4096 - 100), "a store missing its last pages")
    }

    func testStoreWithDamagedPagesIsRefused() throws {
        var damaged = try sampleDatabase()
        // Pages 2…4 hold the roots of the first tables: garbage there breaks the b-trees.
        var generator = randomInputs()
        for offset in 4096..<(4096 * 4) { damaged[offset] = UInt8.random(in: 0...255, using: &generator) }
        try assertRefusedUntouched(damaged, "a store with damaged pages")
    }

    func testSoundStoreReopensAndEmptyFileBecomesAStore() throws {
        let whole = try sampleDatabase()
        let copy = folder.appendingPathComponent("copy.sqlite").path
        try whole.write(to: URL(fileURLWithPath: copy))
        XCTAssertEqual(try PitchStore(path: copy).versions(of: "demo").count, 8)

        let empty = folder.appendingPathComponent("empty.sqlite").path
        _ = FileManager.default.createFile(atPath: empty, contents: Data())
        let store = try PitchStore(path: empty)
        XCTAssertEqual(try store.pitches().count, 0)
    }

    func testAnotherProgramsDatabaseIsRefused() throws {
        let path = folder.appendingPathComponent("other.sqlite").path
        let made = try Subprocess.run(
            tool: "python3",
            [
                "-c",
                "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('create table contacts(name)'); c.execute(\"insert into contacts values ('Priya')\"); c.commit()",
                path,
            ])
        XCTAssertEqual(made.status, 0, made.stderr)
        try assertRefusedUntouched(try contents(path), "another program's database")
    }

    func testFolderAtTheStorePathIsUnavailable() throws {
        let path = folder.appendingPathComponent("a-folder").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        XCTAssertThrowsError(try PitchStore(path: path)) { error in
            guard case StoreError.unavailable(let reported, _)? = error as? StoreError else {
                return XCTFail("\(error)")
            }
            XCTAssertEqual(reported, path)
        }
    }

    func testParentThatIsAFileIsUnavailable() throws {
        let file = folder.appendingPathComponent("plain-file").path
        _ = FileManager.default.createFile(atPath: file, contents: Data("x".utf8))
        XCTAssertThrowsError(try PitchStore(path: file + "/store.sqlite")) { error in
            guard case StoreError.unavailable? = error as? StoreError else { return XCTFail("\(error)") }
        }
        XCTAssertEqual(try contents(file), Data("x".utf8))
    }
}
