import Foundation

public enum MessageID {
    /// `<time.random@domain>`: unique without asking anyone.
    public static func make(domain: String) -> String {
        let random = (0..<8).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
        let millis = UInt64(Date().timeIntervalSince1970 * 1000)
        let host = domain.isEmpty || !MailAddress.isValidSpec("x@\(domain)") ? "pitchcoach.local" : domain
        return "<\(millis).\(random)@\(host)>"
    }
}

/// An RFC 5322 / MIME message: UTF-8 text as quoted-printable, 7-bit on the wire, CRLF line ends.
public struct OutgoingMessage: Sendable {
    public var from: MailAddress
    public var to: [MailAddress]
    public var cc: [MailAddress]
    public var subject: String
    public var date: Date
    public var messageID: String
    public var inReplyTo: String?
    public var references: [String]
    public var plainBody: String
    /// When set, the message is multipart/alternative with this HTML beside the plain text.
    public var htmlBody: String?
    public var extraHeaders: [(name: String, value: String)]

    public init(
        from: MailAddress, to: [MailAddress], cc: [MailAddress] = [], subject: String, date: Date = Date(),
        messageID: String, inReplyTo: String? = nil, references: [String] = [], plainBody: String,
        htmlBody: String? = nil, extraHeaders: [(name: String, value: String)] = []
    ) {
        self.from = from
        self.to = to
        self.cc = cc
        self.subject = subject
        self.date = date
        self.messageID = messageID
        self.inReplyTo = inReplyTo
        self.references = references
        self.plainBody = plainBody
        self.htmlBody = htmlBody
        self.extraHeaders = extraHeaders
    }

    static func rfc5322Date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone.current
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        return formatter.string(from: date)
    }

    public func render() -> String {
        var out = ""
        out += Header.line("From", from.headerValue)
        out += addressLine("To", to)
        if !cc.isEmpty { out += addressLine("Cc", cc) }
        out += Header.line("Subject", subject)
        out += Header.line("Date", Self.rfc5322Date(date))
        out += Header.line("Message-ID", messageID)
        if let inReplyTo { out += Header.line("In-Reply-To", inReplyTo) }
        if !references.isEmpty { out += Header.line("References", references.joined(separator: " ")) }
        out += "MIME-Version: 1.0\r\n"
        for header in extraHeaders {
            let name = header.name.filter { $0.isLetter || $0.isNumber || $0 == "-" }
            guard !name.isEmpty else { continue }
            out += Header.line(name, header.value)
        }
        if let htmlBody {
            let boundary = "=_pitchcoach_\(UUID().uuidString)"
            out += "Content-Type: multipart/alternative; boundary=\"\(boundary)\"\r\n\r\n"
            out += "This is a MIME message: its text part is readable in any mail client.\r\n"
            out += "--\(boundary)\r\n" + part("text/plain", plainBody)
            out += "--\(boundary)\r\n" + part("text/html", htmlBody)
            out += "--\(boundary)--\r\n"
        } else {
            out += part("text/plain", plainBody)
        }
        return out
    }

    /// Folded at the spaces inside each address too: a long display name must not make a line over 998 octets.
    private func addressLine(_ name: String, _ addresses: [MailAddress]) -> String {
        Header.line(name, addresses.map(\.headerValue).joined(separator: ", "))
    }

    private func part(_ type: String, _ body: String) -> String {
        "Content-Type: \(type); charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
            + QuotedPrintable.encode(body) + "\r\n"
    }
}

public enum QuotedPrintable {
    /// RFC 2045: lines of at most 76 characters, soft breaks with "=", CRLF for every line break of the text.
    public static func encode(_ text: String) -> String {
        var lines: [String] = []
        let normalized = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        for rawLine in normalized.split(separator: "\n", omittingEmptySubsequences: false) {
            var encoded = ""
            var length = 0
            let bytes = Array(rawLine.utf8)
            for (i, byte) in bytes.enumerated() {
                let isLast = i == bytes.count - 1
                var piece: String
                if (byte == 0x20 || byte == 0x09) && !isLast {
                    piece = String(UnicodeScalar(byte))
                } else if byte >= 33 && byte <= 126 && byte != 0x3D {
                    piece = String(UnicodeScalar(byte))
                } else {
                    piece = String(format: "=%02X", byte)
                }
                // Keep a multi-byte character's =XX triplets on one line.
                if length + piece.count > 75 {
                    encoded += "=\r\n"
                    length = 0
                }
                encoded += piece
                length += piece.count
            }
            lines.append(encoded)
        }
        return lines.joined(separator: "\r\n")
    }

    public static func decode(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        let bytes = Array(text.utf8)
        var i = 0
        func hex(_ b: UInt8) -> UInt8? {
            switch b {
            case 48...57: return b - 48
            case 65...70: return b - 55
            case 97...102: return b - 87
            default: return nil
            }
        }
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x3D {
                if i + 1 < bytes.count && bytes[i + 1] == 0x0A {
                    i += 2
                    continue
                }
                if i + 2 < bytes.count && bytes[i + 1] == 0x0D && bytes[i + 2] == 0x0A {
                    i += 3
                    continue
                }
                if i + 2 < bytes.count, let h = hex(bytes[i + 1]), let l = hex(bytes[i + 2]) {
                    out.append(h << 4 | l)
                    i += 3
                    continue
                }
            }
            out.append(b)
            i += 1
        }
        return out
    }
}
