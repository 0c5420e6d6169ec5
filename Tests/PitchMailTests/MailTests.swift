import Foundation
import XCTest

@testable import PitchMail

final class MailTests: XCTestCase {
    func message(
        subject: String = "Pitch review: Équipe plateforme — v3, 74/100", body: String = "Bonjour Märk,\nThe draft 🚀\n"
    ) throws -> OutgoingMessage {
        OutgoingMessage(
            from: try MailAddress.parse("Fran Ñúñez <fran@example.com>"),
            to: [try MailAddress.parse("Märk Mentor <mark@example.com>")],
            subject: subject, messageID: MessageID.make(domain: "example.com"), plainBody: body,
            extraHeaders: [(name: "X-Unsent", value: "1")])
    }

    func testAddressesAreValidated() throws {
        XCTAssertEqual(
            try MailAddress.parse("Märk Mentor <mark@example.com>"),
            MailAddress(displayName: "Märk Mentor", address: "mark@example.com"))
        XCTAssertEqual(try MailAddress.parse("\"Doe, Jane\" <j@x.org>").displayName, "Doe, Jane")
        for bad in ["not an address", "a@b", "@example.com", "x@example..com", "mark@example.com\r\nBcc: x@y.z", ""] {
            XCTAssertThrowsError(try MailAddress.parse(bad), bad)
        }
        XCTAssertEqual(try MailAddress.parseList("a@b.com, \"B, C\" <c@d.com>").count, 2)
    }

