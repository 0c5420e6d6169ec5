import ArgumentParser
import Foundation
import PitchCore
import PitchMail
import PitchStore

/// `pitchcoach export NAME[@N] --to ADDRESS`: the version as an email draft for a mentor.
struct ExportCommand: SharedCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a version as an email (.eml) for your mentor, and optionally send it.",
        discussion: """
            The .eml opens as an editable draft in most mail clients (X-Unsent: 1). With --send it is handed to \
            $PITCHCOACH_SENDMAIL (default 'sendmail -t -i') on stdin, after the file is written; a mail program that \
            has not finished after --timeout seconds is stopped, with every process it started. --out never \
            writes over the pitch store or another database, and --force replaces only a regular file.
            """
    )
    static let replUsage = "export [@N] ADDRESS [FROM]"
    @Argument(
        help: ArgumentHelp("The pitch and optional version: NAME or NAME@N (default: latest).", valueName: "name[@n]"))
    var ref: String
    @Option(help: ArgumentHelp("The mentor's address, e.g. \"Mark Mentor <mark@example.com>\".", valueName: "address"))
    var to: String
    @Option(
        help: ArgumentHelp(
            """
            Your address (default: $PITCHCOACH_FROM; for a file, not a send, then 'git config user.email', said on \
            stderr).
            """,
            valueName: "address"))
    var from: String?
    @Option(help: ArgumentHelp("Also send to this address. Repeat for several.", valueName: "address"))
    var cc: [String] = []
    @Option(
        name: .customLong("question"),
        help: ArgumentHelp("A question for the mentor, listed at the end. Repeat for several.", valueName: "text"))
    var questions: [String] = []
    @Option(
        help: ArgumentHelp(
            "Where to write the message (default: NAME-vN.eml, or .md, in the current folder).", valueName: "file"),
        completion: .file())
    var out: String?
    @Flag(help: "Overwrite the --out file if it exists.")
    var force = false
    static let defaultTimeout: Double = 60
    @Option(
        help: ArgumentHelp(
            "What the message holds, comma-separated: draft, score, changes, questions, rehearsal, prep "
                + "(your rehearsal answers and prep stay private unless named).",
            valueName: "parts"))
    var include: String = MentorPacket.Part.defaults.map(\.rawValue).joined(separator: ",")
    @Flag(help: "Print the message instead of writing or sending it (nothing is written, sent or recorded).")
    var dryRun = false
    @Option(
        help: ArgumentHelp(
            "With --send: how long the mail program may take before it and its children are stopped.",
            valueName: "seconds"))
    var timeout: Double = ExportCommand.defaultTimeout
    @Flag(help: "Hand the message to the sendmail program after writing it.")
    var send = false
    @Option(help: "eml (an email message) or markdown (the same content for reading or pasting).")
    var format: ExportFormat = .eml
    @OptionGroup var colorOption: ColorOption
    @OptionGroup var options: StoreOptions

    enum ExportFormat: String, ExpressibleByArgument, CaseIterable { case eml, markdown }

    func run() throws { try run(in: .commandLine(options.workspace())) }

    /// In the REPL: `export [@N] --to …` (the open pitch, version N), or the short form `export [@N] ADDRESS [FROM]`,
    /// whose words are taken as typed, so an address like o'neil@example.com needs no quoting.
    static func replArguments(_ words: [String], pitch: String?) throws -> [String] {
        if words.contains("--help") || words.contains("-h") { return words }
        var words = words
        var ref = try requirePitch(pitch)
        if let first = words.first, first.hasPrefix("@") { ref += words.removeFirst() }
        if !words.isEmpty && !words.contains(where: { $0.hasPrefix("-") }) {
            // An address with a name, quoted or not ("Mark <mark@example.com>"), is one address: the words up
            // to the one that closes its '<…>'.
            let end = words.firstIndex { $0.hasSuffix(">") && words.joined(separator: " ").contains("<") } ?? 0
            let to = words[...end].joined(separator: " ")
            let rest = words[(end + 1)...]
            words = ["--to", to] + (rest.isEmpty ? [] : ["--from", rest.joined(separator: " ")])
        }
        return [ref] + words
    }

    /// The options as one value, built here for the command line and the REPL alike (both parse this type).
    func request() throws -> MentorExport.Request {
        MentorExport.Request(
            ref: try VersionRef(parsing: ref), to: to, from: from, cc: cc, questions: questions, include: include,
            format: format, out: out, force: force, dryRun: dryRun, send: send, timeout: timeout)
    }

    func run(in context: CommandContext) throws {
        context.say(try MentorExport.run(try request(), workspace: context.workspace))
    }
}

