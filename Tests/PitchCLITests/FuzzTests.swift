import Foundation
import TestSupport
import XCTest

/// Hostile input never crashes or hangs `score`: exit 0, 1 or 2, and a reason on stderr when 2.
final class FuzzTests: XCTestCase {
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state ^ (state >> 29)
        }
    }

    let seedText = Data("""
    I'd like to propose a move to the platform team, where I can cut deploy time by 40%.
    Priya is ready to lead the team from March; I will coach her. You dropped the ball, I'm fed up!
    """.utf8)

    func mutate(_ data: Data, _ g: inout SeededGenerator) -> Data {
        var bytes = [UInt8](data)
        switch Int.random(in: 0..<7, using: &g) {
        case 0: return Data((0..<Int.random(in: 1...4000, using: &g)).map { _ in UInt8.random(in: 0...255, using: &g) })
        case 1:
            for _ in 0..<Int.random(in: 1...40, using: &g) where !bytes.isEmpty { bytes[Int.random(in: 0..<bytes.count, using: &g)] = UInt8.random(in: 0...255, using: &g) }
            return Data(bytes)
        case 2: return Data(String(repeating: "\u{202E}\u{0301}🚀 I\u{00A0}want\u{2028} it\r\n", count: Int.random(in: 1...300, using: &g)).utf8)
        case 3: return Data(repeating: 0x61, count: Int.random(in: 1...300_000, using: &g))
        case 4: return Data(String(repeating: "((((", count: 5000).utf8) + Data(String(repeating: "!!!???....", count: 3000).utf8)
        case 5: return Data([0xEF, 0xBB, 0xBF]) + data + Data([0x00])
        default: return Data(String(repeating: "Priya Priya Priya take over ", count: 5000).utf8)
        }
    }

    func check(_ result: RunResult, _ label: String) {
        XCTAssertTrue([0, 1, 2].contains(result.status), "\(label): exit \(result.status)")
        if result.status == 2 { XCTAssertFalse(result.stderr.isEmpty, "\(label): exit 2 without a reason") }
        XCTAssertFalse(result.stderr.contains("Fatal error") || result.stderr.contains("crashed"), "\(label): \(result.stderr.prefix(300))")
    }

    func testHostileTexts() throws {
        let box = try Sandbox()
        var g = SeededGenerator(state: 20261125)
        for i in 0..<60 {
            let input = mutate(seedText, &g)
            check(try Binary.run(["score", "-", "--format", "json"], stdin: input, environment: box.environment, timeout: 30), "text \(i)")
        }
    }

    func testMutatedRubrics() throws {
        let box = try Sandbox()
        let original = try Data(contentsOf: Binary.packageRoot.appendingPathComponent("Rubrics/bridge-risk.yaml"))
        var g = SeededGenerator(state: 7)
        let cases: [Data] = (0..<20).map { i in
            if i % 2 == 0 { return mutate(original, &g) }
            var text = String(decoding: original, as: UTF8.self)
            for _ in 0..<Int.random(in: 1...3, using: &g) { if let colon = text.firstIndex(of: ":") { text.remove(at: colon) } }
            return Data(text.utf8)
        } + [
            Data("id: x\nname: X\ncriteria:\n  - id: c\n    name: C\n    kind: evidence\n    weight: -1\n    advice: a\n    phrases: [a]\n    examples: {meets: [a]}\n".utf8),
            Data("id: x\nname: X\ncriteria: []\n".utf8),
            Data("id: x\nname: X\nfoo: 1\ncriteria: []\n".utf8),
            Data("id: x\nname: X\ncriteria:\n  - id: c\n    name: C\n    kind: evidence\n    advice: a\n    phrases: [\"{any} {any} {any} {any} {any} {any} {any} {any} z\"]\n    examples: {meets: [a]}\n".utf8),
        ]
        for (i, data) in cases.enumerated() {
            let path = try box.write("r\(i).yaml", data)
            check(try Binary.run(["score", "-", "--rubric", path], stdin: Data("I want to move.".utf8), environment: box.environment, timeout: 30), "rubric \(i)")
        }
    }
}
