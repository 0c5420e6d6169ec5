import Foundation
import PitchCore
import PitchResources
import PitchStore

/// What every command and the REPL share: the environment, the rubrics, the store, output settings.
/// Everything is loaded on first use, so `pitchcoach score` never opens a database
/// and `pitchcoach list` never parses a rubric.
public final class Workspace {
    public let environment: [String: String]
    public let rubricsDirectory: String?
    public let rubricSelections: [String]
    /// `--store PATH`; otherwise `PITCHCOACH_STORE`, then the XDG data folder.
    public let storePathOverride: String?
    private var cachedRubrics: [Rubric]?
    private var cachedStore: PitchStore?
    private var cachedPrompts: PromptLibrary?
    private var cachedQuestions: QuestionBook?

    public init(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        storePath: String? = nil, rubricsDirectory: String? = nil, rubricSelections: [String] = []
    ) {
        self.environment = environment
        self.storePathOverride = storePath
        self.rubricsDirectory = rubricsDirectory
        self.rubricSelections = rubricSelections
    }

    public func rubrics() throws -> [Rubric] {
        if let cachedRubrics { return cachedRubrics }
        let loaded = try RubricFolders.load(
            selecting: rubricSelections, rubricsDirectory: rubricsDirectory, environment: environment)
        guard !loaded.isEmpty else {
            throw CLIError("no rubrics found: the built-in set is empty and no folder added any")
        }
        cachedRubrics = loaded
        return loaded
    }

    public var storePath: String { storePathOverride ?? PitchStore.defaultPath(environment: environment) }

    /// Opened on first use; store errors become one-line CLI errors.
    public func store() throws -> PitchStore {
        if let cachedStore { return cachedStore }
        let opened = try Self.storeCall { try PitchStore(path: storePath) }
        cachedStore = opened
        return opened
    }

    /// Runs a store operation, turning `StoreError` into a `CLIError` (exit 2) with its one-line reason.
    @discardableResult
    public static func storeCall<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as StoreError { throw CLIError(error.description) }
    }

    /// Scores `text` and saves it as the next version of `pitch`; returns it with the change in overall score.
    public func saveVersion(pitch: String, text: String, note: String?) throws -> (
        version: DraftVersion, change: Double?
    ) {
        let card = try score(text)
        let store = try store()
        return try Self.storeCall {
            let version = try store.saveVersion(pitch: pitch, text: text, note: note, snapshot: ScoreSnapshot(card))
            // The version just before this one, read after the save: versions are never rewritten, so this
            // is right even when other processes save at the same moment (reading "the latest" first was not).
            let previous = version.number > 1 ? try store.version(of: pitch, number: version.number - 1) : nil
            return (
                version, previous.map { VersionViews.change(from: $0.snapshot.overall, to: version.snapshot.overall) }
            )
        }
    }

    /// The built-in `Prompts/` (prep questions, outline, objections).
    public func prompts() throws -> PromptLibrary {
        if let cachedPrompts { return cachedPrompts }
        do {
            let library = try PromptLibrary.load(
                files: EmbeddedFiles.prompts.map { (name: "Prompts/\($0.name)", text: $0.text) })
            cachedPrompts = library
            return library
        } catch let error as LocatedError { throw CLIError(error.description) }
    }

    /// The boss's questions (`Prompts/boss-questions.yaml`), as the build compiled and trained them; parsed and
    /// trained here only if that copy is missing or stale.
    public func questionBook() throws -> QuestionBook? {
        if let cachedQuestions { return cachedQuestions }
        let book: QuestionBook?
        do { book = try QuestionBook.embedded(trainedWith: rubrics) } catch let error as LocatedError {
            throw CLIError(error.description)
        }
        cachedQuestions = book
        return book
    }

    /// Scores a draft on the rubrics and reads the boss's questions in its situation (inferred unless given).
    public func score(_ text: String, situation: String? = nil) throws -> ScoreCard {
        guard let book = try questionBook() else { return Scorer.score(text, rubrics: try rubrics()) }
        if let situation, !book.situations.criteria.contains(where: { $0.id == situation }) {
            throw CLIError(
                """
                unknown situation '\(situation)' (known: \(book.situations.criteria.map(\.id).joined(separator: ", ")))
                """
            )
        }
        return Scorer.score(text, rubrics: try rubrics(), questions: book, situation: situation)
    }

    public func reportStyle(color: Terminal.ColorChoice, fd: Int32 = STDOUT_FILENO) -> ReportStyle {
        ReportStyle(
            color: Terminal.useColor(color, fd: fd, environment: environment),
            width: Terminal.width(environment: environment))
    }

    /// `$XDG_CONFIG_HOME/pitchcoach`, else `$HOME/.config/pitchcoach` (read from the environment:
    /// on Linux Foundation's home lookups ignore `$HOME`).
    public static func configFolder(environment: [String: String]) -> String? {
        if let xdg = environment["XDG_CONFIG_HOME"], !xdg.isEmpty { return xdg + "/pitchcoach" }
        if let home = environment["HOME"], !home.isEmpty { return home + "/.config/pitchcoach" }
        return nil
    }

    /// Makes the data folder if it is missing, private (0700) whichever command makes it first.
    public func makeDataFolder() throws {
        try FileManager.default.createDirectory(
            atPath: dataFolder, withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o700])
    }

    /// The store's own data folder (`PitchStore.dataFolder`): the REPL history and the last pitch opened live
    /// beside the default store, whatever the environment says.
    public var dataFolder: String { PitchStore.dataFolder(environment: environment) }

    /// The REPL's line history.
    public var historyPath: String { dataFolder + "/history" }
}
