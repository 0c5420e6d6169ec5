import Foundation

/// What PitchCoach needs from a received message: who, when, which message it answers, and its text.
public struct ParsedMessage: Sendable {
    public var headers: [(name: String, value: String)]
    public var from: MailAddress?
    public var subject: String
    public var date: Date?
    public var messageID: String?
    public var inReplyTo: [String]
    public var references: [String]
    /// The best text part, decoded: text/plain first, else text/html without tags.
    public var text: String

    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }
}

/// Reads RFC 5322 / MIME: folded headers, RFC 2047 words, nested multiparts, quoted-printable,
/// base64 and the usual charsets. Never crashes on a malformed message; refuses what has no headers.
public enum MailParser {
    public static func parse(_ data: Data) throws -> ParsedMessage {
        let bytes = [UInt8](data)
        let (headers, body) = splitHeaders(bytes)
        guard !headers.isEmpty else {
            throw MailError("no mail headers found (expected lines like 'From: …' at the top)")
        }
        let value = { (name: String) in headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value }
        let fromText = value("From").map(decodeWords)
        let from =
            fromText.flatMap { try? MailAddress.parse($0) }
            ?? fromText.map { MailAddress(displayName: $0, address: "") }
        let found = try texts(headers: headers, body: body, depth: 0)
        let text = found.plain ?? found.html ?? ""
        return ParsedMessage(
            headers: headers, from: from, subject: value("Subject").map(decodeWords) ?? "",
            date: value("Date").flatMap(parseDate), messageID: value("Message-ID").flatMap { messageIDs($0).first },
            inReplyTo: value("In-Reply-To").map(messageIDs) ?? [],
            references: value("References").map(messageIDs) ?? [],
            text: text)
    }

    /// Where the line starting at `i` ends, and where the next one starts: lines end in CRLF, LF or a lone CR
    /// (an old Mac client's reply), as Python's `email` package reads them.
    static func lineEnd(_ bytes: [UInt8], from i: Int) -> (end: Int, next: Int) {
        var end = i
        while end < bytes.count && bytes[end] != 0x0A && bytes[end] != 0x0D { end += 1 }
        guard end < bytes.count else { return (end, end) }
        return (end, bytes[end] == 0x0D && end + 1 < bytes.count && bytes[end + 1] == 0x0A ? end + 2 : end + 1)
    }

    /// A line that may stand in a header block, as Python's `email` reads one (`headerRE`): a name of printable
    /// characters up to a colon, a folded continuation, or the mbox "From " line.
    static func isHeaderLine(_ line: ArraySlice<UInt8>) -> Bool {
        guard let first = line.first else { return false }
        if first == 0x20 || first == 0x09 || line.starts(with: Array("From ".utf8)) { return true }
        for byte in line {
            if byte == 0x3A { return true }
            guard (0x21...0x7E).contains(byte) else { return false }
        }
        return false
    }

