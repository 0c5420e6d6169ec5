import Foundation
import LineEditing
import PitchCore
import PitchMail
import PitchStore

/// The drafting REPL. Every change to the draft is written to the store at once (each line of `write`,
/// every `edit` and `outline`), so a kill or a closed terminal loses at most the line being typed.
public final class Repl {
    let workspace: Workspace
    let reader: LineReader
    let output: (String) -> Void

    /// The open pitch, its working draft and the draft revision this session last wrote or read.
    var pitch: String?
    var draft = ""
    /// Set by `situation ID`: the situation the boss's questions follow (nil: read from the draft).
    var situation: String?
    var revision: Int?
    var asked = Set<String>()

    static let commands: [(name: String, usage: String, help: String)] = [
        ("new", "new NAME [TITLE]", "start a pitch and open it"),
        ("open", "open NAME", "open a pitch (recovers an unsaved draft)"),
        ("list", "list", "list the pitches"),
        ("prep", "prep [lateral|promotion|decline|raise|N]", "answer the preparation questions (again to revise; N: just question N)"),
        ("outline", "outline", "write a first draft from your prep answers"),
        ("write", "write [+]", "type the draft, ending with a line holding only '.'; 'write +' appends"),
        ("edit", "edit", "edit the draft in $VISUAL / $EDITOR"),
        ("show", "show [N]", "show the working draft, or version N"),
        ("score", "score", "the full report for the draft"),
        ("situation", "situation [ID|auto]", "show the situation the boss's questions follow, or set it (auto: read from the draft)"),
        ("why", "why CRITERION", "explain one criterion: evidence, advice, examples"),
        ("save", "save [NOTE]", "save the draft as the next version"),
        ("log", "log", "versions, scores and the trend"),
        ("diff", "diff [A [B]|draft]", "word diff: the last version and an unsaved draft, else the last two versions"),
        ("restore", "restore N", "make version N's text the newest version"),
        ("rehearse", "rehearse [ROUNDS] [KIND]", "answer the boss's likely objections"),
        ("export", "export [@N] TO [FROM]", "write a version as an email for your mentor (or the command line's options: --to, --cc, --question, --send)"),
        ("feedback", "feedback [N|REPLY.eml]", "import a saved reply, or paste your mentor's reply for version N (default latest)"),
        ("rubrics", "rubrics [ID]", "list the rubrics and their criteria, or one rubric"),
        ("help", "help [COMMAND]", "this list, or one command"),
        ("quit", "quit", "leave (Ctrl-D too)"),
    ]

    /// Where errors go (standard error from the binary); `output` when not given.
    let errorOutput: (String) -> Void
    /// A command failed: a session driven by a script then ends with exit 2, so a pipeline sees it.
    private(set) var hadError = false

    public init(workspace: Workspace, reader: LineReader, output: @escaping (String) -> Void,
                errorOutput: ((String) -> Void)? = nil) {
        self.workspace = workspace
        self.reader = reader
        self.output = output
        self.errorOutput = errorOutput ?? output
        reader.completer = { [weak self] line, start, word in self?.complete(line: line, wordStart: start, word: word) ?? [] }
    }

    var color: Bool { reader.isInteractive && Terminal.useColor(.auto, environment: workspace.environment) }

    /// The draft last scored for the prompt, and its score: the prompt is drawn after every command.
    var promptScore: (draft: String, overall: Double)?

    var prompt: String {
        guard let pitch else { return "pitchcoach> " }
        var parts = [pitch]
        // The pitch summary is one aggregate query, cheap however many versions there are.
        if let count = (try? workspace.store().pitches())?.first(where: { $0.pitch.name == pitch })?.versionCount, count > 0 {
            parts.append("v\(count)")
        }
        if !draft.isEmpty {
            if promptScore?.draft != draft, let card = try? workspace.score(draft) { promptScore = (draft, card.overall) }
            // The score shown is the draft's; when the draft is not the last version, the prompt says so
            // ("v1 draft 80>"), so a version's score is never mistaken for the draft's.
            if let score = promptScore?.overall {
                parts.append((hasUnsavedDraft ? "draft " : "") + String(Int(score.rounded())))
            }
        }
        return parts.joined(separator: " ") + "> "
    }

