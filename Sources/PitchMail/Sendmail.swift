import Foundation
import Spawning

/// Hands a message to a sendmail-compatible program: split into words as a shell would,
/// but run without a shell, so nothing in a title or address can become a command.
public enum Sendmail {
    public static func split(_ commandLine: String) throws -> [String] {
        var words: [String] = []
        var current = ""
        var inWord = false
        var quote: Character? = nil
        var escaped = false
        for c in commandLine {
            if escaped {
                current.append(c)
                escaped = false
                inWord = true
                continue
            }
            if let q = quote {
                if c == q { quote = nil } else if c == "\\" && q == "\"" { escaped = true } else { current.append(c) }
                continue
            }
            switch c {
            case "'", "\"":
                quote = c
                inWord = true
            case "\\": escaped = true
            case " ", "\t", "\n":
                if inWord {
                    words.append(current)
                    current = ""
                    inWord = false
                }
            default:
                current.append(c)
                inWord = true
            }
        }
        if quote != nil { throw MailError("unclosed quote in '\(commandLine)'") }
        if escaped { current.append("\\") }
        if inWord { words.append(current) }
        return words
    }

    /// How a mail program ended.
    public struct Outcome: Sendable {
        /// The exit status, or nil when a signal ended it or it timed out.
        public var status: Int32?
        public var signal: Int32?
        public var timedOut = false
        /// The last `stderrLimit` bytes it wrote to standard error.
        public var stderr: String
        public var succeeded: Bool { status == 0 }
        /// "exited 3", "killed by signal 9 (SIGKILL)", "timed out after 60 s (its process group was killed)".
        public func describe(timeout: TimeInterval) -> String {
            if timedOut { return "timed out after \(Int(timeout)) s (its process group was killed)" }
            if let signal { return "killed by signal \(signal) (\(Sendmail.signalName(signal)))" }
            return "exited \(status ?? -1)"
        }
    }

    /// Only the end of a program's error output is kept: a flood of it must not fill memory.
    public static let stderrLimit = 8 * 1024

    /// Runs `command` with the message on its standard input and waits at most `timeout` seconds.
    ///
    /// The program runs in a process group of its own, so a timeout ends it and every child it started.
    /// It is done when it exits: a background child that keeps its stderr open does not hold us. SIGPIPE is
    /// ignored while writing, so a program that exits without reading is reported by its exit status.
    public static func send(_ message: String, command: [String], timeout: TimeInterval = 60) throws -> Outcome {
        guard let program = command.first else { throw MailError("no sendmail command given") }
        guard let path = resolve(program) else {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: program, isDirectory: &isFolder), isFolder.boolValue {
                throw MailError("'\(program)' is a folder, not a program")
            }
            throw MailError("'\(program)' not found on PATH (or not executable)")
        }
        var input: [Int32] = [0, 0]
        var errors: [Int32] = [0, 0]
        guard pipe(&input) == 0, pipe(&errors) == 0 else {
            throw MailError("cannot make a pipe: \(String(cString: strerror(errno)))")
        }
        let previous = signal(SIGPIPE, SIG_IGN)
        defer { signal(SIGPIPE, previous) }
        let child: ChildProcess
        do {
            child = try ChildProcess.spawn(
                path, Array(command.dropFirst()), stdin: .descriptor(input[0]), stdout: .nullDevice,
                stderr: .descriptor(errors[1]), closing: [input[0], input[1], errors[0], errors[1]],
                ownProcessGroup: true, defaultSignals: [SIGPIPE])
        } catch {
            for fd in input + errors { close(fd) }
            throw MailError("cannot run '\(program)': \(error)")
        }
        close(input[0])
        close(errors[1])
        _ = fcntl(input[1], F_SETFL, fcntl(input[1], F_GETFL) | O_NONBLOCK)
        _ = fcntl(errors[0], F_SETFL, fcntl(errors[0], F_GETFL) | O_NONBLOCK)
        let bytes = Array(message.utf8)
        var written = 0
        var writing = true
        var reading = true
        var tail: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let deadline = Date().addingTimeInterval(timeout)
        var termination: ChildProcess.Termination?
        func drain() {
            while reading {
                let n = read(errors[0], &buffer, buffer.count)
                if n > 0 {
                    tail += buffer[..<n]
                    if tail.count > 2 * stderrLimit { tail.removeFirst(tail.count - stderrLimit) }
                } else if n == 0 {
                    reading = false
                } else {
                    break
                }
            }
        }
        while termination == nil && Date() < deadline {
            if writing && written == bytes.count {
                close(input[1])
                writing = false
            }
            var fds = [pollfd(fd: errors[0], events: Int16(POLLIN), revents: 0)]
            if writing { fds.append(pollfd(fd: input[1], events: Int16(POLLOUT), revents: 0)) }
            _ = poll(&fds, nfds_t(fds.count), 50)
            if writing && fds.count > 1 && fds[1].revents != 0 {
                let n = bytes[written...].withUnsafeBytes { write(input[1], $0.baseAddress, $0.count) }
                if n > 0 {
                    written += n
                } else if n < 0 && errno != EAGAIN && errno != EINTR {
                    close(input[1])
                    writing = false
                }
            }
            drain()
            termination = child.ended()
        }
        if writing { close(input[1]) }
        var outcome = Outcome(status: nil, signal: nil, stderr: "")
        if let termination {
            outcome.signal = termination.signal
            outcome.status = termination.signal == nil ? termination.exitStatus : nil
        } else {
            child.stop(group: true, grace: 1)
            outcome.timedOut = true
        }
        drain()
        close(errors[0])
        outcome.stderr = String(decoding: tail.suffix(stderrLimit), as: UTF8.self)
        return outcome
    }

    static func signalName(_ signal: Int32) -> String {
        let names: [Int32: String] = [
            SIGHUP: "SIGHUP", SIGINT: "SIGINT", SIGQUIT: "SIGQUIT", SIGABRT: "SIGABRT",
            SIGKILL: "SIGKILL", SIGSEGV: "SIGSEGV", SIGPIPE: "SIGPIPE", SIGTERM: "SIGTERM",
        ]
        return names[signal] ?? "signal \(signal)"
    }

    static func resolve(_ program: String) -> String? {
        func isProgram(_ path: String) -> Bool {
            var isFolder: ObjCBool = false
            return FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) && !isFolder.boolValue
                && FileManager.default.isExecutableFile(atPath: path)
        }
        if program.contains("/") { return isProgram(program) ? program : nil }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        var folders = path.components(separatedBy: ":").filter { !$0.isEmpty }
        // sendmail usually lives in sbin, which a user's PATH often lacks.
        folders += ["/usr/local/bin", "/usr/bin", "/bin", "/usr/sbin", "/sbin"]
        for folder in folders {
            let candidate = folder + "/" + program
            if isProgram(candidate) { return candidate }
        }
        return nil
    }
}
