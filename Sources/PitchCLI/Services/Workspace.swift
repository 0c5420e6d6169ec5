import Foundation
import PitchCore

/// What every command and the REPL share: the environment, the rubrics, the store, output settings.
/// Everything is loaded on first use, so `pitchcoach score` never opens a database
/// and `pitchcoach list` never parses a rubric.
public final class Workspace {
    public let environment: [String: String]
    public let rubricsDirectory: String?
    public let rubricSelections: [String]
    private var cachedRubrics: [Rubric]?

    public init(environment: [String: String] = ProcessInfo.processInfo.environment,
                rubricsDirectory: String? = nil, rubricSelections: [String] = []) {
        self.environment = environment
        self.rubricsDirectory = rubricsDirectory
        self.rubricSelections = rubricSelections
    }

    public func rubrics() throws -> [Rubric] {
        if let cachedRubrics { return cachedRubrics }
        let catalog = try RubricCatalog(rubricsDirectory: rubricsDirectory, environment: environment)
        let loaded = try catalog.load(selecting: rubricSelections)
        guard !loaded.isEmpty else { throw CLIError("no rubrics found: the built-in set is empty and no folder added any") }
        cachedRubrics = loaded
        return loaded
    }

    public func score(_ text: String) throws -> ScoreCard {
        Scorer.score(text, rubrics: try rubrics())
    }

    public func reportStyle(color: Terminal.ColorChoice, fd: Int32 = STDOUT_FILENO) -> ReportStyle {
        ReportStyle(color: Terminal.useColor(color, fd: fd, environment: environment),
                    width: Terminal.width(environment: environment))
    }

    /// `$XDG_CONFIG_HOME/pitchcoach`, else `$HOME/.config/pitchcoach` (read from the environment:
    /// on Linux Foundation's home lookups ignore `$HOME`).
    public static func configFolder(environment: [String: String]) -> String? {
        if let xdg = environment["XDG_CONFIG_HOME"], !xdg.isEmpty { return xdg + "/pitchcoach" }
        if let home = environment["HOME"], !home.isEmpty { return home + "/.config/pitchcoach" }
        return nil
    }

    /// `$XDG_DATA_HOME/pitchcoach`, else `$HOME/.local/share/pitchcoach`: history lives here.
    public var dataFolder: String {
        if let xdg = environment["XDG_DATA_HOME"], !xdg.isEmpty { return xdg + "/pitchcoach" }
        return (environment["HOME"] ?? "/tmp") + "/.local/share/pitchcoach"
    }
}
