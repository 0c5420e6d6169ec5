import Foundation

/// Rubrics that tests in more than one target read, kept once as files in Tests/TestSupport/Fixtures rather
/// than as the same inline YAML in each test.
public enum YAMLFixtures {
    public static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    public static func text(_ name: String) throws -> String {
        try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
    }
}
