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

extension LineReader {
    /// Why the input ended early (a line over the limit), once it has; nil while it reads well.
    public var failure: String? { (self as? StdinReader)?.overflow }

    /// Where the last line read came from, for an error about it: `<stdin>:LINE` for piped input; nil at a terminal.
    public var placeOfLastLine: String? { (self as? StdinReader).map { "<stdin>:\($0.linesRead)" } }
}

/// Piped input: no prompts, no escape codes; each line as read. A line is read up to `lineLimit` bytes and no
/// further: past it the input ends, and `failure` says why (a 3 GB line must not take 3 GB).
public final class StdinReader: LineReader {
    public var completer: ((String, Int, String) -> [String])?
    public let lineLimit: Int
    public private(set) var overflow: String?
    /// Lines taken so far (every one: commands and the lines a command reads, such as a draft's).
    public private(set) var linesRead = 0
    private var buffer: [UInt8] = []
    private var start = 0
    private var atEnd = false
    private let descriptor: Int32

    public init(lineLimit: Int = 10 * 1024 * 1024, descriptor: Int32 = STDIN_FILENO) {
        self.lineLimit = lineLimit
        self.descriptor = descriptor
    }
    public var isInteractive: Bool { false }
    public func readLine(prompt: String) -> LineInput {
        var searched = start
        while overflow == nil {
            if let newline = buffer[searched...].firstIndex(of: 0x0A) {
                return take(upTo: newline, skipping: 1)
            }
            searched = buffer.count
            if buffer.count - start > lineLimit {
                overflow =
                    "<stdin>: a line longer than \(lineLimit / 1024 / 1024) MB; the rest of the input was not read"
                buffer = []
                start = 0
                return .endOfInput
            }
            if atEnd { return start < buffer.count ? take(upTo: buffer.count, skipping: 0) : .endOfInput }
            fill()
        }
        return .endOfInput
    }

    private func take(upTo end: Int, skipping: Int) -> LineInput {
        var line = String(decoding: buffer[start..<end], as: UTF8.self)
        linesRead += 1
        start = end + skipping
        if start > 1 << 16 {
            buffer.removeSubrange(0..<start)
            start = 0
        }
        if line.hasSuffix("\r") { line.removeLast() } // "\r\n" is one Character: this drops both, as before
        return .line(line)
    }

    private func fill() {
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let got = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if got < 0 && errno == EINTR { continue }
            if got <= 0 {
                atEnd = true
                return
            }
            buffer += chunk[0..<got]
            return
        }
    }
    public func addHistory(_ line: String) {}
}

/// For tests (`@testable import LineEditing`): feeds the given inputs in order, then the end of input; records
/// the prompts it was shown.
final class ScriptedReader: LineReader {
    var completer: ((String, Int, String) -> [String])?
    private(set) var prompts: [String] = []
    private(set) var history: [String] = []
    private var inputs: [LineInput]
    let isInteractive: Bool
    init(_ lines: [String], interactive: Bool = false) {
        inputs = lines.map { .line($0) }
        isInteractive = interactive
    }
    init(inputs: [LineInput], interactive: Bool = false) {
        self.inputs = inputs
        isInteractive = interactive
    }
    func readLine(prompt: String) -> LineInput {
        prompts.append(prompt)
        return inputs.isEmpty ? .endOfInput : inputs.removeFirst()
    }
    func addHistory(_ line: String) { history.append(line) }
}
