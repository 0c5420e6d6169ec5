import Foundation
import TestSupport
import XCTest

/// Hostile input never crashes or hangs `score`: exit 0, 1 or 2, and a reason on stderr when 2.
final class FuzzTests: XCTestCase {
    let seedText = Data(
        """
        I'd like to propose a move to the platform team, where I can cut deploy time by 40%.
        Priya is ready to lead the team from March; I will coach her. You dropped the ball, I'm fed up!
        """.utf8)

    func mutate(_ data: Data, _ g: inout SeededGenerator) -> Data {
        var bytes = [UInt8](data)
        switch Int.random(in: 0..<7, using: &g) {
        case 0: return Data((0..<Int.random(in: 1...4000, using: &g)).map { _ in UInt8.random(in: 0...255, using: &g) })
        case 1:
            for _ in 0..<Int.random(in: 1...40, using: &g) where !bytes.isEmpty {
                bytes[Int.random(in: 0..<bytes.count, using: &g)] = UInt8.random(in: 0...255, using: &g)
            }
            return Data(bytes)
        case 2:
            return Data(
                String(
                    repeating: "\u{202E}\u{0301}🚀 I\u{00A0}want\u{2028} it\r\n",
                    count: Int.random(in: 1...300, using: &g)
                ).utf8)
        case 3: return Data(repeating: 0x61, count: Int.random(in: 1...300_000, using: &g))
        case 4:
            return Data(String(repeating: "((((", count: 5000).utf8)
                + Data(String(repeating: "!!!???....", count: 3000).utf8)
        case 5: return Data([0xEF, 0xBB, 0xBF]) + data + Data([0x00])
        default: return Data(String(repeating: "Priya Priya Priya take over ", count: 5000).utf8)
        }
    }

    func check(_ result: RunResult, _ label: String) {
        XCTAssertTrue([0, 1, 2].contains(result.status), "\(label): exit \(result.status)")
        if result.status == 2 { XCTAssertFalse(result.stderr.isEmpty, "\(label): exit 2 without a reason") }
        XCTAssertFalse(
            result.stderr.contains("Fatal error") || result.stderr.contains("crashed"),
            "\(label): \(result.stderr.prefix(300))")
    }

    func testHostileTexts() throws {
        let box = try Sandbox()
        var g = SeededGenerator(seed: 20_261_125)
        for i in 0..<60 {
            let input = mutate(seedText, &g)
            check(
                try Binary.run(
                    ["score", "-", "--format", "json"], stdin: input, environment: box.environment, timeout: 30),
                "text \(i)")
        }
    }

    func testMutatedRubrics() throws {
        let box = try Sandbox()
        let original = try Data(contentsOf: Binary.packageRoot.appendingPathComponent("Rubrics/bridge-risk.yaml"))
        var g = SeededGenerator(seed: 7)
        let cases: [Data] =
            (0..<20).map { i in
                if i % 2 == 0 { return mutate(original, &g) }
                var text = String(decoding: original, as: UTF8.self)
                for _ in 0..<Int.random(in: 1...3, using: &g) {
                    if let colon = text.firstIndex(of: ":") { text.remove(at: colon) }
                }
                return Data(text.utf8)
            } + [
                Data(
                    "id: x\nname: X\ncriteria:\n  - id: c\n    name: C\n    kind: evidence\n    weight: -1\n    advice: a\n    phrases: [a]\n    examples: {meets: [a]}\n"
                        .utf8),
                Data("id: x\nname: X\ncriteria: []\n".utf8),
                Data("id: x\nname: X\nfoo: 1\ncriteria: []\n".utf8),
                Data(
                    "id: x\nname: X\ncriteria:\n  - id: c\n    name: C\n    kind: evidence\n    advice: a\n    phrases: [\"{any} {any} {any} {any} {any} {any} {any} {any} z\"]\n    examples: {meets: [a]}\n"
                        .utf8),
            ]
        for (i, data) in cases.enumerated() {
            let path = try box.write("r\(i).yaml", data)
            check(
                try Binary.run(
                    ["score", "-", "--rubric", path], stdin: Data("I want to move.".utf8), environment: box.environment,
                    timeout: 30), "rubric \(i)")
        }
    }
}

