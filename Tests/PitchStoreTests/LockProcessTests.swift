import Foundation
import TestSupport
import XCTest

@testable import PitchStore

/// The store against another process (python3's sqlite3) holding SQLite's write lock.
final class LockProcessTests: StoreTestCase {
    /// Another process holds the write lock; a save waits for it instead of failing.
    func testSaveWaitsForAnotherProcessHoldingTheLock() throws {
        let store = try openStore()
        _ = try store.createPitch(name: "demo", title: nil)
        let locker = try LockHolder(path: storePath, releaseAfter: 1.0)
        defer { locker.finish() }
        let saved = try store.saveVersion(pitch: "demo", text: "waited", note: nil, snapshot: snapshot(1))
        XCTAssertEqual(saved.number, 1)
        XCTAssertTrue(locker.finish(), "the other process should have committed its own transaction")
        XCTAssertEqual(try store.versions(of: "demo").map(\.text), ["waited"])
    }

    /// Past the busy timeout the save gives up with a clear error and writes nothing.
    func testLockHeldBeyondTheTimeoutIsUnavailable() throws {
        let store = try PitchStore(path: storePath, busyTimeout: 0.3)
        _ = try store.createPitch(name: "demo", title: nil)
        let locker = try LockHolder(path: storePath, releaseAfter: nil)
        XCTAssertThrowsError(try store.saveVersion(pitch: "demo", text: "x", note: nil, snapshot: snapshot(1))) {
            error in
            guard case StoreError.unavailable(_, let reason)? = error as? StoreError else { return XCTFail("\(error)") }
            XCTAssertTrue(reason.contains("locked"), reason)
        }
        locker.finish()
        XCTAssertEqual(try store.versions(of: "demo").count, 0)
        try store.saveVersion(pitch: "demo", text: "after", note: nil, snapshot: snapshot(1))
        XCTAssertEqual(try store.versions(of: "demo").map(\.number), [1])
    }
}

/// A separate python3 process that takes SQLite's write lock on the store (BEGIN IMMEDIATE),
/// says so, and commits after `releaseAfter` seconds or when told to on stdin.
final class LockHolder {
    private let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private var finished = false

    init(path: String, releaseAfter: Double?) throws {
        let script = """
            import sqlite3, sys, time, select
            c = sqlite3.connect(sys.argv[1], isolation_level=None)
            c.execute("BEGIN IMMEDIATE")
            c.execute("CREATE TABLE IF NOT EXISTS lock_probe (x)")
            c.execute("INSERT INTO lock_probe VALUES (1)")
            print("locked", flush=True)
            wait = float(sys.argv[2])
            select.select([sys.stdin], [], [], wait if wait >= 0 else None)
            c.execute("COMMIT")
            print("committed", flush=True)
            """
        // Telling an already finished python to go must not kill the test runner.
        signal(SIGPIPE, SIG_IGN)
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, path, String(releaseAfter ?? -1)]
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        let first = Self.readLine(output.fileHandleForReading)
        guard first == "locked" else {
            throw NSError(domain: "LockHolder", code: 1, userInfo: [NSLocalizedDescriptionKey: "python said \(first)"])
        }
    }

    /// Releases the lock (if still held), waits for the process; true when it committed cleanly.
    @discardableResult
    func finish() -> Bool {
        if finished { return process.terminationStatus == 0 }
        finished = true
        if process.isRunning { try? input.fileHandleForWriting.write(contentsOf: Data("go\n".utf8)) }
        try? input.fileHandleForWriting.close()
        guard Subprocess.waitForExit(process, timeout: 30) else { return false }
        return process.terminationStatus == 0
    }

    private static func readLine(_ handle: FileHandle) -> String {
        var bytes = Data()
        while let byte = try? handle.read(upToCount: 1), let first = byte.first, first != 10 { bytes.append(first) }
        return String(decoding: bytes, as: UTF8.self)
    }
}