/// The export itself, shared with the REPL's `export`.
enum MentorExport {
    /// What to export, to whom, where and how: `export`'s options, as typed (checked by `run`).
    struct Request {
        var ref: VersionRef
        /// Addresses: the mentor, the sender (nil: found by `senderAddress`), copies.
        var to: String
        var from: String?
        var cc: [String]
        var questions: [String]
        /// The parts the message holds, comma-separated (`MentorPacket.Part`).
        var include: String
        var format: ExportCommand.ExportFormat
        /// The file written (nil: a fresh NAME-vN name), whether it may replace one, or only printed.
        var out: String?
        var force: Bool
        var dryRun: Bool
        /// Hand the message to sendmail, waiting at most `timeout` seconds.
        var send: Bool
        var timeout: Double
    }

    static func run(_ request: Request, workspace: Workspace) throws -> String {
        let parts = try MentorPacket.Part.parse(request.include)
        guard request.timeout.isFinite, request.timeout > 0, request.timeout <= 86_400 else {
            throw CLIError("--timeout takes seconds, from 1 to 86400")
        }
        let recipient = try address(request.to, option: "--to")
        let copies = try request.cc.map { try address($0, option: "--cc") }
        let sender = try address(
            try senderAddress(request.from, environment: workspace.environment, sending: request.send), option: "--from"
        )
        let store = try workspace.store()
        let (pitch, version, exports, prep, rehearsals) = try Workspace.storeCall {
            (
                try store.pitch(named: request.ref.pitch),
                try store.version(of: request.ref.pitch, number: request.ref.number),
                try store.exports(of: request.ref.pitch), try store.prepAnswers(of: request.ref.pitch),
                try store.rehearsals(of: request.ref.pitch)
            )
        }
        let card = try workspace.score(version.text)
        let packet = MentorPacket(
            pitch: pitch, version: version, card: card,
            baseline: try baseline(
                store: store, pitch: request.ref.pitch, version: version, exports: exports, mentor: recipient.address),
            prep: parts.contains(.prep) ? prep : [], rehearsals: parts.contains(.rehearsal) ? rehearsals : [],
            questions: request.questions,
            mentorName: recipient.displayName?.split(separator: " ").first.map(String.init), parts: parts)
        let path =
            request.out
            ?? freshName(base: "\(pitch.name)-v\(version.number)", ext: request.format == .eml ? "eml" : "md")
        if request.dryRun && request.send { throw CLIError("--dry-run prints the message; it cannot also --send it") }
        if !request.dryRun { try OutputFile.check(path, force: request.force, store: workspace.storePath) }
        if request.format == .markdown {
            if request.dryRun { return packet.markdown }
            try OutputFile.write(packet.markdown, to: path, force: request.force, store: workspace.storePath)
            return "wrote \(path)"
        }
        let domain = sender.address.split(separator: "@").last.map(String.init) ?? "pitchcoach.local"
        let message = OutgoingMessage(
            from: sender, to: [recipient], cc: copies, subject: packet.subject, date: Date(),
            messageID: MessageID.make(domain: domain), inReplyTo: nil, references: [],
            plainBody: packet.plainText, htmlBody: packet.html,
            extraHeaders: [
                (name: "X-Unsent", value: "1"),
                (name: "X-PitchCoach-Version", value: "\(pitch.name)@\(version.number)"),
            ])
        let rendered = message.render()
        if request.dryRun { return rendered.replacingOccurrences(of: "\r\n", with: "\n").withoutFinalNewline }
        // The export is recorded in the store after the file is written: a store that cannot take it is found first.
        try Workspace.storeCall { try store.requireWritable() }
        try OutputFile.write(rendered, to: path, force: request.force, store: workspace.storePath)
        let everyone = ([recipient] + copies).map(\.address)
        try Workspace.storeCall {
            try store.recordExport(
                pitch: pitch.name, versionNumber: version.number, messageID: message.messageID, to: everyone,
                sentAt: nil)
        }
        var report = "wrote \(path) — \(packet.subject)"
        if request.send {
            let commandLine =
                workspace.environment["PITCHCOACH_SENDMAIL"].flatMap { $0.isEmpty ? nil : $0 } ?? "sendmail -t -i"
            let words: [String]
            do { words = try Sendmail.split(commandLine) } catch { throw CLIError("PITCHCOACH_SENDMAIL: \(error)") }
            guard !words.isEmpty else {
                throw CLIError("PITCHCOACH_SENDMAIL is empty; set it to a sendmail-compatible command")
            }
            // The file is written first, so a failed send loses nothing.
            // A failed send is recorded as failed (log says so), then reported.
            func failed(_ reason: String) -> CLIError {
                _ = try? store.markSendFailed(messageID: message.messageID, reason: reason)
                return CLIError("\(reason); the message is saved in \(path)")
            }
            let sent: Sendmail.Outcome
            do {
                sent = try Sendmail.send(
                    rendered.replacingOccurrences(of: "X-Unsent: 1\r\n", with: ""), command: words,
                    timeout: request.timeout)
            } catch { throw failed("could not run '\(words[0])': \(error)") }
            guard sent.succeeded else {
                // Its own words, made safe for the terminal: the last non-empty line it wrote, at most 300 characters.
                let last = sent.stderr.split(whereSeparator: \.isNewline).last.map { String($0.prefix(300)) }
                let reason = last.map { ": " + $0.visibleControls(singleLine: true) } ?? ""
                throw failed("'\(words[0])' \(sent.describe(timeout: request.timeout))\(reason)")
            }
            try Workspace.storeCall { try store.markSent(messageID: message.messageID, at: Date()) }
            report += "\nsent to \(everyone.joined(separator: ", ")) with \(words[0])"
        }
        return report
    }

