import ArgumentParser
import Foundation
import PitchCore
import PitchStore

/// `--store PATH`, shared by every command that reads or writes versions.
/// `--rubrics DIR`, for every command that scores.
///
/// The root command takes it too (for the REPL) and, parsing first, consumes it wherever it stands on
/// the line; argument-parser then hands a subcommand the root's decoded option group when it asks for
/// one of the same type. So this is one type, shared, never a second `@Option` of the same name.
struct RubricsFolderOption: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "A folder of rubric .yaml files that extend or override the built-in ones.", valueName: "dir"),
        completion: .directory)
    var rubrics: String?
}

struct StoreOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The SQLite store (default: $PITCHCOACH_STORE, else $XDG_DATA_HOME/pitchcoach/pitchcoach.sqlite).",
            valueName: "path"), completion: .file())
    var store: String?

    @OptionGroup var folder: RubricsFolderOption
    var rubrics: String? { folder.rubrics }

    func workspace() -> Workspace { Workspace(storePath: store, rubricsDirectory: rubrics) }
}

/// `NAME` or `NAME@N`.
struct VersionRef {
    var pitch: String
    var number: Int?
    init(parsing text: String) throws {
        guard let at = text.lastIndex(of: "@") else {
            pitch = text
            number = nil
            return
        }
        pitch = String(text[..<at])
        guard let n = Int(text[text.index(after: at)...]), n > 0 else {
            throw CLIError("'\(text)': after '@' give a version number, e.g. \(pitch)@2")
        }
        number = n
    }
}

/// `--color`, for every command whose output may be coloured (accepted by all that print, so a script may pass
/// it everywhere).
struct ColorOption: ParsableArguments {
    @Option(help: "Colour: auto (on a terminal, unless NO_COLOR is set), always or never.")
    var color: Terminal.ColorChoice = .auto
}

/// A version number as typed: `2` or `v2`.
func versionNumber(_ word: String) -> Int? { Int(word.hasPrefix("v") ? String(word.dropFirst()) : word) }

struct NewCommand: SharedCommand {
    static let configuration = CommandConfiguration(commandName: "new", abstract: "Start a new pitch.")
    static let replUsage = "new NAME [TITLE]"
    @Argument(help: "A short name for the pitch (letters, digits, - _ .), used in every other command.")
    var name: String
    @Option(help: "A title for the pitch (shown in logs and the mentor email subject).")
    var title: String?
    @OptionGroup var options: StoreOptions
    func run() throws { try run(in: .commandLine(options.workspace())) }

    /// `new NAME Words of a title` in the REPL: the words after the name are the title.
    static func replArguments(_ words: [String], pitch: String?) throws -> [String] {
        guard words.count > 1, !words.contains(where: { $0.hasPrefix("-") }) else { return words }
        return [words[0], "--title", words.dropFirst().joined(separator: " ")]
    }

    func run(in context: CommandContext) throws {
        if let title { try InputText.requireNoControls(title, what: "the title") }
        let store = try context.workspace.store()
        let pitch = try Workspace.storeCall { try store.createPitch(name: name, title: title) }
        let untitled = pitch.title.isEmpty || pitch.title == pitch.name
        let titled = untitled ? "" : " — \(VersionViews.singleLine(pitch.title))"
        context.say("created \(pitch.name)\(titled)")
        try context.session?.open(pitch.name)
    }
}

