import XCTest

@testable import PitchCore

/// The rank correlation the agreement with the raters is measured by. The agreement itself is a measurement, in the
/// benchmark (`pitchcoach-bench agreement ../shared/corpus-dev`), not a test: it moves with every scoring change.
final class RankCorrelationTests: XCTestCase {
    static func ranks(_ values: [Double]) -> [Double] { RankCorrelation.ranks(values) }
    static func spearman(_ a: [Double], _ b: [Double]) -> Double { RankCorrelation.spearman(a, b) }

    func testSpearmanHelper() {
        XCTAssertEqual(Self.spearman([1, 2, 3, 4], [10, 20, 30, 40]), 1, accuracy: 1e-9)
        XCTAssertEqual(Self.spearman([1, 2, 3, 4], [4, 3, 2, 1]), -1, accuracy: 1e-9)
        XCTAssertEqual(Self.ranks([5, 1, 5]), [2.5, 1, 2.5])
    }
}
