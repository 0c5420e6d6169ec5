import ArgumentParser
import Foundation
import LineEditing
import PitchCore
import PitchMail
import PitchStore

/// The drafting REPL. Its verbs are the command line's own commands (`SharedCommand`), parsed and run by the same
/// types with the open pitch injected; what is the REPL's own — the working draft, composing it, the unsaved-draft
/// rules — lives in `DraftSession`.
final class Repl {
    let workspace: Workspace
    let reader: LineReader
    let output: (String) -> Void
    /// Where errors go (standard error from the binary); `output` when not given.
    let errorOutput: (String) -> Void
    /// The open pitch and its working draft.
    let session: DraftSession
    /// A command failed: a session driven by a script then ends with exit 2, so a pipeline sees it.
    private(set) var hadError = false
    lazy var context = CommandContext(workspace: workspace, output: output, reader: reader, session: session)

    /// One verb of the REPL: the session's own (usage and help here), or a command line command.
    struct Verb {
        let name: String
        let usage: String
        let help: String
        let shared: (any SharedCommand.Type)?
        static func own(_ name: String, _ usage: String, _ help: String) -> Verb {
            Verb(name: name, usage: usage, help: help, shared: nil)
        }
        static func shared(_ name: String, _ type: any SharedCommand.Type, also: String = "") -> Verb {
            // The command's own abstract, in the list's style: "Start a new pitch." → "start a new pitch".
            var abstract = type.configuration.abstract
            if abstract.hasSuffix(".") { abstract.removeLast() }
            let help = also + abstract.prefix(1).lowercased() + abstract.dropFirst()
            return Verb(name: name, usage: type.replUsage, help: help, shared: type)
        }
    }

    static let verbs: [Verb] = [
        .shared("new", NewCommand.self),
        .own("open", "open NAME", "open a pitch (recovers an unsaved draft)"),
        .shared("list", ListCommand.self),
        .own(
            "prep", "prep [SITUATION|N]",
            "answer the preparation questions (resumes at the first unanswered one; N: just question N; SITUATION: "
                + PromptLibrary.situations.joined(separator: ", ") + ")"),
        .own("outline", "outline", "write a first draft from your prep answers: the ask first"),
        .own("write", "write [+]", "type the draft, ending with a line holding only '.'; 'write +' appends"),
        .own("edit", "edit", "edit the draft in $VISUAL / $EDITOR"),
        .shared("show", ShowCommand.self, also: "'show' alone: the working draft; 'show N': "),
        .shared("score", ScoreCommand.self, also: "the working draft, briefly (--full: all of it): "),
        .own(
            "situation", "situation [ID|auto]",
            "show the situation the boss's questions follow, or set it (auto: read from the draft)"),
        .own("why", "why CRITERION", "explain one criterion: evidence, advice, examples"),
        .shared("save", SaveCommand.self, also: "the working draft, the words typed as its note: "),
        .own(
            "discard", "discard [--yes]",
            "throw the unsaved draft away (asks first); the draft is the last version again"),
        .shared("log", LogCommand.self),
        .shared(
            "diff", DiffCommand.self,
            also: "'diff' over an unsaved draft, or 'diff draft': the last version and the draft; else: "),
        .shared("restore", RestoreCommand.self),
        .shared("rehearse", RehearseCommand.self),
        .shared("export", ExportCommand.self),
        .shared(
            "feedback", FeedbackCommand.Import.self,
            also: "'feedback [N]': paste the reply for version N; 'feedback REPLY.eml': "),
        .shared("rubrics", RubricsCommand.self),
        .own("help", "help [COMMAND]", "this list, or one command ('COMMAND --help' too)"),
        .own("quit", "quit", "leave (Ctrl-D too)"),
    ]

    init(
        workspace: Workspace, reader: LineReader, output: @escaping (String) -> Void,
        errorOutput: ((String) -> Void)? = nil
    ) {
        self.workspace = workspace
        self.reader = reader
        self.output = output
        self.errorOutput = errorOutput ?? output
        session = DraftSession(workspace: workspace, reader: reader, output: output)
        reader.completer = { [weak self] line, start, word in
            self?.complete(line: line, wordStart: start, word: word) ?? []
        }
    }

    /// The draft last scored for the prompt, and its score: the prompt is drawn after every command.
    var promptScore: (draft: String, overall: Double)?

