import Foundation
import TestSupport
import XCTest

/// Drafting that never surprises, through the binary: a changed phrase is one change in `diff`, the REPL's
/// help stays within 120 columns, listings are aligned.
final class DraftingTests: XCTestCase {
    var box: Sandbox!
    override func setUpWithError() throws { box = try Sandbox() }

    func testDiffGroupsAChangedPhrase() throws {
        XCTAssertEqual(try box.run(["new", "wd"]).status, 0)
        let a = "The first version says one thing clearly here.\n", b = "The first version says something else entirely here.\n"
        XCTAssertEqual(try box.run(["save", "wd", "-"], stdin: Data(a.utf8)).status, 0)
        XCTAssertEqual(try box.run(["save", "wd", "-"], stdin: Data(b.utf8)).status, 0)
        let diff = try box.run(["diff", "wd", "1", "2", "--color", "never"])
        XCTAssertEqual(diff.status, 0, diff.stderr)
        XCTAssertTrue(diff.out.contains("says [-one thing clearly-]{+something else entirely+} here."), diff.out)
        XCTAssertEqual(diff.out.components(separatedBy: "[-").count, 2, diff.out)
        // The criteria that moved are a table: every score starts in one column.
        let moved = diff.out.components(separatedBy: "criteria that moved:\n").last?.split(separator: "\n") ?? []
        let columns = Set(moved.compactMap { line in line.range(of: " → ").map { line.distance(from: line.startIndex, to: $0.lowerBound) } })
        XCTAssertLessThanOrEqual(columns.count, 1, diff.out)
    }

    func testReplHelpStaysWithin120ColumnsOnAWideTerminal() throws {
        let help = try box.run([], stdin: Data("help\n".utf8), extra: ["COLUMNS": "250"])
        XCTAssertEqual(help.status, 0, help.stderr)
        XCTAssertTrue(help.out.contains("Commands:"))
        let widest = help.out.split(separator: "\n").map(\.count).max() ?? 0
        XCTAssertLessThanOrEqual(widest, 120, help.out)
        let narrow = try box.run([], stdin: Data("help\n".utf8), extra: ["COLUMNS": "60"])
        for line in narrow.out.split(separator: "\n") { XCTAssertLessThanOrEqual(line.count, 60, String(line)) }
    }

    func testRubricsListIsAligned() throws {
        let list = try box.run(["rubrics", "list"])
        XCTAssertEqual(list.status, 0, list.stderr)
        let lines = list.out.split(separator: "\n")
        XCTAssertGreaterThan(lines.count, 1)
        let columns = Set(lines.compactMap { line in line.range(of: "criteria").map { line.distance(from: line.startIndex, to: $0.lowerBound) } })
        XCTAssertEqual(columns.count, 1, list.out)
    }
}