    /// Runs until `quit` or the end of input. 0 at a normal end; 2 when a session read from a script (not a
    /// terminal) hit an error in any of its commands.
    public func run() -> Int32 {
        let status = { self.hadError && !self.reader.isInteractive ? Int32(2) : 0 }
        if reader.isInteractive { output("PitchCoach \(PitchCoachCommand.version) — 'help' lists the commands, Ctrl-D leaves.") }
        while true {
            switch reader.readLine(prompt: reader.isInteractive ? prompt : "") {
            case .endOfInput:
                noteUnsavedDraft()
                if let failure = reader.failure {
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
                    if try !execute(trimmed) { noteUnsavedDraft(); return status() }
                } catch let error as CLIError {
                    hadError = true
                    errorOutput("error: " + CLIError.printable(error.message))
                } catch {
                    hadError = true
                    errorOutput("error: " + CLIError.printable("\(error)"))
                }
            }
        }
    }

    /// One command; false means leave.
    func execute(_ line: String) throws -> Bool {
        let words = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        let command = words[0].lowercased(), args = Array(words.dropFirst())
        let rest = line.dropFirst(words[0].count).trimmingCharacters(in: .whitespaces)
        switch command {
        case "quit", "exit", "q": return false
        case "help", "?": help(args.first)
        case "new":
            guard let name = args.first else { throw CLIError("usage: new NAME [TITLE]") }
            let title = args.count > 1 ? args.dropFirst().joined(separator: " ") : nil
            if let title { try InputText.requireNoControls(title, what: "the title") }
            let store = try workspace.store()
            _ = try Workspace.storeCall { try store.createPitch(name: name, title: title) }
            output("created \(name)")
            try open(name)
        case "open":
            guard let name = args.first else { throw CLIError("usage: open NAME") }
            try open(name)
        case "list":
            let store = try workspace.store()
            let all = try Workspace.storeCall { try store.pitches() }
            if all.isEmpty { output("no pitches yet: 'new NAME' starts one") }
            let width = all.map(\.pitch.name.count).max() ?? 0
            for item in all {
                let latest = item.latestOverall.map { String(Int($0.rounded())) } ?? "–"
                output("\(item.pitch.name.padding(toLength: width, withPad: " ", startingAt: 0))  \(String(item.versionCount).leftPad(3)) versions"
                    + "  latest \(latest.leftPad(3))  \(VersionViews.singleLine(item.pitch.title))")
            }
        case "write": try write(append: args.first == "+")
        case "edit": try edit()
        case "outline": try outline()
        case "prep": try prep(situation: args.first)
        case "show": try show(args.first)
        case "score":
            let name = try requirePitch()
            guard !draft.isEmpty else { throw CLIError("the draft is empty: 'write' or 'outline' first") }
            output(ReportRenderer.text(try workspace.score(draft, situation: situation), file: name,
                                       style: workspace.reportStyle(color: color ? .always : .never)))
        case "situation":
            if let given = args.first {
                if given != "auto" { _ = try workspace.score("", situation: given) }  // an unknown one is refused here
                situation = given == "auto" ? nil : given
            }
            let card = try workspace.score(draft, situation: situation)
            let open = card.questions.filter { !$0.answered }
            output("situation: \(card.situation ?? "none")\(situation == nil ? " (read from the draft)" : "")"
                   + " — \(card.questions.count - open.count) of \(card.questions.count) of the boss's questions answered")
            for question in open { output("  ? \(question.question)") }
        case "why":
            guard let id = args.first else { throw CLIError("usage: why CRITERION (Tab completes the ids)") }
            try why(id)
        case "save": try save(note: rest.isEmpty ? nil : rest)
        case "log":
            let name = try requirePitch()
            let store = try workspace.store()
            let (pitch, versions, feedback, rehearsals, exports) = try Workspace.storeCall {
                (try store.pitch(named: name), try store.versionSummaries(of: name), try store.feedback(of: name), try store.rehearsals(of: name),
             try store.exports(of: name))
            }
            output(VersionViews.logText(pitch: pitch, versions: versions, feedback: feedback, rehearsals: rehearsals, exports: exports, color: color))
        case "diff": try diff(args)
        case "restore":
            let name = try requirePitch()
            guard let n = args.first.flatMap(Int.init) else { throw CLIError("usage: restore N") }
            let store = try workspace.store()
            let old = try Workspace.storeCall { try store.version(of: name, number: n) }
            try keepUnsavedDraft(name, before: "restoring v\(n)")
            let saved = try workspace.saveVersion(pitch: name, text: old.text, note: "restored from v\(n)")
            try clearOwnDraft(name)
            draft = old.text
            output("restored v\(n) as v\(saved.version.number) — overall \(Int(saved.version.snapshot.overall.rounded()))")
        case "rehearse": try rehearse(args)
        case "export": try export(rest)
        case "feedback": try feedback(args)
        case "rubrics": try rubrics(args.first)
        default:
            throw CLIError("unknown command '\(command)' — did you mean '\(Self.nearestCommand(command))'? 'help' lists them all")
        }
        return true
    }