    /// Header lines (unfolded) and the body bytes after the first empty line, or from the first line that is not
    /// a header (a message, or a MIME part, whose headers run straight into its body: Python reads it so).
    static func splitHeaders(_ bytes: [UInt8]) -> ([(name: String, value: String)], [UInt8]) {
        var headers: [(name: String, value: String)] = []
        var i = 0
        var lines: [String] = []
        while i < bytes.count {
            let (end, next) = lineEnd(bytes, from: i)
            let line = bytes[i..<end]
            if line.isEmpty {
                i = next
                break
            }
            guard isHeaderLine(line) else { break }
            i = next
            lines.append(String(decoding: line, as: UTF8.self))
        }
        let body = i < bytes.count ? Array(bytes[i...]) : []
        for line in lines {
            if let first = line.first, first == " " || first == "\t", !headers.isEmpty {
                headers[headers.count - 1].value += " " + line.trimmingCharacters(in: .whitespaces)
            } else if let colon = line.firstIndex(of: ":") {
                let name = String(line[..<colon]).trimmingCharacters(in: .whitespaces)
                guard !name.isEmpty, !name.contains(" ") else { continue }
                headers.append((name, String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)))
            }
        }
        return (headers, body)
    }

    /// `text/plain; charset="utf-8"` → ("text/plain", ["charset": "utf-8"]). As Python's `email` reads it: a type
    /// that is not `main/sub` ("text") is text/plain; `;` inside quotes splits nothing; RFC 2231 parameters
    /// (`boundary*=us-ascii''a%20b`, continuations `name*0=`, `name*1*=`) are put together and decoded.
    static func contentType(_ value: String?) -> (String, [String: String]) {
        guard let value else { return ("text/plain", [:]) }
        var parts: [String] = []
        var current = ""
        var quoted = false
        var escaped = false
        for c in value {
            if escaped {
                current.append(c)
                escaped = false
                continue
            }
            if c == "\\" && quoted {
                escaped = true
                current.append(c)
                continue
            }
            if c == "\"" { quoted.toggle() }
            if c == ";" && !quoted {
                parts.append(current)
                current = ""
                continue
            }
            current.append(c)
        }
        parts.append(current)
        parts = parts.map { $0.trimmingCharacters(in: .whitespaces) }
        var params: [String: String] = [:]
        var pieces: [String: [(index: Int, text: String, encoded: Bool)]] = [:]
        for part in parts.dropFirst() {
            guard let eq = part.firstIndex(of: "=") else { continue }
            var v = String(part[part.index(after: eq)...]).trimmingCharacters(in: .whitespaces)
            if v.hasPrefix("\""), v.hasSuffix("\""), v.count >= 2 {
                v = String(v.dropFirst().dropLast()).replacingOccurrences(of: "\\\"", with: "\"")
            }
            var name = part[..<eq].trimmingCharacters(in: .whitespaces).lowercased()
            let encoded = name.hasSuffix("*")
            if encoded { name.removeLast() }
            if let star = name.lastIndex(of: "*"), let index = Int(name[name.index(after: star)...]) {
                pieces[String(name[..<star]), default: []].append((index, v, encoded))
            } else if encoded {
                pieces[name, default: []].append((0, v, true))
            } else {
                params[name] = v
            }
        }
        for (name, list) in pieces {
            let ordered = list.sorted { $0.index < $1.index }
            var bytes: [UInt8] = []
            var charset = "us-ascii"
            for (k, piece) in ordered.enumerated() {
                var text = Substring(piece.text)
                if piece.encoded && k == 0 {
                    // charset'language'value
                    let fields = text.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
                    if fields.count == 3 {
                        charset = fields[0].isEmpty ? charset : String(fields[0])
                        text = fields[2]
                    }
                }
                bytes += piece.encoded ? percentDecoded(text) : Array(text.utf8)
            }
            params[name] = (try? decodeCharset(bytes, charset: charset)) ?? String(decoding: bytes, as: UTF8.self)
        }
        let type = (parts.first ?? "").lowercased()
        let halves = type.split(separator: "/", omittingEmptySubsequences: false)
        let valid = halves.count == 2 && halves.allSatisfy { !$0.isEmpty && !$0.contains(" ") }
        return (valid ? type : "text/plain", params)
    }

    /// `a%20b` → the bytes of "a b"; a `%` not followed by two hex digits stays as it is.
    static func percentDecoded(_ text: Substring) -> [UInt8] {
        let utf8 = Array(text.utf8)
        var out: [UInt8] = []
        var i = 0
        while i < utf8.count {
            if utf8[i] == 0x25, i + 2 < utf8.count,
                let byte = UInt8(String(decoding: utf8[(i + 1)...(i + 2)], as: UTF8.self), radix: 16)
            {
                out.append(byte)
                i += 3
            } else {
                out.append(utf8[i])
                i += 1
            }
        }
        return out
    }

    /// How deep multiparts may nest; a real reply nests two or three.
    public static let maxDepth = 64

    /// The first plain-text part and the first HTML part, found in one walk of the tree: each part is split
    /// and decoded once, so the time is linear in the message (it was exponential in the nesting). Plain
    /// text anywhere beats HTML.
    static func texts(headers: [(name: String, value: String)], body: [UInt8], depth: Int) throws -> (
        plain: String?, html: String?
    ) {
        guard depth <= maxDepth else {
            throw MailError(
                "the reply's parts are nested more than \(maxDepth) deep; save it again from your mail client")
        }
        let header = { (name: String) in headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value }
        let (type, params) = contentType(header("Content-Type"))
        if type.hasPrefix("multipart/") {
            guard let boundary = params["boundary"], !boundary.isEmpty else {
                throw MailError("a \(type) part has no boundary, so its parts cannot be told apart (malformed MIME)")
            }
            var plain: String?
            var html: String?
            for part in splitMultipart(body, boundary: boundary) {
                let (h, b) = splitHeaders(part)
                let found = try texts(headers: h, body: b, depth: depth + 1)
                if plain == nil, let text = found.plain, !text.isEmpty { plain = text }
                if html == nil, let text = found.html, !text.isEmpty { html = text }
                if plain != nil { break }
            }
            return (plain, html)
        }
        guard type.hasPrefix("text/") else { return (nil, nil) }
        let decoded = try decodeTransfer(body, encoding: header("Content-Transfer-Encoding")?.lowercased() ?? "7bit")
        let text = try decodeCharset(decoded, charset: params["charset"] ?? "us-ascii")
        if let nul = text.unicodeScalars.firstIndex(of: "\0") {
            let offset = text.unicodeScalars.distance(from: text.unicodeScalars.startIndex, to: nul)
            throw MailError(
                """
                the reply holds a NUL byte (character \(offset + 1) of its text); it is not a text, nothing was imported
                """
            )
        }
        if type == "text/html" { return (nil, stripTags(text)) }
        guard type == "text/plain" else { return (nil, nil) }
        // Lines end in "\n" from here on, whatever the client wrote (CRLF, or a lone CR).
        return (text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n"), nil)
    }

    static func splitMultipart(_ body: [UInt8], boundary: String) -> [[UInt8]] {
        let marker = Array("--\(boundary)".utf8)
        var parts: [[UInt8]] = []
        var current: [UInt8] = []
        var inPart = false
        var i = 0
        while i < body.count {
            let (end, next) = lineEnd(body, from: i)
            let line = body[i..<end]
            if line.starts(with: marker) {
                if inPart { parts.append(current) }
                let rest = line.dropFirst(marker.count)
                if rest.starts(with: [0x2D, 0x2D]) { return parts }
                current = []
                inPart = true
            } else if inPart {
                current.append(contentsOf: body[i..<min(next, body.count)])
            }
            i = next
        }
        if inPart { parts.append(current) }
        return parts
    }

    static func decodeTransfer(_ body: [UInt8], encoding: String) throws -> [UInt8] {
        switch encoding {
        case "quoted-printable": return QuotedPrintable.decode(String(decoding: body, as: UTF8.self))
        case "base64":
            let cleaned = String(
                decoding: body.filter { !($0 == 0x0A || $0 == 0x0D || $0 == 0x20 || $0 == 0x09) }, as: UTF8.self)
            guard let data = Data(base64Encoded: cleaned) else {
                throw MailError("a part says it is base64 but is not (a damaged message); nothing was imported")
            }
            return [UInt8](data)
        default: return body
        }
    }

    /// The charsets a reply may name, by their IANA names, as Foundation decodes them.
    static let encodings: [String: String.Encoding] = [
        "utf-8": .utf8, "utf8": .utf8, "us-ascii": .utf8, "ascii": .utf8, "utf-16": .utf16,
        "utf-16le": .utf16LittleEndian,
        "utf-16be": .utf16BigEndian, "utf-32": .utf32, "utf-32le": .utf32LittleEndian, "utf-32be": .utf32BigEndian,
        "iso-8859-2": .isoLatin2, "latin2": .isoLatin2, "windows-1250": .windowsCP1250, "cp1250": .windowsCP1250,
        "windows-1251": .windowsCP1251, "cp1251": .windowsCP1251, "windows-1253": .windowsCP1253,
        "windows-1254": .windowsCP1254, "macintosh": .macOSRoman, "mac": .macOSRoman, "shift_jis": .shiftJIS,
        "iso-2022-jp": .iso2022JP, "euc-jp": .japaneseEUC,
    ]

    static let windows1252: [UInt32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D,
        0x017D, 0x8F,
        0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D,
        0x017E, 0x0178,
    ]

    static func decodeCharset(_ bytes: [UInt8], charset: String) throws -> String {
        switch charset.lowercased().trimmingCharacters(in: .whitespaces) {
        case "iso-8859-1", "latin1", "latin-1", "iso8859-1", "l1":
            return String(String.UnicodeScalarView(bytes.compactMap { UnicodeScalar(UInt32($0)) }))
        case "windows-1252", "cp1252":
            return String(
                String.UnicodeScalarView(
                    bytes.compactMap { b in
                        UnicodeScalar((0x80...0x9F).contains(b) ? windows1252[Int(b) - 0x80] : UInt32(b))
                    }))
        case "utf-8", "utf8", "us-ascii", "ascii", "":
            // A NUL is kept (and refused by the caller), never a place where the text silently ends.
            if let text = String(validating: bytes, as: UTF8.self) { return text }
            return try decodeCharset(bytes, charset: "windows-1252") // the usual mislabelled Outlook reply
        case let name:
            guard let encoding = encodings[name] else {
                throw MailError(
                    "the reply is in the charset '\(charset)', which pitchcoach cannot read; save it as UTF-8")
            }
            guard let text = String(bytes: bytes, encoding: encoding) else {
                throw MailError(
                    "the reply says it is \(charset) but cannot be read as \(charset); nothing was imported")
            }
            return text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        }
    }

    /// The text of an HTML part: block elements become line breaks (so words do not run together), and a
    /// `<blockquote>` — the quoted message a mail client puts in a reply — is left out, as `>` lines are.
    static func stripTags(_ html: String) -> String {
        var out = ""
        var tag = ""
        var inTag = false
        var quoteDepth = 0
        let breaks: Set<String> = [
            "br", "p", "/p", "div", "/div", "li", "tr", "/tr", "h1", "h2", "h3", "/h1", "/h2", "/h3",
        ]
        for c in html {
            if inTag {
                if c == ">" {
                    inTag = false
                    var name = tag.lowercased().split(whereSeparator: { $0.isWhitespace }).first.map(String.init) ?? ""
                    if name.count > 1 && name.hasSuffix("/") { name.removeLast() } // <br/>
                    if name == "blockquote" {
                        quoteDepth += 1
                    } else if name == "/blockquote" {
                        quoteDepth = max(0, quoteDepth - 1)
                    } else if quoteDepth == 0 && breaks.contains(name) {
                        out.append("\n")
                    }
                } else {
                    tag.append(c)
                }
                continue
            }
            if c == "<" {
                inTag = true
                tag = ""
                continue
            }
            if quoteDepth == 0 { out.append(c) }
        }
        return out.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&nbsp;", with: " ")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    /// RFC 2047 encoded words → text; whitespace between two encoded words is dropped.
    static func decodeWords(_ value: String) -> String {
        var out = ""
        var rest = Substring(value)
        var lastWasEncoded = false
        while let start = rest.range(of: "=?") {
            let before = rest[..<start.lowerBound]
            let afterStart = rest[start.upperBound...]
            let pieces = afterStart.split(separator: "?", maxSplits: 3, omittingEmptySubsequences: false)
            guard pieces.count == 4, pieces[3].hasPrefix("="),
                let decoded = decodeWord(
                    charset: String(pieces[0]), encoding: String(pieces[1]), text: String(pieces[2]))
            else {
                out += before + "=?"
                rest = afterStart
                lastWasEncoded = false
                continue
            }
            if !(lastWasEncoded && before.allSatisfy(\.isWhitespace)) { out += before }
            out += decoded
            rest = pieces[3].dropFirst()
            lastWasEncoded = true
        }
        return out + rest
    }

    static func decodeWord(charset: String, encoding: String, text: String) -> String? {
        let bytes: [UInt8]
        switch encoding.uppercased() {
        case "B":
            guard let data = Data(base64Encoded: text, options: .ignoreUnknownCharacters) else { return nil }
            bytes = [UInt8](data)
        case "Q":
            bytes = QuotedPrintable.decode(text.replacingOccurrences(of: "_", with: " "))
        default: return nil
        }
        return try? decodeCharset(bytes, charset: charset.split(separator: "*").first.map(String.init) ?? charset)
    }

    /// Every `<…>` in a header, brackets kept.
    static func messageIDs(_ value: String) -> [String] {
        var ids: [String] = []
        var rest = Substring(value)
        while let open = rest.firstIndex(of: "<"), let close = rest[open...].firstIndex(of: ">") {
            ids.append(String(rest[open...close]))
            rest = rest[rest.index(after: close)...]
        }
        if ids.isEmpty { ids = value.split(separator: " ").map { "<\($0)>" } }
        return ids
    }

    static func parseDate(_ value: String) -> Date? {
        var text = value
        if let comment = text.firstIndex(of: "(") { text = String(text[..<comment]) }
        text = text.trimmingCharacters(in: .whitespaces)
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        for format in [
            "EEE, d MMM yyyy HH:mm:ss Z", "d MMM yyyy HH:mm:ss Z", "EEE, d MMM yyyy HH:mm Z",
            "EEE, d MMM yy HH:mm:ss Z",
        ] {
            formatter.dateFormat = format
            if let date = formatter.date(from: text) { return date }
        }
        return nil
    }
}

public enum ReplyText {
    /// The mentor's own words: quoted lines, the "On … wrote:" line, forwarded originals and the signature go.
    public static func mentorWords(_ body: String) -> String {
        var kept: [String] = []
        let lines = body.replacingOccurrences(of: "\r\n", with: "\n").split(
            separator: "\n", omittingEmptySubsequences: false
        ).map(String.init)
        for (i, line) in lines.enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed == "--" || line == "-- " || trimmed.hasPrefix("-----Original Message-----")
                || trimmed.hasPrefix("________________________________")
            {
                break
            }
            if trimmed.hasPrefix(">") { continue }
            if trimmed.hasSuffix("wrote:") && (trimmed.hasPrefix("On ") || trimmed == "wrote:" || trimmed.contains("@"))
            {
                if trimmed == "wrote:", let last = kept.last, last.trimmingCharacters(in: .whitespaces).hasPrefix("On ")
                {
                    kept.removeLast()
                }
                continue
            }
            if trimmed.hasPrefix("On "), i + 1 < lines.count,
                lines[i + 1].trimmingCharacters(in: .whitespaces) == "wrote:"
            {
                continue
            }
            kept.append(line)
        }
        var text = kept.joined(separator: "\n")
        while text.contains("\n\n\n") { text = text.replacingOccurrences(of: "\n\n\n", with: "\n\n") }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