    var prompt: String {
        guard let pitch = session.pitch else { return "pitchcoach> " }
        var parts = [pitch]
        // The pitch summary is one aggregate query, cheap however many versions there are.
        let summary = (try? workspace.store().pitches())?.first { $0.pitch.name == pitch }
        if let count = summary?.versionCount, count > 0 { parts.append("v\(count)") }
        let draft = session.draft
        if !draft.isEmpty {
            if promptScore?.draft != draft, let card = try? workspace.score(draft) {
                promptScore = (draft, card.overall)
            }
            // The score shown is the draft's; when the draft is not the last version, the prompt says so
            // ("v1 draft 80>"), so a version's score is never mistaken for the draft's.
            if let score = promptScore?.overall {
                parts.append((session.hasUnsavedDraft ? "draft " : "") + String(Int(score.rounded())))
            }
        }
        return parts.joined(separator: " ") + "> "
    }

    /// Runs until `quit` or the end of input. 0 at a normal end; 2 when a session read from a script (not a
    /// terminal) hit an error in any of its commands.
    func run() -> Int32 {
        let status = { self.hadError && !self.reader.isInteractive ? Int32(2) : 0 }
        if reader.isInteractive {
            output("PitchCoach \(PitchCoachCommand.version) — 'help' lists the commands, Ctrl-D leaves.")
            session.reopenLastPitch()
        }
        // A session read from a script names the line of each error, as a compiler names the line of a file.
        func fail(_ message: String) {
            hadError = true
            errorOutput((reader.placeOfLastLine.map { $0 + ": " } ?? "") + "error: " + CLIError.printable(message))
        }
        while true {
            switch reader.readLine(prompt: reader.isInteractive ? prompt : "") {
            case .endOfInput:
                session.noteUnsavedDraft()
                if let failure = reader.failure { // names its place itself
                    hadError = true
                    errorOutput("error: " + CLIError.printable(failure))
                }
                return status()
            case .interrupted: continue
            case .line(let line):
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                guard !trimmed.isEmpty, !trimmed.hasPrefix("#") else { continue }
                reader.addHistory(trimmed)
                do {
                    if try !execute(trimmed) {
                        session.noteUnsavedDraft()
                        return status()
                    }
                } catch let error as CLIError {
                    fail(error.message)
                } catch {
                    fail("\(error)")
                }
            }
        }
    }

    /// The words of a line: as a shell reads them (quotes and all) when it carries options or double quotes;
    /// else as typed, so an address like o'neil@example.com or a note like "Tom's draft" needs no quoting.
    static func words(_ line: String) -> [String] {
        let plain = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard line.contains("\"") || plain.contains(where: { $0.hasPrefix("-") }) else { return plain }
        return (try? Sendmail.split(line)) ?? plain
    }

    /// One command; false means leave.
    func execute(_ line: String) throws -> Bool {
        let words = Self.words(line)
        guard let first = words.first else { return true }
        let command = first.lowercased()
        let args = Array(words.dropFirst())
        switch command {
        case "quit", "exit", "q": return false
        case "help", "?": help(args.first)
        case "open":
            guard let name = args.first else { throw CLIError("usage: open NAME") }
            try session.open(name)
        case "write": try session.write(append: args.first == "+")
        case "edit": try session.edit()
        case "outline": try session.outline()
        case "prep": try session.prep(situation: args.first)
        case "situation": try session.situation(args.first)
        case "why":
            guard let id = args.first else { throw CLIError("usage: why CRITERION (Tab completes the ids)") }
            try session.why(id)
        case "discard": try session.discard(args)
        case "show" where args.isEmpty: try session.showDraft()
        case "diff" where (args.isEmpty && session.hasUnsavedDraft) || args == ["draft"]: try session.diffDraft()
        case "feedback" where args.count <= 1 && args.allSatisfy({ Int($0) != nil }): try session.pasteFeedback(args)
        default:
            guard let type = Self.verbs.first(where: { $0.name == command })?.shared else {
                throw CLIError(
                    "unknown command '\(command)' — did you mean '\(Self.nearestCommand(command))'? "
                        + "'help' lists them all")
            }
            try runShared(type, command: command, args)
        }
        return true
    }

    /// A command line command, parsed by its own type from the words typed, the open pitch injected.
    func runShared(_ type: any SharedCommand.Type, command: String, _ words: [String]) throws {
        // The session has one store: a command cannot switch it halfway.
        if words.contains(where: { $0 == "--store" || $0.hasPrefix("--store=") }) {
            throw CLIError("\(command): the REPL works on one store; start it with 'pitchcoach --store PATH'")
        }
        let arguments = try type.replArguments(words, pitch: session.pitch)
        let parsed: ParsableCommand
        do {
            parsed = try type.parseAsRoot(arguments)
        } catch {
            // --help is the command's own help; a parse error is its one-line message.
            if type.exitCode(for: error) == .success {
                output(type.fullMessage(for: error).withoutFinalNewline)
                return
            }
            throw CLIError("\(command): \(type.message(for: error)) ('\(command) --help' says more)")
        }
        guard let shared = parsed as? SharedCommand else {
            output(type.helpMessage())
            return
        }
        try shared.run(in: context)
    }

