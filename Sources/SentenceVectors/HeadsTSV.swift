#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif

/// How the heads' TSV files are read: lines of tab-separated fields, `#` lines comments, weights a field of space-
/// separated numbers. Read from the bytes: splitting the text as characters (grapheme by grapheme) and reading
/// each number as a `Float` took 7% of a page's whole-process time, for 10,000 numbers.
enum HeadsTSV {
    /// The fields of every line that is neither empty nor a comment.
    static func lines(_ tsv: String) -> [[Substring]] {
        tsv.utf8.split(separator: UInt8(ascii: "\n")).compactMap { whole in
            // A line ending in CRLF (the file edited on Windows) keeps no carriage return on its last field.
            let line = whole.last == UInt8(ascii: "\r") ? whole.dropLast() : whole
            guard !line.isEmpty, line.first != UInt8(ascii: "#") else { return nil }
            return line.split(separator: UInt8(ascii: "\t"), omittingEmptySubsequences: false).map { Substring($0) }
        }
    }

    /// The numbers of `field`, read with `strtof`; stops at the first thing that is not a number. (The process
    /// never sets a numeric locale, so the decimal point is ".", as `Float(_:)` reads it.)
    static func floats(_ field: Substring) -> [Float] {
        var bytes = Array(field.utf8)
        bytes.append(0)
        return bytes.withUnsafeMutableBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { text in
                var values: [Float] = []
                values.reserveCapacity(text.count / 8)
                var at = text.baseAddress!
                var end: UnsafeMutablePointer<CChar>? = at
                while true {
                    let value = strtof(at, &end)
                    guard let next = end, next != at else { break }
                    values.append(value)
                    at = next
                }
                return values
            }
        }
    }
}
