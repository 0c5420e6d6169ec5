import XCTest
final class PitchStoreTestsPlaceholder: XCTestCase { func testNothingYet() { XCTAssertTrue(true) } }
