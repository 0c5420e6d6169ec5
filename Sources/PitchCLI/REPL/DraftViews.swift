import Foundation
import PitchCore
import PitchMail
import PitchStore

/// The session's own views of the working draft: `show`, `situation`, `why`, `diff draft`, `discard`, and a pasted
/// mentor's reply.
extension DraftSession {
    /// `show` alone: the working draft (`show N` is the command line's `show NAME@N`).
    func showDraft() throws {
        _ = try requirePitch()
        output(
            draft.isEmpty
                ? "(the draft is empty)" : wrappedForTerminal(draft.withoutFinalNewline.visibleControls()))
    }

    func situation(_ given: String?) throws {
        if let given {
            if given != "auto" { _ = try workspace.score("", situation: given) } // an unknown one is refused here
            situation = given == "auto" ? nil : given
        }
        let card = try workspace.score(draft, situation: situation)
        let open = card.questions.filter { !$0.answered }
        output(
            "situation: \(card.situation ?? "none")\(situation == nil ? " (read from the draft)" : "")"
                + " — \(card.questions.count - open.count) of \(card.questions.count) of the boss's questions answered")
        for question in open { output("  ? \(question.question)") }
    }

    /// `diff` over an unsaved draft, or `diff draft`: the last version against the working draft.
    func diffDraft() throws {
        let name = try requirePitch()
        let store = try workspace.store()
        guard let latest = try? store.version(of: name, number: nil) else {
            output("\(name) has no version yet: 'save' makes the draft v1")
            return
        }
        guard !Repl.sameBytes(latest.text, draft) else {
            output("the draft is v\(latest.number) unchanged")
            return
        }
        let card = try workspace.score(draft)
        let working = DraftVersion(
            pitchID: latest.pitchID, number: latest.number + 1, text: draft, note: nil,
            createdAt: Date(), snapshot: ScoreSnapshot(card), messageID: nil)
        output(
            VersionViews.diffText(pitch: name, old: latest, new: working, newLabel: "draft", color: color)
                .withoutFinalNewline)
    }

    /// `discard`: throws the unsaved draft away, after asking; the draft is the last version again.
    func discard(_ args: [String]) throws {
        let name = try requirePitch()
        let sure = args == ["--yes"] || args == ["-y"]
        guard args.isEmpty || sure else { throw CLIError("usage: discard [--yes]") }
        guard hasUnsavedDraft else {
            output("no unsaved draft to discard")
            return
        }
        let words = draft.split(whereSeparator: \.isWhitespace).count
        guard sure || reader.isInteractive else {
            throw CLIError("discard asks first; from a script, 'discard --yes' throws the unsaved draft away")
        }
        if !sure {
            let question = "Discard the unsaved draft (\(words) words)? It cannot be brought back. [y/N] "
            switch reader.readLine(prompt: question) {
            case .line(let answer)
            where ["y", "yes"].contains(answer.trimmingCharacters(in: .whitespaces).lowercased()):
                break
            default:
                output("kept the unsaved draft")
                return
            }
        }
        let store = try workspace.store()
        try Workspace.storeCall { try store.clearWorkingDraft(pitch: name) }
        revision = nil
        let latest = try? store.version(of: name, number: nil)
        draft = latest?.text ?? ""
        let now = latest.map { "the draft is v\($0.number) again" } ?? "the draft is empty"
        output("discarded the unsaved draft (\(words) word\(words == 1 ? "" : "s")); \(now)")
    }

    var color: Bool { reader.isInteractive && Terminal.useColor(.auto, environment: workspace.environment) }

    func why(_ id: String) throws {
        // The draft's sentences are quoted here: their controls are shown, never sent.
        let say = { (line: String) in self.output(self.wrappedForTerminal(line.visibleControls(singleLine: true))) }
        _ = try requirePitch()
        let card = try workspace.score(draft)
        let rubrics = try workspace.rubrics()
        let matches = card.rubrics.flatMap { rubric in
            rubric.criteria.filter { $0.id == id || "\(rubric.id)/\($0.id)" == id }.map { (rubric, $0) }
        }
        guard let (rubric, criterion) = matches.first else {
            let known = card.rubrics.flatMap { $0.criteria.map(\.id) }
            throw CLIError("no criterion '\(id)'; criteria: \(known.joined(separator: ", "))")
        }
        say(
            """
            \(criterion.name) [\(rubric.id)/\(criterion.id)] \(String(format: "%.2f", criterion.score)) — \
            \(criterion.explanation)
            """
        )
        say("advice: \(criterion.advice)")
        if let template = criterion.template { say("e.g. “\(template)”") }
        for finding in criterion.findings.prefix(10) {
            let verb = finding.isPenalty ? "costs" : "counts"
            switch finding.source {
            case .phrase:
                say("  line \(finding.span.line):\(finding.span.column) \(verb) (phrase): “\(finding.text)”")
            case .meaning:
                let how = String(
                    format: "by meaning, strength %.2f%@", finding.strength, finding.isFaint ? ", faint" : "")
                say("  line \(finding.span.line):\(finding.span.column) \(verb) (\(how)): “\(finding.text)”")
                if let like = finding.readsLike { say("      reads like: “\(like)”") }
            }
        }
        let more = max(0, criterion.findings.count - 10) + criterion.moreFindings
        if more > 0 { say("  … and \(more) more") }
        if let definition = rubrics.first(where: { $0.id == rubric.id })?.criteria.first(where: {
            $0.id == criterion.id
        }) {
            let showing = definition.examples.filter(definition.shows)
            let near = definition.examples.filter { !definition.shows($0) }
            if definition.head != nil {
                say("  learns from \(showing.count) examples that show it and \(near.count) near misses, e.g.:")
            }
            for example in showing.prefix(2) { say("  shows it   : \(example.text)") }
            for example in near.prefix(2) { say("  near miss  : \(example.text)") }
        }
    }

    /// `feedback [N]`: the mentor's reply pasted, for version N (default latest). (`feedback REPLY.eml` is the
    /// command line's `feedback import`.)
    func pasteFeedback(_ args: [String]) throws {
        let name = try requirePitch()
        let store = try workspace.store()
        let version = try Workspace.storeCall { try store.version(of: name, number: args.first.flatMap(Int.init)) }
        output("Paste your mentor's reply; a line with only '.' ends it, Ctrl-C cancels.")
        var lines: [String] = []
        loop: while true {
            switch reader.readLine(prompt: reader.isInteractive ? "… " : "") {
            case .line(let line):
                if line == "." { break loop }
                lines.append(line)
            case .endOfInput: break loop
            case .interrupted:
                output("cancelled")
                return
            }
        }
        let text = ReplyText.mentorWordsOfPaste(lines.joined(separator: "\n"))
        guard !text.isEmpty else {
            output("nothing pasted")
            return
        }
        try Workspace.storeCall {
            try store.addFeedback(pitch: name, versionNumber: version.number, from: "mentor", date: Date(), text: text)
        }
        output("attached the mentor's feedback to \(name) v\(version.number)")
    }
}
