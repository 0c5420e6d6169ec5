import XCTest
final class PitchMailTestsPlaceholder: XCTestCase { func testNothingYet() { XCTAssertTrue(true) } }