    /// Texts are compared as bytes: Swift's `==` takes "Zoë" typed two ways (NFC, NFD) as equal, and the
    /// store keeps whichever bytes were typed.
    static func sameBytes(_ a: String, _ b: String) -> Bool { a.utf8.elementsEqual(b.utf8) }

    static func nearestCommand(_ word: String) -> String {
        verbs.map(\.name).min { editDistance($0, word) < editDistance($1, word) } ?? "help"
    }

    func help(_ command: String?) {
        if let command {
            guard let verb = Self.verbs.first(where: { $0.name == command }) else {
                output(
                    "no command '\(command)' — did you mean '\(Self.nearestCommand(command))'? 'help' lists them all")
                return
            }
            output("\(verb.usage)\n  \(verb.help)")
            if let type = verb.shared { output("\n" + type.helpMessage().withoutFinalNewline) }
            return
        }
        output("Commands: ('COMMAND --help' lists a command's options)")
        // Within the terminal and never past 120 columns; a long description continues under itself.
        let width = min(120, Terminal.width(environment: workspace.environment))
        let column = min(30, (Self.verbs.map(\.usage.count).max() ?? 0) + 3)
        for verb in Self.verbs {
            let head = "  " + verb.usage.padding(toLength: column - 2, withPad: " ", startingAt: 0)
            if verb.usage.count > column - 3 {
                output("  \(verb.usage)")
                output(
                    ReportRenderer.wrap(verb.help, indent: String(repeating: " ", count: column), width: width)
                        .withoutFinalNewline)
            } else {
                output(
                    ReportRenderer.wrap(
                        verb.help, indent: head, width: width, continuation: String(repeating: " ", count: column)
                    ).withoutFinalNewline)
            }
        }
    }

    // MARK: - Completion

    func complete(line: String, wordStart: Int, word: String) -> [String] {
        let before = line.prefix(wordStart).split(separator: " ").map(String.init)
        guard let command = before.first else { return Self.verbs.map(\.name) }
        if word.hasPrefix("-"), let type = Self.verbs.first(where: { $0.name == command })?.shared {
            return Self.optionNames(type)
        }
        switch command {
        case "open", "new":
            return (try? workspace.store().pitchNames()) ?? []
        case "show", "restore", "diff", "feedback":
            // One version number (two for diff): no more to offer once they are typed.
            guard before.count < (command == "diff" ? 3 : 2) else { return [] }
            guard let name = session.pitch, let versions = try? workspace.store().versionSummaries(of: name) else {
                return []
            }
            return versions.map { String($0.number) }
        case "why":
            return ((try? workspace.rubrics()) ?? []).flatMap { $0.criteria.map(\.id) }
        case "help":
            return Self.verbs.map(\.name)
        case "prep":
            return PromptLibrary.situations
        case "rehearse", "situation":
            return PromptLibrary.allSituations
        case "rubrics":
            return ((try? workspace.rubrics()) ?? []).map(\.id)
        default:
            return []
        }
    }

    /// A command's long option names, from the command type itself (argument-parser's own description of it).
    static func optionNames(_ type: any SharedCommand.Type) -> [String] {
        guard let json = try? JSONSerialization.jsonObject(with: Data(type._dumpHelp().utf8)) as? [String: Any],
            let command = json["command"] as? [String: Any],
            let arguments = command["arguments"] as? [[String: Any]]
        else { return [] }
        return arguments.flatMap { argument -> [String] in
            let names = argument["names"] as? [[String: Any]] ?? []
            return names.compactMap { name in
                guard name["kind"] as? String == "long", let text = name["name"] as? String, text != "store" else {
                    return nil
                }
                return "--" + text
            }
        }
    }
}

extension ReplyText {
    /// Pasted text may be a whole reply: keep the mentor's own words.
    static func mentorWordsOfPaste(_ text: String) -> String { mentorWords(text) }
}

/// Levenshtein distance, for "did you mean".
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a)
    let b = Array(b)
    guard !a.isEmpty else { return b.count }
    guard !b.isEmpty else { return a.count }
    var previous = Array(0...b.count)
    for i in 1...a.count {
        var current = [i] + Array(repeating: 0, count: b.count)
        for j in 1...b.count {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        previous = current
    }
    return previous[b.count]
}
