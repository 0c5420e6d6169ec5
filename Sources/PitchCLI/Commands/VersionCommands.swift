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
    @Option(help: ArgumentHelp("A folder of rubric .yaml files that extend or override the built-in ones.", valueName: "dir"), completion: .directory)
    var rubrics: String?
}

struct StoreOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The SQLite store (default: $PITCHCOACH_STORE, else $XDG_DATA_HOME/pitchcoach/pitchcoach.sqlite).", valueName: "path"), completion: .file())
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
        guard let at = text.lastIndex(of: "@") else { pitch = text; number = nil; return }
        pitch = String(text[..<at])
        guard let n = Int(text[text.index(after: at)...]), n > 0 else {
            throw CLIError("'\(text)': after '@' give a version number, e.g. \(pitch)@2")
        }
        number = n
    }
}

struct NewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "new", abstract: "Start a new pitch.")
    @Argument(help: "A short name for the pitch (letters, digits, - _ .), used in every other command.")
    var name: String
    @Option(help: "A title for the pitch (shown in logs and the mentor email subject).")
    var title: String?
    @OptionGroup var options: StoreOptions
    func run() throws {
        if let title { try InputText.requireNoControls(title, what: "the title") }
        let store = try options.workspace().store()
        let pitch = try Workspace.storeCall { try store.createPitch(name: name, title: title) }
        print("created \(pitch.name)\(pitch.title.isEmpty || pitch.title == pitch.name ? "" : " — \(VersionViews.singleLine(pitch.title))")")
    }
}

struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the pitches in the store.")
    @OptionGroup var options: StoreOptions
    func run() throws {
        let store = try options.workspace().store()
        let all = try Workspace.storeCall { try store.pitches() }
        if all.isEmpty { print("no pitches yet: 'pitchcoach new NAME' starts one"); return }
        let width = all.map(\.pitch.name.count).max() ?? 0
        for item in all {
            let score = item.latestOverall.map { "\(Int($0.rounded()))" } ?? "–"
            print("\(item.pitch.name.padding(toLength: width, withPad: " ", startingAt: 0))  \(String(item.versionCount).leftPad(3)) versions  latest \(score.leftPad(3))  \(VersionViews.singleLine(item.pitch.title))")
        }
    }
}

struct SaveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "save", abstract: "Score a draft and save it as the pitch's next version.")
    @Argument(help: "The pitch name.") var name: String
    @Argument(help: ArgumentHelp("The draft: a UTF-8 text file, or - for standard input.", valueName: "file"), completion: .file())
    var file: String
    @Option(name: [.customShort("m"), .customLong("message")], help: "A note for this version (what changed, why).")
    var note: String?
    @OptionGroup var options: StoreOptions
    func run() throws {
        let workspace = options.workspace()
        if let note { try InputText.requireNoControls(note, what: "the note") }
        let text = try InputText.read(path: file)
        // As in the REPL: the same bytes as the latest version make no new version.
        if let latest = try? workspace.store().version(of: name, number: nil), Repl.sameBytes(latest.text, text) {
            print("no change since v\(latest.number): nothing saved")
            return
        }
        let saved = try workspace.saveVersion(pitch: name, text: text, note: note)
        let change = saved.change.map { " (\(VersionViews.delta($0)))" } ?? ""
        print("saved \(name) v\(saved.version.number) — overall \(Int(saved.version.snapshot.overall.rounded()))\(change)")
    }
}

struct LogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "log", abstract: "Show every version with its scores, the trend, and mentor feedback.")
    @Argument(help: "The pitch name.") var name: String
    @Option(help: "text (for people) or json (schemaVersion 1).") var format: LogFormat = .text
    @Option(help: "Colour: auto, always or never.") var color: Terminal.ColorChoice = .auto
    @OptionGroup var options: StoreOptions
    enum LogFormat: String, ExpressibleByArgument, CaseIterable { case text, json }
    func run() throws {
        let workspace = options.workspace()
        let store = try workspace.store()
        let (pitch, versions, feedback, rehearsals, exports) = try Workspace.storeCall {
            (try store.pitch(named: name), try store.versionSummaries(of: name), try store.feedback(of: name), try store.rehearsals(of: name),
             try store.exports(of: name))
        }
        switch format {
        case .json: print(VersionViews.logJSON(pitch: pitch, versions: versions, feedback: feedback, rehearsals: rehearsals))
        case .text:
            let useColor = Terminal.useColor(color, environment: workspace.environment)
            print(VersionViews.logText(pitch: pitch, versions: versions, feedback: feedback, rehearsals: rehearsals, exports: exports, color: useColor), terminator: "")
        }
    }
}

struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Print a version's text exactly as saved (the latest when no @N).")
    @Argument(help: ArgumentHelp("The pitch, optionally with a version: NAME or NAME@N.", valueName: "name[@n]"))
    var ref: String
    @OptionGroup var options: StoreOptions
    func run() throws {
        let target = try VersionRef(parsing: ref)
        let store = try options.workspace().store()
        let version = try Workspace.storeCall { try store.version(of: target.pitch, number: target.number) }
        FileHandle.standardOutput.write(Data(version.text.utf8))
    }
}

struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "diff", abstract: "Word-level diff between two versions, with the score change per rubric and criterion.")
    @Argument(help: "The pitch name.") var name: String
    @Argument(help: "The older version number (default: the one before the latest).") var from: Int?
    @Argument(help: "The newer version number (default: the latest).") var to: Int?
    @Option(help: "Colour: auto, always or never.") var color: Terminal.ColorChoice = .auto
    @OptionGroup var options: StoreOptions
    func run() throws {
        let workspace = options.workspace()
        let store = try workspace.store()
        let (old, new) = try Workspace.storeCall { () -> (DraftVersion, DraftVersion) in
            let latest = try store.version(of: name, number: to)
            let older = try store.version(of: name, number: from ?? max(1, latest.number - 1))
            return (older, latest)
        }
        let useColor = Terminal.useColor(color, environment: workspace.environment)
        print(VersionViews.diffText(pitch: name, old: old, new: new, color: useColor), terminator: "")
    }
}

struct RestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "restore", abstract: "Add a new version whose text is version N's (nothing is overwritten).")
    @Argument(help: "The pitch name.") var name: String
    @Argument(help: "The version to bring back.") var number: Int
    @OptionGroup var options: StoreOptions
    func run() throws {
        let workspace = options.workspace()
        let store = try workspace.store()
        let old = try Workspace.storeCall { try store.version(of: name, number: number) }
        let saved = try workspace.saveVersion(pitch: name, text: old.text, note: "restored from v\(number)")
        print("restored \(name) v\(number) as v\(saved.version.number) — overall \(Int(saved.version.snapshot.overall.rounded()))")
    }
}
