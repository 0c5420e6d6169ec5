import Foundation
import TestSupport
import XCTest

/// new/save/log/show/diff/restore through the built binary, on a real SQLite file.
final class VersionCommandTests: XCTestCase {
    let first = "I want to move to the platform team. I have done my time managing people.\n"
    let second = """
        I'd like to propose a move to the platform team, where I can cut our deploy time by 40% this year.
        Priya has run our stand-ups for six months and is ready to lead the team; I will coach her through a
        six-week handover so nothing slips. Ünïcödé and emoji 🚀 stay intact.\r\n
        """

    func testSaveShowLogDiffRestore() throws {
        let box = try Sandbox()
        XCTAssertEqual(try box.run(["new", "demo", "--title", "Move to platform"]).status, 0)
        let v1 = try box.file("v1.txt", first)
        let saved1 = try box.run(["save", "demo", v1, "-m", "first"])
        XCTAssertEqual(saved1.status, 0, saved1.stderr)
        XCTAssertTrue(saved1.out.hasPrefix("saved demo v1 — overall "), saved1.out)
        let saved2 = try box.run(["save", "demo", "-", "-m", "second"], stdin: Data(second.utf8))
        XCTAssertNotNil(
            saved2.out.range(of: #"saved demo v2 — overall \d+ \([+−±]\d+\)"#, options: .regularExpression), saved2.out)

        XCTAssertEqual(try box.run(["show", "demo@1"]).stdout, Data(first.utf8))
        XCTAssertEqual(try box.run(["show", "demo"]).stdout, Data(second.utf8), "latest must come back byte for byte")

        let log =
            try JSONSerialization.jsonObject(with: try box.run(["log", "demo", "--format", "json"]).stdout)
            as? [String: Any]
        XCTAssertEqual(log?["schemaVersion"] as? Int, 1)
        XCTAssertEqual(log?["title"] as? String, "Move to platform")
        let versions = try XCTUnwrap(log?["versions"] as? [[String: Any]])
        XCTAssertEqual(versions.map { $0["number"] as? Int }, [1, 2])
        XCTAssertEqual(versions.map { $0["note"] as? String }, ["first", "second"])
        let o1 = try XCTUnwrap(versions[0]["overall"] as? Double)
        let o2 = try XCTUnwrap(versions[1]["overall"] as? Double)
        XCTAssertGreaterThan(o2, o1)
        let r1 = try XCTUnwrap(versions[0]["rubrics"] as? [String: Double])
        let r2 = try XCTUnwrap(versions[1]["rubrics"] as? [String: Double])
        XCTAssertGreaterThan(r2["successor-readiness"] ?? 0, r1["successor-readiness"] ?? 0)
        XCTAssertNotNil(ISO8601DateFormatter().date(from: versions[0]["createdAt"] as? String ?? ""))

        let textLog = try box.run(["log", "demo"])
        XCTAssertTrue(textLog.out.contains("trend"), textLog.out)
        XCTAssertTrue(textLog.out.contains("first") && textLog.out.contains("second"))

        let diff = try box.run(["diff", "demo", "1", "2"])
        XCTAssertEqual(diff.status, 0, diff.stderr)
        XCTAssertTrue(diff.out.contains("{+") && diff.out.contains("[-"), diff.out)
        XCTAssertTrue(diff.out.contains("Priya"))
        XCTAssertTrue(diff.out.contains("successor-readiness"))

        XCTAssertEqual(try box.run(["restore", "demo", "1"]).status, 0)
        XCTAssertEqual(try box.run(["show", "demo"]).stdout, Data(first.utf8))
        XCTAssertEqual(try box.run(["show", "demo@3"]).stdout, Data(first.utf8))
        XCTAssertEqual(try box.run(["show", "demo@2"]).stdout, Data(second.utf8), "restore must not rewrite history")
    }

    func testUnknownPitchAndVersionNameWhatExists() throws {
        let box = try Sandbox()
        _ = try box.run(["new", "alpha"])
        _ = try box.run(["save", "alpha", "-"], stdin: Data(first.utf8))
        let noPitch = try box.run(["show", "beta"])
        XCTAssertEqual(noPitch.status, 2)
        XCTAssertTrue(noPitch.stderr.contains("beta") && noPitch.stderr.contains("alpha"), noPitch.stderr)
        let noVersion = try box.run(["show", "alpha@7"])
        XCTAssertEqual(noVersion.status, 2)
        XCTAssertTrue(noVersion.stderr.contains("7") && noVersion.stderr.contains("1"), noVersion.stderr)
        XCTAssertEqual(try box.run(["new", "alpha"]).status, 2, "a duplicate name is refused")
        XCTAssertEqual(try box.run(["show", "alpha@x"]).status, 2)
    }

    func testSixteenConcurrentProcessesGetSixteenNumbers() throws {
        let box = try Sandbox()
        _ = try box.run(["new", "race"])
        let group = DispatchGroup()
        let lock = NSLock()
        nonisolated(unsafe) var statuses: [Int32] = []
        nonisolated(unsafe) var said: [String] = []
        for i in 1...16 {
            group.enter()
            DispatchQueue.global().async {
                let result = try? box.run(
                    ["save", "race", "-", "-m", "r\(i)"], stdin: Data("Draft number \(i) for the race.".utf8))
                lock.lock()
                statuses.append(result?.status ?? -1)
                said.append(result?.out ?? "")
                lock.unlock()
                group.leave()
            }
        }
        group.wait()
        XCTAssertEqual(statuses.filter { $0 == 0 }.count, 16, "statuses: \(statuses)")
        // Every save after the first says how it compares with the version just before it.
        let withoutChange = said.filter { !$0.contains(" v1 ") && !$0.contains("(") }
        XCTAssertEqual(withoutChange, [], "saves that gave no change against the version before")
        let log =
            try JSONSerialization.jsonObject(with: try box.run(["log", "race", "--format", "json"]).stdout)
            as? [String: Any]
        let versions = try XCTUnwrap(log?["versions"] as? [[String: Any]])
        XCTAssertEqual(versions.compactMap { $0["number"] as? Int }, Array(1...16))
        XCTAssertEqual(Set(versions.compactMap { $0["note"] as? String }), Set((1...16).map { "r\($0)" }))
        for version in versions {
            let number = try XCTUnwrap(version["number"] as? Int)
            let note = try XCTUnwrap(version["note"] as? String)
            let text = try box.run(["show", "race@\(number)"]).out
            XCTAssertEqual(
                text, "Draft number \(note.dropFirst()) for the race.", "version \(number) holds another save's text")
        }
    }

    func testSaveKilledMidWriteLosesNothingAlreadySaved() throws {
        let box = try Sandbox()
        _ = try box.run(["new", "crash"])
        _ = try box.run(["save", "crash", "-", "-m", "kept"], stdin: Data(first.utf8))
        var big = ""
        while big.utf8.count < 3_000_000 { big += "platform team successor handover Priya coach quarter results. " }
        let bigPath = try box.file("big.txt", big)
        for attempt in 0..<6 {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: Binary.path)
            process.arguments = ["save", "crash", bigPath, "-m", "killed\(attempt)"]
            process.environment = ProcessInfo.processInfo.environment.merging(box.environment) { $1 }
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            usleep(UInt32(20_000 + attempt * 25_000))
            kill(process.processIdentifier, SIGKILL)
            Subprocess.waitForExit(process, timeout: 30)
        }
        XCTAssertEqual(try box.run(["save", "crash", "-", "-m", "after"], stdin: Data(second.utf8)).status, 0)
        let log =
            try JSONSerialization.jsonObject(with: try box.run(["log", "crash", "--format", "json"]).stdout)
            as? [String: Any]
        let versions = try XCTUnwrap(log?["versions"] as? [[String: Any]])
        let numbers = versions.compactMap { $0["number"] as? Int }
        XCTAssertEqual(numbers, Array(1...numbers.count), "gap in numbering")
        XCTAssertEqual(try box.run(["show", "crash@1"]).stdout, Data(first.utf8))
        XCTAssertEqual(try box.run(["show", "crash"]).stdout, Data(second.utf8))
        for number in numbers.dropFirst().dropLast() {
            XCTAssertEqual(
                try box.run(["show", "crash@\(number)"]).stdout, Data(big.utf8), "version \(number) is torn")
        }
        let integrity = try Subprocess.run(
            tool: "python3",
            [
                "-c",
                "import sqlite3,sys;print(sqlite3.connect(sys.argv[1]).execute('pragma integrity_check').fetchone()[0])",
                box.environment["PITCHCOACH_STORE"]!,
            ])
        XCTAssertEqual(integrity.out.trimmingCharacters(in: .whitespacesAndNewlines), "ok")
    }

    func testOneMegabyteDraftRoundTripsByteForByte() throws {
        let box = try Sandbox()
        _ = try box.run(["new", "big"])
        var text = ""
        var i = 0
        while text.utf8.count < 1_000_000 {
            text += "Line \(i): Ünïcödé 🚀 team — “quotes”\r\n"
            i += 1
        }
        let path = try box.file("big.txt", text)
        XCTAssertEqual(try box.run(["save", "big", path]).status, 0)
        XCTAssertEqual(try box.run(["show", "big@1"]).stdout, Data(text.utf8))
    }

    func testNonSQLiteStoreIsRefusedAndLeftUntouched() throws {
        let box = try Sandbox()
        let bogus = Data("these are my notes, not a database\n".utf8)
        let path = try box.write("notes.sqlite", bogus)
        let result = try box.run(["list", "--store", path])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("notes.sqlite"), result.stderr)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), bogus)
    }
}
