import ArgumentParser
import Foundation
import LineEditing
import PitchCore
import PitchStore

/// `pitchcoach rehearse NAME`: answer the boss's likely objections to the latest version.
struct RehearseCommand: SharedCommand {
    static let configuration = CommandConfiguration(
        commandName: "rehearse",
        abstract:
            "Rehearse the boss's likely objections to a pitch, weakest points first; answers are scored and kept.",
        discussion:
            "Answers are read from the terminal (an empty line ends one) or from stdin (paragraphs separated by "
            + "empty lines; each paragraph answers one round, and a follow-up is announced, not read). The objections "
            + "follow the draft's situation unless --kind names one."
    )
    static let replUsage = "rehearse [N] [SITUATION]"
    @Argument(help: "The pitch name.") var name: String
    @Option(help: "How many objections to rehearse.") var rounds: Int = 3
    @Option(
        help: ArgumentHelp(
            "Only objections for this situation: \(PromptLibrary.allSituations.joined(separator: ", ")) "
                + "(default: the draft's).", valueName: "kind"))
    var kind: String?
    @Option(
        help: "Output: text (for people) or json (per round: objection, answer, score, flags, followUp, modelAnswer).")
    var format: RehearseFormat = .text
    @OptionGroup var colorOption: ColorOption
    @OptionGroup var options: StoreOptions

    enum RehearseFormat: String, CaseIterable, ExpressibleByArgument { case text, json }

    func validate() throws {
        guard (1...50).contains(rounds) else { throw ValidationError("--rounds takes 1 to 50, not \(rounds)") }
        if let kind, !PromptLibrary.allSituations.contains(kind) {
            let known = PromptLibrary.allSituations.joined(separator: ", ")
            throw ValidationError("--kind takes one of \(known), not '\(kind)'")
        }
    }

    func run() throws { try run(in: .commandLine(options.workspace())) }

    /// In the REPL a bare number is the rounds and a bare situation the kind: `rehearse 2 raise`.
    static func replArguments(_ words: [String], pitch: String?) throws -> [String] {
        if words.contains("--help") || words.contains("-h") { return words }
        let sugar = words.flatMap { word -> [String] in
            if Int(word) != nil { return ["--rounds", word] }
            return PromptLibrary.allSituations.contains(word) ? ["--kind", word] : [word]
        }
        let options = words.contains { $0.hasPrefix("-") }
        return [try requirePitch(pitch)] + (options ? words : sugar)
    }

    func run(in context: CommandContext) throws {
        let store = try context.workspace.store()
        let pitch = try Workspace.storeCall { try store.pitch(named: name) }
        // The REPL rehearses its working draft; the command line an unsaved draft, else the latest version.
        let latest = try? store.version(of: name, number: nil)
        let (text, number): (String, Int?)
        if let session = context.session {
            guard !session.draft.isEmpty else { throw CLIError("the draft is empty: write it first, then rehearse") }
            (text, number) = (session.draft, latest?.number)
        } else if let draft = try Workspace.storeCall({ try store.workingDraft(of: name) }), !draft.text.isEmpty {
            (text, number) = (draft.text, nil)
        } else {
            guard let latest else {
                _ = try Workspace.storeCall { try store.version(of: name, number: nil) }
                return
            }
            (text, number) = (latest.text, latest.number)
        }
        var asked = context.session?.asked ?? []
        defer { context.session?.asked = asked }
        let rehearsal = RehearsalSession(
            workspace: context.workspace, pitch: pitch.name, reader: context.reader,
            output: context.output)
        try rehearsal.run(
            draft: text, versionNumber: number, rounds: rounds, kind: kind, asked: &asked,
            json: format == .json)
    }
}