    /// NAME-vN.eml, or NAME-vN-2.eml … when that exists: the default name never overwrites an earlier export.
    static func freshName(base: String, ext: String) -> String {
        var candidate = "\(base).\(ext)"
        var n = 2
        while FileManager.default.fileExists(atPath: candidate) {
            candidate = "\(base)-\(n).\(ext)"
            n += 1
        }
        return candidate
    }

    static func address(_ text: String, option: String) throws -> MailAddress {
        do { return try MailAddress.parse(text) } catch {
            throw CLIError(
                """
                \(option) '\(text.replacingOccurrences(of: "\n", with: " "))' is not an email address; write it as \
                name@example.com or \"Name <name@example.com>\"
                """
            )
        }
    }

    /// --from, then PITCHCOACH_FROM, then git's user.email.
    /// --from, else PITCHCOACH_FROM, else (only for a file, never a send) git's user.email, said on stderr.
    static func senderAddress(_ given: String?, environment: [String: String], sending: Bool) throws -> String {
        if let given {
            guard !given.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw CLIError("--from is empty: give your address")
            }
            return given
        }
        if let env = environment["PITCHCOACH_FROM"], !env.isEmpty { return env }
        if sending {
            throw CLIError(
                "--send needs your address: pass --from ADDRESS or set PITCHCOACH_FROM (it is not guessed for a send)")
        }
        let git = Process()
        git.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        git.arguments = ["git", "config", "user.email"]
        let pipe = Pipe()
        git.standardOutput = pipe
        git.standardError = FileHandle.nullDevice
        if (try? git.run()) != nil {
            git.waitUntilExit()
            let email = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                .trimmingCharacters(in: .whitespacesAndNewlines)
            if git.terminationStatus == 0 && !email.isEmpty {
                FileHandle.standardError.write(
                    Data("note: the message is from \(email) (git config user.email); --from sets another\n".utf8))
                return email
            }
        }
        throw CLIError("no sender address: pass --from ADDRESS (or set PITCHCOACH_FROM, or 'git config user.email')")
    }

    /// The version this mentor last received before this one; else the previous version.
    static func baseline(
        store: PitchStore, pitch: String, version: DraftVersion, exports: [ExportRecord],
        mentor: String
    ) throws -> (version: DraftVersion, reason: String)? {
        let seen = exports.filter {
            $0.versionNumber < version.number && $0.to.contains { $0.lowercased() == mentor.lowercased() }
        }
        .map(\.versionNumber).max()
        if let seen {
            return (try Workspace.storeCall { try store.version(of: pitch, number: seen) }, "the last version you saw")
        }
        // A mentor new to the pitch still learns how the draft moved: against the version before this one.
        guard version.number > 1 else { return nil }
        return (
            try Workspace.storeCall { try store.version(of: pitch, number: version.number - 1) },
            "the version before this one; I have not sent you v\(version.number - 1)"
        )
    }
}

