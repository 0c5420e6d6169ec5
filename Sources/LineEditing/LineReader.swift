import Foundation

/// What one read from the user gives.
public enum LineInput: Equatable, Sendable {
    case line(String)
    /// Ctrl-C: the current line (or compose) is cancelled.
    case interrupted
    /// Ctrl-D on an empty line, or the end of piped input.
    case endOfInput
}

/// The REPL's only view of the terminal, so tests can script it.
public protocol LineReader: AnyObject {
    func readLine(prompt: String) -> LineInput
    /// Remember a command line (persistent history where the reader has it).
    func addHistory(_ line: String)
    /// A person at a terminal (prompts, colour) rather than a script.
    var isInteractive: Bool { get }
    /// Tab completion: given the whole line, where the current word starts and the word, the candidates.
    var completer: ((_ line: String, _ wordStart: Int, _ word: String) -> [String])? { get set }
}

/// Piped input: no prompts, no escape codes; each line as read.
public final class StdinReader: LineReader {
    public var completer: ((String, Int, String) -> [String])?
    public init() {}
    public var isInteractive: Bool { false }
    public func readLine(prompt: String) -> LineInput {
        guard let line = Swift.readLine(strippingNewline: true) else { return .endOfInput }
        return .line(line.hasSuffix("\r") ? String(line.dropLast()) : line)
    }
    public func addHistory(_ line: String) {}
}

/// For tests: feeds the given inputs in order, then the end of input; records the prompts it was shown.
public final class ScriptedReader: LineReader {
    public var completer: ((String, Int, String) -> [String])?
    public private(set) var prompts: [String] = []
    public private(set) var history: [String] = []
    private var inputs: [LineInput]
    public let isInteractive: Bool
    public init(_ lines: [String], interactive: Bool = false) {
        inputs = lines.map { .line($0) }
        isInteractive = interactive
    }
    public init(inputs: [LineInput], interactive: Bool = false) {
        self.inputs = inputs
        isInteractive = interactive
    }
    public func readLine(prompt: String) -> LineInput {
        prompts.append(prompt)
        return inputs.isEmpty ? .endOfInput : inputs.removeFirst()
    }
    public func addHistory(_ line: String) { history.append(line) }
}
