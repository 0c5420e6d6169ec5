import ArgumentParser
import Foundation
import LineEditing
import PitchCore
import PitchStore

/// `pitchcoach rehearse NAME`: answer the boss's likely objections to the latest version.
struct RehearseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rehearse",
        abstract: "Rehearse the boss's likely objections to a pitch, weakest points first; answers are scored and kept.",
        discussion: "Answers are read from the terminal (an empty line ends one) or from stdin (paragraphs separated by empty lines)."
    )
    @Argument(help: "The pitch name.") var name: String
    @Option(help: "How many objections to rehearse.") var rounds: Int = 3
    @Option(help: ArgumentHelp("Only objections for this situation: lateral, promotion, decline or raise.", valueName: "kind"))
    var kind: String?
    @Option(help: "Output: text (for people) or json (per round: objection, answer, score, flags, followUp, modelAnswer).")
    var format: RehearseFormat = .text
    @OptionGroup var options: StoreOptions

    enum RehearseFormat: String, CaseIterable, ExpressibleByArgument { case text, json }

    func validate() throws {
        guard (1...50).contains(rounds) else { throw ValidationError("--rounds takes 1 to 50, not \(rounds)") }
        if let kind, !PromptLibrary.situations.contains(kind) {
            throw ValidationError("--kind takes one of \(PromptLibrary.situations.joined(separator: ", ")), not '\(kind)'")
        }
    }

    func run() throws {
        let workspace = options.workspace()
        let store = try workspace.store()
        let pitch = try Workspace.storeCall { try store.pitch(named: name) }
        let (text, number) = try Workspace.storeCall { () -> (String, Int?) in
            if let draft = try store.workingDraft(of: name), !draft.text.isEmpty { return (draft.text, nil) }
            let latest = try store.version(of: name, number: nil)
            return (latest.text, latest.number)
        }
        let reader: LineReader = isatty(STDIN_FILENO) == 1 ? ReadlineReader(historyPath: nil) : StdinReader()
        var asked = Set<String>()
        let rehearsal = RehearsalSession(workspace: workspace, pitch: pitch.name, reader: reader, output: { print($0) })
        try rehearsal.run(draft: text, versionNumber: number, rounds: rounds, kind: kind, asked: &asked, json: format == .json)
    }
}