/// `pitchcoach feedback import NAME REPLY.eml`.
struct FeedbackCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feedback",
        abstract: "Attach your mentor's reply to the version it answers.",
        subcommands: [Import.self]
    )

    struct Import: SharedCommand {
        static let configuration = CommandConfiguration(
            // Every command names itself: otherwise argument-parser derives the name from the Swift type's
            // name at run time, a demangling that cost a millisecond of every start.
            commandName: "import",
            abstract: "Read a reply (.eml) and attach the mentor's own words to the version it answers.",
            discussion:
                """
                The version is found by In-Reply-To/References; otherwise the latest sent (or exported) version, and \
                it says so.
                """
        )
        @Argument(help: "The pitch name.") var name: String
        @Argument(
            help: ArgumentHelp(
                "The mentor's reply as saved from your mail client (.eml), or - for stdin.", valueName: "reply.eml"),
            completion: .file(extensions: ["eml"]))
        var reply: String
        @OptionGroup var options: StoreOptions
        static let replUsage = "feedback [N|REPLY.eml]"

        func run() throws { try run(in: .commandLine(options.workspace())) }

        func run(in context: CommandContext) throws {
            // Never more than one byte past the limit is read: /dev/zero on stdin stops there.
            let limit = FeedbackImport.maxReplyBytes
            let data = Data(
                reply == "-"
                    ? try InputText.readStdin(limit: limit)
                    : try InputText.readFile(reply, limit: limit, what: "saved reply (.eml)"))
            context.say(
                try FeedbackImport.attach(
                    data, source: reply == "-" ? "<stdin>" : reply,
                    store: try context.workspace.store(), pitch: name))
        }
    }
}

enum FeedbackImport {
    static let maxReplyBytes = 1_048_576
    /// Parses a saved reply and attaches the mentor's own words to the version it answers; says what it did.
    static func attach(_ data: Data, source: String, store: PitchStore, pitch: String) throws -> String {
        guard !data.isEmpty else { throw CLIError("\(source): empty; nothing to import") }
        // A reply is a few KB; one of megabytes is not a mentor's answer, and log would print all of it.
        guard data.count <= maxReplyBytes else {
            throw CLIError("\(source): larger than the 1 MB limit for a reply; nothing was imported")
        }
        let message: ParsedMessage
        do { message = try MailParser.parse(data) } catch { throw CLIError("\(source): \(error)") }
        let (number, how) = try target(store: store, pitch: pitch, message: message)
        let words = ReplyText.mentorWords(message.text)
        guard !words.isEmpty else { throw CLIError("\(source): the reply holds only quoted text; nothing to attach") }
        let from = message.from?.formatted ?? "mentor"
        let added = try Workspace.storeCall {
            try store.addFeedback(pitch: pitch, versionNumber: number, from: from, date: message.date, text: words)
        }
        guard added else {
            return
                """
                already attached: this reply from \(VersionViews.singleLine(from)) is on \(pitch) v\(number); nothing \
                added
                """
        }
        return "attached feedback from \(VersionViews.singleLine(from)) to \(pitch) v\(number) (\(how))"
    }

    /// Which version a reply answers: by its In-Reply-To/References, else the latest sent, exported, or saved one.
    static func target(store: PitchStore, pitch: String, message: ParsedMessage) throws -> (Int, String) {
        try Workspace.storeCall {
            _ = try store.pitch(named: pitch)
            let ids = message.inReplyTo + message.references
            if !ids.isEmpty, let found = try store.versionAnswered(byMessageIDs: ids) {
                guard found.pitch == pitch else {
                    throw CLIError(
                        """
                        this reply answers \(found.pitch) v\(found.number), not \(pitch); run 'pitchcoach feedback \
                        import \(found.pitch) …'
                        """
                    )
                }
                let byInReplyTo =
                    try !message.inReplyTo.isEmpty && store.versionAnswered(byMessageIDs: message.inReplyTo) != nil
                return (found.number, byInReplyTo ? "matched by In-Reply-To" : "matched by References")
            }
            let exports = try store.exports(of: pitch)
            if let sent = exports.filter({ $0.sentAt != nil }).map(\.versionNumber).max() {
                return (sent, "no In-Reply-To match: attached to the latest sent version")
            }
            if let exported = exports.map(\.versionNumber).max() {
                return (exported, "no In-Reply-To match: attached to the latest exported version")
            }
            let latest = try store.version(of: pitch, number: nil)
            return (latest.number, "no In-Reply-To match and nothing exported: attached to the latest version")
        }
    }
}