    /// The working draft differs from the last version (or there is no version yet).
    var hasUnsavedDraft: Bool {
        guard let pitch, !draft.isEmpty else { return false }
        guard let latest = try? workspace.store().version(of: pitch, number: nil) else { return true }
        return !Self.sameBytes(latest.text, draft)
    }

    /// Leaving never asks: the unsaved draft is already in the store. Say so, once.
    func noteUnsavedDraft() {
        guard let pitch, revision != nil, !draft.isEmpty else { return }
        output("the unsaved draft of \(pitch) is kept; 'open \(pitch)' brings it back, 'save' makes it a version")
    }

    /// Texts are compared as bytes: Swift's `==` takes "Zoë" typed two ways (NFC, NFD) as equal, and the
    /// store keeps whichever bytes were typed.
    static func sameBytes(_ a: String, _ b: String) -> Bool { a.utf8.elementsEqual(b.utf8) }

    static func nearestCommand(_ word: String) -> String {
        commands.map(\.name).min { editDistance($0, word) < editDistance($1, word) } ?? "help"
    }

    func requirePitch() throws -> String {
        guard let pitch else { throw CLIError("no pitch open: 'new NAME' or 'open NAME' first ('list' shows them)") }
        return pitch
    }

    func help(_ command: String?) {
        if let command {
            guard let entry = Self.commands.first(where: { $0.name == command }) else {
                output("no command '\(command)' — did you mean '\(Self.nearestCommand(command))'? 'help' lists them all")
                return
            }
            output("\(entry.usage)\n  \(entry.help)")
            return
        }
        output("Commands:")
        // Within the terminal and never past 120 columns; a long description continues under itself.
        let width = min(120, Terminal.width(environment: workspace.environment))
        let column = (Self.commands.map(\.usage.count).max() ?? 0) + 3
        for entry in Self.commands {
            let head = "  " + entry.usage.padding(toLength: column - 2, withPad: " ", startingAt: 0)
            if head.count > width / 2 {
                output("  \(entry.usage)")
                output(Self.withoutFinalNewline(ReportRenderer.wrap(entry.help, indent: "      ", width: width)))
            } else {
                output(Self.withoutFinalNewline(ReportRenderer.wrap(entry.help, indent: head, width: width,
                                                                    continuation: String(repeating: " ", count: column))))
            }
        }
    }

