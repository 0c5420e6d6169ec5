import Foundation
import TestSupport
import XCTest

/// The README's example session is run through the built binary and compared with what it prints, so it cannot
/// drift. Numbers are masked on both sides (scores move whenever the scoring changes); everything else — which
/// lines, which rubrics, which words — must match.
final class ReadmeSessionTests: XCTestCase {
    /// A prompt line of the transcript: `pitchcoach> CMD`, `demo> CMD`, `demo v1 draft 71> CMD`.
    static let prompt = try! NSRegularExpression(pattern: #"^[A-Za-z0-9_.-]+( v\d+)?( draft)?( \d+)?> ?(.*)$"#)

    /// The session block: the first fenced block after "### A session".
    func readmeSession() throws -> [String] {
        let readme = try String(contentsOf: Binary.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let after = try XCTUnwrap(
            readme.components(separatedBy: "### A session").dropFirst().first, "no '### A session'")
        let block = try XCTUnwrap(after.components(separatedBy: "```").dropFirst().first, "no fenced block")
        return block.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).filter { !$0.isEmpty }
    }

    /// Every number (and its sign or change mark), the trend's bars and the band as placeholders: they follow the
    /// scores.
    static func masked(_ line: String) -> String {
        line.replacingOccurrences(of: #"[-+−±]?\d+(\.\d+)?"#, with: "#", options: .regularExpression)
            .replacingOccurrences(of: "[▁▂▃▄▅▆▇█]+", with: "▮", options: .regularExpression)
            .replacingOccurrences(
                of: "(needs work|close|ready|risky|do not send)", with: "BAND", options: .regularExpression)
    }

    func testTheReadmeSessionPrintsWhatTheBinaryPrints() throws {
        var input: [String] = []
        var expected: [String] = []
        for line in try readmeSession().dropFirst() { // the banner is printed on a terminal only
            let range = NSRange(line.startIndex..., in: line)
            if let match = Self.prompt.firstMatch(in: line, range: range),
                let command = Range(match.range(at: 4), in: line)
            {
                if !line[command].isEmpty { input.append(String(line[command])) }
            } else if line.hasPrefix("… ") {
                input.append(String(line.dropFirst(2)))
            } else if !line.hasPrefix("Type the draft;") { // compose's hint, on a terminal only
                expected.append(line)
            }
        }
        XCTAssertGreaterThan(input.count, 5, "the README session has too few commands to mean anything")
        let box = try Sandbox()
        let result = try box.run([], stdin: Data((input.joined(separator: "\n") + "\n").utf8))
        XCTAssertEqual(result.status, 0, result.stderr)
        let actual = result.out.split(separator: "\n").map(String.init)
        XCTAssertEqual(
            actual.map(Self.masked), expected.map(Self.masked),
            "the README's session is out of date; what the binary prints now:\n\(result.out)")
    }
}
