import Foundation

/// Reads a draft from a file or stdin and refuses what is not a text a person wrote:
/// missing, a folder, too big, empty, binary, or not UTF-8. A BOM is dropped; CRLF is kept.
public enum InputText {
    /// Texts over this are refused rather than eating memory.
    public static let sizeLimit = 10 * 1024 * 1024

    /// `path` "-" means stdin. Errors name the file (or `<stdin>`) and, where it helps, line:column.
    public static func read(path: String) throws -> String {
        let name = path == "-" ? "<stdin>" : path
        let bytes: [UInt8]
        if path == "-" {
            bytes = try readStdin(name: name)
        } else {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw CLIError("\(name): no such file")
            }
            if isDirectory.boolValue { throw CLIError("\(name): is a directory, not a text file") }
            guard let handle = FileHandle(forReadingAtPath: path) else {
                throw CLIError("\(name): cannot be read (permission denied?)")
            }
            defer { try? handle.close() }
            let data = (try? handle.read(upToCount: sizeLimit + 1)) ?? Data()
            bytes = [UInt8](data)
        }
        return try decode(bytes, name: name)
    }

    private static func readStdin(name: String) throws -> [UInt8] {
        var bytes: [UInt8] = []
        let handle = FileHandle.standardInput
        while true {
            guard let chunk = try? handle.read(upToCount: 1 << 16), !chunk.isEmpty else { break }
            bytes.append(contentsOf: chunk)
            if bytes.count > sizeLimit { break }
        }
        return bytes
    }

    /// Validates and decodes; pure, so tests can feed bytes directly.
    public static func decode(_ input: [UInt8], name: String) throws -> String {
        if input.count > sizeLimit {
            throw CLIError("\(name): larger than the \(sizeLimit / 1024 / 1024) MB limit for a draft")
        }
        var bytes = input[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        try requireUTF8(bytes, name: name)
        if let nul = bytes.firstIndex(where: { $0 == 0 || ($0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D && $0 != 0x0C) }) {
            let (line, column) = position(of: nul, in: bytes)
            throw CLIError("\(name):\(line):\(column): binary data (control byte 0x\(String(format: "%02X", bytes[nul]))), not a text")
        }
        let text = String(decoding: bytes, as: UTF8.self)
        if text.allSatisfy({ $0.isWhitespace }) {
            throw CLIError("\(name): \(bytes.isEmpty ? "empty" : "only whitespace") — nothing to score")
        }
        return text
    }

    /// Index of the first byte that starts an invalid UTF-8 sequence, or nil.
    /// Refuses bytes that are not UTF-8, naming the line and column of the first bad byte.
    static func requireUTF8(_ bytes: ArraySlice<UInt8>, name: String) throws {
        guard let bad = firstInvalidUTF8(bytes) else { return }
        let (line, column) = position(of: bad, in: bytes)
        throw CLIError("\(name):\(line):\(column): not UTF-8 text (byte 0x\(String(bytes[bad], radix: 16, uppercase: true)))")
    }

    static func firstInvalidUTF8(_ bytes: ArraySlice<UInt8>) -> Int? {
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let b = bytes[i]
            let length: Int
            switch b {
            case 0x00...0x7F: i += 1; continue
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: return i
            }
            guard i + length <= bytes.endIndex else { return i }
            for k in 1..<length where bytes[i + k] & 0xC0 != 0x80 { return i }
            let b1 = bytes[i + 1]
            if (b == 0xE0 && b1 < 0xA0) || (b == 0xED && b1 > 0x9F) || (b == 0xF0 && b1 < 0x90) || (b == 0xF4 && b1 > 0x8F) {
                return i
            }
            i += length
        }
        return nil
    }

    /// 1-based line and character column of a byte offset (continuation bytes are not counted).
    static func position(of offset: Int, in bytes: ArraySlice<UInt8>) -> (Int, Int) {
        var line = 1, column = 1
        var i = bytes.startIndex
        while i < offset {
            let b = bytes[i]
            if b == 0x0A { line += 1; column = 1 } else if b & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        return (line, column)
    }
}
