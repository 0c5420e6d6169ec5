import ArgumentParser
import Foundation
import PitchCore

enum ReportFormat: String, CaseIterable, ExpressibleByArgument {
    case text, json, markdown
}

/// `pitchcoach score FILE|-`: one report, every point traced to a sentence.
struct ScoreCommand: SharedCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Score a draft against the rubrics and say what to fix first.",
        discussion:
            """
            Exit 0 when scored, 1 when the overall score is below --fail-under, 2 when the input or a rubric is \
            unreadable.
            """
    )

    static let replUsage = "score [--full]"
    @Argument(
        help: ArgumentHelp(
            "The draft to score: a UTF-8 text file, or - for standard input (in the REPL: the working draft).",
            valueName: "file"), completion: .file())
    var file: String

    @Option(
        name: .customLong("rubric"),
        help: ArgumentHelp(
            """
            Score with only this rubric: a rubric id (see 'pitchcoach rubrics list') or a path to a .yaml file. Repeat \
            for several.
            """,
            valueName: "id|path"), completion: .file(extensions: ["yaml", "yml"]))
    var rubric: [String] = []

    @OptionGroup var options: RubricsFolderOption

    @Option(help: "Output format: text (for people), json (stable, schemaVersion 1) or markdown.")
    var format: ReportFormat = .text

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp(
            "Exit 1 when the overall score, as shown (rounded), is below this: a number from 0 to 100.",
            valueName: "n"))
    var failUnder: Double?

    func validate() throws {
        // A gate that could never fail (nan) or never pass (above 100) is no gate: refused, not silently run.
        if let failUnder, !(failUnder >= 0 && failUnder <= 100) {
            throw ValidationError("--fail-under takes a score from 0 to 100, not \(failUnder)")
        }
    }

    @Option(help: "Colour: auto (on a terminal, unless NO_COLOR is set), always or never.")
    var color: Terminal.ColorChoice = .auto

    @Option(
        help: ArgumentHelp(
            """
            The situation, for the boss's questions: lateral, step-down, promotion, decline, raise, transfer or \
            handover (default: read from the draft).
            """,
            valueName: "situation"))
    var situation: String?

    /// How much of the report: `--brief` (score, band, top fixes, open questions) or `--full`. The command line
    /// prints it in full, the REPL briefly, unless told.
    enum Length: String, EnumerableFlag {
        case brief, full
        static func help(for value: Length) -> ArgumentHelp? {
            value == .brief
                ? "Only the score, the band, the top fixes and the open questions (the REPL's default)."
                : "Every rubric and criterion with its evidence (the command line's default)."
        }
    }
    @Flag var length: Length?

    func run() throws {
        try run(in: .commandLine(Workspace(rubricsDirectory: options.rubrics, rubricSelections: rubric)))
    }

    /// `score` in the REPL scores the working draft, in the situation the session follows.
    static func replArguments(_ words: [String], pitch: String?) throws -> [String] {
        if words.contains("--help") || words.contains("-h") { return words }
        _ = try requirePitch(pitch)
        return ["-"] + words
    }

    func run(in context: CommandContext) throws {
        var workspace = context.workspace
        if context.session != nil && (!rubric.isEmpty || options.rubrics != nil) {
            workspace = Workspace(
                environment: workspace.environment,
                rubricsDirectory: options.rubrics ?? workspace.rubricsDirectory, rubricSelections: rubric)
        }
        let text = try context.input(file)
        let card = try workspace.score(text, situation: situation ?? context.session?.situation)
        let name = context.session?.pitch ?? (file == "-" ? "<stdin>" : file)
        let brief = (length ?? (context.session == nil ? .full : .brief)) == .brief
        switch format {
        case .text:
            var style = workspace.reportStyle(color: context.useColor(color) ? .always : .never)
            style.brief = brief
            context.say(ReportRenderer.text(card, file: name, style: style))
        case .json: context.say(ReportRenderer.json(card))
        case .markdown: context.say(ReportRenderer.markdown(card, file: name))
        }
        // The score every report shows is rounded: the gate compares that one (86 shown passes --fail-under 86).
        if let failUnder, card.overall.rounded() < failUnder {
            let shown = Int(card.overall.rounded())
            throw CLIError(
                "\(name): overall \(shown) is below --fail-under \(NumberText.short(failUnder))", exitCode: 1)
        }
    }
}
