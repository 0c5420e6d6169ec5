import Foundation
import LineEditing
import PitchCore
import PitchStore

/// What is truly the REPL's own: the open pitch and its working draft. Every change to the draft is written to
/// the store at once (each line of `write`, every `edit` and `outline`), so a kill or a closed terminal loses at
/// most the line being typed; an unsaved draft is never replaced unseen (it is kept as a version first).
public final class DraftSession {
    let workspace: Workspace
    let reader: LineReader
    let output: (String) -> Void

    /// The open pitch, its working draft and the draft revision this session last wrote or read.
    var pitch: String?
    var draft = ""
    /// Set by `situation ID`: the situation the boss's questions follow (nil: read from the draft).
    var situation: String?
    var revision: Int?
    /// The objections already rehearsed in this session.
    var asked = Set<String>()

    init(workspace: Workspace, reader: LineReader, output: @escaping (String) -> Void) {
        self.workspace = workspace
        self.reader = reader
        self.output = output
    }

    func requirePitch() throws -> String {
        guard let pitch else { throw CLIError("no pitch open: 'new NAME' or 'open NAME' first ('list' shows them)") }
        return pitch
    }

    /// The working draft differs from the last version (or there is no version yet).
    var hasUnsavedDraft: Bool {
        guard let pitch, !draft.isEmpty else { return false }
        guard let latest = try? workspace.store().version(of: pitch, number: nil) else { return true }
        return !Repl.sameBytes(latest.text, draft)
    }

    /// Leaving never asks: the unsaved draft is already in the store. Say so, once.
    func noteUnsavedDraft() {
        guard let pitch, revision != nil, !draft.isEmpty else { return }
        output("the unsaved draft of \(pitch) is kept; 'open \(pitch)' brings it back, 'save' makes it a version")
    }

    /// Text for the terminal with its long lines wrapped at word boundaries (the terminal itself would break
    /// them mid-word); each line keeps its own indent. Piped output is left as it is.
    func wrappedForTerminal(_ text: String) -> String {
        guard reader.isInteractive else { return text }
        let width = Terminal.width(environment: workspace.environment)
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            guard ReportRenderer.displayWidth(line) > width else { return String(line) }
            let indent = String(line.prefix { $0 == " " })
            return ReportRenderer.wrap(String(line.dropFirst(indent.count)), indent: indent, width: width)
                .withoutFinalNewline
        }.joined(separator: "\n")
    }

    /// Where the last pitch opened is remembered, with the store it is in: `$XDG_DATA_HOME/pitchcoach/last-pitch`.
    var lastPitchFile: String { workspace.dataFolder + "/last-pitch" }

    /// On a terminal the REPL starts where the user left: the last pitch opened in this store.
    func reopenLastPitch() {
        guard let saved = FileManager.default.contents(atPath: lastPitchFile) else { return }
        let fields = String(decoding: saved, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        guard fields.count >= 2, String(fields[0]) == workspace.storePath,
            (try? workspace.store().pitchNames())?.contains(String(fields[1])) == true
        else { return }
        try? open(String(fields[1]))
    }

    func open(_ name: String) throws {
        let store = try workspace.store()
        _ = try Workspace.storeCall { try store.pitch(named: name) }
        pitch = name
        if (try? workspace.makeDataFolder()) != nil {
            _ = FileManager.default.createFile(
                atPath: lastPitchFile, contents: Data("\(workspace.storePath)\n\(name)\n".utf8),
                attributes: [.posixPermissions: 0o600])
        }
        asked = []
        if let working = try Workspace.storeCall({ try store.workingDraft(of: name) }) {
            draft = working.text
            revision = working.revision
            output(
                """
                opened \(name) — recovered an unsaved draft (\(draft.split(whereSeparator: \.isWhitespace).count) \
                words, \(draft.utf8.count) bytes); 'show' to see it, 'save' to keep it
                """
            )
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
                if let theirs, !Repl.sameBytes(theirs.text, text),
                    !theirs.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
                {
                    let kept = try workspace.saveVersion(
                        pitch: name, text: theirs.text,
                        note: "kept: another session's unsaved draft, replaced by this session's")
                    output(
                        """
                        warning: another session changed the unsaved draft of \(name); its text is kept as \
                        v\(kept.version.number), and this session's text is the working draft now
                        """)
                }
                revision = theirs?.revision // try again against what is there now
            } catch let error as StoreError {
                throw CLIError(error.description)
            }
        }
    }

    /// Before the draft is replaced by a version's text (`restore`), an unsaved change is kept as a version.
    func keepUnsavedDraft(_ name: String, before what: String) throws {
        guard revision != nil, !draft.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return }
        let latest = try? workspace.store().version(of: name, number: nil)
        guard !Repl.sameBytes(latest?.text ?? "", draft) else { return }
        let kept = try workspace.saveVersion(pitch: name, text: draft, note: "kept: the unsaved draft, before \(what)")
        output("the unsaved draft is kept as v\(kept.version.number)")
    }

    /// After a save or restore the unsaved draft is a version: drop it, unless it is no longer ours
    /// (another session wrote since), which is kept and reported.
    func clearOwnDraft(_ name: String) throws {
        defer { revision = nil }
        guard let revision else { return } // this session never wrote one: any draft there is another's
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
}
