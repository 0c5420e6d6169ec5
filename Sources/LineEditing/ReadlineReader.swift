@preconcurrency import CReadline
import Foundation

/// The state C callbacks read: readline calls plain C functions, which cannot capture Swift context.
/// One small type, used from the main thread only.
enum ReadlineState {
    nonisolated(unsafe) static var completedLine: String?
    nonisolated(unsafe) static var lineDone = false
    nonisolated(unsafe) static var gotEOF = false
    nonisolated(unsafe) static var interrupted: sig_atomic_t = 0
    nonisolated(unsafe) static var completer: ((String, Int, String) -> [String])?
    nonisolated(unsafe) static var candidates: [String] = []
    nonisolated(unsafe) static var candidateIndex = 0
}

private func lineHandler(_ line: UnsafeMutablePointer<CChar>?) {
    if let line {
        ReadlineState.completedLine = String(cString: line)
        free(line)
    } else {
        ReadlineState.gotEOF = true
    }
    ReadlineState.lineDone = true
    // Keep readline from printing the prompt again before we are ready.
    rl_callback_handler_remove()
}

private func completionGenerator(_ text: UnsafePointer<CChar>?, _ state: Int32) -> UnsafeMutablePointer<CChar>? {
    if state == 0 { ReadlineState.candidateIndex = 0 }
    guard ReadlineState.candidateIndex < ReadlineState.candidates.count else { return nil }
    defer { ReadlineState.candidateIndex += 1 }
    return strdup(ReadlineState.candidates[ReadlineState.candidateIndex])
}

private func attemptedCompletion(_ text: UnsafePointer<CChar>?, _ start: Int32, _ end: Int32) -> UnsafeMutablePointer<
    UnsafeMutablePointer<CChar>?
>? {
    rl_attempted_completion_over = 1 // no fallback to file names
    let line = rl_line_buffer.map { String(cString: $0) } ?? ""
    let word = text.map { String(cString: $0) } ?? ""
    ReadlineState.candidates = ReadlineState.completer?(line, Int(start), word).filter { $0.hasPrefix(word) } ?? []
    return rl_completion_matches(text, completionGenerator)
}

private func onInterrupt(_ signal: Int32) {
    ReadlineState.interrupted = 1
}

/// GNU readline: emacs/vi keys and ~/.inputrc as every readline tool, persistent history appended
/// entry by entry (so a kill loses nothing), Tab completion, Ctrl-C cancelling the line.
public final class ReadlineReader: LineReader {
    public var isInteractive: Bool { true }
    public var completer: ((String, Int, String) -> [String])? {
        get { ReadlineState.completer }
        set { ReadlineState.completer = newValue }
    }
    let historyPath: String?
    let historyLimit: Int32
    /// Lines of a paste not yet handed out. Readline's bracketed paste delivers a pasted text as one line
    /// with its line breaks inside; the REPL reads lines, so a paste is handed out a line at a time, and a
    /// paragraph break or a '.' in it means what it would have meant typed.
    var pastedLines: [String] = []

    public init(historyPath: String?, historyLimit: Int32 = 1000, name: String = "pitchcoach") {
        self.historyPath = historyPath
        self.historyLimit = historyLimit
        rl_readline_name = UnsafePointer(strdup(name))
        rl_catch_signals = 0
        rl_attempted_completion_function = attemptedCompletion
        using_history()
        if let historyPath {
            let folder = (historyPath as NSString).deletingLastPathComponent
            // The history is private, and so is its folder (0700), whoever makes it first.
            try? FileManager.default.createDirectory(
                atPath: folder, withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700])
            if !FileManager.default.fileExists(atPath: historyPath) {
                FileManager.default.createFile(
                    atPath: historyPath, contents: nil, attributes: [.posixPermissions: 0o600])
            }
            read_history(historyPath)
        }
        // Ctrl-C interrupts the wait for input instead of killing the process.
        var action = sigaction()
        action.__sigaction_handler.sa_handler = onInterrupt
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0 // no SA_RESTART: poll() returns EINTR
        sigaction(SIGINT, &action, nil)
    }

    public func readLine(prompt: String) -> LineInput {
        if !pastedLines.isEmpty { return .line(pastedLines.removeFirst()) }
        ReadlineState.lineDone = false
        ReadlineState.gotEOF = false
        ReadlineState.completedLine = nil
        ReadlineState.interrupted = 0
        // readline 8.2 prints an extra newline on every later prompt once it has seen an EOF; start clean.
        rl_eof_found = 0
        rl_callback_handler_install(prompt, lineHandler)
        while !ReadlineState.lineDone {
            var descriptor = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, -1)
            if ReadlineState.interrupted != 0 {
                ReadlineState.interrupted = 0
                // Mark the abandoned line the way a shell does, before readline leaves its terminal mode:
                // leaving bracketed-paste mode returns the cursor to column 0, where "^C" would overwrite the prompt.
                rl_point = rl_end
                rl_redisplay()
                fputs("^C\n", rl_outstream ?? stdout)
                fflush(rl_outstream ?? stdout)
                rl_free_line_state()
                rl_callback_sigcleanup()
                rl_replace_line("", 0)
                rl_callback_handler_remove()
                return .interrupted
            }
            if ready > 0 {
                rl_callback_read_char()
            } else if ready < 0 && errno == EINTR {
                rl_check_signals()
            } // a resized window redraws now, not at the next key
            else if ready < 0 {
                rl_callback_handler_remove()
                return .endOfInput
            }
        }
        // On EOF readline 8.2 itself ends the line when it leaves its terminal mode.
        if ReadlineState.gotEOF { return .endOfInput }
        var lines = Self.lines(ofPaste: ReadlineState.completedLine ?? "")
        let first = lines.removeFirst()
        pastedLines = lines
        return .line(first)
    }

    /// A line as readline gave it, split at the line breaks a paste carries ("\r\n", "\r" or "\n").
    static func lines(ofPaste line: String) -> [String] {
        guard line.unicodeScalars.contains(where: { $0 == "\n" || $0 == "\r" }) else { return [line] }
        let unified = line.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        return unified.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    /// Appends to the history file at once: a crash or kill keeps every entry typed so far.
    public func addHistory(_ line: String) {
        guard !line.trimmingCharacters(in: .whitespaces).isEmpty else { return }
        // Like HISTCONTROL=ignoredups: repeating a command does not push older ones out of reach.
        if history_length > 0, let last = history_get(history_base + history_length - 1)?.pointee.line,
            String(cString: last) == line
        {
            return
        }
        add_history(line)
        if let historyPath {
            append_history(1, historyPath)
            history_truncate_file(historyPath, historyLimit)
        }
    }
}
