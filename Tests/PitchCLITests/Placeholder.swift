import XCTest
final class PitchCLITestsPlaceholder: XCTestCase { func testNothingYet() { XCTAssertTrue(true) } }
