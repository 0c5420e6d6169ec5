import Foundation

/// Hands a message to a sendmail-compatible program: split into words as a shell would,
/// but run without a shell, so nothing in a title or address can become a command.
public enum Sendmail {
    public static func split(_ commandLine: String) throws -> [String] {
        var words: [String] = [], current = "", inWord = false
        var quote: Character? = nil
        var escaped = false
        for c in commandLine {
            if escaped { current.append(c); escaped = false; inWord = true; continue }
            if let q = quote {
                if c == q { quote = nil } else if c == "\\" && q == "\"" { escaped = true } else { current.append(c) }
                continue
            }
            switch c {
            case "'", "\"": quote = c; inWord = true
            case "\\": escaped = true
            case " ", "\t", "\n":
                if inWord { words.append(current); current = ""; inWord = false }
            default: current.append(c); inWord = true
            }
        }
        if quote != nil { throw MailError("unclosed quote in '\(commandLine)'") }
        if escaped { current.append("\\") }
        if inWord { words.append(current) }
        return words
    }

    /// Runs `command` with the message on stdin; waits up to `timeout` seconds.
    public static func send(_ message: String, command: [String], timeout: TimeInterval = 60) throws -> (status: Int32, stderr: String) {
        guard let program = command.first else { throw MailError("no sendmail command given") }
        guard let path = resolve(program) else { throw MailError("'\(program)' not found on PATH") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = Array(command.dropFirst())
        let input = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        nonisolated(unsafe) var errorData = Data()
        let reader = DispatchGroup()
        reader.enter()
        DispatchQueue.global().async { errorData = errors.fileHandleForReading.readDataToEndOfFile(); reader.leave() }
        try? input.fileHandleForWriting.write(contentsOf: Data(message.utf8))
        try? input.fileHandleForWriting.close()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            throw MailError("'\(program)' did not finish within \(Int(timeout)) s")
        }
        process.waitUntilExit()
        reader.wait()
        return (process.terminationStatus, String(decoding: errorData, as: UTF8.self))
    }

    static func resolve(_ program: String) -> String? {
        if program.contains("/") { return FileManager.default.isExecutableFile(atPath: program) ? program : nil }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        var folders = path.components(separatedBy: ":").filter { !$0.isEmpty }
        // sendmail usually lives in sbin, which a user's PATH often lacks.
        folders += ["/usr/local/bin", "/usr/bin", "/bin", "/usr/sbin", "/sbin"]
        for folder in folders {
            let candidate = folder + "/" + program
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}