    /// Text for the terminal with its long lines wrapped at word boundaries (the terminal itself would break
    /// them mid-word); each line keeps its own indent. Piped output is left as it is.
    func wrappedForTerminal(_ text: String) -> String {
        guard reader.isInteractive else { return text }
        let width = Terminal.width(environment: workspace.environment)
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            guard ReportRenderer.displayWidth(line) > width else { return String(line) }
            let indent = String(line.prefix { $0 == " " })
            return Self.withoutFinalNewline(ReportRenderer.wrap(String(line.dropFirst(indent.count)), indent: indent, width: width))
        }.joined(separator: "\n")
    }

    // MARK: - The draft

    func open(_ name: String) throws {
        let store = try workspace.store()
        _ = try Workspace.storeCall { try store.pitch(named: name) }
        pitch = name
        asked = []
        if let working = try Workspace.storeCall({ try store.workingDraft(of: name) }) {
            draft = working.text
            revision = working.revision
            output("opened \(name) — recovered an unsaved draft (\(draft.split(whereSeparator: \.isWhitespace).count) words, \(draft.utf8.count) bytes); 'show' to see it, 'save' to keep it")
        } else if let latest = try? store.version(of: name, number: nil) {
            draft = latest.text
            revision = nil
            output("opened \(name) at v\(latest.number)")
        } else {
            draft = ""
            revision = nil
            output("opened \(name) — no draft yet: 'prep', 'outline' or 'write'")
        }
    }

    /// Persists the draft at once. Another session's newer unsaved draft is never overwritten unseen: it
    /// is kept as a version first (its note says so), then this session's text becomes the working draft.
    func setDraft(_ text: String) throws {
        draft = text
        guard let name = pitch else { return }
        let store = try workspace.store()
        while true {
            do {
                revision = try store.saveWorkingDraft(pitch: name, text: text, expectedRevision: revision).revision
                return
            } catch StoreError.draftConflict {
                let theirs = try Workspace.storeCall { try store.workingDraft(of: name) }
                if let theirs, !Self.sameBytes(theirs.text, text), !theirs.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                    let kept = try workspace.saveVersion(pitch: name, text: theirs.text,
                                                         note: "kept: another session's unsaved draft, replaced by this session's")
                    output("warning: another session changed the unsaved draft of \(name); its text is kept as v\(kept.version.number), "
                        + "and this session's text is the working draft now")
                }
                revision = theirs?.revision  // try again against what is there now
            } catch let error as StoreError {
                throw CLIError(error.description)
            }
        }
    }

    /// Before the draft is replaced by a version's text (`restore`), an unsaved change is kept as a version.
    func keepUnsavedDraft(_ name: String, before what: String) throws {
        guard revision != nil, !draft.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return }
        let latest = try? workspace.store().version(of: name, number: nil)
        guard !Self.sameBytes(latest?.text ?? "", draft) else { return }
        let kept = try workspace.saveVersion(pitch: name, text: draft, note: "kept: the unsaved draft, before \(what)")
        output("the unsaved draft is kept as v\(kept.version.number)")
    }

    /// After a save or restore the unsaved draft is a version: drop it, unless it is no longer ours
    /// (another session wrote since), which is kept and reported.
    func clearOwnDraft(_ name: String) throws {
        defer { revision = nil }
        guard let revision else { return }  // this session never wrote one: any draft there is another's
        let store = try workspace.store()
        do {
            try store.clearWorkingDraft(pitch: name, expectedRevision: revision)
        } catch StoreError.draftConflict {
            output("note: another session changed the unsaved draft of \(name); it is kept ('open \(name)' shows it)")
        } catch let error as StoreError {
            throw CLIError(error.description)
        }
    }

    /// One line after a change: the new overall score and its change.
    func reportChange(from before: Double?) throws {
        let card = try workspace.score(draft)
        let change = before.map { " (\(VersionViews.delta(VersionViews.change(from: $0, to: card.overall))))" } ?? ""
        let parts = card.rubrics.map { "\($0.id) \(Int($0.score.rounded()))" }.joined(separator: ", ")
        output("overall \(Int(card.overall.rounded()))\(change) — \(parts)")
    }

    func currentScore() -> Double? {
        draft.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : try? workspace.score(draft).overall
    }

    func write(append: Bool) throws {
        let name = try requirePitch()
        // Compose reads its lines up to '.' whatever happens to the saving: a store that refuses a write must
        // not turn the rest of the draft into commands. The first failure stops the saving and is said at the end.
        var failure: Error?
        // A new compose replaces the draft: an unsaved one is kept as a version first, never lost unseen.
        if !append { do { try keepUnsavedDraft(name, before: "a new 'write'") } catch { failure = error } }
        let before = currentScore()
        let original = draft, originalRevision = revision
        var text = append ? draft : ""
        // Scalars, not Characters: "\r\n" is one Character, and does not end with "\n".
        if append && !text.isEmpty && text.unicodeScalars.last != "\n" { text += "\n" }
        var lines = 0, tooLong = false
        /// Puts the draft back as it was before this compose, in the store too: a compose that wrote
        /// nothing new must not leave a working draft behind where there was none.
        func putBack() throws {
            guard let name = pitch, lines > 0, failure == nil else { draft = original; return }
            if originalRevision == nil { try clearOwnDraft(name); draft = original } else { try setDraft(original) }
        }
        if reader.isInteractive { output("Type the draft; a line with only '.' ends it (Ctrl-D too), Ctrl-C cancels.") }
        loop: while true {
            switch reader.readLine(prompt: reader.isInteractive ? "… " : "") {
            case .line(let line):
                if line == "." { break loop }
                // A draft is at most what `save FILE` reads: past it, lines are read to the '.' and left out.
                if tooLong || text.utf8.count + line.utf8.count >= InputText.sizeLimit { tooLong = true; continue }
                // What `save FILE` refuses is not kept from a typed or pasted line either (an escape
                // sequence from a copied web page); say so, keep the rest.
                let (clean, removed) = line.removingControls()
                if removed > 0 { output("note: \(removed) control character\(removed == 1 ? "" : "s") left out of that line") }
                text += clean + "\n"
                lines += 1
                guard failure == nil else { draft = text; continue }
                do { try setDraft(text) } catch { failure = error; draft = text }  // each line in the store before the next
            case .endOfInput: break loop
            case .interrupted:
                try putBack()
                output("compose cancelled; the draft is as it was")
                return
            }
        }
        if let failure {
            let reason = (failure as? CLIError)?.message ?? "\(failure)"
            throw CLIError("\(reason) — the draft typed is in this session only, not in the store")
        }
        if tooLong {
            output("note: the draft reached the \(InputText.sizeLimit / 1024 / 1024) MB limit; the lines after it were left out")
        }
        if lines == 0 { try putBack(); output("nothing typed; the draft is unchanged"); return }
        try reportChange(from: before)
    }

    func edit() throws {
        _ = try requirePitch()
        let before = currentScore()
        let editor = ["VISUAL", "EDITOR"].compactMap { workspace.environment[$0] }.first { !$0.isEmpty } ?? "vi"
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("pitchcoach-\(getpid())-\(UUID().uuidString.prefix(8)).txt")
        try Data(draft.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        // The editor setting may hold arguments ("code -w"); the file name is passed as $1, never spliced in.
        let status = try ForegroundProgram.run(shellCommand: "\(editor) \"$1\"", arguments: [file.path])
        guard status == 0 else { throw CLIError("\(editor) exited \(status); the draft is unchanged") }
        let text = try InputText.decode([UInt8](try Data(contentsOf: file)), name: file.lastPathComponent)
        guard text != draft else { output("no change"); return }
        try setDraft(text)
        try reportChange(from: before)
    }

    func prep(situation given: String?) throws {
        let name = try requirePitch()
        let store = try workspace.store()
        let library = try workspace.prompts()
        var answers = Dictionary(uniqueKeysWithValues: try Workspace.storeCall { try store.prepAnswers(of: name) }.map { ($0.questionID, $0.answer) })
        // `prep N` revises one answer; `prep SITUATION` (or nothing) walks them all.
        let only = given.flatMap { Int($0) }
        let situation = (only == nil ? given : nil) ?? answers["situation"] ?? "lateral"
        guard PromptLibrary.situations.contains(situation) else {
            throw CLIError("prep takes one of \(PromptLibrary.situations.joined(separator: ", ")), not '\(situation)'")
        }
        try Workspace.storeCall { try store.setPrepAnswer(pitch: name, questionID: "situation", question: "Situation", answer: situation) }
        let questions = library.questions(for: situation)
        if let only, !(1...max(1, questions.count)).contains(only) || questions.isEmpty {
            throw CLIError("prep N takes a question number from 1 to \(questions.count)")
        }
        if only == nil {
            output("Prep for a \(situation) pitch: \(questions.count) questions. Enter keeps an answer, '-' clears it, Ctrl-C stops; 'prep N' revises one later.")
        }
        for (i, question) in questions.enumerated() where only == nil || only == i + 1 {
            output("\n\(i + 1)/\(questions.count) \(question.text)\n   hint: \(question.hint)")
            if let current = answers[question.id], !current.isEmpty { output("   now: \(current)") }
            switch reader.readLine(prompt: reader.isInteractive ? "   > " : "") {
            case .interrupted, .endOfInput:
                output("prep stopped; answers so far are saved")
                return
            case .line(let line):
                let answer = line.trimmingCharacters(in: .whitespaces)
                if answer.isEmpty { continue }
                let value = answer == "-" ? "" : answer
                answers[question.id] = value
                try Workspace.storeCall { try store.setPrepAnswer(pitch: name, questionID: question.id, question: question.text, answer: value) }
            }
        }
        output(only == nil ? "\nprep done: 'outline' turns the answers into a first draft" : "saved; 'outline' redrafts from the answers")
    }

    func outline() throws {
        let name = try requirePitch()
        let store = try workspace.store()
        let answers = Dictionary(uniqueKeysWithValues: try Workspace.storeCall { try store.prepAnswers(of: name) }.map { ($0.questionID, $0.answer) })
        guard answers.contains(where: { $0.key != "situation" && !$0.value.isEmpty }) else {
            throw CLIError("no prep answers yet: 'prep' first")
        }
        let before = currentScore()
        var outline = Outline.draft(answers: answers, library: try workspace.prompts())
        // A line for each question the boss will ask that the outline leaves open, in the prep's situation.
        let situation = answers["situation"].flatMap { answer in
            (try? workspace.questionBook())??.situations.criteria.map(\.id).first { $0 == answer.trimmingCharacters(in: .whitespaces) }
        }
        let open = try workspace.score(outline, situation: situation).questions.filter { !$0.answered }
        if !open.isEmpty { outline += "\n" + open.map { "(Your boss will ask: \($0.question))\n" }.joined() }
        try keepUnsavedDraft(name, before: "the outline")
        try setDraft(outline)
        output(wrappedForTerminal(draft))
        try reportChange(from: before)
    }

    func show(_ argument: String?) throws {
        let name = try requirePitch()
        if let argument {
            guard let n = Int(argument.hasPrefix("v") ? String(argument.dropFirst()) : argument) else { throw CLIError("usage: show [N]") }
            let store = try workspace.store()
            let text = try Workspace.storeCall { try store.version(of: name, number: n) }.text
            output(wrappedForTerminal(Self.withoutFinalNewline(text).visibleControls()))
        } else {
            output(draft.isEmpty ? "(the draft is empty)" : wrappedForTerminal(Self.withoutFinalNewline(draft).visibleControls()))
        }
    }

    /// `output` ends every block with a newline; a text's own final newline would print a blank line.
    static func withoutFinalNewline(_ text: String) -> String {
        text.unicodeScalars.last == "\n" ? String(String.UnicodeScalarView(text.unicodeScalars.dropLast())) : text
    }

    func rubrics(_ id: String?) throws {
        let all = try workspace.rubrics()
        let shown = id.map { id in all.filter { $0.id == id } } ?? all
        guard !shown.isEmpty else {
            throw CLIError("no rubric '\(id ?? "")'; rubrics: \(all.map(\.id).joined(separator: ", "))")
        }
        for rubric in shown {
            output("\(rubric.id) — \(rubric.name) (weight \(formatNumber(rubric.weight)))")
            if id != nil && !rubric.summary.isEmpty { output("  \(rubric.summary)") }
            for criterion in rubric.criteria {
                output("  \(criterion.id): \(criterion.name)" + (id != nil ? " (weight \(formatNumber(criterion.weight)))" : ""))
            }
        }
    }

    func why(_ id: String) throws {
        // The draft's sentences are quoted here: their controls are shown, never sent.
        let say = { (line: String) in self.output(self.wrappedForTerminal(line.visibleControls(singleLine: true))) }
        _ = try requirePitch()
        let card = try workspace.score(draft)
        let rubrics = try workspace.rubrics()
        let matches = card.rubrics.flatMap { rubric in rubric.criteria.filter { $0.id == id || "\(rubric.id)/\($0.id)" == id }.map { (rubric, $0) } }
        guard let (rubric, criterion) = matches.first else {
            let known = card.rubrics.flatMap { $0.criteria.map(\.id) }
            throw CLIError("no criterion '\(id)'; criteria: \(known.joined(separator: ", "))")
        }
        say("\(criterion.name) [\(rubric.id)/\(criterion.id)] \(String(format: "%.2f", criterion.score)) — \(criterion.explanation)")
        say("advice: \(criterion.advice)")
        if let template = criterion.template { say("e.g. “\(template)”") }
        for finding in criterion.findings.prefix(10) {
            let verb = finding.isPenalty ? "costs" : "counts"
            switch finding.source {
            case .phrase:
                say("  line \(finding.span.line):\(finding.span.column) \(verb) (phrase): “\(finding.text)”")
            case .meaning:
                let how = String(format: "by meaning, strength %.2f%@", finding.strength, finding.isFaint ? ", faint" : "")
                say("  line \(finding.span.line):\(finding.span.column) \(verb) (\(how)): “\(finding.text)”")
                if let like = finding.readsLike { say("      reads like: “\(like)”") }
            }
        }
        let more = max(0, criterion.findings.count - 10) + criterion.moreFindings
        if more > 0 { say("  … and \(more) more") }
        if let definition = rubrics.first(where: { $0.id == rubric.id })?.criteria.first(where: { $0.id == criterion.id }) {
            let showing = definition.examples.filter(definition.shows), near = definition.examples.filter { !definition.shows($0) }
            if definition.head != nil {
                say("  learns from \(showing.count) examples that show it and \(near.count) near misses, e.g.:")
            }
            for example in showing.prefix(2) { say("  shows it   : \(example.text)") }
            for example in near.prefix(2) { say("  near miss  : \(example.text)") }
        }
    }

    func save(note: String?) throws {
        let name = try requirePitch()
        if let note { try InputText.requireNoControls(note, what: "the note") }
        guard !draft.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw CLIError("the draft is empty: nothing to save") }
        if let latest = try? workspace.store().version(of: name, number: nil), Self.sameBytes(latest.text, draft) {
            try clearOwnDraft(name)
            output("no change since v\(latest.number): nothing saved")
            return
        }
        let saved = try workspace.saveVersion(pitch: name, text: draft, note: note)
        try clearOwnDraft(name)
        let change = saved.change.map { " (\(VersionViews.delta($0)))" } ?? ""
        output("saved \(name) v\(saved.version.number) — overall \(Int(saved.version.snapshot.overall.rounded()))\(change)")
    }

    func diff(_ args: [String]) throws {
        let name = try requirePitch()
        let store = try workspace.store()
        let numbers = args.compactMap { Int($0.hasPrefix("v") ? String($0.dropFirst()) : $0) }
        // `diff` with an unsaved draft (or `diff draft`) compares the last version with the working draft.
        if (args.isEmpty && hasUnsavedDraft) || args == ["draft"] {
            guard let latest = try? store.version(of: name, number: nil) else {
                output("\(name) has no version yet: 'save' makes the draft v1"); return
            }
            guard !Self.sameBytes(latest.text, draft) else { output("the draft is v\(latest.number) unchanged"); return }
            let card = try workspace.score(draft)
            let working = DraftVersion(pitchID: latest.pitchID, number: latest.number + 1, text: draft, note: nil,
                                       createdAt: Date(), snapshot: ScoreSnapshot(card), messageID: nil)
            output(VersionViews.diffText(pitch: name, old: latest, new: working, newLabel: "draft", color: color))
            return
        }
        let (old, new) = try Workspace.storeCall { () -> (DraftVersion, DraftVersion) in
            let newer = try store.version(of: name, number: numbers.count > 1 ? numbers[1] : nil)
            let older = try store.version(of: name, number: numbers.first ?? max(1, newer.number - 1))
            return (older, newer)
        }
        guard old.number != new.number else {
            output(new.number == 1 ? "\(name) has one version: nothing to compare yet"
                : "v\(new.number) is the latest version: 'diff A B' compares two versions, 'diff' the last two")
            return
        }
        output(VersionViews.diffText(pitch: name, old: old, new: new, color: color))
    }

    func rehearse(_ args: [String]) throws {
        let name = try requirePitch()
        guard !draft.isEmpty else { throw CLIError("the draft is empty: write it first, then rehearse") }
        let rounds = args.compactMap(Int.init).first ?? 3
        let kind = args.first { PromptLibrary.situations.contains($0) }
        let latest = try? workspace.store().version(of: name, number: nil)
        let session = RehearsalSession(workspace: workspace, pitch: name, reader: reader, output: output)
        try session.run(draft: draft, versionNumber: latest?.number, rounds: rounds, kind: kind, asked: &asked)
    }

    /// `export ADDRESS [FROM]`, or the command line's own options: `export @2 --to "Mark <m@x.org>" --cc … --send`.
    func export(_ line: String) throws {
        let name = try requirePitch()
        // Options are read as a shell reads them (quotes and all); the short form `export ADDRESS [FROM]` takes
        // the words as typed, so an address like o'neil@example.com needs no quoting.
        var words = line.split(separator: " ").map(String.init)
        if words.contains(where: { $0.hasPrefix("-") }) || line.contains("\"") {
            do { words = try Sendmail.split(line) } catch { throw CLIError("export: \(error)") }
        }
        var ref = name
        if let first = words.first, first.hasPrefix("@") { ref += words.removeFirst() }
        if !words.isEmpty && !words.contains(where: { $0.hasPrefix("-") }) {
            // An address with a name, quoted or not ("Mark <mark@example.com>"), is one address: the words up
            // to the one that closes its '<…>'.
            let end = words.firstIndex { $0.hasSuffix(">") && words.joined(separator: " ").contains("<") } ?? 0
            let to = words[...end].joined(separator: " "), rest = words[(end + 1)...]
            words = ["--to", to] + (rest.isEmpty ? [] : ["--from", rest.joined(separator: " ")])
        }
        guard !words.isEmpty else { throw CLIError("usage: export [@N] ADDRESS [FROM], or export [@N] --to ADDRESS [--cc …] [--question …] [--send]") }
        let command: ExportCommand
        do { command = try ExportCommand.parse([ref] + words) } catch { throw CLIError(ExportCommand.message(for: error)) }
        output(try MentorExport.run(workspace: workspace, ref: try VersionRef(parsing: ref), to: command.to, from: command.from, cc: command.cc,
                                    questions: command.questions, out: command.out, force: command.force, send: command.send,
                                    format: command.format, timeout: command.timeout))
    }

    /// `feedback REPLY.eml` imports a saved reply; `feedback [N]` takes pasted text for version N (default latest).
    func feedback(_ args: [String]) throws {
        let name = try requirePitch()
        let store = try workspace.store()
        if let path = args.first, Int(path) == nil {
            let data = Data(try InputText.readFile(path, limit: FeedbackImport.maxReplyBytes, what: "saved reply (.eml)"))
            output(try FeedbackImport.attach(data, source: path, store: store, pitch: name))
            return
        }
        let version = try Workspace.storeCall { try store.version(of: name, number: args.first.flatMap(Int.init)) }
        output("Paste your mentor's reply; a line with only '.' ends it, Ctrl-C cancels.")
        var lines: [String] = []
        loop: while true {
            switch reader.readLine(prompt: reader.isInteractive ? "… " : "") {
            case .line(let line): if line == "." { break loop }; lines.append(line)
            case .endOfInput: break loop
            case .interrupted: output("cancelled"); return
            }
        }
        let text = ReplyText.mentorWordsOfPaste(lines.joined(separator: "\n"))
        guard !text.isEmpty else { output("nothing pasted"); return }
        try Workspace.storeCall { try store.addFeedback(pitch: name, versionNumber: version.number, from: "mentor", date: Date(), text: text) }
        output("attached the mentor's feedback to \(name) v\(version.number)")
    }

    // MARK: - Completion

    func complete(line: String, wordStart: Int, word: String) -> [String] {
        let before = line.prefix(wordStart).split(separator: " ").map(String.init)
        guard let command = before.first else { return Self.commands.map(\.name) }
        switch command {
        case "open", "new":
            return (try? workspace.store().pitchNames()) ?? []
        case "show", "restore", "diff", "feedback":
            // One version number (two for diff): no more to offer once they are typed.
            guard before.count < (command == "diff" ? 3 : 2) else { return [] }
            guard let name = pitch, let versions = try? workspace.store().versionSummaries(of: name) else { return [] }
            return versions.map { String($0.number) }
        case "why":
            return ((try? workspace.rubrics()) ?? []).flatMap { $0.criteria.map(\.id) }
        case "help":
            return Self.commands.map(\.name)
        case "prep":
            return PromptLibrary.situations
        case "rubrics":
            return ((try? workspace.rubrics()) ?? []).map(\.id)
        default:
            return []
        }
    }
}

extension ReplyText {
    /// Pasted text may be a whole reply: keep the mentor's own words.
    static func mentorWordsOfPaste(_ text: String) -> String { mentorWords(text) }
}

/// Levenshtein distance, for "did you mean".
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
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
