import PitchCore

/// A failure the user caused or can fix: one line on stderr, then this exit code.
public struct CLIError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var exitCode: Int32
    public init(_ message: String, exitCode: Int32 = 2) {
        self.message = message
        self.exitCode = exitCode
    }
    public var description: String { message }
}

extension CLIError {
    /// A message as it is printed: one line, every control character shown (`visibleControls`: a value typed with
    /// an escape in it is echoed harmless), and each word longer than `wordLimit` (a 10,000-character name echoed
    /// back) cut short, saying how much was left out.
    public static func printable(_ message: String, wordLimit: Int = 100) -> String {
        let lines = message.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        return lines.filter { !$0.isEmpty }.joined(separator: " ")
            .split(separator: " ", omittingEmptySubsequences: false).map { String($0).shownShort(wordLimit) }.joined(
                separator: " ")
    }
}
