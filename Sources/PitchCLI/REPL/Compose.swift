import Foundation
import PitchCore
import PitchStore

/// Composing the draft: `write`, `edit`, `prep`, `outline`.
extension DraftSession {
    func write(append: Bool) throws {
        let name = try requirePitch()
        // Compose reads its lines up to '.' whatever happens to the saving: a store that refuses a write must
        // not turn the rest of the draft into commands. The first failure stops the saving and is said at the end.
        var failure: Error?
        // A new compose replaces the draft: an unsaved one is kept as a version first, never lost unseen.
        if !append { do { try keepUnsavedDraft(name, before: "a new 'write'") } catch { failure = error } }
        let before = currentScore()
        let original = draft
        let originalRevision = revision
        var text = append ? draft : ""
        // Scalars, not Characters: "\r\n" is one Character, and does not end with "\n".
        if append && !text.isEmpty && text.unicodeScalars.last != "\n" { text += "\n" }
        var lines = 0
        var tooLong = false
        /// Puts the draft back as it was before this compose, in the store too: a compose that wrote
        /// nothing new must not leave a working draft behind where there was none.
        func putBack() throws {
            guard let name = pitch, lines > 0, failure == nil else {
                draft = original
                return
            }
            if originalRevision == nil {
                try clearOwnDraft(name)
                draft = original
            } else {
                try setDraft(original)
            }
        }
        if reader.isInteractive { output("Type the draft; a line with only '.' ends it (Ctrl-D too), Ctrl-C cancels.") }
        loop: while true {
            switch reader.readLine(prompt: reader.isInteractive ? "… " : "") {
            case .line(let line):
                if line == "." { break loop }
                // A draft is at most what `save FILE` reads: past it, lines are read to the '.' and left out.
                if tooLong || text.utf8.count + line.utf8.count >= InputText.sizeLimit {
                    tooLong = true
                    continue
                }
                // What `save FILE` refuses is not kept from a typed or pasted line either (an escape
                // sequence from a copied web page); say so, keep the rest.
                let (clean, removed) = line.removingControls()
                if removed > 0 {
                    output("note: \(removed) control character\(removed == 1 ? "" : "s") left out of that line")
                }
                text += clean + "\n"
                lines += 1
                guard failure == nil else {
                    draft = text
                    continue
                }
                do { try setDraft(text) } catch {
                    failure = error
                    draft = text
                } // each line in the store before the next
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
            output(
                """
                note: the draft reached the \(InputText.sizeLimit / 1024 / 1024) MB limit; the lines after it were \
                left out
                """
            )
        }
        if lines == 0 {
            try putBack()
            output("nothing typed; the draft is unchanged")
            return
        }
        try reportChange(from: before)
    }

    func edit() throws {
        _ = try requirePitch()
        let before = currentScore()
        let editor = ["VISUAL", "EDITOR"].compactMap { workspace.environment[$0] }.first { !$0.isEmpty } ?? "vi"
        let file = FileManager.default.temporaryDirectory.appendingPathComponent(
            "pitchcoach-\(getpid())-\(UUID().uuidString.prefix(8)).txt")
        // Readable by its owner alone, as the store is: the draft is private.
        guard
            FileManager.default.createFile(
                atPath: file.path, contents: Data(draft.utf8), attributes: [.posixPermissions: 0o600])
        else { throw CLIError("\(file.path): cannot write the draft for the editor") }
        defer { try? FileManager.default.removeItem(at: file) }
        // The editor setting may hold arguments ("code -w"); the file name is passed as $1, never spliced in.
        let status = try ForegroundProgram.run(shellCommand: "\(editor) \"$1\"", arguments: [file.path])
        guard status == 0 else { throw CLIError("\(editor) exited \(status); the draft is unchanged") }
        let text = try InputText.decode([UInt8](try Data(contentsOf: file)), name: file.lastPathComponent)
        guard text != draft else {
            output("no change")
            return
        }
        try setDraft(text)
        try reportChange(from: before)
    }

    func prep(situation given: String?) throws {
        let name = try requirePitch()
        let store = try workspace.store()
        let library = try workspace.prompts()
        var answers = Dictionary(
            uniqueKeysWithValues: try Workspace.storeCall { try store.prepAnswers(of: name) }.map {
                ($0.questionID, $0.answer)
            })
        // `prep N` revises one answer; `prep SITUATION` (or nothing) walks them all.
        let only = given.flatMap { Int($0) }
        let situation = (only == nil ? given : nil) ?? answers["situation"] ?? "lateral"
        guard PromptLibrary.situations.contains(situation) else {
            throw CLIError("prep takes one of \(PromptLibrary.situations.joined(separator: ", ")), not '\(situation)'")
        }
        try Workspace.storeCall {
            try store.setPrepAnswer(pitch: name, questionID: "situation", question: "Situation", answer: situation)
        }
        let questions = library.questions(for: situation)
        if let only, !(1...max(1, questions.count)).contains(only) || questions.isEmpty {
            throw CLIError("prep N takes a question number from 1 to \(questions.count)")
        }
        // Plain `prep` resumes at the first unanswered question (all answered: it walks them all again).
        let unanswered = questions.firstIndex { (answers[$0.id] ?? "").isEmpty } ?? 0
        let start = given == nil ? unanswered : 0
        if only == nil {
            output(
                "Prep for a \(situation) pitch: \(questions.count) questions. Enter keeps an answer, '-' clears it, "
                    + "Ctrl-C stops; 'prep N' revises one later.")
            if start > 0 {
                output("Resuming at question \(start + 1): the first \(start) are answered ('prep 1' revisits them).")
            }
        }
        for (i, question) in questions.enumerated() where only == nil ? i >= start : only == i + 1 {
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
                try Workspace.storeCall {
                    try store.setPrepAnswer(
                        pitch: name, questionID: question.id, question: question.text, answer: value)
                }
            }
        }
        output(
            only == nil
                ? "\nprep done: 'outline' turns the answers into a first draft"
                : "saved; 'outline' redrafts from the answers")
    }

    func outline() throws {
        let name = try requirePitch()
        let store = try workspace.store()
        let answers = Dictionary(
            uniqueKeysWithValues: try Workspace.storeCall { try store.prepAnswers(of: name) }.map {
                ($0.questionID, $0.answer)
            })
        guard answers.contains(where: { $0.key != "situation" && !$0.value.isEmpty }) else {
            throw CLIError("no prep answers yet: 'prep' first")
        }
        let before = currentScore()
        let outline = Outline.draft(answers: answers, library: try workspace.prompts())
        // A line for each question the boss will ask that the outline leaves open, in the prep's situation.
        let situation = answers["situation"].flatMap { answer in
            (try? workspace.questionBook())??.situations.criteria.map(\.id).first {
                $0 == answer.trimmingCharacters(in: .whitespaces)
            }
        }
        let open = try workspace.score(outline, situation: situation).questions.filter { !$0.answered }
        try keepUnsavedDraft(name, before: "the outline")
        try setDraft(outline)
        output(wrappedForTerminal(draft.withoutFinalNewline))
        try reportChange(from: before)
        // Reminders beside the draft, never in it: they would be scored, and sent.
        if !open.isEmpty {
            output("Your boss will ask (not in the draft yet — answer them in it):")
            for question in open { output(wrappedForTerminal("  ? \(question.question)")) }
        }
    }
}
