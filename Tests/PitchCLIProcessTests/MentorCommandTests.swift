import Foundation
import TestSupport
import XCTest

/// export / --send / feedback import through the built binary, checked by Python's email parser.
final class MentorCommandTests: XCTestCase {
    let v1 = "I want to move to the platform team.\n"
    let v2 =
        "I'd like to move to the platform team, where I can cut deploy time by 40%.\nPriya is ready to lead the team; I'll coach her through a six-week handover.\n"

    /// Runs python3 with a script and arguments; returns stdout, fails the test on a non-zero exit.
    func python(_ script: String, _ arguments: [String], file: StaticString = #filePath, line: UInt = #line) throws
        -> String
    {
        let result = try Subprocess.run(tool: "python3", ["-c", script] + arguments)
        XCTAssertFalse(result.timedOut, "python did not finish", file: file, line: line)
        XCTAssertEqual(result.status, 0, "python: \(result.stderr)", file: file, line: line)
        return result.out
    }

    func makeDemo(_ box: Sandbox, title: String = "Équipe plateforme: my move") throws {
        XCTAssertEqual(try box.run(["new", "demo", "--title", title]).status, 0)
        XCTAssertEqual(try box.run(["save", "demo", "-", "-m", "one"], stdin: Data(v1.utf8)).status, 0)
        XCTAssertEqual(try box.run(["save", "demo", "-", "-m", "two"], stdin: Data(v2.utf8)).status, 0)
    }

    func testExportIsAStandardMessageAnIndependentParserReads() throws {
        let box = try Sandbox()
        try makeDemo(box)
        // Mark saw v1; a mentor new to the pitch gets the change from the version before.
        let first = try box.run([
            "export", "demo@1", "--to", "mark@example.com", "--from", "fran@example.com", "--out", "seen.eml",
        ])
        XCTAssertEqual(first.status, 0, first.stderr)
        let other = try box.run([
            "export", "demo@2", "--to", "ann@example.com", "--from", "fran@example.com", "--format", "markdown",
            "--out", "ann.md",
        ])
        XCTAssertEqual(other.status, 0, other.stderr)
        let forAnn = try String(contentsOf: box.root.appendingPathComponent("ann.md"), encoding: .utf8)
        XCTAssertTrue(forAnn.contains("Since v1 (the version before this one; I have not sent you v1)"), forAnn)
        let firstOnly = try box.run([
            "export", "demo@1", "--to", "ann@example.com", "--from", "fran@example.com", "--format", "markdown",
            "--out", "ann1.md",
        ])
        XCTAssertEqual(firstOnly.status, 0, firstOnly.stderr)
        XCTAssertTrue(
            try String(contentsOf: box.root.appendingPathComponent("ann1.md"), encoding: .utf8).contains(
                "This is the first version"))
        let result = try box.run([
            "export", "demo@2", "--to", "Märk Mentor <mark@example.com>", "--from", "Fran Ñúñez <fran@example.com>",
            "--question", "Is the timing right?",
        ])
        XCTAssertEqual(result.status, 0, result.stderr)
        let path = box.root.appendingPathComponent("demo-v2.eml").path
        let raw = try Data(contentsOf: URL(fileURLWithPath: path))
        XCTAssertTrue(raw.allSatisfy { $0 < 128 }, "8-bit bytes on the wire")
        XCTAssertTrue(raw.split(separator: 0x0A).allSatisfy { $0.count <= 998 })
        let report = try python(
            """
            import sys, email, json
            from email import policy
            m = email.message_from_binary_file(open(sys.argv[1], 'rb'), policy=policy.default)
            body = m.get_body(preferencelist=('plain',)).get_content()
            html = m.get_body(preferencelist=('html',))
            print(json.dumps({'subject': str(m['Subject']), 'to': m['To'].addresses[0].display_name, 'addr': m['To'].addresses[0].addr_spec,
              'from': m['From'].addresses[0].display_name, 'unsent': str(m.get('X-Unsent')), 'mid': str(m['Message-ID']),
              'date': str(m['Date']), 'mime': str(m['MIME-Version']), 'body': body, 'html': html is not None,
              'cte': m.get_body(preferencelist=('plain',))['Content-Transfer-Encoding']}))
            """, [path])
        let parsed = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(report.utf8)) as? [String: Any])
        let subject = try XCTUnwrap(parsed["subject"] as? String)
        XCTAssertTrue(subject.hasPrefix("Pitch review: Équipe plateforme: my move — v2, "), subject)
        XCTAssertTrue(subject.hasSuffix("/100"), subject)
        XCTAssertEqual(parsed["to"] as? String, "Märk Mentor")
        XCTAssertEqual(parsed["addr"] as? String, "mark@example.com")
        XCTAssertEqual(parsed["from"] as? String, "Fran Ñúñez")
        XCTAssertEqual(parsed["unsent"] as? String, "1")
        XCTAssertEqual(parsed["mime"] as? String, "1.0")
        XCTAssertEqual(parsed["cte"] as? String, "quoted-printable")
        XCTAssertEqual(parsed["html"] as? Bool, true)
        let body = try XCTUnwrap(parsed["body"] as? String)
        XCTAssertTrue(body.contains("Priya is ready to lead the team; I'll coach her through a six-week handover."))
        XCTAssertTrue(body.contains("Changes since v1 (the last version you saw)"), body)
        // The mentor reads names, not the tool's ids, and an opening that assumes nothing.
        XCTAssertTrue(body.contains("Successor readiness"), body)
        XCTAssertFalse(body.contains("successor-readiness"), body)
        XCTAssertFalse(body.contains("You offered"), body)
        XCTAssertTrue(body.contains("Is the timing right?"))
        // The Message-ID is recorded with the version.
        let log =
            try JSONSerialization.jsonObject(with: try box.run(["log", "demo", "--format", "json"]).stdout)
            as? [String: Any]
        let versions = try XCTUnwrap(log?["versions"] as? [[String: Any]])
        XCTAssertEqual(versions[1]["messageID"] as? String, parsed["mid"] as? String)
    }

    func testHeaderInjectionCannotCreateAHeader() throws {
        let box = try Sandbox()
        // A title cannot carry a line break at all now (it would split listing lines too); the question can
        // and must stay inside its header.
        XCTAssertEqual(try box.run(["new", "evil", "--title", "Hi\r\nBcc: spy@evil.example"]).status, 2)
        XCTAssertEqual(try box.run(["new", "evil", "--title", "Hi Bcc: spy@evil.example"]).status, 0)
        XCTAssertEqual(try box.run(["save", "evil", "-"], stdin: Data(v1.utf8)).status, 0)
        let result = try box.run([
            "export", "evil", "--to", "mark@example.com", "--from", "fran@example.com", "--out", "evil.eml",
            "--question", "Line one\r\nBcc: also@evil.example",
        ])
        XCTAssertEqual(result.status, 0, result.stderr)
        let headers = try python(
            """
            import sys, email
            from email import policy
            m = email.message_from_binary_file(open(sys.argv[1], 'rb'), policy=policy.default)
            print('\\n'.join(k.lower() for k in m.keys()))
            """, [box.root.appendingPathComponent("evil.eml").path])
        XCTAssertFalse(headers.contains("bcc"), headers)
        let injected = try box.run([
            "export", "evil", "--to", "mark@example.com\r\nBcc: spy@evil.example", "--from", "fran@example.com",
            "--out", "x.eml",
        ])
        XCTAssertEqual(injected.status, 2)
    }

    func testAddressesAndSenderAreValidated() throws {
        let box = try Sandbox()
        try makeDemo(box)
        let bad = try box.run([
            "export", "demo", "--to", "not an address", "--from", "fran@example.com", "--out", "x.eml",
        ])
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.contains("not an address"), bad.stderr)
        // No --from, no PITCHCOACH_FROM, and a HOME without git config: asks for --from.
        let noSender = try box.run(
            ["export", "demo", "--to", "mark@example.com", "--out", "y.eml"],
            extra: ["GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": "/dev/null"])
        XCTAssertEqual(noSender.status, 2)
        XCTAssertTrue(noSender.stderr.contains("--from"), noSender.stderr)
        let fromEnv = try box.run(
            ["export", "demo", "--to", "mark@example.com", "--out", "z.eml"],
            extra: ["PITCHCOACH_FROM": "Fran <fran@example.com>"])
        XCTAssertEqual(fromEnv.status, 0, fromEnv.stderr)
        let again = try box.run(
            ["export", "demo", "--to", "mark@example.com", "--out", "z.eml"],
            extra: ["PITCHCOACH_FROM": "fran@example.com"])
        XCTAssertEqual(again.status, 2, "an existing file is never overwritten without --force")
        // Nor a symbolic link that points nowhere.
        let dangling = box.root.appendingPathComponent("dangling.eml").path
        try FileManager.default.createSymbolicLink(
            atPath: dangling, withDestinationPath: box.root.appendingPathComponent("nowhere.eml").path)
        let overLink = try box.run(
            ["export", "demo", "--to", "mark@example.com", "--out", "dangling.eml"],
            extra: ["PITCHCOACH_FROM": "fran@example.com"])
        XCTAssertEqual(overLink.status, 2, overLink.stderr)
        XCTAssertEqual(
            try FileManager.default.destinationOfSymbolicLink(atPath: dangling),
            box.root.appendingPathComponent("nowhere.eml").path)
        XCTAssertEqual(
            try box.run(
                ["export", "demo", "--to", "mark@example.com", "--out", "z.eml", "--force"],
                extra: ["PITCHCOACH_FROM": "fran@example.com"]
            ).status, 0)
        // Without --out, a second export of the same version gets a fresh name instead of overwriting the first.
        for _ in 0..<2 {
            XCTAssertEqual(
                try box.run(
                    ["export", "demo", "--to", "mark@example.com"], extra: ["PITCHCOACH_FROM": "fran@example.com"]
                ).status, 0)
        }
        XCTAssertTrue(FileManager.default.fileExists(atPath: box.root.appendingPathComponent("demo-v2.eml").path))
        XCTAssertTrue(FileManager.default.fileExists(atPath: box.root.appendingPathComponent("demo-v2-2.eml").path))
    }

    func testFailedSendKeepsTheExportAndReportsTheReason() throws {
        let box = try Sandbox()
        try makeDemo(box)
        let script = try box.file(
            "failing-sendmail.sh", "#!/bin/sh\ncat >/dev/null\necho 'relay refused: 550 nope' >&2\nexit 75\n")
        chmod(script, 0o755)
        let result = try box.run(
            ["export", "demo", "--to", "mark@example.com", "--from", "fran@example.com", "--send", "--out", "s.eml"],
            extra: ["PITCHCOACH_SENDMAIL": script])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("75") && result.stderr.contains("relay refused"), result.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: box.root.appendingPathComponent("s.eml").path))
        // log marks the failed send as failed, with its reason, not as exported.
        let log = try box.run(["log", "demo"]).out
        XCTAssertTrue(log.contains("send failed") && log.contains("relay refused: 550 nope"), log)
        XCTAssertFalse(log.contains("exported "), log)
    }

    func testSendPassesTheMessageOnStdinWithoutAShell() throws {
        let box = try Sandbox()
        try makeDemo(box, title: "Move; touch pwned")
        let capture = box.root.appendingPathComponent("captured.eml").path
        let script = try box.file("capture.sh", "#!/bin/sh\ncat > \"$1\"\n")
        chmod(script, 0o755)
        let result = try box.run(
            ["export", "demo", "--to", "mark@example.com", "--from", "fran@example.com", "--send"],
            extra: ["PITCHCOACH_SENDMAIL": "\(script) '\(capture)'"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let sent = try String(contentsOfFile: capture, encoding: .utf8)
        XCTAssertTrue(sent.contains("X-PitchCoach-Version: demo@2"), sent)
        XCTAssertFalse(FileManager.default.fileExists(atPath: box.root.appendingPathComponent("pwned").path))
        let log = try box.run(["log", "demo"]).out
        XCTAssertNotNil(
            log.range(of: #"sent \d{4}-\d\d-\d\d \d\d:\d\d to mark@example.com"#, options: .regularExpression), log)
    }

    func testReplyIsAttachedToTheVersionItAnswers() throws {
        let box = try Sandbox()
        try makeDemo(box)
        XCTAssertEqual(
            try box.run(["export", "demo@1", "--to", "mark@example.com", "--from", "fran@example.com"]).status, 0)
        XCTAssertEqual(
            try box.run(["export", "demo@2", "--to", "mark@example.com", "--from", "fran@example.com"]).status, 0)
        let replyPath = box.root.appendingPathComponent("reply.eml").path
        _ = try python(
            """
            import sys, email
            from email import policy
            from email.message import EmailMessage
            o = email.message_from_binary_file(open(sys.argv[1], 'rb'), policy=policy.default)
            r = EmailMessage(); r['From'] = 'Märk Mentor <mark@example.com>'; r['To'] = 'fran@example.com'
            r['Subject'] = 'Re: ' + str(o['Subject']); r['In-Reply-To'] = o['Message-ID']; r['References'] = o['Message-ID']
            r['Date'] = 'Tue, 24 Nov 2026 10:00:00 +0000'
            r.set_content('Good start — say what the team gains first.\\n\\nOn Mon, Fran wrote:\\n> I want to move\\n> quoted line\\n\\n-- \\nMark\\n', charset='utf-8', cte='base64')
            open(sys.argv[2], 'wb').write(bytes(r))
            """, [box.root.appendingPathComponent("demo-v1.eml").path, replyPath])
        let imported = try box.run(["feedback", "import", "demo", replyPath])
        XCTAssertEqual(imported.status, 0, imported.stderr)
        XCTAssertTrue(imported.out.contains("v1"), imported.out)
        let log =
            try JSONSerialization.jsonObject(with: try box.run(["log", "demo", "--format", "json"]).stdout)
            as? [String: Any]
        let versions = try XCTUnwrap(log?["versions"] as? [[String: Any]])
        let feedback = try XCTUnwrap(versions[0]["feedback"] as? [[String: Any]])
        XCTAssertEqual(feedback.count, 1)
        let text = try XCTUnwrap(feedback[0]["text"] as? String)
        XCTAssertTrue(text.contains("say what the team gains first"))
        XCTAssertFalse(text.contains("quoted line"))
        XCTAssertFalse(text.contains("wrote:"))
        XCTAssertTrue((feedback[0]["from"] as? String ?? "").contains("Märk"))
        XCTAssertEqual((versions[1]["feedback"] as? [Any])?.count, 0)
        let textLog = try box.run(["log", "demo"])
        XCTAssertTrue(textLog.out.contains("say what the team gains first"))
    }

    /// The real path: msmtp as the sendmail program, talking SMTP to a server on 127.0.0.1 that the test runs.
    func testSendThroughMsmtpToALoopbackSMTPServer() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/msmtp") else {
            throw XCTSkip("msmtp is not installed (.ci/deps installs it)")
        }
        let box = try Sandbox()
        try makeDemo(box)
        let received = box.root.appendingPathComponent("received.eml").path
        let server = Process()
        server.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        server.arguments = [
            "python3", "-c",
            """
            import socketserver, sys
            out = sys.argv[1]
            class H(socketserver.StreamRequestHandler):
                def handle(self):
                    w = lambda s: self.wfile.write((s + "\\r\\n").encode())
                    w("220 localhost ESMTP test")
                    data = None
                    while True:
                        line = self.rfile.readline()
                        if not line: break
                        if data is not None:
                            if line.rstrip(b"\\r\\n") == b".":
                                open(out, "wb").write(b"".join(data)); data = None; w("250 OK")
                            else:
                                data.append(line[1:] if line.startswith(b"..") else line)
                            continue
                        cmd = line.decode(errors="replace").strip().upper()
                        if cmd.startswith("EHLO"): w("250-localhost"); w("250 8BITMIME")
                        elif cmd == "DATA": w("354 go ahead"); data = []
                        elif cmd == "QUIT": w("221 bye"); break
                        else: w("250 OK")
            srv = socketserver.TCPServer(("127.0.0.1", 0), H)
            srv.timeout = 20
            print(srv.server_address[1], flush=True)
            srv.handle_request()
            """, received,
        ]
        let portPipe = Pipe()
        server.standardOutput = portPipe
        try server.run()
        defer { if server.isRunning { server.terminate() } }
        let portLine = String(decoding: portPipe.fileHandleForReading.availableData, as: UTF8.self).trimmingCharacters(
            in: .whitespacesAndNewlines)
        let port = try XCTUnwrap(Int(portLine), "no port from the SMTP server: \(portLine)")
        let result = try box.run(
            ["export", "demo@2", "--to", "Märk Mentor <mark@example.com>", "--from", "fran@example.com", "--send"],
            extra: [
                "PITCHCOACH_SENDMAIL": "msmtp --host=127.0.0.1 --port=\(port) --from=fran@example.com --timeout=20 -t"
            ])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(Subprocess.waitForExit(server, timeout: 30), "the SMTP server did not finish")
        let parsed = try python(
            """
            import sys, email
            from email import policy
            m = email.message_from_binary_file(open(sys.argv[1], 'rb'), policy=policy.default)
            print(str(m['Subject']))
            print(m.get_body(preferencelist=('plain',)).get_content())
            """, [received])
        XCTAssertTrue(parsed.hasPrefix("Pitch review: Équipe plateforme: my move — v2"), parsed)
        XCTAssertTrue(parsed.contains("Priya is ready to lead the team; I'll coach her through a six-week handover."))
    }
}
