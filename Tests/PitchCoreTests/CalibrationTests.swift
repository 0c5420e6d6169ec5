import XCTest
@testable import PitchCore

/// Do the scores rank the development corpus as two independent raters did?
final class CalibrationTests: XCTestCase {
    static func ranks(_ values: [Double]) -> [Double] { RankCorrelation.ranks(values) }
    static func spearman(_ a: [Double], _ b: [Double]) -> Double { RankCorrelation.spearman(a, b) }

    func testSpearmanHelper() {
        XCTAssertEqual(Self.spearman([1, 2, 3, 4], [10, 20, 30, 40]), 1, accuracy: 1e-9)
        XCTAssertEqual(Self.spearman([1, 2, 3, 4], [4, 3, 2, 1]), -1, accuracy: 1e-9)
        XCTAssertEqual(Self.ranks([5, 1, 5]), [2.5, 1, 2.5])
    }

    func testScoresAgreeWithTheRaters() throws {
        let corpus = Fixtures.shared.appendingPathComponent("corpus-dev")
        guard let labels = try? String(contentsOf: corpus.appendingPathComponent("LABELS.tsv"), encoding: .utf8) else {
            throw XCTSkip("../shared/corpus-dev is not beside the checkout: calibration not checked")
        }
        let rubrics = try Fixtures.coreRubrics()
        let rows = labels.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        let header = try XCTUnwrap(rows.first)
        func column(_ name: String) throws -> Int { try XCTUnwrap(header.firstIndex(of: name), name) }
        let scales = [("organisational-benefit", try column("org_benefit")), ("successor-readiness", try column("successor")),
                      ("bridge-risk", try column("bridge_risk")), ("overall", try column("overall"))]
        var tool: [String: [Double]] = [:], raters: [String: [Double]] = [:]
        for row in rows.dropFirst() where row.count == header.count {
            let text = try String(contentsOf: corpus.appendingPathComponent(row[0]), encoding: .utf8)
            let card = Scorer.score(text, rubrics: rubrics)
            for (id, index) in scales {
                let label = try XCTUnwrap(Double(row[index]))
                tool[id, default: []].append(id == "overall" ? card.overall : card.rubrics.first { $0.id == id }!.score)
                raters[id, default: []].append(id == "bridge-risk" ? 6 - label : label)
            }
        }
        var report: [String] = []
        for (id, _) in scales {
            let rho = Self.spearman(tool[id]!, raters[id]!)
            report.append(String(format: "%@=%.2f", id, rho))
            XCTAssertGreaterThanOrEqual(rho, id == "overall" ? 0.8 : 0.6, "\(id) Spearman \(rho)")
        }
        print("calibration (n=\(tool["overall"]!.count)): " + report.joined(separator: " "))
    }
}
