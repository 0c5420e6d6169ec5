import ArgumentParser
import Foundation
import PitchCore

enum ReportFormat: String, CaseIterable, ExpressibleByArgument {
    case text, json, markdown
}

/// `pitchcoach score FILE|-`: one report, every point traced to a sentence.
struct ScoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Score a draft against the rubrics and say what to fix first.",
        discussion: "Exit 0 when scored, 1 when the overall score is below --fail-under, 2 when the input or a rubric is unreadable."
    )

    @Argument(help: ArgumentHelp("The draft to score: a UTF-8 text file, or - for standard input.", valueName: "file"), completion: .file())
    var file: String

    @Option(name: .customLong("rubric"),
            help: ArgumentHelp("Score with only this rubric: a rubric id (see 'pitchcoach rubrics list') or a path to a .yaml file. Repeat for several.", valueName: "id|path"), completion: .file(extensions: ["yaml", "yml"]))
    var rubric: [String] = []

    @OptionGroup var options: RubricsFolderOption

    @Option(help: "Output format: text (for people), json (stable, schemaVersion 1) or markdown.")
    var format: ReportFormat = .text

    @Option(parsing: .unconditional,
            help: ArgumentHelp("Exit 1 when the overall score, as shown (rounded), is below this: a number from 0 to 100.",
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

    @Option(help: ArgumentHelp("The situation, for the boss's questions: lateral, step-down, promotion, decline, raise, transfer or handover (default: read from the draft).",
                               valueName: "situation"))
    var situation: String?

    func run() throws {
        let workspace = Workspace(rubricsDirectory: options.rubrics, rubricSelections: rubric)
        let text = try InputText.read(path: file)
        let card = try workspace.score(text, situation: situation)
        let name = file == "-" ? "<stdin>" : file
        switch format {
        case .text: print(ReportRenderer.text(card, file: name, style: workspace.reportStyle(color: color)), terminator: "")
        case .json: print(ReportRenderer.json(card))
        case .markdown: print(ReportRenderer.markdown(card, file: name), terminator: "")
        }
        // The score every report shows is rounded: the gate compares that one (86 shown passes --fail-under 86).
        if let failUnder, card.overall.rounded() < failUnder { throw ExitCode(1) }
    }
}
