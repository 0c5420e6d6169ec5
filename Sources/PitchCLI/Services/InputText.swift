import Foundation

/// Reads a draft from a file or stdin and refuses what is not a text a person wrote:
/// missing, a folder, too big, empty, binary, or not UTF-8. A BOM is dropped; CRLF is kept.
public enum InputText {
    /// Texts over this are refused rather than eating memory.
    public static let sizeLimit = 10 * 1024 * 1024

    /// `path` "-" means stdin. Errors name the file (or `<stdin>`) and, where it helps, line:column.
    public static func read(path: String) throws -> String {
        let name = path == "-" ? "<stdin>" : path
        let bytes =
            path == "-" ? try readStdin(limit: sizeLimit) : try readFile(path, limit: sizeLimit, what: "text file")
        return try decode(bytes, name: name)
    }

    /// Up to `limit + 1` bytes of a file (one more than the limit, so the caller can tell "too big"), with an
    /// error in words for each way opening can fail: `what` names what the file should have been. Only a regular
    /// file is read: a FIFO, a device or a socket is refused at once (opened without blocking, never read).
    static func readFile(_ path: String, limit: Int, what: String) throws -> [UInt8] {
        guard !path.isEmpty else { throw CLIError("an empty file name: give the path of a \(what)") }
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)
        guard fd >= 0 else {
            throw CLIError("\(path.visibleControls(singleLine: true)): \(openFailure(errno, what: what))")
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            throw CLIError("\(path): cannot be read: \(String(cString: strerror(errno)))")
        }
        if let kind = notRegular(info.st_mode) {
            throw CLIError("\(path.visibleControls(singleLine: true)): \(kind), not a \(what)")
        }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        return try readAll(fd, limit: limit, name: path)
    }

    /// What a file that is not a regular one is, in words; nil for a regular file.
    static func notRegular(_ mode: mode_t) -> String? {
        switch mode & S_IFMT {
        case S_IFREG: return nil
        case S_IFDIR: return "is a directory"
        case S_IFIFO: return "is a named pipe (FIFO)"
        case S_IFCHR, S_IFBLK: return "is a device"
        case S_IFSOCK: return "is a socket"
        default: return "is not a regular file"
        }
    }

    /// Up to `limit + 1` bytes from a descriptor: never more, however much the other end sends.
    static func readAll(_ fd: Int32, limit: Int, name: String) throws -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while bytes.count <= limit {
            let wanted = min(chunk.count, limit + 1 - bytes.count)
            let got = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, wanted) }
            if got < 0 && errno == EINTR { continue }
            if got < 0 {
                throw CLIError(
                    "\(name.visibleControls(singleLine: true)): cannot be read: \(String(cString: strerror(errno)))")
            }
            if got == 0 { break }
            bytes += chunk[0..<got]
        }
        return bytes
    }

    /// Standard input, up to `limit + 1` bytes; a closed one (`<&-`) is not an empty text: it says which it is.
    static func readStdin(limit: Int, name: String = "<stdin>") throws -> [UInt8] {
        guard fcntl(STDIN_FILENO, F_GETFD) != -1 else {
            throw CLIError("\(name): standard input is closed; nothing to read")
        }
        return try readAll(STDIN_FILENO, limit: limit, name: name)
    }

    /// Why `open` failed, in words rather than an errno number.
    static func openFailure(_ code: Int32, what: String) -> String {
        switch code {
        case ENOENT: return "no such file"
        case ENOTDIR: return "no such file (a part of the path is not a folder)"
        case ELOOP: return "a symbolic link that leads back to itself (a loop), not a \(what)"
        case EACCES, EPERM: return "cannot be read: permission denied"
        case ENAMETOOLONG: return "the file name is too long"
        default: return "cannot be opened: \(String(cString: strerror(code)))"
        }
    }

    /// Validates and decodes; pure, so tests can feed bytes directly.
    public static func decode(_ input: [UInt8], name: String) throws -> String {
        if input.count > sizeLimit {
            throw CLIError("\(name): larger than the \(sizeLimit / 1024 / 1024) MB limit for a draft")
        }
        var bytes = input[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        try requireUTF8(bytes, name: name)
        try requireNoControlBytes(bytes, name: name)
        let text = String(decoding: bytes, as: UTF8.self)
        if text.unicodeScalars.allSatisfy(isBlank) {
            throw CLIError("\(name): \(bytes.isEmpty ? "empty" : "only whitespace") — nothing to score")
        }
        return text
    }

    /// Refuses the control bytes no text a person wrote holds (tab, line ends and form feed are fine),
    /// naming the line and column of the first.
    /// A one-line value typed as an argument (a title, a note): refused when it holds a control character,
    /// which would split a listing line or reach the terminal as an escape sequence.
    static func requireNoControls(_ value: String, what: String) throws {
        guard let bad = value.unicodeScalars.first(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) })
        else { return }
        throw CLIError(
            "\(what) holds a control character (\(String(bad).visibleControls(singleLine: true))); "
                + "give it as plain text on one line")
    }

    static func requireNoControlBytes(_ bytes: ArraySlice<UInt8>, name: String) throws {
        guard
            let bad = bytes.firstIndex(where: {
                $0 == 0 || $0 == 0x7F || ($0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D && $0 != 0x0C)
            })
        else { return }
        let (line, column) = position(of: bad, in: bytes)
        throw CLIError(
            "\(name):\(line):\(column): binary data (control byte 0x\(String(format: "%02X", bytes[bad]))), not a text")
    }

    /// Whitespace, and the invisible characters that show nothing (zero-width space and joiners, word joiner,
    /// a BOM inside the text): a draft of only these is as empty as one of spaces.
    static func isBlank(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isWhitespace || [0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x180E].contains(scalar.value)
    }

    /// Index of the first byte that starts an invalid UTF-8 sequence, or nil.
    /// Refuses bytes that are not UTF-8, naming the line and column of the first bad byte.
    static func requireUTF8(_ bytes: ArraySlice<UInt8>, name: String) throws {
        guard let bad = firstInvalidUTF8(bytes) else { return }
        let (line, column) = position(of: bad, in: bytes)
        throw CLIError(
            "\(name):\(line):\(column): not UTF-8 text (byte 0x\(String(bytes[bad], radix: 16, uppercase: true)))")
    }

    static func firstInvalidUTF8(_ bytes: ArraySlice<UInt8>) -> Int? {
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let b = bytes[i]
            let length: Int
            switch b {
            case 0x00...0x7F:
                i += 1
                continue
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: return i
            }
            guard i + length <= bytes.endIndex else { return i }
            for k in 1..<length where bytes[i + k] & 0xC0 != 0x80 { return i }
            let b1 = bytes[i + 1]
            if (b == 0xE0 && b1 < 0xA0) || (b == 0xED && b1 > 0x9F) || (b == 0xF0 && b1 < 0x90)
                || (b == 0xF4 && b1 > 0x8F)
            {
                return i
            }
            i += length
        }
        return nil
    }

    /// 1-based line and character column of a byte offset (continuation bytes are not counted).
    static func position(of offset: Int, in bytes: ArraySlice<UInt8>) -> (Int, Int) {
        var line = 1
        var column = 1
        var i = bytes.startIndex
        while i < offset {
            let b = bytes[i]
            if b == 0x0A {
                line += 1
                column = 1
            } else if b & 0xC0 != 0x80 {
                column += 1
            }
            i += 1
        }
        return (line, column)
    }
}
