/// A failure the user caused or can fix: one line on stderr, then this exit code.
public struct CLIError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var exitCode: Int32
    public init(_ message: String, exitCode: Int32 = 2) {
        self.message = message; self.exitCode = exitCode
    }
    public var description: String { message }
}
