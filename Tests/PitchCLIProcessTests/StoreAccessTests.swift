import Foundation
import TestSupport
import XCTest

/// Opening the store through the binary: reads behind a writer, newer and read-only stores, wrong paths, names.
extension VersionCommandTests {
    /// Another process takes SQLite's write lock (BEGIN IMMEDIATE) and keeps it for 30 s; it says "locked" first.
    private func holdWriteLock(_ path: String, seconds: Int = 30) throws -> Process {
        let script = """
            import sqlite3, sys, select
            c = sqlite3.connect(sys.argv[1], isolation_level=None)
            c.execute("BEGIN IMMEDIATE")
            print("locked", flush=True)
            select.select([sys.stdin], [], [], float(sys.argv[2]))
            c.execute("COMMIT")
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, path, String(seconds)]
        let output = Pipe()
        process.standardOutput = output
        process.standardInput = Pipe()
        try process.run()
        var line = Data()
        while let byte = try output.fileHandleForReading.read(upToCount: 1), !byte.isEmpty, byte != Data("\n".utf8) {
            line += byte
        }
        XCTAssertEqual(String(decoding: line, as: UTF8.self), "locked")
        return process
    }

    private func elapsed<T>(_ body: () throws -> T) rethrows -> (T, TimeInterval) {
        let start = Date()
        let result = try body()
        return (result, Date().timeIntervalSince(start))
    }

    func testReadsAnswerAtOnceWhileAnotherProcessHoldsTheWriteLock() throws {
        let box = try Sandbox()
        XCTAssertEqual(try box.run(["new", "demo"]).status, 0)
        XCTAssertEqual(try box.run(["save", "demo", "-", "-m", "one"], stdin: Data(first.utf8)).status, 0)
        let locker = try holdWriteLock(box.environment["PITCHCOACH_STORE"]!)
        defer {
            locker.terminate()
            locker.waitUntilExit()
        }
        for command in [["list"], ["show", "demo"], ["log", "demo"]] {
            let (result, took) = try elapsed { try box.run(command) }
            XCTAssertEqual(result.status, 0, "\(command): \(result.stderr)")
            // Before, a read waited for the lock up to 60 s; reading a WAL store never needs it.
            XCTAssertLessThan(took, 10, "\(command) waited behind the writer")
            print("\(command) behind a writer: \(String(format: "%.2f", took)) s")
        }
        XCTAssertEqual(try box.run(["show", "demo"]).stdout, Data(first.utf8))
        // A write waits the stated 10 s, then says why in words.
        let (refused, took) = try elapsed { try box.run(["new", "other"]) }
        XCTAssertEqual(refused.status, 2)
        XCTAssertTrue(refused.stderr.contains("the store is busy: another pitchcoach is writing"), refused.stderr)
        XCTAssertTrue(refused.stderr.contains("waited 10 s"), refused.stderr)
        XCTAssertLessThan(took, 25, "a write waits the busy timeout once, not once per retry")
        XCTAssertEqual(refused.stderr.split(separator: "\n").count, 1, refused.stderr)
    }

    func testStoreOfANewerSchemaIsReadButNotWritten() throws {
        let box = try Sandbox()
        let store = box.environment["PITCHCOACH_STORE"]!
        XCTAssertEqual(try box.run(["new", "demo"]).status, 0)
        let bumped = try Subprocess.run(
            tool: "python3",
            [
                "-c",
                """
                import sqlite3, sys
                c = sqlite3.connect(sys.argv[1]); c.execute("INSERT INTO grdb_migrations VALUES ('v3')"); c.commit()
                """, store,
            ])
        XCTAssertEqual(bumped.status, 0, bumped.stderr)
        let listed = try box.run(["list"])
        XCTAssertEqual(listed.status, 0, listed.stderr)
        XCTAssertTrue(listed.out.contains("demo"), listed.out)
        let refused = try box.run(["new", "other"])
        XCTAssertEqual(refused.status, 2)
        XCTAssertTrue(
            refused.stderr.contains("the store was made by schema version 3; this pitchcoach knows up to 2"),
            refused.stderr)
        XCTAssertFalse(try box.run(["list"]).out.contains("other"))
    }

    func testEmptyFolderAndLoopingStorePathsAreNamedInWords() throws {
        let box = try Sandbox()
        let empty = try box.run(["list", "--store", ""])
        XCTAssertEqual(empty.status, 2)
        XCTAssertTrue(empty.stderr.contains("the store path is empty"), empty.stderr)
        let emptyVariable = try box.run(["list"], extra: ["PITCHCOACH_STORE": ""])
        XCTAssertEqual(emptyVariable.status, 2)
        XCTAssertTrue(emptyVariable.stderr.contains("the store path is empty"), emptyVariable.stderr)
        let folder = box.root.appendingPathComponent("a-folder").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let isFolder = try box.run(["list", "--store", folder])
        XCTAssertEqual(isFolder.status, 2)
        XCTAssertTrue(isFolder.stderr.contains("is a folder, not a store file"), isFolder.stderr)
        let loop = box.root.appendingPathComponent("loop.sqlite").path
        try FileManager.default.createSymbolicLink(atPath: loop, withDestinationPath: loop)
        for command in [["list", "--store", loop], ["new", "demo", "--store", loop]] {
            let looped = try box.run(command)
            XCTAssertEqual(looped.status, 2)
            XCTAssertTrue(looped.stderr.contains("symlink loop"), looped.stderr)
            XCTAssertFalse(looped.stderr.contains("WAL"), looped.stderr)
        }
    }

    func testNamesTypedInNFCAndNFDAreOnePitch() throws {
        let box = try Sandbox()
        let composed = "caf\u{E9}"
        let decomposed = "cafe\u{301}"
        XCTAssertEqual(try box.run(["new", composed]).status, 0)
        let again = try box.run(["new", decomposed])
        XCTAssertEqual(again.status, 2, "NFD spelling made a second pitch")
        XCTAssertTrue(again.stderr.contains("already exists"), again.stderr)
        let saved = try box.run(["save", decomposed, "-"], stdin: Data(first.utf8))
        XCTAssertEqual(saved.status, 0, saved.stderr)
        let shown = try box.run(["show", composed])
        XCTAssertEqual(shown.status, 0, shown.stderr)
        XCTAssertEqual(shown.stdout, Data(first.utf8))
        let listed = try box.run(["list"])
        XCTAssertEqual(listed.out.split(separator: "\n").filter { $0.contains("caf") }.count, 1, listed.out)
        XCTAssertFalse(listed.out.unicodeScalars.contains("\u{301}"), "names are kept in NFC")
    }

    /// A pitch an older build stored under its NFD name is still found by either spelling, and not made twice.
    func testPitchStoredInNFDByAnOlderBuildIsStillFound() throws {
        let box = try Sandbox()
        XCTAssertEqual(try box.run(["new", "other"]).status, 0)
        let renamed = try Subprocess.run(
            tool: "python3",
            [
                "-c",
                """
                import sqlite3, sys
                c = sqlite3.connect(sys.argv[1]); c.execute("UPDATE pitch SET name = ?", ("cafe\\u0301",)); c.commit()
                """, box.environment["PITCHCOACH_STORE"]!,
            ])
        XCTAssertEqual(renamed.status, 0, renamed.stderr)
        for spelling in ["caf\u{E9}", "cafe\u{301}"] {
            XCTAssertEqual(try box.run(["log", spelling]).status, 0, spelling)
            XCTAssertEqual(try box.run(["new", spelling]).status, 2, "\(spelling) made a second pitch")
        }
    }

    /// As another user (nobody) the store file is readable (0644) and its folder not writable: reads work,
    /// also with a -shm file left behind; writes say "read-only".
    func testReadOnlyStoreIsReadAndWritesSayReadOnly() throws {
        guard getuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") else {
            throw XCTSkip("needs root and setpriv to run pitchcoach as another user")
        }
        let box = try Sandbox()
        let store = box.environment["PITCHCOACH_STORE"]!
        XCTAssertEqual(try box.run(["new", "demo"]).status, 0)
        XCTAssertEqual(try box.run(["save", "demo", "-"], stdin: Data(first.utf8)).status, 0)
        func asNobody(_ arguments: [String]) throws -> RunResult {
            var env = box.environment
            env["NO_COLOR"] = "1"
            env["PATH"] = "/usr/bin:/bin"
            return try Subprocess.run(
                "/usr/bin/setpriv",
                [
                    "--reuid=65534", "--regid=65534", "--clear-groups",
                    Binary.path,
                ] + arguments,
                environment: env, directory: URL(fileURLWithPath: "/"), timeout: 60)
        }
        let probe = try asNobody(["--help"])
        guard probe.status == 0 else { throw XCTSkip("nobody cannot run \(Binary.path): \(probe.stderr)") }
        // root-owned folder 0755: nobody cannot write it, so SQLite cannot make a -shm file there.
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: box.root.path)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: store)
        for stage in ["no -shm", "a stale -shm"] {
            let listed = try asNobody(["list"])
            XCTAssertEqual(listed.status, 0, "\(stage): \(listed.stderr)")
            XCTAssertTrue(listed.out.contains("demo"), listed.out)
            let shown = try asNobody(["show", "demo"])
            XCTAssertEqual(shown.stdout, Data(first.utf8), "\(stage): \(shown.stderr)")
            let refused = try asNobody(["new", "other"])
            XCTAssertEqual(refused.status, 2)
            XCTAssertTrue(refused.stderr.contains("the store is read-only"), "\(stage): \(refused.stderr)")
            // A connection that ends without closing leaves its -shm (and -wal) behind.
            let left = try Subprocess.run(
                tool: "python3",
                [
                    "-c",
                    """
                    import sqlite3, sys, os
                    c = sqlite3.connect(sys.argv[1]); c.execute("SELECT COUNT(*) FROM pitch").fetchall(); os._exit(0)
                    """, store,
                ])
            XCTAssertEqual(left.status, 0, left.stderr)
            for sidecar in [store + "-shm", store + "-wal"] {
                try? FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: sidecar)
            }
        }
        XCTAssertTrue(FileManager.default.fileExists(atPath: store + "-shm"))
    }
}