struct ListCommand: SharedCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the pitches in the store.")
    static let replUsage = "list"
    @OptionGroup var colorOption: ColorOption
    @OptionGroup var options: StoreOptions
    func run() throws { try run(in: .commandLine(options.workspace())) }
    static func replArguments(_ words: [String], pitch: String?) throws -> [String] { words }

    func run(in context: CommandContext) throws {
        let store = try context.workspace.store()
        let all = try Workspace.storeCall { try store.pitches() }
        if all.isEmpty {
            context.say("no pitches yet: '\(context.session == nil ? "pitchcoach " : "")new NAME' starts one")
            return
        }
        let width = all.map(\.pitch.name.count).max() ?? 0
        for item in all {
            let score = item.latestOverall.map { "\(Int($0.rounded()))" } ?? "–"
            context.say(
                "\(item.pitch.name.padding(toLength: width, withPad: " ", startingAt: 0))  "
                    + "\(String(item.versionCount).leftPad(3)) versions  latest \(score.leftPad(3))  "
                    + VersionViews.singleLine(item.pitch.title))
        }
    }
}

struct SaveCommand: SharedCommand {
    static let configuration = CommandConfiguration(
        commandName: "save",
        abstract: "Score a draft and save it as the pitch's next version.")
    static let replUsage = "save [NOTE]"
    @Argument(help: "The pitch name.") var name: String
    @Argument(
        help: ArgumentHelp(
            "The draft: a UTF-8 text file, or - for standard input (in the REPL: the working draft).",
            valueName: "file"), completion: .file())
    var file: String
    @Option(name: [.customShort("m"), .customLong("message")], help: "A note for this version (what changed, why).")
    var note: String?
    @OptionGroup var options: StoreOptions
    func run() throws { try run(in: .commandLine(options.workspace())) }

    /// `save [NOTE]` in the REPL: the working draft, the words typed as its note.
    static func replArguments(_ words: [String], pitch: String?) throws -> [String] {
        if words.first?.hasPrefix("-") == true { return [try requirePitch(pitch), "-"] + words }
        return [try requirePitch(pitch), "-"] + (words.isEmpty ? [] : ["-m", words.joined(separator: " ")])
    }

    func run(in context: CommandContext) throws {
        if let note { try InputText.requireNoControls(note, what: "the note") }
        let text = try context.input(file)
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            let what = file == "-" ? (context.session == nil ? "<stdin>" : "the draft") : file
            throw CLIError("\(what) is empty: nothing to save")
        }
        let workspace = context.workspace
        // The same bytes as the latest version make no new version.
        if let latest = try? workspace.store().version(of: name, number: nil), Repl.sameBytes(latest.text, text) {
            try context.session?.clearOwnDraft(name)
            context.say("no change since v\(latest.number): nothing saved")
            return
        }
        let saved = try workspace.saveVersion(pitch: name, text: text, note: note)
        if file == "-" { try context.session?.clearOwnDraft(name) }
        let change = saved.change.map { " (\(VersionViews.delta($0)))" } ?? ""
        let overall = Int(saved.version.snapshot.overall.rounded())
        context.say("saved \(name) v\(saved.version.number) — overall \(overall)\(change)")
    }
}

struct LogCommand: SharedCommand {
    static let configuration = CommandConfiguration(
        commandName: "log", abstract: "Show every version with its scores, the trend, and mentor feedback.")
    static let replUsage = "log"
    @Argument(help: "The pitch name.") var name: String
    @Option(help: "text (for people) or json (schemaVersion 1).") var format: LogFormat = .text
    @OptionGroup var colorOption: ColorOption
    @OptionGroup var options: StoreOptions
    enum LogFormat: String, ExpressibleByArgument, CaseIterable { case text, json }
    func run() throws { try run(in: .commandLine(options.workspace())) }

    func run(in context: CommandContext) throws {
        let store = try context.workspace.store()
        let (pitch, versions, feedback, rehearsals, exports) = try Workspace.storeCall {
            (
                try store.pitch(named: name), try store.versionSummaries(of: name), try store.feedback(of: name),
                try store.rehearsals(of: name), try store.exports(of: name)
            )
        }
        switch format {
        case .json:
            context.say(
                VersionViews.logJSON(pitch: pitch, versions: versions, feedback: feedback, rehearsals: rehearsals))
        case .text:
            context.say(
                VersionViews.logText(
                    pitch: pitch, versions: versions, feedback: feedback, rehearsals: rehearsals,
                    exports: exports, color: context.useColor(colorOption.color)))
        }
    }
}