/// Generated replies thrown at `feedback import` through the binary: nesting (linear, with a stated limit),
/// charsets, NUL bytes, bad base64, escape sequences and sizes. Every one ends in time, exits 0 or 2 with at
/// most one line of error, and nothing raw reaches the terminal; a readable one keeps its whole text.
final class ReplyFuzzTests: XCTestCase {
    static func reply(body: [UInt8], contentType: String, encoding: String = "8bit", depth: Int = 0) -> Data {
        var part =
            Array("Content-Type: \(contentType)\r\nContent-Transfer-Encoding: \(encoding)\r\n\r\n".utf8) + body + [
                13, 10,
            ]
        for level in 0..<depth {
            let boundary = "b\(level)"
            part =
                Array("Content-Type: multipart/mixed; boundary=\"\(boundary)\"\r\n\r\n--\(boundary)\r\n".utf8) + part
                + Array("\r\n--\(boundary)--\r\n".utf8)
        }
        return Data("From: Mark <mark@example.com>\r\nSubject: Re: pitch\r\nMIME-Version: 1.0\r\n".utf8 + part)
    }

    func testGeneratedRepliesAreImportedWholeOrRefusedInOneLine() throws {
        let box = try Sandbox()
        XCTAssertEqual(try box.run(["new", "demo"]).status, 0)
        XCTAssertEqual(
            try box.run(["save", "demo", "-"], stdin: Data("Sam can lead the team from March.\n".utf8)).status, 0)
        let text = "Lead with what the team gains, then the handover."
        var cases: [(name: String, data: Data, keeps: String?)] = [
            ("depth 25", Self.reply(body: Array(text.utf8), contentType: "text/plain; charset=utf-8", depth: 25), text),
            ("depth 64", Self.reply(body: Array(text.utf8), contentType: "text/plain; charset=utf-8", depth: 63), text),
            (
                "depth 100", Self.reply(body: Array(text.utf8), contentType: "text/plain; charset=utf-8", depth: 100),
                nil
            ),
            (
                "utf-16",
                Self.reply(
                    body: [0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] },
                    contentType: "text/plain; charset=utf-16"), text
            ),
            (
                "latin-1",
                Self.reply(
                    body: Array("Caf".utf8) + [0xE9] + Array(" first. \(text)".utf8),
                    contentType: "text/plain; charset=iso-8859-1"), "Café first."
            ),
            (
                "NUL",
                Self.reply(
                    body: Array("First part.".utf8) + [0] + Array(" The rest.".utf8),
                    contentType: "text/plain; charset=utf-8"), nil
            ),
            (
                "bad base64",
                Self.reply(body: Array("!!!! not base64 ~~~~".utf8), contentType: "text/plain", encoding: "base64"), nil
            ),
            ("unknown charset", Self.reply(body: Array(text.utf8), contentType: "text/plain; charset=x-klingon"), nil),
            ("no boundary", Self.reply(body: Array(text.utf8), contentType: "multipart/mixed"), nil),
            (
                "escapes",
                Self.reply(body: Array("\(text) \u{1B}]0;pwned\u{07}\u{1B}[2J".utf8), contentType: "text/plain"), text
            ),
            (
                "2 MB",
                Self.reply(body: Array(String(repeating: "word ", count: 400_000).utf8), contentType: "text/plain"), nil
            ),
        ]
        var generator = randomInputs()
        for n in 0..<12 {
            let depth = Int.random(in: 0...80, using: &generator)
            let bytes = (0..<Int.random(in: 0...300, using: &generator)).map { _ in
                UInt8.random(in: 0...255, using: &generator)
            }
            let charset = ["utf-8", "utf-16", "iso-8859-1", "windows-1252", "shift_jis", "bogus"].randomElement(
                using: &generator)!
            let encoding = ["8bit", "base64", "quoted-printable"].randomElement(using: &generator)!
            cases.append(
                (
                    "random \(n)",
                    Self.reply(
                        body: bytes, contentType: "text/plain; charset=\(charset)", encoding: encoding,
                        depth: depth), nil
                ))
        }
        for (n, item) in cases.enumerated() {
            let path = box.root.appendingPathComponent("reply\(n).eml").path
            try item.data.write(to: URL(fileURLWithPath: path))
            let result = try box.run(["feedback", "import", "demo", path])
            XCTAssertTrue([0, 2].contains(result.status), "\(item.name): exit \(result.status) \(result.stderr)")
            XCTAssertLessThanOrEqual(result.stderr.split(separator: "\n").count, 1, "\(item.name): \(result.stderr)")
            XCTAssertFalse((result.out + result.stderr).contains("\u{1B}"), "\(item.name): a raw escape")
            if item.keeps != nil {
                XCTAssertEqual(result.status, 0, "\(item.name): \(result.stderr)")
            } else if !item.name.hasPrefix("random") {
                XCTAssertEqual(result.status, 2, "\(item.name) was accepted: \(result.out)")
            }
            if let keeps = item.keeps {
                let log = try box.run(["log", "demo"])
                XCTAssertTrue(log.out.contains(keeps), "\(item.name): the text is not in the log:\n\(log.out)")
                XCTAssertFalse(log.out.contains("\u{1B}"), item.name)
            }
        }
    }
}
