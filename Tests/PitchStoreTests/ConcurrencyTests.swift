import Foundation
import XCTest

@testable import PitchStore

final class ConcurrencyTests: StoreTestCase {
    /// Runs `count` closures on separate threads at once and collects what they throw.
    private func runConcurrently(_ count: Int, _ body: @escaping @Sendable (Int) throws -> Void) -> [String] {
        let errors = ErrorBox()
        let group = DispatchGroup()
        for i in 0..<count {
            group.enter()
            Thread.detachNewThread {
                defer { group.leave() }
                do { try body(i) } catch { errors.add("\(i): \(error)") }
            }
        }
        group.wait()
        return errors.all
    }

    func testSixteenStoresSavingAtOnceGetNumbersOneToSixteen() throws {
        _ = try openStore().createPitch(name: "race", title: nil)
        let path = storePath
        let snapshot = snapshot(50)
        let errors = runConcurrently(16) { i in
            let store = try PitchStore(path: path)
            try store.saveVersion(
                pitch: "race", text: "Draft number \(i + 1) for the race.", note: "r\(i + 1)", snapshot: snapshot)
        }
        XCTAssertEqual(errors, [])
        let store = try openStore()
        let versions = try store.versions(of: "race")
        XCTAssertEqual(versions.map(\.number), Array(1...16))
        XCTAssertEqual(Set(versions.compactMap(\.note)), Set((1...16).map { "r\($0)" }))
        for version in versions {
            XCTAssertEqual(version.text, "Draft number \(version.note!.dropFirst()) for the race.")
        }
        XCTAssertEqual(try store.integrityCheck(), ["ok"])
    }

    func testSixteenStoresCreatingTheFileAtOnceAllSucceed() throws {
        let path = storePath
        let snapshot = snapshot(50)
        let errors = runConcurrently(16) { i in
            let store = try PitchStore(path: path)
            _ = try? store.createPitch(name: "race", title: nil)
            try store.saveVersion(pitch: "race", text: "v\(i)", note: nil, snapshot: snapshot)
        }
        XCTAssertEqual(errors, [])
        XCTAssertEqual(try openStore().versions(of: "race").map(\.number), Array(1...16))
    }

    func testManySavesThroughOneSharedStore() throws {
        let store = try openStore()
        _ = try store.createPitch(name: "shared", title: nil)
        let snapshot = snapshot(50)
        let errors = runConcurrently(8) { i in
            for j in 0..<5 { try store.saveVersion(pitch: "shared", text: "\(i)-\(j)", note: nil, snapshot: snapshot) }
        }
        XCTAssertEqual(errors, [])
        XCTAssertEqual(try store.versions(of: "shared").map(\.number), Array(1...40))
    }
}

final class ErrorBox: @unchecked Sendable {
    private let lock = NSLock()
    private var errors: [String] = []
    func add(_ error: String) {
        lock.lock()
        errors.append(error)
        lock.unlock()
    }
    var all: [String] {
        lock.lock()
        defer { lock.unlock() }
        return errors
    }
}