struct ShowCommand: SharedCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Print a version's text exactly as saved (the latest when no @N).")
    static let replUsage = "show [N]"
    @Argument(help: ArgumentHelp("The pitch, optionally with a version: NAME or NAME@N.", valueName: "name[@n]"))
    var ref: String
    @OptionGroup var colorOption: ColorOption
    @OptionGroup var options: StoreOptions
    func run() throws { try run(in: .commandLine(options.workspace())) }

    /// `show N` in the REPL is version N of the open pitch (`show` alone, the working draft, is the session's).
    static func replArguments(_ words: [String], pitch: String?) throws -> [String] {
        guard let first = words.first, !first.hasPrefix("-") else { return try [requirePitch(pitch)] + words }
        guard let n = versionNumber(first) else { throw CLIError("usage: show [N]") }
        return ["\(try requirePitch(pitch))@\(n)"] + words.dropFirst()
    }

    func run(in context: CommandContext) throws {
        let target = try VersionRef(parsing: ref)
        let store = try context.workspace.store()
        let version = try Workspace.storeCall { try store.version(of: target.pitch, number: target.number) }
        context.userText(version.text)
    }
}

struct DiffCommand: SharedCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Word diff between two versions, with the score change per rubric and criterion.",
        discussion: "Only the changed passages are shown, each with a few words around it; without colour, "
            + "deletions read [-old-] and insertions {+new+}.")
    /// In the REPL `diff 1 2` or `diff v1 v2`; `diff draft`, and `diff` over an unsaved draft, are the session's.
    static let replUsage = "diff [A [B]|draft]"
    @Argument(help: "The pitch name.") var name: String
    @Argument(help: "The older version number (default: the one before the newer).") var from: Int?
    @Argument(help: "The newer version number (default: the latest).") var to: Int?
    @OptionGroup var colorOption: ColorOption
    @OptionGroup var options: StoreOptions
    func run() throws { try run(in: .commandLine(options.workspace())) }

    func run(in context: CommandContext) throws {
        let store = try context.workspace.store()
        let (old, new) = try Workspace.storeCall { () -> (DraftVersion, DraftVersion) in
            let newer = try store.version(of: name, number: to)
            let older = try store.version(of: name, number: from ?? max(1, newer.number - 1))
            return (older, newer)
        }
        guard old.number != new.number else {
            context.say(
                new.number == 1
                    ? "\(name) has one version: nothing to compare yet"
                    : "v\(new.number) is compared with itself: 'diff A B' compares two versions, 'diff' the last two")
            return
        }
        context.say(VersionViews.diffText(pitch: name, old: old, new: new, color: context.useColor(colorOption.color)))
    }
}

struct RestoreCommand: SharedCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore", abstract: "Add a new version whose text is version N's (nothing is overwritten).")
    static let replUsage = "restore N"
    @Argument(help: "The pitch name.") var name: String
    @Argument(help: "The version to bring back.") var number: Int
    @OptionGroup var options: StoreOptions
    func run() throws { try run(in: .commandLine(options.workspace())) }

    func run(in context: CommandContext) throws {
        let store = try context.workspace.store()
        let old = try Workspace.storeCall { try store.version(of: name, number: number) }
        // In the REPL an unsaved draft is kept as a version first, and the restored text becomes the draft.
        try context.session?.keepUnsavedDraft(name, before: "restoring v\(number)")
        let saved = try context.workspace.saveVersion(pitch: name, text: old.text, note: "restored from v\(number)")
        if let session = context.session {
            try session.clearOwnDraft(name)
            session.draft = old.text
        }
        context.say(
            "restored \(name) v\(number) as v\(saved.version.number) — "
                + "overall \(Int(saved.version.snapshot.overall.rounded()))")
    }
}
