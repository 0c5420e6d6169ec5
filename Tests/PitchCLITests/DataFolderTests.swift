import Foundation
import PitchStore
import XCTest

@testable import PitchCLI

/// The store, the REPL history and the last pitch opened follow one data-folder policy.
final class DataFolderTests: XCTestCase {
    private func folder(_ path: String) -> String { (path as NSString).deletingLastPathComponent }

    func testStoreAndHistoryShareTheFolderWhenXDGDataHomeIsRelative() {
        let workspace = Workspace(environment: ["XDG_DATA_HOME": "relative/data", "HOME": "/h"])
        XCTAssertEqual(folder(workspace.storePath), folder(workspace.historyPath))
        // A relative XDG_DATA_HOME is ignored (XDG Base Directory spec): both fall back to $HOME.
        XCTAssertEqual(folder(workspace.historyPath), "/h/.local/share/pitchcoach")
    }

    func testStoreAndHistoryShareTheFolderWhenXDGDataHomeIsAbsolute() {
        let workspace = Workspace(environment: ["XDG_DATA_HOME": "/d/", "HOME": "/h"])
        XCTAssertEqual(folder(workspace.storePath), folder(workspace.historyPath))
        XCTAssertEqual(folder(workspace.historyPath), "/d/pitchcoach")
    }

    func testWithoutHomeBothUseThePasswordDatabaseHome() {
        let workspace = Workspace(environment: [:])
        XCTAssertEqual(folder(workspace.storePath), folder(workspace.historyPath))
        XCTAssertTrue(workspace.historyPath.hasSuffix("/.local/share/pitchcoach/history"), workspace.historyPath)
    }
}
