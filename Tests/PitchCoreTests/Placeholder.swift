import XCTest
final class PitchCoreTestsPlaceholder: XCTestCase { func testNothingYet() { XCTAssertTrue(true) } }