    func testRenderedMessageIsSevenBitWithShortLines() throws {
        let long = String(repeating: "Ünïcödé word ", count: 20_000) + "\r\n" + String(repeating: "x", count: 5000)
        let raw = try message(body: long).render()
        XCTAssertTrue(raw.utf8.allSatisfy { $0 < 128 })
        XCTAssertTrue(raw.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 998 })
        XCTAssertTrue(raw.contains("X-Unsent: 1\r\n"))
        XCTAssertTrue(raw.contains("Content-Transfer-Encoding: quoted-printable"))
    }

    func testLongDisplayNamesFoldAndBreakBetweenWords() throws {
        let name = String(repeating: "Märk Mëntor van der Überlänge-Straße Großmann-Ängström ", count: 12)
            .trimmingCharacters(in: .whitespaces)
        let to = try MailAddress.parse("\(name) <mark@example.com>")
        let copies = try (0..<5).map { try MailAddress.parse("Ünï \($0) <u\($0)@example.com>") }
        let raw = OutgoingMessage(
            from: try MailAddress.parse("Fran <fran@example.com>"), to: [to], cc: copies, subject: "Pitch review",
            messageID: MessageID.make(domain: "example.com"), plainBody: "Hi"
        ).render()
        let headerLines = raw.components(separatedBy: "\r\n\r\n")[0].components(separatedBy: "\r\n")
        XCTAssertTrue(
            headerLines.allSatisfy { $0.utf8.count <= 78 },
            headerLines.filter { $0.utf8.count > 78 }.joined(separator: "\n"))
        let words = Header.encodedWords(name)
        XCTAssertTrue(words.allSatisfy { $0.count <= 75 })
        // Every word but the last ends at a space of the name: no decoder can join two halves of "Großmann" wrongly.
        let decoded = words.map {
            String(decoding: Data(base64Encoded: String($0.dropFirst(10).dropLast(2)))!, as: UTF8.self)
        }
        XCTAssertEqual(decoded.joined(), name)
        XCTAssertTrue(decoded.dropLast().allSatisfy { $0.hasSuffix(" ") }, decoded.joined(separator: "|"))
        let parsed = try MailParser.parse(Data(raw.utf8))
        XCTAssertEqual(
            try MailAddress.parse(MailParser.decodeWords(try XCTUnwrap(parsed.header("To")))).displayName, name)
    }

    func testHTMLRepliesLoseTheQuotedMessageAndKeepWordsApart() {
        let html =
            "<div>Looks good,<br>tighten the ask.</div><p>Mark</p><blockquote type=\"cite\">On Monday you wrote:<blockquote>older</blockquote> your draft</blockquote><br/>PS call me"
        let text = MailParser.stripTags(html)
        XCTAssertFalse(text.contains("draft") || text.contains("older") || text.contains("wrote"), text)
        XCTAssertTrue(text.contains("Looks good,\ntighten the ask."), text)
        XCTAssertTrue(text.contains("Mark") && text.contains("PS call me"), text)
        XCTAssertFalse(text.contains("ask.Mark"), text)
    }

    func testOwnParserRoundTrips() throws {
        let body = "Line one — “quotes” 🚀\nLine two = equals\n" + String(repeating: "long ", count: 100)
        let original = try message(body: body)
        let parsed = try MailParser.parse(Data(original.render().utf8))
        XCTAssertEqual(parsed.subject, original.subject)
        XCTAssertEqual(parsed.from?.displayName, "Fran Ñúñez")
        XCTAssertEqual(parsed.messageID, original.messageID)
        XCTAssertEqual(parsed.text.trimmingCharacters(in: .newlines), body.trimmingCharacters(in: .newlines))
    }

    func testHeaderInjectionCannotStartAHeader() throws {
        let raw = try message(subject: "Hi\r\nBcc: spy@evil.example").render()
        let headerBlock = raw.components(separatedBy: "\r\n\r\n")[0]
        XCTAssertFalse(headerBlock.components(separatedBy: "\r\n").contains { $0.lowercased().hasPrefix("bcc:") })
    }

    func testParsesMultipartBase64Latin1AndEncodedWords() throws {
        let raw = """
            From: =?ISO-8859-1?Q?Andr=E9?= <andre@example.com>\r
            Subject: =?UTF-8?B?UmU6IMOJcXVpcGU=?= =?UTF-8?B?IHBsYXRlZm9ybWU=?=\r
            In-Reply-To: <abc@example.com>\r
            References: <zzz@example.com> <abc@example.com>\r
            Date: Tue, 24 Nov 2026 10:00:00 +0000\r
            MIME-Version: 1.0\r
            Content-Type: multipart/alternative; boundary="b1"\r
            \r
            --b1\r
            Content-Type: text/plain; charset=iso-8859-1\r
            Content-Transfer-Encoding: base64\r
            \r
            \(Data([0x43, 0x61, 0x66, 0xE9, 0x20, 0x6F, 0x6B]).base64EncodedString())\r
            --b1\r
            Content-Type: text/html; charset=utf-8\r
            \r
            <p>HTML</p>\r
            --b1--\r
            """
        let parsed = try MailParser.parse(Data(raw.utf8))
        XCTAssertEqual(parsed.from?.displayName, "André")
        XCTAssertEqual(parsed.subject, "Re: Équipe plateforme")
        XCTAssertEqual(parsed.inReplyTo, ["<abc@example.com>"])
        XCTAssertEqual(parsed.references.count, 2)
        XCTAssertEqual(parsed.text.trimmingCharacters(in: .whitespacesAndNewlines), "Café ok")
        XCTAssertNotNil(parsed.date)
        XCTAssertThrowsError(try MailParser.parse(Data("just some text without headers".utf8)))
    }

    func testReplyKeepsOnlyTheMentorsWords() {
        let gmail =
            "Good start.\nName the date.\n\nOn Mon, 23 Nov 2026 at 10:00, Fran <fran@example.com> wrote:\n> I want to move\n> quoted\n"
        XCTAssertEqual(ReplyText.mentorWords(gmail), "Good start.\nName the date.")
        let outlook = "Looks fine.\n\n-----Original Message-----\nFrom: Fran\nSubject: pitch\n\nthe draft"
        XCTAssertEqual(ReplyText.mentorWords(outlook), "Looks fine.")
        let signed = "Send it.\n-- \nMark\nSenior Mentor"
        XCTAssertEqual(ReplyText.mentorWords(signed), "Send it.")
    }

    func testSendmailSplitsLikeAShellButRunsNone() throws {
        XCTAssertEqual(try Sendmail.split("sendmail -t -i"), ["sendmail", "-t", "-i"])
        XCTAssertEqual(
            try Sendmail.split("msmtp --from='Fran N' \"a b\" c\\ d"), ["msmtp", "--from=Fran N", "a b", "c d"])
        XCTAssertEqual(try Sendmail.split("x $(touch pwned); rm -rf /"), ["x", "$(touch", "pwned);", "rm", "-rf", "/"])
        XCTAssertThrowsError(try Sendmail.split("x 'unclosed"))
    }

    func testSendHandsTheMessageOnStdinAndReportsFailure() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("sent-\(UUID().uuidString).eml")
        defer { try? FileManager.default.removeItem(at: out) }
        let ok = try Sendmail.send(
            "Subject: hi\r\n\r\nbody\r\n", command: ["/bin/sh", "-c", "cat > \"$1\"", "sh", out.path])
        XCTAssertEqual(ok.status, 0)
        XCTAssertEqual(try String(contentsOf: out, encoding: .utf8), "Subject: hi\r\n\r\nbody\r\n")
        let failed = try Sendmail.send("x", command: ["/bin/sh", "-c", "cat >/dev/null; echo refused >&2; exit 3"])
        XCTAssertEqual(failed.status, 3)
        XCTAssertEqual(failed.stderr, "refused\n")
        XCTAssertThrowsError(try Sendmail.send("x", command: ["no-such-program-here"]))
    }

    /// A hostile mail program: one that never exits (nor do its children), one that floods its stderr, one that
    /// exits without reading, one killed by a signal, and a folder in its place.
    func testHostileMailProgramsEndInBoundedTimeAndMemory() throws {
        let start = Date()
        let hang = try Sendmail.send("x", command: ["/bin/sh", "-c", "sleep 1000 & sleep 1000"], timeout: 2)
        XCTAssertTrue(hang.timedOut)
        XCTAssertLessThan(Date().timeIntervalSince(start), 20, "the timeout did not end the program")
        XCTAssertTrue(hang.describe(timeout: 2).contains("timed out after 2 s"))
        // A background child holding stderr open does not hold the send once the program exits.
        let lingering = Date()
        let early = try Sendmail.send("x", command: ["/bin/sh", "-c", "(sleep 30 >&2 &) ; exit 0"], timeout: 25)
        XCTAssertEqual(early.status, 0)
        XCTAssertLessThan(Date().timeIntervalSince(lingering), 20)
        let flood = try Sendmail.send(
            "x", command: ["/bin/sh", "-c", "head -c 50000000 /dev/zero | tr '\\0' e >&2; echo LAST >&2; exit 4"])
        XCTAssertEqual(flood.status, 4)
        XCTAssertLessThanOrEqual(flood.stderr.utf8.count, Sendmail.stderrLimit)
        XCTAssertTrue(flood.stderr.hasSuffix("LAST\n"))
        let big = String(repeating: "a line of the message\r\n", count: 200_000)
        for _ in 0..<8 {
            let refused = try Sendmail.send(big, command: ["/bin/false"])
            XCTAssertEqual(refused.status, 1, "SIGPIPE or a hang instead of the program's exit")
        }
        let killed = try Sendmail.send("x", command: ["/bin/sh", "-c", "kill -9 $$"])
        XCTAssertEqual(killed.signal, 9)
        XCTAssertEqual(killed.describe(timeout: 60), "killed by signal 9 (SIGKILL)")
        XCTAssertThrowsError(try Sendmail.send("x", command: [FileManager.default.temporaryDirectory.path])) { error in
            XCTAssertTrue("\(error)".contains("is a folder, not a program"), "\(error)")
        }
    }
}
