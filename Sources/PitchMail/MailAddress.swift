import Foundation

/// A one-line reason something about a message or an address is wrong.
public struct MailError: Error, CustomStringConvertible, Equatable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// `Name <local@domain>` or `local@domain`, validated; renders itself as a 7-bit header value.
public struct MailAddress: Equatable, Sendable {
    public var displayName: String?
    public var address: String

    public init(displayName: String?, address: String) {
        self.displayName = displayName
        self.address = address
    }

    static let atext = CharacterSet(
        charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+/=?^_`{|}~-.")
    static let domainText = CharacterSet(
        charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-")

    public static func parse(_ input: String) throws -> MailAddress {
        let text = input.trimmingCharacters(in: .whitespaces)
        guard !text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw MailError(
                "'\(input.debugDescription)': control characters (line breaks) are not allowed in an address")
        }
        var name: String?
        var spec = text
        if text.hasSuffix(">"), let open = text.lastIndex(of: "<") {
            spec = String(text[text.index(after: open)..<text.index(before: text.endIndex)])
            var display = text[..<open].trimmingCharacters(in: .whitespaces)
            if display.hasPrefix("\""), display.hasSuffix("\""), display.count >= 2 {
                display = String(display.dropFirst().dropLast()).replacingOccurrences(of: "\\\"", with: "\"")
                    .replacingOccurrences(of: "\\\\", with: "\\")
            }
            name = display.isEmpty ? nil : display
        }
        guard isValidSpec(spec) else {
            throw MailError("'\(input)' is not an email address (expected name@example.com)")
        }
        return MailAddress(displayName: name, address: spec)
    }

    static func parseList(_ input: String) throws -> [MailAddress] {
        var parts: [String] = []
        var current = ""
        var quoted = false
        var angle = false
        for c in input {
            if c == "\"" { quoted.toggle() }
            if c == "<" { angle = true } else if c == ">" { angle = false }
            if c == "," && !quoted && !angle {
                parts.append(current)
                current = ""
            } else {
                current.append(c)
            }
        }
        parts.append(current)
        return try parts.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }.map(parse)
    }

    static func isValidSpec(_ spec: String) -> Bool {
        let pieces = spec.split(separator: "@", omittingEmptySubsequences: false)
        guard pieces.count == 2 else { return false }
        let local = String(pieces[0])
        let domain = String(pieces[1])
        guard (1...64).contains(local.count), local.unicodeScalars.allSatisfy(atext.contains),
            !local.hasPrefix("."), !local.hasSuffix("."), !local.contains("..")
        else { return false }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, domain.count <= 253 else { return false }
        return labels.allSatisfy { label in
            (1...63).contains(label.count) && label.unicodeScalars.allSatisfy(domainText.contains)
                && !label.hasPrefix("-") && !label.hasSuffix("-")
        }
    }

    /// For people: `Märk Mentor <mark@example.com>`.
    public var formatted: String {
        displayName.map { "\($0) <\(address)>" } ?? address
    }

    /// For the wire: 7-bit, the display name quoted or RFC 2047-encoded as needed.
    public var headerValue: String {
        guard let name = displayName else { return address }
        let cleaned = Header.singleLine(name)
        if cleaned.unicodeScalars.allSatisfy({ $0.isASCII }) {
            let specials = CharacterSet(charactersIn: "()<>[]:;@\\,.\"")
            if cleaned.unicodeScalars.contains(where: specials.contains) {
                // A quoted string: its backslashes and quotes escaped with a backslash (RFC 5322 quoted-pair).
                let quoted = cleaned.replacingOccurrences(of: "\\", with: "\\\\")
                    .replacingOccurrences(of: "\"", with: "\\\"")
                return "\"\(quoted)\" <\(address)>"
            }
            return "\(cleaned) <\(address)>"
        }
        return Header.encodedWords(cleaned).joined(separator: " ") + " <\(address)>"
    }
}

/// Header-value helpers: one line only, RFC 2047 encoded words, folding.
enum Header {
    /// CR, LF and other controls become spaces: a value can never start a new header line.
    static func singleLine(_ value: String) -> String {
        String(
            String.UnicodeScalarView(value.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : $0 }))
    }

    /// UTF-8 B encoded words of at most 75 characters, never splitting a character, and breaking at a
    /// space where one is near (the space stays at the end of the earlier word). Decoders differ on the
    /// white space between two encoded words — RFC 2047 drops it, Python keeps it in a display name — so
    /// a break inside a word would read as "Gro ßmann" in one of them.
    static func encodedWords(_ text: String) -> [String] {
        var words: [String] = []
        var chunk: [UInt8] = []
        // 75 - len("=?UTF-8?B??=") = 63 base64 chars → 45 bytes.
        let limit = 45
        for piece in text.split(separator: " ", omittingEmptySubsequences: false).enumerated().map({
            $0.offset == 0 ? String($0.element) : " " + $0.element
        }) {
            // Keep each piece's space with the text before it: "Märk " + "Mëntor".
            let bytes = Array(piece.utf8)
            if chunk.count + bytes.count <= limit {
                chunk += bytes
                continue
            }
            if !chunk.isEmpty && bytes.count <= limit {
                var carried = bytes
                if carried.first == 32 && chunk.count < limit {
                    chunk.append(32)
                    carried.removeFirst()
                }
                words.append(encode(chunk))
                chunk = carried
                continue
            }
            // A word longer than one encoded word: break between characters.
            for character in piece {
                let characterBytes = Array(String(character).utf8)
                if chunk.count + characterBytes.count > limit {
                    words.append(encode(chunk))
                    chunk = []
                }
                chunk += characterBytes
            }
        }
        if !chunk.isEmpty { words.append(encode(chunk)) }
        return words
    }

    static func encode(_ bytes: [UInt8]) -> String { "=?UTF-8?B?\(Data(bytes).base64EncodedString())?=" }

    /// `Name: value` folded at spaces to lines of at most 78 characters where possible (never over 998).
    static func line(_ name: String, _ value: String) -> String {
        let clean = singleLine(value)
        let tokens: [String]
        if clean.unicodeScalars.allSatisfy({ $0.isASCII }) {
            tokens = clean.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        } else {
            tokens = encodedWords(clean)
        }
        var out = "\(name):"
        var lineLength = out.count
        for token in tokens {
            if lineLength + 1 + token.count > 78 && lineLength > name.count + 1 {
                out += "\r\n"
                lineLength = 0
            }
            out += " " + token
            lineLength += 1 + token.count
        }
        // A single unbreakable token longer than 998 octets is cut: a header line may never exceed it.
        return out.split(separator: "\r\n", omittingEmptySubsequences: false).map { String($0.prefix(990)) }.joined(
            separator: "\r\n") + "\r\n"
    }
}
