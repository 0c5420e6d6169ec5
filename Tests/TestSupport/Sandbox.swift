import Foundation

/// A temporary folder with its own store and XDG folders, removed at the end: where a test runs the binary
/// (`Binary`), or the REPL in process, without touching the user's own.
public final class Sandbox: @unchecked Sendable {
    public let root: URL
    public init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("pitchcoach-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(at: root) }
    public var environment: [String: String] {
        [
            "PITCHCOACH_STORE": root.appendingPathComponent("store.sqlite").path,
            "XDG_DATA_HOME": root.appendingPathComponent("data").path,
            "XDG_CONFIG_HOME": root.appendingPathComponent("config").path,
            "HOME": root.path,
        ]
    }
    public func file(_ name: String, _ contents: String) throws -> String {
        try write(name, Data(contents.utf8))
    }
    public func write(_ name: String, _ data: Data) throws -> String {
        let url = root.appendingPathComponent(name)
        try data.write(to: url)
        return url.path
    }
}
